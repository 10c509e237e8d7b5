/* test_trajectory: the required rate and the projections against hand
 * values (computed apart, with Python's math module: the closed forms and
 * ordinary least squares with Student's t for the prediction interval),
 * then the trajectories of tests/fixtures/analysis (x falls 5 % in Beijing
 * and 2 % in Tianjin in 2026, against a 20 % plan target for 2030): carried
 * forward with one year observed, fitted with two, at risk or on track, and
 * with Monte Carlo draws.  Not tested here: reading the plan: key
 * (test_rules.c). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/trajectory.h"
#include "analysis/uncertainty.h"

#include "support.h"

#define RULES "tests/fixtures/analysis/rules.yaml"
#define DATA "tests/fixtures/analysis/data"

static as_ruleset *rules;
static as_dataset *data;
static as_evaluation *ev;
static as_trajectories *traj;

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_rules_load(RULES, &rules, &d), 0);
    as_diags_release(&d);
}

static void teardown(void)
{
    as_trajectory_free(traj);
    as_evaluation_free(ev);
    as_dataset_free(data);
    as_rules_free(rules);
    traj = NULL;
    ev = NULL;
    data = NULL;
    rules = NULL;
}

TestSuite(trajectory, .init = setup, .fini = teardown);

static bool close_to(double got, double exp)
{
    return fabs(got - exp) <= 1e-12 * (fabs(exp) > 1 ? fabs(exp) : 1);
}

/* Interval bounds rest on Student's t quantile, which GSL inverts to about
 * 1e-11 relative: a looser tolerance, still far below any displayed digit. */
static bool close_to_t(double got, double exp)
{
    return fabs(got - exp) <= 1e-9;
}

/* ------------------------------------------------------------------ arithmetic */

Test(trajectory, gives_the_required_rate_in_closed_form)
{
    static const struct {
        as_plan_measure m;
        double value, target;
        int years;
        double exp;
    } cases[] = {
        {AS_PLAN_REDUCTION, 0.05, 0.195, 4, 0.04055945190567256}, /* 1 - (0.805/0.95)^(1/4) */
        {AS_PLAN_REDUCTION, 0.1, 0.2, 2, 0.057190958417936644},   /* 1 - sqrt(0.8/0.9) */
        {AS_PLAN_REDUCTION, 0, 0.19, 2, 0.1},                     /* 0.81 = 0.9^2 */
        {AS_PLAN_REDUCTION, 0.25, 0.2, 1, -0.06666666666666667},  /* ahead: may rise 6.7 % */
        {AS_PLAN_LEVEL, 0.2, 0.25, 2, 0.1180339887498949},        /* sqrt(1.25) - 1 */
        {AS_PLAN_LEVEL, 100, 81, 2, -0.1},
    };
    for (size_t n = 0; n < sizeof cases / sizeof cases[0]; n++) {
        double got = 0;
        cr_expect_eq(as_trajectory_required_rate(cases[n].m, cases[n].value, cases[n].target,
                                                 cases[n].years, &got),
                     0);
        cr_expect(close_to(got, cases[n].exp), "case %zu: exp %.17g, got %.17g", n, cases[n].exp,
                  got);
    }
    double r;
    cr_expect_eq(as_trajectory_required_rate(AS_PLAN_REDUCTION, 0.1, 0.2, 0, &r), -1, "no years");
    cr_expect_eq(as_trajectory_required_rate(AS_PLAN_REDUCTION, 1, 0.2, 2, &r), -1, "no intensity");
    cr_expect_eq(as_trajectory_required_rate(AS_PLAN_LEVEL, 0, 0.2, 2, &r), -1, "no log of 0");
}

