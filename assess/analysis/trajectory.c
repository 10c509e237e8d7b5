/* trajectory: observed values of each plan check year by year (through
 * as_eval_formula), the closed-form required rate, a projection on the log
 * scale (two points: their rate carried forward; three or more:
 * gsl_fit_linear with a Student-t prediction interval) and the verdict on
 * the projection by the engine's judgement. */
#include "analysis/trajectory.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/uncertainty.h"
#include "base/grow.h"
#include "base/i18n.h"

/* Bytes of draws one trajectory may keep (a cap, so that a huge run fails
 * its summaries instead of memory). */
#define MAX_DRAWN_BYTES ((size_t)256 << 20)

/* ------------------------------------------------------------ the arithmetic */

/* The log of the intensity a value stands for: log(1 - value) for a
 * reduction, log(value) for a level; -1 when it has none. */
static int to_log(as_plan_measure m, double v, double *y)
{
    double x = m == AS_PLAN_REDUCTION ? 1 - v : v;
    if (!(x > 0) || !isfinite(x))
        return -1;
    *y = log(x);
    return 0;
}

static double from_log(as_plan_measure m, double y)
{
    return m == AS_PLAN_REDUCTION ? 1 - exp(y) : exp(y);
}

/* A yearly change of the log of the intensity as a rate in the sense of the
 * measure: the intensity's fall (reduction) or the value's growth (level). */
static double rate_of(as_plan_measure m, double dlog)
{
    return m == AS_PLAN_REDUCTION ? -expm1(dlog) : expm1(dlog);
}

int as_trajectory_required_rate(as_plan_measure m, double value, double target, int years,
                                double *rate)
{
    double y0, y1;
    if (years < 1 || to_log(m, value, &y0) != 0 || to_log(m, target, &y1) != 0)
        return -1;
    *rate = rate_of(m, (y1 - y0) / years);
    return 0;
}

/* The value `years` years after `value` at the yearly rate: on the
 * required path. */
static double at_rate(as_plan_measure m, double value, double rate, int years)
{
    double y;
    if (to_log(m, value, &y) != 0)
        return value;
    double step = m == AS_PLAN_REDUCTION ? log1p(-rate) : log1p(rate);
    return from_log(m, y + step * years);
}

/* Two points: the line through them on the log scale. */
static int carry(as_plan_measure m, const int *years, const double *values, size_t n, int to,
                 as_traj_projection *out)
{
    double y0, y1;
    if (to_log(m, values[n - 2], &y0) != 0 || to_log(m, values[n - 1], &y1) != 0)
        return -1;
    double slope = (y1 - y0) / (years[n - 1] - years[n - 2]);
    out->method = AS_TRAJ_CARRIED;
    out->value = from_log(m, y1 + slope * (to - years[n - 1]));
    out->has_interval = false;
    return 0;
}

/* Three or more: least squares on the log scale and the 95 % prediction
 * interval of a new observation in year `to`. */
static int fit(as_plan_measure m, const int *years, const double *values, size_t n, int to,
               as_traj_projection *out)
{
    double *x = malloc(2 * n * sizeof *x);
    if (!x)
        return -1;
    double *y = x + n;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        x[i] = years[i] - years[0];
        rc = to_log(m, values[i], &y[i]);
    }
    double c0, c1, cov00, cov01, cov11, sumsq, est, est_err;
    if (rc == 0 &&
        (gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) != GSL_SUCCESS ||
         gsl_fit_linear_est(to - years[0], c0, c1, cov00, cov01, cov11, &est, &est_err) !=
             GSL_SUCCESS))
        rc = -1;
    free(x);
    if (rc != 0)
        return -1;
    double dof = (double)n - 2;
    double sd = sqrt(est_err * est_err + sumsq / dof); /* mean's error plus a year's scatter */
    double half = gsl_cdf_tdist_Pinv(0.975, dof) * sd;
    double a = from_log(m, est - half), b = from_log(m, est + half);
    out->method = AS_TRAJ_FIT;
    out->dof = (int)n - 2;
    out->value = from_log(m, est);
    out->has_interval = isfinite(a) && isfinite(b);
    out->lower = a < b ? a : b;
    out->upper = a < b ? b : a;
    return 0;
}

