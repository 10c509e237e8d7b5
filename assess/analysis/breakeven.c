/* breakeven: the nearest verdict flip of each input of each check, bracketed
 * by stepping out from the figure, solved with GSL's Brent method on the
 * check's margin and settled on the engine's verdict. */
#include "analysis/breakeven.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/root.h"
#include "base/decimal.h"

enum {
    MAX_STEPS = 80,  /* doublings of the step while bracketing: from 1e-4 of the figure to
                        the edge of the range */
    MAX_EDGE = 30,   /* halvings to find where the check stops being computable */
    MAX_BRENT = 100, /* Brent iterations */
    MAX_SETTLE = 80  /* halvings on the verdict after Brent */
};

#define RANGE_FACTOR 1e6 /* without min or max: a million times the figure each way */

/* One check and one input being varied. */
typedef struct {
    const as_evaluation *ev;
    as_eval_opts opts; /* the caller's, with only, adjust, no_trace set */
    size_t ind, chk;   /* the check */
    size_t input;      /* the input varied */
    int year;          /* the assessment year */
    bool equality;     /* a full-value equality: solve value = target */
    double x;          /* the value tried */
    size_t evals;      /* evaluations so far */
    char why[400];     /* the last reason the check could not be computed */
} probe;

/* The verdict at one value of the input. */
typedef struct {
    bool ok;  /* the check was computed (met or missed) */
    bool met; /* its verdict */
    double m; /* the margin Brent solves: >= 0 on the met side (equality: value - target) */
} trial;

static double adjust(void *ctx, int kind, size_t index, size_t province, int year, double value)
{
    const probe *pb = ctx;
    (void)province; /* only the one province is evaluated */
    return kind == AS_REF_INPUT && index == pb->input && year == pb->year ? pb->x : value;
}

/* The check's margin against what its method compares with: the target, or
 * for the rounded-value comparison the rounded target less (for >=) or plus
 * (for <=) half a unit of its last decimal, where rounding the value would
 * reach it.  Continuous in the value, and >= 0 where the check is met. */
static double margin_of(const as_check_result *cr)
{
    const as_check_def *cd = cr->def;
    double v = cr->value, t = cr->target, h = 0;
    if (cd->judgement == AS_JUDGE_ROUNDED && cd->decimals >= 0) {
        t = cr->verdict.target;
        h = 0.5 * pow(10.0, -cd->decimals);
    }
    switch (cd->cmp) {
    case AS_CMP_GE:
        return v - (t - h);
    case AS_CMP_GT:
        return v - (t + h);
    case AS_CMP_LE:
        return (t + h) - v;
    case AS_CMP_LT:
        return (t - h) - v;
    default:
        return h - fabs(v - t);
    }
}

static trial try_at(probe *pb, double x)
{
    trial t = {false, false, 0};
    as_evaluation *ev = NULL;
    as_diags quiet;
    as_diags_init(&quiet);
    pb->x = x;
    pb->evals++;
    if (as_evaluate(pb->ev->rules, pb->ev->data, pb->year, &pb->opts, &ev, &quiet) == 0 &&
        ev->nprovinces && pb->ind < ev->provinces[0].nindicators) {
        const as_check_result *cr = &ev->provinces[0].indicators[pb->ind].checks[pb->chk];
        if (cr->status == AS_STATUS_MET || cr->status == AS_STATUS_MISSED) {
            t.ok = true;
            t.met = cr->status == AS_STATUS_MET;
            t.m = pb->equality ? cr->value - cr->target : margin_of(cr);
        } else {
            char *line = cr->error ? as_diag_format(cr->error) : NULL;
            snprintf(pb->why, sizeof pb->why, "%s",
                     line             ? line
                     : cr->no_data.en ? cr->no_data.en
                                      : "not computable");
            free(line);
        }
    }
    as_evaluation_free(ev);
    as_diags_release(&quiet);
    return t;
}

/* Whether b is on the other side of the flip than a. */
static bool differs(const probe *pb, trial a, trial b)
{
    if (pb->equality)
        return (a.m < 0) != (b.m < 0) || b.met != a.met;
    return a.met != b.met;
}

/* Step out from x0 in direction dir (+1, -1) within [lo, hi] to the nearest
 * value whose verdict differs: *same is the last value before it, *other the
 * value; t_same and t_other their trials.  Returns true when found. */
static bool bracket(probe *pb, double x0, trial t0, int dir, double lo, double hi, double *same,
                    trial *t_same, double *other, trial *t_other)
{
    double step = x0 != 0 ? fabs(x0) * 1e-4 : 1e-4, last = x0;
    trial tl = t0;
    for (int k = 0; k < MAX_STEPS; k++, step *= 2) {
        double x = x0 + dir * step;
        bool edge = dir > 0 ? x >= hi : x <= lo;
        x = edge ? (dir > 0 ? hi : lo) : x;
        if (x == last)
            return false;
        trial t = try_at(pb, x);
        for (int i = 0; !t.ok && i < MAX_EDGE; i++) { /* not computable: come back towards last */
            double mid = last + (x - last) / 2;
            if (mid == last || mid == x)
                break;
            trial tm = try_at(pb, mid);
            if (tm.ok && differs(pb, t0, tm)) {
                t = tm;
                x = mid;
                break;
            }
            if (tm.ok) {
                last = mid;
                tl = tm;
            } else {
                x = mid;
            }
            edge = true; /* the check is not computed beyond: nothing further */
        }
        if (t.ok && differs(pb, t0, t)) {
            *same = last;
            *t_same = tl;
            *other = x;
            *t_other = t;
            return true;
        }
        if (!t.ok || edge)
            return false;
        last = x;
        tl = t;
    }
    return false;
}

