/* rules: loading a rule set in two phases.  Phase 1 reads each YAML file
 * (following include:) and parses every formula; phase 2 builds the name
 * tables, binds every formula name, checks quantities for cycles and checks
 * that grading covers every combination exactly once.  Nothing is computed
 * for a province here. */
#include "engine/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/suggest.h"
#include "engine/ydoc.h"

enum { MAX_INCLUDE_DEPTH = 8, MAX_FILES = 256, MAX_ITEMS = 100000, MAX_PROVINCE_NAME = 64 };

/* A title given to an input section (sections:). */
typedef struct {
    const char *id, *name_zh, *name_en;
    as_loc loc;
} section_title;

/* Loader state shared by both phases. */
typedef struct {
    as_ruleset *r;         /* being built */
    as_diags *d;           /* where problems go */
    section_title *titles; /* in the rule set's arena */
    size_t ntitles;
    size_t cap_prov, cap_in, cap_q, cap_p, cap_t, cap_ind, cap_g, cap_files, cap_titles, cap_plaus;
    bool have_ruleset;      /* a ruleset: block was seen */
    bool have_grading;      /* a grading: block was seen */
    bool have_plausibility; /* a plausibility: block was seen */
    size_t cap_unc;         /* capacity of r->uncertainty */
    bool unreadable;        /* a file could not be read or parsed: names may be missing */
    bool full;              /* a list reached MAX_ITEMS: the rest of it is not read */
    bool too_many_files;    /* MAX_FILES were read: the rest are not */
    as_loc grading_loc;
    const char *stack[MAX_INCLUDE_DEPTH + 1]; /* files being read, for cycles */
    int depth;
} loader;

static const char *const builtin_names[AS_BUILTIN_COUNT] = {"year", "base_year", "control_missed",
                                                            "support_missed", "fraud"};

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
static void oom(loader *L, as_loc loc)
{
    if (!L->full)
        as_diags_add(L->d, loc, "out of memory");
}

/* Make room for one more element in an arena array; returns the new slot
 * (zeroed) or NULL when out of memory or over MAX_ITEMS (L->full set). */
static void *push(loader *L, void **items, size_t *n, size_t *cap, size_t size)
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

#define PUSH(L, arr, n, cap) push((L), (void **)&(arr), &(n), &(cap), sizeof *(arr))

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
static int get_id(loader *L, as_ydoc *y, yaml_node_t *m, const char *what, const char **out)
{
    if (as_ydoc_get_str(y, m, "id", what, true, L->r->arena, out, L->d) != 0)
        return -1;
    yaml_node_t *n = as_ydoc_get(y, m, "id");
    if (!valid_ident(*out)) {
        as_diags_add(L->d, as_ydoc_loc(y, n),
                     "invalid id '%s': use letters, digits and '_', not starting with a digit",
                     *out);
        return -1;
    }
    if (reserved(*out)) {
        as_diags_add(L->d, as_ydoc_loc(y, n), "id '%s' is reserved", *out);
        return -1;
    }
    return 0;
}

static int get_text(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                    bool required, const char **out)
{
    return as_ydoc_get_str(y, m, key, what, required, L->r->arena, out, L->d) < 0 ? -1 : 0;
}