int as_trajectory_project(as_plan_measure m, const int *years, const double *values, size_t n,
                          int to, as_traj_projection *out)
{
    memset(out, 0, sizeof *out);
    if (n < 2)
        return -1;
    if (to <= years[n - 1]) { /* already observed: the value itself */
        double y;
        out->method = n > 2 ? AS_TRAJ_FIT : AS_TRAJ_CARRIED;
        out->value = values[n - 1];
        return to_log(m, values[n - 1], &y);
    }
    return n == 2 ? carry(m, years, values, n, to, out) : fit(m, years, values, n, to, out);
}

const char *as_traj_method_name(as_traj_method m)
{
    static const char *const names[] = {"none", "carried_forward", "log_linear_fit"};
    return names[m];
}

const char *as_traj_method_label(as_traj_method m, bool phrase)
{
    static const char *const labels[][2] = {
        {N_("none"), N_("no projection")},
        {N_("carried rate"), N_("the average annual rate since the base year carried forward")},
        {N_("fitted line"),
         N_("a least-squares line through the years observed, on the log scale, with its "
            "prediction interval (with one year observed, that year's rate carried forward)")}};
    return labels[m][phrase];
}

bool as_traj_uninformative(const as_traj_projection *p)
{
    return p->method == AS_TRAJ_FIT && p->has_interval && p->dof < AS_TRAJ_INFORMATIVE_DOF;
}

as_traj_basis as_trajectory_interval(const as_trajectory *tr, const as_traj_point *pt, double *lo,
                                     double *hi)
{
    const as_traj_projection *p = pt ? &pt->proj : &tr->proj;
    if (p->has_interval) {
        *lo = p->lower;
        *hi = p->upper;
        return AS_TRAJ_BASIS_REGRESSION;
    }
    if (pt ? pt->has_draws : tr->has_draws) {
        *lo = pt ? pt->mc_lower : tr->mc_lower;
        *hi = pt ? pt->mc_upper : tr->mc_upper;
        return AS_TRAJ_BASIS_MONTE_CARLO;
    }
    return AS_TRAJ_BASIS_NONE;
}

const char *as_traj_basis_name(as_traj_basis b)
{
    static const char *const names[] = {"none", "regression", "monte_carlo"};
    return names[b];
}

/* Project tr's values (or a draw's, vals) to year `to` as its plan says: all
 * of them, or with `projection: carried` only the first and the last. */
static int project_plan(const as_trajectory *tr, const double *vals, int to,
                        as_traj_projection *out)
{
    size_t n = tr->nobs;
    if (tr->cd->plan.projection == AS_PLAN_CARRIED && n > 2) {
        int years[2] = {tr->years[0], tr->years[n - 1]};
        double ends[2] = {vals[0], vals[n - 1]};
        return as_trajectory_project(tr->cd->plan.measure, years, ends, 2, to, out);
    }
    return as_trajectory_project(tr->cd->plan.measure, tr->years, vals, n, to, out);
}

/* ------------------------------------------------------------ one trajectory */

/* Why tr has no trajectory, in both languages (made in t's arena). */
__attribute__((format(printf, 3, 4))) static void fail(as_trajectories *t, as_trajectory *tr,
                                                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tr->why = as_text_vprintf(t->arena, fmt, ap);
    va_end(ap);
    if (!tr->why.en || !*tr->why.en)
        tr->why = (as_text){"out of memory", NULL};
}

/* The evaluation's error in d, as its "file:line:col: error: ..." line in
 * each language. */
static void fail_diag(as_trajectories *t, as_trajectory *tr, as_diags *d)
{
    char *en = d->n ? as_diag_format_in(&d->items[0], false) : NULL;
    char *zh = d->n && d->items[0].text.tr ? as_diag_format_in(&d->items[0], true) : NULL;
    tr->why = as_text_copy(t->arena, (as_text){en, zh});
    if (!tr->why.en)
        tr->why = (as_text){"out of memory", NULL};
    free(en);
    free(zh);
    as_diags_release(d);
}

/* The check's value in every year from the base year to the assessment
 * year that has one (an error in any year ends the trajectory). */
