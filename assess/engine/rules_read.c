/* rules_read: phase 1 of loading a rule set: each YAML file read (following
 * include:) into the rule set, every formula parsed, every field checked;
 * what a file declares about its figures is rules_quality.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rules_load.h"
#include "base/suggest.h"

static const char *const reserved_names[] = {"and",
                                             "or",
                                             "not",
                                             "min",
                                             "max",
                                             "abs",
                                             "if",
                                             "chain",
                                             "prev",
                                             "base",
                                             "year",
                                             "base_year",
                                             "control_missed",
                                             "support_missed",
                                             "fraud",
                                             NULL};

/* ------------------------------------------------------------ utilities */

/* Report running out of memory, or nothing when a full list is the reason
 * (each_item says that once). */
void as_rload_oom(loader *L, as_loc loc)
{
    if (!L->full)
        as_diags_add(L->d, loc, "out of memory");
}

/* Make room for one more element in an arena array; returns the new slot
 * (zeroed) or NULL when out of memory or over MAX_ITEMS (L->full set). */
void *as_rload_push(loader *L, void **items, size_t *n, size_t *cap, size_t size)
{
    as_arena *a = L->r->arena;
    if (*n >= MAX_ITEMS) {
        L->full = true;
        return NULL;
    }
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        void *p = as_arena_alloc(a, ncap * size);
        if (!p)
            return NULL;
        if (*n)
            memcpy(p, *items, *n * size);
        *items = p;
        *cap = ncap;
    }
    void *slot = (char *)*items + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

#define PUSH(L, arr, n, cap) as_rload_push((L), (void **)&(arr), &(n), &(cap), sizeof *(arr))

static bool valid_ident(const char *s)
{
    if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

static bool reserved(const char *s)
{
    for (const char *const *p = reserved_names; *p; p++)
        if (!strcmp(*p, s))
            return true;
    return false;
}

/* Read an id field and check it is a usable name. */
int as_rload_get_id(loader *L, as_ydoc *y, yaml_node_t *m, const char *what, const char **out)
{
    return as_rules_read_id(y, m, what, NULL, L->r->arena, out, L->d);
}

int as_rules_read_id(as_ydoc *y, yaml_node_t *m, const char *what, const char *also, as_arena *a,
                     const char **out, as_diags *d)
{
    if (as_ydoc_get_str(y, m, "id", what, true, a, out, d) != 0)
        return -1;
    yaml_node_t *n = as_ydoc_get(y, m, "id");
    if (!valid_ident(*out)) {
        as_diags_add(d, as_ydoc_loc(y, n),
                     "invalid id '%s': use letters, digits and '_', not starting with a digit",
                     *out);
        return -1;
    }
    if (reserved(*out) || (also && !strcmp(*out, also))) {
        as_diags_add(d, as_ydoc_loc(y, n), "id '%s' is reserved", *out);
        return -1;
    }
    return 0;
}

int as_rload_get_text(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                      bool required, const char **out)
{
    return as_ydoc_get_str(y, m, key, what, required, L->r->arena, out, L->d) < 0 ? -1 : 0;
}

/* Parse the formula held by m[key]. */
int as_rload_get_formula(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                         as_formula *f)
{
    return as_formula_read(y, m, key, what, L->r->arena, f, L->d);
}

int as_formula_read(as_ydoc *y, yaml_node_t *m, const char *key, const char *what, as_arena *a,
                    as_formula *f, as_diags *d)
{
    yaml_node_t *n = as_ydoc_get(y, m, key);
    if (!n) {
        as_diags_add(d, as_ydoc_loc(y, m), "missing field '%s' in %s", key, what);
        return -1;
    }
    const char *text = as_ydoc_scalar(n);
    if (!text) {
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a formula (text)", key);
        return -1;
    }
    as_expr_error err;
    f->loc = as_ydoc_text_loc(y, n, 0);
    f->exact_cols = n->start_mark.line == n->end_mark.line &&
                    n->data.scalar.style != YAML_LITERAL_SCALAR_STYLE &&
                    n->data.scalar.style != YAML_FOLDED_SCALAR_STYLE;
    f->expr = as_expr_parse(a, text, &err);
    if (!f->expr) {
        as_diags_add_text(d, AS_SEV_ERROR, as_formula_loc(f, err.offset), err.msg);
        return -1;
    }
    return 0;
}

/* Read "[from, to]" year ranges. */
static int get_years(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                     int *from, int *to)
{
    yaml_node_t *n = as_ydoc_get(y, m, key);
    if (!n) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "missing field '%s' in %s", key, what);
        return -1;
    }
    long v[2];
    if (n->type != YAML_SEQUENCE_NODE ||
        n->data.sequence.items.top - n->data.sequence.items.start != 2) {
        as_diags_add(L->d, as_ydoc_loc(y, n), "'%s' must be a list of two years [first, last]",
                     key);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        yaml_node_t *it = as_ydoc_node(y, n->data.sequence.items.start[i]);
        if (as_ydoc_to_int(y, it, key, &v[i], L->d) != 0)
            return -1;
        if (v[i] < 1900 || v[i] > 2200) {
            as_diags_add(L->d, as_ydoc_loc(y, it), "year %ld is out of range", v[i]);
            return -1;
        }
    }
    if (v[0] > v[1]) {
        as_diags_add(L->d, as_ydoc_loc(y, n), "'%s' runs backwards: %ld after %ld", key, v[0],
                     v[1]);
        return -1;
    }
    *from = (int)v[0];
    *to = (int)v[1];
    return 0;
}