/* Parse the formula held by m[key]. */
static int get_formula(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                       as_formula *f)
{
    yaml_node_t *n = as_ydoc_get(y, m, key);
    if (!n) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "missing field '%s' in %s", key, what);
        return -1;
    }
    const char *text = as_ydoc_scalar(n);
    if (!text) {
        as_diags_add(L->d, as_ydoc_loc(y, n), "'%s' must be a formula (text)", key);
        return -1;
    }
    as_expr_error err;
    f->loc = as_ydoc_text_loc(y, n, 0);
    f->exact_cols = n->start_mark.line == n->end_mark.line &&
                    n->data.scalar.style != YAML_LITERAL_SCALAR_STYLE &&
                    n->data.scalar.style != YAML_FOLDED_SCALAR_STYLE;
    f->expr = as_expr_parse(L->r->arena, text, &err);
    if (!f->expr) {
        as_diags_add_text(L->d, AS_SEV_ERROR, as_formula_loc(f, err.offset), err.msg);
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

/* Call fn for each mapping item of the list m[key]; what names one item. */
typedef int (*item_fn)(loader *L, as_ydoc *y, yaml_node_t *item);

static void each_item(loader *L, as_ydoc *y, yaml_node_t *list, const char *key, const char *what,
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
    get_text(L, y, m, "id", "ruleset", true, &r->id);
    get_text(L, y, m, "title_zh", "ruleset", true, &r->title_zh);
    get_text(L, y, m, "title_en", "ruleset", true, &r->title_en);
    get_text(L, y, m, "source", "ruleset", true, &r->source);
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
        oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    p->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "province", keys, L->d);
    int rc = get_text(L, y, m, "code", "province", true, &p->code);
    rc |= get_text(L, y, m, "name_zh", "province", true, &p->name_zh);
    rc |= get_text(L, y, m, "name_en", "province", true, &p->name_en);
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
                                       "unit_zh", "min",     "max",     NULL};
    as_ruleset *r = L->r;
    as_input *in = PUSH(L, r->inputs, r->ninputs, L->cap_in);
    if (!in) {
        oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    in->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "input", keys, L->d);
    int rc = get_id(L, y, m, "input", &in->id);
    rc |= get_text(L, y, m, "section", "input", true, &in->section);
    rc |= get_text(L, y, m, "name_zh", "input", true, &in->name_zh);
    rc |= get_text(L, y, m, "name_en", "input", true, &in->name_en);
    rc |= get_text(L, y, m, "unit", "input", true, &in->unit);
    rc |= get_text(L, y, m, "unit_zh", "input", false, &in->unit_zh);
    rc |= read_bound(L, y, m, "min", &in->has_min, &in->min);
    rc |= read_bound(L, y, m, "max", &in->has_max, &in->max);
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
        oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    t->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "section", keys, L->d);
    int rc = get_text(L, y, m, "id", "section", true, &t->id);
    rc |= get_text(L, y, m, "name_zh", "section", true, &t->name_zh);
    rc |= get_text(L, y, m, "name_en", "section", true, &t->name_en);
    return rc;
}

static int read_quantity(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id",      "name_zh", "name_en", "unit",
                                       "formula", "source",  NULL};
    as_ruleset *r = L->r;
    as_quantity *q = PUSH(L, r->quantities, r->nquantities, L->cap_q);
    if (!q) {
        oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    q->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "quantity", keys, L->d);
    int rc = get_id(L, y, m, "quantity", &q->id);
    rc |= get_text(L, y, m, "name_zh", "quantity", true, &q->name_zh);
    rc |= get_text(L, y, m, "name_en", "quantity", true, &q->name_en);
    rc |= get_text(L, y, m, "unit", "quantity", true, &q->unit);
    rc |= get_text(L, y, m, "source", "quantity", false, &q->source);
    rc |= get_formula(L, y, m, "formula", "quantity", &q->formula);
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
        oom(L, as_ydoc_loc(y, list));
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
        r1 |= get_text(L, y, v, "source", "parameter value", true, &pv->source);
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
        oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    p->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "parameter", keys, L->d);
    int rc = get_id(L, y, m, "parameter", &p->id);
    rc |= get_text(L, y, m, "name_zh", "parameter", true, &p->name_zh);
    rc |= get_text(L, y, m, "name_en", "parameter", true, &p->name_en);
    rc |= get_text(L, y, m, "unit", "parameter", true, &p->unit);
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
        oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    t->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "target", keys, L->d);
    const char *period = NULL;
    int rc = get_id(L, y, m, "target", &t->id);
    rc |= get_text(L, y, m, "name_zh", "target", true, &t->name_zh);
    rc |= get_text(L, y, m, "name_en", "target", true, &t->name_en);
    rc |= get_text(L, y, m, "unit", "target", true, &t->unit);
    rc |= get_text(L, y, m, "period", "target", true, &period);
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
    if (get_text(L, y, m, "compare", "check", true, &s) != 0)
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
    int rc = get_formula(L, y, m, "target", "plan", &plan->target);
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
    static const char *const keys[] = {"name",     "value",     "compare", "target",
                                       "rounding", "judgement", "plan",    NULL};
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
        int r1 = get_text(L, y, c, "name", "check", true, &cd->name);
        r1 |= get_formula(L, y, c, "value", "check", &cd->value);
        r1 |= read_cmp(L, y, c, &cd->cmp);
        r1 |= get_formula(L, y, c, "target", "check", &cd->target);
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
        int r1 = get_text(L, y, e, "province", "exemption", true, &ex->code);
        r1 |= get_text(L, y, e, "reason", "exemption", true, &ex->reason);
        if (r1 == 0)
            ind->nexempt++;
        else
            rc = -1;
    }
    return rc;
}

