/* plan: reading a plan file in two phases, as rules.c reads a rule set.
 * Phase 1 reads each block (plan, proposal, statistics, province, national,
 * tiers, adjustments) and parses every formula; phase 2 loads the rule set
 * the plan names, binds every formula name (plan_bind.c) and checks what
 * refers to what.  Nothing is computed for a province here. */
#include "engine/plan.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/plan_bind.h"
#include "input/ydoc.h"

/* ------------------------------------------------------------ utilities */

/* The number of entries of list m[key] (0 when absent), after checking it
 * is a list of at most AS_PLAN_MAX_ITEMS mappings. */
static size_t list_len(plan_loader *L, as_ydoc *y, yaml_node_t *list, const char *key)
{
    if (!list || !as_ydoc_expect_seq(y, list, key, L->d))
        return 0;
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (n > AS_PLAN_MAX_ITEMS) {
        as_diags_add(L->d, as_ydoc_loc(y, list), "more than %d entries in '%s'", AS_PLAN_MAX_ITEMS,
                     key);
        return 0;
    }
    return n;
}

void *as_plan_alloc(plan_loader *L, size_t n, size_t size)
{
    void *p = as_arena_alloc(L->p->arena, (n ? n : 1) * size);
    if (!p)
        as_diags_add(L->d, as_loc_make(L->p->path, 0, 0), "out of memory");
    return p;
}

/* m's id: letters, digits and '_', not a word the formulas reserve nor
 * "national" (a plan's formulas read national statistics so). */
static int get_id(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *what, const char **out)
{
    return as_rules_read_id(y, m, what, "national", L->p->arena, out, L->d);
}

int as_plan_text(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                 bool required, const char **out)
{
    return as_ydoc_get_str(y, m, key, what, required, L->p->arena, out, L->d) < 0 ? -1 : 0;
}

int as_plan_choice(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *key,
                   const char *const *names, const char *what, bool required, int *out)
{
    size_t n = 0;
    while (names[n])
        n++;
    return as_ydoc_get_choice(y, m, key, what, names, n, required, L->p->arena, out, L->d) < 0 ? -1
                                                                                               : 0;
}

int as_plan_formula(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                    as_formula *f)
{
    return as_formula_read(y, m, key, what, L->p->arena, f, L->d);
}

/* The display of a figure: `display` (number, percent) and `decimals`. */
static int read_display(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *what,
                        as_display *display, int *decimals)
{
    static const char *const names[] = {"number", "percent", NULL};
    int v = 0;
    long dec = -1;
    int rc = as_plan_choice(L, y, m, "display", names, what, false, &v);
    *display = (as_display)v;
    int got = as_ydoc_get_int(y, m, "decimals", what, false, &dec, L->d);
    if (got < 0)
        return -1;
    if (got == 0 && (dec < 0 || dec > 12)) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "decimals")),
                     "'decimals' must be 0 to 12, got %ld", dec);
        return -1;
    }
    *decimals = (int)dec;
    return rc;
}

/* ------------------------------------------------------------ plan: */

static void read_header(plan_loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id",          "title_zh",  "title_en",
                                       "rules",       "base_year", "final_year",
                                       "approved_by", "source",    NULL};
    as_plan *p = L->p;
    if (!as_ydoc_expect_map(y, m, "plan", L->d))
        return;
    as_ydoc_check_keys(y, m, "plan", keys, L->d);
    long base = 0, final = 0;
    const char *rules = NULL;
    as_plan_text(L, y, m, "id", "plan", true, &p->id);
    as_plan_text(L, y, m, "title_zh", "plan", true, &p->title_zh);
    as_plan_text(L, y, m, "title_en", "plan", true, &p->title_en);
    as_plan_text(L, y, m, "source", "plan", true, &p->source);
    as_plan_text(L, y, m, "approved_by", "plan", true, &p->approved_by);
    int rc = as_plan_text(L, y, m, "rules", "plan", true, &rules);
    rc |= as_ydoc_get_int(y, m, "base_year", "plan", true, &base, L->d);
    rc |= as_ydoc_get_int(y, m, "final_year", "plan", true, &final, L->d);
    if (rc != 0)
        return;
    size_t len = p->id ? strlen(p->id) : 0;
    if (p->id && (!len || strspn(p->id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789_-") != len))
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "id")),
                     "invalid plan id '%s': use letters, digits, '_' and '-' (it names a folder)",
                     p->id);
    if (base < 1900 || final > 2200 || final <= base || final - base > AS_PLAN_MAX_YEARS) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "final_year")),
                     "'final_year' must come 1 to %d years after 'base_year' (%ld), got %ld",
                     AS_PLAN_MAX_YEARS, base, final);
        return;
    }
    p->base_year = (int)base;
    p->final_year = (int) final;
    p->rules_path = as_plan_relative(p->arena, p->path, rules);
    L->rules_loc = as_ydoc_loc(y, as_ydoc_get(y, m, "rules"));
}

