/* evaljson: an evaluation and its analyses as the JSON of docs/json.md,
 * key by key through the streaming writer. */
#include "report/evaljson.h"

#include <stdlib.h>

/* A diagnostic as its "file:line:col: error: ..." line, or null. */
static void diag_line(as_json *j, const as_diag *e)
{
    char *line = e ? as_diag_format(e) : NULL;
    as_json_string(j, e ? (line ? line : "out of memory") : NULL);
    free(line);
}

static void date(as_json *j, const char *key, bool has, as_date d)
{
    char buf[11];
    as_json_put_string(j, key, has ? as_date_format(d, buf) : NULL);
}

void as_evaljson_diags(as_json *j, const as_diag *diags, size_t n, as_severity sev)
{
    as_json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        if (diags[i].sev == sev)
            diag_line(j, &diags[i]);
    as_json_end(j);
}

/* ------------------------------------------------------------ checks and indicators */

void as_evaljson_check_keys(as_json *j, const as_check_result *c)
{
    const as_check_def *cd = c->def;
    as_json_put_string(j, "name", cd->name);
    as_json_put_number(j, "value", c->has_value, c->value);
    as_json_put_number(j, "target", c->has_target, c->target);
    as_json_put_string(j, "compare", as_cmp_text(cd->cmp));
    as_json_put_string(j, "status", as_status_name(c->status));
    as_json_put_bool(j, "met", c->status == AS_STATUS_MET);
    as_json_put_string(j, "no_data", c->no_data.en);
    as_json_key(j, "error");
    diag_line(j, c->error);
    as_json_put_string(j, "rounding", as_rounding_name(cd->rounding));
    as_json_put_string(j, "judgement", as_judgement_name(cd->judgement));
    as_json_put_integer(j, "decimals", cd->decimals >= 0, cd->decimals);
    as_json_put_number(j, "value_compared", c->verdict.compared, c->verdict.value);
    as_json_put_number(j, "target_compared", c->verdict.compared, c->verdict.target);
}

/* A check over the Monte Carlo draws, with Approach 1 beside it. */
static void check_uncertainty(as_json *j, const as_check_result *c, const as_uncertainty_check *uc)
{
    if (!uc) {
        as_json_null(j);
        return;
    }
    as_json_begin_object(j);
    as_json_put_number(j, "mean", true, uc->mean);
    as_json_put_number(j, "p2_5", true, uc->lower);
    as_json_put_number(j, "p97_5", true, uc->upper);
    as_json_put_number(j, "probability_met", true, uc->p_met);
    as_json_put_bool(j, "borderline", uc->borderline);
    as_json_put_integer(j, "draws", true, (long)uc->n);
    as_json_put_object(j, "approach1");
    as_json_put_number(j, "lower", true, c->value - uc->a1_half);
    as_json_put_number(j, "upper", true, c->value + uc->a1_half);
    as_json_put_number(j, "half_width", true, uc->a1_half);
    as_json_end(j);
    as_json_end(j);
}

void as_evaljson_indicator_keys(as_json *j, const as_indicator_result *ir)
{
    as_json_put_string(j, "id", ir->def->id);
    as_json_put_string(j, "kind", as_kind_name(ir->def->kind));
    as_json_put_string(j, "status", as_status_name(ir->status));
    as_json_put_number(j, "value", ir->has_value, ir->value);
    as_json_put_number(j, "target", ir->has_target, ir->target);
    as_json_put_string(j, "unit", ir->def->unit);
    as_json_put_bool(j, "counts_as_missed", ir->counts_missed);
    as_json_put_string(j, "exempt_reason", ir->exempt_reason);
}

static void indicator(as_json *j, const as_indicator_result *ir, const as_uncertainty *u, size_t i,
                      size_t k)
{
    const as_uncertainty_indicator *ui = as_uncertainty_indicator_of(u, i, k);
    as_json_begin_object(j);
    as_evaljson_indicator_keys(j, ir);
    as_json_put_array(j, "checks");
    for (size_t c = 0; c < ir->nchecks; c++) {
        as_json_begin_object(j);
        as_evaljson_check_keys(j, &ir->checks[c]);
        as_json_key(j, "uncertainty");
        check_uncertainty(j, &ir->checks[c], as_uncertainty_check_of(u, i, k, c));
        as_json_end(j);
    }
    as_json_end(j);
    as_json_put_number(j, "probability_met", ui != NULL, ui ? ui->p_met : 0);
    if (ui)
        as_json_put_bool(j, "borderline", ui->borderline);
    else
        as_json_put_null(j, "borderline");
    as_json_end(j);
}

