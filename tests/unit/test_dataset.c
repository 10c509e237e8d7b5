/* test_dataset: reading data-set folders against tests/fixtures/datasets/
 * tiny-rules.yaml (2 provinces, 4 inputs, 3 targets): the header and
 * notification date, targets for the year only, findings, reported and
 * verified figures, absent files, and the exact located message for each
 * problem a province's file or a shared file can have (golden .expected files
 * beside the bad inputs).  Not tested here: computing anything (test_eval.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/dataset.h"
#include "input/ydoc.h"

#include "support.h"

#define RULES "tests/fixtures/datasets/tiny-rules.yaml"
#define GOOD "tests/fixtures/datasets/good"

enum { BEIJING = 0, TIANJIN = 1 };                               /* province indices */
enum { COAL = 0, GAS = 1, GDP_INDEX = 2, FOREST_STOCK = 3 };     /* input indices */
enum { COAL_CAP = 0, FOREST_STOCK_MIN = 1, INTENSITY_PLAN = 2 }; /* target indices */

static as_ruleset *rules;

/* "file:line:col" of a location, or "" for none. */
static void loc_text(as_loc l, char *out, size_t len)
{
    if (l.file && l.line)
        snprintf(out, len, "%s:%d:%d", l.file, l.line, l.col);
    else
        out[0] = '\0';
}

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    as_diags d;
    as_diags_init(&d);
    int rc = as_rules_load(RULES, &rules, &d);
    char *msgs = joined_errors(&d);
    cr_assert_eq(rc, 0, "%s:\n%s", RULES, msgs);
    free(msgs);
    as_diags_release(&d);
}

static void teardown(void)
{
    as_rules_free(rules);
    rules = NULL;
}

TestSuite(dataset, .init = setup, .fini = teardown);

static as_dataset *load_ok(const char *dir, int year)
{
    as_diags d;
    as_dataset *ds = NULL;
    as_diags_init(&d);
    int rc = as_dataset_load(rules, dir, year, &ds, &d);
    char *msgs = joined_errors(&d);
    cr_assert_eq(rc, 0, "%s for %d should load, got:\n%s", dir, year, msgs);
    cr_assert_not_null(ds);
    free(msgs);
    as_diags_release(&d);
    return ds;
}

/* ------------------------------------------------------------------ a good data set */

Test(dataset, reads_the_description_and_the_notification_date_of_the_year)
{
    as_dataset *ds = load_ok(GOOD, 2026);
    cr_expect_str_eq(ds->dir, GOOD);
    cr_expect_str_eq(ds->name_zh, "测试数据（虚构）");
    cr_expect_str_eq(ds->name_en, "test data (illustrative)");
    cr_expect_str_eq(ds->source, "written by hand for test_dataset.c");
    cr_expect(ds->illustrative);
    cr_expect_str_eq(ds->notice, "ILLUSTRATIVE DATA for tests");
    cr_expect_eq(ds->year, 2026);
    cr_expect(ds->has_notified);
    char got[11];
    as_date_format(ds->notified, got);
    cr_expect_str_eq(got, "2027-06-30", "the 2026 date, not 2027's");
    as_dataset_free(ds);
    as_dataset_free(NULL); /* NULL is ok */
}