static double brent_fn(double x, void *ctx)
{
    trial t = try_at(ctx, x);
    return t.ok ? t.m : GSL_NAN;
}

/* Brent's method on the margin between a and b, whose margins have opposite
 * signs; *lo and *hi narrow to the root.  Returns true when it converged. */
static bool brent(probe *pb, double *lo, double *hi)
{
    return as_root_brent(brent_fn, pb, lo, hi, 1e-13, MAX_BRENT);
}

/* The flip between `same` (trial ts) and `other` (trial to): Brent on the
 * margin, then halving on the engine's verdict between the last met and the
 * first missed value Brent left.  Returns the met-side value (equality: the
 * root). */
static double settle(probe *pb, double same, trial ts, double other, trial to)
{
    double met = ts.met ? same : other, missed = ts.met ? other : same;
    double lo = same < other ? same : other, hi = same < other ? other : same;
    bool opposite = (ts.m < 0) != (to.m < 0);
    if (opposite && brent(pb, &lo, &hi)) {
        if (pb->equality)
            return fabs(brent_fn(lo, pb)) <= fabs(brent_fn(hi, pb)) ? lo : hi;
        double ends[2] = {lo, hi};
        for (int i = 0; i < 2; i++) {
            trial t = try_at(pb, ends[i]);
            if (t.ok && t.met)
                met = fabs(ends[i] - missed) < fabs(met - missed) ? ends[i] : met;
            else if (t.ok)
                missed = fabs(ends[i] - met) < fabs(missed - met) ? ends[i] : missed;
        }
    }
    for (int i = 0; i < MAX_SETTLE; i++) {
        double mid = met + (missed - met) / 2;
        if (mid == met || mid == missed)
            break;
        trial t = try_at(pb, mid);
        if (t.ok && t.met)
            met = mid;
        else
            missed = mid;
    }
    return met;
}

/* Places of x's shortest decimal form (67.1: 1; 1500: 0), at most 12. */
static int places_of(double x)
{
    as_decimal d;
    if (as_decimal_from_double(x, &d) != 0 || d.n - d.exp <= 0)
        return 0;
    return d.n - d.exp > 12 ? 12 : d.n - d.exp;
}

/* x cut to `places` decimals (toward zero), on its digits. */
static double cut(double x, int places)
{
    as_decimal d;
    char buf[400];
    if (as_decimal_from_double(x, &d) != 0 || as_decimal_fixed(&d, places, buf, sizeof buf) != 0)
        return x;
    return strtod(buf, NULL);
}

/* The bound's value at `places` decimals toward its met side, checked with
 * the engine (one unit further in when the digits land beyond the flip). */
static double shown_value(probe *pb, const as_be_bound *b, int places)
{
    double unit = pow(10.0, -places), t = cut(b->value, places);
    bool up = b->side == AS_BE_AT_LEAST;
    if (b->side == AS_BE_EXACTLY || t == b->value)
        return t;
    if (up ? t < b->value : t > b->value)
        t = cut(t + (up ? unit : -unit) + (up ? unit : -unit) * 1e-9, places);
    for (int i = 0; i < 3; i++) {
        trial tr = try_at(pb, t);
        if (!tr.ok || tr.met)
            break;
        t = cut(t + (up ? unit : -unit) * (1 + 1e-9), places);
    }
    return t;
}

/* The range an input's break-even is looked for in. */
static void input_range(const as_input *in, double now, double *lo, double *hi)
{
    /* a round number: "from 0 to 100,000,000" */
    double span = pow(10.0, ceil(log10(RANGE_FACTOR * (fabs(now) > 1 ? fabs(now) : 1))));
    *lo = in->has_min ? in->min : -span;
    *hi = in->has_max ? in->max : span;
}

static void one_input(probe *pb, as_be_input *bi)
{
    const as_input *in = &pb->ev->rules->inputs[bi->input];
    input_range(in, bi->now, &bi->lo, &bi->hi);
    bi->decimals = places_of(bi->now);
    size_t before = pb->evals;
    trial t0 = try_at(pb, bi->now);
    if (!t0.ok) {
        bi->result = AS_BE_FAILED;
        bi->why = NULL;
        return;
    }
    for (int dir = -1; dir <= 1; dir += 2) {
        double same, other;
        trial ts, to;
        if (!bracket(pb, bi->now, t0, dir, bi->lo, bi->hi, &same, &ts, &other, &to))
            continue;
        as_be_bound *b = &bi->bounds[bi->nbounds++];
        b->value = settle(pb, same, ts, other, to);
        if (pb->equality)
            b->side = AS_BE_EXACTLY;
        else /* met at most the value when the met side lies below it */
            b->side = (t0.met ? dir > 0 : dir < 0) ? AS_BE_AT_MOST : AS_BE_AT_LEAST;
        b->decimals = bi->decimals;
        b->shown = shown_value(pb, b, bi->decimals);
    }
    bi->result = bi->nbounds ? AS_BE_FOUND : AS_BE_NONE;
    bi->evaluations = pb->evals - before;
}