/* m[key], one of the n names (its index in *out, left alone when the key is
 * absent and not required); "unknown KEY 'x': use 'a', 'b' or 'c'" else. */
static int read_choice(loader *L, as_ydoc *y, yaml_node_t *m, const char *key,
                       const char *const *names, size_t n, const char *what, bool required,
                       int *out)
{
    const char *s = NULL;
    int rc = as_ydoc_get_str(y, m, key, what, required, L->r->arena, &s, L->d);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, names[i])) {
            *out = (int)i;
            return 0;
        }
    char list[256] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof list; i++) {
        int w = snprintf(list + len, sizeof list - len, "%s'%s'",
                         i == 0       ? ""
                         : i + 1 == n ? " or "
                                      : ", ",
                         names[i]);
        len += w > 0 ? (size_t)w : 0;
    }
    as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, key)), "unknown %s '%s': use %s", key, s,
                 list);
    return -1;
}

static int read_enum(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *a,
                     const char *b, const char *what, bool required, int *out)
{
    const char *const names[] = {a, b};
    return read_choice(L, y, m, key, names, 2, what, required, out);
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
        oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    ind->loc = as_ydoc_loc(y, m);
    ind->decimals = -1;
    as_ydoc_check_keys(y, m, "indicator", keys, L->d);
    int kind = 0, display = 0, nodata = 0;
    long dec = -1;
    int rc = get_id(L, y, m, "indicator", &ind->id);
    rc |= read_enum(L, y, m, "kind", "control", "support", "indicator", true, &kind);
    rc |= get_text(L, y, m, "name_zh", "indicator", true, &ind->name_zh);
    rc |= get_text(L, y, m, "name_en", "indicator", true, &ind->name_en);
    rc |= get_text(L, y, m, "unit", "indicator", true, &ind->unit);
    rc |= get_text(L, y, m, "unit_zh", "indicator", false, &ind->unit_zh);
    rc |= get_text(L, y, m, "source", "indicator", true, &ind->source);
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
        oom(L, as_ydoc_loc(y, m));
        return -1;
    }
    g->loc = as_ydoc_loc(y, m);
    as_ydoc_check_keys(y, m, "grade", keys, L->d);
    long days = 0;
    int rc = get_id(L, y, m, "grade", &g->id);
    rc |= get_text(L, y, m, "name_zh", "grade", true, &g->name_zh);
    rc |= get_text(L, y, m, "name_en", "grade", true, &g->name_en);
    rc |= get_formula(L, y, m, "when", "grade", &g->when);
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
    get_text(L, y, m, "source", "grading", true, &L->r->grading_source);
    yaml_node_t *list = as_ydoc_get(y, m, "grades");
    if (!list)
        as_diags_add(L->d, L->grading_loc, "missing field 'grades' in grading");
    else
        each_item(L, y, list, "grades", "grade", read_grade);
}

/* ------------------------------------------------------------ phase 1: plausibility */

static int read_severity(loader *L, as_ydoc *y, yaml_node_t *m, const char *what, as_severity *out)
{
    static const char *const names[] = {"error", "warning", "note"};
    const char *s = NULL;
    if (get_text(L, y, m, "severity", what, true, &s) != 0)
        return -1;
    for (int i = 0; i < 3; i++)
        if (!strcmp(s, names[i])) {
            *out = (as_severity)i;
            return 0;
        }
    as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "severity")),
                 "'severity' must be 'error', 'warning' or 'note', got '%s'", s);
    return -1;
}

static as_plaus_def *new_plaus(loader *L, as_ydoc *y, yaml_node_t *m)
{
    as_ruleset *r = L->r;
    as_plaus_def *p = PUSH(L, r->plausibility, r->nplausibility, L->cap_plaus);
    if (!p)
        oom(L, as_ydoc_loc(y, m));
    else
        p->loc = as_ydoc_loc(y, m);
    return p;
}