/* ------------------------------------------------------------ trajectories */

/* A pair of numbers, or null. */
static void pair(as_json *j, const char *key, bool has, double a, double b)
{
    if (!has) {
        as_json_put_null(j, key);
        return;
    }
    as_json_put_array(j, key);
    as_json_number(j, true, a);
    as_json_number(j, true, b);
    as_json_end(j);
}

static void path_point(as_json *j, const as_trajectory *tr, const as_traj_point *pt)
{
    double lo = 0, hi = 0;
    as_traj_basis b = as_trajectory_interval(tr, pt, &lo, &hi);
    as_json_begin_object(j);
    as_json_put_integer(j, "year", true, pt->year);
    as_json_put_number(j, "required", pt->has_required, pt->required);
    as_json_put_number(j, "projected", true, pt->proj.value);
    as_json_put_number(j, "lower", b != AS_TRAJ_BASIS_NONE, lo);
    as_json_put_number(j, "upper", b != AS_TRAJ_BASIS_NONE, hi);
    as_json_end(j);
}

/* Rates, the projection and its intervals (null where there are none). */
static void projection(as_json *j, const as_trajectory *tr, bool ok)
{
    double lo = 0, hi = 0;
    as_traj_basis b = ok ? as_trajectory_interval(tr, NULL, &lo, &hi) : AS_TRAJ_BASIS_NONE;
    as_json_put_number(j, "observed_rate", ok && tr->has_observed_rate, tr->observed_rate);
    as_json_put_number(j, "required_rate", ok && tr->has_required_rate, tr->required_rate);
    as_json_put_string(j, "method", as_traj_method_name(ok ? tr->proj.method : AS_TRAJ_NONE));
    as_json_put_number(j, "projection", ok, tr->proj.value);
    pair(j, "interval", b != AS_TRAJ_BASIS_NONE, lo, hi);
    as_json_put_string(j, "interval_basis", b != AS_TRAJ_BASIS_NONE ? as_traj_basis_name(b) : NULL);
    as_json_put_bool(j, "interval_uninformative", ok && as_traj_uninformative(&tr->proj));
    if (!ok || !tr->has_target)
        as_json_put_null(j, "at_risk");
    else
        as_json_put_bool(j, "at_risk", tr->at_risk);
    as_json_put_number(j, "probability_at_risk", ok && tr->has_draws && tr->has_target,
                       tr->p_at_risk);
    pair(j, "monte_carlo_interval", ok && tr->has_draws, tr->mc_lower, tr->mc_upper);
    as_json_put_integer(j, "monte_carlo_draws", ok && tr->has_draws, (long)tr->ndrawn);
}

static void trajectory(as_json *j, const as_trajectory *tr)
{
    bool ok = !tr->why.en;
    as_json_begin_object(j);
    as_json_put_string(j, "indicator", tr->ind->id);
    as_json_put_string(j, "check", tr->cd->name);
    as_json_put_string(j, "measure", as_plan_measure_name(tr->cd->plan.measure));
    as_json_put_integer(j, "base_year", true, tr->base_year);
    as_json_put_integer(j, "final_year", true, tr->final_year);
    as_json_put_number(j, "target", tr->has_target, tr->target);
    as_json_put_array(j, "observed");
    for (size_t o = 0; o < tr->nobs; o++) {
        as_json_begin_object(j);
        as_json_put_integer(j, "year", true, tr->years[o]);
        as_json_put_number(j, "value", true, tr->values[o]);
        as_json_end(j);
    }
    as_json_end(j);
    projection(j, tr, ok);
    as_json_put_array(j, "path");
    for (size_t k = 0; ok && k < tr->npath; k++)
        path_point(j, tr, &tr->path[k]);
    as_json_end(j);
    as_json_put_string(j, "error", tr->why.en);
    as_json_end(j);
}

/* ------------------------------------------------------------ provinces */