/* ------------------------------------------------------------ proposal: and statistics: */

static int read_bound(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *key, bool *has,
                      double *v)
{
    int rc = as_ydoc_get_num(y, m, key, "item", false, v, L->d);
    *has = rc == 0;
    return rc < 0 ? -1 : 0;
}

/* approves: {plan: target, annual: target, final: target} */
static int read_approves(plan_loader *L, as_ydoc *y, yaml_node_t *m, as_plan_item *it)
{
    static const char *const keys[] = {"plan", "annual", "final", NULL};
    yaml_node_t *a = as_ydoc_get(y, m, "approves");
    if (!a)
        return 0;
    if (!as_ydoc_expect_map(y, a, "approves", L->d))
        return -1;
    as_ydoc_check_keys(y, a, "approves", keys, L->d);
    int rc = 0;
    for (int w = 0; w < 3; w++)
        rc |= as_plan_text(L, y, a, keys[w], "approves", false, &it->approves[w]);
    it->approves_loc = as_ydoc_loc(y, a);
    return rc;
}

static int read_item(plan_loader *L, as_ydoc *y, yaml_node_t *m, as_plan_item *it)
{
    static const char *const keys[] = {"id",      "kind", "measure",   "path",     "name_zh",
                                       "name_en", "unit", "unit_zh",   "display",  "decimals",
                                       "min",     "max",  "tolerance", "required", "approves",
                                       "source",  NULL};
    static const char *const kinds[] = {"target", "assumption", NULL};
    static const char *const measures[] = {"reduction", "growth", "level", NULL};
    static const char *const paths[] = {"none", "optional", "required", NULL};
    int kind = 0, measure = 0, path = 0;
    as_ydoc_check_keys(y, m, "item", keys, L->d);
    it->loc = as_ydoc_loc(y, m);
    it->required = true;
    int rc = get_id(L, y, m, "item", &it->id);
    rc |= as_plan_choice(L, y, m, "kind", kinds, "item", true, &kind);
    rc |= as_plan_choice(L, y, m, "measure", measures, "item", true, &measure);
    rc |= as_plan_choice(L, y, m, "path", paths, "item", true, &path);
    rc |= as_plan_text(L, y, m, "name_zh", "item", true, &it->name_zh);
    rc |= as_plan_text(L, y, m, "name_en", "item", true, &it->name_en);
    rc |= as_plan_text(L, y, m, "unit", "item", true, &it->unit);
    rc |= as_plan_text(L, y, m, "unit_zh", "item", false, &it->unit_zh);
    rc |= read_display(L, y, m, "item", &it->display, &it->decimals);
    rc |= read_bound(L, y, m, "min", &it->has_min, &it->min);
    rc |= read_bound(L, y, m, "max", &it->has_max, &it->max);
    rc |= as_ydoc_get_bool(y, m, "required", "item", false, &it->required, L->d) < 0;
    rc |= read_approves(L, y, m, it);
    it->kind = (as_item_kind)kind;
    it->measure = (as_item_measure)measure;
    it->path = (as_path_rule)path;
    int t = as_ydoc_get_num(y, m, "tolerance", "item", false, &it->tolerance, L->d);
    if (t == 0 && !(it->tolerance >= 0)) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "tolerance")),
                     "'tolerance' must not be negative");
        rc = -1;
    } else if (t == 1 && rc == 0 && it->path != AS_PATH_NONE &&
               (it->measure == AS_MEASURE_REDUCTION || it->path == AS_PATH_OPTIONAL)) {
        as_diags_add(L->d, it->loc,
                     "item '%s' has a path: give its 'tolerance' (how closely the "
                     "path must compound to the value, in %s)",
                     it->id, it->unit);
        rc = -1;
    }
    if (rc == 0 && it->measure == AS_MEASURE_LEVEL && it->path != AS_PATH_NONE) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "path")),
                     "item '%s' is a level in the final year: its path must be 'none'", it->id);
        rc = -1;
    }
    return rc;
}

