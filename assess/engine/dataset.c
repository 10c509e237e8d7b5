/* dataset: reading a data-set folder — dataset.yaml, targets, findings and
 * each province's submissions — against a rule set.  One parse per file; all
 * values land in dense arrays indexed by rule-set input, so evaluation never
 * re-reads or searches.  Computes nothing.  This file reads the submissions
 * and lays the data set out; dataset_shared.c reads the files every province
 * shares. */
#include "engine/dataset.h"

#include <stdint.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "base/date.h"
#include "base/suggest.h"
#include "engine/dataset_load.h"
#include "engine/figure.h"
#include "engine/select.h"
#include "input/xlsxdoc.h"
#include "input/ydoc.h"

bool as_dsload_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || errno != ENOENT;
}

/* ------------------------------------------------------------ submissions */

static const char *const header_keys[] = {
    "province", "year", "stage", "illustrative", "source", "verified_by", "notes", "rules", NULL};

/* Whether s holds nothing but blanks (space, tab, line breaks, the no-break
 * and the ideographic space). */
static bool blank_text(const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u;) {
        if (*u == ' ' || *u == '\t' || *u == '\r' || *u == '\n')
            u++;
        else if (u[0] == 0xC2 && u[1] == 0xA0)
            u += 2;
        else if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
            u += 3;
        else
            return false;
    }
    return true;
}

/* The header's 'source' says where the figures come from: required, and an
 * empty or blank one, "~" or the template's own "" is said at its cell or
 * line (the figures can still be judged). */
static void read_source(as_ydoc *y, yaml_node_t *h, as_arena *a, as_submission *s, as_diags *d)
{
    yaml_node_t *n = as_ydoc_get(y, h, "source");
    if (n && (as_ydoc_is_null(n) || (as_ydoc_scalar(n) && blank_text(as_ydoc_scalar(n)))))
        as_diags_add(d, as_ydoc_loc(y, n),
                     "'source' (数据来源) is empty: it is required; say where the figures come "
                     "from, e.g. the provincial statistics bureau's energy balance sheet");
    else
        as_ydoc_get_str(y, h, "source", "submission header", true, a, &s->source, d);
}

/* Read the header into s.  Returns 0 when what the figures are (province,
 * year, stage, illustrative) is known, even if a field about where they
 * come from is wrong (reported in d all the same), else -1. */
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
    read_source(y, h, a, s, d);
    as_ydoc_get_str(y, h, "rules", "submission header", false, a, &s->rules_id, d);
    rc |=
        as_ydoc_get_str(y, h, "verified_by", "submission header", false, a, &s->verified_by, d) < 0;
    if (rc != 0)
        return -1;
    if (as_rules_province(r, code, &s->province) != 0) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, h, "province")), "unknown province '%s'",
                     code);
        return -1;
    }
    s->year = (int)year;
    s->year_loc = as_ydoc_loc(y, as_ydoc_get(y, h, "year"));
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

/* A workbook's input cell formatted as a date: Excel and WPS turn a figure
 * typed like 8-8 into the date's serial number (46242) and show it as a
 * date.  Said at the cell with the date it shows; returns -1. */
static int date_cell(const as_input *in, const char *serial, as_loc at, as_diags *d)
{
    char *end = NULL, shown[32];
    double n = serial ? strtod(serial, &end) : 0;
    if (end && !*end && n >= 1 && n <= 2958465 && n == floor(n)) /* 1900-01-01 to 9999-12-31 */
        as_date_format(as_date_from_ymd(1899, 12, n < 60 ? 31 : 30) + (as_date)n, shown);
    else
        snprintf(shown, sizeof shown, "%s", serial ? serial : "?");
    as_diags_add(d, at,
                 "'%s' (%s) is a date, not a figure: the cell is formatted as a date and holds "
                 "%s; Excel and WPS turn a figure typed like 8-8 into a date: format the cell as "
                 "a number and type the figure again",
                 in->id, in->name_zh, shown);
    return -1;
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
    if (as_ydoc_is_date(v))
        return date_cell(in, text, s->locs[i], d);
    double x;
    char unit[200], unit_zh[200];
    if (as_figure_percent_index(in, text, s->locs[i], d) != 0 ||
        as_ydoc_to_amount(y, v, in->id, as_input_unit_text(in, false, unit, sizeof unit),
                          as_input_unit_text(in, true, unit_zh, sizeof unit_zh), &x, d) != 0 ||
        as_figure_check(in, x, s->locs[i], d) != 0)
        return -1;
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
            s->unread[i] = 1;
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
        !(s->has = as_arena_alloc(a, n)) || !(s->unread = as_arena_alloc(a, n)) ||
        !(s->locs = as_arena_alloc(a, n * sizeof *s->locs)))
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