void as_rload_each_item(loader *L, as_ydoc *y, yaml_node_t *list, const char *key, const char *what,
                        item_fn fn)
{
    if (!as_ydoc_expect_seq(y, list, key, L->d))
        return;
    for (yaml_node_item_t *i = list->data.sequence.items.start; i < list->data.sequence.items.top;
         i++) {
        yaml_node_t *item = as_ydoc_node(y, *i);
        if (as_ydoc_expect_map(y, item, what, L->d))
            fn(L, y, item);
        if (L->full) {
            as_diags_add(L->d, as_ydoc_loc(y, item),
                         "more than %d items of '%s' in the rule set: the rest are not read",
                         MAX_ITEMS, key);
            L->full = false;
            return;
        }
    }
}

static int read_enum(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *a,
                     const char *b, const char *what, bool required, int *out);

/* The optional `rounding:` and `judgement:` of a ruleset or a check. */
static int read_method(loader *L, as_ydoc *y, yaml_node_t *m, const char *what, as_rounding *ro,
                       as_loc *ro_at, as_judgement *ju, as_loc *ju_at);

/* ------------------------------------------------------------ phase 1: sections */

static void read_ruleset(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id",        "title_zh", "title_en",    "years",
                                       "base_year", "source",   "description", "rounding",
                                       "judgement", NULL};
    as_ruleset *r = L->r;
    if (L->have_ruleset) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "'ruleset' is given twice");
        return;
    }
    L->have_ruleset = true;
    if (!as_ydoc_expect_map(y, m, "ruleset", L->d))
        return;
    as_ydoc_check_keys(y, m, "ruleset", keys, L->d);
    long base = 0;
    as_rload_get_text(L, y, m, "id", "ruleset", true, &r->id);
    as_rload_get_text(L, y, m, "title_zh", "ruleset", true, &r->title_zh);
    as_rload_get_text(L, y, m, "title_en", "ruleset", true, &r->title_en);
    as_rload_get_text(L, y, m, "source", "ruleset", true, &r->source);
    get_years(L, y, m, "years", "ruleset", &r->year_from, &r->year_to);
    read_method(L, y, m, "ruleset", &r->rounding, &r->rounding_loc, &r->judgement,
                &r->judgement_loc);
    if (as_ydoc_get_int(y, m, "base_year", "ruleset", true, &base, L->d) == 0) {
        if (base < 1900 || base > 2200)
            as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "base_year")),
                         "year %ld is out of range", base);
        r->base_year = (int)base;
    }
}

/* Characters (UTF-8 code points) in s. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A province's names go into report file names and titles: bound them. */
static int check_name_length(loader *L, as_ydoc *y, yaml_node_t *m, const char *key,
                             const char *code, const char *name)
{
    size_t n = utf8_chars(name);
    if (n <= MAX_PROVINCE_NAME)
        return 0;
    as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, key)),
                 "'%s' of province '%s' is %zu characters long: at most %d", key, code, n,
                 MAX_PROVINCE_NAME);
    return -1;
}

