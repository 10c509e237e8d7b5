/* review: each province's figures through the plan's formulas, the national
 * figures over sums of them, the tiers, and the adjustments solved one after
 * the other with Brent's method on the gap of their figure. */
#include "analysis/review.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/root.h"
#include "engine/eval.h"

enum { MAX_BRENT = 200 };
#define ROOT_TOL 1e-15 /* the bracket of an adjustment's amount, absolute */

/* One evaluation's view: which province (per-province formulas) or figure
 * (national formulas), and whether the proposals are read as adjusted. */
typedef struct {
    as_review *rv;
    double *delta;   /* per province and item (p * nitems + i): the adjustment, item's unit */
    bool adjusted;   /* read items as value + delta and province figures as adjusted */
    size_t province; /* the province of a per-province formula */
    const as_review_figure *fig; /* the figure of a national formula: its provinces */
    const char *missing;         /* the first name found without data */
} ctx;

/* ------------------------------------------------------------ per province */

/* The value of a per-province name for province p: 0 and *out, or -1 when it
 * has none. */
static int province_value(const ctx *c, size_t p, const as_expr_ref *ref, double *out)
{
    const as_review_province *rp = &c->rv->provinces[p];
    size_t ni = c->rv->plan->nitems;
    switch (ref->kind) {
    case AS_PREF_ITEM:
        if (!rp->items || !rp->items[ref->index].has_value)
            return -1;
        *out = rp->items[ref->index].value + (c->adjusted ? c->delta[p * ni + ref->index] : 0);
        return 0;
    case AS_PREF_QUANTITY:
        if (!rp->has_q[ref->index])
            return -1;
        *out = (c->adjusted ? rp->qa : rp->q)[ref->index];
        return 0;
    case AS_PREF_BASE:
        if (!rp->has_base[ref->index])
            return -1;
        *out = rp->base[ref->index];
        return 0;
    default:
        return -1;
    }
}

static as_eval_status province_lookup(void *vc, const as_expr_ref *ref, int year, double *out,
                                      as_text *msg)
{
    ctx *c = vc;
    (void)year;
    (void)msg;
    if (province_value(c, c->province, ref, out) == 0)
        return AS_EVAL_OK;
    if (!c->missing)
        c->missing = ref->name;
    return AS_EVAL_NO_DATA;
}

/* The plan's province figures of province p, in order, as proposed or as
 * adjusted (c->adjusted). */
static void compute_province(ctx *c, size_t p)
{
    const as_plan *pl = c->rv->plan;
    as_review_province *rp = &c->rv->provinces[p];
    as_expr_env env = {province_lookup, c, pl->final_year, NULL};
    c->province = p;
    for (size_t j = 0; j < pl->nquantities; j++) {
        double v;
        c->missing = NULL;
        as_eval_status st =
            as_expr_eval(pl->quantities[j].formula.expr, &env, pl->final_year, &v, NULL);
        if (c->adjusted) {
            rp->qa[j] = st == AS_EVAL_OK ? v : NAN;
            continue;
        }
        rp->has_q[j] = st == AS_EVAL_OK;
        rp->q[j] = rp->qa[j] = st == AS_EVAL_OK ? v : 0;
        rp->q_missing[j] = st == AS_EVAL_NO_DATA ? c->missing : NULL;
    }
}

/* The base-year figures of province p: an input as submitted (verified
 * where verified), a quantity through the engine. */
static void read_base(as_review *rv, size_t p)
{
    const as_plan *pl = rv->plan;
    const as_ruleset *r = pl->rules;
    as_review_province *rp = &rv->provinces[p];
    as_eval_opts opts = as_eval_defaults();
    for (size_t b = 0; b < pl->nbases; b++) {
        const as_plan_base *pb = &pl->bases[b];
        double v;
        as_loc loc;
        bool verified;
        if (pb->ref_kind == AS_REF_INPUT)
            rp->has_base[b] =
                as_dataset_value(rv->base, p, pl->base_year, pb->index, true, &v, &loc, &verified);
        else
            rp->has_base[b] =
                as_eval_formula(r, rv->base, &opts, p, &r->quantities[pb->index].formula,
                                pl->base_year, &v, NULL) == AS_EVAL_OK;
        rp->base[b] = rp->has_base[b] ? v : 0;
    }
}

