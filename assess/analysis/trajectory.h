/* trajectory: where each province is heading against the five-year plan.
 * For every check with a plan-period target (plan: in the rule file) it
 * evaluates the check's value for every year from the base year to the
 * assessment year through the engine (as_eval_formula), then gives (a) the
 * average annual rate still required to meet the plan target in its final
 * year, in closed form; (b) a projection of the final year: a GSL
 * least-squares line through the log of the intensity (reduction: log(1 -
 * value); level: log(value)) when three or more years have a value (the
 * base year and two or more since), with its 95 % prediction interval, or
 * the observed average rate carried forward when there are two (the base
 * year and one since) or the plan says `projection: carried`; (c) at_risk
 * when the projection misses the target by the check's own rounding and
 * comparison (as_eval_met).  With Monte Carlo
 * draws (as_trajectory_add_lanes), the projection is repeated in every draw:
 * the share of draws at risk, and the 95 % interval of a carried-forward
 * projection.  It prints nothing and restates no formula.
 *
 * Ownership: as_trajectory_compute returns a heap set whose every array
 * lives in its arena; as_trajectory_free releases it.  The evaluation must
 * outlive it. */
#ifndef AS_ANALYSIS_TRAJECTORY_H
#define AS_ANALYSIS_TRAJECTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "engine/eval.h"

typedef enum {
    AS_TRAJ_NONE = 0,    /* no projection (see error) */
    AS_TRAJ_CARRIED = 1, /* two years with a value: the observed average rate carried forward */
    AS_TRAJ_FIT = 2      /* three or more: least-squares line on the log of the intensity */
} as_traj_method;

/* A projection of observed values to one year. */
typedef struct {
    as_traj_method method;
    double value;        /* projected value, in the check's unit */
    bool has_interval;   /* a 95 % prediction interval exists (a fit with 3+ years) */
    double lower, upper; /* its bounds, in the check's unit */
    int dof;             /* the fit's degrees of freedom (years with a value - 2); 0 without */
} as_traj_projection;

/* Degrees of freedom below which a fit's prediction interval says nothing:
 * a line through three points (the base year and two since) has one, and
 * Student's t at 97.5 % is 12.7 there, so its interval spans hundreds of
 * percentage points (docs/backtest.md).  Shown as "uninformative". */
#define AS_TRAJ_INFORMATIVE_DOF 2

/* One year ahead of the last observed one. */
typedef struct {
    int year;
    bool has_required;         /* the target and a required rate exist */
    double required;           /* the value on the required path (the required rate from the last
                                  observed value; the target in the final year) */
    as_traj_projection proj;   /* the projection to this year */
    bool has_draws;            /* Monte Carlo percentiles exist */
    double mc_lower, mc_upper; /* 2.5th and 97.5th percentiles of the projection over draws */
} as_traj_point;

typedef struct {
    const as_indicator *ind; /* the indicator */
    const as_check_def *cd;  /* its check with a plan */
    size_t k, c;             /* their indexes in the rule set and the indicator */
    as_text why;             /* why there is no trajectory, in English and the catalogue's
                                language; why.en NULL when there is one */
    int base_year, final_year;
    int last_year;           /* the last year with a value */
    int *years;              /* years base .. last with a value */
    double *values;          /* the check's value in each, unrounded */
    size_t nobs;             /* of them */
    bool has_target;         /* the plan target could be read */
    double target;           /* the plan target, in the check's unit */
    bool has_observed_rate;  /* two or more years */
    double observed_rate;    /* average annual rate from the first to the last year: reduction of
                                the intensity (reduction) or growth of the value (level) */
    bool has_required_rate;  /* the target exists and the final year lies ahead */
    double required_rate;    /* the average annual rate still required, same sense */
    as_traj_projection proj; /* projection of the final year */
    bool at_risk;            /* the projection misses the target */
    as_traj_point *path;     /* last + 1 .. final_year */
    size_t npath;
    bool has_draws;            /* Monte Carlo summaries exist */
    double p_at_risk;          /* share of draws whose projection misses the target */
    double mc_lower, mc_upper; /* 2.5th and 97.5th percentiles of the final-year projection */
    size_t ndrawn;             /* draws that gave a projection (fewer than added only when
                                  one failed or the draws kept would pass 256 MiB) */
    size_t drawn_at_risk;      /* of them, at risk */
    double *drawn;             /* their projections, per draw npath (at least 1) values:
                                  malloc'd while draws are added, freed by summarising */
    size_t capdrawn;           /* draws drawn has room for */
} as_trajectory;