/* A workbook's header cell the template locked (province, year, rule set)
 * whose value is not the one the template wrote, as it recorded it in the
 * workbook's properties: the sheet was unprotected and the cell changed.
 * Each said at its cell, with the template to make instead; nothing else
 * is, since every other message would follow from it.  True if any. */
static bool locked_changed(as_ydoc *y, yaml_node_t *h, as_diags *d)
{
    static const char *const fields[][2] = {
        {"province", "province"}, {"year", "year"}, {"rules", "rule set"}};
    const char *now[3], *made[3];
    bool changed[3], any = false;
    for (size_t i = 0; i < 3; i++) {
        now[i] = as_ydoc_scalar(as_ydoc_get(y, h, fields[i][0]));
        made[i] = as_ydoc_property(y, fields[i][1]);
        char *e1 = NULL, *e2 = NULL; /* a year as a number: 2026 and 2026.0 are one */
        bool same_year = i == 1 && now[i] && made[i] &&
                         strtod(now[i], &e1) == strtod(made[i], &e2) && !*e1 && !*e2;
        changed[i] = now[i] && made[i] && strcmp(now[i], made[i]) != 0 && !same_year;
        any = any || changed[i];
    }
    /* the template to make: the province and year the cells now say, else the workbook's */
    const char *prov = changed[0] ? now[0] : made[0] ? made[0] : "PROVINCE";
    const char *year = changed[1] ? now[1] : made[1] ? made[1] : "YEAR";
    for (size_t i = 0; i < 3; i++)
        if (changed[i])
            as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, h, fields[i][0])),
                         "'%s' is '%s' in a locked cell, but the workbook was made for '%s': do "
                         "not change it; make a template for what you mean ('assess template "
                         "--province %s --year %s --xlsx FILE') and copy the figures into it",
                         fields[i][0], now[i], made[i], prov, year);
    return any;
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

/* Read the tree into s.  Returns whether its header was read whole (its
 * province, year and stage known, and those of its folder or name when
 * expected), whatever else is wrong. */
static bool read_submission(const as_ruleset *r, as_ydoc *y, as_arena *a,
                            const char *expect_province, int expect_year, bool expect_verified,
                            as_submission *s, as_diags *d)
{
    yaml_node_t *root = as_ydoc_root(y);
    if (!as_ydoc_expect_map(y, root, "submission file", d))
        return false;
    s->file = y->file;
    yaml_node_t *h = as_ydoc_get(y, root, "submission");
    if (h && (locked_changed(y, h, d) || other_rules(r, y, h, d)))
        return false;
    bool header = false;
    if (!h)
        as_diags_add(d, as_ydoc_loc(y, root), "missing 'submission' header");
    else if (read_header(r, y, h, a, s, d) == 0) /* whole: also where the file lies says so */
        header = check_expectations(r, y, s, expect_province, expect_year, expect_verified, d) == 0;
    read_sections(r, y, root, s, d);
    if (y->sheet)
        check_rows(r, y, root, d);
    else if (header && !s->verified)
        warn_left_out(r, y, root, s, d);
    return header;
}

/* as_submission_load, and with partial the submission as far as it could
 * be read when its header was. */