/* The items of province p's proposal, and its tier's levels. */
static void read_items(as_review *rv, size_t p)
{
    const as_plan *pl = rv->plan;
    as_review_province *rp = &rv->provinces[p];
    const as_proposal *pr = rv->proposals->proposals[p];
    size_t ny = as_plan_years(pl);
    for (size_t i = 0; pr && i < pl->nitems; i++) {
        const as_proposal_item *pi = &pr->items[i];
        as_review_item *it = &rp->items[i];
        it->has_value = as_proposal_value(&pl->items[i], pi, &it->value);
        it->adjusted = it->value;
        it->has_path_check = pi->has_check;
        it->compound = pi->compound;
        it->off = pi->off;
        it->consistent = pi->consistent;
        rp->inconsistent = rp->inconsistent || !pi->consistent;
        for (size_t y = 0; y < ny; y++)
            it->adjusted_path[y] = pi->path[y];
        it->has_adjusted_path = pi->has_compound;
        if (rp->tier != SIZE_MAX && pl->tiers[rp->tier].has_level[i] && it->has_value) {
            it->has_level = true;
            it->level = pl->tiers[rp->tier].level[i];
            it->vs_level = it->value - it->level;
        }
    }
}

static as_review_state state_of(const as_review *rv, size_t p)
{
    const as_proposal *pr = rv->proposals->proposals[p];
    if (!pr || pr->nerrors > pr->ninconsistent)
        return AS_REVIEW_NO_PROPOSAL;
    if (as_diags_count(&rv->base->province_errors[p]) > 0)
        return AS_REVIEW_BAD_BASE;
    return AS_REVIEW_OK;
}

/* ------------------------------------------------------------ national */

/* Whether province p has every per-province name formula f reads. */
static bool has_names(const ctx *c, size_t p, const as_formula *f)
{
    size_t n;
    const as_expr_ref *refs = as_expr_refs_const(f->expr, &n);
    double v;
    for (size_t i = 0; i < n; i++)
        if (refs[i].kind != AS_PREF_NATIONAL && province_value(c, p, &refs[i], &v) != 0)
            return false;
    return true;
}

static as_eval_status national_lookup(void *vc, const as_expr_ref *ref, int year, double *out,
                                      as_text *msg)
{
    ctx *c = vc;
    const as_review *rv = c->rv;
    (void)year;
    if (ref->kind == AS_PREF_NATIONAL) {
        if (!rv->has_stat[ref->index])
            return AS_EVAL_NO_DATA;
        *out = rv->stats[ref->index];
        return AS_EVAL_OK;
    }
    double sum = 0, v;
    for (size_t p = 0; p < rv->nprovinces && c->fig->nincluded; p++)
        if (c->fig->included[p] && province_value(c, p, ref, &v) == 0)
            sum += v;
    if (!c->fig->nincluded) {
        if (!c->adjusted)
            *msg = as_text_printf(rv->arena, "no province has every figure that '%s' reads",
                                  c->fig->def->id);
        return AS_EVAL_ERROR;
    }
    *out = sum;
    return AS_EVAL_OK;
}

/* Evaluate one of a figure's formulas; on failure keep the first reason. */
static bool eval_figure(ctx *c, as_review_figure *f, const as_formula *formula, double *out)
{
    /* messages are made for the figure as proposed only: adjusting evaluates
     * it many times */
    as_expr_env env = {national_lookup, c, c->rv->plan->final_year,
                       c->adjusted ? NULL : c->rv->arena};
    as_expr_fail fail;
    c->fig = f;
    if (as_expr_eval(formula->expr, &env, c->rv->plan->final_year, out, &fail) == AS_EVAL_OK)
        return true;
    if (!f->error.en && !c->adjusted)
        f->error = fail.msg;
    return false;
}

static double gap_of(as_cmp cmp, double value, double goal)
{
    return cmp == AS_CMP_LE || cmp == AS_CMP_LT ? goal - value : value - goal;
}

static bool meets(as_cmp cmp, double value, double goal)
{
    switch (cmp) {
    case AS_CMP_LE:
        return value <= goal;
    case AS_CMP_LT:
        return value < goal;
    case AS_CMP_GT:
        return value > goal;
    default:
        return value >= goal;
    }
}

/* Whether formula f reads a per-province name (else it is national
 * statistics alone). */
static bool reads_provinces(const as_formula *f)
{
    size_t n;
    const as_expr_ref *refs = as_expr_refs_const(f->expr, &n);
    for (size_t i = 0; i < n; i++)
        if (refs[i].kind != AS_PREF_NATIONAL)
            return true;
    return false;
}

/* The provinces figure f sums: usable ones with every name its formulas read
 * (none when they read national statistics only). */