static int read_province(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"code", "name_zh", "name_en", NULL};
    as_ruleset *r = L->r;
    as_province *p = PUSH(L, r->provinces, r->nprovinces, L->cap_prov);
    if (!p) {
        as_rload_oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    p->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "province", keys, L->d);
    int rc = as_rload_get_text(L, y, m, "code", "province", true, &p->code);
    rc |= as_rload_get_text(L, y, m, "name_zh", "province", true, &p->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "province", true, &p->name_en);
    if (rc != 0)
        return rc;
    if (strlen(p->code) != 6 || strspn(p->code, "0123456789") != 6) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "code")),
                     "province code '%s' must be 6 digits (GB/T 2260)", p->code);
        return -1;
    }
    rc |= check_name_length(L, y, m, "name_zh", p->code, p->name_zh);
    rc |= check_name_length(L, y, m, "name_en", p->code, p->name_en);
    return rc;
}

static int read_bound(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, bool *has, double *v)
{
    int rc = as_ydoc_get_num(y, m, key, "input", false, v, L->d);
    *has = rc == 0;
    return rc < 0 ? -1 : 0;
}

static int read_input(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id",      "section", "name_zh", "name_en", "unit",
                                       "unit_zh", "min",     "max",     "index",   NULL};
    as_ruleset *r = L->r;
    as_input *in = PUSH(L, r->inputs, r->ninputs, L->cap_in);
    if (!in) {
        as_rload_oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    in->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "input", keys, L->d);
    int rc = as_rload_get_id(L, y, m, "input", &in->id);
    rc |= as_rload_get_text(L, y, m, "section", "input", true, &in->section);
    rc |= as_rload_get_text(L, y, m, "name_zh", "input", true, &in->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "input", true, &in->name_en);
    rc |= as_rload_get_text(L, y, m, "unit", "input", true, &in->unit);
    rc |= as_rload_get_text(L, y, m, "unit_zh", "input", false, &in->unit_zh);
    rc |= read_bound(L, y, m, "min", &in->has_min, &in->min);
    rc |= read_bound(L, y, m, "max", &in->has_max, &in->max);
    bool indexed = false;
    rc |= read_bound(L, y, m, "index", &indexed, &in->index_base);
    if (indexed && !(in->index_base > 0)) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "index")),
                     "input '%s': 'index' is the value of the previous year (100), got %g", in->id,
                     in->index_base);
        rc = -1;
    }
    if (rc == 0 && in->section && (!valid_ident(in->section) || !strcmp(in->section, "submission")))
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "section")),
                     "invalid section name '%s'", in->section);
    if (rc == 0 && in->has_min && in->has_max && in->min > in->max)
        as_diags_add(L->d, in->loc, "input '%s' has min %g above max %g", in->id, in->min, in->max);
    return rc;
}

static int read_section_title(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id", "name_zh", "name_en", NULL};
    section_title *t = PUSH(L, L->titles, L->ntitles, L->cap_titles);
    if (!t) {
        as_rload_oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    t->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "section", keys, L->d);
    int rc = as_rload_get_text(L, y, m, "id", "section", true, &t->id);
    rc |= as_rload_get_text(L, y, m, "name_zh", "section", true, &t->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "section", true, &t->name_en);
    return rc;
}

static int read_quantity(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id",      "name_zh", "name_en", "unit",
                                       "formula", "source",  NULL};
    as_ruleset *r = L->r;
    as_quantity *q = PUSH(L, r->quantities, r->nquantities, L->cap_q);
    if (!q) {
        as_rload_oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    q->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "quantity", keys, L->d);
    int rc = as_rload_get_id(L, y, m, "quantity", &q->id);
    rc |= as_rload_get_text(L, y, m, "name_zh", "quantity", true, &q->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "quantity", true, &q->name_en);
    rc |= as_rload_get_text(L, y, m, "unit", "quantity", true, &q->unit);
    rc |= as_rload_get_text(L, y, m, "source", "quantity", false, &q->source);
    rc |= as_rload_get_formula(L, y, m, "formula", "quantity", &q->formula);
    return rc;
}

