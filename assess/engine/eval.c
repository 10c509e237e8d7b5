/* eval: computing checks, statuses and grades province by province, with the
 * calculation trail.  Values come only through the dataset accessors and the
 * rule set's parsed formulas; nothing is re-parsed per indicator. */
#include "engine/eval.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/i18n.h"
#include "engine/eval_part.h"
#include "engine/select.h"

enum { MAX_QUANTITY_DEPTH = AS_EVAL_MAX_QUANTITY_DEPTH, MAX_TRACE = 4096, MAX_GAPS = 16 };

/* State while evaluating one province. */
typedef struct {
    const as_ruleset *r;
    const as_dataset *ds;
    const as_eval_opts *opts;
    as_arena *arena;   /* the evaluation's arena */
    size_t p;          /* province index */
    as_expr_env env;   /* lookup = this context */
    as_trace_item *tr; /* trace of the current check (malloc'd scratch) */
    size_t ntr, captr;
    int depth;                       /* quantity nesting */
    as_text nodata;                  /* first reason for no data in the current check, in the
                                        arena of env (en NULL: none yet, or no arena) */
    as_diags errs;                   /* the province's evaluation errors */
    const as_grade_def *fraud_grade; /* the grade fraud gives whatever the counts, or NULL */
    bool fraud_grade_known;          /* fraud_grade was worked out (only when needed: it
                                        evaluates the grading for every count) */
    double *memo;                    /* without a trail: quantity values of this province computed
                                        so far, per quantity x data-set year (malloc'd), or NULL */
    unsigned char *memo_has;         /* 1 where memo holds a value */
    struct {
        size_t param; /* a parameter the rules give no value for ... */
        int year;     /* ... this year: the rule set's gap, not a province's */
    } gaps[MAX_GAPS];
    size_t ngaps; /* of every province evaluated, each once (at most MAX_GAPS) */
} pctx;

/* ------------------------------------------------------------ trace */

static as_trace_item *trace_push(pctx *c, int kind, size_t index, int year)
{
    for (size_t i = 0; i < c->ntr; i++)
        if (c->tr[i].ref_kind == kind && c->tr[i].index == index && c->tr[i].year == year &&
            c->tr[i].depth == c->depth)
            return NULL; /* already recorded */
    if (c->ntr == c->captr) {
        as_trace_item *n = as_grow(c->tr, &c->captr, c->ntr + 1, sizeof *n, 32, MAX_TRACE);
        if (!n)
            return NULL;
        c->tr = n;
    }
    as_trace_item *t = &c->tr[c->ntr++];
    memset(t, 0, sizeof *t);
    t->ref_kind = kind;
    t->index = index;
    t->year = year;
    t->depth = c->depth;
    return t;
}

/* A new item of the current check's trail, or NULL (no trail, already
 * recorded, or out of room). */
static inline as_trace_item *trace_add(pctx *c, int kind, size_t index, int year)
{
    return c->opts->no_trace ? NULL : trace_push(c, kind, index, year);
}

typedef enum {
    NODATA_INPUT,
    NODATA_UNREAD,
    NODATA_VERIFIED,
    NODATA_TARGET,
    NODATA_PARAM
} nodata_kind;

/* The first reason for no data in the current check, in both languages
 * (only when there is an arena to keep it in). */
static void note_nodata(pctx *c, nodata_kind kind, const char *name, int year)
{
    as_arena *a = c->env.arena;
    if (c->nodata.en || !a)
        return;
    if (kind == NODATA_TARGET)
        c->nodata = as_text_printf(a, "no approved target '%s' for %d", name, year);
    else if (kind == NODATA_PARAM)
        c->nodata = as_text_printf(a,
                                   "the rules give parameter '%s' no value for %d: the rule "
                                   "set needs updating",
                                   name, year);
    else if (kind == NODATA_UNREAD)
        c->nodata = as_text_printf(a, "the figure of '%s' for %d could not be read: see its error",
                                   name, year);
    else if (kind == NODATA_VERIFIED)
        c->nodata = as_text_printf(a, "no data for '%s' in %d: the verified figures give none (~)",
                                   name, year);
    else
        c->nodata = as_text_printf(a, "no data for '%s' in %d", name, year);
}

/* Whether the catalogue translates fmt: a message that quotes another is
 * formatted once per language, each quoting the other in its own. */
static bool translated(const char *fmt)
{
    return strcmp(_(fmt), fmt) != 0;
}

/* ------------------------------------------------------------ lookups */

