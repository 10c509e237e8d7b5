/* uncertainty: Monte Carlo and first-order propagation of the declared
 * errors through the engine's evaluation in blocks of lanes
 * (as_evaluate_lanes).  A draw is a factor for every declaration and cell
 * of its correlation grid (province x year, province, year or one), drawn
 * draw after draw into a block laid out per cell and lane; the lanes hook
 * multiplies every value read, a block at a time, by the product of the
 * factors of the declarations that apply to it.  Approach 1's perturbations
 * are lanes of the same kind.  Statistics are GSL's (mean, selected order
 * statistics); verdicts are the engine's (as_eval_met_lanes). */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE */
#include "analysis/uncertainty.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Relative step of Approach 1's central differences: small enough for the
 * truncation error (second order) to vanish beside the spreads, large
 * enough for the rounding error of doubles (about 1e-16 / step). */
static const double A1_STEP = 1e-6;

/* Lanes evaluated at once: draws in a block, perturbations of Approach 1. */
enum { BLOCK = AS_EXPR_LANES };

/* ------------------------------------------------------------ the draws */

/* One source of error: a declaration as it applies to one input or
 * parameter (a section's declaration gives each of its inputs its own). */
typedef struct {
    size_t decl;          /* index into the rule set's uncertainty */
    as_correlation corr;  /* the declaration's */
    as_distribution dist; /* the declaration's */
    double scale;         /* the parameter of its distribution */
    size_t offset;        /* its first cell in factor */
} source;

/* The errors of a block of lanes, and how values read find theirs.  A
 * reference is an input (0 .. ninputs - 1) or a parameter (ninputs + its
 * index).  A lane is a Monte Carlo draw (its factors in factor) or, for
 * Approach 1, one source moved in one year (a1_*). */
typedef struct {
    const as_ruleset *r;
    size_t nprov;   /* provinces of the rule set */
    int first_year; /* first year values are read for */
    int nyears;     /* years from first_year */
    source *src;    /* every source, grouped by reference */
    size_t nsrc;    /* sources */
    size_t *first;  /* per reference: its first source (first[j + 1] ends them) */
    size_t ncells;  /* cells of every source */
    size_t cap;     /* lanes of a block */
    double *factor; /* the block's draws: per cell and lane, factor[cell * cap + lane], a factor
                       1 + e (or exp(e)) */
    bool a1;        /* the lanes are Approach 1's, not draws */
    size_t *a1_src; /* per lane: the source moved */
    int *a1_year;   /* ... in this year */
    double *a1_by;  /* ... by this factor */
    size_t lane;    /* the lane a one-at-a-time evaluation reads */
} errors;

static size_t cells_of(as_correlation c, size_t nprov, int nyears)
{
    switch (c) {
    case AS_CORR_PER_PROVINCE_YEAR:
        return nprov * (size_t)nyears;
    case AS_CORR_PER_PROVINCE:
        return nprov;
    case AS_CORR_PER_YEAR:
        return (size_t)nyears;
    default:
        return 1;
    }
}

static size_t cell_of(as_correlation c, size_t p, int yi, int nyears)
{
    switch (c) {
    case AS_CORR_PER_PROVINCE_YEAR:
        return p * (size_t)nyears + (size_t)yi;
    case AS_CORR_PER_PROVINCE:
        return p;
    case AS_CORR_PER_YEAR:
        return (size_t)yi;
    default:
        return 0;
    }
}

/* The parameter of a distribution whose 95 % interval is +-spread. */
static double scale_of(as_distribution d, double spread)
{
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    switch (d) {
    case AS_DIST_NORMAL:
        return spread / z; /* standard deviation of e */
    case AS_DIST_LOGNORMAL:
        return log1p(spread) / z; /* sigma of log(factor) */
    case AS_DIST_UNIFORM:
        return spread / 0.95; /* half-width: 95 % of it lies within 0.95 of it */
    default:
        return spread / (1 - sqrt(0.05)); /* half-width: P(|e| > x) = (1 - x/a)^2 */
    }
}

static void errors_release(errors *e)
{
    free(e->src);
    free(e->first);
    free(e->factor);
    free(e->a1_src);
    free(e->a1_year);
    free(e->a1_by);
    memset(e, 0, sizeof *e);
}