/* The first error of two lists of diagnostics, or NULL. */
static const as_diag *first_error(const as_diag *a, size_t na, const as_diag *b, size_t nb)
{
    for (size_t i = 0; i < na; i++)
        if (a[i].sev == AS_SEV_ERROR)
            return &a[i];
    for (size_t i = 0; i < nb; i++)
        if (b[i].sev == AS_SEV_ERROR)
            return &b[i];
    return NULL;
}

/* Both lists' diagnostics of one severity, as one list. */
static void diags2(as_json *j, const char *key, const as_diag *a, size_t na, const as_diag *b,
                   size_t nb, as_severity sev)
{
    as_json_put_array(j, key);
    for (size_t i = 0; i < na + nb; i++) {
        const as_diag *e = i < na ? &a[i] : &b[i - na];
        if (e->sev == sev)
            diag_line(j, e);
    }
    as_json_end(j);
}

void as_evaljson_province_keys(as_json *j, const as_province_result *pr, const as_diags *before)
{
    const as_diag *a = before ? before->items : NULL, *b = pr ? pr->diags : NULL;
    size_t na = before ? before->n : 0, nb = pr ? pr->ndiags : 0;
    bool file_errors = before && as_diags_count(before); /* check: judged as far as read */
    bool counted = pr && !pr->nerrors && !file_errors;
    as_json_put_string(j, "code", pr ? pr->province->code : NULL);
    as_json_put_string(j, "name_zh", pr ? pr->province->name_zh : NULL);
    as_json_put_string(j, "name_en", pr ? pr->province->name_en : NULL);
    as_json_put_string(j, "grade",
                       !pr                                        ? NULL
                       : pr->invalid || !pr->grade || file_errors ? "invalid"
                                                                  : pr->grade->id);
    as_json_key(j, "error");
    diag_line(j, first_error(a, na, b, nb));
    diags2(j, "errors", a, na, b, nb, AS_SEV_ERROR);
    diags2(j, "warnings", a, na, b, nb, AS_SEV_WARNING);
    diags2(j, "notes", a, na, b, nb, AS_SEV_NOTE);
    if (pr)
        as_json_put_bool(j, "fraud", pr->fraud);
    else
        as_json_put_null(j, "fraud");
    as_json_put_integer(j, "control_missed", counted, counted ? pr->control_missed : 0);
    as_json_put_integer(j, "support_missed", counted, counted ? pr->support_missed : 0);
}

/* One verified figure that replaced a different reported one. */
static void override(as_json *j, const as_ruleset *r, const as_override *o)
{
    as_json_begin_object(j);
    as_json_put_string(j, "input", r->inputs[o->input].id);
    as_json_put_integer(j, "year", true, o->year);
    as_json_put_number(j, "reported", o->has_reported, o->reported);
    as_json_put_number(j, "verified", o->has_verified, o->verified);
    as_json_put_string(j, "verified_by", o->verified_by);
    as_json_end(j);
}

static void grade_probabilities(as_json *j, const as_ruleset *r, const as_uncertainty_province *up)
{
    if (!up) {
        as_json_put_null(j, "grade_probabilities");
        return;
    }
    as_json_put_object(j, "grade_probabilities");
    for (size_t g = 0; g < r->ngrades; g++)
        as_json_put_number(j, r->grades[g].id, true, up->p_grade[g]);
    as_json_put_number(j, "invalid", true, up->p_invalid);
    as_json_end(j);
}

static void deadline(as_json *j, const as_province_result *pr)
{
    date(j, "rectification_deadline", pr->has_deadline, pr->deadline.date);
    as_json_put_bool(j, "deadline_provisional", pr->has_deadline && pr->deadline.provisional);
    as_json_key(j, "deadline_error");
    diag_line(j, pr->deadline_error);
    as_json_put_string(j, "deadline_rule", pr->deadline_rule.en);
    as_json_put_string(j, "deadline_calendar", pr->deadline_years.en);
}

static void province(as_json *j, const as_evaluation *ev, size_t i, const as_json_analyses *an)
{
    const as_province_result *pr = &ev->provinces[i];
    const as_uncertainty *u = an->uncertainty;
    const as_trajectories *t = an->trajectories;
    as_json_begin_object(j);
    as_evaljson_province_keys(j, pr, NULL);
    as_json_put_array(j, "indicators");
    for (size_t k = 0; k < pr->nindicators; k++)
        indicator(j, &pr->indicators[k], u, i, k);
    as_json_end(j);
    deadline(j, pr);
    as_json_put_array(j, "verified_overrides");
    for (size_t o = 0; o < pr->noverrides; o++)
        override(j, ev->rules, &pr->overrides[o]);
    as_json_end(j);
    grade_probabilities(j, ev->rules, as_uncertainty_province_of(u, i));
    as_json_put_array(j, "trajectory");
    for (size_t k = 0; t && k < t->nplans; k++)
        trajectory(j, as_trajectory_of(t, i, k));
    as_json_end(j);
    as_json_end(j);
}