static as_eval_status look_input(pctx *c, size_t i, int year, double *out)
{
    double v = 0;
    as_loc loc = {0};
    bool verified = false;
    bool has = as_dataset_value(c->ds, c->p, year, i, c->opts->use_verified, &v, &loc, &verified);
    as_trace_item *t = trace_add(c, AS_REF_INPUT, i, year);
    if (t) {
        t->from = verified ? AS_FROM_VERIFIED : AS_FROM_REPORTED;
        t->has_value = has;
        t->value = v;
        t->loc = loc;
        if (verified) {
            size_t cell = c->p * (size_t)c->ds->nyears + (size_t)(year - c->ds->first_year);
            t->source = c->ds->verified[cell]->verified_by;
        }
    }
    if (!has) {
        const as_submission *s = verified ? NULL : as_dataset_submission(c->ds, c->p, year, false);
        nodata_kind kind = verified            ? NODATA_VERIFIED
                           : s && s->unread[i] ? NODATA_UNREAD
                                               : NODATA_INPUT;
        note_nodata(c, kind, c->r->inputs[i].id, year);
        return AS_EVAL_NO_DATA;
    }
    *out =
        c->opts->adjust ? c->opts->adjust(c->opts->adjust_ctx, AS_REF_INPUT, i, c->p, year, v) : v;
    return AS_EVAL_OK;
}

/* Why quantity qd could not be read in year: fail, quoted in each language. */
static as_text quantity_failed(as_arena *a, const as_quantity *qd, int year, as_text fail)
{
#define IN_QUANTITY N_("in quantity '%s' for %d: %s")
    as_text t = {as_arena_printf(a, IN_QUANTITY, qd->id, year, as_text_get(fail, false)), NULL};
    if (translated(IN_QUANTITY))
        t.tr = as_arena_printf(a, _(IN_QUANTITY), qd->id, year, as_text_get(fail, true));
    return t;
#undef IN_QUANTITY
}

static as_eval_status look_quantity(pctx *c, size_t q, int year, double *out, as_text *msg)
{
    const as_quantity *qd = &c->r->quantities[q];
    if (c->depth >= MAX_QUANTITY_DEPTH) {
        if (c->env.arena)
            *msg = as_text_printf(c->env.arena, "quantity '%s' nests deeper than %d levels", qd->id,
                                  MAX_QUANTITY_DEPTH);
        return AS_EVAL_ERROR;
    }
    /* without a trail a quantity is computed once per province and year: the
     * values it reads (and the adjust hook) cannot change within a province */
    size_t slot = c->memo && year >= c->ds->first_year && year <= c->ds->year
                      ? q * (size_t)c->ds->nyears + (size_t)(year - c->ds->first_year)
                      : (size_t)-1;
    if (slot != (size_t)-1 && c->memo_has[slot]) {
        *out = c->memo[slot];
        return AS_EVAL_OK;
    }
    as_trace_item *t = trace_add(c, AS_REF_QUANTITY, q, year);
    size_t ti = t ? (size_t)(t - c->tr) : (size_t)-1;
    if (t) {
        t->from = AS_FROM_COMPUTED;
        t->loc = qd->loc;
    }
    c->depth++;
    as_expr_fail fail;
    as_eval_status st = as_expr_eval(qd->formula.expr, &c->env, year, out, &fail);
    c->depth--;
    if (ti != (size_t)-1) { /* c->tr may have moved */
        c->tr[ti].has_value = st == AS_EVAL_OK;
        c->tr[ti].value = st == AS_EVAL_OK ? *out : 0;
    }
    if (st == AS_EVAL_ERROR && c->env.arena)
        *msg = quantity_failed(c->env.arena, qd, year, fail.msg);
    if (st == AS_EVAL_OK && slot != (size_t)-1) {
        c->memo[slot] = *out;
        c->memo_has[slot] = 1;
    }
    return st;
}

/* Remember that the rules give parameter i no value for year (once). */
static void note_gap(pctx *c, size_t i, int year)
{
    for (size_t k = 0; k < c->ngaps; k++)
        if (c->gaps[k].param == i && c->gaps[k].year == year)
            return;
    if (c->ngaps < MAX_GAPS) {
        c->gaps[c->ngaps].param = i;
        c->gaps[c->ngaps++].year = year;
    }
}

/* A parameter's value for year.  One the rules give for no period holding
 * year is a gap of the rule set (a grid factor not yet published for a new
 * year), no fault of the province: no data, as a target not yet approved. */