/* The declarations that apply to reference j. */
static const size_t *declared(const as_ruleset *r, size_t j, size_t *n)
{
    if (j < r->ninputs) {
        *n = r->inputs[j].nuncertain;
        return r->inputs[j].uncertain;
    }
    *n = r->params[j - r->ninputs].nuncertain;
    return r->params[j - r->ninputs].uncertain;
}

static int errors_init(errors *e, const as_ruleset *r, size_t nprov, int first_year, int nyears,
                       size_t cap)
{
    memset(e, 0, sizeof *e);
    e->r = r;
    e->nprov = nprov;
    e->first_year = first_year;
    e->nyears = nyears;
    e->cap = cap;
    size_t nref = r->ninputs + r->nparams, total = 0, n;
    for (size_t j = 0; j < nref; j++)
        declared(r, j, &n), total += n;
    e->src = malloc((total ? total : 1) * sizeof *e->src);
    e->first = malloc((nref + 1) * sizeof *e->first);
    e->a1_src = malloc(cap * sizeof *e->a1_src);
    e->a1_year = malloc(cap * sizeof *e->a1_year);
    e->a1_by = malloc(cap * sizeof *e->a1_by);
    if (!e->src || !e->first || !e->a1_src || !e->a1_year || !e->a1_by)
        return -1;
    for (size_t j = 0; j < nref; j++) {
        const size_t *list = declared(r, j, &n);
        e->first[j] = e->nsrc;
        for (size_t m = 0; m < n; m++) {
            const as_uncertainty_def *u = &r->uncertainty[list[m]];
            e->src[e->nsrc++] =
                (source){list[m], u->corr, u->dist, scale_of(u->dist, u->spread), e->ncells};
            e->ncells += cells_of(u->corr, nprov, nyears);
        }
    }
    e->first[nref] = e->nsrc;
    e->factor = malloc((e->ncells ? e->ncells : 1) * cap * sizeof *e->factor);
    return e->factor ? 0 : -1;
}

/* A factor 1 + e (exp(e) for lognormal) from a distribution of that scale. */
static double sample(gsl_rng *g, as_distribution d, double scale)
{
    switch (d) {
    case AS_DIST_NORMAL:
        return 1 + gsl_ran_gaussian_ziggurat(g, scale);
    case AS_DIST_LOGNORMAL:
        return gsl_ran_lognormal(g, 0, scale);
    case AS_DIST_UNIFORM:
        return 1 + gsl_ran_flat(g, -scale, scale);
    default: /* symmetric triangular on [-scale, scale]: GSL has none; the sum of two uniforms */
        return 1 + scale * (gsl_rng_uniform(g) + gsl_rng_uniform(g) - 1);
    }
}

/* The draws of lanes 0 .. n - 1, one after the other: every cell of every
 * source, in rule-file order of the inputs and parameters (the order of the
 * generator's numbers does not depend on the block). */
static void draw_block(errors *e, gsl_rng *g, size_t n)
{
    e->a1 = false;
    for (size_t l = 0; l < n; l++)
        for (size_t s = 0; s < e->nsrc; s++) {
            const source *src = &e->src[s];
            double *f = e->factor + src->offset * e->cap + l;
            size_t m = cells_of(src->corr, e->nprov, e->nyears);
            if (src->dist == AS_DIST_NORMAL) /* sample()'s normal case, without its switch */
                for (size_t j = 0; j < m; j++)
                    f[j * e->cap] = 1 + gsl_ran_gaussian_ziggurat(g, src->scale);
            else
                for (size_t j = 0; j < m; j++)
                    f[j * e->cap] = sample(g, src->dist, src->scale);
        }
}

static size_t ref_of(const errors *e, int kind, size_t index)
{
    return kind == AS_REF_INPUT ? index : e->r->ninputs + index;
}

/* Whether lane l of Approach 1 moves the values of reference j read in year. */
static bool a1_hit(const errors *e, size_t l, size_t j, int year)
{
    return year == e->a1_year[l] && e->a1_src[l] >= e->first[j] && e->a1_src[l] < e->first[j + 1];
}

/* The factor of reference j's sources for province p and year index yi in
 * lane l: their product, in declaration order. */
