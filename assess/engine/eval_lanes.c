/* eval_lanes: a year's evaluation in blocks of lanes, for analyses that
 * evaluate it many times.  Each province's formulas go through the
 * evaluator's vectorised mode (expr_lanes.c), names read as eval.c reads
 * them without a trail (values from the data set, the adjust hook applied
 * to inputs and parameters, a quantity computed once per province and year),
 * then judged (as_eval_met_lanes), counted and graded per lane with the
 * rules eval.c uses (eval_part.h).  No messages: a lane that fails says so
 * by its flags and grade. */
#include <stdlib.h>
#include <string.h>

#include "engine/eval.h"
#include "engine/eval_part.h"

/* A quantity's lanes at one year, kept for the province being evaluated. */
typedef struct {
    double v[AS_EXPR_LANES];
    unsigned char st[AS_EXPR_LANES];
    int status;   /* as as_expr_lanes */
    bool uniform; /* likewise */
    bool has;     /* computed for this province */
} memo;

struct as_lanes_work {
    as_expr_pool *pool;
    const as_eval_opts *opts; /* of the evaluation running */
    size_t p;                 /* province being evaluated, in the rules */
    size_t n;                 /* lanes */
    int depth;                /* quantities being computed, nested */
    memo *memo;               /* per quantity x data-set year */
    size_t nmemo;
    double tv[AS_EXPR_LANES];          /* a check's target */
    unsigned char vst[AS_EXPR_LANES];  /* statuses of its value */
    unsigned char tst[AS_EXPR_LANES];  /* of its target */
    unsigned char met[AS_EXPR_LANES];  /* its verdicts */
    unsigned char err[AS_EXPR_LANES];  /* per lane: the province's data gave an error */
    unsigned char miss[AS_EXPR_LANES]; /* per lane: a check of the indicator is missed */
    unsigned char gap[AS_EXPR_LANES];  /* per lane: a check of the indicator has no data */
    unsigned short cm[AS_EXPR_LANES];  /* per lane: control indicators missed */
    unsigned short sm[AS_EXPR_LANES];  /* per lane: support indicators missed */
};

static void set_all(as_expr_lanes *b, int status, double v)
{
    b->status = status;
    b->uniform = true;
    b->v[0] = v;
}

/* ------------------------------------------------------------ lookups */

/* Value v of an input or parameter as every lane reads it: through the
 * hook, or the same in every lane. */
static void adjusted(const as_eval_lanes *b, int kind, size_t index, int year, double v,
                     as_expr_lanes *out)
{
    const as_lanes_work *w = b->work;
    const as_eval_opts *o = w->opts;
    if (o->adjust_lanes &&
        o->adjust_lanes(o->adjust_ctx, kind, index, w->p, year, v, out->v, w->n)) {
        out->status = AS_EVAL_OK;
        out->uniform = false;
        return;
    }
    set_all(out, AS_EVAL_OK, v);
}

static int look_quantity(as_eval_lanes *b, size_t q, int year, as_expr_lanes *out);

static int lookup(void *ctx, const as_expr_ref *ref, int year, size_t n, as_expr_lanes *out)
{
    as_eval_lanes *b = ctx;
    const as_ruleset *r = b->ev->rules;
    const as_dataset *ds = b->ev->data;
    as_lanes_work *w = b->work;
    (void)n;
    switch (ref->kind) {
    case AS_REF_INPUT: {
        double v = 0;
        as_loc loc;
        bool verified;
        if (as_dataset_value(ds, w->p, year, ref->index, w->opts->use_verified, &v, &loc,
                             &verified))
            adjusted(b, AS_REF_INPUT, ref->index, year, v, out);
        else
            set_all(out, AS_EVAL_NO_DATA, 0);
        return 0;
    }
    case AS_REF_QUANTITY:
        return look_quantity(b, ref->index, year, out);
    case AS_REF_PARAM: {
        const as_param_value *pv = as_rules_param_value(&r->params[ref->index], year);
        if (pv)
            adjusted(b, AS_REF_PARAM, ref->index, year, pv->value, out);
        else /* the rule set's gap, no data as in eval.c's look_param */
            set_all(out, AS_EVAL_NO_DATA, 0);
        return 0;
    }
    case AS_REF_TARGET: {
        size_t cell = w->p * r->ntargets + ref->index;
        set_all(out, ds->target_has[cell] ? AS_EVAL_OK : AS_EVAL_NO_DATA,
                ds->target_has[cell] ? ds->target_values[cell] : 0);
        return 0;
    }
    default:
        set_all(out, AS_EVAL_OK, ref->index == AS_BUILTIN_BASE_YEAR ? r->base_year : year);
        return 0;
    }
}