static int load_submission(const as_ruleset *r, const char *path, as_arena *a,
                           const char *expect_province, int expect_year, bool expect_verified,
                           bool partial, as_submission **out, as_diags *d)
{
    *out = NULL;
    as_ydoc y;
    size_t before = as_diags_count(d);
    if (load_doc(&y, path, a, d) != 0)
        return -1;
    as_submission *s = new_submission(r, a);
    bool header = false;
    if (!s)
        as_diags_add(d, as_loc_make(path, 0, 0), "out of memory");
    else
        header = read_submission(r, &y, a, expect_province, expect_year, expect_verified, s, d);
    as_ydoc_release(&y);
    bool ok = as_diags_count(d) == before;
    *out = ok || (partial && header) ? s : NULL;
    return ok ? 0 : -1;
}

int as_submission_load(const as_ruleset *r, const char *path, as_arena *a,
                       const char *expect_province, int expect_year, bool expect_verified,
                       as_submission **out, as_diags *d)
{
    return load_submission(r, path, a, expect_province, expect_year, expect_verified, false, out,
                           d);
}

int as_submission_load_partial(const as_ruleset *r, const char *path, as_arena *a,
                               const char *expect_province, int expect_year, as_submission **out,
                               as_diags *d)
{
    return load_submission(r, path, a, expect_province, expect_year, false, true, out, d);
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

/* Whether the year folder dir (DIR/submissions/<year> or DIR/verified/<year>)
 * holds no submission file: none there, or no such folder.  A folder that
 * cannot be read is not said to be empty: loading it says why. */
static bool folder_empty(const char *dir)
{
    char **names = NULL;
    size_t n = 0;
    int rc = as_ydoc_list_ext(dir, submission_exts, 1, &names, &n);
    int err = errno;
    as_ydoc_names_free(names, n);
    return rc == 0 ? n == 0 : err == ENOENT || err == ENOTDIR;
}

bool as_dataset_year_empty(const char *dir, int year)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/dataset.yaml", dir);
    if (!as_dsload_exists(path))
        return false; /* no data set here: loading it says so */
    for (int verified = 0; verified < 2; verified++) {
        snprintf(path, sizeof path, "%s/%s/%d", dir, verified ? "verified" : "submissions", year);
        if (!folder_empty(path))
            return false;
    }
    return true;
}

int as_dataset_submission_years(const char *dir, int *years, size_t max, size_t *n)
{
    char path[4200];
    *n = 0;
    snprintf(path, sizeof path, "%s/submissions", dir);
    DIR *dh = opendir(path);
    if (!dh)
        return -1;
    for (struct dirent *e; (e = readdir(dh)) && *n < max;) {
        char *end = NULL;
        long y = strtol(e->d_name, &end, 10);
        if (strlen(e->d_name) != 4 || *end || y < 1900 || y > 2200)
            continue;
        snprintf(path, sizeof path, "%s/submissions/%s", dir, e->d_name);
        if (!folder_empty(path))
            years[(*n)++] = (int)y;
    }
    closedir(dh);
    for (size_t i = 1; i < *n; i++) /* a handful: insertion sort */
        for (size_t j = i; j > 0 && years[j - 1] > years[j]; j--) {
            int t = years[j];
            years[j] = years[j - 1];
            years[j - 1] = t;
        }
    return 0;
}

void as_dataset_submission_years_text(const char *dir, char *buf, size_t n)
{
    int have[AS_SELECT_MAX_YEARS];
    size_t nhave = 0;
    if (n)
        buf[0] = '\0';
    if (as_dataset_submission_years(dir, have, AS_SELECT_MAX_YEARS, &nhave) == 0 && nhave &&
        as_select_years_text(have, nhave, ",", buf, n) != 0 && n)
        buf[0] = '\0'; /* too small: none rather than a cut list */
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
    return path && as_dsload_exists(path);
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
                         "no submission for %s%.0s (%s) for %d: neither '%s.yaml' nor '%s.xlsx'",
                         ds->rules->provinces[p].name_en, ds->rules->provinces[p].name_zh, code,
                         year, code, code);
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
        as_dsload_targets_file(ds, targets[i], &illustrative, d);
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
    int rc = as_dsload_dataset_yaml(ds, d);
    rc |= as_dsload_targets(ds, d);
    rc |= as_dsload_findings(ds, d);
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