Test(dataset, loads_the_assessment_year_and_the_base_year_before_it)
{
    as_dataset *ds = load_ok(GOOD, 2026);
    /* base year 2025 = year - 1: the years loaded are 2025 and 2026 */
    cr_expect_eq(ds->first_year, 2025);
    cr_expect_eq(ds->nyears, 2);
    static const struct {
        size_t province;
        int year;
        bool verified;
        char exp_file[64]; /* "" = no file */
    } cases[] = {
        {BEIJING, 2025, false, GOOD "/submissions/2025/110000.yaml"},
        {BEIJING, 2026, false, GOOD "/submissions/2026/110000.yaml"},
        {BEIJING, 2025, true, ""},
        {BEIJING, 2026, true, GOOD "/verified/2026/110000.yaml"},
        {TIANJIN, 2025, false, ""},
        {TIANJIN, 2026, false, GOOD "/submissions/2026/120000.yaml"},
        {TIANJIN, 2026, true, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t cell = cases[i].province * (size_t)ds->nyears + (size_t)(cases[i].year - 2025);
        const as_submission *s = (cases[i].verified ? ds->verified : ds->reported)[cell];
        const char *got = s ? s->file : "";
        cr_expect_str_eq(got, cases[i].exp_file, "province %zu, %d, verified %d: exp '%s' got '%s'",
                         cases[i].province, cases[i].year, cases[i].verified, cases[i].exp_file,
                         got);
        if (s) {
            cr_expect_eq(s->province, cases[i].province);
            cr_expect_eq(s->year, cases[i].year);
            cr_expect_eq(s->verified, cases[i].verified);
            cr_expect(s->illustrative);
        }
    }
    const as_submission *v = ds->verified[BEIJING * 2 + 1];
    cr_expect_str_eq(v->verified_by, "NBS");
    cr_expect_eq(as_diags_count(&ds->province_errors[BEIJING]), 0);
    cr_expect_eq(as_diags_count(&ds->province_errors[TIANJIN]), 0,
                 "an absent previous year is no error");
    as_dataset_free(ds);
}

Test(dataset, loads_the_targets_for_the_year_and_skips_files_for_other_years)
{
    static const struct {
        size_t province;
        size_t target;
        bool exp_has;
        double exp;
        char exp_loc[72];
    } cases[] = {
        {BEIJING, COAL_CAP, true, 1050, GOOD "/targets/2026.yaml:7:24"}, /* not 2027's 990 */
        {BEIJING, FOREST_STOCK_MIN, true, 0.3, GOOD "/targets/2026.yaml:7:48"},
        {BEIJING, INTENSITY_PLAN, true, 0.2, GOOD "/targets/plan.yaml:7:30"},
        {TIANJIN, COAL_CAP, true, 800, GOOD "/targets/2026.yaml:8:24"},
        {TIANJIN, FOREST_STOCK_MIN, false, 0, GOOD "/targets/2026.yaml:8:47"}, /* ~ */
        {TIANJIN, INTENSITY_PLAN, true, 0.18, GOOD "/targets/plan.yaml:8:30"},
    };
    as_dataset *ds = load_ok(GOOD, 2026);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t cell = cases[i].province * rules->ntargets + cases[i].target;
        char loc[96];
        loc_text(ds->target_locs[cell], loc, sizeof loc);
        cr_expect_eq(ds->target_has[cell], cases[i].exp_has, "case %zu: has", i);
        cr_expect_eq(ds->target_values[cell], cases[i].exp, "case %zu: exp %g got %g", i,
                     cases[i].exp, ds->target_values[cell]);
        cr_expect_str_eq(loc, cases[i].exp_loc, "case %zu: exp %s got %s", i, cases[i].exp_loc,
                         loc);
    }
    /* sorted by name; 2027.yaml (unknown ids, a second Beijing coal cap) is not read */
    cr_assert_eq(ds->ntarget_files, 2);
    cr_expect_str_eq(ds->target_files[0], GOOD "/targets/2026.yaml");
    cr_expect_str_eq(ds->target_files[1], GOOD "/targets/plan.yaml");
    as_dataset_free(ds);
}

Test(dataset, reads_the_targets_file_of_a_later_year_when_that_year_is_loaded)
{
    as_diags d;
    as_dataset *ds = NULL;
    as_diags_init(&d);
    cr_expect_eq(as_dataset_load(rules, GOOD, 2027, &ds, &d), -1);
    cr_expect_null(ds);
    char *got = joined_errors(&d);
    cr_expect_str_eq(got,
                     GOOD "/targets/2027.yaml:9:29: error: unknown target 'no_such_target'\n" GOOD
                          "/targets/2027.yaml:10:3: error: unknown province '990000'\n");
    free(got);
    as_diags_release(&d);
}