static int read_param_values(loader *L, as_ydoc *y, yaml_node_t *m, as_param *p)
{
    static const char *const keys[] = {"value", "years", "source", NULL};
    yaml_node_t *list = as_ydoc_get(y, m, "values");
    if (!list) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "missing field 'values' in parameter");
        return -1;
    }
    if (!as_ydoc_expect_seq(y, list, "values", L->d))
        return -1;
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (n == 0) {
        as_diags_add(L->d, as_ydoc_loc(y, list), "parameter '%s' has no values", p->id);
        return -1;
    }
    p->values = as_arena_alloc(L->r->arena, n * sizeof *p->values);
    if (!p->values) {
        as_rload_oom(L, as_ydoc_loc(y, list));
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *v = as_ydoc_node(y, list->data.sequence.items.start[i]);
        as_param_value *pv = &p->values[p->nvalues];
        if (!as_ydoc_expect_map(y, v, "parameter value", L->d)) {
            rc = -1;
            continue;
        }
        as_ydoc_check_keys(y, v, "parameter value", keys, L->d);
        pv->loc = as_ydoc_loc(y, v);
        int r1 = as_ydoc_get_num(y, v, "value", "parameter value", true, &pv->value, L->d);
        r1 |= get_years(L, y, v, "years", "parameter value", &pv->from, &pv->to);
        r1 |= as_rload_get_text(L, y, v, "source", "parameter value", true, &pv->source);
        if (r1 != 0) {
            rc = -1;
            continue;
        }
        for (size_t j = 0; j < p->nvalues; j++)
            if (pv->from <= p->values[j].to && p->values[j].from <= pv->to)
                as_diags_add(L->d, pv->loc,
                             "validity %d-%d of parameter '%s' overlaps %d-%d given at line %d",
                             pv->from, pv->to, p->id, p->values[j].from, p->values[j].to,
                             p->values[j].loc.line);
        p->nvalues++;
    }
    return rc;
}

static int read_param(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id", "name_zh", "name_en", "unit", "values", NULL};
    as_ruleset *r = L->r;
    as_param *p = PUSH(L, r->params, r->nparams, L->cap_p);
    if (!p) {
        as_rload_oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    p->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "parameter", keys, L->d);
    int rc = as_rload_get_id(L, y, m, "parameter", &p->id);
    rc |= as_rload_get_text(L, y, m, "name_zh", "parameter", true, &p->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "parameter", true, &p->name_en);
    rc |= as_rload_get_text(L, y, m, "unit", "parameter", true, &p->unit);
    if (rc == 0)
        rc = read_param_values(L, y, m, p);
    return rc;
}

static int read_target(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id", "period", "unit", "name_zh", "name_en", NULL};
    as_ruleset *r = L->r;
    as_target_def *t = PUSH(L, r->targets, r->ntargets, L->cap_t);
    if (!t) {
        as_rload_oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    t->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "target", keys, L->d);
    const char *period = NULL;
    int rc = as_rload_get_id(L, y, m, "target", &t->id);
    rc |= as_rload_get_text(L, y, m, "name_zh", "target", true, &t->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "target", true, &t->name_en);
    rc |= as_rload_get_text(L, y, m, "unit", "target", true, &t->unit);
    rc |= as_rload_get_text(L, y, m, "period", "target", true, &period);
    if (period && !strcmp(period, "annual"))
        t->period = AS_PERIOD_ANNUAL;
    else if (period && !strcmp(period, "plan"))
        t->period = AS_PERIOD_PLAN;
    else if (period) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "period")),
                     "unknown period '%s': use 'annual' or 'plan'", period);
        rc = -1;
    }
    return rc;
}

static int read_cmp(loader *L, as_ydoc *y, yaml_node_t *m, as_cmp *out)
{
    static const struct {
        const char *text;
        as_cmp cmp;
    } ops[] = {{"<=", AS_CMP_LE},
               {"<", AS_CMP_LT},
               {">=", AS_CMP_GE},
               {">", AS_CMP_GT},
               {"==", AS_CMP_EQ}};
    const char *s = NULL;
    if (as_rload_get_text(L, y, m, "compare", "check", true, &s) != 0)
        return -1;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(ops[i].text, s)) {
            *out = ops[i].cmp;
            return 0;
        }
    as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "compare")),
                 "unknown comparison '%s': use <=, <, >=, > or ==", s);
    return -1;
}