static as_eval_status look_param(pctx *c, size_t i, int year, double *out)
{
    const as_param *p = &c->r->params[i];
    const as_param_value *pv = as_rules_param_value(p, year);
    as_trace_item *t = trace_add(c, AS_REF_PARAM, i, year);
    if (t) {
        t->from = AS_FROM_PARAMETER;
        t->has_value = pv != NULL;
        t->value = pv ? pv->value : 0;
        t->loc = pv ? pv->loc : p->loc;
        t->source =
            pv ? as_arena_printf(c->arena, "%s (valid %d-%d)", pv->source, pv->from, pv->to) : NULL;
    }
    if (!pv) {
        note_nodata(c, NODATA_PARAM, p->id, year);
        note_gap(c, i, year);
        return AS_EVAL_NO_DATA;
    }
    *out = c->opts->adjust
               ? c->opts->adjust(c->opts->adjust_ctx, AS_REF_PARAM, i, c->p, year, pv->value)
               : pv->value;
    return AS_EVAL_OK;
}

static as_eval_status look_target(pctx *c, size_t i, int year, double *out)
{
    size_t cell = c->p * c->r->ntargets + i;
    bool has = c->ds->target_has[cell];
    as_trace_item *t = trace_add(c, AS_REF_TARGET, i, c->ds->year);
    (void)year;
    if (t) {
        t->from = AS_FROM_TARGET;
        t->has_value = has;
        t->value = has ? c->ds->target_values[cell] : 0;
        t->loc = c->ds->target_locs[cell];
    }
    if (!has) {
        note_nodata(c, NODATA_TARGET, c->r->targets[i].id, c->ds->year);
        return AS_EVAL_NO_DATA;
    }
    *out = c->ds->target_values[cell];
    return AS_EVAL_OK;
}

static as_eval_status lookup(void *ctx, const as_expr_ref *ref, int year, double *out, as_text *msg)
{
    pctx *c = ctx;
    switch (ref->kind) {
    case AS_REF_INPUT:
        return look_input(c, ref->index, year, out);
    case AS_REF_QUANTITY:
        return look_quantity(c, ref->index, year, out, msg);
    case AS_REF_PARAM:
        return look_param(c, ref->index, year, out);
    case AS_REF_TARGET:
        return look_target(c, ref->index, year, out);
    default:
        *out = ref->index == AS_BUILTIN_BASE_YEAR ? c->r->base_year : year;
        return AS_EVAL_OK;
    }
}

/* ------------------------------------------------------------ formulas */

/* Evaluate f for province p at year without a trail, failure messages
 * made in arena a (NULL: none); *nodata gets the first reason for no data. */
static as_eval_status formula_once(const as_ruleset *r, const as_dataset *ds,
                                   const as_eval_opts *opts, size_t p, const as_formula *f,
                                   int year, double *out, as_arena *a, as_expr_fail *fail,
                                   as_text *nodata)
{
    enum { MEMO_MAX = 256 };
    double memo[MEMO_MAX];
    unsigned char memo_has[MEMO_MAX];
    as_eval_opts mine = *opts;
    mine.no_trace = true; /* nothing to record it in */
    pctx c = {.r = r, .ds = ds, .opts = &mine, .p = p};
    c.env = (as_expr_env){lookup, &c, r->base_year, a};
    if (r->nquantities * (size_t)ds->nyears <= MEMO_MAX) { /* a quantity read twice: once */
        memset(memo_has, 0, sizeof memo_has);
        c.memo = memo;
        c.memo_has = memo_has;
    }
    as_eval_status st = as_expr_eval(f->expr, &c.env, year, out, fail);
    *nodata = c.nodata.en ? c.nodata : fail->msg;
    return st;
}

as_eval_status as_eval_formula(const as_ruleset *r, const as_dataset *ds, const as_eval_opts *opts,
                               size_t p, const as_formula *f, int year, double *out, as_diags *d)
{
    as_expr_fail fail;
    as_text why;
    as_eval_status st = formula_once(r, ds, opts, p, f, year, out, NULL, &fail, &why);
    if (st == AS_EVAL_OK || !d)
        return st;
    /* the same evaluation again, for its message: failures are rare, messages cost */
    as_arena *a = as_arena_new(0);
    double ignored;
    if (!a || formula_once(r, ds, opts, p, f, year, &ignored, a, &fail, &why) != st || !why.en)
        as_diags_add(d, as_formula_loc(f, 0), "out of memory");
    else if (st == AS_EVAL_NO_DATA)
        as_diags_add_text(d, AS_SEV_NOTE, as_formula_loc(f, fail.offset), why);
    else /* in English, as the trajectories and break-even values that quote it */
        as_diags_add_text(d, AS_SEV_ERROR, as_formula_loc(f, fail.offset),
                          (as_text){as_arena_printf(a, "%s (province %s, %d)", why.en,
                                                    r->provinces[p].code, year),
                                    NULL});
    as_arena_free(a);
    return st;
}

