/* rules_bind: phase 2 of loading a rule set: the name tables, every
 * formula's names bound, quantities checked for cycles, plans and
 * exemptions resolved, each check's judgement settled, and the grading
 * checked to give exactly one grade for every combination. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rules_load.h"

const char *const as_rload_builtin_names[AS_BUILTIN_COUNT] = {"year", "base_year", "control_missed",
                                                              "support_missed", "fraud"};

/* ------------------------------------------------------------ phase 2: names */

typedef enum { CTX_QUANTITY, CTX_CHECK, CTX_GRADING } bind_ctx;

static void add_name(binder *B, const char *id, int kind, size_t idx, as_loc loc)
{
    size_t old;
    if (!id)
        return;
    int rc = as_strmap_put(&B->names, id, idx * 4 + (size_t)kind, &old);
    if (rc == 1) {
        static const char *const what[] = {"an input", "a quantity", "a parameter"};
        as_diags_add(B->L->d, loc, "name '%s' is already used by %s", id, what[old % 4]);
    } else if (rc < 0) {
        as_rload_oom(B->L, loc);
    }
}

static void build_id_map(loader *L, as_strmap *m, const char *what, const char *id, size_t idx,
                         as_loc loc)
{
    size_t old;
    if (!id)
        return;
    if (as_strmap_put(m, id, idx, &old) == 1)
        as_diags_add(L->d, loc, "duplicate %s '%s'", what, id);
}

void as_rload_build_maps(binder *B)
{
    as_ruleset *r = B->L->r;
    for (size_t i = 0; i < r->nprovinces; i++)
        build_id_map(B->L, &r->province_map, "province code", r->provinces[i].code, i,
                     r->provinces[i].loc);
    for (size_t i = 0; i < r->ninputs; i++) {
        add_name(B, r->inputs[i].id, AS_REF_INPUT, i, r->inputs[i].loc);
        if (r->inputs[i].id) /* NULL after a bad id, already reported */
            as_strmap_put(&r->input_map, r->inputs[i].id, i, NULL);
    }
    for (size_t i = 0; i < r->nquantities; i++)
        add_name(B, r->quantities[i].id, AS_REF_QUANTITY, i, r->quantities[i].loc);
    for (size_t i = 0; i < r->nparams; i++)
        add_name(B, r->params[i].id, AS_REF_PARAM, i, r->params[i].loc);
    for (size_t i = 0; i < r->ntargets; i++)
        build_id_map(B->L, &r->target_map, "target", r->targets[i].id, i, r->targets[i].loc);
    as_strmap ids;
    as_strmap_init(&ids);
    for (size_t i = 0; i < r->nindicators; i++)
        build_id_map(B->L, &ids, "indicator", r->indicators[i].id, i, r->indicators[i].loc);
    as_strmap_release(&ids);
    as_strmap_init(&ids);
    for (size_t i = 0; i < r->ngrades; i++)
        build_id_map(B->L, &ids, "grade", r->grades[i].id, i, r->grades[i].loc);
    as_strmap_release(&ids);
}

/* Give each section its title from sections:, which must name sections
 * that hold inputs, once each. */
static void title_sections(loader *L)
{
    as_ruleset *r = L->r;
    for (size_t t = 0; t < L->ntitles; t++) {
        const section_title *st = &L->titles[t];
        size_t j = 0;
        while (st->id && j < r->nsections && strcmp(r->sections[j], st->id) != 0)
            j++;
        if (!st->id)
            continue;
        if (j == r->nsections)
            as_diags_add(L->d, st->loc, "section '%s' has no inputs", st->id);
        else if (r->section_zh[j])
            as_diags_add(L->d, st->loc, "section '%s' is given twice", st->id);
        else {
            r->section_zh[j] = st->name_zh;
            r->section_en[j] = st->name_en;
        }
    }
}

void as_rload_build_sections(loader *L)
{
    as_ruleset *r = L->r;
    size_t n = r->ninputs ? r->ninputs : 1;
    r->sections = as_arena_alloc(r->arena, n * sizeof *r->sections);
    r->section_zh = as_arena_alloc(r->arena, n * sizeof *r->section_zh);
    r->section_en = as_arena_alloc(r->arena, n * sizeof *r->section_en);
    if (!r->sections || !r->section_zh || !r->section_en) {
        as_rload_oom(L, as_loc_make(r->path, 0, 0));
        return;
    }
    for (size_t i = 0; i < r->ninputs; i++) {
        const char *s = r->inputs[i].section;
        bool seen = false;
        for (size_t j = 0; s && j < r->nsections && !seen; j++)
            seen = !strcmp(r->sections[j], s);
        if (s && !seen)
            r->sections[r->nsections++] = s;
    }
    title_sections(L);
}

