/* eval: computing checks, statuses and grades province by province, with the
 * calculation trail.  Values come only through the dataset accessors and the
 * rule set's parsed formulas; nothing is re-parsed per indicator. */
#include "engine/eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_QUANTITY_DEPTH = 32, MAX_TRACE = 4096 };

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
    int depth;        /* quantity nesting */
    char nodata[200]; /* first reason for no data in the current check */
    char error[400];  /* first evaluation error in the province, or "" */
} pctx;

/* ------------------------------------------------------------ trace */

static as_trace_item *trace_add(pctx *c, int kind, size_t index, int year)
{
    for (size_t i = 0; i < c->ntr; i++)
        if (c->tr[i].ref_kind == kind && c->tr[i].index == index && c->tr[i].year == year &&
            c->tr[i].depth == c->depth)
            return NULL; /* already recorded */
    if (c->ntr == c->captr) {
        size_t cap = c->captr ? c->captr * 2 : 32;
        as_trace_item *n = cap <= MAX_TRACE ? realloc(c->tr, cap * sizeof *n) : NULL;
        if (!n)
            return NULL;
        c->tr = n;
        c->captr = cap;
    }
    as_trace_item *t = &c->tr[c->ntr++];
    memset(t, 0, sizeof *t);
    t->ref_kind = kind;
    t->index = index;
    t->year = year;
    t->depth = c->depth;
    return t;
}

static void note_nodata(pctx *c, bool target, const char *name, int year)
{
    if (c->nodata[0])
        return;
    if (target)
        snprintf(c->nodata, sizeof c->nodata, "no approved target '%s' for %d", name, year);
    else
        snprintf(c->nodata, sizeof c->nodata, "no data for '%s' in %d", name, year);
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
        note_nodata(c, false, c->r->inputs[i].id, year);
        return AS_EVAL_NO_DATA;
    }
    *out = v;
    return AS_EVAL_OK;
}

static as_eval_status look_quantity(pctx *c, size_t q, int year, double *out, char *msg,
                                    size_t msglen)
{
    const as_quantity *qd = &c->r->quantities[q];
    if (c->depth >= MAX_QUANTITY_DEPTH) {
        snprintf(msg, msglen, "quantity '%s' nests deeper than %d levels", qd->id,
                 MAX_QUANTITY_DEPTH);
        return AS_EVAL_ERROR;
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
    if (st == AS_EVAL_ERROR)
        snprintf(msg, msglen, "in quantity '%s' for %d: %s", qd->id, year, fail.msg);
    return st;
}

static as_eval_status look_param(pctx *c, size_t i, int year, double *out, char *msg, size_t msglen)
{
    const as_param *p = &c->r->params[i];
    const as_param_value *pv = as_rules_param_value(p, year);
    if (!pv) {
        int n = snprintf(msg, msglen, "parameter '%s' is not valid for %d (valid:", p->id, year);
        for (size_t k = 0; k < p->nvalues && n > 0 && (size_t)n < msglen; k++)
            n +=
                snprintf(msg + n, msglen - (size_t)n, " %d-%d", p->values[k].from, p->values[k].to);
        if (n > 0 && (size_t)n < msglen)
            snprintf(msg + n, msglen - (size_t)n, ")");
        return AS_EVAL_ERROR;
    }
    as_trace_item *t = trace_add(c, AS_REF_PARAM, i, year);
    if (t) {
        t->from = AS_FROM_PARAMETER;
        t->has_value = true;
        t->value = pv->value;
        t->loc = pv->loc;
        t->source = as_arena_printf(c->arena, "%s (valid %d-%d)", pv->source, pv->from, pv->to);
    }
    *out = pv->value;
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
        note_nodata(c, true, c->r->targets[i].id, c->ds->year);
        return AS_EVAL_NO_DATA;
    }
    *out = c->ds->target_values[cell];
    return AS_EVAL_OK;
}

static as_eval_status lookup(void *ctx, const as_expr_ref *ref, int year, double *out, char *msg,
                             size_t msglen)
{
    pctx *c = ctx;
    switch (ref->kind) {
    case AS_REF_INPUT:
        return look_input(c, ref->index, year, out);
    case AS_REF_QUANTITY:
        return look_quantity(c, ref->index, year, out, msg, msglen);
    case AS_REF_PARAM:
        return look_param(c, ref->index, year, out, msg, msglen);
    case AS_REF_TARGET:
        return look_target(c, ref->index, year, out);
    default:
        *out = ref->index == AS_BUILTIN_BASE_YEAR ? c->r->base_year : year;
        return AS_EVAL_OK;
    }
}

/* ------------------------------------------------------------ checks */

double as_round(double x, int decimals)
{
    if (decimals < 0)
        return x;
    double f = pow(10.0, decimals);
    if (fabs(x) >= 9007199254740992.0 / f) /* 2^53: no fraction left to round */
        return x;
    return round(x * f) / f;
}