/* The optional `plan:` of a check: the plan-period target its value follows.
 * final_year 0 means the rules' last year (settled when the ruleset: block
 * may have been read). */
static int read_plan(loader *L, as_ydoc *y, yaml_node_t *c, as_plan_def *plan)
{
    static const char *const keys[] = {"target", "measure", "projection", "final_year", NULL};
    yaml_node_t *m = as_ydoc_get(y, c, "plan");
    if (!m)
        return 0;
    if (!as_ydoc_expect_map(y, m, "plan", L->d))
        return -1;
    as_ydoc_check_keys(y, m, "plan", keys, L->d);
    plan->loc = as_ydoc_loc(y, m);
    int measure = 0, projection = 0;
    long last = 0;
    int rc = as_rload_get_formula(L, y, m, "target", "plan", &plan->target);
    rc |= read_enum(L, y, m, "measure", "reduction", "level", "plan", false, &measure);
    rc |= read_enum(L, y, m, "projection", "fit", "carried", "plan", false, &projection);
    int frc = as_ydoc_get_int(y, m, "final_year", "plan", false, &last, L->d);
    if (frc < 0)
        rc = -1;
    else if (frc == 0 && (last < 1900 || last > 2200)) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "final_year")),
                     "year %ld is out of range", last);
        rc = -1;
    }
    plan->measure = (as_plan_measure)measure;
    plan->projection = (as_plan_projection)projection;
    plan->final_year = (int)last;
    plan->has = rc == 0;
    return rc;
}

static int read_checks(loader *L, as_ydoc *y, yaml_node_t *m, as_indicator *ind)
{
    static const char *const keys[] = {"name",   "name_zh",  "name_en",   "value", "compare",
                                       "target", "rounding", "judgement", "plan",  NULL};
    yaml_node_t *list = as_ydoc_get(y, m, "checks");
    if (!list) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "missing field 'checks' in indicator");
        return -1;
    }
    if (!as_ydoc_expect_seq(y, list, "checks", L->d))
        return -1;
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (n == 0) {
        as_diags_add(L->d, as_ydoc_loc(y, list), "indicator '%s' has no checks",
                     ind->id ? ind->id : "?");
        return -1;
    }
    ind->checks = as_arena_alloc(L->r->arena, n * sizeof *ind->checks);
    if (!ind->checks)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *c = as_ydoc_node(y, list->data.sequence.items.start[i]);
        as_check_def *cd = &ind->checks[ind->nchecks];
        if (!as_ydoc_expect_map(y, c, "check", L->d)) {
            rc = -1;
            continue;
        }
        as_ydoc_check_keys(y, c, "check", keys, L->d);
        cd->loc = as_ydoc_loc(y, c);
        int r1 = as_rload_get_text(L, y, c, "name", "check", true, &cd->name);
        r1 |= as_rload_get_text(L, y, c, "name_zh", "check", false, &cd->name_zh);
        r1 |= as_rload_get_text(L, y, c, "name_en", "check", false, &cd->name_en);
        r1 |= as_rload_get_formula(L, y, c, "value", "check", &cd->value);
        r1 |= read_cmp(L, y, c, &cd->cmp);
        r1 |= as_rload_get_formula(L, y, c, "target", "check", &cd->target);
        as_loc ro_at = {0}, ju_at = {0};
        r1 |= read_method(L, y, c, "check", &cd->rounding, &ro_at, &cd->judgement, &ju_at);
        r1 |= read_plan(L, y, c, &cd->plan);
        cd->own_rounding = ro_at.line > 0;
        cd->own_judgement = ju_at.line > 0;
        cd->stated_at = ju_at.line ? ju_at : ro_at;
        for (size_t j = 0; r1 == 0 && j < ind->nchecks; j++)
            if (!strcmp(ind->checks[j].name, cd->name)) {
                as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, c, "name")),
                             "check '%s' is given twice in indicator '%s'", cd->name,
                             ind->id ? ind->id : "?");
                r1 = -1;
            }
        if (r1 == 0)
            ind->nchecks++;
        else
            rc = -1;
    }
    return rc;
}