static int read_require(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id", "severity", "formula", "name_zh", "name_en", NULL};
    as_plaus_def *p = new_plaus(L, y, m);
    if (!p)
        return -1;
    p->kind = AS_PLAUS_REQUIRE;
    as_ydoc_check_keys(y, m, "plausibility check", keys, L->d);
    int rc = get_id(L, y, m, "plausibility check", &p->id);
    rc |= read_severity(L, y, m, "plausibility check", &p->severity);
    rc |= get_text(L, y, m, "name_zh", "plausibility check", true, &p->name_zh);
    rc |= get_text(L, y, m, "name_en", "plausibility check", true, &p->name_en);
    rc |= get_formula(L, y, m, "formula", "plausibility check", &p->require);
    return rc;
}

/* change: {severity, source, max: {input: fraction, ...}}; inputs are
 * resolved once every file is read (resolve_plausibility). */
static void read_change(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"severity", "source", "max", NULL};
    as_severity sev = AS_SEV_WARNING;
    if (!as_ydoc_expect_map(y, m, "change", L->d))
        return;
    as_ydoc_check_keys(y, m, "change", keys, L->d);
    read_severity(L, y, m, "change", &sev);
    yaml_node_t *max = as_ydoc_get(y, m, "max");
    if (!max) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "missing field 'max' in change");
        return;
    }
    if (!as_ydoc_expect_map(y, max, "max", L->d))
        return;
    for (yaml_node_pair_t *q = max->data.mapping.pairs.start; q < max->data.mapping.pairs.top;
         q++) {
        yaml_node_t *kn = as_ydoc_node(y, q->key), *vn = as_ydoc_node(y, q->value);
        as_plaus_def *p = new_plaus(L, y, kn);
        const char *id = NULL;
        if (!p || as_ydoc_to_str(y, kn, "input", L->r->arena, &id, L->d) != 0)
            continue;
        p->kind = AS_PLAUS_CHANGE;
        p->id = id;
        p->severity = sev;
        if (as_ydoc_to_num(y, vn, id, &p->max_change, L->d) == 0 && p->max_change <= 0)
            as_diags_add(L->d, as_ydoc_loc(y, vn),
                         "the largest change of '%s' must be above 0 (a fraction: 0.3 = 30 %%), "
                         "got %g",
                         id, p->max_change);
    }
}

/* unit_slip: {severity, factors: [10000, 0.0001], within: 3}. */
static void read_unit_slip(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"severity", "factors", "within", "source", NULL};
    as_ruleset *r = L->r;
    if (!as_ydoc_expect_map(y, m, "unit_slip", L->d))
        return;
    as_ydoc_check_keys(y, m, "unit_slip", keys, L->d);
    read_severity(L, y, m, "unit_slip", &r->slip_severity);
    if (as_ydoc_get_num(y, m, "within", "unit_slip", true, &r->slip_within, L->d) == 0 &&
        r->slip_within <= 1)
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "within")),
                     "'within' must be above 1 (3: a third to three times the factor), got %g",
                     r->slip_within);
    yaml_node_t *f = as_ydoc_get(y, m, "factors");
    if (!f) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "missing field 'factors' in unit_slip");
        return;
    }
    if (!as_ydoc_expect_seq(y, f, "factors", L->d))
        return;
    size_t n = (size_t)(f->data.sequence.items.top - f->data.sequence.items.start);
    r->slip_factors = as_arena_alloc(r->arena, (n ? n : 1) * sizeof *r->slip_factors);
    for (size_t i = 0; r->slip_factors && i < n; i++) {
        yaml_node_t *v = as_ydoc_node(y, f->data.sequence.items.start[i]);
        double x;
        if (as_ydoc_to_num(y, v, "factors", &x, L->d) != 0)
            continue;
        if (x <= 0 || x == 1)
            as_diags_add(L->d, as_ydoc_loc(y, v),
                         "a unit-slip factor must be above 0 and not 1, got %g", x);
        else
            r->slip_factors[r->nslip_factors++] = x;
    }
}

