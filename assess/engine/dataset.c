/* dataset: reading a data-set folder — dataset.yaml, targets, findings and
 * each province's submissions — against a rule set.  One parse per file; all
 * values land in dense arrays indexed by rule-set input, so evaluation never
 * re-reads or searches.  Computes nothing. */
#include "engine/dataset.h"

#include <stdint.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/suggest.h"
#include "input/xlsxdoc.h"
#include "input/ydoc.h"

/* True when something is at path (or it cannot be told): reading it then
 * says what is wrong.  stat, not open, so a FIFO does not block here. */
static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || errno != ENOENT;
}

/* ------------------------------------------------------------ submissions */

static const char *const header_keys[] = {
    "province", "year", "stage", "illustrative", "source", "verified_by", "notes", "rules", NULL};

static int read_header(const as_ruleset *r, as_ydoc *y, yaml_node_t *h, as_arena *a,
                       as_submission *s, as_diags *d)
{
    const char *code = NULL, *stage = NULL;
    long year = 0;
    if (!as_ydoc_expect_map(y, h, "submission", d))
        return -1;
    as_ydoc_check_keys(y, h, "submission header", header_keys, d);
    s->header_loc = as_ydoc_loc(y, h);
    int rc = as_ydoc_get_str(y, h, "province", "submission header", true, a, &code, d);
    rc |= as_ydoc_get_int(y, h, "year", "submission header", true, &year, d);
    rc |= as_ydoc_get_str(y, h, "stage", "submission header", true, a, &stage, d);
    rc |= as_ydoc_get_bool(y, h, "illustrative", "submission header", true, &s->illustrative, d);
    rc |= as_ydoc_get_str(y, h, "source", "submission header", true, a, &s->source, d) < 0;
    rc |=
        as_ydoc_get_str(y, h, "verified_by", "submission header", false, a, &s->verified_by, d) < 0;
    rc |= as_ydoc_get_str(y, h, "rules", "submission header", false, a, &s->rules_id, d) < 0;
    if (rc != 0)
        return -1;
    if (as_rules_province(r, code, &s->province) != 0) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, h, "province")), "unknown province '%s'",
                     code);
        return -1;
    }
    s->year = (int)year;
    if (!strcmp(stage, "verified"))
        s->verified = true;
    else if (strcmp(stage, "reported") != 0) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, h, "stage")),
                     "unknown stage '%s': use 'reported' or 'verified'", stage);
        return -1;
    }
    if (s->verified && !s->verified_by) {
        as_diags_add(d, s->header_loc, "missing field 'verified_by' in verified submission");
        return -1;
    }
    return 0;
}

static int read_value(const as_ruleset *r, as_ydoc *y, yaml_node_t *v, size_t i, as_submission *s,
                      as_diags *d)
{
    const as_input *in = &r->inputs[i];
    const char *text = as_ydoc_scalar(v);
    /* A verified workbook keeps every row: an empty cell there is a field
     * left out (not verified); only "~" says no figure is valid. */
    if (y->sheet && s->verified && text && !*text)
        return 0;
    s->locs[i] = as_ydoc_loc(y, v);
    if (y->sheet && text && !*text) { /* a reported workbook's empty cell: no data, said so */
        as_diags_warn(d, s->locs[i],
                      "'%s' (%s) is empty: it counts as no data; write ~ in the cell if there "
                      "is no figure",
                      in->id, in->name_zh);
        return 0;
    }
    if (as_ydoc_is_null(v))
        return 0;
    double x;
    char unit[200];
    if (as_ydoc_to_amount(y, v, in->id, as_input_unit_text(in, unit, sizeof unit), &x, d) != 0)
        return -1;
    if (fabs(x) > AS_SUBMISSION_MAX_FIGURE) {
        as_diags_add(d, s->locs[i],
                     "'%s' is %g: no figure is that large (at most %g in magnitude): check its "
                     "digits and unit (%s)",
                     in->id, x, AS_SUBMISSION_MAX_FIGURE, in->unit);
        return -1;
    }
    if (in->has_min && x < in->min) {
        as_diags_add(d, s->locs[i], "'%s' is %g, below its minimum %g (%s)", in->id, x, in->min,
                     in->unit);
        return -1;
    }
    if (in->has_max && x > in->max) {
        as_diags_add(d, s->locs[i], "'%s' is %g, above its maximum %g (%s)", in->id, x, in->max,
                     in->unit);
        return -1;
    }
    s->values[i] = x;
    s->has[i] = 1;
    return 0;
}

