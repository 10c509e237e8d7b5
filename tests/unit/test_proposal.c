/* test_proposal: reading the provinces' proposals for a plan
 * (tests/fixtures/review): what a proposal gives, and each mistake a
 * province can make, reported where it is written.  A workbook's cells are
 * tested end to end (tests/e2e/review.py), since the template is written by
 * the workbook library. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/proposal.h"

#include "support.h"

#define FIXTURE "tests/fixtures/review"
#define DATA FIXTURE "/data"

static as_plan *plan;
static char tmpdir[64];

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    make_folder(tmpdir, sizeof tmpdir, "test_proposal");
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_plan_load(FIXTURE "/plan.yaml", &plan, &d), 0);
    as_diags_release(&d);
}

static void teardown(void)
{
    as_plan_free(plan);
    plan = NULL;
    remove_folder(tmpdir);
}

TestSuite(proposal, .init = setup, .fini = teardown);

Test(proposal, reads_values_paths_and_sources)
{
    as_diags d;
    as_diags_init(&d);
    as_proposals *ps = NULL;
    cr_assert_eq(as_proposals_load(plan, DATA, true, &ps, &d), 0);
    cr_assert_eq(as_diags_total(&d), 0);
    for (size_t p = 0; p < 3; p++)
        cr_assert_eq(as_diags_total(&ps->province_errors[p]), 0);
    const as_proposal *bj = ps->proposals[0];
    cr_assert(bj && bj->nerrors == 0 && bj->illustrative);
    cr_assert_str_eq(bj->source, "test fixture");
    const as_proposal_item *ci = &bj->items[0], *gg = &bj->items[1];
    cr_assert(ci->given && ci->has_value && ci->value == 0.20);
    cr_assert(ci->has_compound && ci->has_check && ci->consistent);
    cr_assert(ci->has_path[4] && ci->path[4] == 0.0436);
    cr_assert_eq(ci->path_locs[0].line, 8); /* y2026 */
    double v;
    cr_assert(as_proposal_value(&plan->items[1], gg, &v));
    cr_assert(v > 0.2762815625 - 1e-15 && v < 0.2762815625 + 1e-15); /* 1.05^5 - 1 */
    cr_assert(ps->national && ps->national->items[0].has_compound);
    as_proposals_free(ps);
    as_diags_release(&d);
}

static const char good[] = "proposal:\n"
                           "  province: \"110000\"\n"
                           "  plan: test\n"
                           "  illustrative: true\n"
                           "  source: fixture\n"
                           "co2_intensity:\n"
                           "  value: 0.20\n"
                           "  source: fixture\n"
                           "gdp_growth:\n"
                           "  y2026: 0.05\n"
                           "  y2027: 0.05\n"
                           "  y2028: 0.05\n"
                           "  y2029: 0.05\n"
                           "  y2030: 0.05\n"
                           "  source: fixture\n";

/* The errors of the good proposal with `from` replaced by `to`, as lines
 * with the file's name left out. */
static char *errors_of(const char *from, const char *to, int illustrative)
{
    char path[128];
    snprintf(path, sizeof path, "%s/110000.yaml", tmpdir);
    char *text = replaced(strdup(good), from, to);
    write_text(path, text);
    free(text);
    as_diags d;
    as_diags_init(&d);
    as_arena *a = as_arena_new(0);
    as_proposal *pr = NULL;
    cr_assert_eq(as_proposal_load(plan, path, a, false, "110000", illustrative, &pr, &d), -1);
    char *got = joined_diags(&d), *out = calloc(1, strlen(got) + 1);
    for (char *line = got, *o = out; *line;) { /* drop "path" before each ":line:col" */
        char *nl = strchr(line, '\n');
        const char *rest = strncmp(line, path, strlen(path)) ? line : line + strlen(path);
        size_t n = (size_t)(nl - rest) + 1;
        memcpy(o, rest, n);
        o += n;
        line = nl + 1;
    }
    free(got);
    as_arena_free(a);
    as_diags_release(&d);
    return out;
}

