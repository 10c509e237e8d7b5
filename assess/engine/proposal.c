/* proposal: reading a plan's proposal folder — each province's proposal and
 * the national statistics — against the plan's items, with every problem
 * located at its line or cell.  Computes nothing but the compounding of a
 * path (as_plan_compound), which decides whether the path is consistent. */
#include "engine/proposal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/suggest.h"
#include "engine/dataset.h"
#include "input/xlsxdoc.h"
#include "input/ydoc.h"

/* What reading one file needs. */
typedef struct {
    const as_plan *p;
    as_ydoc *y;
    as_arena *a;
    as_diags *d;
    bool national;             /* national.yaml: statistics, not a province's proposal */
    const as_plan_item *items; /* the plan's items (or statistics) */
    size_t nitems;
    size_t nyears;       /* years of the path */
    size_t inconsistent; /* paths found not to compound to their value */
} reader;

static const char *header_name(const reader *R)
{
    return R->national ? "national" : "proposal";
}

/* ------------------------------------------------------------ header */

static int read_header(reader *R, yaml_node_t *h, const char *expect, int illustrative,
                       as_proposal *pr)
{
    static const char *const keys[] = {"province", "plan", "illustrative", "source", "submitted_by",
                                       "notes",    NULL};
    as_ydoc *y = R->y;
    const char *what = R->national ? "national header" : "proposal header", *plan = NULL,
               *code = NULL;
    if (!as_ydoc_expect_map(y, h, header_name(R), R->d))
        return -1;
    as_ydoc_check_keys(y, h, what, R->national ? keys + 1 : keys, R->d);
    pr->header_loc = as_ydoc_loc(y, h);
    int rc = as_ydoc_get_str(y, h, "plan", what, true, R->a, &plan, R->d);
    rc |= as_ydoc_get_bool(y, h, "illustrative", what, true, &pr->illustrative, R->d);
    rc |= as_ydoc_get_str(y, h, "source", what, true, R->a, &pr->source, R->d) < 0;
    rc |= as_ydoc_get_str(y, h, "submitted_by", what, false, R->a, &pr->submitted_by, R->d) < 0;
    if (!R->national)
        rc |= as_ydoc_get_str(y, h, "province", what, true, R->a, &code, R->d);
    if (rc != 0)
        return -1;
    if (!*pr->source)
        as_diags_add(R->d, as_ydoc_loc(y, as_ydoc_get(y, h, "source")),
                     "the %s gives no 'source': say where it comes from", header_name(R));
    if (strcmp(plan, R->p->id) != 0)
        as_diags_add(R->d, as_ydoc_loc(y, as_ydoc_get(y, h, "plan")),
                     "the file is for plan '%s', not for '%s' (the plan reviewed)", plan, R->p->id);
    if (illustrative >= 0 && pr->illustrative != (illustrative != 0))
        as_diags_add(R->d, as_ydoc_loc(y, as_ydoc_get(y, h, "illustrative")),
                     illustrative ? "a file in an illustrative data set must say 'illustrative: "
                                    "true'"
                                  : "illustrative file in a data set of real figures");
    if (R->national)
        return 0;
    if (as_rules_province(R->p->rules, code, &pr->province) != 0) {
        as_diags_add(R->d, as_ydoc_loc(y, as_ydoc_get(y, h, "province")), "unknown province '%s'",
                     code);
        return -1;
    }
    if (expect && strcmp(expect, code) != 0)
        as_diags_add(R->d, as_ydoc_loc(y, as_ydoc_get(y, h, "province")),
                     "province '%s' does not match the file name (expected '%s')", code, expect);
    return 0;
}

/* ------------------------------------------------------------ one item */

/* The year of a field "y2027", or 0 when the field is not of that form. */
static int year_field(const char *k)
{
    if (k[0] != 'y' || strlen(k) != 5 || strspn(k + 1, "0123456789") != 4)
        return 0;
    return (int)strtol(k + 1, NULL, 10);
}

/* A number in the item's unit, within its range; 1 when the field holds
 * no number (~, or an empty cell), 0 with *out, -1 after an error. */