/* An unknown input, with the nearest inputs of its section (else of any
 * section) as suggestions. */
static void unknown_input(const as_ruleset *r, as_ydoc *y, yaml_node_t *kn, const char *k,
                          const char *section, as_diags *d)
{
    const char **ids = calloc(r->ninputs ? r->ninputs : 1, sizeof *ids);
    char near[200] = "";
    for (size_t i = 0; ids && i < r->ninputs; i++)
        ids[i] = !strcmp(r->inputs[i].section, section) ? r->inputs[i].id : NULL;
    if (ids && k && !as_suggest(k, ids, r->ninputs, near, sizeof near)) {
        for (size_t i = 0; i < r->ninputs; i++)
            ids[i] = r->inputs[i].id;
        as_suggest(k, ids, r->ninputs, near, sizeof near);
    }
    free(ids);
    if (near[0])
        as_diags_add(d, as_ydoc_loc(y, kn), "unknown input '%s' in section '%s': did you mean %s?",
                     k, section, near);
    else
        as_diags_add(d, as_ydoc_loc(y, kn), "unknown input '%s' in section '%s'", k ? k : "?",
                     section);
}

static int read_section(const as_ruleset *r, as_ydoc *y, const char *name, yaml_node_t *sec,
                        as_submission *s, as_diags *d)
{
    int rc = 0;
    if (!as_ydoc_expect_map(y, sec, name, d))
        return -1;
    for (yaml_node_pair_t *p = sec->data.mapping.pairs.start; p < sec->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = as_ydoc_node(y, p->key);
        const char *k = as_ydoc_scalar(kn);
        size_t i;
        if (!k || as_rules_input(r, k, &i) != 0) {
            unknown_input(r, y, kn, k, name, d);
            rc = -1;
        } else if (strcmp(r->inputs[i].section, name) != 0) {
            as_diags_add(d, as_ydoc_loc(y, kn), "input '%s' belongs in section '%s', not '%s'", k,
                         r->inputs[i].section, name);
            rc = -1;
        } else if (s->locs[i].line) {
            as_diags_add(d, as_ydoc_loc(y, kn), "input '%s' is given twice", k);
            rc = -1;
        } else if (read_value(r, y, as_ydoc_node(y, p->value), i, s, d) != 0) {
            rc = -1;
        }
    }
    return rc;
}

static bool known_section(const as_ruleset *r, const char *name)
{
    for (size_t i = 0; i < r->nsections; i++)
        if (!strcmp(r->sections[i], name))
            return true;
    return false;
}

static int read_sections(const as_ruleset *r, as_ydoc *y, yaml_node_t *root, as_submission *s,
                         as_diags *d)
{
    int rc = 0;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = as_ydoc_node(y, p->key);
        const char *k = as_ydoc_scalar(kn);
        if (k && !strcmp(k, "submission"))
            continue;
        char near[200] = "";
        if (k && !known_section(r, k))
            as_suggest(k, r->sections, r->nsections, near, sizeof near);
        if (!k || !known_section(r, k)) {
            if (near[0])
                as_diags_add(d, as_ydoc_loc(y, kn), "unknown section '%s': did you mean %s?", k,
                             near);
            else
                as_diags_add(d, as_ydoc_loc(y, kn), "unknown section '%s'", k ? k : "?");
            rc = -1;
            continue;
        }
        if (read_section(r, y, k, as_ydoc_node(y, p->value), s, d) != 0)
            rc = -1;
    }
    return rc;
}

