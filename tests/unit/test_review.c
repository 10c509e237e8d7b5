/* test_review: the target review of tests/fixtures/review against figures
 * worked out by hand for its three provinces, the compounding of yearly
 * paths against hand values, and the adjustment of each rule closing a
 * known gap (the national figure after adjustment equals the goal to 1e-9,
 * and the amount equals its closed form).
 *
 * The hand figures (base year 2025, final year 2030):
 *   Beijing: CO2 = 4000 x 2.5 / 100 = 100 Mt, GDP 1000, proposes -20 %, grows
 *            5 % a year: G = 1.05^5 = 1.2762815625; CO2 2030 = 100 x 0.8 x G
 *            = 102.102525; GDP 2030 = 1276.2815625
 *   Tianjin: CO2 = 200, GDP 1000, -15 %, 4 %: G = 1.04^5 = 1.2166529024;
 *            CO2 2030 = 200 x 0.85 x G = 206.830993408; GDP 2030 = 1216.6529024
 *   Hebei:   CO2 = 50, GDP 2000, -10 %, 6 %: G = 1.06^5 = 1.3382255776;
 *            CO2 2030 = 50 x 0.9 x G = 60.220150992; GDP 2030 = 2676.4511552
 *   sums: CO2 350 -> 369.1536694, GDP 4000 -> 5169.3856201
 *   national reduction = 1 - (369.1536694 / 5169.3856201) / (350 / 4000)
 *                      = 0.18386837645601495
 *   with national growth 4.5 % a year (G = 1.246181937653125):
 *                      1 - (369.1536694 / 350) / G = 0.15363500477257874
 *   effort = CO2 x G x reduction: 25.52563125, 36.499587072, 6.691127888;
 *   shares 0.371463744186756, 0.5311630941560215, 0.09737316165722253
 *   Closing the gap to 20 %: the reduction is linear in the uplift u, so
 *   u = (369.1536694 - 0.8 x 0.0875 x 5169.3856201) / sum(CO2 x G x w):
 *   uniform (w = 1): 0.01666402295858269; by tier (w = 1, 1, 0.5):
 *   0.01804257321933769; distance (w = 0.20 - 0.20, 0.20 - 0.15, 0.12 - 0.10):
 *   0.5403042267895422.
 * (Computed with exact fractions; the doubles are the nearest.) */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/review.h"

#include "support.h"

#define FIXTURE "tests/fixtures/review"
#define DATA FIXTURE "/data"

static as_plan *plan;
static as_dataset *base;
static as_proposals *props;
static as_review *rv;
static char tmpdir[64];

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    make_folder(tmpdir, sizeof tmpdir, "test_review");
}

static void teardown(void)
{
    as_review_free(rv);
    as_proposals_free(props);
    as_dataset_free(base);
    as_plan_free(plan);
    rv = NULL;
    props = NULL;
    base = NULL;
    plan = NULL;
    remove_folder(tmpdir);
}

TestSuite(review, .init = setup, .fini = teardown);

/* The fixture's plan with `from` replaced by `to` (both may be NULL), written
 * beside a copy of its rules in the temporary folder. */
static const char *plan_with(const char *from, const char *to)
{
    static char path[128];
    char *text = read_text(FIXTURE "/plan.yaml"), *rules = read_text(FIXTURE "/rules.yaml");
    snprintf(path, sizeof path, "%s/rules.yaml", tmpdir);
    write_text(path, rules);
    if (from)
        text = replaced(text, from, to);
    snprintf(path, sizeof path, "%s/plan.yaml", tmpdir);
    write_text(path, text);
    free(text);
    free(rules);
    return path;
}

/* Load the plan at path, the data and the proposals, and review them. */
static void review(const char *path)
{
    as_diags d;
    as_diags_init(&d);
    int rc = as_plan_load(path, &plan, &d);
    char *got = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s", got);
    free(got);
    cr_assert_eq(as_dataset_load(plan->rules, DATA, plan->base_year, &base, &d), 0);
    cr_assert_eq(as_proposals_load(plan, DATA, base->illustrative, &props, &d), 0);
    cr_assert_eq(as_review_run(plan, base, props, &rv, &d), 0);
    cr_assert_eq(as_diags_total(&d), 0);
    as_diags_release(&d);
}

