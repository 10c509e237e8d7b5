/* test_eval_lanes: the evaluation in blocks of lanes against the evaluation
 * one draw at a time, bit for bit.  The Monte Carlo runs twice with the
 * same seed, once in blocks (as_evaluate_lanes) and once with each draw
 * evaluated on its own by as_evaluate through the per-value hook
 * (one_at_a_time); every check of every province in every draw must get
 * the same flags and the same double, every indicator the same count and
 * every province the same grade, and the summaries (means, percentiles,
 * probabilities, Approach 1, trajectories) must be equal.  On the sample
 * (the 2026 rules, every check) and on the real 13th FYP backtest (chain()
 * over three years).  The per-lane rules of the formula evaluator are
 * tested in test_expr.c. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/trajectory.h"
#include "analysis/uncertainty.h"

#include "support.h"

enum { DRAWS = 1000 };

/* Everything the blocks said, draw after draw. */
typedef struct {
    as_trajectories *traj;
    unsigned char *bytes; /* per draw: flags and value of every check, missed, grades */
    size_t n, cap;
} capture;

static void keep(capture *c, const void *p, size_t n)
{
    if (c->n + n > c->cap) {
        c->cap = (c->n + n) * 2;
        c->bytes = realloc(c->bytes, c->cap);
        cr_assert_not_null(c->bytes);
    }
    memcpy(c->bytes + c->n, p, n);
    c->n += n;
}

static void on_lanes(void *ctx, as_eval_lanes *b, const as_eval_opts *opts)
{
    capture *c = ctx;
    const as_ruleset *r = b->ev->rules;
    for (size_t l = 0; l < b->n; l++)
        for (size_t i = 0; i < b->ev->nprovinces; i++) {
            int grade = b->grade[i * b->cap + l];
            keep(c, &grade, sizeof grade);
            if (grade < 0)
                continue; /* the lane's data gave an error: nothing else is read */
            for (size_t k = 0; k < r->nindicators; k++)
                keep(c, &b->missed[(i * r->nindicators + k) * b->cap + l], 1);
            for (size_t check = 0; check < b->nchecks; check++) {
                size_t at = (i * b->nchecks + check) * b->cap + l;
                keep(c, &b->flags[at], 1);
                if (b->flags[at] & AS_LANE_VALUE)
                    keep(c, &b->value[at], sizeof b->value[at]);
            }
        }
    as_trajectory_add_lanes(c->traj, b, opts);
}

/* The Monte Carlo of rules on data for year, in blocks or one at a time. */
static as_uncertainty *run(const as_evaluation *ev, bool one_at_a_time, capture *c)
{
    as_eval_opts eo = as_eval_defaults();
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_trajectory_compute(ev, &eo, &c->traj, &d), 0);
    as_uncertainty_opts o = as_uncertainty_defaults();
    o.draws = DRAWS;
    o.seed = 11;
    o.one_at_a_time = one_at_a_time;
    o.on_lanes = on_lanes;
    o.on_lanes_ctx = c;
    as_uncertainty *u = NULL;
    int rc = as_uncertainty_run(ev, &eo, &o, &u, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s", msgs);
    free(msgs);
    as_diags_release(&d);
    as_trajectory_summarise(c->traj);
    return u;
}

static bool same_check(const as_uncertainty_check *a, const as_uncertainty_check *b)
{
    return a->has == b->has && a->n == b->n && a->mean == b->mean && a->lower == b->lower &&
           a->upper == b->upper && a->p_met == b->p_met && a->borderline == b->borderline &&
           a->a1_half == b->a1_half;
}

