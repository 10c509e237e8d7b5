/* uncertainty: how sure each verdict is.  Monte Carlo (IPCC 2006 Guidelines,
 * Vol. 1 ch. 3, Approach 2): draws the relative errors the rule set declares
 * (uncertainty: in rule files) with GSL's MT19937 generator and
 * distributions, re-evaluates every check of every province through the
 * engine's own evaluation in blocks of draws (as_evaluate_lanes, the values
 * it reads scaled by each draw's factors through the lanes hook; the same
 * numbers as as_evaluate one draw at a time, which one_at_a_time uses) and
 * summarises each check's unrounded value
 * (mean, 2.5th and 97.5th percentiles), how often it is met under the rule
 * set's rounding and comparison, whether its 95 % interval straddles the
 * target, and each province's grade.  Approach 1 (first-order error
 * propagation) is computed beside it as a cross-check, from numerical
 * partial derivatives through the same evaluation, every value read being
 * an independent source (IPCC's equations 3.1 and 3.2 assume uncorrelated
 * inputs).  Nothing here restates a formula or a comparison, and nothing
 * prints.
 *
 * Ownership: as_uncertainty_run returns a heap object whose results live in
 * its arena; as_uncertainty_free releases them.  The evaluation it analyses
 * (and its rule set and data set) must outlive it. */
#ifndef AS_ANALYSIS_UNCERTAINTY_H
#define AS_ANALYSIS_UNCERTAINTY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "engine/eval.h"

#define AS_UNCERTAINTY_DEFAULT_DRAWS 10000
#define AS_UNCERTAINTY_DEFAULT_SEED 1UL
#define AS_UNCERTAINTY_MAX_DRAWS 10000000L
#define AS_UNCERTAINTY_DEFAULT_BYTES ((size_t)1 << 30) /* draws kept for percentiles */

/* Fewer draws than this make no 95 % interval worth the name: the 2.5th and
 * 97.5th percentiles rest on the two or three most extreme draws at each end
 * (below 40 draws, on the extremes themselves), and a probability met has a
 * standard error of up to 0.5 / sqrt(draws), 5 points at 100.  A front-end
 * warns below it; the default gives 0.5 point. */
#define AS_UNCERTAINTY_FEW_DRAWS 100

/* as_uncertainty_run's return when its options cannot be used: a caller's
 * (a command line's) mistake, not the data's. */
#define AS_UNCERTAINTY_BAD_OPTS (-2)

/* Called after each block of draws is evaluated, with the block (lanes 0 ..
 * b->n - 1 are the next draws, in order) and the options that evaluated it
 * (their adjust_lanes hook gives the block's values, for
 * as_eval_lanes_formula on b). */
typedef void (*as_uncertainty_lanes_fn)(void *ctx, as_eval_lanes *b, const as_eval_opts *opts);

typedef struct {
    long draws;                       /* Monte Carlo draws, 2 .. AS_UNCERTAINTY_MAX_DRAWS */
    unsigned long seed;               /* seed of the generator, 1 .. 2^32 - 1 */
    size_t max_bytes;                 /* cap on the draws kept for percentiles; 0: default */
    as_uncertainty_lanes_fn on_lanes; /* NULL, or called after every block of draws */
    void *on_lanes_ctx;               /* passed to on_lanes */
    bool one_at_a_time;               /* evaluate each draw on its own through as_evaluate and
                                         the per-value hook instead of in blocks: the same
                                         numbers, slowly (the reference tests compare with) */
} as_uncertainty_opts;

/* One check over the draws. */
typedef struct {
    bool has;            /* analysed: value and target were computed in the evaluation */
    size_t n;            /* draws in which they were computed */
    double mean;         /* mean of the unrounded value, in the indicator's unit */
    double lower, upper; /* its 2.5th and 97.5th percentiles: the 95 % interval */
    double p_met;        /* share of those draws in which the check is met */
    bool borderline;     /* the 95 % interval straddles the target: judged at lower and
                            upper by the check's rounding and comparison, one is met and the
                            other not (for ==, the target lies inside it) */
    double a1_half;      /* Approach 1: half-width of the 95 % interval around the value */
} as_uncertainty_check;

