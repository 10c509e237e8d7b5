/* cmd_validate: `assess validate PATH...`: check rule files, data-set folders,
 * single submissions and calendar files, reporting every problem found as
 * file:line:col: error: ...  The kind of a file is told by its top-level key. */
#include <dirent.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/bundle.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/calendar.h"
#include "engine/dataset.h"
#include "engine/plan.h"
#include "engine/rules.h"
#include "input/xlsxdoc.h"
#include "input/ydoc.h"

static const char usage_text[] =
    N_("usage: assess validate [--rules FILE] [--lang zh|en|both] PATH...\n\n"
       "Checks each PATH and reports every problem as file:line:col: error: ...\n"
       "  a rule file (top-level 'ruleset'): syntax, fields, types, duplicate ids, every\n"
       "    formula name, parameter validity ranges, grading coverage (exactly one grade\n"
       "    for every combination of missed counts and fraud)\n"
       "  a data-set folder (holding dataset.yaml): dataset.yaml, targets, findings and\n"
       "    every submission and verified file, against --rules\n"
       "  a submission file (top-level 'submission') or workbook (.xlsx), against --rules\n"
       "  a calendar file (top-level 'calendar') or a folder of them\n"
       "  a plan file of a target review (top-level 'plan'), with the rule set it names\n\n"
       "Warnings and notes (a figure read in a way worth saying, an input left out)\n"
       "are printed the same way and do not make a path invalid.\n\n"
       "  --rules FILE   rules for data sets and submissions (default: rules/2026.yaml)\n"
       "  --lang L       language of what is printed: zh, en or both (default: the locale)\n\n"
       "exit: 0 all valid, 1 problems found, 2 usage\n");

typedef struct {
    const char *rules_path;
    as_ruleset *rules; /* loaded on first need */
    bool rules_failed;
    as_diags *d;
} vctx;

static as_ruleset *need_rules(vctx *v)
{
    if (!v->rules && !v->rules_failed && as_rules_load(v->rules_path, &v->rules, v->d) != 0)
        v->rules_failed = true;
    return v->rules;
}

/* The first top-level key of a YAML file, or "" (copied into buf).  Only
 * a file that cannot be read reports anything here: the loader that reads it
 * next says the rest. */
static const char *top_key(const char *path, char *buf, size_t n, as_diags *d)
{
    as_arena *a = as_arena_new(0);
    as_ydoc y;
    as_diags mine;
    as_diags_init(&mine);
    buf[0] = '\0';
    int rc = a ? as_ydoc_load(&y, path, a, &mine) : -1;
    if (rc != 0)
        as_diags_move(d, &mine);
    as_diags_release(&mine);
    if (rc == 0) {
        yaml_node_t *root = as_ydoc_root(&y);
        if (root && root->type == YAML_MAPPING_NODE &&
            root->data.mapping.pairs.start < root->data.mapping.pairs.top) {
            const char *k = as_ydoc_scalar(as_ydoc_node(&y, root->data.mapping.pairs.start->key));
            snprintf(buf, n, "%s", k ? k : "");
        }
        as_ydoc_release(&y);
    }
    as_arena_free(a);
    return buf;
}

static void validate_submission(vctx *v, const char *path)
{
    as_ruleset *r = need_rules(v);
    as_arena *a = as_arena_new(0);
    as_submission *s;
    if (r && a) {
        bool verified = strstr(path, "verified/") != NULL;
        as_submission_load(r, path, a, NULL, 0, verified, &s, v->d);
    }
    as_arena_free(a);
}

/* Names in dir in byte order (scandir + alphasort), so output is stable. */
static int sorted_names(const char *dir, struct dirent ***names)
{
    return scandir(dir, names, NULL, alphasort);
}