static void read_plausibility(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"source", "require", "change", "unit_slip", NULL};
    if (L->have_plausibility) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "'plausibility' is given twice");
        return;
    }
    L->have_plausibility = true;
    if (!as_ydoc_expect_map(y, m, "plausibility", L->d))
        return;
    as_ydoc_check_keys(y, m, "plausibility", keys, L->d);
    get_text(L, y, m, "source", "plausibility", false, &L->r->plausibility_source);
    yaml_node_t *n;
    if ((n = as_ydoc_get(y, m, "require")))
        each_item(L, y, n, "require", "plausibility check", read_require);
    if ((n = as_ydoc_get(y, m, "change")))
        read_change(L, y, n);
    if ((n = as_ydoc_get(y, m, "unit_slip")))
        read_unit_slip(L, y, n);
}

/* ------------------------------------------------------------ phase 1: uncertainty */

static const char *const distribution_names[] = {"normal", "lognormal", "uniform", "triangular"};
static const char *const correlation_names[] = {"per_province_year", "per_province", "per_year",
                                                "shared"};

/* The largest spread of each distribution, and why: a relative error that
 * can reach -100 % would make a value zero or change its sign. */
static const struct {
    double max;
    const char *why;
} spread_limits[] = {
    [AS_DIST_NORMAL] = {0.3, " (a wider normal error can make a value negative: use lognormal)"},
    [AS_DIST_LOGNORMAL] = {10, ""},
    [AS_DIST_UNIFORM] = {0.9, " (a wider one reaches zero: use lognormal)"},
    [AS_DIST_TRIANGULAR] = {0.7, " (a wider one reaches zero: use lognormal)"},
};

/* Distribution, spread, correlation and source of one declaration. */
static int read_error_model(loader *L, as_ydoc *y, yaml_node_t *m, const char *what,
                            as_uncertainty_def *u)
{
    int dist = 0, corr = (int)u->corr;
    int rc = read_choice(L, y, m, "distribution", distribution_names, 4, what, true, &dist);
    rc |= read_choice(L, y, m, "correlation", correlation_names, 4, what, false, &corr);
    rc |= get_text(L, y, m, "source", what, true, &u->source);
    u->dist = (as_distribution)dist;
    u->corr = (as_correlation)corr;
    int src = as_ydoc_get_num(y, m, "spread", what, true, &u->spread, L->d);
    if (src == 0 && rc == 0 && !(u->spread > 0 && u->spread <= spread_limits[u->dist].max)) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "spread")),
                     "'spread' of a %s error must be above 0 and at most %g%s, got %g",
                     distribution_names[u->dist], spread_limits[u->dist].max,
                     spread_limits[u->dist].why, u->spread);
        rc = -1;
    }
    return src != 0 ? -1 : rc;
}

static as_uncertainty_def *new_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m)
{
    as_ruleset *r = L->r;
    as_uncertainty_def *u = PUSH(L, r->uncertainty, r->nuncertainty, L->cap_unc);
    if (!u)
        oom(L, as_ydoc_loc(y, m));
    else
        u->loc = as_ydoc_loc(y, m);
    return u;
}

/* One entry of uncertainty.inputs: an input or a section, named here and
 * resolved once every file is read. */
static int read_input_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"input",  "section", "distribution", "spread", "correlation",
                                       "source", NULL};
    as_uncertainty_def *u = new_uncertainty(L, y, m);
    if (!u)
        return -1;
    as_ydoc_check_keys(y, m, "input uncertainty", keys, L->d);
    u->ref_kind = AS_REF_INPUT;
    u->corr = AS_CORR_PER_PROVINCE_YEAR;
    yaml_node_t *in = as_ydoc_get(y, m, "input"), *sec = as_ydoc_get(y, m, "section");
    int rc = 0;
    if (in && sec) {
        as_diags_add(L->d, as_ydoc_loc(y, sec), "give 'input' or 'section', not both");
        rc = -1;
    } else if (!in && !sec) {
        as_diags_add(L->d, u->loc, "missing field 'input' or 'section' in input uncertainty");
        rc = -1;
    } else {
        u->section = sec != NULL;
        u->name_loc = as_ydoc_loc(y, in ? in : sec);
        rc = get_text(L, y, m, in ? "input" : "section", "input uncertainty", true, &u->name);
    }
    rc |= read_error_model(L, y, m, "input uncertainty", u);
    if (rc != 0)
        L->r->nuncertainty--; /* reported: not compared with the others */
    return rc;
}