static int observe(as_trajectories *t, as_trajectory *tr, size_t i, const as_eval_opts *eo)
{
    const as_evaluation *ev = t->ev;
    const as_dataset *ds = ev->data;
    int from = tr->base_year > ds->first_year ? tr->base_year : ds->first_year;
    size_t cap = ev->year >= from ? (size_t)(ev->year - from + 1) : 0;
    as_diags why;
    as_diags_init(&why);
    tr->years = as_arena_alloc(t->arena, (cap + 1) * sizeof *tr->years);
    tr->values = as_arena_alloc(t->arena, (cap + 1) * sizeof *tr->values);
    if (!tr->years || !tr->values)
        return -1;
    for (int y = from; y <= ev->year; y++) {
        double v;
        as_eval_status st =
            as_eval_formula(ev->rules, ds, eo, ev->provinces[i].index, &tr->cd->value, y, &v, &why);
        if (st == AS_EVAL_ERROR) {
            fail_diag(t, tr, &why);
            return 0;
        }
        as_diags_release(&why); /* a year without data says why; the trajectory skips it */
        if (st == AS_EVAL_OK) {
            tr->years[tr->nobs] = y;
            tr->values[tr->nobs++] = v;
        }
    }
    if (tr->nobs < 2)
        fail(t, tr,
             N_("a projection needs the value of check '%s' in two years from the base year %d "
                "to %d; it has %zu"),
             tr->cd->name, tr->base_year, ev->year, tr->nobs);
    return 0;
}

/* Rates, projection, path and verdict from the observed values. */
static int project(as_trajectories *t, as_trajectory *tr)
{
    as_plan_measure m = tr->cd->plan.measure;
    size_t n = tr->nobs;
    tr->last_year = tr->years[n - 1];
    double y0, y1;
    if (to_log(m, tr->values[0], &y0) != 0 || to_log(m, tr->values[n - 1], &y1) != 0 ||
        project_plan(tr, tr->values, tr->final_year, &tr->proj) != 0) {
        if (m == AS_PLAN_REDUCTION)
            fail(t, tr,
                 N_("a reduction of 100 %% or more cannot be projected on the log of the "
                    "intensity"));
        else
            fail(t, tr, N_("a level of zero or less cannot be projected on its log"));
        return 0;
    }
    tr->has_observed_rate = true;
    tr->observed_rate = rate_of(m, (y1 - y0) / (tr->last_year - tr->years[0]));
    int ahead = tr->final_year - tr->last_year;
    tr->has_required_rate = tr->has_target && ahead > 0 &&
                            as_trajectory_required_rate(m, tr->values[n - 1], tr->target, ahead,
                                                        &tr->required_rate) == 0;
    tr->at_risk = tr->has_target && !as_eval_met(tr->cd, tr->proj.value, tr->target);
    tr->npath = ahead > 0 ? (size_t)ahead : 0;
    tr->path = as_arena_alloc(t->arena, (tr->npath + 1) * sizeof *tr->path);
    if (!tr->path)
        return -1;
    for (size_t k = 0; k < tr->npath; k++) {
        as_traj_point *pt = &tr->path[k];
        pt->year = tr->last_year + (int)k + 1;
        pt->has_required = tr->has_required_rate;
        if (pt->has_required)
            pt->required =
                at_rate(m, tr->values[n - 1], tr->required_rate, pt->year - tr->last_year);
        project_plan(tr, tr->values, pt->year, &pt->proj);
    }
    return 0;
}

static int compute_one(as_trajectories *t, as_trajectory *tr, size_t i, const as_eval_opts *eo)
{
    const as_evaluation *ev = t->ev;
    const as_province_result *pr = &ev->provinces[i];
    as_diags why;
    as_diags_init(&why);
    tr->base_year = ev->rules->base_year;
    tr->final_year = tr->cd->plan.final_year;
    if (pr->nerrors) {
        fail(t, tr, N_("its data have errors (see the province's errors)"));
        return 0;
    }
    as_eval_status st = as_eval_formula(ev->rules, ev->data, eo, pr->index, &tr->cd->plan.target,
                                        ev->year, &tr->target, &why);
    tr->has_target = st == AS_EVAL_OK;
    if (st == AS_EVAL_ERROR) {
        fail_diag(t, tr, &why);
        return 0;
    }
    as_diags_release(&why);
    if (observe(t, tr, i, eo) != 0)
        return -1;
    if (tr->why.en)
        return 0;
    return project(t, tr);
}

