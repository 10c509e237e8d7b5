/* dataset_shared: the files of a data set that every province shares, read
 * against the rule set: dataset.yaml (names, illustrative notice, source,
 * notification dates), the approved targets of the assessment year and the
 * on-site verification findings.  A problem in any of them fails the whole
 * load; each is located at its value.  Computes nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dataset_load.h"
#include "input/ydoc.h"

/* ------------------------------------------------------------ dataset.yaml */

/* One year's notification date: a real day after the year it notifies (the
 * results of year Y are assessed during Y + 1). */
static int read_notified_date(as_dataset *ds, as_ydoc *y, long year, yaml_node_t *vn, as_diags *d)
{
    as_date date;
    const char *s = as_ydoc_scalar(vn);
    if (!s || as_date_parse(s, &date) != 0) {
        as_diags_add(d, as_ydoc_loc(y, vn), "notification date '%s' is not a YYYY-MM-DD date",
                     s ? s : "?");
        return -1;
    }
    if (as_date_year(date) <= year) {
        as_diags_add(d, as_ydoc_loc(y, vn),
                     "notification date '%s' for %ld is not after the year it assesses: use "
                     "%ld-01-01 or later",
                     s, year, year + 1);
        return -1;
    }
    if (year == ds->year) {
        ds->has_notified = true;
        ds->notified = date;
        ds->notified_loc = as_ydoc_loc(y, vn);
    }
    return 0;
}

static int read_notified(as_dataset *ds, as_ydoc *y, yaml_node_t *m, as_diags *d)
{
    enum { FIRST = 1900, LAST = 2200 };
    as_loc seen[LAST - FIRST + 1] = {{0}}; /* where each year was given */
    if (!m || as_ydoc_is_null(m))
        return 0;
    if (!as_ydoc_expect_map(y, m, "notified", d))
        return -1;
    int rc = 0;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = as_ydoc_node(y, p->key);
        long year;
        if (as_ydoc_to_int(y, kn, "notified year", &year, d) != 0)
            return -1;
        if (year < FIRST || year > LAST) {
            as_diags_add(d, as_ydoc_loc(y, kn), "year %ld is out of range", year);
            rc = -1;
            continue;
        }
        as_loc *first = &seen[year - FIRST];
        if (first->line) { /* the same year written differently, e.g. 2026 and 02026 */
            as_diags_add(d, as_ydoc_loc(y, kn), "year %ld is given twice (first at line %d)", year,
                         first->line);
            rc = -1;
            continue;
        }
        *first = as_ydoc_loc(y, kn);
        if (read_notified_date(ds, y, year, as_ydoc_node(y, p->value), d) != 0)
            rc = -1;
    }
    return rc;
}

int as_dsload_dataset_yaml(as_dataset *ds, as_diags *d)
{
    static const char *const top[] = {"dataset", NULL};
    static const char *const keys[] = {"name_zh", "name_en",  "illustrative", "notice",
                                       "source",  "notified", "description",  NULL};
    const char *path = as_arena_printf(ds->arena, "%s/dataset.yaml", ds->dir);
    as_ydoc y;
    size_t before = as_diags_count(d);
    if (!path || as_ydoc_load(&y, path, ds->arena, d) != 0)
        return -1;
    yaml_node_t *root = as_ydoc_root(&y), *m = as_ydoc_get(&y, root, "dataset");
    as_ydoc_check_keys(&y, root, "dataset file", top, d);
    if (!m)
        as_diags_add(d, as_ydoc_loc(&y, root), "missing 'dataset' block");
    else if (as_ydoc_expect_map(&y, m, "dataset", d)) {
        as_ydoc_check_keys(&y, m, "dataset", keys, d);
        as_ydoc_get_str(&y, m, "name_zh", "dataset", true, ds->arena, &ds->name_zh, d);
        as_ydoc_get_str(&y, m, "name_en", "dataset", true, ds->arena, &ds->name_en, d);
        as_ydoc_get_str(&y, m, "source", "dataset", true, ds->arena, &ds->source, d);
        as_ydoc_get_bool(&y, m, "illustrative", "dataset", true, &ds->illustrative, d);
        as_ydoc_get_str(&y, m, "notice", "dataset", ds->illustrative, ds->arena, &ds->notice, d);
        read_notified(ds, &y, as_ydoc_get(&y, m, "notified"), d);
    }
    as_ydoc_release(&y);
    return as_diags_count(d) == before ? 0 : -1;
}