static double factor_of(const errors *e, size_t j, size_t p, int yi, size_t l)
{
    double f = 1;
    for (size_t s = e->first[j]; s < e->first[j + 1]; s++)
        f *= e->factor[(e->src[s].offset + cell_of(e->src[s].corr, p, yi, e->nyears)) * e->cap + l];
    return f;
}

/* The hook of one lane evaluated on its own (as_evaluate): a draw's value
 * times its factor; Approach 1's moved or not. */
static double lane_adjust(void *ctx, int kind, size_t index, size_t p, int year, double v)
{
    const errors *e = ctx;
    size_t j = ref_of(e, kind, index);
    int yi = year - e->first_year;
    if (e->a1)
        return a1_hit(e, e->lane, j, year) ? v * e->a1_by[e->lane] : v;
    if (e->first[j] == e->first[j + 1] || yi < 0 || yi >= e->nyears)
        return v;
    return v * factor_of(e, j, p, yi, e->lane);
}

/* Approach 1's lanes of reference j read in year: v, or v moved. */
static bool a1_lanes(const errors *e, size_t j, int year, double v, double *out, size_t n)
{
    bool any = false;
    for (size_t l = 0; l < n; l++) {
        bool hit = a1_hit(e, l, j, year);
        out[l] = hit ? v * e->a1_by[l] : v;
        any |= hit;
    }
    return any;
}

/* The hook of a block of lanes (as_evaluate_lanes): per lane what
 * lane_adjust gives, the factors of each source multiplied lane by lane
 * in the same order. */
static bool lanes_adjust(void *ctx, int kind, size_t index, size_t p, int year, double v,
                         double *out, size_t n)
{
    const errors *e = ctx;
    size_t j = ref_of(e, kind, index);
    int yi = year - e->first_year;
    if (e->a1)
        return a1_lanes(e, j, year, v, out, n);
    if (e->first[j] == e->first[j + 1] || yi < 0 || yi >= e->nyears)
        return false;
    /* f = 1, f *= each source's factor in turn, then v * f: lane_adjust's
     * operations in its order, one pass over the lanes */
    const double *f[2] = {NULL, NULL};
    size_t ns = e->first[j + 1] - e->first[j];
    for (size_t s = e->first[j], k = 0; s < e->first[j + 1] && k < 2; s++, k++)
        f[k] = e->factor + (e->src[s].offset + cell_of(e->src[s].corr, p, yi, e->nyears)) * e->cap;
    if (ns == 1) {
        for (size_t l = 0; l < n; l++)
            out[l] = v * f[0][l];
        return true;
    }
    if (ns == 2) {
        for (size_t l = 0; l < n; l++)
            out[l] = v * (f[0][l] * f[1][l]);
        return true;
    }
    for (size_t l = 0; l < n; l++)
        out[l] = v * factor_of(e, j, p, yi, l);
    return true;
}

double as_uncertainty_bare_draws(const as_ruleset *r, size_t nprovinces, int nyears, long draws,
                                 unsigned long seed)
{
    errors e;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double sum = 0;
    if (!g || errors_init(&e, r, nprovinces, 0, nyears, BLOCK) != 0) {
        gsl_rng_free(g);
        errors_release(&e);
        return NAN;
    }
    gsl_rng_set(g, seed);
    for (long d = 0; d < draws; d += BLOCK) {
        size_t n = draws - d < BLOCK ? (size_t)(draws - d) : BLOCK;
        draw_block(&e, g, n);
        sum += e.factor[(size_t)d % (e.ncells ? e.ncells : 1) * BLOCK];
    }
    gsl_rng_free(g);
    errors_release(&e);
    return sum;
}

/* The number of rank r + 1 among the n numbers of data, given lo, the one
 * of rank r: lo itself when more than r + 1 of them are at most lo (a
 * tie), else the least above it. */
static double next_rank(const double *data, size_t n, size_t r, double lo)
{
    size_t at_most = 0;
    double above = INFINITY;
    for (size_t i = 0; i < n; i++) {
        at_most += data[i] <= lo;
        if (data[i] > lo && data[i] < above)
            above = data[i];
    }
    return at_most > r + 1 ? lo : above;
}