Test(trajectory, carries_the_observed_rate_forward_from_two_years)
{
    static const int years[] = {2015, 2016};
    static const double values[] = {0, 0.1};
    as_traj_projection p;
    cr_assert_eq(as_trajectory_project(AS_PLAN_REDUCTION, years, values, 2, 2020, &p), 0);
    cr_expect_eq(p.method, AS_TRAJ_CARRIED);
    cr_expect(close_to(p.value, 0.40950999999999993), "got %.17g", p.value); /* 1 - 0.9^5 */
    cr_expect_not(p.has_interval);
    static const double levels[] = {100, 110};
    cr_assert_eq(as_trajectory_project(AS_PLAN_LEVEL, years, levels, 2, 2017, &p), 0);
    cr_expect(close_to(p.value, 121), "got %.17g", p.value);
}

Test(trajectory, fits_three_or_more_years_by_least_squares_with_a_prediction_interval)
{
    static const int years[] = {2015, 2016, 2017, 2018};
    static const double exact[] = {0, 0.1, 0.19}, noisy[] = {0, 0.05, 0.08, 0.14};
    as_traj_projection p;
    /* on a line: the fit is the carried rate and its interval has no width */
    cr_assert_eq(as_trajectory_project(AS_PLAN_REDUCTION, years, exact, 3, 2020, &p), 0);
    cr_expect_eq(p.method, AS_TRAJ_FIT);
    cr_expect(close_to(p.value, 0.40950999999999993), "got %.17g", p.value);
    cr_expect(p.has_interval);
    cr_expect(fabs(p.upper - p.lower) < 1e-12);
    /* OLS of log(1 - v) on the year, t(0.975, 2) = 4.302652729911275 */
    cr_assert_eq(as_trajectory_project(AS_PLAN_REDUCTION, years, noisy, 4, 2020, &p), 0);
    cr_expect(close_to(p.value, 0.2141343206585572), "got %.17g", p.value);
    cr_expect(close_to_t(p.lower, 0.14388873379040723), "got %.17g", p.lower);
    cr_expect(close_to_t(p.upper, 0.27861612112508916), "got %.17g", p.upper);
    /* an observed year is not projected */
    cr_assert_eq(as_trajectory_project(AS_PLAN_REDUCTION, years, noisy, 4, 2018, &p), 0);
    cr_expect_eq(p.value, 0.14);
    cr_expect_eq(as_trajectory_project(AS_PLAN_REDUCTION, years, noisy, 1, 2020, &p), -1);
    static const double full[] = {0, 1};
    cr_expect_eq(as_trajectory_project(AS_PLAN_REDUCTION, years, full, 2, 2020, &p), -1);
}

/* ------------------------------------------------------------------ per province */

static void compute(int year)
{
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_dataset_load(rules, DATA, year, &data, &d), 0);
    as_eval_opts o = as_eval_defaults();
    cr_assert_eq(as_evaluate(rules, data, year, &o, &ev, &d), 0);
    cr_assert_eq(as_trajectory_compute(ev, &o, &traj, &d), 0);
    as_diags_release(&d);
    cr_assert_eq(traj->nplans, 2);
}

Test(trajectory, projects_every_province_from_one_observed_year)
{
    compute(2026);
    const as_trajectory *bj = as_trajectory_of(traj, 0, 0), *tj = as_trajectory_of(traj, 1, 0);
    cr_assert_null(bj->why.en, "%s", bj->why.en);
    cr_assert_null(tj->why.en, "%s", tj->why.en);
    cr_expect_eq(bj->nobs, 2, "the base year and 2026");
    cr_expect_eq(bj->years[0], 2025);
    cr_expect_eq(bj->values[0], 0);
    cr_expect_eq(bj->final_year, 2030);
    cr_expect(close_to(bj->target, 0.2));
    cr_expect_eq(bj->proj.method, AS_TRAJ_CARRIED);
    cr_expect(close_to(bj->observed_rate, 0.05), "got %.17g", bj->observed_rate);
    cr_expect(close_to(bj->proj.value, 0.22621906250000023), "got %.17g", bj->proj.value);
    cr_expect(close_to(bj->required_rate, 0.04205274911285062), "got %.17g", bj->required_rate);
    cr_expect_not(bj->at_risk, "22.6 % by 2030 meets 20 %");
    cr_expect(close_to(tj->proj.value, 0.09607920320000007), "got %.17g", tj->proj.value);
    cr_expect(close_to(tj->required_rate, 0.04946967281140824), "got %.17g", tj->required_rate);
    cr_expect(tj->at_risk, "9.6 % by 2030 misses 20 %");
    /* the path runs to the final year: the required path ends on the target, the
     * projection on the final year's projection */
    cr_assert_eq(tj->npath, 4);
    cr_expect_eq(tj->path[0].year, 2027);
    cr_expect(close_to(tj->path[3].required, 0.2), "got %.17g", tj->path[3].required);
    cr_expect_eq(tj->path[3].proj.value, tj->proj.value);
    double lo, hi;
    cr_expect_eq(as_trajectory_interval(tj, NULL, &lo, &hi), AS_TRAJ_BASIS_NONE,
                 "no interval from one year without draws");
}