static bool close_to(double got, double exp, double tol)
{
    return fabs(got - exp) <= tol * (fabs(exp) > 1 ? fabs(exp) : 1);
}

static size_t figure(const char *id)
{
    for (size_t k = 0; k < plan->nfigures; k++)
        if (!strcmp(plan->figures[k].id, id))
            return k;
    cr_assert_fail("no figure '%s'", id);
    return 0;
}

static size_t quantity(const char *id)
{
    for (size_t j = 0; j < plan->nquantities; j++)
        if (!strcmp(plan->quantities[j].id, id))
            return j;
    cr_assert_fail("no province figure '%s'", id);
    return 0;
}

/* ------------------------------------------------------------ aggregation */

Test(review, sums_three_provinces_as_worked_by_hand)
{
    review(FIXTURE "/plan.yaml");
    static const struct {
        double co2_base, co2_final, gdp_final, share;
    } exp[3] = {{100, 102.102525, 1276.2815625, 0.371463744186756},
                {200, 206.830993408, 1216.6529024, 0.5311630941560215},
                {50, 60.220150992, 2676.4511552, 0.09737316165722253}};
    for (size_t p = 0; p < 3; p++) {
        const as_review_province *rp = &rv->provinces[p];
        cr_assert_eq(rp->state, AS_REVIEW_OK);
        cr_assert(close_to(rp->q[quantity("co2_base")], exp[p].co2_base, 1e-12));
        cr_assert(close_to(rp->q[quantity("co2_final")], exp[p].co2_final, 1e-12),
                  "province %zu: got %.17g", p, rp->q[quantity("co2_final")]);
        cr_assert(close_to(rp->q[quantity("gdp_final")], exp[p].gdp_final, 1e-12));
        cr_assert(rp->has_share && close_to(rp->share, exp[p].share, 1e-12));
    }
    const as_review_figure *f = &rv->figures[figure("co2_intensity")];
    cr_assert_eq(f->nincluded, 3);
    cr_assert(close_to(f->value, 0.18386837645601495, 1e-12), "got %.17g", f->value);
    cr_assert(f->has_national && close_to(f->national, 0.15363500477257874, 1e-12), "got %.17g",
              f->national);
    cr_assert(f->has_goal && f->goal == 0.20 && !f->met);
    cr_assert(close_to(f->gap, 0.18386837645601495 - 0.20, 1e-12));
    cr_assert(close_to(rv->figures[figure("co2_total")].value, 369.1536694, 1e-12));
    cr_assert_eq(rv->first_short, figure("co2_intensity"));
}

Test(review, compares_each_proposal_with_its_tier)
{
    review(FIXTURE "/plan.yaml");
    static const double level[3] = {0.20, 0.20, 0.12}, vs[3] = {0, -0.05, -0.02};
    for (size_t p = 0; p < 3; p++) {
        const as_review_item *it = &rv->provinces[p].items[0];
        cr_assert(it->has_level);
        cr_assert_eq(it->level, level[p]);
        cr_assert(close_to(it->vs_level, vs[p], 1e-15), "province %zu: %g", p, it->vs_level);
    }
    cr_assert_eq(rv->tiers[0].n[0], 2);
    cr_assert(close_to(rv->tiers[0].mean[0], 0.175, 1e-15));
    cr_assert_eq(rv->tiers[0].min[0], 0.15);
    cr_assert_eq(rv->tiers[0].max[0], 0.20);
}

Test(review, leaves_a_province_without_a_proposal_out_of_the_sums)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "cp -r " DATA " %s/data && rm %s/data/targets/proposals/test/120000.yaml", tmpdir,
             tmpdir);
    cr_assert_eq(system(cmd), 0);
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_plan_load(FIXTURE "/plan.yaml", &plan, &d), 0);
    snprintf(cmd, sizeof cmd, "%s/data", tmpdir);
    cr_assert_eq(as_dataset_load(plan->rules, cmd, 2025, &base, &d), 0);
    cr_assert_eq(as_proposals_load(plan, cmd, true, &props, &d), 0);
    cr_assert_eq(as_review_run(plan, base, props, &rv, &d), 0);
    as_diags_release(&d);
    cr_assert_eq(rv->provinces[1].state, AS_REVIEW_NO_PROPOSAL);
    cr_assert_eq(as_diags_count(&props->province_errors[1]), 1);
    const as_review_figure *f = &rv->figures[figure("co2_intensity")];
    cr_assert_eq(f->nincluded, 2);
    /* Beijing and Hebei alone: 1 - ((102.102525 + 60.220150992) / (1276.2815625 +
     * 2676.4511552)) / (150 / 3000) */
    double exp = 1 - ((102.102525 + 60.220150992) / (1276.2815625 + 2676.4511552)) / 0.05;
    cr_assert(close_to(f->value, exp, 1e-12), "got %.17g, expected %.17g", f->value, exp);
}