static int bind_builtin(const char *name, bind_ctx ctx)
{
    int first = ctx == CTX_GRADING ? AS_BUILTIN_CONTROL_MISSED : AS_BUILTIN_YEAR;
    int last = ctx == CTX_GRADING ? AS_BUILTIN_FRAUD : AS_BUILTIN_BASE_YEAR;
    for (int b = first; b <= last; b++)
        if (!strcmp(as_rload_builtin_names[b], name))
            return b;
    return -1;
}

static void bind_ref(binder *B, const as_formula *f, as_expr_ref *ref, bind_ctx ctx)
{
    as_ruleset *r = B->L->r;
    as_loc loc = as_formula_loc(f, ref->offset);
    size_t v;
    int b = bind_builtin(ref->name, ctx);
    if (b >= 0) {
        ref->kind = AS_REF_BUILTIN;
        ref->index = (size_t)b;
    } else if (ctx != CTX_GRADING && !strncmp(ref->name, "target.", 7) &&
               as_strmap_get(&r->target_map, ref->name + 7, &v) == 0) {
        ref->kind = AS_REF_TARGET;
        ref->index = v;
    } else if (ctx != CTX_GRADING && as_strmap_get(&B->names, ref->name, &v) == 0) {
        ref->kind = (int)(v % 4);
        ref->index = v / 4;
    } else {
        as_diags_add(B->L->d, loc,
                     ctx == CTX_GRADING
                         ? "unknown name '%s' in grading: use control_missed, support_missed "
                           "or fraud"
                         : "unknown name '%s' in formula",
                     ref->name);
        return;
    }
    if (ref->year_kind != AS_YEAR_CURRENT &&
        (ref->kind == AS_REF_BUILTIN || ref->kind == AS_REF_TARGET))
        as_diags_add(B->L->d, loc, "'%s' cannot take a year qualifier", ref->name);
    if (ref->year_kind == AS_YEAR_ABS && ref->year_abs < r->min_year_read)
        r->min_year_read = ref->year_abs;
}

static void bind_formula(binder *B, as_formula *f, bind_ctx ctx)
{
    if (!f->expr)
        return;
    size_t n;
    as_expr_ref *refs = as_expr_refs(f->expr, &n);
    for (size_t i = 0; i < n; i++)
        bind_ref(B, f, &refs[i], ctx);
}

void as_rload_bind_all(binder *B)
{
    as_ruleset *r = B->L->r;
    for (size_t i = 0; i < r->nquantities; i++)
        bind_formula(B, &r->quantities[i].formula, CTX_QUANTITY);
    for (size_t i = 0; i < r->nindicators; i++)
        for (size_t c = 0; c < r->indicators[i].nchecks; c++) {
            bind_formula(B, &r->indicators[i].checks[c].value, CTX_CHECK);
            bind_formula(B, &r->indicators[i].checks[c].target, CTX_CHECK);
            if (r->indicators[i].checks[c].plan.has)
                bind_formula(B, &r->indicators[i].checks[c].plan.target, CTX_CHECK);
        }
    for (size_t i = 0; i < r->ngrades; i++)
        bind_formula(B, &r->grades[i].when, CTX_GRADING);
    for (size_t i = 0; i < r->nplausibility; i++)
        if (r->plausibility[i].kind == AS_PLAUS_REQUIRE)
            bind_formula(B, &r->plausibility[i].require, CTX_CHECK);
}

/* Depth-first search for a quantity that (indirectly) reads itself. */
static bool quantity_cycle(loader *L, size_t q, unsigned char *state)
{
    as_ruleset *r = L->r;
    if (state[q] == 2)
        return false;
    if (state[q] == 1) {
        as_diags_add(L->d, r->quantities[q].loc, "quantity '%s' depends on itself",
                     r->quantities[q].id);
        return true;
    }
    state[q] = 1;
    size_t n = 0;
    const as_expr_ref *refs = r->quantities[q].formula.expr
                                  ? as_expr_refs_const(r->quantities[q].formula.expr, &n)
                                  : NULL;
    for (size_t i = 0; i < n; i++)
        if (refs[i].kind == AS_REF_QUANTITY && refs[i].year_kind == AS_YEAR_CURRENT &&
            quantity_cycle(L, refs[i].index, state))
            return true;
    state[q] = 2;
    return false;
}

void as_rload_check_cycles(loader *L)
{
    as_ruleset *r = L->r;
    if (!r->nquantities)
        return;
    unsigned char *state = calloc(r->nquantities, 1);
    if (!state)
        return;
    for (size_t q = 0; q < r->nquantities; q++)
        if (quantity_cycle(L, q, state))
            break;
    free(state);
}