Test(proposal, locates_each_mistake)
{
    static const struct {
        char from[40], to[120], exp[300];
    } cases[] = {
        {"co2_intensity:", "co2_intensty:",
         ":6:1: error: unknown target or assumption 'co2_intensty' in plan 'test': did you mean "
         "'co2_intensity'?\n:1:1: error: 'co2_intensity' (碳排放强度降低) is missing: every "
         "proposal gives it\n"},
        {"y2027: 0.05", "y2027: 0.5",
         ":11:10: error: 'gdp_growth.y2027' is 0.5, above its maximum 0.15 (fraction)\n"},
        {"y2027: 0.05", "y2027: 5%",
         ":11:10: error: 'gdp_growth.y2027' is written as a percentage ('5%'): give the amount "
         "in fraction, not a share or a rate\n"},
        {"  y2028: 0.05\n", "",
         ":9:1: error: 'gdp_growth' has no value for 2028: give 'y2028' ('~' if there is none); "
         "the path runs from 2026 to 2030\n"},
        {"  y2026: 0.05\n", "  value: 0.27\n  y2026: 0.05\n",
         ":10:3: error: 'gdp_growth' is given year by year: write its yearly values, not "
         "'value'\n"},
        {"  y2030: 0.05\n", "  y2030: 0.05\n  y2031: 0.05\n",
         ":15:3: error: 'y2031' of 'gdp_growth' lies outside the plan: its years are y2026 to "
         "y2030\n"},
        {"  value: 0.20\n  source: fixture\n", "  value: 0.20\n",
         ":6:1: error: 'co2_intensity' gives no 'source': say where its figures come from\n"},
        {"province: \"110000\"", "province: \"120000\"",
         ":2:13: error: province '120000' does not match the file name (expected '110000')\n"},
        {"plan: test", "plan: 15fyp",
         ":3:9: error: the file is for plan '15fyp', not for 'test' (the plan reviewed)\n"},
        {"  value: 0.20\n",
         "  value: 0.20\n  y2026: 0.1\n  y2027: 0\n  y2028: 0\n  y2029: 0\n"
         "  y2030: 0\n",
         ":7:10: error: the yearly values of 'co2_intensity' compound to 10 %, not to its value "
         "20 %: off by -10 percentage points, more than the 0.1 the plan allows\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = errors_of(cases[i].from, cases[i].to, 1);
        cr_assert_str_eq(got, cases[i].exp, "case %zu: got\n%s", i, got);
        free(got);
    }
}

Test(proposal, needs_the_data_sets_illustrative_flag)
{
    char *got = errors_of("plan: test", "plan: test", 0);
    cr_assert_str_eq(got, ":4:17: error: illustrative file in a data set of real figures\n");
    free(got);
}

Test(proposal, names_a_province_that_sent_none_and_files_of_no_province)
{
    char cmd[256], dir[128];
    snprintf(cmd, sizeof cmd,
             "cp -r " DATA " %s/data && cd %s/data/targets/proposals/test && mv 120000.yaml "
             "tianjin.yaml",
             tmpdir, tmpdir);
    cr_assert_eq(system(cmd), 0);
    snprintf(dir, sizeof dir, "%s/data", tmpdir);
    as_diags d;
    as_diags_init(&d);
    as_proposals *ps = NULL;
    cr_assert_eq(as_proposals_load(plan, dir, true, &ps, &d), 0);
    char *got = joined_diags(&ps->province_errors[1]), exp[512];
    snprintf(exp, sizeof exp,
             "%s/targets/proposals/test: error: no proposal from Tianjin (120000) for plan "
             "'test': neither '120000.yaml' nor '120000.xlsx'\n",
             dir);
    cr_assert_str_eq(got, exp);
    free(got);
    got = joined_diags(&ps->stray);
    snprintf(exp, sizeof exp,
             "%s/targets/proposals/test/tianjin.yaml: error: not read: 'tianjin' is not the code "
             "of a province in the rules (a proposal is named after its province, e.g. "
             "'110000.yaml'; the national statistics are 'national.yaml')\n",
             dir);
    cr_assert_str_eq(got, exp);
    free(got);
    cr_assert_null(ps->proposals[1]);
    as_proposals_free(ps);
    as_diags_release(&d);
}

Test(proposal, refuses_a_data_set_without_proposals)
{
    as_diags d;
    as_diags_init(&d);
    as_proposals *ps = NULL;
    cr_assert_eq(as_proposals_load(plan, "tests/fixtures/analysis/data", true, &ps, &d), -1);
    char *got = joined_diags(&d);
    cr_assert_str_eq(got, "tests/fixtures/analysis/data/targets/proposals/test: error: no "
                          "proposals for plan 'test': the folder does not exist (each province's "
                          "proposal is <code>.yaml or <code>.xlsx in it)\n");
    free(got);
    as_diags_release(&d);
}