/* ------------------------------------------------------------ annual paths */

Test(review, compounds_a_path_as_hand_values_say)
{
    static const as_plan_item reduction = {.measure = AS_MEASURE_REDUCTION},
                              growth = {.measure = AS_MEASURE_GROWTH},
                              level = {.measure = AS_MEASURE_LEVEL};
    static const struct {
        const as_plan_item *it;
        double path[5];
        unsigned char has[5];
        bool ok;
        double exp;
    } cases[] = {
        /* 1 - 0.96^5 */
        {&reduction, {0.04, 0.04, 0.04, 0.04, 0.04}, {1, 1, 1, 1, 1}, true, 0.1846273024},
        /* 1 - 0.95 x 0.96 x 0.97 x 0.98 x 0.99 = 1 - 0.858277728 */
        {&reduction, {0.05, 0.04, 0.03, 0.02, 0.01}, {1, 1, 1, 1, 1}, true, 0.141722272},
        /* 1.05^5 - 1 */
        {&growth, {0.05, 0.05, 0.05, 0.05, 0.05}, {1, 1, 1, 1, 1}, true, 0.2762815625},
        /* 1.1 x 0.9 x 1.0 x 1.0 x 1.0 - 1: a fall and a rise */
        {&growth, {0.1, -0.1, 0, 0, 0}, {1, 1, 1, 1, 1}, true, -0.01},
        {&reduction, {0.04, 0.04, 0, 0.04, 0.04}, {1, 1, 0, 1, 1}, false, 0}, /* a year missing */
        {&level, {0.2, 0, 0, 0, 0}, {1, 1, 1, 1, 1}, false, 0},               /* no path */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = -1;
        bool ok = as_plan_compound(cases[i].it, cases[i].path, cases[i].has, 5, &got);
        cr_assert_eq(ok, cases[i].ok, "case %zu", i);
        if (ok)
            cr_assert(close_to(got, cases[i].exp, 1e-14), "case %zu: got %.17g", i, got);
    }
}

Test(review, reports_by_how_much_a_path_misses_its_value)
{
    review(FIXTURE "/plan.yaml");
    /* Beijing: 1 - (1 - 0.0436)^5 = 0.19980130787048497 against 0.20: within 0.001 */
    const as_review_item *it = &rv->provinces[0].items[0];
    cr_assert(it->has_path_check && it->consistent);
    cr_assert(close_to(it->compound, 0.19980130787048497, 1e-14));
    cr_assert(close_to(it->off, -0.00019869212951501825, 1e-9));
    cr_assert(!rv->provinces[1].items[0].has_path_check); /* no path given */
}

Test(review, refuses_a_path_that_does_not_compound_at_its_value)
{
    char path[128];
    snprintf(path, sizeof path, "%s/110000.yaml", tmpdir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("proposal: {province: \"110000\", plan: test, illustrative: true, source: t}\n"
          "co2_intensity:\n  value: 0.20\n  y2026: 0.04\n  y2027: 0.04\n  y2028: 0.04\n"
          "  y2029: 0.04\n  y2030: 0.04\n  source: t\n"
          "gdp_growth: {y2026: 0.05, y2027: 0.05, y2028: 0.05, y2029: 0.05, y2030: 0.05, "
          "source: t}\n",
          f);
    fclose(f);
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_plan_load(FIXTURE "/plan.yaml", &plan, &d), 0);
    as_arena *a = as_arena_new(0);
    as_proposal *pr = NULL;
    cr_assert_eq(as_proposal_load(plan, path, a, false, "110000", 1, &pr, &d), -1);
    /* 1 - 0.96^5 = 0.1846273024: off by -1.53726976 percentage points */
    char exp[512];
    snprintf(exp, sizeof exp,
             "%s:3:10: error: the yearly values of 'co2_intensity' compound to 18.46 %%, not to "
             "its value 20 %%: off by -1.537 percentage points, more than the 0.1 the plan "
             "allows\n",
             path);
    char *got = joined_diags(&d);
    cr_assert_str_eq(got, exp);
    cr_assert(pr && pr->nerrors == 1 && pr->ninconsistent == 1); /* still usable */
    free(got);
    as_arena_free(a);
    as_diags_release(&d);
}