Test(dataset, reads_a_fraud_finding_for_the_province_it_names)
{
    as_dataset *ds = load_ok(GOOD, 2026);
    const as_finding *f = &ds->findings[TIANJIN];
    cr_expect(f->fraud);
    cr_expect_str_eq(f->summary, "coal figures altered");
    cr_expect_str_eq(f->found_by, "on-site verification team (NDRC, NBS)");
    char loc[96];
    loc_text(f->loc, loc, sizeof loc);
    cr_expect_str_eq(loc, GOOD "/findings/2026.yaml:7:5");
    cr_expect_not(ds->findings[BEIJING].fraud);
    cr_expect_eq(ds->findings[BEIJING].loc.line, 0, "no finding recorded for Beijing");
    as_dataset_free(ds);
}

Test(dataset, gives_the_verified_figure_only_when_asked_and_else_the_reported_one)
{
    static const struct {
        size_t province;
        int year;
        size_t input;
        bool use_verified;
        bool exp_has;
        double exp;
        bool exp_verified;
        char exp_loc[72]; /* "" = not located */
    } cases[] = {
        {BEIJING, 2026, COAL, true, true, 1010, true, GOOD "/verified/2026/110000.yaml:11:9"},
        {BEIJING, 2026, COAL, false, true, 1000, false, GOOD "/submissions/2026/110000.yaml:9:9"},
        {BEIJING, 2026, GDP_INDEX, true, true, 105.5, true,
         GOOD "/verified/2026/110000.yaml:13:14"},
        /* not verified: the reported null stands, located where it was written */
        {BEIJING, 2026, GAS, true, false, 0, false, GOOD "/submissions/2026/110000.yaml:10:8"},
        /* absent from the reported file */
        {BEIJING, 2026, FOREST_STOCK, false, false, 0, false, ""},
        /* a verified ~: verified as having no valid figure, so no data */
        {BEIJING, 2026, FOREST_STOCK, true, false, 0, true,
         GOOD "/verified/2026/110000.yaml:15:17"},
        /* no verified file for 2025 */
        {BEIJING, 2025, COAL, true, true, 1100, false, GOOD "/submissions/2025/110000.yaml:8:9"},
        {TIANJIN, 2026, FOREST_STOCK, false, true, 0.05, false,
         GOOD "/submissions/2026/120000.yaml:13:17"},
    };
    as_dataset *ds = load_ok(GOOD, 2026);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = -1;
        as_loc l = {0};
        bool verified = !cases[i].exp_verified;
        bool has = as_dataset_value(ds, cases[i].province, cases[i].year, cases[i].input,
                                    cases[i].use_verified, &got, &l, &verified);
        char loc[96];
        loc_text(l, loc, sizeof loc);
        cr_expect_eq(has, cases[i].exp_has, "case %zu: has", i);
        if (cases[i].exp_has)
            cr_expect_eq(got, cases[i].exp, "case %zu: exp %g got %g", i, cases[i].exp, got);
        cr_expect_eq(verified, cases[i].exp_verified, "case %zu: verified", i);
        cr_expect_str_eq(loc, cases[i].exp_loc, "case %zu: exp '%s' got '%s'", i, cases[i].exp_loc,
                         loc);
    }
    as_dataset_free(ds);
}

Test(dataset, has_no_value_for_a_year_without_a_file_or_outside_the_years_loaded)
{
    static const struct {
        size_t province;
        int year;
    } cases[] = {
        {TIANJIN, 2025}, /* no file: "no data", and no error */
        {BEIJING, 2024}, /* before the first year loaded */
        {BEIJING, 2027}, /* after the assessment year */
    };
    as_dataset *ds = load_ok(GOOD, 2026);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = 0;
        as_loc l = {0};
        bool verified = false;
        cr_expect_not(
            as_dataset_value(ds, cases[i].province, cases[i].year, COAL, true, &v, &l, &verified),
            "province %zu in %d has a value", cases[i].province, cases[i].year);
    }
    cr_expect_eq(as_diags_count(&ds->province_errors[TIANJIN]), 0);
    as_dataset_free(ds);
}