/* ------------------------------------------------------------ documents */

/* The method, the run's seed and draws, and every declaration used. */
static void uncertainty(as_json *j, const as_ruleset *r, const as_uncertainty *u)
{
    if (!u) {
        as_json_put_null(j, "uncertainty");
        return;
    }
    as_json_put_object(j, "uncertainty");
    as_json_put_string(j, "method", "monte_carlo");
    as_json_put_integer(j, "draws", true, u->draws);
    as_json_put_integer(j, "seed", true, (long)u->seed);
    as_json_put_string(j, "rng", u->rng);
    as_json_put_integer(j, "random_per_draw", true, (long)u->nrandom);
    as_json_put_integer(j, "approach1_sources", true, (long)u->na1);
    as_json_put_string(j, "source", r->uncertainty_source);
    as_json_put_array(j, "declared");
    for (size_t k = 0; k < r->nuncertainty; k++) {
        const as_uncertainty_def *d = &r->uncertainty[k];
        as_json_begin_object(j);
        as_json_put_string(j,
                           d->section                    ? "section"
                           : d->ref_kind == AS_REF_INPUT ? "input"
                                                         : "parameter",
                           d->name);
        as_json_put_string(j, "distribution", as_distribution_name(d->dist));
        as_json_put_number(j, "spread", true, d->spread);
        as_json_put_string(j, "correlation", as_correlation_name(d->corr));
        as_json_put_string(j, "source", d->source);
        as_json_end(j);
    }
    as_json_end(j);
    as_json_end(j);
}

void as_evaljson_year(as_json *j, const as_evaluation *ev, const as_json_analyses *an)
{
    static const as_json_analyses none = {NULL, NULL};
    const as_ruleset *r = ev->rules;
    if (!an)
        an = &none;
    as_json_begin_object(j);
    as_json_put_integer(j, "assessment_year", true, ev->year);
    as_json_put_string(j, "rules", r->path);
    as_json_put_string(j, "ruleset_id", r->id);
    as_json_put_string(j, "data", ev->data->dir);
    as_json_put_bool(j, "illustrative", ev->data->illustrative);
    as_json_put_string(j, "rounding", as_rounding_name(r->rounding));
    as_json_put_string(j, "judgement", as_judgement_name(r->judgement));
    as_json_put_string(j, "judged_by", r->judged.en);
    date(j, "notified", ev->has_notified, ev->notified);
    uncertainty(j, r, an->uncertainty);
    as_json_put_array(j, "provinces");
    for (size_t i = 0; i < ev->nprovinces; i++)
        province(j, ev, i, an);
    as_json_end(j);
    as_json_end(j);
}

void as_evaljson_years_begin(as_json *j, const int *years, size_t n)
{
    as_json_begin_object(j);
    as_json_put_array(j, "assessment_years");
    for (size_t i = 0; i < n; i++)
        as_json_integer(j, true, years[i]);
    as_json_end(j);
    as_json_put_array(j, "years");
}

void as_evaljson_years_end(as_json *j, const as_json_failed *failed, size_t nfailed,
                           const int *empty, size_t nempty)
{
    as_json_end(j);
    as_json_put_array(j, "failed_years");
    for (size_t i = 0; i < nfailed; i++) {
        as_json_begin_object(j);
        as_json_put_integer(j, "assessment_year", true, failed[i].year);
        as_json_put_array(j, "errors"); /* every diagnostic of the year, as printed */
        for (size_t e = 0; e < failed[i].ndiags; e++)
            diag_line(j, &failed[i].diags[e]);
        as_json_end(j);
        as_json_end(j);
    }
    as_json_end(j);
    as_json_put_array(j, "empty_years"); /* asked, without a submission: not evaluated */
    for (size_t i = 0; i < nempty; i++)
        as_json_integer(j, true, empty[i]);
    as_json_end(j);
    as_json_end(j);
}