typedef struct {
    bool has;                     /* analysed: its province is (every indicator is counted in
                                     every draw; one without data counts as the rules say) */
    double p_met;                 /* share of draws in which the indicator counts as met: 0 for
                                     one whose missing data count as missed, 1 when exempt */
    bool borderline;              /* some check is borderline */
    as_uncertainty_check *checks; /* parallel to the evaluation's checks */
    size_t nchecks;
} as_uncertainty_indicator;

typedef struct {
    bool has;                             /* analysed: graded on its own data */
    double *p_grade;                      /* per grade of the rule set: share of draws */
    double p_invalid;                     /* share of draws in which it had no grade */
    as_uncertainty_indicator *indicators; /* parallel to the evaluation's indicators */
    size_t nindicators;
} as_uncertainty_province;

typedef struct as_uncertainty {
    as_arena *arena;                    /* owns everything below */
    const as_evaluation *ev;            /* the evaluation analysed */
    long draws;                         /* Monte Carlo draws */
    unsigned long seed;                 /* the generator's seed */
    const char *rng;                    /* the generator, "mt19937" */
    size_t nrandom;                     /* random factors drawn per draw (sources x cells) */
    size_t na1;                         /* sources x years Approach 1 perturbed one at a time */
    as_uncertainty_province *provinces; /* parallel to ev->provinces */
    size_t nprovinces;
} as_uncertainty;

/* Default options: AS_UNCERTAINTY_DEFAULT_DRAWS draws, seed 1. */
as_uncertainty_opts as_uncertainty_defaults(void);

/* Analyse ev, which was evaluated with eo (the draws are evaluated with the
 * same options plus the hook, no trail and met-only verdicts).  Provinces
 * whose data have errors are not analysed (has false).  The same rule set,
 * data set, options and seed give the same numbers.  Returns 0 and *out;
 * AS_UNCERTAINTY_BAD_OPTS with a problem in d (a usage error, whatever its
 * location) when draws or seed are out of range or the draws kept would
 * exceed max_bytes (the message says how many fit); -1 with a problem in d
 * when the rules declare no uncertainty (located at the rule file) or out of
 * memory. */
int as_uncertainty_run(const as_evaluation *ev, const as_eval_opts *eo,
                       const as_uncertainty_opts *o, as_uncertainty **out, as_diags *d);

void as_uncertainty_free(as_uncertainty *u);

/* The analysis of check c of indicator k of province i (indexes into
 * ev->provinces, its indicators and checks), or NULL when u is NULL or it
 * was not analysed. */
const as_uncertainty_check *as_uncertainty_check_of(const as_uncertainty *u, size_t i, size_t k,
                                                    size_t c);
const as_uncertainty_indicator *as_uncertainty_indicator_of(const as_uncertainty *u, size_t i,
                                                            size_t k);
const as_uncertainty_province *as_uncertainty_province_of(const as_uncertainty *u, size_t i);

/* The f-quantile (0..1) of the n >= 1 numbers data[0], data[stride], ...,
 * as GSL's gsl_stats_quantile_from_sorted_data defines it on the sorted
 * numbers (between the order statistics at f (n - 1) and the next, linearly),
 * found with gsl_stats_select instead of a sort (for many numbers, among the
 * few of the tail they lie in, beyond a threshold read off a sample: the
 * same order statistics, one pass over the numbers) and interpolated as lo +
 * delta (hi - lo), which never leaves [lo, hi] (GSL's (1 - delta) lo + delta
 * hi can, by a rounding error: then the 2.5th percentile of equal draws
 * would exceed their 97.5th); the numbers are reordered. */
double as_uncertainty_quantile(double *data, size_t stride, size_t n, double f);

/* Draw the random numbers of `draws` Monte Carlo draws of r's declarations
 * for nprovinces provinces and nyears years, exactly as as_uncertainty_run
 * does, and nothing else: the bare cost of the generator, for benchmarks.
 * Returns a sum of the numbers (so the work cannot be optimised away), or
 * NaN when out of memory. */
double as_uncertainty_bare_draws(const as_ruleset *r, size_t nprovinces, int nyears, long draws,
                                 unsigned long seed);

#endif