int as_trajectory_compute(const as_evaluation *ev, const as_eval_opts *eo, as_trajectories **out,
                          as_diags *d)
{
    *out = NULL;
    gsl_set_error_handler_off(); /* GSL's default handler aborts */
    const as_ruleset *r = ev->rules;
    as_trajectories *t = calloc(1, sizeof *t);
    int rc = -1;
    if (t && (t->arena = as_arena_new(0))) {
        t->ev = ev;
        t->nplans = r->nplans;
        t->nitems = ev->nprovinces * r->nplans;
        t->items = as_arena_alloc(t->arena, (t->nitems + 1) * sizeof *t->items);
        rc = t->items ? 0 : -1;
        for (size_t i = 0; rc == 0 && i < ev->nprovinces; i++) {
            size_t j = 0;
            for (size_t k = 0; rc == 0 && k < r->nindicators; k++)
                for (size_t c = 0; rc == 0 && c < r->indicators[k].nchecks; c++) {
                    if (!r->indicators[k].checks[c].plan.has)
                        continue;
                    as_trajectory *tr = &t->items[i * t->nplans + j++];
                    tr->ind = &r->indicators[k];
                    tr->cd = &r->indicators[k].checks[c];
                    tr->k = k;
                    tr->c = c;
                    rc = compute_one(t, tr, i, eo);
                }
        }
    }
    if (rc != 0) {
        as_diags_add(d, as_loc_make(r->path, 0, 0), "out of memory");
        as_trajectory_free(t);
        return -1;
    }
    *out = t;
    return 0;
}

/* ------------------------------------------------------------ draws */

/* Room for one more draw of tr; false when out of memory or over the cap. */
static bool room(as_trajectory *tr, size_t per)
{
    size_t each = per * sizeof *tr->drawn;
    double *n = as_grow(tr->drawn, &tr->capdrawn, tr->ndrawn + 1, each, 1024,
                        each ? MAX_DRAWN_BYTES / each : 1);
    if (!n)
        return false;
    tr->drawn = n;
    return true;
}

/* tr's observed values in each of the block's lanes, vals[l * nmax + o],
 * and ok[l] whether lane l has them all: the assessment year's from the
 * block's evaluation, the others evaluated again in the block's lanes
 * (out: scratch lanes).  0, or -1 when out of memory. */
static int drawn_values(const as_trajectories *t, const as_trajectory *tr, size_t i,
                        as_eval_lanes *b, const as_eval_opts *opts, as_expr_lanes *out,
                        double *vals, size_t nmax, unsigned char *ok)
{
    size_t n = b->n, row = (i * b->nchecks + b->first_check[tr->k] + tr->c) * b->cap;
    memset(ok, 1, n);
    for (size_t o = 0; o < tr->nobs; o++) {
        if (tr->years[o] == t->ev->year) {
            for (size_t l = 0; l < n; l++) {
                ok[l] &= b->grade[i * b->cap + l] >= 0 && (b->flags[row + l] & AS_LANE_VALUE);
                vals[l * nmax + o] = b->value[row + l];
            }
            continue;
        }
        if (as_eval_lanes_formula(b, opts, t->ev->provinces[i].index, &tr->cd->value, tr->years[o],
                                  n, out) != 0)
            return -1;
        for (size_t l = 0; l < n; l++) {
            ok[l] &= as_expr_lane_status(out, l) == AS_EVAL_OK;
            vals[l * nmax + o] = out->v[out->uniform ? 0 : l];
        }
    }
    return 0;
}

/* A draw's projections of tr to the m years at[], into out: project_plan's
 * for each year, with the logarithms of two observed values taken once
 * (the fit of three or more is left to project_plan).  0, or -1 when one
 * of them cannot be projected. */