/* The numbers of ranks r and r + 1 (0-based, r + 1 < n) among the n
 * numbers data[0], data[stride], ..., as gsl_stats_select gives them,
 * found among the few of the tail they lie in: a threshold is read off
 * every 16th number, the numbers on r's side of it copied (one pass), and
 * when there are enough of them the ranks are selected among those.  The
 * numbers at or below a value are the smallest ones (ties included), those
 * at or above it the largest, so the ranks are the same; when the copy
 * falls short, or n is small, the whole is selected.  Returns 0, or -1
 * when it could not (then *lo and *hi are not set). */
static int tail_ranks(const double *data, size_t stride, size_t n, size_t r, double *lo, double *hi)
{
    enum { EVERY = 16 };
    size_t m = n / EVERY;
    if (n < 64 * EVERY)
        return -1;
    double *buf = malloc((n + m) * sizeof *buf), *sample = buf + n;
    if (!buf)
        return -1;
    for (size_t i = 0; i < m; i++)
        sample[i] = data[i * EVERY * stride];
    bool lower = r < n / 2;
    size_t from_end = lower ? r : n - 1 - r, t = 2 * ((from_end + 2) * m / n) + 16;
    if (t >= m) {
        free(buf);
        return -1;
    }
    double cut = gsl_stats_select(sample, 1, m, lower ? t : m - 1 - t);
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        double x = data[i * stride];
        buf[c] = x;
        c += lower ? x <= cut : x >= cut;
    }
    size_t skip = lower ? 0 : n - c; /* ranks below the copied ones */
    int rc = -1;
    if (lower ? c >= r + 2 : c >= n - r) {
        *lo = gsl_stats_select(buf, 1, c, r - skip);
        *hi = next_rank(buf, c, r - skip, *lo);
        rc = 0;
    }
    free(buf);
    return rc;
}

/* Whether the n numbers are one and the same double (the scan stops at
 * the first that differs). */
static bool all_equal(const double *data, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (memcmp(&data[i], &data[0], sizeof data[0]) != 0)
            return false;
    return true;
}

double as_uncertainty_quantile(double *data, size_t stride, size_t n, double f)
{
    double index = f * (double)(n - 1);
    size_t lhs = (size_t)index;
    double delta = index - (double)lhs, lo, hi;
    if (stride == 1 && all_equal(data, n)) /* every order statistic is that number */
        return delta == 0 || lhs + 1 >= n ? data[0] : data[0] + delta * (data[0] - data[0]);
    if (delta != 0 && lhs + 1 < n && tail_ranks(data, stride, n, lhs, &lo, &hi) == 0)
        return lo + delta * (hi - lo);
    lo = gsl_stats_select(data, stride, n, lhs);
    if (delta == 0 || lhs + 1 >= n)
        return lo;
    hi = gsl_stats_select(data, stride, n, lhs + 1);
    return lo + delta * (hi - lo); /* stays in [lo, hi]: equal numbers give themselves */
}

/* ------------------------------------------------------------ the run */

/* A check analysed: where its draws go. */
typedef struct {
    size_t i, k, c;  /* province, indicator and check indexes in the evaluation */
    double *vals;    /* its value in each draw that computed it */
    size_t n;        /* draws stored */
    size_t met;      /* draws in which it was met */
    double a1_sumsq; /* Approach 1: sum of squared half-width contributions */
    double plus;     /* Approach 1: value with the source moved up */
} slot;

typedef struct {
    const as_evaluation *ev;
    const as_eval_opts *eo;
    const as_uncertainty_opts *o;
    as_uncertainty *u;
    as_diags *d;
    errors e;
    as_eval_lanes *lanes; /* the block being evaluated */
    slot *slots;
    size_t nslots;
    size_t *graded;   /* per province x grade: draws giving that grade */
    size_t *ungraded; /* per province: draws without a grade */
    size_t *ind_met;  /* per province x indicator: draws it counts as met */
    double *store;    /* every slot's draws */
} run;

static as_loc rules_loc(const run *R)
{
    return as_loc_make(R->ev->rules->path, 0, 0);
}

/* The evaluation's options with the hooks of R's lanes, no trail and
 * met-only verdicts: how every lane is evaluated. */
static as_eval_opts hooked(run *R)
{
    as_eval_opts opts = *R->eo;
    opts.adjust = lane_adjust;
    opts.adjust_lanes = lanes_adjust;
    opts.adjust_ctx = &R->e;
    opts.no_trace = true;
    opts.met_only = true;
    return opts;
}