static int read_param_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"parameter",   "distribution", "spread",
                                       "correlation", "source",       NULL};
    as_uncertainty_def *u = new_uncertainty(L, y, m);
    if (!u)
        return -1;
    as_ydoc_check_keys(y, m, "parameter uncertainty", keys, L->d);
    u->ref_kind = AS_REF_PARAM;
    u->corr = AS_CORR_SHARED;
    yaml_node_t *n = as_ydoc_get(y, m, "parameter");
    u->name_loc = n ? as_ydoc_loc(y, n) : u->loc;
    int rc = get_text(L, y, m, "parameter", "parameter uncertainty", true, &u->name);
    rc |= read_error_model(L, y, m, "parameter uncertainty", u);
    if (rc != 0)
        L->r->nuncertainty--;
    return rc;
}

static void read_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"source", "inputs", "parameters", NULL};
    as_ruleset *r = L->r;
    if (r->uncertainty_loc.line) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "'uncertainty' is given twice");
        return;
    }
    r->uncertainty_loc = as_ydoc_loc(y, m);
    if (!as_ydoc_expect_map(y, m, "uncertainty", L->d))
        return;
    as_ydoc_check_keys(y, m, "uncertainty", keys, L->d);
    get_text(L, y, m, "source", "uncertainty", false, &r->uncertainty_source);
    yaml_node_t *n;
    if ((n = as_ydoc_get(y, m, "inputs")))
        each_item(L, y, n, "inputs", "input uncertainty", read_input_uncertainty);
    if ((n = as_ydoc_get(y, m, "parameters")))
        each_item(L, y, n, "parameters", "parameter uncertainty", read_param_uncertainty);
}

/* ------------------------------------------------------------ phase 1: files */

static void load_file(loader *L, const char *path, as_loc from);

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
            load_file(L, path, as_ydoc_loc(y, n));
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
        each_item(L, y, n, "provinces", "province", read_province);
    if ((n = as_ydoc_get(y, root, "sections")))
        each_item(L, y, n, "sections", "section", read_section_title);
    if ((n = as_ydoc_get(y, root, "inputs")))
        each_item(L, y, n, "inputs", "input", read_input);
    if ((n = as_ydoc_get(y, root, "quantities")))
        each_item(L, y, n, "quantities", "quantity", read_quantity);
    if ((n = as_ydoc_get(y, root, "parameters")))
        each_item(L, y, n, "parameters", "parameter", read_param);
    if ((n = as_ydoc_get(y, root, "targets")))
        each_item(L, y, n, "targets", "target", read_target);
    if ((n = as_ydoc_get(y, root, "indicators")))
        each_item(L, y, n, "indicators", "indicator", read_indicator);
    if ((n = as_ydoc_get(y, root, "grading")))
        read_grading(L, y, n);
    if ((n = as_ydoc_get(y, root, "uncertainty")))
        read_uncertainty(L, y, n);
    if ((n = as_ydoc_get(y, root, "plausibility")))
        read_plausibility(L, y, n);
}

static void load_file(loader *L, const char *path, as_loc from)
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

/* ------------------------------------------------------------ phase 2: names */

typedef enum { CTX_QUANTITY, CTX_CHECK, CTX_GRADING } bind_ctx;

typedef struct {
    loader *L;
    as_strmap names; /* input/quantity/parameter id -> index * 4 + kind */
} binder;

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
        oom(B->L, loc);
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

static void build_maps(binder *B)
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