/* Evaluate one formula of check cd of ind; an error goes into errs with its
 * location. */
static as_eval_status eval_formula(pctx *c, const as_indicator *ind, const as_check_def *cd,
                                   const as_formula *f, double *out, as_diags *errs)
{
#define IN_CHECK N_("%s (check '%s' of indicator '%s', province %s, %d)")
    as_expr_fail fail;
    as_eval_status st = as_expr_eval(f->expr, &c->env, c->ds->year, out, &fail);
    if (st == AS_EVAL_ERROR) {
        char en[800], tr[1600];
        const char *code = c->r->provinces[c->p].code;
        snprintf(en, sizeof en, IN_CHECK, as_text_get(fail.msg, false), cd->name, ind->id, code,
                 c->ds->year);
        snprintf(tr, sizeof tr, _(IN_CHECK), as_text_get(fail.msg, true), cd->name, ind->id, code,
                 c->ds->year);
        as_diags_add_text(errs, AS_SEV_ERROR, as_formula_loc(f, fail.offset), (as_text){en, tr});
    }
#undef IN_CHECK
    return st;
}

/* Evaluate a check; its errors are moved to errs, or dropped when errs is
 * NULL (an exempt indicator), the first kept on the check either way. */
static void eval_check(pctx *c, const as_indicator *ind, const as_check_def *cd,
                       as_check_result *cr, as_diags *errs)
{
    as_diags mine;
    as_diags_init(&mine);
    c->ntr = 0;
    c->nodata = (as_text){NULL, NULL};
    cr->def = cd;
    as_eval_status sv = eval_formula(c, ind, cd, &cd->value, &cr->value, &mine);
    as_eval_status st = eval_formula(c, ind, cd, &cd->target, &cr->target, &mine);
    cr->has_value = sv == AS_EVAL_OK;
    cr->has_target = st == AS_EVAL_OK;
    if (!cr->has_value)
        cr->value = 0;
    if (!cr->has_target)
        cr->target = 0;
    cr->status = AS_STATUS_NO_DATA;
    cr->verdict = (as_verdict){0}; /* nothing compared */
    if (cr->has_value && cr->has_target) {
        if (c->opts->met_only)
            cr->verdict = (as_verdict){true, as_eval_met(cd, cr->value, cr->target), cr->value,
                                       cr->target, 0};
        else
            cr->verdict = as_eval_judge(cd, cr->value, cr->target);
        cr->status = cr->verdict.met ? AS_STATUS_MET : AS_STATUS_MISSED;
    }
    cr->no_data = c->nodata; /* made in c->arena */
    as_diag *first = mine.n ? as_arena_alloc(c->arena, sizeof *first) : NULL;
    if (first) {
        *first = as_diag_copy(c->arena, &mine.items[0]);
        cr->error = first;
    }
    if (errs)
        as_diags_move(errs, &mine);
    as_diags_release(&mine);
    if (!c->ntr)
        return;
    cr->trace = as_arena_alloc(c->arena, c->ntr * sizeof *cr->trace);
    if (cr->trace) {
        memcpy(cr->trace, c->tr, c->ntr * sizeof *cr->trace);
        cr->ntrace = c->ntr;
    }
}

const as_exemption *as_eval_exemption(const as_indicator *ind, size_t p)
{
    for (size_t i = 0; i < ind->nexempt; i++)
        if (ind->exempt[i].province == p)
            return &ind->exempt[i];
    return NULL;
}

static int eval_indicator(pctx *c, const as_indicator *ind, as_indicator_result *ir)
{
    ir->def = ind;
    ir->checks = as_arena_alloc(c->arena, ind->nchecks * sizeof *ir->checks);
    if (!ir->checks)
        return -1;
    ir->nchecks = ind->nchecks;
    bool missed = false, nodata = false;
    const as_exemption *ex = as_eval_exemption(ind, c->p);
    for (size_t k = 0; k < ind->nchecks; k++) {
        /* an exempt indicator is computed for information only: its errors
         * stay on its checks and do not void the province */
        eval_check(c, ind, &ind->checks[k], &ir->checks[k], ex ? NULL : &c->errs);
        missed = missed || ir->checks[k].status == AS_STATUS_MISSED;
        nodata = nodata || ir->checks[k].status == AS_STATUS_NO_DATA;
    }
    ir->has_value = ir->checks[0].has_value;
    ir->has_target = ir->checks[0].has_target;
    ir->value = ir->checks[0].value;
    ir->target = ir->checks[0].target;
    ir->status = as_eval_indicator_status(ex != NULL, missed, nodata);
    ir->exempt_reason = ex ? ex->reason : NULL;
    ir->counts_missed = as_eval_counts_missed(ind, ir->status);
    return 0;
}