static int read_number(reader *R, const as_plan_item *it, yaml_node_t *v, const char *field,
                       double *out)
{
    const char *s = as_ydoc_scalar(v);
    if (as_ydoc_is_null(v) || (s && !*s))
        return 1;
    char what[160], unit[200], unit_zh[200];
    snprintf(what, sizeof what, "%s.%s", it->id, field);
    /* the unit in each language's order, as a submission's figures say it */
    const char *zh = it->unit_zh ? it->unit_zh : it->unit;
    if (it->unit_zh) {
        snprintf(unit, sizeof unit, "%s (%s)", it->unit, it->unit_zh);
        snprintf(unit_zh, sizeof unit_zh, "%s（%s）", it->unit_zh, it->unit);
    } else {
        snprintf(unit, sizeof unit, "%s", it->unit);
        snprintf(unit_zh, sizeof unit_zh, "%s", it->unit);
    }
    if (as_ydoc_to_amount(R->y, v, what, unit, unit_zh, out, R->d) != 0)
        return -1;
    if (it->has_min && *out < it->min) {
        as_diags_add(R->d, as_ydoc_loc(R->y, v), "'%s' is %g, below its minimum %g (%s%.0s)", what,
                     *out, it->min, it->unit, zh);
        return -1;
    }
    if (it->has_max && *out > it->max) {
        as_diags_add(R->d, as_ydoc_loc(R->y, v), "'%s' is %g, above its maximum %g (%s%.0s)", what,
                     *out, it->max, it->unit, zh);
        return -1;
    }
    return 0;
}

/* One field of an item's section. */
static void read_field(reader *R, const as_plan_item *it, yaml_node_t *kn, yaml_node_t *v,
                       as_proposal_item *pi)
{
    const char *k = as_ydoc_scalar(kn);
    int year = k ? year_field(k) : 0, first = R->p->base_year + 1;
    if (k && !strcmp(k, "value") && it->measure == AS_MEASURE_GROWTH &&
        it->path == AS_PATH_REQUIRED) {
        as_diags_add(R->d, as_ydoc_loc(R->y, kn),
                     "'%s' is given year by year: write its yearly values, not 'value'", it->id);
    } else if (k && !strcmp(k, "value")) {
        /* a growth's value is over the plan: the yearly range does not bound it */
        as_plan_item whole = *it;
        if (it->measure == AS_MEASURE_GROWTH)
            whole.has_min = whole.has_max = false;
        pi->value_loc = as_ydoc_loc(R->y, v);
        pi->has_value = read_number(R, &whole, v, k, &pi->value) == 0;
    } else if (k && !strcmp(k, "source")) {
        if (as_ydoc_to_str(R->y, v, "source", R->a, &pi->source, R->d) == 0 && !*pi->source)
            pi->source = NULL; /* an empty cell says nothing */
    } else if (k && !strcmp(k, "notes")) {
        const char *ignored;
        as_ydoc_to_str(R->y, v, "notes", R->a, &ignored, R->d);
    } else if (year && it->path == AS_PATH_NONE) {
        as_diags_add(R->d, as_ydoc_loc(R->y, kn),
                     "'%s' is a level in %d: it takes no yearly values, only 'value'", it->id,
                     R->p->final_year);
    } else if (year >= first && year <= R->p->final_year) {
        size_t i = (size_t)(year - first);
        pi->path_locs[i] = as_ydoc_loc(R->y, v);
        pi->has_path[i] = read_number(R, it, v, k, &pi->path[i]) == 0;
        const char *text = as_ydoc_scalar(v);
        if (text && !*text) /* an empty cell: as if the row were not there */
            pi->path_locs[i].line = 0;
    } else if (year) {
        as_diags_add(R->d, as_ydoc_loc(R->y, kn),
                     "'%s' of '%s' lies outside the plan: its years are y%d to y%d", k, it->id,
                     first, R->p->final_year);
    } else {
        as_diags_add(R->d, as_ydoc_loc(R->y, kn),
                     "unknown field '%s' in '%s': use 'value', 'y%d' to 'y%d', 'source' or "
                     "'notes'",
                     k ? k : "?", it->id, first, R->p->final_year);
    }
}