static int read_departments(loader *L, as_ydoc *y, yaml_node_t *m, as_indicator *ind)
{
    yaml_node_t *list = as_ydoc_get(y, m, "departments");
    if (!list)
        return 0;
    if (!as_ydoc_expect_seq(y, list, "departments", L->d))
        return -1;
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    ind->departments = as_arena_alloc(L->r->arena, (n ? n : 1) * sizeof *ind->departments);
    if (!ind->departments)
        return -1;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *it = as_ydoc_node(y, list->data.sequence.items.start[i]);
        if (as_ydoc_to_str(y, it, "department", L->r->arena, &ind->departments[i], L->d) != 0)
            return -1;
    }
    ind->ndepartments = n;
    return 0;
}

static int read_exempt(loader *L, as_ydoc *y, yaml_node_t *m, as_indicator *ind)
{
    static const char *const keys[] = {"province", "reason", NULL};
    yaml_node_t *list = as_ydoc_get(y, m, "exempt");
    if (!list)
        return 0;
    if (!as_ydoc_expect_seq(y, list, "exempt", L->d))
        return -1;
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    ind->exempt = as_arena_alloc(L->r->arena, (n ? n : 1) * sizeof *ind->exempt);
    if (!ind->exempt)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *e = as_ydoc_node(y, list->data.sequence.items.start[i]);
        as_exemption *ex = &ind->exempt[ind->nexempt];
        if (!as_ydoc_expect_map(y, e, "exemption", L->d)) {
            rc = -1;
            continue;
        }
        as_ydoc_check_keys(y, e, "exemption", keys, L->d);
        ex->loc = as_ydoc_loc(y, e);
        int r1 = as_rload_get_text(L, y, e, "province", "exemption", true, &ex->code);
        r1 |= as_rload_get_text(L, y, e, "reason", "exemption", true, &ex->reason);
        if (r1 == 0)
            ind->nexempt++;
        else
            rc = -1;
    }
    return rc;
}

/* m[key], one of the n names (its index in *out, left alone when the key is
 * absent and not required); "unknown KEY 'x': use 'a', 'b' or 'c'" else. */
int as_rload_read_choice(loader *L, as_ydoc *y, yaml_node_t *m, const char *key,
                         const char *const *names, size_t n, const char *what, bool required,
                         int *out)
{
    return as_ydoc_get_choice(y, m, key, what, names, n, required, L->r->arena, out, L->d) < 0 ? -1
                                                                                               : 0;
}

static int read_enum(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *a,
                     const char *b, const char *what, bool required, int *out)
{
    const char *const names[] = {a, b};
    return as_rload_read_choice(L, y, m, key, names, 2, what, required, out);
}

/* The optional `rounding:` and `judgement:` of a ruleset or a check: sets
 * the ones given, with where each was written.  Returns -1 on a bad value. */
static int read_method(loader *L, as_ydoc *y, yaml_node_t *m, const char *what, as_rounding *ro,
                       as_loc *ro_at, as_judgement *ju, as_loc *ju_at)
{
    int v = 0, rc = 0;
    yaml_node_t *n = as_ydoc_get(y, m, "rounding");
    if (n) {
        if (read_enum(L, y, m, "rounding", "gbt8170", "half_up", what, false, &v) == 0) {
            *ro = (as_rounding)v;
            *ro_at = as_ydoc_loc(y, n);
        } else {
            rc = -1;
        }
    }
    n = as_ydoc_get(y, m, "judgement");
    if (n) {
        if (read_enum(L, y, m, "judgement", "rounded_value", "full_value", what, false, &v) == 0) {
            *ju = (as_judgement)v;
            *ju_at = as_ydoc_loc(y, n);
        } else {
            rc = -1;
        }
    }
    return rc;
}