static void build_sections(loader *L)
{
    as_ruleset *r = L->r;
    size_t n = r->ninputs ? r->ninputs : 1;
    r->sections = as_arena_alloc(r->arena, n * sizeof *r->sections);
    r->section_zh = as_arena_alloc(r->arena, n * sizeof *r->section_zh);
    r->section_en = as_arena_alloc(r->arena, n * sizeof *r->section_en);
    if (!r->sections || !r->section_zh || !r->section_en) {
        oom(L, as_loc_make(r->path, 0, 0));
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
        if (!strcmp(builtin_names[b], name))
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

static void bind_all(binder *B)
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

static void check_cycles(loader *L)
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

static void resolve_exemptions(loader *L)
{
    as_ruleset *r = L->r;
    for (size_t i = 0; i < r->nindicators; i++)
        for (size_t e = 0; e < r->indicators[i].nexempt; e++) {
            as_exemption *ex = &r->indicators[i].exempt[e];
            if (as_rules_province(r, ex->code, &ex->province) != 0)
                as_diags_add(L->d, ex->loc, "unknown province '%s' in exemption", ex->code);
        }
}

/* Bind each change bound to its input. */
static void resolve_plausibility(loader *L)
{
    as_ruleset *r = L->r;
    const char **ids = calloc(r->ninputs ? r->ninputs : 1, sizeof *ids);
    for (size_t i = 0; ids && i < r->ninputs; i++)
        ids[i] = r->inputs[i].id;
    for (size_t i = 0; i < r->nplausibility; i++) {
        as_plaus_def *p = &r->plausibility[i];
        char near[200];
        if (p->kind != AS_PLAUS_CHANGE || !p->id || as_rules_input(r, p->id, &p->input) == 0)
            continue;
        if (ids && as_suggest(p->id, ids, r->ninputs, near, sizeof near))
            as_diags_add(L->d, p->loc, "unknown input '%s' in change: did you mean %s?", p->id,
                         near);
        else
            as_diags_add(L->d, p->loc, "unknown input '%s' in change", p->id);
    }
    free(ids);
}

/* ------------------------------------------------------------ phase 2: uncertainty */

/* The index of declaration u's input or parameter, or false after reporting
 * an unknown name (a section: whether any input has it). */
static bool resolve_name(binder *B, as_uncertainty_def *u)
{
    as_ruleset *r = B->L->r;
    size_t v;
    if (u->section) {
        for (size_t i = 0; i < r->nsections; i++)
            if (!strcmp(r->sections[i], u->name))
                return true;
        char list[512] = "";
        size_t len = 0;
        for (size_t i = 0; i < r->nsections && len < sizeof list; i++) {
            int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", r->sections[i]);
            len += w > 0 ? (size_t)w : 0;
        }
        as_diags_add(B->L->d, u->name_loc,
                     "unknown section '%s' in uncertainty: the inputs' sections are %s", u->name,
                     list);
        return false;
    }
    static const char *const what[] = {"an input", "a quantity", "a parameter"};
    int want = u->ref_kind;
    bool found = as_strmap_get(&B->names, u->name, &v) == 0;
    if (found && (int)(v % 4) == want) {
        u->index = v / 4;
        return true;
    }
    if (found && v % 4 == AS_REF_QUANTITY)
        as_diags_add(B->L->d, u->name_loc,
                     "'%s' is a quantity: declare the uncertainty of the inputs and parameters "
                     "it reads",
                     u->name);
    else if (found)
        as_diags_add(B->L->d, u->name_loc, "'%s' is %s, not %s", u->name, what[v % 4], what[want]);
    else
        as_diags_add(B->L->d, u->name_loc, "unknown %s '%s' in uncertainty",
                     want == AS_REF_INPUT ? "input" : "parameter", u->name);
    return false;
}

static bool same_subject(const as_uncertainty_def *a, const as_uncertainty_def *b)
{
    if (a->ref_kind != b->ref_kind || a->section != b->section)
        return false;
    return a->section ? !strcmp(a->name, b->name) : a->index == b->index;
}

/* The declarations that apply to one input or parameter: its own, or (an
 * input without any) its section's.  Arena-owned; *n 0 when none. */
static const size_t *applying(as_ruleset *r, int kind, size_t index, const char *section, size_t *n)
{
    size_t *out = NULL;
    *n = 0;
    for (int pass = 0; pass < 2 && *n == 0; pass++) { /* own, then the section's */
        for (size_t k = 0; k < r->nuncertainty; k++) {
            const as_uncertainty_def *u = &r->uncertainty[k];
            bool hit = u->ref_kind == kind &&
                       (pass == 0 ? !u->section && u->index == index
                                  : u->section && section && !strcmp(u->name, section));
            if (!hit)
                continue;
            if (!out && !(out = as_arena_alloc(r->arena, r->nuncertainty * sizeof *out)))
                return NULL;
            out[(*n)++] = k;
        }
        if (kind != AS_REF_INPUT)
            break;
    }
    return out;
}

/* Bind every declaration to its input, section or parameter, refuse one
 * given twice with the same correlation, and list on each input and
 * parameter the declarations that apply to it. */
static void resolve_uncertainty(binder *B)
{
    as_ruleset *r = B->L->r;
    bool ok = true;
    for (size_t k = 0; k < r->nuncertainty; k++) {
        as_uncertainty_def *u = &r->uncertainty[k];
        if (!u->name || !resolve_name(B, u)) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < k; j++) {
            const as_uncertainty_def *v = &r->uncertainty[j];
            if (v->name && same_subject(u, v) && u->corr == v->corr) {
                as_diags_add(B->L->d, u->loc,
                             "uncertainty of %s '%s' with correlation '%s' is given twice "
                             "(first at line %d)",
                             u->section                    ? "section"
                             : u->ref_kind == AS_REF_INPUT ? "input"
                                                           : "parameter",
                             u->name, correlation_names[u->corr], v->loc.line);
                ok = false;
                break;
            }
        }
    }
    if (!ok || !r->nuncertainty)
        return;
    for (size_t i = 0; i < r->ninputs; i++)
        r->inputs[i].uncertain =
            applying(r, AS_REF_INPUT, i, r->inputs[i].section, &r->inputs[i].nuncertain);
    for (size_t i = 0; i < r->nparams; i++)
        r->params[i].uncertain = applying(r, AS_REF_PARAM, i, NULL, &r->params[i].nuncertain);
}

/* Settle each plan's final year (the rules' last year unless stated) and
 * count the checks with a plan. */
static void resolve_plans(loader *L)
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
static void resolve_judgements(loader *L)
{
    as_ruleset *r = L->r;
    r->judged_en = judged_text(r->arena, r->rounding, r->judgement, EACH_INDICATOR, false);
    r->judged_zh = judged_text(r->arena, r->rounding, r->judgement, EACH_INDICATOR, true);
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
            cd->judged_en = judged_text(r->arena, cd->rounding, cd->judgement, cd->decimals, false);
            cd->judged_zh = judged_text(r->arena, cd->rounding, cd->judgement, cd->decimals, true);
        }
    }
}