static bool compare(as_cmp cmp, double v, double t)
{
    switch (cmp) {
    case AS_CMP_LE:
        return v <= t;
    case AS_CMP_LT:
        return v < t;
    case AS_CMP_GE:
        return v >= t;
    case AS_CMP_GT:
        return v > t;
    default:
        return v == t;
    }
}

/* Evaluate one formula; an error is recorded once for the province. */
static as_eval_status eval_formula(pctx *c, const as_formula *f, const char *what, double *out)
{
    as_expr_fail fail;
    as_eval_status st = as_expr_eval(f->expr, &c->env, c->ds->year, out, &fail);
    if (st == AS_EVAL_ERROR && !c->error[0]) {
        as_loc l = as_formula_loc(f, fail.offset);
        snprintf(c->error, sizeof c->error, "%s:%d:%d: error: %s (%s, province %s, %d)", l.file,
                 l.line, l.col, fail.msg, what, c->r->provinces[c->p].code, c->ds->year);
    }
    return st;
}

static void eval_check(pctx *c, const as_indicator *ind, const as_check_def *cd,
                       as_check_result *cr)
{
    char what[160];
    snprintf(what, sizeof what, "check '%s' of indicator '%s'", cd->name, ind->id);
    c->ntr = 0;
    c->nodata[0] = '\0';
    cr->def = cd;
    as_eval_status sv = eval_formula(c, &cd->value, what, &cr->value);
    as_eval_status st = eval_formula(c, &cd->target, what, &cr->target);
    cr->has_value = sv == AS_EVAL_OK;
    cr->has_target = st == AS_EVAL_OK;
    if (!cr->has_value)
        cr->value = 0;
    if (!cr->has_target)
        cr->target = 0;
    if (cr->has_value && cr->has_target)
        cr->status = compare(cd->cmp, as_round(cr->value, ind->decimals),
                             as_round(cr->target, ind->decimals))
                         ? AS_STATUS_MET
                         : AS_STATUS_MISSED;
    else
        cr->status = AS_STATUS_NO_DATA;
    if (c->nodata[0])
        cr->no_data = as_arena_strdup(c->arena, c->nodata);
    cr->trace = as_arena_alloc(c->arena, (c->ntr ? c->ntr : 1) * sizeof *cr->trace);
    if (cr->trace && c->ntr) {
        memcpy(cr->trace, c->tr, c->ntr * sizeof *cr->trace);
        cr->ntrace = c->ntr;
    }
}

static const as_exemption *exemption(const as_indicator *ind, size_t p)
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
    const as_exemption *ex = exemption(ind, c->p);
    bool clean = !c->error[0];
    for (size_t k = 0; k < ind->nchecks; k++) {
        eval_check(c, ind, &ind->checks[k], &ir->checks[k]);
        missed = missed || ir->checks[k].status == AS_STATUS_MISSED;
        nodata = nodata || ir->checks[k].status == AS_STATUS_NO_DATA;
    }
    ir->has_value = ir->checks[0].has_value;
    ir->has_target = ir->checks[0].has_target;
    ir->value = ir->checks[0].value;
    ir->target = ir->checks[0].target;
    if (ex) {
        /* computed for information only: an error here does not void the province */
        if (clean)
            c->error[0] = '\0';
        ir->status = AS_STATUS_EXEMPT;
        ir->exempt_reason = ex->reason;
    } else {
        ir->status = missed ? AS_STATUS_MISSED : nodata ? AS_STATUS_NO_DATA : AS_STATUS_MET;
    }
    ir->counts_missed = ir->status == AS_STATUS_MISSED ||
                        (ir->status == AS_STATUS_NO_DATA && !ind->no_data_counts_met);
    return 0;
}

/* ------------------------------------------------------------ provinces */

static void set_invalid(pctx *c, as_province_result *pr, const as_diags *errs)
{
    pr->invalid = true;
    pr->grade = NULL;
    size_t n = errs ? errs->n : 1;
    pr->errors = as_arena_alloc(c->arena, n * sizeof *pr->errors);
    if (!pr->errors)
        return;
    if (!errs) {
        pr->errors[0] = as_arena_strdup(c->arena, c->error);
        pr->nerrors = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char *s = as_diag_format(&errs->items[i]);
        pr->errors[pr->nerrors] = as_arena_strdup(c->arena, s ? s : "out of memory");
        pr->nerrors++;
        free(s);
    }
}

