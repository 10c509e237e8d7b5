/* uncertainty: Monte Carlo and first-order propagation of the declared
 * errors through as_evaluate.  A draw is a factor for every declaration and
 * cell of its correlation grid (province x year, province, year or one);
 * the adjust hook multiplies every value read by the factors of the
 * declarations that apply to it.  Statistics are GSL's (mean, sorted
 * quantiles); verdicts are the engine's (as_eval_met). */
#include "analysis/uncertainty.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Relative step of Approach 1's central differences: small enough for the
 * truncation error (second order) to vanish beside the spreads, large
 * enough for the rounding error of doubles (about 1e-16 / step). */
static const double A1_STEP = 1e-6;

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

/* The errors of one draw, and how values read find theirs.  A reference is
 * an input (0 .. ninputs - 1) or a parameter (ninputs + its index). */
typedef struct {
    const as_ruleset *r;
    size_t nprov;    /* provinces of the rule set */
    int first_year;  /* first year values are read for */
    int nyears;      /* years from first_year */
    source *src;     /* every source, grouped by reference */
    size_t nsrc;     /* sources */
    size_t *first;   /* per reference: its first source (first[j + 1] ends them) */
    long *row;       /* per reference: its row of product, or -1 when exact */
    size_t nrows;    /* references with a source */
    size_t ncells;   /* cells of every source */
    double *factor;  /* the current draw: per cell, a factor 1 + e (or exp(e)) */
    double *product; /* the current draw: per row, province and year, the product of the
                        factors of the reference's sources */
    long a1_src;     /* Approach 1: the source perturbed, or -1 */
    int a1_year;     /* ... in this year */
    double a1_by;    /* ... by this factor */
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
    free(e->row);
    free(e->factor);
    free(e->product);
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

static int errors_init(errors *e, const as_ruleset *r, size_t nprov, int first_year, int nyears)
{
    memset(e, 0, sizeof *e);
    e->r = r;
    e->nprov = nprov;
    e->first_year = first_year;
    e->nyears = nyears;
    e->a1_src = -1;
    size_t nref = r->ninputs + r->nparams, total = 0, n;
    for (size_t j = 0; j < nref; j++)
        declared(r, j, &n), total += n;
    e->src = malloc((total ? total : 1) * sizeof *e->src);
    e->first = malloc((nref + 1) * sizeof *e->first);
    e->row = malloc((nref ? nref : 1) * sizeof *e->row);
    if (!e->src || !e->first || !e->row)
        return -1;
    for (size_t j = 0; j < nref; j++) {
        const size_t *list = declared(r, j, &n);
        e->first[j] = e->nsrc;
        e->row[j] = n ? (long)e->nrows++ : -1;
        for (size_t m = 0; m < n; m++) {
            const as_uncertainty_def *u = &r->uncertainty[list[m]];
            e->src[e->nsrc++] =
                (source){list[m], u->corr, u->dist, scale_of(u->dist, u->spread), e->ncells};
            e->ncells += cells_of(u->corr, nprov, nyears);
        }
    }
    e->first[nref] = e->nsrc;
    size_t cells = e->nrows * nprov * (size_t)nyears;
    e->factor = malloc((e->ncells ? e->ncells : 1) * sizeof *e->factor);
    e->product = malloc((cells ? cells : 1) * sizeof *e->product);
    return e->factor && e->product ? 0 : -1;
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

/* One draw: every cell of every source, in rule-file order of the inputs
 * and parameters. */
static void draw_errors(errors *e, gsl_rng *g)
{
    for (size_t s = 0; s < e->nsrc; s++) {
        const source *src = &e->src[s];
        double *f = e->factor + src->offset;
        for (size_t j = 0, n = cells_of(src->corr, e->nprov, e->nyears); j < n; j++)
            f[j] = sample(g, src->dist, src->scale);
    }
}

/* The products of the current draw's factors for every row, province and
 * year: what a value read there is multiplied by. */
static void multiply_rows(errors *e)
{
    size_t nref = e->r->ninputs + e->r->nparams;
    for (size_t j = 0; j < nref; j++) {
        if (e->row[j] < 0)
            continue;
        double *out = e->product + (size_t)e->row[j] * e->nprov * (size_t)e->nyears;
        for (size_t p = 0; p < e->nprov; p++)
            for (int yi = 0; yi < e->nyears; yi++) {
                double f = 1;
                for (size_t s = e->first[j]; s < e->first[j + 1]; s++)
                    f *= e->factor[e->src[s].offset + cell_of(e->src[s].corr, p, yi, e->nyears)];
                *out++ = f;
            }
    }
}

static size_t ref_of(const errors *e, int kind, size_t index)
{
    return kind == AS_REF_INPUT ? index : e->r->ninputs + index;
}

/* The hook of a Monte Carlo draw: the value times the product of its row. */
static double draw_adjust(void *ctx, int kind, size_t index, size_t p, int year, double v)
{
    const errors *e = ctx;
    long row = e->row[ref_of(e, kind, index)];
    int yi = year - e->first_year;
    if (row < 0 || yi < 0 || yi >= e->nyears)
        return v;
    return v * e->product[((size_t)row * e->nprov + p) * (size_t)e->nyears + (size_t)yi];
}

/* The hook of Approach 1: only the values of one source read in one year
 * move (every value read is a source of its own). */
static double a1_adjust(void *ctx, int kind, size_t index, size_t p, int year, double v)
{
    const errors *e = ctx;
    size_t j = ref_of(e, kind, index);
    (void)p;
    bool hit =
        year == e->a1_year && e->a1_src >= (long)e->first[j] && e->a1_src < (long)e->first[j + 1];
    return hit ? v * e->a1_by : v;
}

double as_uncertainty_bare_draws(const as_ruleset *r, size_t nprovinces, int nyears, long draws,
                                 unsigned long seed)
{
    errors e;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double sum = 0;
    if (!g || errors_init(&e, r, nprovinces, 0, nyears) != 0) {
        gsl_rng_free(g);
        errors_release(&e);
        return NAN;
    }
    gsl_rng_set(g, seed);
    for (long d = 0; d < draws; d++) {
        draw_errors(&e, g);
        sum += e.factor[(size_t)d % (e.ncells ? e.ncells : 1)];
    }
    gsl_rng_free(g);
    errors_release(&e);
    return sum;
}

double as_uncertainty_quantile(double *data, size_t stride, size_t n, double f)
{
    double index = f * (double)(n - 1);
    size_t lhs = (size_t)index;
    double delta = index - (double)lhs;
    double lo = gsl_stats_select(data, stride, n, lhs);
    if (delta == 0 || lhs + 1 >= n)
        return lo;
    double hi = gsl_stats_select(data, stride, n, lhs + 1);
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

/* The evaluation's options with the hook (and ctx) given, no trail and
 * met-only verdicts: how every draw is evaluated. */
static as_eval_opts hooked(const run *R, as_eval_adjust_fn fn, void *ctx)
{
    as_eval_opts opts = *R->eo;
    opts.adjust = fn;
    opts.adjust_ctx = ctx;
    opts.no_trace = true;
    opts.met_only = true;
    return opts;
}

/* Evaluate once with opts; NULL after adding a problem. */
static as_evaluation *evaluate_with(run *R, const as_eval_opts *opts)
{
    as_evaluation *ev = NULL;
    if (as_evaluate(R->ev->rules, R->ev->data, R->ev->year, opts, &ev, R->d) != 0)
        return NULL;
    return ev;
}

static const as_check_result *check_in(const as_evaluation *ev, const slot *s)
{
    const as_province_result *pr = &ev->provinces[s->i];
    if (pr->nerrors || s->k >= pr->nindicators)
        return NULL;
    const as_check_result *cr = &pr->indicators[s->k].checks[s->c];
    return cr->has_value && cr->has_target ? cr : NULL;
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
    R->store = malloc(per_draw * (size_t)R->o->draws);
    if (!R->store)
        return -1;
    for (size_t s = 0; s < R->nslots; s++)
        R->slots[s].vals = R->store + s * (size_t)R->o->draws;
    return 0;
}

/* Approach 1: for each source and year, the central difference of every
 * check's value when the values it covers move by +-A1_STEP, times the
 * source's spread; the half-width is their root sum of squares. */
static int approach1(run *R)
{
    const as_ruleset *r = R->ev->rules;
    for (size_t k = 0; k < R->e.nsrc; k++)
        for (int yi = 0; yi < R->e.nyears; yi++) {
            R->e.a1_src = (long)k;
            R->e.a1_year = R->e.first_year + yi;
            double spread = r->uncertainty[R->e.src[k].decl].spread;
            double diff[2] = {1 + A1_STEP, 1 - A1_STEP};
            as_eval_opts opts = hooked(R, a1_adjust, &R->e);
            for (int side = 0; side < 2; side++) {
                R->e.a1_by = diff[side];
                as_evaluation *ev = evaluate_with(R, &opts);
                if (!ev)
                    return -1;
                for (size_t s = 0; s < R->nslots; s++) {
                    slot *sl = &R->slots[s];
                    const as_check_result *cr = check_in(ev, sl);
                    if (side == 0)
                        sl->plus = cr ? cr->value : NAN;
                    else if (cr && isfinite(sl->plus)) {
                        double h = (sl->plus - cr->value) / (2 * A1_STEP) * spread;
                        sl->a1_sumsq += h * h;
                    }
                }
                as_evaluation_free(ev);
            }
            R->u->na1++;
        }
    R->e.a1_src = -1;
    return 0;
}

/* Count one draw's evaluation. */
static void record(run *R, const as_evaluation *dev)
{
    const as_ruleset *r = R->ev->rules;
    size_t ng = r->ngrades + 1, nk = r->nindicators + 1;
    for (size_t i = 0; i < R->ev->nprovinces; i++) {
        if (R->ev->provinces[i].nerrors)
            continue;
        const as_province_result *pr = &dev->provinces[i];
        if (pr->nerrors || !pr->grade) {
            R->ungraded[i]++;
            continue;
        }
        R->graded[i * ng + (size_t)(pr->grade - r->grades)]++;
        for (size_t k = 0; k < pr->nindicators; k++)
            R->ind_met[i * nk + k] += !pr->indicators[k].counts_missed;
    }
    for (size_t s = 0; s < R->nslots; s++) {
        slot *sl = &R->slots[s];
        const as_check_result *cr = check_in(dev, sl);
        if (!cr)
            continue;
        sl->vals[sl->n++] = cr->value;
        sl->met += cr->status == AS_STATUS_MET;
    }
}

static int draw_all(run *R)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g)
        return -1;
    gsl_rng_set(g, R->o->seed);
    R->u->rng = gsl_rng_name(g);
    as_eval_opts opts = hooked(R, draw_adjust, &R->e);
    int rc = 0;
    for (long n = 0; n < R->o->draws && rc == 0; n++) {
        draw_errors(&R->e, g);
        multiply_rows(&R->e);
        as_evaluation *dev = evaluate_with(R, &opts);
        if (!dev) {
            rc = -1;
            break;
        }
        record(R, dev);
        if (R->o->on_draw)
            R->o->on_draw(R->o->on_draw_ctx, dev, &opts);
        as_evaluation_free(dev);
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
        uc->mean = gsl_stats_mean(sl->vals, 1, sl->n);
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
                         ev->data->nyears);
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