/* The inputs check cr reads for year (its trail, any depth), once each. */
static size_t trail_inputs(const as_check_result *cr, int year, size_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < cr->ntrace; i++) {
        const as_trace_item *t = &cr->trace[i];
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = out[k] == t->index;
        if (t->ref_kind == AS_REF_INPUT && t->year == year && t->has_value && !seen)
            out[n++] = t->index;
    }
    return n;
}

static int one_check(as_breakeven *b, const as_evaluation *ev, const as_province_result *pr,
                     const as_eval_opts *opts, size_t i, size_t k, as_be_check *bc)
{
    const as_indicator_result *ir = &pr->indicators[i];
    const as_check_result *cr = &ir->checks[k];
    bc->indicator = i;
    bc->check = k;
    bc->cr = cr;
    bc->computed = ir->status != AS_STATUS_EXEMPT &&
                   (cr->status == AS_STATUS_MET || cr->status == AS_STATUS_MISSED);
    if (!bc->computed || !cr->ntrace)
        return 0;
    size_t *ids = as_arena_alloc(b->arena, cr->ntrace * sizeof *ids);
    if (!ids)
        return -1;
    size_t n = trail_inputs(cr, ev->year, ids);
    bc->inputs = as_arena_alloc(b->arena, (n ? n : 1) * sizeof *bc->inputs);
    if (!bc->inputs)
        return -1;
    probe pb = {.ev = ev, .opts = *opts, .ind = i, .chk = k, .year = ev->year};
    pb.opts.only = (long)pr->index;
    pb.opts.adjust = adjust;
    pb.opts.adjust_ctx = &pb;
    pb.opts.no_trace = true;
    pb.opts.one_indicator = true; /* only this check's indicator is read */
    pb.opts.indicator = i;
    pb.equality = cr->def->cmp == AS_CMP_EQ && cr->def->judgement == AS_JUDGE_FULL;
    for (size_t j = 0; j < n; j++) {
        as_be_input *bi = &bc->inputs[bc->ninputs++];
        memset(bi, 0, sizeof *bi);
        bi->input = ids[j];
        bi->year = ev->year;
        for (size_t t = 0; t < cr->ntrace; t++)
            if (cr->trace[t].ref_kind == AS_REF_INPUT && cr->trace[t].index == ids[j] &&
                cr->trace[t].year == ev->year)
                bi->now = cr->trace[t].value;
        pb.input = ids[j];
        pb.why[0] = '\0';
        one_input(&pb, bi);
        if (bi->result == AS_BE_FAILED)
            bi->why = as_arena_strdup(b->arena, pb.why[0] ? pb.why : "not computable");
    }
    b->evaluations += pb.evals;
    return 0;
}

int as_breakeven_new(const as_evaluation *ev, const as_province_result *pr,
                     const as_eval_opts *opts, as_breakeven **out, as_diags *d)
{
    *out = NULL;
    gsl_set_error_handler_off(); /* GSL's statuses are checked; it must not abort */
    as_breakeven *b = calloc(1, sizeof *b);
    size_t n = 0;
    for (size_t i = 0; i < pr->nindicators; i++)
        n += pr->indicators[i].nchecks;
    if (!b || !(b->arena = as_arena_new(0)) ||
        !(b->checks = as_arena_alloc(b->arena, (n ? n : 1) * sizeof *b->checks))) {
        as_breakeven_free(b);
        as_diags_add(d, as_loc_make(NULL, 0, 0), "out of memory");
        return -1;
    }
    b->province = pr->index;
    for (size_t i = 0; i < pr->nindicators; i++)
        for (size_t k = 0; k < pr->indicators[i].nchecks; k++) {
            as_be_check *bc = &b->checks[b->nchecks++];
            memset(bc, 0, sizeof *bc);
            if (one_check(b, ev, pr, opts, i, k, bc) != 0) {
                as_breakeven_free(b);
                as_diags_add(d, as_loc_make(NULL, 0, 0), "out of memory");
                return -1;
            }
        }
    *out = b;
    return 0;
}

void as_breakeven_free(as_breakeven *b)
{
    if (!b)
        return;
    as_arena_free(b->arena);
    free(b);
}

const char *as_be_side_name(as_be_side s)
{
    static const char *const names[] = {"at_most", "at_least", "exactly"};
    return names[s];
}

const char *as_be_result_name(as_be_result r)
{
    static const char *const names[] = {"found", "none", "failed"};
    return names[r];
}