static int read_indicator(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id",      "kind",    "name_zh", "name_en",  "departments",
                                       "unit",    "unit_zh", "display", "decimals", "source",
                                       "no_data", "exempt",  "checks",  NULL};
    as_ruleset *r = L->r;
    as_indicator *ind = PUSH(L, r->indicators, r->nindicators, L->cap_ind);
    if (!ind) {
        as_rload_oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    ind->loc = as_ydoc_loc(y, m);
    ind->decimals = -1;
    as_ydoc_check_keys(y, m, "indicator", keys, L->d);
    int kind = 0, display = 0, nodata = 0;
    long dec = -1;
    int rc = as_rload_get_id(L, y, m, "indicator", &ind->id);
    rc |= read_enum(L, y, m, "kind", "control", "support", "indicator", true, &kind);
    rc |= as_rload_get_text(L, y, m, "name_zh", "indicator", true, &ind->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "indicator", true, &ind->name_en);
    rc |= as_rload_get_text(L, y, m, "unit", "indicator", true, &ind->unit);
    rc |= as_rload_get_text(L, y, m, "unit_zh", "indicator", false, &ind->unit_zh);
    rc |= as_rload_get_text(L, y, m, "source", "indicator", true, &ind->source);
    rc |= read_enum(L, y, m, "display", "number", "percent", "indicator", false, &display);
    rc |= read_enum(L, y, m, "no_data", "missed", "met", "indicator", false, &nodata);
    int drc = as_ydoc_get_int(y, m, "decimals", "indicator", false, &dec, L->d);
    if (drc < 0)
        rc = -1;
    else if (drc == 0 && (dec < 0 || dec > 12)) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "decimals")),
                     "'decimals' must be between 0 and 12, got %ld", dec);
        rc = -1;
    }
    ind->kind = (as_kind)kind;
    ind->display = (as_display)display;
    ind->no_data_counts_met = nodata == 1;
    ind->decimals = (int)dec;
    rc |= read_departments(L, y, m, ind);
    rc |= read_exempt(L, y, m, ind);
    rc |= read_checks(L, y, m, ind);
    return rc;
}

static int read_grade(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id", "name_zh", "name_en", "when", "rectification_days",
                                       NULL};
    as_ruleset *r = L->r;
    as_grade_def *g = PUSH(L, r->grades, r->ngrades, L->cap_g);
    if (!g) {
        as_rload_oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    g->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "grade", keys, L->d);
    long days = 0;
    int rc = as_rload_get_id(L, y, m, "grade", &g->id);
    rc |= as_rload_get_text(L, y, m, "name_zh", "grade", true, &g->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "grade", true, &g->name_en);
    rc |= as_rload_get_formula(L, y, m, "when", "grade", &g->when);
    if (as_ydoc_get_int(y, m, "rectification_days", "grade", false, &days, L->d) < 0)
        rc = -1;
    else if (days < 0 || days > 366) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "rectification_days")),
                     "'rectification_days' must be between 0 and 366, got %ld", days);
        rc = -1;
    }
    g->rectification_days = (int)days;
    return rc;
}

static void read_grading(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"source", "grades", NULL};
    if (L->have_grading) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "'grading' is given twice");
        return;
    }
    L->have_grading = true;
    L->grading_loc = as_ydoc_loc(y, m);
    if (!as_ydoc_expect_map(y, m, "grading", L->d))
        return;
    as_ydoc_check_keys(y, m, "grading", keys, L->d);
    as_rload_get_text(L, y, m, "source", "grading", true, &L->r->grading_source);
    yaml_node_t *list = as_ydoc_get(y, m, "grades");
    if (!list)
        as_diags_add(L->d, L->grading_loc, "missing field 'grades' in grading");
    else
        as_rload_each_item(L, y, list, "grades", "grade", read_grade);
}

/* ------------------------------------------------------------ phase 1: files */

static const char *join_path(as_arena *a, const char *base_file, const char *rel)
{
    if (rel[0] == '/')
        return as_arena_strdup(a, rel);
    const char *slash = strrchr(base_file, '/');
    if (!slash)
        return as_arena_strdup(a, rel);
    return as_arena_printf(a, "%.*s/%s", (int)(slash - base_file), base_file, rel);
}