/* ------------------------------------------------------------ plausibility */

/* A number as written everywhere: its shortest exact decimal form. */
static const char *num_text(double x, char *buf, size_t n)
{
    if (as_decimal_shortest(x, buf, n) != 0)
        snprintf(buf, n, "%g", x);
    return buf;
}

/* "coal_feedstock 12, coal 10": the inputs formula f reads directly in the
 * assessment year, with their values; *where gets the first one's place. */
static void read_values(pctx *c, const as_formula *f, char *buf, size_t n, as_loc *where)
{
    size_t nrefs, used = 0;
    const as_expr_ref *refs = as_expr_refs_const(f->expr, &nrefs);
    buf[0] = '\0';
    for (size_t i = 0; i < nrefs && used < n; i++) {
        double v;
        as_loc loc = {0};
        bool verified;
        char num[40];
        if (refs[i].kind != AS_REF_INPUT || refs[i].year_kind != AS_YEAR_CURRENT ||
            !as_dataset_value(c->ds, c->p, c->ds->year, refs[i].index, c->opts->use_verified, &v,
                              &loc, &verified))
            continue;
        if (!where->file)
            *where = loc;
        int w = snprintf(buf + used, n - used, "%s%s %s", used ? ", " : "", refs[i].name,
                         num_text(v, num, sizeof num));
        used += w > 0 ? (size_t)w : 0;
    }
}

/* A formula that must hold: a diagnostic of its severity when it does not,
 * at the first input it reads, in each language with the check's own name. */
static void check_require(pctx *c, const as_plaus_def *pd)
{
#define REQUIRE_FAILED N_("implausible figures: %s ('%s' does not hold: %s)")
    as_expr_fail fail;
    double v;
    as_eval_status st = as_expr_eval(pd->require.expr, &c->env, c->ds->year, &v, &fail);
    if (st == AS_EVAL_NO_DATA || (st == AS_EVAL_OK && v != 0))
        return;
#define NOT_EVALUATED N_("plausibility check '%s' could not be evaluated for province %s: %s")
    if (st == AS_EVAL_ERROR) {
        char en[800], tr[1600];
        const char *code = c->r->provinces[c->p].code;
        snprintf(en, sizeof en, NOT_EVALUATED, pd->id, code, as_text_get(fail.msg, false));
        snprintf(tr, sizeof tr, _(NOT_EVALUATED), pd->id, code, as_text_get(fail.msg, true));
        as_diags_add_text(&c->errs, AS_SEV_WARNING, as_formula_loc(&pd->require, fail.offset),
                          (as_text){en, tr});
        return;
    }
#undef NOT_EVALUATED
    char vals[600], en[1200], tr[1200];
    as_loc where = {0};
    read_values(c, &pd->require, vals, sizeof vals, &where);
    const as_submission *s = as_dataset_submission(c->ds, c->p, c->ds->year, false);
    if (!where.file) /* it reads only quantities: the submission as a whole */
        where = as_loc_make(s ? s->file : NULL, 0, 0);
    const char *text = as_expr_text(pd->require.expr);
    snprintf(en, sizeof en, REQUIRE_FAILED, pd->name_en, text, vals);
    bool has_tr = translated(REQUIRE_FAILED);
    if (has_tr)
        snprintf(tr, sizeof tr, _(REQUIRE_FAILED), pd->name_zh, text, vals);
    as_diags_add_text(&c->errs, pd->severity, where, (as_text){en, has_tr ? tr : NULL});
#undef REQUIRE_FAILED
}

/* The change bound of input i, or NULL. */
static const as_plaus_def *change_bound(const as_ruleset *r, size_t i)
{
    for (size_t k = 0; k < r->nplausibility; k++)
        if (r->plausibility[k].kind == AS_PLAUS_CHANGE && r->plausibility[k].input == i)
            return &r->plausibility[k];
    return NULL;
}

/* Input i against the previous year: a unit slip, else a change beyond its
 * bound. */