Test(dataset, reports_a_missing_submission_for_the_assessment_year_with_that_province)
{
    /* in 2025 Beijing has a file and Tianjin has none */
    as_dataset *ds = load_ok(GOOD, 2025);
    cr_expect_eq(ds->first_year, 2024);
    cr_expect_not(ds->has_notified, "no notification date for 2025");
    cr_expect_eq(ds->ntarget_files, 0, "no targets file covers 2025");
    cr_expect_eq(as_diags_count(&ds->province_errors[BEIJING]), 0);
    char *got = joined_errors(&ds->province_errors[TIANJIN]);
    cr_expect_str_eq(got, GOOD "/submissions/2025/120000.yaml: error: no submission for Tianjin "
                               "(120000) for 2025: neither '120000.yaml' nor '120000.xlsx'\n");
    free(got);
    as_dataset_free(ds);
}

Test(dataset, names_files_the_same_with_or_without_trailing_slashes)
{
    as_dataset *ds = load_ok(GOOD "//", 2025);
    cr_expect_str_eq(ds->dir, GOOD);
    cr_expect_str_eq(ds->reported[BEIJING * 2 + 1]->file, GOOD "/submissions/2025/110000.yaml");
    char *got = joined_errors(&ds->province_errors[TIANJIN]);
    cr_expect_str_eq(got, GOOD "/submissions/2025/120000.yaml: error: no submission for Tianjin "
                               "(120000) for 2025: neither '120000.yaml' nor '120000.xlsx'\n");
    free(got);
    as_dataset_free(ds);
}

/* ------------------------------------------------------------------ per-province problems */

Test(dataset, keeps_each_header_problem_with_the_province_whose_file_it_is)
{
    as_dataset *ds = load_ok("tests/fixtures/datasets/headers", 2026);
    as_diags all;
    as_diags_init(&all);
    for (size_t p = 0; p < rules->nprovinces; p++)
        for (size_t i = 0; i < ds->province_errors[p].n; i++)
            if (ds->province_errors[p].items[i].sev == AS_SEV_ERROR)
                as_diags_copy(&all, &ds->province_errors[p].items[i]);
    char *got = joined_errors(&all),
         *exp = golden_text("tests/fixtures/datasets/headers.expected", got);
    cr_expect_str_eq(got, exp, "exp:\n%sgot:\n%s", exp, got);
    cr_expect_eq(as_diags_count(&ds->province_errors[BEIJING]), 2);
    cr_expect_eq(as_diags_count(&ds->province_errors[TIANJIN]), 2);
    /* a file whose header disagrees is not used; the illustrative mismatch is kept */
    cr_expect_null(ds->reported[BEIJING * 2 + 1]);
    cr_expect_null(ds->verified[BEIJING * 2 + 1]);
    cr_expect_null(ds->reported[TIANJIN * 2 + 1]);
    cr_expect_not_null(ds->reported[TIANJIN * 2 + 0]);
    free(got);
    free(exp);
    as_diags_release(&all);
    as_dataset_free(ds);
}