static void read_includes(loader *L, as_ydoc *y, yaml_node_t *list)
{
    if (!as_ydoc_expect_seq(y, list, "include", L->d))
        return;
    for (yaml_node_item_t *i = list->data.sequence.items.start; i < list->data.sequence.items.top;
         i++) {
        yaml_node_t *n = as_ydoc_node(y, *i);
        const char *rel = NULL;
        if (as_ydoc_to_str(y, n, "include", L->r->arena, &rel, L->d) != 0)
            continue;
        const char *path = join_path(L->r->arena, y->file, rel);
        if (path)
            as_rload_load_file(L, path, as_ydoc_loc(y, n));
    }
}

static void read_sections(loader *L, as_ydoc *y, yaml_node_t *root)
{
    static const char *const keys[] = {"ruleset",    "include",    "provinces",   "sections",
                                       "inputs",     "quantities", "parameters",  "targets",
                                       "indicators", "grading",    "uncertainty", "plausibility",
                                       NULL};
    as_ydoc_check_keys(y, root, "rule file", keys, L->d);
    yaml_node_t *n;
    if ((n = as_ydoc_get(y, root, "include")))
        read_includes(L, y, n);
    if ((n = as_ydoc_get(y, root, "ruleset")))
        read_ruleset(L, y, n);
    if ((n = as_ydoc_get(y, root, "provinces")))
        as_rload_each_item(L, y, n, "provinces", "province", read_province);
    if ((n = as_ydoc_get(y, root, "sections")))
        as_rload_each_item(L, y, n, "sections", "section", read_section_title);
    if ((n = as_ydoc_get(y, root, "inputs")))
        as_rload_each_item(L, y, n, "inputs", "input", read_input);
    if ((n = as_ydoc_get(y, root, "quantities")))
        as_rload_each_item(L, y, n, "quantities", "quantity", read_quantity);
    if ((n = as_ydoc_get(y, root, "parameters")))
        as_rload_each_item(L, y, n, "parameters", "parameter", read_param);
    if ((n = as_ydoc_get(y, root, "targets")))
        as_rload_each_item(L, y, n, "targets", "target", read_target);
    if ((n = as_ydoc_get(y, root, "indicators")))
        as_rload_each_item(L, y, n, "indicators", "indicator", read_indicator);
    if ((n = as_ydoc_get(y, root, "grading")))
        read_grading(L, y, n);
    if ((n = as_ydoc_get(y, root, "uncertainty")))
        as_rload_read_uncertainty(L, y, n);
    if ((n = as_ydoc_get(y, root, "plausibility")))
        as_rload_read_plausibility(L, y, n);
}

void as_rload_load_file(loader *L, const char *path, as_loc from)
{
    for (int i = 0; i < L->depth; i++)
        if (!strcmp(L->stack[i], path)) {
            as_diags_add(L->d, from, "'%s' includes itself", path);
            return;
        }
    if (L->depth >= MAX_INCLUDE_DEPTH) {
        as_diags_add(L->d, from, "includes nest deeper than %d files", MAX_INCLUDE_DEPTH);
        return;
    }
    if (L->r->nfiles >= MAX_FILES) { /* a file including another many times, and so on down */
        if (!L->too_many_files)
            as_diags_add(L->d, from, "more than %d rule files are read: '%s' is not", MAX_FILES,
                         path);
        L->too_many_files = L->unreadable = true;
        return;
    }
    const char **slot = PUSH(L, L->r->files, L->r->nfiles, L->cap_files);
    if (slot)
        *slot = path;
    as_ydoc y;
    as_diags local;
    as_diags_init(&local);
    int rc = as_ydoc_load(&y, path, L->r->arena, &local);
    if (rc != 0 && from.file && local.n && local.items[0].loc.line == 0) {
        /* a missing include is reported where it is named */
        as_diags_add(L->d, from, "cannot include '%s': %s", path, local.items[0].text.en);
        as_diags_release(&local);
        L->unreadable = true;
        return;
    }
    as_diags_move(L->d, &local);
    if (rc != 0) {
        L->unreadable = true;
        return;
    }
    L->stack[L->depth++] = path;
    yaml_node_t *root = as_ydoc_root(&y);
    if (as_ydoc_expect_map(&y, root, "rule file", L->d))
        read_sections(L, &y, root);
    L->depth--;
    as_ydoc_release(&y);
}