static void collect_overrides(pctx *c, as_province_result *pr)
{
    const as_dataset *ds = c->ds;
    size_t cap = 0;
    for (int y = ds->first_year; y <= ds->year; y++) {
        size_t cell = c->p * (size_t)ds->nyears + (size_t)(y - ds->first_year);
        const as_submission *v = ds->verified[cell], *s = ds->reported[cell];
        for (size_t i = 0; v && i < c->r->ninputs; i++) {
            if (!v->has[i] || (s && s->has[i] && s->values[i] == v->values[i]))
                continue;
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
            o->has_reported = s && s->has[i];
            o->reported = o->has_reported ? s->values[i] : 0;
            o->reported_loc = s ? s->locs[i] : as_loc_make(NULL, 0, 0);
            o->verified = v->values[i];
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
    if (ds->province_errors[c->p].n) {
        set_invalid(c, pr, &ds->province_errors[c->p]);
        return;
    }
    if (c->opts->use_verified)
        collect_overrides(c, pr);
    pr->indicators = as_arena_alloc(c->arena, r->nindicators * sizeof *pr->indicators);
    if (!pr->indicators)
        return;
    pr->nindicators = r->nindicators;
    c->error[0] = '\0';
    for (size_t i = 0; i < r->nindicators; i++) {
        as_indicator_result *ir = &pr->indicators[i];
        if (eval_indicator(c, &r->indicators[i], ir) != 0)
            return;
        if (ir->counts_missed && r->indicators[i].kind == AS_KIND_CONTROL)
            pr->control_missed++;
        else if (ir->counts_missed)
            pr->support_missed++;
    }
    if (c->error[0]) {
        set_invalid(c, pr, NULL);
        return;
    }
    if (c->opts->use_findings && ds->findings[c->p].loc.line) {
        pr->finding = &ds->findings[c->p];
        pr->fraud = pr->finding->fraud;
    }
    pr->grade = as_rules_grade(r, pr->control_missed, pr->support_missed, pr->fraud);
}

as_eval_opts as_eval_defaults(void)
{
    as_eval_opts o = {true, true, -1};
    return o;
}

int as_evaluate(const as_ruleset *r, const as_dataset *ds, int year, const as_eval_opts *opts,
                as_evaluation **out, as_diags *d)
{
    *out = NULL;
    if (year < r->year_from || year > r->year_to) {
        as_diags_add(d, as_loc_make(r->path, 0, 0),
                     "the rules apply to assessment years %d-%d, not %d", r->year_from, r->year_to,
                     year);
        return -1;
    }
    if (ds->year != year || ds->rules != r) {
        as_diags_add(d, as_loc_make(ds->dir, 0, 0), "data set was loaded for %d, not %d", ds->year,
                     year);
        return -1;
    }
    as_evaluation *ev = calloc(1, sizeof *ev);
    if (!ev || !(ev->arena = as_arena_new(0)) ||
        !(ev->provinces = as_arena_alloc(ev->arena, r->nprovinces * sizeof *ev->provinces))) {
        as_evaluation_free(ev);
        as_diags_add(d, as_loc_make(ds->dir, 0, 0), "out of memory");
        return -1;
    }
    ev->rules = r;
    ev->data = ds;
    ev->year = year;
    ev->has_notified = ds->has_notified;
    ev->notified = ds->notified;
    pctx c = {.r = r, .ds = ds, .opts = opts, .arena = ev->arena};
    c.env.lookup = lookup;
    c.env.ctx = &c;
    c.env.base_year = r->base_year;
    for (size_t p = 0; p < r->nprovinces; p++) {
        if (opts->only >= 0 && (size_t)opts->only != p)
            continue;
        c.p = p;
        as_province_result *pr = &ev->provinces[ev->nprovinces++];
        eval_province(&c, pr);
        ev->ninvalid += pr->invalid;
    }
    free(c.tr);
    *out = ev;
    return 0;
}

void as_evaluation_set_deadlines(as_evaluation *ev, const as_calendar *cal, as_date notified)
{
    ev->has_notified = true;
    ev->notified = notified;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        as_province_result *pr = &ev->provinces[i];
        pr->has_deadline = false;
        pr->deadline_error = NULL;
        pr->deadline_rule = pr->deadline_years = NULL;
        if (pr->invalid || !pr->grade || pr->grade->rectification_days <= 0)
            continue;
        as_diags d;
        as_diags_init(&d);
        if (as_calendar_deadline(cal, notified, pr->grade->rectification_days, true, &pr->deadline,
                                 &d) == 0) {
            pr->has_deadline = true;
            char *rule = as_calendar_rule_text(&pr->deadline, AS_CAL_EN);
            char *years = as_calendar_years_text(cal, &pr->deadline, AS_CAL_EN);
            pr->deadline_rule = as_arena_strdup(ev->arena, rule);
            pr->deadline_years = as_arena_strdup(ev->arena, years);
            free(rule);
            free(years);
        } else if (d.n) {
            char *s = as_diag_format(&d.items[0]);
            pr->deadline_error = as_arena_strdup(ev->arena, s ? s : "out of memory");
            free(s);
        }
        as_diags_release(&d);
    }
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