static void include(ctx *c, as_review_figure *f)
{
    const as_plan_figure *def = f->def;
    if (!reads_provinces(&def->formula) && (!def->has_goal || !reads_provinces(&def->goal)))
        return;
    for (size_t p = 0; p < c->rv->nprovinces; p++) {
        bool in = c->rv->provinces[p].state == AS_REVIEW_OK && has_names(c, p, &def->formula) &&
                  (!def->has_goal || has_names(c, p, &def->goal)) &&
                  (!def->has_national || has_names(c, p, &def->national));
        f->included[p] = in;
        f->nincluded += in;
    }
}

/* Figure f as proposed (c->adjusted false) or as adjusted. */
static void compute_figure(ctx *c, as_review_figure *f)
{
    const as_plan_figure *def = f->def;
    double v, g = 0;
    bool ok = eval_figure(c, f, &def->formula, &v);
    bool goal = def->has_goal && eval_figure(c, f, &def->goal, &g);
    if (!c->adjusted) {
        f->has_value = ok;
        f->value = f->adjusted = ok ? v : 0;
        f->has_goal = goal;
        f->goal = f->adjusted_goal = g;
        f->has_national = def->has_national && eval_figure(c, f, &def->national, &f->national);
    } else {
        f->adjusted = ok ? v : NAN;
        f->adjusted_goal = goal ? g : NAN;
    }
    if (!(ok && goal))
        return;
    if (!c->adjusted) {
        f->gap = f->adjusted_gap = gap_of(def->cmp, v, g);
        f->met = f->adjusted_met = meets(def->cmp, v, g);
    } else {
        f->adjusted_gap = gap_of(def->cmp, v, g);
        f->adjusted_met = meets(def->cmp, v, g);
    }
}

/* Every province's figures and every national figure, as adjusted. */
static void recompute(ctx *c)
{
    c->adjusted = true;
    for (size_t p = 0; p < c->rv->nprovinces; p++)
        if (c->rv->provinces[p].state == AS_REVIEW_OK)
            compute_province(c, p);
    for (size_t k = 0; k < c->rv->plan->nfigures; k++)
        compute_figure(c, &c->rv->figures[k]);
}

/* ------------------------------------------------------------ adjustments */

/* How much adjustment a moves province p's proposal per unit of its amount. */
static double weight(const as_review *rv, const as_plan_adjustment *a, size_t p)
{
    const as_review_province *rp = &rv->provinces[p];
    const as_review_item *it = rp->items ? &rp->items[a->item] : NULL;
    if (rp->state != AS_REVIEW_OK || !it || !it->has_value)
        return 0;
    switch (a->rule) {
    case AS_ADJUST_BY_TIER:
        return rp->tier == SIZE_MAX ? 0 : rv->plan->tiers[rp->tier].weight;
    case AS_ADJUST_DISTANCE:
        return it->has_level ? fmax(0, a->direction * (it->level - it->value)) : 0;
    default:
        return 1;
    }
}

typedef struct {
    ctx *c;
    const as_plan_adjustment *a;
    const double *before; /* the deltas of the earlier adjustments */
    size_t k;             /* the figure it closes */
} trial;

/* The gap of the adjustment's figure when it moves the proposals by u. */
static double gap_at(double u, void *vt)
{
    trial *t = vt;
    as_review *rv = t->c->rv;
    size_t ni = rv->plan->nitems;
    for (size_t p = 0; p < rv->nprovinces; p++) {
        size_t cell = p * ni + t->a->item;
        t->c->delta[cell] = t->before[cell] + t->a->direction * u * weight(rv, t->a, p);
    }
    recompute(t->c);
    return rv->figures[t->k].adjusted_gap;
}

/* Solve adjustment k with the earlier ones applied (their deltas in
 * c->delta); its own amount is left in c->delta. */