static void check_change(pctx *c, size_t i)
{
    const as_input *in = &c->r->inputs[i];
    const as_plaus_def *bound = change_bound(c->r, i);
    double now, prev;
    as_loc loc, ploc;
    bool verified;
    int year = c->ds->year;
    if ((!bound && !c->r->nslip_factors) ||
        !as_dataset_value(c->ds, c->p, year, i, c->opts->use_verified, &now, &loc, &verified) ||
        !as_dataset_value(c->ds, c->p, year - 1, i, c->opts->use_verified, &prev, &ploc,
                          &verified) ||
        prev == 0 || now == 0)
        return;
    double ratio = now / prev;
    char a[40], b[40], f[40], unit[200], unit_zh[200];
    for (size_t k = 0; k < c->r->nslip_factors; k++) {
        double x = c->r->slip_factors[k], w = c->r->slip_within;
        if (ratio >= x / w && ratio <= x * w) {
            num_text(now, a, sizeof a);
            num_text(prev, b, sizeof b);
            as_diags_add_sev(&c->errs, c->r->slip_severity, loc,
                             "'%s' is %s, about %s times its %d figure %s: is it in another "
                             "unit? it is read in %s%.0s",
                             in->id, a, num_text(x, f, sizeof f), year - 1, b,
                             as_input_unit_text(in, false, unit, sizeof unit),
                             as_input_unit_text(in, true, unit_zh, sizeof unit_zh));
            return;
        }
    }
    if (bound && fabs(ratio - 1) > bound->max_change) {
        num_text(now, a, sizeof a);
        num_text(prev, b, sizeof b);
        as_diags_add_sev(&c->errs, bound->severity, loc,
                         "'%s' is %s, %+.1f%% from its %d figure %s, more than the %.0f%% the "
                         "rules expect in a year: check it",
                         in->id, a, (ratio - 1) * 100, year - 1, b, bound->max_change * 100);
    }
}

/* The rule set's plausibility checks of the province's figures for the
 * assessment year, into c->errs. */
static void check_plausibility(pctx *c)
{
    for (size_t k = 0; k < c->r->nplausibility; k++)
        if (c->r->plausibility[k].kind == AS_PLAUS_REQUIRE)
            check_require(c, &c->r->plausibility[k]);
    for (size_t i = 0; i < c->r->ninputs; i++)
        check_change(c, i);
}

/* ------------------------------------------------------------ provinces */

/* Keep every diagnostic of the province in the evaluation's arena, and one
 * more error counting those a full list dropped. */
static void keep_diags(pctx *c, as_province_result *pr, const as_diags *ds)
{
    size_t more = ds->dropped_errors ? 1 : 0;
    pr->diags = as_arena_alloc(c->arena, (ds->n + more + 1) * sizeof *pr->diags);
    if (!pr->diags)
        return;
    for (size_t i = 0; i < ds->n; i++) {
        const as_diag *e = &ds->items[i];
        pr->diags[pr->ndiags++] = as_diag_copy(c->arena, e);
        pr->nwarnings += e->sev == AS_SEV_WARNING;
        pr->nerrors += e->sev == AS_SEV_ERROR;
    }
    if (more) {
        as_diag *e = &pr->diags[pr->ndiags++];
        *e = (as_diag){.loc = as_loc_make(c->ds->dir, 0, 0), .sev = AS_SEV_ERROR};
        e->text = as_text_printf(c->arena, "%zu more errors not shown", ds->dropped_errors);
        pr->nerrors++;
    }
}

/* The grade the grading gives for fraud whatever the counts, or NULL when it
 * depends on them (then unreadable data with fraud stay ungraded). */
static const as_grade_def *grade_for_fraud(const as_ruleset *r)
{
    const as_grade_def *g = as_rules_grade(r, 0, 0, true);
    for (size_t cm = 0; g && cm <= r->ncontrol; cm++)
        for (size_t sm = 0; g && sm <= r->nsupport; sm++)
            if (as_rules_grade(r, (int)cm, (int)sm, true) != g)
                g = NULL;
    return g;
}

/* The grade of a province whose indicators were counted, or, when its data
 * could not be read or evaluated, the grade a fraud finding gives (none
 * without one: invalid). */
static void grade(pctx *c, as_province_result *pr, const as_diags *diags)
{
    if (c->opts->use_findings && c->ds->findings[c->p].loc.line) {
        pr->finding = &c->ds->findings[c->p];
        pr->fraud = pr->finding->fraud;
    }
    keep_diags(c, pr, diags);
    if (as_diags_count(diags)) {
        if (pr->fraud && !c->fraud_grade_known) {
            c->fraud_grade = grade_for_fraud(c->r);
            c->fraud_grade_known = true;
        }
        pr->grade = pr->fraud ? c->fraud_grade : NULL;
        pr->invalid = !pr->grade;
        return;
    }
    pr->grade = as_rules_grade(c->r, pr->control_missed, pr->support_missed, pr->fraud);
}