static int project_years(const as_trajectory *tr, const double *vals, const int *at, size_t m,
                         double *out)
{
    size_t n = tr->nobs;
    as_plan_measure pm = tr->cd->plan.measure;
    int y0 = tr->years[0], y1 = tr->years[n - 1];
    double v0 = vals[0], v1 = vals[n - 1], l0 = 0, l1 = 0;
    if (n < 2)
        return -1;
    if (n > 2 && tr->cd->plan.projection != AS_PLAN_CARRIED) {
        as_traj_projection p;
        for (size_t k = 0; k < m; k++) {
            if (project_plan(tr, vals, at[k], &p) != 0)
                return -1;
            out[k] = p.value;
        }
        return 0;
    }
    if (n == 2) {
        y0 = tr->years[n - 2];
        v0 = vals[n - 2];
    }
    bool has0 = to_log(pm, v0, &l0) == 0, has1 = to_log(pm, v1, &l1) == 0;
    for (size_t k = 0; k < m; k++) { /* as as_trajectory_project and carry */
        if (!has1 || (at[k] > y1 && !has0))
            return -1;
        out[k] = at[k] <= y1 ? v1 : from_log(pm, l1 + (l1 - l0) / (y1 - y0) * (at[k] - y1));
    }
    return 0;
}

/* One draw's projections of tr from its observed values: appended to the
 * draws, counted at risk.  Out of memory (or past the cap) drops it. */
static void add_one(as_trajectory *tr, const int *at, const double *vals)
{
    size_t per = tr->npath ? tr->npath : 1;
    if (!room(tr, per))
        return;
    double *out = tr->drawn + tr->ndrawn * per;
    if (project_years(tr, vals, at, per, out) != 0)
        return;
    tr->drawn_at_risk += tr->has_target && !as_eval_met(tr->cd, out[per - 1], tr->target);
    tr->ndrawn++;
}

void as_trajectory_add_lanes(void *set, as_eval_lanes *b, const as_eval_opts *opts)
{
    as_trajectories *t = set;
    size_t nmax = t->ev->data->nyears > 0 ? (size_t)t->ev->data->nyears : 1;
    double *vals = malloc(nmax * b->n * sizeof *vals), v[AS_EXPR_LANES];
    unsigned char ok[AS_EXPR_LANES], st[AS_EXPR_LANES];
    as_expr_lanes out = {v, st, AS_EVAL_OK, true};
    if (!vals)
        return;
    t->ndraws += b->n;
    for (size_t it = 0; it < t->nitems; it++) {
        as_trajectory *tr = &t->items[it];
        if (tr->why.en || tr->nobs > nmax ||
            drawn_values(t, tr, it / t->nplans, b, opts, &out, vals, nmax, ok) != 0)
            continue;
        int at[64];
        size_t per = tr->npath ? tr->npath : 1;
        if (per > sizeof at / sizeof at[0])
            continue;
        for (size_t k = 0; k < per; k++) /* the path's years; its last is the final */
            at[k] = tr->npath ? tr->path[k].year : tr->final_year;
        for (size_t l = 0; l < b->n; l++)
            if (ok[l])
                add_one(tr, at, vals + l * nmax);
    }
    free(vals);
}

void as_trajectory_summarise(as_trajectories *t)
{
    for (size_t it = 0; it < t->nitems; it++) {
        as_trajectory *tr = &t->items[it];
        size_t per = tr->npath ? tr->npath : 1;
        if (tr->ndrawn) {
            tr->has_draws = true;
            tr->p_at_risk = (double)tr->drawn_at_risk / (double)tr->ndrawn;
            for (size_t k = 0; k < tr->npath; k++) {
                as_traj_point *pt = &tr->path[k];
                pt->has_draws = true;
                pt->mc_lower = as_uncertainty_quantile(tr->drawn + k, per, tr->ndrawn, 0.025);
                pt->mc_upper = as_uncertainty_quantile(tr->drawn + k, per, tr->ndrawn, 0.975);
            }
            tr->mc_lower = as_uncertainty_quantile(tr->drawn + per - 1, per, tr->ndrawn, 0.025);
            tr->mc_upper = as_uncertainty_quantile(tr->drawn + per - 1, per, tr->ndrawn, 0.975);
        }
        free(tr->drawn);
        tr->drawn = NULL;
        tr->capdrawn = 0;
    }
}

void as_trajectory_free(as_trajectories *t)
{
    if (!t)
        return;
    for (size_t it = 0; t->items && it < t->nitems; it++)
        free(t->items[it].drawn);
    as_arena_free(t->arena);
    free(t);
}

const as_trajectory *as_trajectory_of(const as_trajectories *t, size_t i, size_t j)
{
    if (!t || j >= t->nplans || i * t->nplans + j >= t->nitems)
        return NULL;
    return &t->items[i * t->nplans + j];
}