/* Every figure of a and b (of ev) is the same double. */
static void expect_same_summaries(const as_evaluation *ev, const as_uncertainty *a,
                                  const as_uncertainty *b)
{
    size_t analysed = 0;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_uncertainty_province *pa = as_uncertainty_province_of(a, i);
        const as_uncertainty_province *pb = as_uncertainty_province_of(b, i);
        cr_assert_eq(pa == NULL, pb == NULL);
        if (!pa)
            continue;
        cr_expect_eq(pa->p_invalid, pb->p_invalid);
        for (size_t g = 0; g < ev->rules->ngrades; g++)
            cr_expect_eq(pa->p_grade[g], pb->p_grade[g], "province %zu grade %zu", i, g);
        for (size_t k = 0; k < pa->nindicators; k++) {
            cr_expect_eq(pa->indicators[k].p_met, pb->indicators[k].p_met);
            for (size_t c = 0; c < pa->indicators[k].nchecks; c++) {
                const as_uncertainty_check *ca = as_uncertainty_check_of(a, i, k, c);
                const as_uncertainty_check *cb = as_uncertainty_check_of(b, i, k, c);
                cr_assert_eq(ca == NULL, cb == NULL);
                cr_expect(!ca || same_check(ca, cb), "province %zu indicator %zu check %zu", i, k,
                          c);
                analysed += ca != NULL;
            }
        }
    }
    cr_expect_gt(analysed, 0);
}

static void expect_same_trajectories(const as_trajectories *a, const as_trajectories *b)
{
    cr_assert_eq(a->nitems, b->nitems);
    cr_expect_eq(a->ndraws, (size_t)DRAWS);
    for (size_t it = 0; it < a->nitems; it++) {
        const as_trajectory *x = &a->items[it], *y = &b->items[it];
        cr_expect_eq(x->ndrawn, y->ndrawn, "trajectory %zu", it);
        cr_expect_eq(x->drawn_at_risk, y->drawn_at_risk, "trajectory %zu", it);
        cr_expect(x->mc_lower == y->mc_lower && x->mc_upper == y->mc_upper, "trajectory %zu", it);
    }
}

static void compare(const char *rules_path, const char *data_dir, int year)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    as_ruleset *r = NULL;
    as_dataset *ds = NULL;
    as_evaluation *ev = NULL;
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_rules_load(rules_path, &r, &d), 0);
    cr_assert_eq(as_dataset_load(r, data_dir, year, &ds, &d), 0);
    as_eval_opts eo = as_eval_defaults();
    cr_assert_eq(as_evaluate(r, ds, year, &eo, &ev, &d), 0);
    as_diags_release(&d);
    capture blocks = {0}, alone = {0};
    as_uncertainty *ub = run(ev, false, &blocks);
    as_uncertainty *ua = run(ev, true, &alone);
    cr_assert_gt(blocks.n, (size_t)DRAWS * ev->nprovinces * sizeof(int));
    cr_assert_eq(blocks.n, alone.n, "the blocks said %zu bytes, one at a time %zu", blocks.n,
                 alone.n);
    size_t at = 0;
    while (at < blocks.n && blocks.bytes[at] == alone.bytes[at])
        at++;
    cr_expect_eq(at, blocks.n, "first difference at byte %zu of %zu", at, blocks.n);
    expect_same_summaries(ev, ub, ua);
    expect_same_trajectories(blocks.traj, alone.traj);
    as_trajectory_free(blocks.traj);
    as_trajectory_free(alone.traj);
    free(blocks.bytes);
    free(alone.bytes);
    as_uncertainty_free(ub);
    as_uncertainty_free(ua);
    as_evaluation_free(ev);
    as_dataset_free(ds);
    as_rules_free(r);
}

Test(eval_lanes, evaluates_every_check_of_the_sample_in_blocks_as_one_draw_at_a_time)
{
    compare("rules/2026.yaml", "data/sample", 2026);
}

Test(eval_lanes, evaluates_the_backtest_in_blocks_as_one_draw_at_a_time)
{
    compare("rules/13fyp-backtest.yaml", "data/backtest-13fyp", 2018);
}

Test(eval_lanes, takes_a_parameter_the_rules_give_no_value_for_as_no_data_as_one_at_a_time_does)
{
    /* rules/2026.yaml gives ef_grid no value for 2027: the checks reading it have no data
     * (the rule set's gap), in every lane as in the evaluation of one draw */
    compare("rules/2026.yaml", "tests/fixtures/datasets/eval", 2027);
}