/* After reading: the value, the path and its compounding as the plan wants. */
static void check_item(reader *R, const as_plan_item *it, as_proposal_item *pi)
{
    size_t given = 0, missing_at = 0;
    for (size_t i = 0; i < R->nyears; i++) {
        if (pi->path_locs[i].line)
            given++;
        else if (!missing_at)
            missing_at = i + 1;
    }
    bool wants_value = it->measure != AS_MEASURE_GROWTH || it->path != AS_PATH_REQUIRED;
    if (wants_value && !pi->value_loc.line && !(it->measure == AS_MEASURE_GROWTH && given))
        as_diags_add(R->d, pi->loc, "'%s' gives no 'value' (%s): write it, '~' if there is none",
                     it->id, it->name_en);
    if (given < R->nyears && (it->path == AS_PATH_REQUIRED || given > 0))
        as_diags_add(R->d, pi->loc,
                     "'%s' has no value for %d: give 'y%d' ('~' if there is none); the path "
                     "runs from %d to %d",
                     it->id, R->p->base_year + (int)missing_at, R->p->base_year + (int)missing_at,
                     R->p->base_year + 1, R->p->final_year);
    if (!pi->source)
        as_diags_add(R->d, pi->loc, "'%s' gives no 'source': say where its figures come from",
                     it->id);
    pi->has_compound = as_plan_compound(it, pi->path, pi->has_path, R->nyears, &pi->compound);
    pi->consistent = true;
    if (!pi->has_compound || !pi->has_value)
        return;
    pi->has_check = true;
    pi->off = pi->compound - pi->value;
    pi->consistent = fabs(pi->off) <= it->tolerance;
    if (pi->consistent)
        return;
    R->inconsistent++;
    if (it->display == AS_DISPLAY_PERCENT)
        as_diags_add(R->d, pi->value_loc,
                     "the yearly values of '%s' compound to %.4g %%, not to its value %.4g %%: "
                     "off by %+.4g percentage points, more than the %g the plan allows",
                     it->id, pi->compound * 100, pi->value * 100, pi->off * 100,
                     it->tolerance * 100);
    else
        as_diags_add(R->d, pi->value_loc,
                     "the yearly values of '%s' compound to %.6g, not to its value %.6g: off by "
                     "%+.6g %s, more than the %g the plan allows",
                     it->id, pi->compound, pi->value, pi->off, it->unit, it->tolerance);
}

static void unknown_item(reader *R, yaml_node_t *kn, const char *k)
{
    const char **ids = calloc(R->nitems ? R->nitems : 1, sizeof *ids);
    char near[200] = "";
    for (size_t i = 0; ids && i < R->nitems; i++)
        ids[i] = R->items[i].id;
    if (ids && k)
        as_suggest(k, ids, R->nitems, near, sizeof near);
    free(ids);
    if (near[0])
        as_diags_add(R->d, as_ydoc_loc(R->y, kn),
                     "unknown target or assumption '%s' in plan '%s': did you mean %s?", k,
                     R->p->id, near);
    else
        as_diags_add(R->d, as_ydoc_loc(R->y, kn), "unknown target or assumption '%s' in plan '%s'",
                     k ? k : "?", R->p->id);
}

static void read_item(reader *R, size_t i, yaml_node_t *kn, yaml_node_t *sec, as_proposal *pr)
{
    const as_plan_item *it = &R->items[i];
    as_proposal_item *pi = &pr->items[i];
    pi->given = true; /* once: a mapping's keys are unique, a sheet's rows make one section */
    pi->loc = as_ydoc_loc(R->y, kn);
    if (!as_ydoc_expect_map(R->y, sec, it->id, R->d))
        return;
    for (yaml_node_pair_t *q = sec->data.mapping.pairs.start; q < sec->data.mapping.pairs.top; q++)
        read_field(R, it, as_ydoc_node(R->y, q->key), as_ydoc_node(R->y, q->value), pi);
    check_item(R, it, pi);
}

/* ------------------------------------------------------------ one file */