typedef struct as_trajectories {
    as_arena *arena;
    const as_evaluation *ev;
    size_t nplans;        /* checks with a plan, in rule-file order */
    as_trajectory *items; /* per province of ev and plan: items[i * nplans + j] */
    size_t nitems;
    size_t ndraws; /* Monte Carlo draws added */
} as_trajectories;

/* The trajectory of every province of ev (evaluated with eo) for every check
 * with a plan.  A province whose data have errors, or whose check has too
 * few years, gets one with error set.  Returns 0 and *out (with no items
 * when the rules mark no plan), or -1 with a problem in d (out of memory). */
int as_trajectory_compute(const as_evaluation *ev, const as_eval_opts *eo, as_trajectories **out,
                          as_diags *d);

/* The projection of every trajectory in each draw of a block of Monte
 * Carlo draws, in lane order: its observed values are evaluated again in
 * the block's lanes through opts (the block's hook), the assessment year's
 * taken from the block's evaluation.  Fits as_uncertainty_lanes_fn (ctx is
 * the set).  Out of memory drops draws. */
void as_trajectory_add_lanes(void *set, as_eval_lanes *b, const as_eval_opts *opts);

/* Summarise the draws added: p_at_risk and the percentiles. */
void as_trajectory_summarise(as_trajectories *t);

void as_trajectory_free(as_trajectories *t);

/* The trajectory of plan j (0 .. nplans - 1) of province i of the evaluation. */
const as_trajectory *as_trajectory_of(const as_trajectories *t, size_t i, size_t j);

/* The average annual rate that takes value to target in `years` years, in
 * closed form: for a reduction r = 1 - ((1 - target) / (1 - value))^(1/years)
 * (the intensity falls by r each year), for a level
 * g = (target / value)^(1/years) - 1.  Returns 0, or -1 when years < 1 or
 * the value has no logarithm (a reduction of 1 or more, a level <= 0). */
int as_trajectory_required_rate(as_plan_measure m, double value, double target, int years,
                                double *rate);

/* Project n >= 2 observed (years[i], values[i]) to year `to`: with two, the
 * line through them on the log scale (their average rate carried forward);
 * with three or more, gsl_fit_linear on the log scale and its 95 %
 * prediction interval (Student's t with n - 2 degrees of freedom).
 * Returns 0, or -1 when a value has no logarithm or the fit fails. */
int as_trajectory_project(as_plan_measure m, const int *years, const double *values, size_t n,
                          int to, as_traj_projection *out);

/* "carried_forward" / "log_linear_fit" / "none": the ids JSON writes. */
const char *as_traj_method_name(as_traj_method m);

/* How a person calls method m, in English (N_-marked for the catalogue:
 * look it up with _()), short ("carried rate", "fitted line") or as the
 * phrase a heading uses for a plan's projection. */
const char *as_traj_method_label(as_traj_method m, bool phrase);

/* The interval of projection p says nothing: a fit's with fewer than
 * AS_TRAJ_INFORMATIVE_DOF degrees of freedom. */
bool as_traj_uninformative(const as_traj_projection *p);

/* Where the interval shown beside a projection comes from. */
typedef enum {
    AS_TRAJ_BASIS_NONE = 0,   /* none: two observed years and no Monte Carlo draws */
    AS_TRAJ_BASIS_REGRESSION, /* the fit's 95 % prediction interval */
    AS_TRAJ_BASIS_MONTE_CARLO /* 2.5th and 97.5th percentiles over the draws */
} as_traj_basis;

/* The interval to show for the projection to path point pt, or to the final
 * year when pt is NULL: the fit's prediction interval where it has one, else
 * the Monte Carlo percentiles where draws were added.  Sets *lo and *hi
 * unless it returns AS_TRAJ_BASIS_NONE. */
as_traj_basis as_trajectory_interval(const as_trajectory *tr, const as_traj_point *pt, double *lo,
                                     double *hi);

/* "regression" / "monte_carlo" / "none". */
const char *as_traj_basis_name(as_traj_basis b);

#endif