static as_submission *new_submission(const as_ruleset *r, as_arena *a)
{
    as_submission *s = as_arena_alloc(a, sizeof *s);
    size_t n = r->ninputs ? r->ninputs : 1;
    if (!s || !(s->values = as_arena_alloc(a, n * sizeof *s->values)) ||
        !(s->has = as_arena_alloc(a, n)) || !(s->locs = as_arena_alloc(a, n * sizeof *s->locs)))
        return NULL;
    return s;
}

static int check_expectations(const as_ruleset *r, as_ydoc *y, as_submission *s,
                              const char *expect_province, int expect_year, bool expect_verified,
                              as_diags *d)
{
    yaml_node_t *h = as_ydoc_get(y, as_ydoc_root(y), "submission");
    int rc = 0;
    if (expect_province && strcmp(expect_province, r->provinces[s->province].code) != 0) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, h, "province")),
                     "province '%s' does not match the file name (expected '%s')",
                     r->provinces[s->province].code, expect_province);
        rc = -1;
    }
    if (expect_year && expect_year != s->year) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, h, "year")),
                     "year %d does not match the folder (expected %d)", s->year, expect_year);
        rc = -1;
    }
    if (expect_verified != s->verified) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, h, "stage")),
                     "stage '%s' does not belong in this folder (expected '%s')",
                     s->verified ? "verified" : "reported",
                     expect_verified ? "verified" : "reported");
        rc = -1;
    }
    return rc;
}

/* A file made for another rule set: reported, and nothing else is, since
 * every other message would follow from it. */
static bool other_rules(const as_ruleset *r, as_ydoc *y, yaml_node_t *h, as_diags *d)
{
    yaml_node_t *n = as_ydoc_get(y, h, "rules");
    const char *id = as_ydoc_scalar(n);
    if (!id || as_ydoc_is_null(n) || !r->id || !strcmp(id, r->id))
        return false;
    if (y->sheet)
        as_diags_add(d, as_ydoc_loc(y, n),
                     "the file was made for rule set '%s', not for '%s' (the rules read): fill "
                     "in a template of these rules ('assess template --xlsx')",
                     id, r->id);
    else
        as_diags_add(d, as_ydoc_loc(y, n),
                     "the file was made for rule set '%s', not for '%s' (the rules read): make "
                     "it again from 'assess template'",
                     id, r->id);
    return true;
}

/* A workbook keeps a row for every input: a missing one was deleted. */
static void check_rows(const as_ruleset *r, as_ydoc *y, yaml_node_t *root, as_diags *d)
{
    unsigned char *row = calloc(r->ninputs ? r->ninputs : 1, 1);
    if (!row) {
        as_diags_add(d, as_ydoc_loc(y, NULL), "out of memory");
        return;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *sec = as_ydoc_node(y, p->value);
        for (yaml_node_pair_t *q =
                 sec && sec->type == YAML_MAPPING_NODE ? sec->data.mapping.pairs.start : NULL;
             q && q < sec->data.mapping.pairs.top; q++) {
            size_t i;
            const char *k = as_ydoc_scalar(as_ydoc_node(y, q->key));
            if (k && as_rules_input(r, k, &i) == 0)
                row[i] = 1;
        }
    }
    for (size_t i = 0; i < r->ninputs; i++)
        if (!row[i])
            as_diags_add(d, as_ydoc_loc(y, NULL),
                         "no row for input '%s.%s' (%s): put the row back, or fill in a new "
                         "template ('assess template --xlsx')",
                         r->inputs[i].section, r->inputs[i].id, r->inputs[i].name_zh);
    free(row);
}

/* Read path, a submission in YAML or its workbook (xlsxdoc.h). */
static int load_doc(as_ydoc *y, const char *path, as_arena *a, as_diags *d)
{
    static const as_xlsx_layout layout = {AS_SUBMISSION_SHEET, AS_SUBMISSION_KEY_COL,
                                          AS_SUBMISSION_VALUE_COL};
    return as_xlsxdoc_load_any(y, path, &layout, a, d);
}