static void read_items(plan_loader *L, as_ydoc *y, yaml_node_t *list, const char *key,
                       as_plan_item **out, size_t *nout)
{
    size_t n = list_len(L, y, list, key);
    as_plan_item *items = n ? as_plan_alloc(L, n, sizeof *items) : NULL;
    if (!items)
        return;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *m = as_ydoc_node(y, list->data.sequence.items.start[i]);
        if (as_ydoc_expect_map(y, m, key, L->d))
            read_item(L, y, m, &items[*nout]);
        if (items[*nout].id)
            (*nout)++;
    }
    *out = items;
}

/* ------------------------------------------------------------ province: and national: */

static int read_quantity(plan_loader *L, as_ydoc *y, yaml_node_t *m, as_plan_quantity *q)
{
    static const char *const keys[] = {"id",       "name_zh", "name_en", "unit", "display",
                                       "decimals", "formula", "source",  NULL};
    as_ydoc_check_keys(y, m, "province figure", keys, L->d);
    q->loc = as_ydoc_loc(y, m);
    int rc = get_id(L, y, m, "province figure", &q->id);
    rc |= as_plan_text(L, y, m, "name_zh", "province figure", true, &q->name_zh);
    rc |= as_plan_text(L, y, m, "name_en", "province figure", true, &q->name_en);
    rc |= as_plan_text(L, y, m, "unit", "province figure", true, &q->unit);
    rc |= read_display(L, y, m, "province figure", &q->display, &q->decimals);
    rc |= as_plan_formula(L, y, m, "formula", "province figure", &q->formula);
    return rc;
}

static int read_goal(plan_loader *L, as_ydoc *y, yaml_node_t *m, as_plan_figure *f)
{
    static const struct {
        const char *text;
        as_cmp cmp;
    } ops[] = {{"<=", AS_CMP_LE}, {"<", AS_CMP_LT}, {">=", AS_CMP_GE}, {">", AS_CMP_GT}};
    if (!as_ydoc_get(y, m, "goal")) {
        if (as_ydoc_get(y, m, "compare") || as_ydoc_get(y, m, "goal_source"))
            as_diags_add(L->d, f->loc, "national figure '%s' has no 'goal' to compare with",
                         f->id ? f->id : "?");
        return 0;
    }
    const char *s = NULL;
    f->has_goal = true; /* even when it cannot be read: nothing else follows from that */
    int rc = as_plan_formula(L, y, m, "goal", "national figure", &f->goal);
    rc |= as_plan_text(L, y, m, "goal_source", "national figure", true, &f->goal_source);
    if (as_plan_text(L, y, m, "compare", "national figure", true, &s) != 0 || rc != 0)
        return -1;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(ops[i].text, s)) {
            f->cmp = ops[i].cmp;
            return 0;
        }
    as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "compare")),
                 "unknown comparison '%s': use <=, <, >= or >", s);
    return -1;
}