Test(dataset, reports_each_problem_of_a_submission_at_its_line_and_column)
{
    static const char names[][24] = {"unknown_section", "unknown_input", "wrong_section",
                                     "below_min",       "above_max",     "not_a_number",
                                     "too_large",       "other_rules"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256], expected[256];
        snprintf(path, sizeof path, "tests/fixtures/datasets/submissions/%s.yaml", names[i]);
        snprintf(expected, sizeof expected, "tests/fixtures/datasets/submissions/%s.expected",
                 names[i]);
        as_arena *a = as_arena_new(0);
        as_submission *s = NULL;
        as_diags d;
        as_diags_init(&d);
        /* as the data set reads submissions/2026/110000.yaml */
        cr_expect_eq(as_submission_load(rules, path, a, "110000", 2026, false, &s, &d), -1,
                     "%s: accepted", path);
        cr_expect_null(s);
        char *got = joined_errors(&d), *exp = golden_text(expected, got);
        cr_expect_str_eq(got, exp, "%s:\nexp:\n%sgot:\n%s", path, exp, got);
        free(got);
        free(exp);
        as_diags_release(&d);
        as_arena_free(a);
    }
}

Test(dataset, reads_a_valid_submission_into_values_by_input)
{
    static const struct {
        size_t input;
        bool exp_has;
        double exp;
        int exp_line, exp_col;
    } exp[] = {
        {COAL, true, 1000, 9, 9},
        {GAS, false, 0, 10, 8}, /* ~ */
        {GDP_INDEX, true, 105, 12, 14},
        {FOREST_STOCK, false, 0, 0, 0}, /* absent */
    };
    as_arena *a = as_arena_new(0);
    as_submission *s = NULL;
    as_diags d;
    as_diags_init(&d);
    int rc = as_submission_load(rules, "tests/fixtures/datasets/submissions/valid.yaml", a,
                                "110000", 2026, false, &s, &d);
    char *msgs = joined_errors(&d);
    cr_assert_eq(rc, 0, "%s", msgs);
    free(msgs);
    cr_expect_eq(s->province, BEIJING);
    cr_expect_eq(s->year, 2026);
    cr_expect_str_eq(s->source, "test fixture");
    cr_expect_null(s->verified_by);
    cr_expect_eq(s->header_loc.line, 3);
    for (size_t i = 0; i < sizeof exp / sizeof exp[0]; i++) {
        size_t k = exp[i].input;
        cr_expect_eq(s->has[k], exp[i].exp_has, "%s: has", rules->inputs[k].id);
        if (exp[i].exp_has)
            cr_expect_eq(s->values[k], exp[i].exp, "%s: exp %g got %g", rules->inputs[k].id,
                         exp[i].exp, s->values[k]);
        cr_expect_eq(s->locs[k].line, exp[i].exp_line, "%s: line", rules->inputs[k].id);
        cr_expect_eq(s->locs[k].col, exp[i].exp_col, "%s: column", rules->inputs[k].id);
    }
    as_diags_release(&d);
    as_arena_free(a);
}

Test(dataset, accepts_a_header_that_names_the_rule_set_read)
{
    as_arena *a = as_arena_new(0);
    as_submission *s = NULL;
    as_diags d;
    as_diags_init(&d);
    int rc = as_submission_load(rules, "tests/fixtures/datasets/submissions/same_rules.yaml", a,
                                "110000", 2026, false, &s, &d);
    char *msgs = joined_errors(&d);
    cr_expect_eq(rc, 0, "%s", msgs);
    cr_expect_str_eq(s ? s->rules_id : "", "tiny");
    free(msgs);
    as_diags_release(&d);
    as_arena_free(a);
}

/* An empty file at dir/name (dir a scratch folder). */
static void touch(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fclose(f);
}