/* Each entry of the mapping provs, keyed by a province's code, read by read;
 * a key that is no province of the rules is an error at the key. */
static void read_provinces(as_dataset *ds, as_ydoc *y, yaml_node_t *provs,
                           void (*read)(as_dataset *, as_ydoc *, size_t, yaml_node_t *, as_diags *),
                           as_diags *d)
{
    for (yaml_node_pair_t *p = provs->data.mapping.pairs.start; p < provs->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = as_ydoc_node(y, p->key);
        const char *code = as_ydoc_scalar(kn);
        size_t pi;
        if (!code || as_rules_province(ds->rules, code, &pi) != 0)
            as_diags_add(d, as_ydoc_loc(y, kn), "unknown province '%s'", code ? code : "?");
        else
            read(ds, y, pi, as_ydoc_node(y, p->value), d);
    }
}

/* ------------------------------------------------------------ targets */

static void read_target_values(as_dataset *ds, as_ydoc *y, size_t p, yaml_node_t *m, as_diags *d)
{
    const as_ruleset *r = ds->rules;
    if (!as_ydoc_expect_map(y, m, r->provinces[p].code, d))
        return;
    for (yaml_node_pair_t *q = m->data.mapping.pairs.start; q < m->data.mapping.pairs.top; q++) {
        yaml_node_t *kn = as_ydoc_node(y, q->key), *vn = as_ydoc_node(y, q->value);
        const char *k = as_ydoc_scalar(kn);
        size_t t;
        if (!k || as_rules_target(r, k, &t) != 0) {
            as_diags_add(d, as_ydoc_loc(y, kn), "unknown target '%s'", k ? k : "?");
            continue;
        }
        size_t cell = p * r->ntargets + t;
        if (ds->target_has[cell] || ds->target_locs[cell].line) {
            as_diags_add(d, as_ydoc_loc(y, kn),
                         "target '%s' of province '%s' for %d is also given at %s:%d:%d", k,
                         r->provinces[p].code, ds->year, ds->target_locs[cell].file,
                         ds->target_locs[cell].line, ds->target_locs[cell].col);
            continue;
        }
        ds->target_locs[cell] = as_ydoc_loc(y, vn);
        if (!as_ydoc_is_null(vn) && as_ydoc_to_num(y, vn, k, &ds->target_values[cell], d) == 0)
            ds->target_has[cell] = 1;
    }
}

/* Read one targets file; *illustrative is set when it says its targets are
 * illustrative. */
void as_dsload_targets_file(as_dataset *ds, const char *path, bool *illustrative, as_diags *d)
{
    static const char *const top[] = {"targets", "provinces", NULL};
    static const char *const keys[] = {"years",        "approved_by",  "source",
                                       "illustrative", "derived_from", NULL};
    as_ydoc y;
    if (as_ydoc_load(&y, path, ds->arena, d) != 0)
        return;
    yaml_node_t *root = as_ydoc_root(&y), *h = as_ydoc_get(&y, root, "targets");
    yaml_node_t *provs = as_ydoc_get(&y, root, "provinces");
    as_ydoc_check_keys(&y, root, "targets file", top, d);
    long yr[2] = {0, 0};
    yaml_node_t *years = as_ydoc_get(&y, h, "years");
    if (!h || !as_ydoc_expect_map(&y, h, "targets", d) || !provs) {
        if (!h || !provs)
            as_diags_add(d, as_ydoc_loc(&y, root), "missing '%s' block",
                         !h ? "targets" : "provinces");
    } else if (!years || years->type != YAML_SEQUENCE_NODE ||
               years->data.sequence.items.top - years->data.sequence.items.start != 2 ||
               as_ydoc_to_int(&y, as_ydoc_node(&y, years->data.sequence.items.start[0]), "years",
                              &yr[0], d) != 0 ||
               as_ydoc_to_int(&y, as_ydoc_node(&y, years->data.sequence.items.start[1]), "years",
                              &yr[1], d) != 0) {
        as_diags_add(d, as_ydoc_loc(&y, years ? years : h),
                     "'years' must be a list of two years [first, last]");
    } else {
        as_ydoc_check_keys(&y, h, "targets", keys, d);
        as_ydoc_get_bool(&y, h, "illustrative", "targets", false, illustrative, d);
        if (yr[0] <= ds->year && ds->year <= yr[1] &&
            as_ydoc_expect_map(&y, provs, "provinces", d)) {
            const char **slot = as_arena_alloc(ds->arena, (ds->ntarget_files + 1) * sizeof *slot);
            if (slot) {
                if (ds->ntarget_files)
                    memcpy(slot, ds->target_files, ds->ntarget_files * sizeof *slot);
                slot[ds->ntarget_files++] = y.file;
                ds->target_files = slot;
            }
            read_provinces(ds, &y, provs, read_target_values, d);
        }
    }
    as_ydoc_release(&y);
}