static void collect_overrides(pctx *c, as_province_result *pr)
{
    const as_dataset *ds = c->ds;
    size_t cap = 0;
    for (int y = ds->first_year; y <= ds->year; y++) {
        size_t cell = c->p * (size_t)ds->nyears + (size_t)(y - ds->first_year);
        const as_submission *v = ds->verified[cell], *s = ds->reported[cell];
        for (size_t i = 0; v && i < c->r->ninputs; i++) {
            bool given = v->has[i] || v->locs[i].line > 0; /* a value, or ~ */
            bool reported = s && s->has[i];
            if (!given || (v->has[i] && reported && s->values[i] == v->values[i]) ||
                (!v->has[i] && !reported))
                continue; /* not verified, or verified as reported */
            if (pr->noverrides == cap) {
                cap = cap ? cap * 2 : 8;
                as_override *n = as_arena_alloc(c->arena, cap * sizeof *n);
                if (!n)
                    return;
                if (pr->noverrides)
                    memcpy(n, pr->overrides, pr->noverrides * sizeof *n);
                pr->overrides = n;
            }
            as_override *o = &pr->overrides[pr->noverrides++];
            o->input = i;
            o->year = y;
            o->has_reported = reported;
            o->reported = reported ? s->values[i] : 0;
            o->reported_loc = s ? s->locs[i] : as_loc_make(NULL, 0, 0);
            o->has_verified = v->has[i];
            o->verified = v->has[i] ? v->values[i] : 0;
            o->verified_loc = v->locs[i];
            o->verified_by = v->verified_by;
        }
    }
}

static void eval_province(pctx *c, as_province_result *pr)
{
    const as_ruleset *r = c->r;
    const as_dataset *ds = c->ds;
    size_t cell = c->p * (size_t)ds->nyears + (size_t)(ds->year - ds->first_year);
    pr->province = &r->provinces[c->p];
    pr->index = c->p;
    pr->submission_file = ds->reported[cell] ? ds->reported[cell]->file : NULL;
    pr->verified_file =
        c->opts->use_verified && ds->verified[cell] ? ds->verified[cell]->file : NULL;
    /* the diagnostics of reading its files come first, in the order found */
    const as_diags *files = &ds->province_errors[c->p];
    as_diags_release(&c->errs);
    as_diags_init(&c->errs);
    for (size_t i = 0; i < files->n; i++)
        as_diags_copy(&c->errs, &files->items[i]);
    c->errs.dropped += files->dropped;
    c->errs.dropped_errors += files->dropped_errors;
    if (as_diags_count(files)) {
        grade(c, pr, &c->errs);
        return;
    }
    if (c->opts->use_verified)
        collect_overrides(c, pr);
    if (c->memo_has)
        memset(c->memo_has, 0, r->nquantities * (size_t)ds->nyears);
    pr->indicators = as_arena_alloc(c->arena, r->nindicators * sizeof *pr->indicators);
    if (!pr->indicators)
        return;
    pr->nindicators = r->nindicators;
    for (size_t i = 0; i < r->nindicators; i++) {
        as_indicator_result *ir = &pr->indicators[i];
        if (c->opts->one_indicator && i != c->opts->indicator)
            continue;
        if (eval_indicator(c, &r->indicators[i], ir) != 0)
            return;
        if (ir->counts_missed && r->indicators[i].kind == AS_KIND_CONTROL)
            pr->control_missed++;
        else if (ir->counts_missed)
            pr->support_missed++;
    }
    if (!c->opts->adjust) /* the figures as given, not an analysis's what-if */
        check_plausibility(c);
    grade(c, pr, &c->errs);
}

/* Whether province p is to be evaluated under opts. */
static bool chosen(const as_eval_opts *opts, size_t p)
{
    if (opts->only >= 0)
        return (size_t)opts->only == p;
    return !opts->select || opts->select[p];
}

/* Set up c to evaluate provinces of ev's rules and data into arena a: without
 * a trail, quantities are remembered per province and year. */
static void start(pctx *c, const as_evaluation *ev, as_arena *a, const as_eval_opts *opts)
{
    const as_ruleset *r = ev->rules;
    memset(c, 0, sizeof *c);
    c->r = r;
    c->ds = ev->data;
    c->opts = opts;
    c->arena = a;
    as_diags_init(&c->errs);
    c->env.lookup = lookup;
    c->env.ctx = c;
    c->env.base_year = r->base_year;
    c->env.arena = a; /* messages of failures, kept with the results that quote them */
    if (opts->no_trace && r->nquantities) {
        size_t n = r->nquantities * (size_t)ev->data->nyears;
        c->memo = malloc(n * sizeof *c->memo);
        c->memo_has = malloc(n);
        if (!c->memo || !c->memo_has) { /* compute every quantity every time instead */
            free(c->memo);
            free(c->memo_has);
            c->memo = NULL;
            c->memo_has = NULL;
        }
    }
}

