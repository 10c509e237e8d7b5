/* test_uncertainty: the Monte Carlo analysis and Approach 1 on
 * tests/fixtures/analysis, whose checks have distributions known by hand: a
 * sum of two independent normals (Beijing far below its cap, Tianjin far
 * above), a value exactly on its target, a ratio whose only uncertain
 * factor is a parameter shared by both years, a ratio of a per-province
 * error, two inputs of one section, and one input of each distribution.
 * Also the seed, the refusals, and the quantile helper against GSL's sorted
 * quantile.  Not tested here: loading the declarations (test_rules.c) and
 * trajectories (test_trajectory.c). */
#include <criterion/criterion.h>
#include <float.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/uncertainty.h"

#include "support.h"

#define RULES "tests/fixtures/analysis/rules.yaml"
#define DATA "tests/fixtures/analysis/data"
#define Z975 1.959963984540054 /* the 97.5th percentile of the standard normal */

static as_ruleset *rules;
static as_dataset *data;
static as_evaluation *ev;
static as_uncertainty *mc;

static void load(const char *rules_path, const char *data_dir)
{
    as_diags d;
    as_diags_init(&d);
    int rc = as_rules_load(rules_path, &rules, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s:\n%s", rules_path, msgs);
    free(msgs);
    cr_assert_eq(as_dataset_load(rules, data_dir, 2026, &data, &d), 0);
    as_eval_opts o = as_eval_defaults();
    cr_assert_eq(as_evaluate(rules, data, 2026, &o, &ev, &d), 0);
    as_diags_release(&d);
}

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    load(RULES, DATA);
}

static void teardown(void)
{
    as_uncertainty_free(mc);
    as_evaluation_free(ev);
    as_dataset_free(data);
    as_rules_free(rules);
    mc = NULL;
    ev = NULL;
    data = NULL;
    rules = NULL;
}

TestSuite(uncertainty, .init = setup, .fini = teardown);

