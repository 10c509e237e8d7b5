/* rules: loading a rule set in two phases.  Phase 1 reads each YAML file
 * (following include:) and parses every formula; phase 2 builds the name
 * tables, binds every formula name, checks quantities for cycles and checks
 * that grading covers every combination exactly once.  Nothing is computed
 * for a province here. */
#include "engine/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rules_load.h"

/* ------------------------------------------------------------ load */

static void check_required(loader *L)
{
    as_ruleset *r = L->r;
    as_loc top = as_loc_make(r->path, 0, 0);
    if (!L->have_ruleset)
        as_diags_add(L->d, top, "missing 'ruleset' (id, titles, years, base_year, source)");
    else if (r->base_year && r->year_from && r->base_year > r->year_from)
        as_diags_add(L->d, top, "base year %d is after the first assessment year %d", r->base_year,
                     r->year_from);
    if (!L->have_grading)
        as_diags_add(L->d, top, "missing 'grading'");
    if (!r->nprovinces)
        as_diags_add(L->d, top, "no provinces are defined");
    if (!r->nindicators)
        as_diags_add(L->d, top, "no indicators are defined");
    for (size_t i = 0; i < r->nindicators; i++) {
        if (r->indicators[i].kind == AS_KIND_CONTROL)
            r->ncontrol++;
        else
            r->nsupport++;
    }
}

static void make_grade_table(as_ruleset *r);

int as_rules_load(const char *path, as_ruleset **out, as_diags *d)
{
    *out = NULL;
    as_ruleset *r = calloc(1, sizeof *r);
    if (!r || !(r->arena = as_arena_new(0))) {
        free(r);
        as_diags_add(d, as_loc_make(path, 0, 0), "out of memory");
        return -1;
    }
    as_strmap_init(&r->province_map);
    as_strmap_init(&r->input_map);
    as_strmap_init(&r->target_map);
    r->path = as_arena_strdup(r->arena, path);
    loader L = {.r = r, .d = d};
    size_t before = as_diags_count(d);
    as_rload_load_file(&L, r->path, as_loc_make(NULL, 0, 0));
    if (!L.unreadable) { /* bind even after field errors, to report every problem */
        r->min_year_read = r->base_year;
        binder B = {.L = &L};
        as_strmap_init(&B.names);
        check_required(&L);
        as_rload_build_maps(&B);
        as_rload_build_sections(&L);
        as_rload_bind_all(&B);
        as_rload_resolve_uncertainty(&B);
        as_strmap_release(&B.names);
        as_rload_resolve_plans(&L);
        as_rload_resolve_exemptions(&L);
        as_rload_resolve_plausibility(&L);
        as_rload_resolve_judgements(&L);
    }
    if (as_diags_count(d) == before) {
        as_rload_check_cycles(&L);
        as_rload_check_coverage(&L);
    }
    if (as_diags_count(d) != before) {
        as_rules_free(r);
        return -1;
    }
    make_grade_table(r);
    *out = r;
    return 0;
}

void as_rules_free(as_ruleset *r)
{
    if (!r)
        return;
    as_strmap_release(&r->province_map);
    as_strmap_release(&r->input_map);
    as_strmap_release(&r->target_map);
    as_arena_free(r->arena);
    free(r);
}

const char *as_input_unit_text(const as_input *in, bool zh_first, char *buf, size_t n)
{
    if (!in->unit_zh || !strcmp(in->unit_zh, in->unit))
        return in->unit;
    /* "unit (单位)" or "单位（unit）", put together without printf: it is asked for every
     * figure read */
    const char *first = zh_first ? in->unit_zh : in->unit,
               *second = zh_first ? in->unit : in->unit_zh;
    const char *open = zh_first ? "（" : " (", *close = zh_first ? "）" : ")";
    size_t a = strlen(first), b = strlen(second), o = strlen(open), c = strlen(close);
    if (a + o + b + c + 1 > n) {
        snprintf(buf, n, "%s%s%s%s", first, open, second, close);
        return buf;
    }
    memcpy(buf, first, a);
    memcpy(buf + a, open, o);
    memcpy(buf + a + o, second, b);
    memcpy(buf + a + o + b, close, c + 1);
    return buf;
}