static int read_figure(plan_loader *L, as_ydoc *y, yaml_node_t *m, as_plan_figure *f)
{
    static const char *const keys[] = {
        "id",   "name_zh", "name_en",     "unit",          "display", "decimals", "formula",
        "goal", "compare", "goal_source", "with_national", "source",  NULL};
    as_ydoc_check_keys(y, m, "national figure", keys, L->d);
    f->loc = as_ydoc_loc(y, m);
    int rc = get_id(L, y, m, "national figure", &f->id);
    rc |= as_plan_text(L, y, m, "name_zh", "national figure", true, &f->name_zh);
    rc |= as_plan_text(L, y, m, "name_en", "national figure", true, &f->name_en);
    rc |= as_plan_text(L, y, m, "unit", "national figure", true, &f->unit);
    rc |= as_plan_text(L, y, m, "source", "national figure", false, &f->source);
    rc |= read_display(L, y, m, "national figure", &f->display, &f->decimals);
    rc |= as_plan_formula(L, y, m, "formula", "national figure", &f->formula);
    rc |= read_goal(L, y, m, f);
    if (as_ydoc_get(y, m, "with_national")) {
        f->has_national =
            as_plan_formula(L, y, m, "with_national", "national figure", &f->national) == 0;
        rc |= f->has_national ? 0 : -1;
    }
    return rc;
}

/* Read each mapping of list into an array of n elements of size bytes with fn. */
typedef int (*entry_fn)(plan_loader *L, as_ydoc *y, yaml_node_t *m, void *slot);

static void *read_list(plan_loader *L, as_ydoc *y, yaml_node_t *list, const char *key, size_t size,
                       entry_fn fn, size_t *nout)
{
    size_t n = list_len(L, y, list, key);
    char *arr = n ? as_plan_alloc(L, n, size) : NULL;
    for (size_t i = 0; arr && i < n; i++) {
        yaml_node_t *m = as_ydoc_node(y, list->data.sequence.items.start[i]);
        if (as_ydoc_expect_map(y, m, key, L->d))
            fn(L, y, m, arr + i * size);
    }
    *nout = arr ? n : 0;
    return arr;
}

static int quantity_entry(plan_loader *L, as_ydoc *y, yaml_node_t *m, void *slot)
{
    return read_quantity(L, y, m, slot);
}

static int figure_entry(plan_loader *L, as_ydoc *y, yaml_node_t *m, void *slot)
{
    return read_figure(L, y, m, slot);
}

/* ------------------------------------------------------------ the file */

static void read_blocks(plan_loader *L, as_ydoc *y, yaml_node_t *root)
{
    static const char *const keys[] = {"plan",   "proposal", "statistics",  "province", "national",
                                       "effort", "tiers",    "adjustments", NULL};
    as_plan *p = L->p;
    as_ydoc_check_keys(y, root, "plan file", keys, L->d);
    yaml_node_t *h = as_ydoc_get(y, root, "plan");
    if (!h) {
        as_diags_add(L->d, as_ydoc_loc(y, root), "missing 'plan' block");
        return;
    }
    read_header(L, y, h);
    if (!as_ydoc_get(y, root, "proposal"))
        as_diags_add(L->d, as_ydoc_loc(y, root), "missing 'proposal' block");
    read_items(L, y, as_ydoc_get(y, root, "proposal"), "proposal", &p->items, &p->nitems);
    read_items(L, y, as_ydoc_get(y, root, "statistics"), "statistics", &p->stats, &p->nstats);
    p->quantities = read_list(L, y, as_ydoc_get(y, root, "province"), "province",
                              sizeof *p->quantities, quantity_entry, &p->nquantities);
    p->figures = read_list(L, y, as_ydoc_get(y, root, "national"), "national", sizeof *p->figures,
                           figure_entry, &p->nfigures);
    if (!p->nfigures)
        as_diags_add(L->d, as_ydoc_loc(y, root),
                     "missing 'national' block: the review needs "
                     "at least one national figure");
    yaml_node_t *e = as_ydoc_get(y, root, "effort");
    if (e) {
        L->effort_loc = as_ydoc_loc(y, e);
        as_plan_text(L, y, root, "effort", "plan file", false, &L->effort_id);
    }
    L->tiers = as_ydoc_get(y, root, "tiers");
    L->adjustments = as_ydoc_get(y, root, "adjustments");
}