static void finish(pctx *c)
{
    as_diags_release(&c->errs);
    free(c->tr);
    free(c->memo);
    free(c->memo_has);
    c->tr = NULL;
    c->memo = NULL;
    c->memo_has = NULL;
}

/* The years parameter p gives values for, into buf (size n): its entries'
 * ranges with those that follow on joined ("2022-2026", "2005-2010, 2015"). */
static void years_given(const as_param *p, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t v = 0; v < p->nvalues && used < n; v++) {
        int from = p->values[v].from, to = p->values[v].to;
        while (v + 1 < p->nvalues && p->values[v + 1].from == to + 1)
            to = p->values[++v].to;
        int w = from == to ? snprintf(buf + used, n - used, "%s%d", used ? ", " : "", from)
                           : snprintf(buf + used, n - used, "%s%d-%d", used ? ", " : "", from, to);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* Say each gap of the rule set once, at the parameter in the rules. */
static void say_gaps(const pctx *c, as_diags *d)
{
    for (size_t k = 0; k < c->ngaps; k++) {
        const as_param *p = &c->r->params[c->gaps[k].param];
        char valid[200];
        years_given(p, valid, sizeof valid);
        as_diags_warn(d, p->loc,
                      "the rules give parameter '%s' (%s) no value for %d, only for %s: every "
                      "check that needs it has no data until the rule set gives one",
                      p->id, p->name_zh ? p->name_zh : p->id, c->gaps[k].year, valid);
    }
}

as_eval_opts as_eval_defaults(void)
{
    as_eval_opts o = {.use_verified = true, .use_findings = true, .only = -1};
    return o;
}

int as_evaluate(const as_ruleset *r, const as_dataset *ds, int year, const as_eval_opts *opts,
                as_evaluation **out, as_diags *d)
{
    *out = NULL;
    if (as_select_years_in_rules(r, &year, 1, d) != 0)
        return -1;
    if (ds->year != year || ds->rules != r) {
        as_diags_add(d, as_loc_make(ds->dir, 0, 0), "data set was loaded for %d, not %d", ds->year,
                     year);
        return -1;
    }
    size_t n = 0;
    for (size_t p = 0; p < r->nprovinces; p++)
        n += chosen(opts, p);
    as_evaluation *ev = calloc(1, sizeof *ev);
    if (!ev || !(ev->arena = as_arena_new(0)) ||
        (n && !(ev->provinces = as_arena_alloc(ev->arena, n * sizeof *ev->provinces)))) {
        as_evaluation_free(ev);
        as_diags_add(d, as_loc_make(ds->dir, 0, 0), "out of memory");
        return -1;
    }
    ev->rules = r;
    ev->data = ds;
    ev->year = year;
    ev->has_notified = ds->has_notified;
    ev->notified = ds->notified;
    ev->opts = *opts;
    ev->opts.only = -1;
    ev->opts.select = NULL;
    pctx c;
    start(&c, ev, ev->arena, opts);
    for (size_t p = 0; p < r->nprovinces; p++) {
        if (!chosen(opts, p))
            continue;
        c.p = p;
        as_province_result *pr = &ev->provinces[ev->nprovinces++];
        eval_province(&c, pr);
        ev->ninvalid += pr->invalid;
        ev->nerrored += pr->nerrors > 0;
    }
    if (!opts->adjust) /* once, not for every draw of an analysis */
        say_gaps(&c, d);
    finish(&c);
    *out = ev;
    return 0;
}

int as_evaluation_trail(const as_evaluation *ev, size_t i, as_arena *a, as_province_result *out)
{
    const as_province_result *src = &ev->provinces[i];
    if (!ev->opts.no_trace) {
        *out = *src;
        return 0;
    }
    as_eval_opts o = ev->opts;
    o.no_trace = false;
    pctx c;
    start(&c, ev, a, &o);
    c.p = src->index;
    memset(out, 0, sizeof *out);
    eval_province(&c, out);
    finish(&c);
    if (out->nindicators != src->nindicators || out->nerrors != src->nerrors)
        return -1; /* out of memory on the way */
    out->has_deadline = src->has_deadline;
    out->deadline = src->deadline;
    out->deadline_error = src->deadline_error;
    out->deadline_rule = src->deadline_rule;
    out->deadline_years = src->deadline_years;
    return 0;
}

void as_evaluation_free(as_evaluation *ev)
{
    if (!ev)
        return;
    as_arena_free(ev->arena);
    free(ev);
}

const char *as_status_name(as_status s)
{
    static const char *const names[] = {"met", "missed", "no_data", "exempt"};
    return names[s];
}