Test(dataset, finds_a_submission_by_its_name_in_any_case_and_refuses_two)
{
    static const char *const files[] = {
        "110000.yaml",  "120000.XLSX", "140000.yaml",     "140000.xlsx", "150000.csv",
        "1500001.yaml", "160000.Yaml", "160000.bak.yaml", "170000.xls",  "170000.yaml"};
    static const struct {
        char code[8];
        int exp_rc;
        char exp_name[16];
        char exp_msg[96];
    } cases[] = {
        {"110000", 0, "110000.yaml", ""},
        {"120000", 0, "120000.XLSX", ""},
        {"130000", 1, "130000.yaml", ""},
        {"140000", -1, "",
         ": error: both '140000.xlsx' and '140000.yaml' are given: keep one of them\n"},
        /* found, to be refused with advice when it is read */
        {"150000", 0, "150000.csv", ""},
        {"160000", 0, "160000.Yaml", ""},
        {"170000", -1, "",
         ": error: both '170000.xls' and '170000.yaml' are given: keep one of them\n"},
    };
    char dir[] = "/tmp/test_dataset.XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        touch(dir, files[i]);
    char **names = NULL;
    size_t n = 0;
    cr_assert_eq(as_submission_list(dir, &names, &n), 0);
    cr_expect_eq(n, sizeof files / sizeof files[0], "every file is a submission's name");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_arena *a = as_arena_new(0);
        as_diags d;
        as_diags_init(&d);
        const char *path = NULL;
        int rc = as_submission_find(dir, names, n, cases[i].code, a, &path, &d);
        char *got = joined_errors(&d), exp[256];
        cr_expect_eq(rc, cases[i].exp_rc, "%s: exp %d got %d", cases[i].code, cases[i].exp_rc, rc);
        snprintf(exp, sizeof exp, "%s/%s", dir, cases[i].exp_name);
        if (rc >= 0)
            cr_expect_str_eq(path, exp);
        snprintf(exp, sizeof exp, "%s%s", cases[i].exp_msg[0] ? dir : "", cases[i].exp_msg);
        cr_expect_str_eq(got, exp, "%s: exp '%s' got '%s'", cases[i].code, exp, got);
        free(got);
        as_diags_release(&d);
        as_arena_free(a);
    }
    as_ydoc_names_free(names, n);
    /* a folder that cannot be listed: the usual names are looked for */
    as_arena *a = as_arena_new(0);
    as_diags d;
    as_diags_init(&d);
    const char *path = NULL;
    cr_expect_eq(as_submission_find(dir, NULL, 0, "110000", a, &path, &d), 0);
    cr_expect_eq(as_submission_find(dir, NULL, 0, "140000", a, &path, &d), -1);
    as_diags_release(&d);
    as_arena_free(a);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

Test(dataset, checks_the_header_against_nothing_when_no_expectation_is_given)
{
    /* `assess check FILE`: a file outside the data set's layout is taken as it says */
    as_arena *a = as_arena_new(0);
    as_submission *s = NULL;
    as_diags d;
    as_diags_init(&d);
    cr_expect_eq(as_submission_load(rules,
                                    "tests/fixtures/datasets/headers/submissions/2026/"
                                    "110000.yaml",
                                    a, NULL, 0, false, &s, &d),
                 0);
    cr_assert_not_null(s);
    cr_expect_eq(s->province, TIANJIN, "the header says 120000");
    as_diags_release(&d);
    as_arena_free(a);
}

/* ------------------------------------------------------------------ data-set problems */

Test(dataset, refuses_a_data_set_whose_shared_files_are_wrong)
{
    static const char names[][24] = {"target_twice",      "unknown_target", "unknown_province",
                                     "malformed_dataset", "dataset_fields", "missing_dataset_yaml",
                                     "findings_twice",    "notified_twice", "notified_range"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char dir[256], expected[280];
        snprintf(dir, sizeof dir, "tests/fixtures/datasets/bad_sets/%s", names[i]);
        snprintf(expected, sizeof expected, "tests/fixtures/datasets/bad_sets/%s.expected",
                 names[i]);
        static as_dataset sentinel;
        as_dataset *ds = &sentinel; /* a failed load sets it to NULL */
        as_diags d;
        as_diags_init(&d);
        cr_expect_eq(as_dataset_load(rules, dir, 2026, &ds, &d), -1, "%s: accepted", dir);
        cr_expect_null(ds, "%s: a data set was returned", dir);
        char *got = joined_errors(&d), *exp = golden_text(expected, got);
        cr_expect_str_eq(got, exp, "%s:\nexp:\n%sgot:\n%s", dir, exp, got);
        free(got);
        free(exp);
        as_diags_release(&d);
    }
}