static void copy_lanes(double *v, unsigned char *st, int *status, bool *uniform, const double *fv,
                       const unsigned char *fst, int fstatus, bool funiform, size_t n)
{
    memcpy(v, fv, (funiform ? 1 : n) * sizeof *v);
    if (fstatus == AS_EXPR_MIXED)
        memcpy(st, fst, n);
    *status = fstatus;
    *uniform = funiform;
}

/* A quantity, computed once per province and year (as eval.c without a
 * trail: the values it reads cannot change within a province). */
static int look_quantity(as_eval_lanes *b, size_t q, int year, as_expr_lanes *out)
{
    as_lanes_work *w = b->work;
    const as_dataset *ds = b->ev->data;
    if (w->depth >= AS_EVAL_MAX_QUANTITY_DEPTH) {
        set_all(out, AS_EVAL_ERROR, 0);
        return 0;
    }
    memo *m = year >= ds->first_year && year <= ds->year
                  ? &w->memo[q * (size_t)ds->nyears + (size_t)(year - ds->first_year)]
                  : NULL;
    if (m && m->has) {
        copy_lanes(out->v, out->st, &out->status, &out->uniform, m->v, m->st, m->status, m->uniform,
                   w->n);
        return 0;
    }
    as_expr_lanes_env env = {lookup, b, b->ev->rules->base_year, w->n, w->pool};
    w->depth++;
    int rc = as_expr_eval_lanes(b->ev->rules->quantities[q].formula.expr, &env, year, out);
    w->depth--;
    if (rc == 0 && m) {
        copy_lanes(m->v, m->st, &m->status, &m->uniform, out->v, out->st, out->status, out->uniform,
                   w->n);
        m->has = true;
    }
    return rc;
}

/* ------------------------------------------------------------ provinces */

/* Start evaluating province p in n lanes with opts: no quantity known. */
static void begin(as_eval_lanes *b, const as_eval_opts *opts, size_t p, size_t n)
{
    as_lanes_work *w = b->work;
    w->opts = opts;
    w->p = p;
    w->n = n;
    w->depth = 0;
    for (size_t k = 0; k < w->nmemo; k++)
        w->memo[k].has = false;
}

int as_eval_lanes_formula(as_eval_lanes *b, const as_eval_opts *opts, size_t p, const as_formula *f,
                          int year, size_t n, as_expr_lanes *out)
{
    if (n < 1 || n > b->cap)
        return -1;
    begin(b, opts, p, n);
    as_expr_lanes_env env = {lookup, b, b->ev->rules->base_year, n, b->work->pool};
    return as_expr_eval_lanes(f->expr, &env, year, out);
}

/* Check cd (number `row` of province i's rows) in every lane: its value
 * and target, flags and verdicts; an error in an indicator that is not
 * exempt is an error of the province's lane. */