void as_rload_resolve_exemptions(loader *L)
{
    as_ruleset *r = L->r;
    for (size_t i = 0; i < r->nindicators; i++)
        for (size_t e = 0; e < r->indicators[i].nexempt; e++) {
            as_exemption *ex = &r->indicators[i].exempt[e];
            if (as_rules_province(r, ex->code, &ex->province) != 0)
                as_diags_add(L->d, ex->loc, "unknown province '%s' in exemption", ex->code);
        }
}

/* Settle each plan's final year (the rules' last year unless stated) and
 * count the checks with a plan. */
void as_rload_resolve_plans(loader *L)
{
    as_ruleset *r = L->r;
    for (size_t i = 0; i < r->nindicators; i++)
        for (size_t c = 0; c < r->indicators[i].nchecks; c++) {
            as_plan_def *plan = &r->indicators[i].checks[c].plan;
            if (!plan->has)
                continue;
            r->nplans++;
            if (!plan->final_year)
                plan->final_year = r->year_to;
            if (L->have_ruleset && plan->final_year <= r->base_year)
                as_diags_add(L->d, plan->loc,
                             "final year %d of the plan of check '%s' is not after the base "
                             "year %d",
                             plan->final_year, r->indicators[i].checks[c].name, r->base_year);
        }
}

/* ------------------------------------------------------------ phase 2: judgement */

enum { EACH_INDICATOR = -2 }; /* judged_text: the rule set's statement, not one check's */

/* The rule and method as a sentence, citing the standard; decimals: the
 * places, -1 for a check without decimals, EACH_INDICATOR for the rule set. */
static const char *judged_text(as_arena *a, as_rounding ro, as_judgement ju, int decimals, bool zh)
{
    if (ju == AS_JUDGE_FULL)
        return as_arena_printf(
            a, "%s%s",
            zh ? "全数值比较法（GB/T 8170-2008 第4章）：数值与目标不经修约直接比较"
               : "full-value comparison (全数值比较法, GB/T 8170-2008 section 4): the unrounded "
                 "value and target are compared",
            decimals != -1 ? ""
            : zh           ? "（该指标未规定小数位数）"
                           : " (the indicator gives no decimals)");
    const char *places = decimals >= 0
                             ? as_arena_printf(a, zh ? "%d位小数" : "%d decimals", decimals)
                         : zh ? "各指标规定的小数位数"
                              : "each indicator's decimals";
    if (ro == AS_ROUND_HALF_UP)
        return as_arena_printf(
            a,
            zh ? "修约值比较法（GB/T 8170-2008 第4章）：数值与目标按四舍五入（并非 GB/T 8170-2008 "
                 "的进舍规则）修约到%s后比较"
               : "rounded-value comparison (修约值比较法, GB/T 8170-2008 section 4): value and "
                 "target are rounded half up to %s (四舍五入, a dropped 5 always rounds up; not "
                 "the "
                 "rule of GB/T 8170-2008), then compared",
            places);
    return as_arena_printf(
        a,
        zh ? "修约值比较法（GB/T 8170-2008 第4章）：数值与目标按 GB/T 8170-2008 "
             "进舍规则（四舍六入五成双）"
             "修约到%s后比较"
           : "rounded-value comparison (修约值比较法, GB/T 8170-2008 section 4): value and target "
             "are rounded to %s by the rule of GB/T 8170-2008 (half to even, 四舍六入五成双), "
             "then compared",
        places);
}

/* Settle each check's rounding, method and decimals; a rounded-value
 * comparison that the rule file states needs decimals to round to. */
void as_rload_resolve_judgements(loader *L)
{
    as_ruleset *r = L->r;
    r->judged.en = judged_text(r->arena, r->rounding, r->judgement, EACH_INDICATOR, false);
    r->judged.tr = judged_text(r->arena, r->rounding, r->judgement, EACH_INDICATOR, true);
    for (size_t i = 0; i < r->nindicators; i++) {
        const as_indicator *ind = &r->indicators[i];
        bool reported = false;
        for (size_t c = 0; c < ind->nchecks; c++) {
            as_check_def *cd = &ind->checks[c];
            if (!cd->own_rounding)
                cd->rounding = r->rounding;
            if (!cd->own_judgement)
                cd->judgement = r->judgement;
            if (!cd->own_rounding && !cd->own_judgement)
                cd->stated_at = r->judgement_loc.line ? r->judgement_loc : r->rounding_loc;
            cd->decimals = ind->decimals;
            if (cd->judgement == AS_JUDGE_ROUNDED && ind->decimals < 0) {
                bool stated = cd->own_judgement || r->judgement_loc.line > 0;
                if (stated && !reported)
                    as_diags_add(L->d, ind->loc,
                                 "indicator '%s' gives no 'decimals' for the rounded-value "
                                 "comparison of check '%s': add 'decimals' or state "
                                 "'judgement: full_value'",
                                 ind->id ? ind->id : "?", cd->name ? cd->name : "?");
                reported = reported || stated;
                cd->judgement = AS_JUDGE_FULL; /* nothing to round to */
            }
            cd->judged.en = judged_text(r->arena, cd->rounding, cd->judgement, cd->decimals, false);
            cd->judged.tr = judged_text(r->arena, cd->rounding, cd->judgement, cd->decimals, true);
        }
    }
}