/* The key node of `key` in mapping map, or NULL. */
static yaml_node_t *key_node(as_ydoc *y, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map && map->type == YAML_MAPPING_NODE ? map->data.mapping.pairs.start
                                                                     : NULL;
         p && p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = as_ydoc_node(y, p->key);
        const char *k = as_ydoc_scalar(kn);
        if (k && !strcmp(k, key))
            return kn;
    }
    return NULL;
}

/* A reported YAML file should give every input, '~' where there is no
 * figure: an input or a whole section left out still counts as no data, but
 * is named, so that no data is never an accident. */
static void warn_left_out(const as_ruleset *r, as_ydoc *y, yaml_node_t *root,
                          const as_submission *s, as_diags *d)
{
    size_t left_out = 0;
    for (size_t i = 0; i < r->ninputs; i++)
        left_out += !s->locs[i].line;
    if (!left_out)
        return; /* the usual case: nothing to look for section by section */
    for (size_t j = 0; j < r->nsections; j++) {
        const char *name = r->sections[j];
        yaml_node_t *kn = key_node(y, root, name), *sec = as_ydoc_get(y, root, name);
        if (kn && (!sec || sec->type != YAML_MAPPING_NODE))
            continue; /* not a mapping: an error already */
        char ids[1000] = "";
        size_t used = 0, missing = 0;
        for (size_t i = 0; i < r->ninputs; i++) {
            const as_input *in = &r->inputs[i];
            if (strcmp(in->section, name) != 0 || s->locs[i].line)
                continue;
            missing++;
            if (kn)
                as_diags_warn(d, as_ydoc_loc(y, kn),
                              "input '%s' (%s) is left out of section '%s': it counts as no "
                              "data; write '%s: ~' if there is no figure",
                              in->id, in->name_zh, name, in->id);
            else if (used < sizeof ids) {
                int w = snprintf(ids + used, sizeof ids - used, "%s'%s'", used ? ", " : "", in->id);
                used += w > 0 ? (size_t)w : 0;
            }
        }
        if (!kn && missing && r->section_zh[j])
            as_diags_warn(d, as_loc_make(y->file, 0, 0),
                          "section '%s' (%s) is left out: its inputs %s count as no data; write "
                          "them, with '~' where there is no figure",
                          name, r->section_zh[j], ids);
        else if (!kn && missing)
            as_diags_warn(d, as_loc_make(y->file, 0, 0),
                          "section '%s' is left out: its inputs %s count as no data; write them, "
                          "with '~' where there is no figure",
                          name, ids);
    }
}

static void read_submission(const as_ruleset *r, as_ydoc *y, as_arena *a,
                            const char *expect_province, int expect_year, bool expect_verified,
                            as_submission *s, as_diags *d)
{
    yaml_node_t *root = as_ydoc_root(y);
    if (!as_ydoc_expect_map(y, root, "submission file", d))
        return;
    s->file = y->file;
    yaml_node_t *h = as_ydoc_get(y, root, "submission");
    if (h && other_rules(r, y, h, d))
        return;
    bool header = false;
    if (!h)
        as_diags_add(d, as_ydoc_loc(y, root), "missing 'submission' header");
    else if (read_header(r, y, h, a, s, d) == 0) {
        check_expectations(r, y, s, expect_province, expect_year, expect_verified, d);
        header = true;
    }
    read_sections(r, y, root, s, d);
    if (y->sheet)
        check_rows(r, y, root, d);
    else if (header && !s->verified)
        warn_left_out(r, y, root, s, d);
}

int as_submission_load(const as_ruleset *r, const char *path, as_arena *a,
                       const char *expect_province, int expect_year, bool expect_verified,
                       as_submission **out, as_diags *d)
{
    *out = NULL;
    as_ydoc y;
    size_t before = as_diags_count(d);
    if (load_doc(&y, path, a, d) != 0)
        return -1;
    as_submission *s = new_submission(r, a);
    if (!s)
        as_diags_add(d, as_loc_make(path, 0, 0), "out of memory");
    else
        read_submission(r, &y, a, expect_province, expect_year, expect_verified, s, d);
    as_ydoc_release(&y);
    if (as_diags_count(d) != before)
        return -1;
    *out = s;
    return 0;
}

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