/* A Monte Carlo run of the suite's evaluation (asserts it succeeds). */
static as_uncertainty *run(long draws, unsigned long seed)
{
    as_uncertainty_opts o = as_uncertainty_defaults();
    o.draws = draws;
    o.seed = seed;
    as_eval_opts eo = as_eval_defaults();
    as_diags d;
    as_diags_init(&d);
    as_uncertainty *u = NULL;
    int rc = as_uncertainty_run(ev, &eo, &o, &u, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s", msgs);
    free(msgs);
    as_diags_release(&d);
    return u;
}

/* Indexes of province code, indicator id and check name in the evaluation. */
static void locate(const char *code, const char *ind, const char *check, size_t *i, size_t *k,
                   size_t *c)
{
    for (*i = 0; *i < ev->nprovinces && strcmp(ev->provinces[*i].province->code, code); ++*i)
        ;
    cr_assert_lt(*i, ev->nprovinces, "province %s", code);
    const as_province_result *pr = &ev->provinces[*i];
    for (*k = 0; *k < pr->nindicators && strcmp(pr->indicators[*k].def->id, ind); ++*k)
        ;
    cr_assert_lt(*k, pr->nindicators, "indicator %s", ind);
    const as_indicator_result *ir = &pr->indicators[*k];
    for (*c = 0; *c < ir->nchecks && strcmp(ir->checks[*c].def->name, check); ++*c)
        ;
    cr_assert_lt(*c, ir->nchecks, "check %s", check);
}

static const as_uncertainty_check *mc_check(const as_uncertainty *u, const char *code,
                                            const char *ind, const char *check)
{
    size_t i, k, c;
    locate(code, ind, check, &i, &k, &c);
    const as_uncertainty_check *uc = as_uncertainty_check_of(u, i, k, c);
    cr_assert_not_null(uc, "%s %s/%s was not analysed", code, ind, check);
    return uc;
}

static double value_of(const char *code, const char *ind, const char *check)
{
    size_t i, k, c;
    locate(code, ind, check, &i, &k, &c);
    return ev->provinces[i].indicators[k].checks[c].value;
}

/* ------------------------------------------------------------------ Approach 1 */

Test(uncertainty, propagates_approach_1_as_computed_by_hand)
{
    /* half-width = sqrt(sum over values read of (sensitivity x value's spread)^2) */
    static const struct {
        char code[7], ind[12], check[8];
        double exp;
    } cases[] = {
        {"110000", "total", "sum", 50},                    /* sqrt((300 x 0.1)^2 + (200 x 0.2)^2) */
        {"120000", "total", "sum", 5},                     /* sqrt((30 x 0.1)^2 + (20 x 0.2)^2) */
        {"110000", "level", "level", 2.5},                 /* 50 x 0.05 */
        {"110000", "pair", "diff", 11.313708498984761},    /* sqrt(2) x 80 x 0.1 */
        {"110000", "ratio", "ratio", 0.06717514421272201}, /* sqrt(2) x 0.95 x 0.05 */
        {"120000", "ratio", "ratio", 0.06929646455628166}, /* sqrt(2) x 0.98 x 0.05 */
        {"110000", "persistent", "ratio", 0.15556349186104046}, /* sqrt(2) x 1.1 x 0.1 */
    };
    mc = run(2, 1);
    for (size_t n = 0; n < sizeof cases / sizeof cases[0]; n++) {
        double got = mc_check(mc, cases[n].code, cases[n].ind, cases[n].check)->a1_half;
        cr_expect(fabs(got - cases[n].exp) <= 1e-6 * cases[n].exp, "%s %s: exp %.17g, got %.17g",
                  cases[n].code, cases[n].ind, cases[n].exp, got);
    }
}

/* ------------------------------------------------------------------ Monte Carlo */

Test(uncertainty, draws_a_sum_of_normals_with_its_known_distribution)
{
    /* a + b ~ N(500, sd), sd = sqrt(30^2 + 40^2) / 1.96: percentiles 450 and 550 */
    long n = 20000;
    double sd = 50 / Z975;
    mc = run(n, 11);
    const as_uncertainty_check *uc = mc_check(mc, "110000", "total", "sum");
    cr_expect_eq(uc->n, (size_t)n);
    cr_expect(fabs(uc->mean - 500) < 4 * sd / sqrt((double)n), "mean %.6g", uc->mean);
    /* a percentile's standard error: sqrt(p (1 - p) / n) / density there, about 0.5 */
    cr_expect(fabs(uc->lower - 450) < 2.5, "2.5th percentile %.6g", uc->lower);
    cr_expect(fabs(uc->upper - 550) < 2.5, "97.5th percentile %.6g", uc->upper);
}

Test(uncertainty, gives_probability_zero_or_one_far_from_the_target)
{
    mc = run(2000, 3);
    const as_uncertainty_check *far_below =
        mc_check(mc, "110000", "total", "sum"); /* 500 <= 5000 */
    const as_uncertainty_check *far_above = mc_check(mc, "120000", "total", "sum"); /* 50 <= 5 */
    cr_expect_eq(far_below->p_met, 1);
    cr_expect_not(far_below->borderline);
    cr_expect_eq(far_above->p_met, 0);
    cr_expect_not(far_above->borderline);
    /* the control indicator decides each grade in every draw */
    const as_uncertainty_province *bj = as_uncertainty_province_of(mc, 0);
    const as_uncertainty_province *tj = as_uncertainty_province_of(mc, 1);
    cr_assert_not_null(bj);
    cr_assert_not_null(tj);
    cr_expect_eq(bj->p_grade[0], 1, "Beijing passes in every draw");
    cr_expect_eq(tj->p_grade[1], 1, "Tianjin fails in every draw");
    cr_expect_eq(bj->p_invalid, 0);
}

Test(uncertainty, marks_a_check_exactly_on_its_target_borderline)
{
    /* c = 50 = c_min, +-5 %: met when c rounds to 50.00 or more, a little over half */
    mc = run(20000, 5);
    for (int i = 0; i < 2; i++) {
        const as_uncertainty_check *uc = mc_check(mc, i ? "120000" : "110000", "level", "level");
        cr_expect(uc->borderline);
        cr_expect(fabs(uc->p_met - 0.5016) < 0.015, "P(met) %.4f", uc->p_met);
        cr_expect_lt(uc->lower, 50);
        cr_expect_gt(uc->upper, 50);
        size_t i0, k, c;
        locate(i ? "120000" : "110000", "level", "level", &i0, &k, &c);
        cr_expect(as_uncertainty_indicator_of(mc, i0, k)->borderline);
    }
}

Test(uncertainty, agrees_with_approach_1_for_a_linear_quantity_within_monte_carlo_error)
{
    static const struct {
        char code[7], ind[8], check[8];
    } linear[] = {{"110000", "total", "sum"},
                  {"120000", "total", "sum"},
                  {"110000", "pair", "diff"},
                  {"110000", "level", "level"}};
    mc = run(20000, 7);
    for (size_t n = 0; n < sizeof linear / sizeof linear[0]; n++) {
        const as_uncertainty_check *uc =
            mc_check(mc, linear[n].code, linear[n].ind, linear[n].check);
        double half = (uc->upper - uc->lower) / 2; /* the interval's half-width */
        cr_expect(fabs(half - uc->a1_half) < 0.04 * uc->a1_half,
                  "%s %s: Monte Carlo +-%.6g, Approach 1 +-%.6g", linear[n].code, linear[n].ind,
                  half, uc->a1_half);
    }
}

Test(uncertainty, differs_from_approach_1_where_a_shared_factor_cancels_in_a_ratio)
{
    mc = run(2000, 9);
    /* x is exact and ef, drawn once per draw, divides out: no spread at all; Approach 1
     * takes ef in 2025 and in 2026 as independent values and finds +-6.7 % */
    const as_uncertainty_check *uc = mc_check(mc, "110000", "ratio", "ratio");
    cr_expect(uc->upper - uc->lower < 1e-12, "Monte Carlo spread %.3g", uc->upper - uc->lower);
    cr_expect(fabs(uc->mean - value_of("110000", "ratio", "ratio")) < 1e-12);
    cr_expect_gt(uc->a1_half, 0.06);
    /* k drawn once per province cancels between its years likewise */
    uc = mc_check(mc, "110000", "persistent", "ratio");
    cr_expect(uc->upper - uc->lower < 1e-12, "Monte Carlo spread %.3g", uc->upper - uc->lower);
    cr_expect_gt(uc->a1_half, 0.15);
}

Test(uncertainty, draws_each_input_of_a_section_on_its_own)
{
    /* p = q = 80 in one section: the same draw would give 0 every time */
    mc = run(5000, 13);
    const as_uncertainty_check *uc = mc_check(mc, "110000", "pair", "diff");
    double sd = sqrt(2) * 8 / Z975;
    cr_expect(fabs(uc->upper - Z975 * sd) < 0.1 * Z975 * sd, "97.5th percentile %.6g", uc->upper);
    cr_expect(fabs(uc->lower + Z975 * sd) < 0.1 * Z975 * sd, "2.5th percentile %.6g", uc->lower);
}

Test(uncertainty, scales_each_distribution_to_its_95_percent_spread)
{
    static const struct {
        char check[12];
        double lower, upper;
    } cases[] = {{"uniform", 90, 110}, {"triangular", 90, 110}, {"lognormal", 100 / 1.1, 110}};
    mc = run(40000, 17);
    for (size_t n = 0; n < sizeof cases / sizeof cases[0]; n++) {
        const as_uncertainty_check *uc = mc_check(mc, "110000", "shapes", cases[n].check);
        cr_expect(fabs(uc->lower - cases[n].lower) < 0.4, "%s: 2.5th percentile %.6g (exp %.6g)",
                  cases[n].check, uc->lower, cases[n].lower);
        cr_expect(fabs(uc->upper - cases[n].upper) < 0.4, "%s: 97.5th percentile %.6g (exp %.6g)",
                  cases[n].check, uc->upper, cases[n].upper);
    }
}

static bool same(const as_uncertainty_check *a, const as_uncertainty_check *b)
{
    return a->mean == b->mean && a->lower == b->lower && a->upper == b->upper &&
           a->p_met == b->p_met && a->borderline == b->borderline && a->n == b->n &&
           a->a1_half == b->a1_half;
}

Test(uncertainty, gives_the_same_numbers_for_the_same_seed_and_others_for_another)
{
    mc = run(500, 42);
    as_uncertainty *again = run(500, 42), *other = run(500, 43);
    for (size_t i = 0; i < ev->nprovinces; i++)
        for (size_t k = 0; k < ev->provinces[i].nindicators; k++)
            for (size_t c = 0; c < ev->provinces[i].indicators[k].nchecks; c++) {
                const as_uncertainty_check *a = as_uncertainty_check_of(mc, i, k, c);
                const as_uncertainty_check *b = as_uncertainty_check_of(again, i, k, c);
                cr_assert_eq(a == NULL, b == NULL);
                cr_expect(!a || same(a, b), "province %zu indicator %zu check %zu", i, k, c);
            }
    cr_expect_neq(mc_check(mc, "110000", "total", "sum")->mean,
                  mc_check(other, "110000", "total", "sum")->mean);
    cr_expect_eq(mc->seed, 42);
    cr_expect_eq(mc->draws, 500);
    cr_expect_str_eq(mc->rng, "mt19937");
    /* a, b, c, p, q (the pair section's two inputs), u, v, w per province and year (2 x 2
     * years), k per province, ef once */
    cr_expect_eq(mc->nrandom, 8 * 2 * 2 + 2 + 1);
    double bare = as_uncertainty_bare_draws(rules, rules->nprovinces, data->nyears, 500, 42);
    cr_expect(isfinite(bare));
    cr_expect_eq(bare, as_uncertainty_bare_draws(rules, rules->nprovinces, data->nyears, 500, 42));
    as_uncertainty_free(again);
    as_uncertainty_free(other);
}

/* ------------------------------------------------------------------ refusals */

/* The messages of a run refused, which returns exp (AS_UNCERTAINTY_BAD_OPTS
 * for the options' fault, -1 for the rules'). */
static char *refusal(long draws, size_t max_bytes, int exp)
{
    as_uncertainty_opts o = as_uncertainty_defaults();
    o.draws = draws;
    o.max_bytes = max_bytes;
    as_eval_opts eo = as_eval_defaults();
    as_diags d;
    as_diags_init(&d);
    as_uncertainty *u = NULL;
    cr_expect_eq(as_uncertainty_run(ev, &eo, &o, &u, &d), exp);
    cr_expect_null(u);
    char *msgs = joined_diags(&d);
    as_diags_release(&d);
    return msgs;
}

Test(uncertainty, refuses_draws_out_of_range_and_draws_that_do_not_fit_as_the_options_fault)
{
    static const struct {
        long draws;
        size_t max_bytes;
        char exp[200];
    } cases[] = {
        {1, 0, RULES ": error: draws must be between 2 and 10000000, got 1\n"},
        {10000001, 0, RULES ": error: draws must be between 2 and 10000000, got 10000001\n"},
        /* 20 checks x 8 bytes a draw */
        {10000, 1 << 20,
         RULES ": error: 10000 draws of 20 checks need 1.5 MiB to keep, more than the 1.0 MiB "
               "allowed: use at most 6553 draws\n"},
    };
    for (size_t n = 0; n < sizeof cases / sizeof cases[0]; n++) {
        char *got = refusal(cases[n].draws, cases[n].max_bytes, AS_UNCERTAINTY_BAD_OPTS);
        cr_expect_str_eq(got, cases[n].exp);
        free(got);
    }
}

Test(uncertainty, refuses_rules_that_declare_no_uncertainty)
{
    teardown();
    load("tests/fixtures/datasets/tiny-rules.yaml", "tests/fixtures/datasets/good");
    char *got = refusal(100, 0, -1);
    cr_expect_str_eq(got, "tests/fixtures/datasets/tiny-rules.yaml: error: the rules declare no "
                          "uncertainty (no 'uncertainty' section)\n");
    free(got);
}

/* ------------------------------------------------------------------ quantiles */

Test(uncertainty, finds_quantiles_as_gsl_does_on_sorted_data)
{
    static const double fs[] = {0, 0.025, 0.3, 0.5, 0.975, 1};
    static const size_t sizes[] = {1, 2, 3, 7, 40, 1001};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double *a = malloc(1001 * sizeof *a), *b = malloc(1001 * sizeof *b);
    cr_assert(g && a && b);
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (size_t f = 0; f < sizeof fs / sizeof fs[0]; f++) {
            size_t n = sizes[s];
            for (size_t i = 0; i < n; i++)
                a[i] = b[i] = floor(gsl_rng_uniform(g) * 20); /* ties included */
            gsl_sort(b, 1, n);
            double exp = gsl_stats_quantile_from_sorted_data(b, 1, n, fs[f]);
            double got = as_uncertainty_quantile(a, 1, n, fs[f]);
            cr_expect(fabs(got - exp) <= 4 * DBL_EPSILON * fabs(exp), "n %zu, f %g: %.17g, %.17g",
                      n, fs[f], exp, got);
            cr_expect(got >= b[(size_t)(fs[f] * (double)(n - 1))] &&
                          got <= b[(size_t)ceil(fs[f] * (double)(n - 1))],
                      "between its order statistics");
        }
    /* equal numbers give themselves at every f, so 2.5th <= 97.5th */
    for (size_t i = 0; i < 1001; i++)
        a[i] = 0.1 + 0.2;
    cr_expect_eq(as_uncertainty_quantile(a, 1, 1001, 0.025), 0.1 + 0.2);
    cr_expect_eq(as_uncertainty_quantile(a, 1, 1001, 0.975), 0.1 + 0.2);
    gsl_rng_free(g);
    free(a);
    free(b);
}

/* Many numbers take the tail route (a threshold from a sample, the tail
 * copied): it must give the very order statistics a sort gives, whatever
 * the order of the numbers, their ties and the stride. */
Test(uncertainty, finds_the_tails_of_many_numbers_exactly_as_a_sort)
{
    enum { N = 20000, STRIDE = 3 };
    static const double fs[] = {0.001, 0.025, 0.3, 0.975, 0.999};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double *a = malloc(N * STRIDE * sizeof *a), *b = malloc(N * sizeof *b);
    cr_assert(g && a && b);
    for (int shape = 0; shape < 5; shape++)
        for (size_t n = 1024; n <= N; n += N / 2 - 512)
            for (size_t f = 0; f < sizeof fs / sizeof fs[0]; f++) {
                for (size_t i = 0; i < n; i++) {
                    double u = gsl_rng_uniform(g);
                    b[i] = shape == 0   ? u
                           : shape == 1 ? floor(u * 7) /* few values, many ties */
                           : shape == 2 ? (double)i    /* sorted */
                           : shape == 3
                               ? (double)(n - i)           /* reversed */
                               : (i % 97 ? 1.0 : u - 5.0); /* one value almost everywhere */
                    a[i * STRIDE] = b[i];
                }
                gsl_sort(b, 1, n);
                double exp = gsl_stats_quantile_from_sorted_data(b, 1, n, fs[f]);
                double got = as_uncertainty_quantile(a, STRIDE, n, fs[f]);
                double idx = fs[f] * (double)(n - 1), lo = b[(size_t)idx], hi = b[(size_t)idx + 1];
                cr_expect_eq(got, lo + (idx - floor(idx)) * (hi - lo),
                             "shape %d, n %zu, f %g: %.17g, sorted %.17g", shape, n, fs[f], got,
                             exp);
            }
    gsl_rng_free(g);
    free(a);
    free(b);
}