/* ------------------------------------------------------------ phase 2: grading */

static as_eval_status grade_lookup(void *ctx, const as_expr_ref *ref, int year, double *out,
                                   as_text *msg)
{
    const grade_case *g = ctx;
    (void)year;
    (void)msg;
    switch (ref->index) {
    case AS_BUILTIN_CONTROL_MISSED:
        *out = g->control_missed;
        return AS_EVAL_OK;
    case AS_BUILTIN_SUPPORT_MISSED:
        *out = g->support_missed;
        return AS_EVAL_OK;
    default:
        *out = g->fraud;
        return AS_EVAL_OK;
    }
}

/* 1 if grade applies to the case, 0 if not, -1 if its condition cannot be
 * evaluated (why goes into fail when fail is not NULL, its message made in
 * arena a when a is not NULL). */
int as_rload_grade_applies(const as_grade_def *g, const grade_case *c, as_arena *a,
                           as_expr_fail *fail)
{
    as_expr_env env = {grade_lookup, (void *)c, 0, a};
    double v = 0;
    if (!g->when.expr)
        return -1;
    if (as_expr_eval(g->when.expr, &env, 0, &v, fail) != AS_EVAL_OK)
        return -1;
    return v != 0;
}

/* Which grades apply to one case; reports conditions that cannot be evaluated
 * and overlaps.  Returns the first grade that applies, or NULL. */
static const as_grade_def *grades_for(loader *L, const grade_case *gc, int *overlaps, bool *broken)
{
    as_ruleset *r = L->r;
    const as_grade_def *first = NULL;
    for (size_t i = 0; i < r->ngrades; i++) {
        as_expr_fail fail = {.msg = {"", NULL}};
        int a = as_rload_grade_applies(&r->grades[i], gc, r->arena, &fail);
        if (a < 0) {
            *broken = true;
            as_diags_add(L->d, as_formula_loc(&r->grades[i].when, fail.offset),
                         "condition of grade '%s' cannot be evaluated when control_missed = %d, "
                         "support_missed = %d, fraud = %s: %s",
                         r->grades[i].id, gc->control_missed, gc->support_missed,
                         gc->fraud ? "true" : "false", as_text_get(fail.msg, false));
            continue;
        }
        if (!a)
            continue;
        if (first && ++*overlaps <= 5)
            as_diags_add(L->d, r->grades[i].when.loc,
                         "grades '%s' and '%s' both apply when control_missed = %d, "
                         "support_missed = %d, fraud = %s",
                         first->id, r->grades[i].id, gc->control_missed, gc->support_missed,
                         gc->fraud ? "true" : "false");
        if (!first)
            first = &r->grades[i];
    }
    return first;
}

void as_rload_check_coverage(loader *L)
{
    as_ruleset *r = L->r;
    int gaps = 0, overlaps = 0;
    for (int f = 0; f <= 1; f++)
        for (int c = 0; c <= (int)r->ncontrol; c++)
            for (int s = 0; s <= (int)r->nsupport; s++) {
                grade_case gc = {c, s, f};
                bool broken = false;
                const as_grade_def *g = grades_for(L, &gc, &overlaps, &broken);
                if (broken)
                    return; /* one report of a broken condition is enough */
                if (!g && ++gaps <= 5)
                    as_diags_add(L->d, L->grading_loc,
                                 "no grade applies when control_missed = %d, support_missed = "
                                 "%d, fraud = %s",
                                 c, s, f ? "true" : "false");
            }
    if (gaps > 5)
        as_diags_add(L->d, L->grading_loc, "no grade applies in %d more combinations", gaps - 5);
    if (overlaps > 5)
        as_diags_add(L->d, L->grading_loc, "grades overlap in %d more combinations", overlaps - 5);
}