const char *as_plan_relative(as_arena *a, const char *from, const char *rel)
{
    if (!rel || rel[0] == '/')
        return rel;
    size_t dir = strrchr(from, '/') ? (size_t)(strrchr(from, '/') - from) : 0;
    /* "rules/plans" + "../2026.yaml" is "rules/2026.yaml" (as long as the folder
     * named is not itself "..") */
    while (dir && !strncmp(rel, "../", 3)) {
        size_t up = dir;
        while (up && from[up - 1] != '/')
            up--;
        if (!strncmp(from + up, "..", dir - up) && dir - up == 2)
            break;
        rel += 3;
        dir = up ? up - 1 : 0;
    }
    return dir ? as_arena_printf(a, "%.*s/%s", (int)dir, from, rel) : rel;
}

int as_plan_load(const char *path, as_plan **out, as_diags *d)
{
    *out = NULL;
    size_t before = as_diags_count(d);
    as_plan *p = calloc(1, sizeof *p);
    if (!p || !(p->arena = as_arena_new(0))) {
        free(p);
        as_diags_add(d, as_loc_make(path, 0, 0), "out of memory");
        return -1;
    }
    p->path = as_arena_strdup(p->arena, path);
    plan_loader L = {.p = p, .d = d};
    as_ydoc y;
    if (p->path && as_ydoc_load(&y, p->path, p->arena, d) == 0) {
        yaml_node_t *root = as_ydoc_root(&y);
        if (as_ydoc_expect_map(&y, root, "plan file", d))
            read_blocks(&L, &y, root);
        if (p->rules_path)
            as_plan_resolve(&L, &y);
        as_ydoc_release(&y);
    }
    if (as_diags_count(d) != before) {
        as_plan_free(p);
        return -1;
    }
    *out = p;
    return 0;
}

void as_plan_free(as_plan *p)
{
    if (!p)
        return;
    as_rules_free(p->rules);
    as_arena_free(p->arena);
    free(p);
}

/* ------------------------------------------------------------ queries */

int as_plan_find_item(const as_plan_item *items, size_t n, const char *id, size_t *idx)
{
    for (size_t i = 0; id && i < n; i++)
        if (!strcmp(items[i].id, id)) {
            *idx = i;
            return 0;
        }
    return -1;
}

bool as_plan_compound(const as_plan_item *it, const double *path, const unsigned char *has,
                      size_t n, double *out)
{
    if (it->measure == AS_MEASURE_LEVEL || !n)
        return false;
    double f = 1;
    for (size_t i = 0; i < n; i++) {
        if (!has[i])
            return false;
        f *= it->measure == AS_MEASURE_REDUCTION ? 1 - path[i] : 1 + path[i];
    }
    *out = it->measure == AS_MEASURE_REDUCTION ? 1 - f : f - 1;
    return isfinite(*out);
}

size_t as_plan_lead_item(const as_plan *p)
{
    if (p->nadjustments)
        return p->adjustments[0].item;
    for (size_t i = 0; i < p->nitems; i++)
        if (p->items[i].kind == AS_ITEM_TARGET)
            return i;
    return SIZE_MAX;
}

size_t as_plan_years(const as_plan *p)
{
    return (size_t)(p->final_year - p->base_year);
}

const char *as_item_kind_name(as_item_kind k)
{
    return k == AS_ITEM_ASSUMPTION ? "assumption" : "target";
}

const char *as_item_measure_name(as_item_measure m)
{
    return m == AS_MEASURE_GROWTH ? "growth" : m == AS_MEASURE_LEVEL ? "level" : "reduction";
}

const char *as_adjust_rule_name(as_adjust_rule r)
{
    return r == AS_ADJUST_BY_TIER ? "by_tier" : r == AS_ADJUST_DISTANCE ? "distance" : "uniform";
}

const char *as_approve_name(int which)
{
    return which == AS_APPROVE_ANNUAL ? "annual" : which == AS_APPROVE_FINAL ? "final" : "plan";
}