static void solve(ctx *c, size_t k, double *before)
{
    as_review *rv = c->rv;
    as_review_adjustment *ra = &rv->adjustments[k];
    const as_plan_adjustment *a = &rv->plan->adjustments[k];
    size_t cells = rv->nprovinces * rv->plan->nitems;
    memcpy(before, c->delta, cells * sizeof *before);
    trial t = {c, a, before, a->figure};
    ra->def = a;
    ra->gap_before = gap_at(0, &t);
    ra->gap_after = ra->gap_before;
    if (!isfinite(ra->gap_before)) {
        ra->error = as_text_printf(rv->arena, "the figure cannot be computed, so no gap can be "
                                              "closed");
        return;
    }
    if (ra->gap_before >= 0)
        return; /* met already: nothing to close */
    ra->needed = true;
    double hi_gap = gap_at(a->max, &t), lo = 0, hi = a->max;
    if (!(hi_gap >= 0)) {
        ra->error = as_text_printf(rv->arena,
                                   "even the largest amount the plan allows (%g) leaves the goal "
                                   "missed",
                                   a->max);
        gap_at(0, &t);
        return;
    }
    if (!as_root_brent(gap_at, &t, &lo, &hi, ROOT_TOL, MAX_BRENT) && !(hi - lo <= 1e-12)) {
        ra->error = as_text_printf(rv->arena, "the solver did not converge (last bracket %g wide)",
                                   hi - lo);
        gap_at(0, &t);
        return;
    }
    /* the end of the bracket on the met side: the goal is met there */
    double u = gap_at(lo, &t) >= 0 ? lo : hi;
    ra->gap_after = gap_at(u, &t);
    ra->amount = u;
    ra->solved = ra->gap_after >= 0;
}

/* Each item's adjusted value, and its path scaled to compound to it. */
static void adjusted_items(ctx *c)
{
    as_review *rv = c->rv;
    const as_plan *pl = rv->plan;
    size_t ny = as_plan_years(pl);
    for (size_t p = 0; p < rv->nprovinces; p++)
        for (size_t i = 0; rv->provinces[p].items && i < pl->nitems; i++) {
            as_review_item *it = &rv->provinces[p].items[i];
            double d = c->delta[p * pl->nitems + i];
            if (!it->has_value || d == 0)
                continue;
            it->adjusted = it->value + d;
            it->moved = d > 0 ? 1 : -1;
            if (!it->has_adjusted_path || pl->items[i].measure != AS_MEASURE_REDUCTION)
                continue;
            double k = pow((1 - it->adjusted) / (1 - it->compound), 1.0 / (double)ny);
            for (size_t y = 0; y < ny; y++)
                it->adjusted_path[y] = 1 - (1 - it->adjusted_path[y]) * k;
        }
}

/* ------------------------------------------------------------ tiers, effort */

static void tier_stats(as_review *rv)
{
    const as_plan *pl = rv->plan;
    for (size_t k = 0; k < pl->ntiers; k++) {
        as_review_tier *t = &rv->tiers[k];
        for (size_t i = 0; i < pl->nitems; i++) {
            double sum = 0;
            for (size_t p = 0; p < rv->nprovinces; p++) {
                const as_review_province *rp = &rv->provinces[p];
                if (rp->tier != k || !rp->items || !rp->items[i].has_value)
                    continue;
                double v = rp->items[i].value;
                t->min[i] = t->n[i] ? fmin(t->min[i], v) : v;
                t->max[i] = t->n[i] ? fmax(t->max[i], v) : v;
                sum += v;
                t->n[i]++;
            }
            t->mean[i] = t->n[i] ? sum / (double)t->n[i] : 0;
        }
    }
}

static void effort_shares(as_review *rv)
{
    const as_plan *pl = rv->plan;
    double total = 0;
    if (!pl->has_effort)
        return;
    for (size_t p = 0; p < rv->nprovinces; p++) {
        const as_review_province *rp = &rv->provinces[p];
        if (rp->state == AS_REVIEW_OK && rp->has_q[pl->effort])
            total += rp->q[pl->effort];
    }
    for (size_t p = 0; p < rv->nprovinces && total != 0; p++) {
        as_review_province *rp = &rv->provinces[p];
        rp->has_share = rp->state == AS_REVIEW_OK && rp->has_q[pl->effort];
        rp->share = rp->has_share ? rp->q[pl->effort] / total : 0;
    }
}

/* ------------------------------------------------------------ the review */

static void *arr(as_review *rv, size_t n, size_t size, bool *oom)
{
    void *p = as_arena_alloc(rv->arena, (n ? n : 1) * size);
    *oom = *oom || !p;
    return p;
}