Test(trajectory, fits_the_years_observed_once_there_are_two_after_the_base_year_unless_told_not)
{
    compute(2027); /* Beijing: 0, 5 %, 9 % */
    const as_trajectory *bj = as_trajectory_of(traj, 0, 0);
    cr_assert_null(bj->why.en, "%s", bj->why.en);
    cr_expect_eq(bj->nobs, 3);
    cr_expect_eq(bj->proj.method, AS_TRAJ_FIT);
    /* t(0.975, 1) = 12.706204736174698 */
    cr_expect(close_to(bj->proj.value, 0.21113179835162865), "got %.17g", bj->proj.value);
    double lo, hi;
    cr_assert_eq(as_trajectory_interval(bj, NULL, &lo, &hi), AS_TRAJ_BASIS_REGRESSION);
    cr_expect(close_to_t(lo, 0.10057912321184792), "got %.17g", lo);
    cr_expect(close_to_t(hi, 0.3080958474143646), "got %.17g", hi);
    cr_expect_eq(bj->npath, 3);
    /* projection: carried: the rate from 2025 to 2027 carried forward, 1 - 0.91^(5/2) */
    const as_trajectory *carried = as_trajectory_of(traj, 0, 1);
    cr_assert_null(carried->why.en, "%s", carried->why.en);
    cr_expect_eq(carried->proj.method, AS_TRAJ_CARRIED);
    cr_expect(close_to(carried->proj.value, 0.2100429473066272), "got %.17g", carried->proj.value);
    cr_expect_eq(as_trajectory_interval(carried, NULL, &lo, &hi), AS_TRAJ_BASIS_NONE);
}

Test(trajectory, repeats_the_projection_in_every_monte_carlo_draw)
{
    compute(2026);
    as_uncertainty_opts o = as_uncertainty_defaults();
    o.draws = 200;
    o.on_lanes = as_trajectory_add_lanes;
    o.on_lanes_ctx = traj;
    as_eval_opts eo = as_eval_defaults();
    as_uncertainty *u = NULL;
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_uncertainty_run(ev, &eo, &o, &u, &d), 0);
    as_diags_release(&d);
    as_trajectory_summarise(traj);
    cr_expect_eq(traj->ndraws, 200);
    const as_trajectory *bj = as_trajectory_of(traj, 0, 0), *tj = as_trajectory_of(traj, 1, 0);
    cr_expect(bj->has_draws);
    cr_expect_eq(bj->ndrawn, 200);
    /* x is exact: every draw projects the same, on track in Beijing, at risk in Tianjin */
    cr_expect_eq(bj->p_at_risk, 0);
    cr_expect_eq(tj->p_at_risk, 1);
    double lo, hi;
    cr_assert_eq(as_trajectory_interval(tj, NULL, &lo, &hi), AS_TRAJ_BASIS_MONTE_CARLO);
    cr_expect(close_to(lo, tj->proj.value) && close_to(hi, tj->proj.value), "[%g, %g]", lo, hi);
    cr_expect_eq(as_trajectory_interval(tj, &tj->path[0], &lo, &hi), AS_TRAJ_BASIS_MONTE_CARLO);
    cr_expect_null(tj->drawn, "the draws are freed once summarised");
    as_uncertainty_free(u);
}