/* ------------------------------------------------------------------ hostile folders */

/* A copy of the good data set in a scratch folder, for files the repository
 * cannot hold (FIFOs) or that would disturb other tests (stray files). */
static void copy_good(char *dir, size_t n)
{
    char cmd[256];
    snprintf(dir, n, "/tmp/test_dataset.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "cp -r %s/. %s", GOOD, dir);
    cr_assert_eq(system(cmd), 0);
}

static void remove_tree(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

Test(dataset, reports_files_named_after_no_province_and_still_loads_every_province)
{
    char dir[64], path[128], exp[1024];
    copy_good(dir, sizeof dir);
    static const char *const stray[] = {"submissions/2026/999999.yaml",
                                        "submissions/2026/110000 (copy).yaml",
                                        "verified/2026/beijing.yaml"};
    for (size_t i = 0; i < sizeof stray / sizeof stray[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, stray[i]);
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs("submission: {}\n", f);
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/submissions/2026/.120000.yaml", dir); /* hidden: skipped */
    fclose(fopen(path, "w"));
    as_dataset *ds = load_ok(dir, 2026);
    snprintf(exp, sizeof exp,
             "%s/submissions/2026/110000 (copy).yaml: error: not read: '110000 (copy)' is not "
             "the code of a province in the rules (a submission is named after its province, "
             "e.g. '110000.yaml')\n"
             "%s/submissions/2026/999999.yaml: error: not read: '999999' is not the code of a "
             "province in the rules (a submission is named after its province, e.g. "
             "'110000.yaml')\n"
             "%s/verified/2026/beijing.yaml: error: not read: 'beijing' is not the code of a "
             "province in the rules (a submission is named after its province, e.g. "
             "'110000.yaml')\n",
             dir, dir, dir);
    char *got = joined_errors(&ds->stray);
    cr_expect_str_eq(got, exp);
    cr_expect_eq(as_diags_count(&ds->province_errors[BEIJING]), 0);
    cr_expect_eq(as_diags_count(&ds->province_errors[TIANJIN]), 0);
    free(got);
    as_dataset_free(ds);
    remove_tree(dir);
}

Test(dataset, refuses_a_fifo_in_place_of_a_submission_and_loads_the_other_province)
{
    char dir[64], path[128], exp[256];
    copy_good(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/submissions/2026/110000.yaml", dir);
    cr_assert_eq(unlink(path), 0);
    cr_assert_eq(mkfifo(path, 0600), 0); /* with no writer: opening it must not wait */
    as_dataset *ds = load_ok(dir, 2026);
    snprintf(exp, sizeof exp, "%s: error: cannot read a FIFO: only regular files are read\n", path);
    char *got = joined_errors(&ds->province_errors[BEIJING]);
    cr_expect_str_eq(got, exp);
    cr_expect_eq(as_diags_count(&ds->province_errors[TIANJIN]), 0);
    cr_expect_not_null(ds->reported[TIANJIN * (size_t)ds->nyears + 1]);
    free(got);
    as_dataset_free(ds);
    remove_tree(dir);
}

Test(dataset, refuses_a_fifo_in_place_of_the_findings_file)
{
    char dir[64], path[128], exp[256];
    copy_good(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/findings/2026.yaml", dir);
    cr_assert_eq(unlink(path), 0);
    cr_assert_eq(mkfifo(path, 0600), 0);
    as_dataset *ds = (as_dataset *)1;
    as_diags d;
    as_diags_init(&d);
    cr_expect_eq(as_dataset_load(rules, dir, 2026, &ds, &d), -1);
    snprintf(exp, sizeof exp, "%s: error: cannot read a FIFO: only regular files are read\n", path);
    char *got = joined_errors(&d);
    cr_expect_str_eq(got, exp);
    free(got);
    as_diags_release(&d);
    remove_tree(dir);
}