/* Lanes 0 .. n - 1 of R->e evaluated into R->lanes: as one block, or each
 * on its own through as_evaluate (one_at_a_time, the reference).  0, or -1
 * with a problem in R->d or out of memory. */
static int evaluate_block(run *R, const as_eval_opts *opts, size_t n)
{
    if (!R->o->one_at_a_time)
        return as_evaluate_lanes(R->lanes, opts, n);
    R->lanes->n = n;
    for (size_t l = 0; l < n; l++) {
        as_evaluation *ev = NULL;
        R->e.lane = l;
        if (as_evaluate(R->ev->rules, R->ev->data, R->ev->year, opts, &ev, R->d) != 0)
            return -1;
        as_eval_lanes_set(R->lanes, l, ev);
        as_evaluation_free(ev);
    }
    return 0;
}

/* Where slot sl's check is in lane l of the block, or (size_t)-1 when that
 * lane did not compute its value and target (or its province's data gave
 * an error there). */
static size_t lane_at(const as_eval_lanes *b, const slot *sl, size_t l)
{
    if (b->grade[sl->i * b->cap + l] < 0)
        return (size_t)-1;
    size_t at = (sl->i * b->nchecks + b->first_check[sl->k] + sl->c) * b->cap + l;
    unsigned char f = b->flags[at];
    return (f & AS_LANE_VALUE) && (f & AS_LANE_TARGET) ? at : (size_t)-1;
}

/* The results' shape, parallel to the evaluation, and a slot per check
 * with a value and target. */
static int lay_out(run *R)
{
    const as_evaluation *ev = R->ev;
    as_uncertainty *u = R->u;
    size_t ngrades = ev->rules->ngrades;
    u->nprovinces = ev->nprovinces;
    u->provinces = as_arena_alloc(u->arena, (ev->nprovinces + 1) * sizeof *u->provinces);
    if (!u->provinces)
        return -1;
    for (int pass = 0; pass < 2; pass++) { /* count the slots, then fill them */
        R->nslots = 0;
        for (size_t i = 0; i < ev->nprovinces; i++) {
            const as_province_result *pr = &ev->provinces[i];
            as_uncertainty_province *up = &u->provinces[i];
            if (pr->nerrors)
                continue;
            if (pass == 1) {
                up->has = true;
                up->nindicators = pr->nindicators;
                up->p_grade = as_arena_alloc(u->arena, (ngrades + 1) * sizeof *up->p_grade);
                up->indicators =
                    as_arena_alloc(u->arena, (pr->nindicators + 1) * sizeof *up->indicators);
                if (!up->p_grade || !up->indicators)
                    return -1;
            }
            for (size_t k = 0; k < pr->nindicators; k++) {
                const as_indicator_result *ir = &pr->indicators[k];
                if (pass == 1) {
                    up->indicators[k].nchecks = ir->nchecks;
                    up->indicators[k].checks = as_arena_alloc(
                        u->arena, (ir->nchecks + 1) * sizeof *up->indicators[k].checks);
                    if (!up->indicators[k].checks)
                        return -1;
                }
                for (size_t c = 0; c < ir->nchecks; c++) {
                    if (!ir->checks[c].has_value || !ir->checks[c].has_target)
                        continue;
                    if (pass == 1)
                        R->slots[R->nslots] = (slot){.i = i, .k = k, .c = c};
                    R->nslots++;
                }
            }
        }
        if (pass == 0 && !(R->slots = calloc(R->nslots + 1, sizeof *R->slots)))
            return -1;
    }
    size_t np = ev->nprovinces + 1, nk = ev->rules->nindicators + 1;
    R->graded = calloc(np * (ngrades + 1), sizeof *R->graded);
    R->ungraded = calloc(np, sizeof *R->ungraded);
    R->ind_met = calloc(np * nk, sizeof *R->ind_met);
    return R->graded && R->ungraded && R->ind_met ? 0 : -1;
}

/* n bytes for the draws kept (tens of megabytes): in huge pages where the
 * system gives them on request, so filling them takes a page fault every
 * 2 MiB instead of every 4 KiB (a fifth of a run's system time). */