/* ------------------------------------------------------------ phase 2: grading */

typedef struct {
    int control_missed, support_missed, fraud;
} grade_case;

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
static int grade_applies(const as_grade_def *g, const grade_case *c, as_arena *a,
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
        int a = grade_applies(&r->grades[i], gc, r->arena, &fail);
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

static void check_coverage(loader *L)
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
    load_file(&L, r->path, as_loc_make(NULL, 0, 0));
    if (!L.unreadable) { /* bind even after field errors, to report every problem */
        r->min_year_read = r->base_year;
        binder B = {.L = &L};
        as_strmap_init(&B.names);
        check_required(&L);
        build_maps(&B);
        build_sections(&L);
        bind_all(&B);
        resolve_uncertainty(&B);
        as_strmap_release(&B.names);
        resolve_plans(&L);
        resolve_exemptions(&L);
        resolve_plausibility(&L);
        resolve_judgements(&L);
    }
    if (as_diags_count(d) == before) {
        check_cycles(&L);
        check_coverage(&L);
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

const char *as_input_unit_text(const as_input *in, char *buf, size_t n)
{
    if (!in->unit_zh || !strcmp(in->unit_zh, in->unit))
        return in->unit;
    /* "unit (单位)", put together without printf: it is asked for every figure read */
    size_t a = strlen(in->unit), b = strlen(in->unit_zh);
    if (a + b + 4 > n) {
        snprintf(buf, n, "%s (%s)", in->unit, in->unit_zh);
        return buf;
    }
    memcpy(buf, in->unit, a);
    memcpy(buf + a, " (", 2);
    memcpy(buf + a + 2, in->unit_zh, b);
    memcpy(buf + a + 2 + b, ")", 2);
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
        if (grade_applies(&r->grades[i], &gc, NULL, NULL) == 1)
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

const char *as_distribution_name(as_distribution d)
{
    return distribution_names[d];
}

const char *as_correlation_name(as_correlation c)
{
    return correlation_names[c];
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
        return index < AS_BUILTIN_COUNT ? builtin_names[index] : "?";
    }
}