static int lanes_check(as_eval_lanes *b, const as_check_def *cd, size_t row, bool exempt)
{
    as_lanes_work *w = b->work;
    size_t n = w->n;
    double *val = b->value + row * b->cap;
    unsigned char *fl = b->flags + row * b->cap;
    as_expr_lanes env_v = {val, w->vst, AS_EVAL_OK, true},
                  env_t = {w->tv, w->tst, AS_EVAL_OK, true};
    as_expr_lanes_env env = {lookup, b, b->ev->rules->base_year, n, w->pool};
    int year = b->ev->year;
    if (as_expr_eval_lanes(cd->value.expr, &env, year, &env_v) != 0 ||
        as_expr_eval_lanes(cd->target.expr, &env, year, &env_t) != 0)
        return -1;
    for (size_t l = 1; env_v.uniform && l < n; l++)
        val[l] = val[0];
    for (size_t l = 1; env_t.uniform && l < n; l++)
        w->tv[l] = w->tv[0];
    as_eval_met_lanes(cd, val, w->tv, n, w->met);
    if (env_v.status == AS_EVAL_OK && env_t.status == AS_EVAL_OK) { /* every lane has both */
        for (size_t l = 0; l < n; l++) {
            fl[l] = (unsigned char)(AS_LANE_VALUE | AS_LANE_TARGET | (w->met[l] ? AS_LANE_MET : 0));
            w->miss[l] |= w->met[l] ^ 1;
        }
        return 0;
    }
    for (size_t l = 0; l < n; l++) {
        int vs = as_expr_lane_status(&env_v, l), ts = as_expr_lane_status(&env_t, l);
        bool both = vs == AS_EVAL_OK && ts == AS_EVAL_OK;
        fl[l] = (unsigned char)((vs == AS_EVAL_OK ? AS_LANE_VALUE : 0) |
                                (ts == AS_EVAL_OK ? AS_LANE_TARGET : 0) |
                                (both && w->met[l] ? AS_LANE_MET : 0));
        w->err[l] |= !exempt && (vs == AS_EVAL_ERROR || ts == AS_EVAL_ERROR);
        w->miss[l] |= both && !w->met[l];
        w->gap[l] |= !both;
    }
    return 0;
}

/* Indicator k of province i in every lane: its checks, then whether it
 * counts as missed, added to the lanes' counts. */
static int lanes_indicator(as_eval_lanes *b, size_t i, size_t k)
{
    as_lanes_work *w = b->work;
    const as_indicator *ind = &b->ev->rules->indicators[k];
    bool exempt = as_eval_exemption(ind, w->p) != NULL;
    memset(w->miss, 0, w->n);
    memset(w->gap, 0, w->n);
    for (size_t c = 0; c < ind->nchecks; c++)
        if (lanes_check(b, &ind->checks[c], i * b->nchecks + b->first_check[k] + c, exempt) != 0)
            return -1;
    unsigned char *missed = b->missed + (i * b->ev->rules->nindicators + k) * b->cap;
    unsigned short *count = ind->kind == AS_KIND_CONTROL ? w->cm : w->sm;
    unsigned char counts[4]; /* by a check missed (2) and a check without data (1) */
    for (int m = 0; m < 4; m++)
        counts[m] = as_eval_counts_missed(ind, as_eval_indicator_status(exempt, m & 2, m & 1));
    for (size_t l = 0; l < w->n; l++) {
        missed[l] = counts[(w->miss[l] << 1) | w->gap[l]];
        count[l] = (unsigned short)(count[l] + missed[l]);
    }
    return 0;
}

static int lanes_province(as_eval_lanes *b, const as_eval_opts *opts, size_t i, size_t n)
{
    const as_ruleset *r = b->ev->rules;
    const as_province_result *pr = &b->ev->provinces[i];
    as_lanes_work *w = b->work;
    int *grade = b->grade + i * b->cap;
    if (pr->nerrors) {
        for (size_t l = 0; l < n; l++)
            grade[l] = -1;
        return 0;
    }
    begin(b, opts, pr->index, n);
    memset(w->err, 0, n);
    memset(w->cm, 0, n * sizeof *w->cm);
    memset(w->sm, 0, n * sizeof *w->sm);
    for (size_t k = 0; k < r->nindicators; k++)
        if (lanes_indicator(b, i, k) != 0)
            return -1;
    for (size_t l = 0; l < n; l++) {
        const as_grade_def *g = w->err[l] ? NULL : as_rules_grade(r, w->cm[l], w->sm[l], pr->fraud);
        grade[l] = g ? (int)(g - r->grades) : -1;
    }
    return 0;
}