static int read_dataset_yaml(as_dataset *ds, as_diags *d)
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
static void read_targets_file(as_dataset *ds, const char *path, bool *illustrative, as_diags *d)
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
            for (yaml_node_pair_t *p = provs->data.mapping.pairs.start;
                 p < provs->data.mapping.pairs.top; p++) {
                yaml_node_t *kn = as_ydoc_node(&y, p->key);
                const char *code = as_ydoc_scalar(kn);
                size_t pi;
                if (!code || as_rules_province(ds->rules, code, &pi) != 0)
                    as_diags_add(d, as_ydoc_loc(&y, kn), "unknown province '%s'",
                                 code ? code : "?");
                else
                    read_target_values(ds, &y, pi, as_ydoc_node(&y, p->value), d);
            }
        }
    }
    as_ydoc_release(&y);
}

static int read_targets(as_dataset *ds, as_diags *d)
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
            read_targets_file(ds, path, &illustrative, d);
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

static int read_findings(as_dataset *ds, as_diags *d)
{
    static const char *const top[] = {"findings", "provinces", NULL};
    static const char *const keys[] = {"year", "illustrative", "source", NULL};
    const char *path = as_arena_printf(ds->arena, "%s/findings/%d.yaml", ds->dir, ds->year);
    if (!path || !file_exists(path))
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
        for (yaml_node_pair_t *p = provs->data.mapping.pairs.start;
             p < provs->data.mapping.pairs.top; p++) {
            yaml_node_t *kn = as_ydoc_node(&y, p->key);
            const char *code = as_ydoc_scalar(kn);
            size_t pi;
            if (!code || as_rules_province(ds->rules, code, &pi) != 0)
                as_diags_add(d, as_ydoc_loc(&y, kn), "unknown province '%s'", code ? code : "?");
            else
                read_finding(ds, &y, pi, as_ydoc_node(&y, p->value), d);
        }
    as_ydoc_release(&y);
    return as_diags_count(d) == before ? 0 : -1;
}

/* ------------------------------------------------------------ per province */

/* The names a submission file may have, in any case: CODE.yaml, CODE.xlsx,
 * and those of other spreadsheets (as_xlsxdoc_is_other_name), listed to be
 * refused with advice instead of missed. */
static const char *const submission_exts[] = {".yaml", ".xlsx", ".xls", ".xlsm", ".xlsb",
                                              ".et",   ".ods",  ".csv", NULL};

int as_submission_list(const char *dir, char ***names, size_t *n)
{
    return as_ydoc_list_ext(dir, submission_exts, SIZE_MAX, names, n);
}

/* The stray ones of the n names (sorted) listed in folder dir. */
static size_t stray_names(const as_ruleset *r, const char *dir, char *const *names, size_t n,
                          as_diags *d)
{
    size_t stray = 0, idx;
    for (size_t i = 0; i < n; i++) {
        const char *ext = strrchr(names[i], '.'); /* each listed name has one */
        char code[300];
        snprintf(code, sizeof code, "%.*s", (int)(ext - names[i]), names[i]);
        if (as_rules_province(r, code, &idx) == 0)
            continue;
        size_t size = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(size);
        if (!path)
            continue;
        snprintf(path, size, "%s/%s", dir, names[i]);
        as_diags_add(d, as_loc_make(path, 0, 0),
                     "not read: '%s' is not the code of a province in the rules (a submission is "
                     "named after its province, e.g. '%s%s')",
                     code, r->nprovinces ? r->provinces[0].code : "110000", ext);
        free(path);
        stray++;
    }
    return stray;
}