static void *big_alloc(size_t n)
{
#ifdef MADV_HUGEPAGE
    enum { HUGE = 2 << 20 };
    void *p = NULL;
    if (n >= HUGE && posix_memalign(&p, HUGE, n) == 0) {
        madvise(p, n, MADV_HUGEPAGE); /* a hint: without it, ordinary pages */
        return p;
    }
#endif
    return malloc(n);
}

/* Room for every slot's draws, within the cap. */
static int reserve(run *R)
{
    size_t cap = R->o->max_bytes ? R->o->max_bytes : AS_UNCERTAINTY_DEFAULT_BYTES;
    size_t per_draw = (R->nslots ? R->nslots : 1) * sizeof(double);
    size_t fit = cap / per_draw;
    if ((size_t)R->o->draws > fit) { /* the caller's option, not the data's */
        double mib = 1024.0 * 1024.0;
        as_diags_add(R->d, rules_loc(R),
                     "%ld draws of %zu checks need %.1f MiB to keep, more than the %.1f MiB "
                     "allowed: use at most %zu draws",
                     R->o->draws, R->nslots, (double)per_draw * (double)R->o->draws / mib,
                     (double)cap / mib, fit);
        return AS_UNCERTAINTY_BAD_OPTS;
    }
    R->store = big_alloc(per_draw * (size_t)R->o->draws);
    if (!R->store)
        return -1;
    for (size_t s = 0; s < R->nslots; s++)
        R->slots[s].vals = R->store + s * (size_t)R->o->draws;
    return 0;
}

/* Approach 1: for each source and year, the central difference of every
 * check's value when the values it covers move by +-A1_STEP, times the
 * source's spread; the half-width is their root sum of squares.  Lane 2m
 * moves source and year m up, lane 2m + 1 down, in blocks. */
static int approach1(run *R)
{
    const as_ruleset *r = R->ev->rules;
    errors *e = &R->e;
    as_eval_opts opts = hooked(R);
    size_t total = e->nsrc * (size_t)e->nyears * 2, per = e->cap - e->cap % 2;
    for (size_t at = 0; at < total; at += per) {
        size_t n = total - at < per ? total - at : per;
        e->a1 = true;
        for (size_t l = 0; l < n; l++) {
            size_t m = (at + l) / 2;
            e->a1_src[l] = m / (size_t)e->nyears;
            e->a1_year[l] = e->first_year + (int)(m % (size_t)e->nyears);
            e->a1_by[l] = (at + l) % 2 ? 1 - A1_STEP : 1 + A1_STEP;
        }
        if (evaluate_block(R, &opts, n) != 0)
            return -1;
        const as_eval_lanes *b = R->lanes;
        for (size_t l = 0; l + 1 < n; l += 2) {
            double spread = r->uncertainty[e->src[e->a1_src[l]].decl].spread;
            for (size_t s = 0; s < R->nslots; s++) {
                slot *sl = &R->slots[s];
                size_t up = lane_at(b, sl, l), down = lane_at(b, sl, l + 1);
                sl->plus = up != (size_t)-1 ? b->value[up] : NAN;
                if (down != (size_t)-1 && isfinite(sl->plus)) {
                    double h = (sl->plus - b->value[down]) / (2 * A1_STEP) * spread;
                    sl->a1_sumsq += h * h;
                }
            }
        }
        R->u->na1 += n / 2;
    }
    e->a1 = false;
    return 0;
}