int as_rules_province(const as_ruleset *r, const char *code, size_t *idx)
{
    return as_strmap_get(&r->province_map, code, idx);
}

int as_rules_input(const as_ruleset *r, const char *id, size_t *idx)
{
    return as_strmap_get(&r->input_map, id, idx);
}

int as_rules_target(const as_ruleset *r, const char *id, size_t *idx)
{
    return as_strmap_get(&r->target_map, id, idx);
}

/* The grade of every combination the coverage check proved has one, so that
 * grading a province costs a lookup instead of evaluating the conditions. */
static void make_grade_table(as_ruleset *r)
{
    size_t nc = r->ncontrol + 1, ns = r->nsupport + 1;
    const as_grade_def **t = as_arena_alloc(r->arena, 2 * nc * ns * sizeof *t);
    if (!t)
        return; /* as_rules_grade evaluates the conditions instead */
    for (size_t f = 0; f < 2; f++)
        for (size_t c = 0; c < nc; c++)
            for (size_t sm = 0; sm < ns; sm++)
                t[(f * nc + c) * ns + sm] = as_rules_grade(r, (int)c, (int)sm, f == 1);
    r->grade_table = t;
}

const as_grade_def *as_rules_grade(const as_ruleset *r, int control_missed, int support_missed,
                                   bool fraud)
{
    if (r->grade_table && control_missed >= 0 && (size_t)control_missed <= r->ncontrol &&
        support_missed >= 0 && (size_t)support_missed <= r->nsupport) {
        size_t nc = r->ncontrol + 1, ns = r->nsupport + 1;
        return r->grade_table[((fraud ? 1 : 0) * nc + (size_t)control_missed) * ns +
                              (size_t)support_missed];
    }
    grade_case gc = {control_missed, support_missed, fraud};
    for (size_t i = 0; i < r->ngrades; i++)
        if (as_rload_grade_applies(&r->grades[i], &gc, NULL, NULL) == 1)
            return &r->grades[i];
    return NULL;
}

const as_param_value *as_rules_param_value(const as_param *p, int year)
{
    for (size_t i = 0; i < p->nvalues; i++)
        if (year >= p->values[i].from && year <= p->values[i].to)
            return &p->values[i];
    return NULL;
}

as_loc as_formula_loc(const as_formula *f, size_t off)
{
    as_loc l = f->loc;
    if (f->exact_cols)
        l.col += (int)off;
    return l;
}

const char *as_kind_name(as_kind k)
{
    return k == AS_KIND_CONTROL ? "control" : "support";
}

const char *as_cmp_text(as_cmp c)
{
    static const char *const t[] = {"<=", "<", ">=", ">", "=="};
    return t[c];
}

const char *as_plaus_kind_name(as_plaus_kind k)
{
    static const char *const names[] = {"require", "change", "unit_slip"};
    return names[k];
}

const char *as_judgement_name(as_judgement j)
{
    return j == AS_JUDGE_FULL ? "full_value" : "rounded_value";
}

const char *as_plan_measure_name(as_plan_measure m)
{
    return m == AS_PLAN_LEVEL ? "level" : "reduction";
}

bool as_rules_own_method(const as_ruleset *r, const as_check_def *cd)
{
    return cd->judgement != r->judgement ||
           (cd->judgement == AS_JUDGE_ROUNDED && cd->rounding != r->rounding);
}

const char *as_rules_ref_name(const as_ruleset *r, int kind, size_t index)
{
    switch (kind) {
    case AS_REF_INPUT:
        return r->inputs[index].id;
    case AS_REF_QUANTITY:
        return r->quantities[index].id;
    case AS_REF_PARAM:
        return r->params[index].id;
    case AS_REF_TARGET:
        return r->targets[index].id;
    default:
        return index < AS_BUILTIN_COUNT ? as_rload_builtin_names[index] : "?";
    }
}