static as_proposal *new_proposal(reader *R)
{
    as_proposal *pr = as_arena_alloc(R->a, sizeof *pr);
    size_t n = R->nitems ? R->nitems : 1, ny = R->nyears;
    if (!pr || !(pr->items = as_arena_alloc(R->a, n * sizeof *pr->items)))
        return NULL;
    for (size_t i = 0; i < R->nitems; i++) {
        as_proposal_item *pi = &pr->items[i];
        if (!(pi->path = as_arena_alloc(R->a, ny * sizeof *pi->path)) ||
            !(pi->has_path = as_arena_alloc(R->a, ny)) ||
            !(pi->path_locs = as_arena_alloc(R->a, ny * sizeof *pi->path_locs)))
            return NULL;
    }
    pr->province = SIZE_MAX;
    return pr;
}

static void read_items(reader *R, yaml_node_t *root, as_proposal *pr)
{
    for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top;
         q++) {
        yaml_node_t *kn = as_ydoc_node(R->y, q->key);
        const char *k = as_ydoc_scalar(kn);
        size_t i;
        if (k && !strcmp(k, header_name(R)))
            continue;
        if (!k || as_plan_find_item(R->items, R->nitems, k, &i) != 0)
            unknown_item(R, kn, k);
        else
            read_item(R, i, kn, as_ydoc_node(R->y, q->value), pr);
    }
    for (size_t i = 0; i < R->nitems; i++)
        if (!pr->items[i].given && R->items[i].required && !R->national)
            as_diags_add(R->d, as_ydoc_loc(R->y, root),
                         "'%s' (%s) is missing: every proposal gives it", R->items[i].id,
                         R->items[i].name_zh);
}

static int load_doc(as_ydoc *y, const char *path, as_arena *a, as_diags *d)
{
    static const as_xlsx_layout layout = {AS_PROPOSAL_SHEET, AS_PROPOSAL_KEY_COL,
                                          AS_PROPOSAL_VALUE_COL};
    return as_xlsxdoc_load_any(y, path, &layout, a, d);
}

int as_proposal_load(const as_plan *p, const char *path, as_arena *a, bool national,
                     const char *expect_province, int illustrative, as_proposal **out, as_diags *d)
{
    *out = NULL;
    as_ydoc y;
    size_t before = as_diags_count(d);
    if (load_doc(&y, path, a, d) != 0)
        return -1;
    reader R = {p,
                &y,
                a,
                d,
                national,
                national ? p->stats : p->items,
                national ? p->nstats : p->nitems,
                as_plan_years(p),
                0};
    as_proposal *pr = new_proposal(&R);
    yaml_node_t *root = as_ydoc_root(&y), *h = as_ydoc_get(&y, root, header_name(&R));
    if (!pr)
        as_diags_add(d, as_loc_make(path, 0, 0), "out of memory");
    else if (as_ydoc_expect_map(&y, root, national ? "national file" : "proposal file", d)) {
        pr->file = y.file;
        if (!h)
            as_diags_add(d, as_ydoc_loc(&y, root), "missing '%s' header", header_name(&R));
        else
            read_header(&R, h, expect_province, illustrative, pr);
        read_items(&R, root, pr);
    }
    as_ydoc_release(&y);
    if (pr) {
        pr->nerrors = as_diags_count(d) - before;
        pr->ninconsistent = R.inconsistent;
        *out = pr;
    }
    return as_diags_count(d) != before ? -1 : 0;
}

/* ------------------------------------------------------------ the folder */

/* The files of the folder (its n names) that belong to no province: not read. */
static void stray_files(as_proposals *ps, char *const *names, size_t n)
{
    const as_ruleset *r = ps->plan->rules;
    size_t idx;
    for (size_t i = 0; i < n; i++) {
        const char *ext = strrchr(names[i], '.'); /* each listed name has one */
        char code[300];
        snprintf(code, sizeof code, "%.*s", (int)(ext - names[i]), names[i]);
        if (as_rules_province(r, code, &idx) == 0 || !strcmp(names[i], AS_PROPOSAL_NATIONAL))
            continue;
        const char *path = as_arena_printf(ps->arena, "%s/%s", ps->dir, names[i]);
        as_diags_add(&ps->stray, as_loc_make(path ? path : ps->dir, 0, 0),
                     "not read: '%s' is not the code of a province in the rules (a proposal is "
                     "named after its province, e.g. '%s.yaml'; the national statistics are '%s')",
                     code, r->nprovinces ? r->provinces[0].code : "110000", AS_PROPOSAL_NATIONAL);
    }
}