static void free_names(struct dirent **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The files of one year folder, as evaluate reads them: CODE.yaml or
 * CODE.xlsx for each province (two files, or another spreadsheet format,
 * is an error), the other such files reported as not read, hidden files
 * skipped. */
static void validate_year(vctx *v, const char *ydir, long year, bool verified)
{
    char **names = NULL;
    size_t n = 0, idx;
    char last[300] = "";
    as_dataset_stray_files(v->rules, ydir, v->d);
    if (as_submission_list(ydir, &names, &n) != 0)
        return;
    for (size_t j = 0; j < n; j++) {
        char code[300];
        snprintf(code, sizeof code, "%.*s", (int)(strrchr(names[j], '.') - names[j]), names[j]);
        if (as_rules_province(v->rules, code, &idx) != 0 || !strcmp(code, last))
            continue; /* reported above, or its other file (as_submission_find reports two) */
        snprintf(last, sizeof last, "%s", code);
        as_arena *a = as_arena_new(0);
        const char *path;
        as_submission *s;
        if (a && as_submission_find(ydir, names, n, code, a, &path, v->d) == 0)
            as_submission_load(v->rules, path, a, code, (int)year, verified, &s, v->d);
        as_arena_free(a);
    }
    as_ydoc_names_free(names, n);
}

/* Validate the submission files in DIR/<stage>/<year>/. */
static void validate_stage(vctx *v, const char *dir, const char *stage, int *max_year)
{
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/%s", dir, stage);
    struct dirent **years;
    int ny = sorted_names(sub, &years);
    for (int i = 0; i < ny; i++) {
        long year;
        if (as_cli_parse_int(years[i]->d_name, 1900, 2200, &year) != 0)
            continue;
        if (year > *max_year)
            *max_year = (int)year;
        char ydir[4400];
        snprintf(ydir, sizeof ydir, "%s/%s", sub, years[i]->d_name);
        validate_year(v, ydir, year, !strcmp(stage, "verified"));
    }
    if (ny > 0)
        free_names(years, ny);
}

static void validate_dataset(vctx *v, const char *dir)
{
    as_ruleset *r = need_rules(v);
    if (!r)
        return;
    int max_year = 0;
    validate_stage(v, dir, "submissions", &max_year);
    validate_stage(v, dir, "verified", &max_year);
    int year = max_year >= r->year_from && max_year <= r->year_to ? max_year : r->year_from;
    as_dataset *ds = NULL;
    if (as_dataset_load(r, dir, year, &ds, v->d) == 0)
        as_dataset_free(ds); /* province problems and stray files were reported above */
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void validate_calendar_dir(vctx *v, const char *dir)
{
    as_calendar *c = NULL;
    if (as_calendar_load(dir, &c, v->d) == 0)
        as_calendar_free(c);
}

static void validate_path(vctx *v, const char *path)
{
    char key[64], probe[4200];
    if (is_dir(path)) {
        snprintf(probe, sizeof probe, "%s/dataset.yaml", path);
        if (access(probe, F_OK) == 0)
            validate_dataset(v, path);
        else
            validate_calendar_dir(v, path);
        return;
    }
    if (as_xlsxdoc_is_name(path) || as_xlsxdoc_is_other_name(path) || as_xlsxdoc_is_content(path)) {
        validate_submission(v, path); /* a workbook, or advice on what to make of it */
        return;
    }
    top_key(path, key, sizeof key, v->d);
    if (!strcmp(key, "submission"))
        validate_submission(v, path);
    else if (!strcmp(key, "calendar"))
        as_calendar_validate_file(path, v->d);
    else if (!strcmp(key, "plan")) {
        as_plan *p = NULL;
        if (as_plan_load(path, &p, v->d) == 0)
            as_plan_free(p);
    } else if (key[0]) {
        as_ruleset *r = NULL;
        if (as_rules_load(path, &r, v->d) == 0)
            as_rules_free(r);
    }
}

int as_cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {{"rules", required_argument, NULL, 'r'},
                                             {"lang", required_argument, NULL, 'L'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *rules = NULL;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (ch == 'r')
            rules = optarg;
        else if (ch == 'L' && as_cli_lang_option("validate", optarg) != 0)
            return AS_EXIT_USAGE;
        else if (ch == 'L')
            continue; /* applied before the command ran */
        else if (ch == 'h') {
            fputs(_(usage_text), stdout);
            return AS_EXIT_OK;
        } else {
            return as_cli_bad_option("validate", longopts, argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        as_cli_error("validate", "expected at least one PATH");
        fputs(_(usage_text), stderr);
        return AS_EXIT_USAGE;
    }
    as_diags d;
    as_diags_init(&d);
    rules = rules ? as_bundle_path(rules)
                  : as_cli_default("validate", "rules/2026.yaml", "--rules FILE");
    if (!rules)
        return AS_EXIT_INVALID;
    vctx v = {rules, NULL, false, &d};
    for (int i = optind; i < argc; i++)
        validate_path(&v, as_bundle_path(argv[i]));
    as_cli_print_diags(&d);
    size_t n = as_diags_count(&d);
    if (n == 0)
        as_cli_printf(stdout,
                      argc - optind == 1 ? N_("ok: %d path valid\n") : N_("ok: %d paths valid\n"),
                      argc - optind);
    as_diags_release(&d);
    as_rules_free(v.rules);
    return n ? AS_EXIT_INVALID : AS_EXIT_OK;
}