/* Count the block's n draws. */
static void record(run *R, size_t n)
{
    const as_ruleset *r = R->ev->rules;
    const as_eval_lanes *b = R->lanes;
    size_t ng = r->ngrades + 1, nk = r->nindicators + 1;
    for (size_t i = 0; i < R->ev->nprovinces; i++) {
        if (R->ev->provinces[i].nerrors)
            continue;
        const int *grade = b->grade + i * b->cap;
        for (size_t l = 0; l < n; l++) {
            if (grade[l] < 0)
                R->ungraded[i]++;
            else
                R->graded[i * ng + (size_t)grade[l]]++;
        }
        for (size_t k = 0; k < r->nindicators; k++) {
            const unsigned char *missed = b->missed + (i * r->nindicators + k) * b->cap;
            for (size_t l = 0; l < n; l++)
                R->ind_met[i * nk + k] += grade[l] >= 0 && !missed[l];
        }
    }
    for (size_t s = 0; s < R->nslots; s++) { /* lane_at's test, a row at a time */
        slot *sl = &R->slots[s];
        size_t row = (sl->i * b->nchecks + b->first_check[sl->k] + sl->c) * b->cap;
        const int *grade = b->grade + sl->i * b->cap;
        const unsigned char *flags = b->flags + row;
        const double *value = b->value + row;
        for (size_t l = 0; l < n; l++) {
            if (grade[l] < 0 || (flags[l] & AS_LANE_VALUE) == 0 || (flags[l] & AS_LANE_TARGET) == 0)
                continue;
            sl->vals[sl->n++] = value[l];
            sl->met += (flags[l] & AS_LANE_MET) != 0;
        }
    }
}

static int draw_all(run *R)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g)
        return -1;
    gsl_rng_set(g, R->o->seed);
    R->u->rng = gsl_rng_name(g);
    as_eval_opts opts = hooked(R);
    int rc = 0;
    for (long d = 0; d < R->o->draws && rc == 0; d += (long)R->e.cap) {
        size_t n = R->o->draws - d < (long)R->e.cap ? (size_t)(R->o->draws - d) : R->e.cap;
        draw_block(&R->e, g, n);
        if ((rc = evaluate_block(R, &opts, n)) != 0)
            break;
        record(R, n);
        if (R->o->on_lanes)
            R->o->on_lanes(R->o->on_lanes_ctx, R->lanes, &opts);
    }
    gsl_rng_free(g);
    return rc;
}

/* Mean, percentiles, probability and borderline of every slot; grade and
 * indicator shares of every province. */
static void summarise(run *R)
{
    const as_evaluation *ev = R->ev;
    const as_ruleset *r = ev->rules;
    as_uncertainty *u = R->u;
    size_t ng = r->ngrades + 1, nk = r->nindicators + 1;
    for (size_t s = 0; s < R->nslots; s++) {
        slot *sl = &R->slots[s];
        const as_check_result *cr = &ev->provinces[sl->i].indicators[sl->k].checks[sl->c];
        as_uncertainty_indicator *ui = &u->provinces[sl->i].indicators[sl->k];
        as_uncertainty_check *uc = &ui->checks[sl->c];
        uc->has = sl->n > 0;
        uc->n = sl->n;
        uc->a1_half = sqrt(sl->a1_sumsq);
        if (!sl->n)
            continue;
        /* a check whose value no draw moves (it reads only exact figures):
         * the mean GSL's recurrence gives for equal numbers, 0 + x */
        uc->mean =
            all_equal(sl->vals, sl->n) ? 0.0 + sl->vals[0] : gsl_stats_mean(sl->vals, 1, sl->n);
        uc->lower = as_uncertainty_quantile(sl->vals, 1, sl->n, 0.025);
        uc->upper = as_uncertainty_quantile(sl->vals, 1, sl->n, 0.975);
        uc->p_met = (double)sl->met / (double)sl->n;
        bool lo = as_eval_met(cr->def, uc->lower, cr->target);
        bool hi = as_eval_met(cr->def, uc->upper, cr->target);
        uc->borderline = lo != hi || (cr->def->cmp == AS_CMP_EQ && !lo && !hi &&
                                      uc->lower < cr->target && cr->target < uc->upper);
        ui->has = true;
        ui->borderline = ui->borderline || uc->borderline;
    }
    for (size_t i = 0; i < ev->nprovinces; i++) {
        as_uncertainty_province *up = &u->provinces[i];
        if (!up->has)
            continue;
        double n = (double)R->o->draws;
        for (size_t g = 0; g < r->ngrades; g++)
            up->p_grade[g] = (double)R->graded[i * ng + g] / n;
        up->p_invalid = (double)R->ungraded[i] / n;
        double graded = n - (double)R->ungraded[i];
        for (size_t k = 0; k < up->nindicators; k++) { /* every draw counts each indicator, */
            up->indicators[k].has = true; /* one without data as the rules say (missed: 0) */
            up->indicators[k].p_met = graded > 0 ? (double)R->ind_met[i * nk + k] / graded : 0;
        }
    }
}