static void load_province(as_proposals *ps, size_t i, char *const *names, size_t n,
                          bool illustrative)
{
    const as_province *pv = &ps->plan->rules->provinces[i];
    as_diags *errs = &ps->province_errors[i];
    const char *path;
    int found = as_submission_find(ps->dir, names, n, pv->code, ps->arena, &path, errs);
    if (found == 1)
        as_diags_add(errs, as_loc_make(ps->dir, 0, 0),
                     "no proposal from %s%.0s (%s) for plan '%s': neither '%s.yaml' nor '%s.xlsx'",
                     pv->name_en, pv->name_zh, pv->code, ps->plan->id, pv->code, pv->code);
    if (found == 0)
        as_proposal_load(ps->plan, path, ps->arena, false, pv->code, illustrative,
                         &ps->proposals[i], errs);
}

static void load_national(as_proposals *ps, bool illustrative)
{
    const char *path = as_arena_printf(ps->arena, "%s/%s", ps->dir, AS_PROPOSAL_NATIONAL);
    struct stat st;
    if (path && (stat(path, &st) == 0 || errno != ENOENT))
        as_proposal_load(ps->plan, path, ps->arena, true, NULL, illustrative, &ps->national,
                         &ps->national_errors);
    else if (path && ps->plan->nstats)
        as_diags_warn(&ps->national_errors, as_loc_make(path, 0, 0),
                      "no national statistics: the figures the plan computes from them are not "
                      "shown");
}

int as_proposals_load(const as_plan *p, const char *dir, bool illustrative, as_proposals **out,
                      as_diags *d)
{
    *out = NULL;
    size_t np = p->rules->nprovinces;
    as_proposals *ps = calloc(1, sizeof *ps);
    if (ps) {
        ps->plan = p;
        as_diags_init(&ps->stray);
        as_diags_init(&ps->national_errors);
        ps->province_errors = calloc(np ? np : 1, sizeof *ps->province_errors);
        for (size_t i = 0; ps->province_errors && i < np; i++)
            as_diags_init(&ps->province_errors[i]);
        ps->arena = as_arena_new(0);
    }
    if (ps && ps->arena) {
        ps->dir = as_arena_printf(ps->arena, "%s/targets/proposals/%s", dir, p->id);
        ps->proposals = as_arena_alloc(ps->arena, (np ? np : 1) * sizeof *ps->proposals);
    }
    if (!ps || !ps->dir || !ps->proposals || !ps->province_errors) {
        as_diags_add(d, as_loc_make(dir, 0, 0), "out of memory");
        as_proposals_free(ps);
        return -1;
    }
    struct stat st;
    if (stat(ps->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        as_diags_add(d, as_loc_make(ps->dir, 0, 0),
                     "no proposals for plan '%s': the folder does not exist (each province's "
                     "proposal is <code>.yaml or <code>.xlsx in it)",
                     p->id);
        as_proposals_free(ps);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    bool listed = as_submission_list(ps->dir, &names, &n) == 0;
    for (size_t i = 0; i < np; i++)
        load_province(ps, i, listed ? names : NULL, n, illustrative);
    load_national(ps, illustrative);
    stray_files(ps, names, n);
    as_ydoc_names_free(names, n);
    *out = ps;
    return 0;
}

void as_proposals_free(as_proposals *ps)
{
    if (!ps)
        return;
    if (ps->province_errors)
        for (size_t i = 0; i < ps->plan->rules->nprovinces; i++)
            as_diags_release(&ps->province_errors[i]);
    free(ps->province_errors);
    as_diags_release(&ps->stray);
    as_diags_release(&ps->national_errors);
    as_arena_free(ps->arena);
    free(ps);
}

bool as_proposal_value(const as_plan_item *it, const as_proposal_item *pi, double *out)
{
    if (it->measure == AS_MEASURE_GROWTH && pi->has_compound) {
        *out = pi->compound;
        return true;
    }
    if (!pi->has_value)
        return false;
    *out = pi->value;
    return true;
}