/* ------------------------------------------------------------ adjustment */

Test(review, closes_a_known_gap_under_each_rule_to_1e_9)
{
    static const struct {
        char rule[16];
        double amount; /* the closed form (see the top of this file) */
    } cases[] = {{"uniform", 0.01666402295858269},
                 {"by_tier", 0.01804257321933769},
                 {"distance", 0.5403042267895422}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char to[128];
        snprintf(to, sizeof to, "rule: %s, max: 0.9", cases[i].rule);
        review(plan_with("rule: uniform, max: 0.2", to));
        const as_review_adjustment *ra = &rv->adjustments[0];
        const as_review_figure *f = &rv->figures[figure("co2_intensity")];
        cr_assert(ra->needed && ra->solved, "%s: %s", cases[i].rule, as_text_get(ra->error, false));
        cr_assert(fabs(f->adjusted - 0.20) <= 1e-9, "%s: %.17g", cases[i].rule, f->adjusted);
        cr_assert(f->adjusted_met && f->adjusted_gap >= 0, "%s: the goal is met", cases[i].rule);
        cr_assert(close_to(ra->amount, cases[i].amount, 1e-10), "%s: amount %.17g", cases[i].rule,
                  ra->amount);
        cr_assert(!f->met && f->value == rv->figures[0].value); /* as proposed, unchanged */
        teardown();
        setup();
    }
}

Test(review, moves_each_proposal_by_its_rule)
{
    review(plan_with("rule: uniform, max: 0.2", "rule: distance, max: 0.9"));
    double u = rv->adjustments[0].amount;
    /* Beijing is at its tier's level: it does not move; Tianjin by u x 0.05,
     * Hebei by u x 0.02 */
    cr_assert_eq(rv->provinces[0].items[0].adjusted, 0.20);
    cr_assert_eq(rv->provinces[0].items[0].moved, 0);
    cr_assert(close_to(rv->provinces[1].items[0].adjusted, 0.15 + u * 0.05, 1e-15));
    cr_assert(close_to(rv->provinces[2].items[0].adjusted, 0.10 + u * 0.02, 1e-15));
    cr_assert_eq(rv->provinces[2].items[0].moved, 1);
}

Test(review, says_when_the_rule_cannot_close_the_gap)
{
    review(plan_with("rule: uniform, max: 0.2", "rule: uniform, max: 0.01"));
    const as_review_adjustment *ra = &rv->adjustments[0];
    cr_assert(ra->needed && !ra->solved);
    cr_assert_str_eq(ra->error.en,
                     "even the largest amount the plan allows (0.01) leaves the goal missed");
    cr_assert_eq(rv->figures[0].adjusted, rv->figures[0].value); /* nothing moved */
}

Test(review, adjusts_nothing_when_the_goal_is_met)
{
    review(plan_with("goal: 0.20", "goal: 0.18"));
    const as_review_adjustment *ra = &rv->adjustments[0];
    cr_assert(!ra->needed && !ra->error.en && ra->amount == 0);
    cr_assert(rv->figures[0].met && rv->figures[0].adjusted == rv->figures[0].value);
    cr_assert_eq(rv->first_short, SIZE_MAX);
}

Test(review, scales_an_adjusted_path_to_compound_to_the_new_value)
{
    review(FIXTURE "/plan.yaml");
    const as_review_item *it = &rv->provinces[0].items[0];
    cr_assert(it->has_adjusted_path && it->moved == 1);
    double f = 1;
    for (size_t y = 0; y < 5; y++)
        f *= 1 - it->adjusted_path[y];
    cr_assert(close_to(1 - f, it->adjusted, 1e-14), "%.17g against %.17g", 1 - f, it->adjusted);
}