as_uncertainty_opts as_uncertainty_defaults(void)
{
    as_uncertainty_opts o = {.draws = AS_UNCERTAINTY_DEFAULT_DRAWS,
                             .seed = AS_UNCERTAINTY_DEFAULT_SEED};
    return o;
}

static int check_opts(const as_evaluation *ev, const as_uncertainty_opts *o, as_diags *d)
{
    as_loc at = as_loc_make(ev->rules->path, 0, 0);
    if (!ev->rules->nuncertainty) {
        as_diags_add(d, at, "the rules declare no uncertainty (no 'uncertainty' section)");
        return -1;
    }
    if (o->draws < 2 || o->draws > AS_UNCERTAINTY_MAX_DRAWS) {
        as_diags_add(d, at, "draws must be between 2 and %ld, got %ld", AS_UNCERTAINTY_MAX_DRAWS,
                     o->draws);
        return AS_UNCERTAINTY_BAD_OPTS;
    }
    if (o->seed < 1 || o->seed > 4294967295UL) {
        as_diags_add(d, at, "seed must be between 1 and 4294967295, got %lu", o->seed);
        return AS_UNCERTAINTY_BAD_OPTS;
    }
    return 0;
}

static void run_release(run *R)
{
    errors_release(&R->e);
    as_eval_lanes_free(R->lanes);
    free(R->slots);
    free(R->graded);
    free(R->ungraded);
    free(R->ind_met);
    free(R->store);
}

int as_uncertainty_run(const as_evaluation *ev, const as_eval_opts *eo,
                       const as_uncertainty_opts *o, as_uncertainty **out, as_diags *d)
{
    *out = NULL;
    gsl_set_error_handler_off(); /* GSL's default handler aborts */
    int bad = check_opts(ev, o, d);
    if (bad != 0)
        return bad;
    run R = {.ev = ev, .eo = eo, .o = o, .d = d};
    as_uncertainty *u = calloc(1, sizeof *u);
    size_t before = as_diags_count(d);
    int rc = -1;
    if (u && (u->arena = as_arena_new(0))) {
        R.u = u;
        u->ev = ev;
        u->draws = o->draws;
        u->seed = o->seed;
        rc = errors_init(&R.e, ev->rules, ev->rules->nprovinces, ev->data->first_year,
                         ev->data->nyears, BLOCK);
        if (rc == 0 && !(R.lanes = as_eval_lanes_new(ev, BLOCK)))
            rc = -1;
        u->nrandom = R.e.ncells;
        if (rc == 0)
            rc = lay_out(&R);
        if (rc == 0)
            rc = reserve(&R);
        if (rc == 0)
            rc = approach1(&R);
        if (rc == 0)
            rc = draw_all(&R);
        if (rc == 0)
            summarise(&R);
    }
    run_release(&R);
    if (rc != 0) {
        if (as_diags_count(d) == before)
            as_diags_add(d, as_loc_make(ev->rules->path, 0, 0), "out of memory");
        as_uncertainty_free(u);
        return rc == AS_UNCERTAINTY_BAD_OPTS ? rc : -1;
    }
    *out = u;
    return 0;
}

void as_uncertainty_free(as_uncertainty *u)
{
    if (!u)
        return;
    as_arena_free(u->arena);
    free(u);
}

const as_uncertainty_province *as_uncertainty_province_of(const as_uncertainty *u, size_t i)
{
    if (!u || i >= u->nprovinces || !u->provinces[i].has)
        return NULL;
    return &u->provinces[i];
}

const as_uncertainty_indicator *as_uncertainty_indicator_of(const as_uncertainty *u, size_t i,
                                                            size_t k)
{
    const as_uncertainty_province *up = as_uncertainty_province_of(u, i);
    if (!up || k >= up->nindicators || !up->indicators[k].has)
        return NULL;
    return &up->indicators[k];
}

const as_uncertainty_check *as_uncertainty_check_of(const as_uncertainty *u, size_t i, size_t k,
                                                    size_t c)
{
    const as_uncertainty_province *up = as_uncertainty_province_of(u, i);
    if (!up || k >= up->nindicators || c >= up->indicators[k].nchecks ||
        !up->indicators[k].checks[c].has)
        return NULL;
    return &up->indicators[k].checks[c];
}