static bool allocate(as_review *rv)
{
    const as_plan *pl = rv->plan;
    bool oom = false;
    size_t np = rv->nprovinces, ni = pl->nitems, nq = pl->nquantities, nb = pl->nbases;
    rv->provinces = arr(rv, np, sizeof *rv->provinces, &oom);
    rv->figures = arr(rv, pl->nfigures, sizeof *rv->figures, &oom);
    rv->adjustments = arr(rv, pl->nadjustments, sizeof *rv->adjustments, &oom);
    rv->tiers = arr(rv, pl->ntiers, sizeof *rv->tiers, &oom);
    rv->stats = arr(rv, pl->nstats, sizeof *rv->stats, &oom);
    rv->has_stat = arr(rv, pl->nstats, 1, &oom);
    for (size_t p = 0; !oom && p < np; p++) {
        as_review_province *rp = &rv->provinces[p];
        rp->items = arr(rv, ni, sizeof *rp->items, &oom);
        rp->base = arr(rv, nb, sizeof *rp->base, &oom);
        rp->has_base = arr(rv, nb, 1, &oom);
        rp->q = arr(rv, nq, sizeof *rp->q, &oom);
        rp->qa = arr(rv, nq, sizeof *rp->qa, &oom);
        rp->has_q = arr(rv, nq, 1, &oom);
        rp->q_missing = arr(rv, nq, sizeof *rp->q_missing, &oom);
    }
    for (size_t k = 0; !oom && k < pl->nfigures; k++) {
        rv->figures[k].def = &pl->figures[k];
        rv->figures[k].included = arr(rv, np, 1, &oom);
    }
    for (size_t k = 0; !oom && k < pl->ntiers; k++) {
        as_review_tier *t = &rv->tiers[k];
        t->n = arr(rv, ni, sizeof *t->n, &oom);
        t->mean = arr(rv, ni, sizeof *t->mean, &oom);
        t->min = arr(rv, ni, sizeof *t->min, &oom);
        t->max = arr(rv, ni, sizeof *t->max, &oom);
    }
    return !oom;
}

static void read_provinces(as_review *rv)
{
    const as_plan *pl = rv->plan;
    const as_proposal *nat = rv->proposals->national;
    for (size_t s = 0; nat && nat->nerrors == 0 && s < pl->nstats; s++)
        rv->has_stat[s] = as_proposal_value(&pl->stats[s], &nat->items[s], &rv->stats[s]);
    for (size_t p = 0; p < rv->nprovinces; p++) {
        as_review_province *rp = &rv->provinces[p];
        rp->province = p;
        rp->tier = pl->ntiers ? pl->tier_of[p] : SIZE_MAX;
        rp->state = state_of(rv, p);
        read_base(rv, p);
        if (rp->state != AS_REVIEW_NO_PROPOSAL)
            read_items(rv, p);
        rv->nusable += rp->state == AS_REVIEW_OK;
        rv->ninconsistent += rp->inconsistent;
    }
}

/* Everything as proposed, then each adjustment in turn, then as adjusted. */
static int run(as_review *rv)
{
    const as_plan *pl = rv->plan;
    size_t cells = rv->nprovinces * pl->nitems;
    ctx c = {.rv = rv, .delta = calloc(cells ? cells : 1, sizeof(double))};
    double *before = calloc(cells ? cells : 1, sizeof(double));
    if (!c.delta || !before) {
        free(c.delta);
        free(before);
        return -1;
    }
    read_provinces(rv);
    for (size_t p = 0; p < rv->nprovinces; p++)
        compute_province(&c, p);
    for (size_t k = 0; k < pl->nfigures; k++) {
        include(&c, &rv->figures[k]);
        compute_figure(&c, &rv->figures[k]);
        if (rv->first_short == SIZE_MAX && rv->figures[k].has_goal && !rv->figures[k].met)
            rv->first_short = k;
    }
    for (size_t k = 0; k < pl->nadjustments; k++)
        solve(&c, k, before);
    recompute(&c);
    adjusted_items(&c);
    tier_stats(rv);
    effort_shares(rv);
    free(c.delta);
    free(before);
    return 0;
}

int as_review_run(const as_plan *p, const as_dataset *base, const as_proposals *ps, as_review **out,
                  as_diags *d)
{
    *out = NULL;
    gsl_set_error_handler_off(); /* GSL's statuses are checked; it must not abort */
    as_review *rv = calloc(1, sizeof *rv);
    if (rv && (rv->arena = as_arena_new(0)) != NULL) {
        rv->plan = p;
        rv->base = base;
        rv->proposals = ps;
        rv->nprovinces = p->rules->nprovinces;
        rv->first_short = SIZE_MAX;
    }
    if (!rv || !rv->arena || !allocate(rv) || run(rv) != 0) {
        as_diags_add(d, as_loc_make(p->path, 0, 0), "out of memory");
        as_review_free(rv);
        return -1;
    }
    *out = rv;
    return 0;
}

void as_review_free(as_review *rv)
{
    if (!rv)
        return;
    as_arena_free(rv->arena);
    free(rv);
}