int as_dsload_targets(as_dataset *ds, as_diags *d)
{
    size_t before = as_diags_count(d), n;
    const char *dir = as_arena_printf(ds->arena, "%s/targets", ds->dir);
    char **names = NULL;
    if (!dir || as_ydoc_list(dir, SIZE_MAX, &names, &n) != 0)
        n = 0; /* no targets folder: every target is "no data" */
    for (size_t i = 0; names && i < n; i++) {
        const char *path = as_arena_printf(ds->arena, "%s/%s", dir, names[i]);
        bool illustrative = false; /* the data set says what it is */
        if (path)
            as_dsload_targets_file(ds, path, &illustrative, d);
    }
    as_ydoc_names_free(names, n);
    return as_diags_count(d) == before ? 0 : -1;
}

/* ------------------------------------------------------------ findings */

static void read_finding(as_dataset *ds, as_ydoc *y, size_t p, yaml_node_t *m, as_diags *d)
{
    static const char *const keys[] = {"fraud", "summary", "found_by", NULL};
    as_finding *f = &ds->findings[p];
    if (!as_ydoc_expect_map(y, m, ds->rules->provinces[p].code, d))
        return;
    as_ydoc_check_keys(y, m, "finding", keys, d);
    f->loc = as_ydoc_loc(y, m);
    as_ydoc_get_bool(y, m, "fraud", "finding", true, &f->fraud, d);
    as_ydoc_get_str(y, m, "summary", "finding", true, ds->arena, &f->summary, d);
    as_ydoc_get_str(y, m, "found_by", "finding", true, ds->arena, &f->found_by, d);
}

int as_dsload_findings(as_dataset *ds, as_diags *d)
{
    static const char *const top[] = {"findings", "provinces", NULL};
    static const char *const keys[] = {"year", "illustrative", "source", NULL};
    const char *path = as_arena_printf(ds->arena, "%s/findings/%d.yaml", ds->dir, ds->year);
    if (!path || !as_dsload_exists(path))
        return 0; /* no findings for the year */
    size_t before = as_diags_count(d);
    as_ydoc y;
    if (as_ydoc_load(&y, path, ds->arena, d) != 0)
        return -1;
    yaml_node_t *root = as_ydoc_root(&y), *h = as_ydoc_get(&y, root, "findings");
    yaml_node_t *provs = as_ydoc_get(&y, root, "provinces");
    as_ydoc_check_keys(&y, root, "findings file", top, d);
    long year = 0;
    if (!h)
        as_diags_add(d, as_ydoc_loc(&y, root), "missing 'findings' block");
    else if (as_ydoc_expect_map(&y, h, "findings", d)) {
        as_ydoc_check_keys(&y, h, "findings", keys, d);
        if (as_ydoc_get_int(&y, h, "year", "findings", true, &year, d) == 0 && year != ds->year)
            as_diags_add(d, as_ydoc_loc(&y, as_ydoc_get(&y, h, "year")),
                         "year %ld does not match the file name (expected %d)", year, ds->year);
    }
    if (provs && !as_ydoc_is_null(provs) && as_ydoc_expect_map(&y, provs, "provinces", d))
        read_provinces(ds, &y, provs, read_finding, d);
    as_ydoc_release(&y);
    return as_diags_count(d) == before ? 0 : -1;
}