int as_evaluate_lanes(as_eval_lanes *b, const as_eval_opts *opts, size_t n)
{
    if (n < 1 || n > b->cap)
        return -1;
    b->n = n;
    for (size_t i = 0; i < b->ev->nprovinces; i++)
        if (lanes_province(b, opts, i, n) != 0)
            return -1;
    return 0;
}

void as_eval_lanes_set(as_eval_lanes *b, size_t l, const as_evaluation *one)
{
    const as_ruleset *r = b->ev->rules;
    for (size_t i = 0; i < b->ev->nprovinces && i < one->nprovinces; i++) {
        const as_province_result *pr = &one->provinces[i];
        /* a grade is missing only with errors: the rules give one for every count */
        b->grade[i * b->cap + l] = b->ev->provinces[i].nerrors || pr->nerrors || !pr->grade
                                       ? -1
                                       : (int)(pr->grade - r->grades);
        for (size_t k = 0; k < pr->nindicators; k++) {
            const as_indicator_result *ir = &pr->indicators[k];
            b->missed[(i * r->nindicators + k) * b->cap + l] = ir->counts_missed;
            for (size_t c = 0; c < ir->nchecks; c++) {
                const as_check_result *cr = &ir->checks[c];
                size_t at = (i * b->nchecks + b->first_check[k] + c) * b->cap + l;
                b->value[at] = cr->value;
                b->flags[at] = (unsigned char)((cr->has_value ? AS_LANE_VALUE : 0) |
                                               (cr->has_target ? AS_LANE_TARGET : 0) |
                                               (cr->status == AS_STATUS_MET ? AS_LANE_MET : 0));
            }
        }
    }
}

/* ------------------------------------------------------------ lifecycle */

as_eval_lanes *as_eval_lanes_new(const as_evaluation *ev, size_t cap)
{
    const as_ruleset *r = ev->rules;
    cap = cap < 1 ? 1 : cap > AS_EXPR_LANES ? AS_EXPR_LANES : cap;
    as_eval_lanes *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->ev = ev;
    b->cap = cap;
    b->first_check = malloc((r->nindicators + 1) * sizeof *b->first_check);
    for (size_t k = 0; b->first_check && k < r->nindicators; k++) {
        b->first_check[k] = b->nchecks;
        b->nchecks += r->indicators[k].nchecks;
    }
    size_t np = ev->nprovinces + 1, rows = np * (b->nchecks + 1) * cap;
    b->value = malloc(rows * sizeof *b->value);
    b->flags = calloc(rows, 1);
    b->missed = calloc(np * (r->nindicators + 1) * cap, 1);
    b->grade = malloc(np * cap * sizeof *b->grade);
    b->work = calloc(1, sizeof *b->work);
    if (b->work) {
        b->work->nmemo = r->nquantities * (size_t)ev->data->nyears;
        b->work->memo = calloc(b->work->nmemo + 1, sizeof *b->work->memo);
        b->work->pool = as_expr_pool_new();
    }
    if (!b->first_check || !b->value || !b->flags || !b->missed || !b->grade || !b->work ||
        !b->work->memo || !b->work->pool) {
        as_eval_lanes_free(b);
        return NULL;
    }
    return b;
}

void as_eval_lanes_free(as_eval_lanes *b)
{
    if (!b)
        return;
    if (b->work) {
        as_expr_pool_free(b->work->pool);
        free(b->work->memo);
        free(b->work);
    }
    free(b->first_check);
    free(b->value);
    free(b->flags);
    free(b->missed);
    free(b->grade);
    free(b);
}