size_t as_dataset_stray_files(const as_ruleset *r, const char *dir, as_diags *d)
{
    char **names = NULL;
    size_t n = 0;
    if (as_submission_list(dir, &names, &n) != 0)
        return 0;
    size_t stray = stray_names(r, dir, names, n, d);
    as_ydoc_names_free(names, n);
    return stray;
}

/* The submission files of one year folder, listed once: a province's file
 * that is not there costs no system call (three stat calls fewer per unit
 * and year: 18,000 at 3,000 units). */
typedef struct {
    const char *dir; /* DIR/submissions/YEAR or DIR/verified/YEAR, in the data set's arena */
    bool listed;     /* names is the folder's submission files (none: no folder); else
                        only the usual names are looked for, each on its own */
    char **names;    /* sorted (as_submission_list) */
    size_t n;
} folder;

static void list_folder(folder *f, const char *dir)
{
    f->dir = dir;
    f->listed = dir && (as_submission_list(dir, &f->names, &f->n) == 0 || errno == ENOENT);
}

/* The index of the first of the names (sorted) not before key. */
static size_t first_from(char *const *names, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(names[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether the file name of folder f is there as a file (a dangling link
 * counts as none). */
static bool present(const folder *f, const char *name, as_arena *a)
{
    const char *path = as_arena_printf(a, "%s/%s", f->dir, name);
    return path && file_exists(path);
}

/* Up to two names of province code's files in folder f, "CODE.<ext>" for a
 * submission extension in any case; returns how many there are in all. */
static size_t code_files(const folder *f, const char *code, as_arena *a, const char *found[2])
{
    static const char *const usual[] = {".yaml", ".xlsx"};
    size_t k = strlen(code), n = 0;
    if (!f->listed) { /* the folder cannot be listed: look for the usual names */
        for (size_t i = 0; i < 2; i++) {
            const char *name = as_arena_printf(a, "%s%s", code, usual[i]);
            if (name && present(f, name, a))
                found[n++] = name;
        }
        return n;
    }
    for (size_t i = first_from(f->names, f->n, code); i < f->n && !strncmp(f->names[i], code, k);
         i++) {
        const char *name = f->names[i]; /* also "1100001.yaml" or "110000.bak.yaml": not code's */
        if (name[k] != '.' || strchr(name + k + 1, '.') || !present(f, name, a))
            continue;
        if (n < 2)
            found[n] = name;
        n++;
    }
    return n;
}

static int find_submission(const folder *f, const char *code, as_arena *a, const char **path,
                           as_diags *d)
{
    const char *found[2] = {NULL, NULL};
    size_t n = code_files(f, code, a, found);
    if (n > 1) {
        as_diags_add(d, as_loc_make(f->dir, 0, 0), "both '%s' and '%s' are given: keep one of them",
                     found[0], found[1]);
        return -1;
    }
    *path = n ? as_arena_printf(a, "%s/%s", f->dir, found[0])
              : as_arena_printf(a, "%s/%s.yaml", f->dir, code);
    if (!*path) {
        as_diags_add(d, as_loc_make(f->dir, 0, 0), "out of memory");
        return -1;
    }
    return n ? 0 : 1;
}

int as_submission_find(const char *dir, char *const *names, size_t n, const char *code, as_arena *a,
                       const char **path, as_diags *d)
{
    folder f = {.dir = dir, .listed = names != NULL, .names = (char **)names, .n = n};
    return find_submission(&f, code, a, path, d);
}

/* Load one stage of one province-year; an absent file is no error except for
 * the assessment year's reported figures. */
static void load_cell(as_dataset *ds, const folder *f, size_t p, int year, bool verified)
{
    const char *code = ds->rules->provinces[p].code;
    const char *path = NULL;
    as_diags *errs = &ds->province_errors[p];
    int found = f->dir ? find_submission(f, code, ds->arena, &path, errs) : -1;
    if (found < 0)
        return;
    size_t cell = p * (size_t)ds->nyears + (size_t)(year - ds->first_year);
    if (!verified)
        ds->reported_files[cell] = path;
    if (found == 1) {
        if (!verified && year == ds->year)
            as_diags_add(errs, as_loc_make(path, 0, 0),
                         "no submission for %s (%s) for %d: neither '%s.yaml' nor '%s.xlsx'",
                         ds->rules->provinces[p].name_en, code, year, code, code);
        return;
    }
    as_submission *s = NULL;
    if (as_submission_load(ds->rules, path, ds->arena, code, year, verified, &s, errs) != 0)
        return;
    if (ds->illustrative != s->illustrative)
        as_diags_add(errs, s->header_loc,
                     ds->illustrative
                         ? "submission in an illustrative data set must say 'illustrative: true'"
                         : "illustrative submission in a data set of real figures");
    (verified ? ds->verified : ds->reported)[cell] = s;
}

static int alloc_tables(as_dataset *ds)
{
    const as_ruleset *r = ds->rules;
    size_t np = r->nprovinces, cells = np * (size_t)ds->nyears;
    size_t nt = (r->ntargets ? r->ntargets : 1) * np;
    ds->reported = as_arena_alloc(ds->arena, cells * sizeof *ds->reported);
    ds->verified = as_arena_alloc(ds->arena, cells * sizeof *ds->verified);
    ds->reported_files = as_arena_alloc(ds->arena, cells * sizeof *ds->reported_files);
    ds->target_values = as_arena_alloc(ds->arena, nt * sizeof *ds->target_values);
    ds->target_has = as_arena_alloc(ds->arena, nt);
    ds->target_locs = as_arena_alloc(ds->arena, nt * sizeof *ds->target_locs);
    ds->findings = as_arena_alloc(ds->arena, np * sizeof *ds->findings);
    ds->province_errors = calloc(np, sizeof *ds->province_errors);
    if (!ds->reported || !ds->verified || !ds->reported_files || !ds->target_values ||
        !ds->target_has || !ds->target_locs || !ds->findings || !ds->province_errors)
        return -1;
    for (size_t p = 0; p < np; p++)
        as_diags_init(&ds->province_errors[p]);
    return 0;
}

/* An empty data set of r for year, in folder dir (NULL: none), or NULL
 * after reporting out of memory. */
static as_dataset *new_dataset(const as_ruleset *r, const char *dir, int year, as_diags *d)
{
    as_dataset *ds = calloc(1, sizeof *ds);
    if (!ds || !(ds->arena = as_arena_new(0))) {
        free(ds);
        as_diags_add(d, as_loc_make(dir, 0, 0), "out of memory");
        return NULL;
    }
    ds->rules = r;
    as_diags_init(&ds->stray);
    ds->dir = dir ? as_arena_strdup(ds->arena, dir) : NULL;
    for (size_t n = ds->dir ? strlen(ds->dir) : 0; n > 1 && ds->dir[n - 1] == '/'; n--)
        ((char *)ds->dir)[n - 1] = '\0'; /* "data/sample/" names files as "data/sample" does */
    ds->year = year;
    ds->first_year = r->min_year_read < year - 1 ? r->min_year_read : year - 1;
    ds->nyears = year - ds->first_year + 1;
    if ((dir && !ds->dir) || alloc_tables(ds) != 0) {
        as_diags_add(d, as_loc_make(dir, 0, 0), "out of memory");
        as_dataset_free(ds);
        return NULL;
    }
    return ds;
}

int as_dataset_load_files(const as_ruleset *r, int year, const char *const *targets,
                          size_t ntargets, as_dataset **out, as_diags *d)
{
    *out = NULL;
    size_t before = as_diags_count(d);
    as_dataset *ds = new_dataset(r, NULL, year, d);
    if (!ds)
        return -1;
    for (size_t i = 0; i < ntargets; i++) {
        size_t had = ds->ntarget_files, errors = as_diags_count(d);
        bool illustrative = false;
        read_targets_file(ds, targets[i], &illustrative, d);
        ds->illustrative = ds->illustrative || illustrative;
        if (as_diags_count(d) == errors && ds->ntarget_files == had)
            as_diags_warn(d, as_loc_make(targets[i], 0, 0),
                          "no targets for %d here: the years of the file do not include it", year);
    }
    if (as_diags_count(d) != before) {
        as_dataset_free(ds);
        return -1;
    }
    *out = ds;
    return 0;
}

int as_dataset_load(const as_ruleset *r, const char *dir, int year, as_dataset **out, as_diags *d)
{
    *out = NULL;
    as_dataset *ds = new_dataset(r, dir, year, d);
    if (!ds)
        return -1;
    int rc = read_dataset_yaml(ds, d);
    rc |= read_targets(ds, d);
    rc |= read_findings(ds, d);
    if (rc != 0) {
        as_dataset_free(ds);
        return -1;
    }
    /* each year folder (reported, verified) listed once */
    size_t nf = 2 * (size_t)ds->nyears;
    folder *f = calloc(nf, sizeof *f);
    if (!f) {
        as_diags_add(d, as_loc_make(dir, 0, 0), "out of memory");
        as_dataset_free(ds);
        return -1;
    }
    for (size_t i = 0; i < nf; i++)
        list_folder(&f[i], as_arena_printf(ds->arena, "%s/%s/%d", ds->dir,
                                           i % 2 ? "verified" : "submissions",
                                           ds->first_year + (int)(i / 2)));
    for (size_t p = 0; p < r->nprovinces; p++)
        for (size_t i = 0; i < nf; i++)
            load_cell(ds, &f[i], p, ds->first_year + (int)(i / 2), i % 2);
    /* files of the year folders that no province owns go to ds->stray */
    for (size_t i = 0; i < nf; i++) {
        if (f[i].listed)
            stray_names(r, f[i].dir, f[i].names, f[i].n, &ds->stray);
        else if (f[i].dir)
            as_dataset_stray_files(r, f[i].dir, &ds->stray);
        as_ydoc_names_free(f[i].names, f[i].n);
    }
    free(f);
    *out = ds;
    return 0;
}

void as_dataset_free(as_dataset *ds)
{
    if (!ds)
        return;
    if (ds->province_errors)
        for (size_t p = 0; p < ds->rules->nprovinces; p++)
            as_diags_release(&ds->province_errors[p]);
    free(ds->province_errors);
    as_diags_release(&ds->stray);
    as_arena_free(ds->arena);
    free(ds);
}

const as_submission *as_dataset_submission(const as_dataset *ds, size_t p, int year, bool verified)
{
    if (year < ds->first_year || year > ds->year || p >= ds->rules->nprovinces)
        return NULL;
    size_t cell = p * (size_t)ds->nyears + (size_t)(year - ds->first_year);
    return (verified ? ds->verified : ds->reported)[cell];
}

bool as_dataset_value(const as_dataset *ds, size_t p, int year, size_t input, bool use_verified,
                      double *value, as_loc *loc, bool *verified)
{
    const as_submission *v = as_dataset_submission(ds, p, year, true);
    const as_submission *s = as_dataset_submission(ds, p, year, false);
    if (use_verified && v && (v->has[input] || v->locs[input].line > 0)) {
        /* a verified ~ replaces the reported figure with no data */
        *loc = v->locs[input];
        *verified = true;
        if (!v->has[input])
            return false;
        *value = v->values[input];
        return true;
    }
    if (!s)
        return false;
    *loc = s->locs[input];
    *verified = false;
    if (!s->has[input])
        return false;
    *value = s->values[input];
    return true;
}

void as_dataset_set_reported(as_dataset *ds, as_submission *s)
{
    if (s->year < ds->first_year || s->year > ds->year)
        return;
    size_t cell = s->province * (size_t)ds->nyears + (size_t)(s->year - ds->first_year);
    ds->reported[cell] = s;
    /* Problems with the replaced file (or its absence) no longer apply;
     * those of other files do. */
    if (ds->reported_files && ds->reported_files[cell])
        as_diags_drop_file(&ds->province_errors[s->province], ds->reported_files[cell]);
}
