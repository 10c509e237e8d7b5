/* json_out: serialising an evaluation as JSON: provinces in code order,
 * indicators in rule-file order, numbers in their shortest exact form. */
#include "cli/json_out.h"

#include <stdlib.h>
#include <string.h>

#include "engine/decimal.h"

static void str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* The shortest decimal that reads back as exactly v. */
static void num(FILE *f, bool has, double v)
{
    char buf[40];
    if (!has || as_decimal_shortest(v, buf, sizeof buf) != 0)
        fputs("null", f);
    else
        fputs(buf, f);
}

/* A diagnostic as its "file:line:col: error: ..." line, or null. */
static void diag_str(FILE *f, const as_diag *e)
{
    char *line = e ? as_diag_format(e) : NULL;
    str(f, e ? (line ? line : "out of memory") : NULL);
    free(line);
}

static void integer(FILE *f, bool has, long v)
{
    if (has)
        fprintf(f, "%ld", v);
    else
        fputs("null", f);
}

static void date(FILE *f, bool has, as_date d)
{
    char buf[11];
    if (has)
        fprintf(f, "\"%s\"", as_date_format(d, buf));
    else
        fputs("null", f);
}

/* A check over the Monte Carlo draws, with Approach 1 beside it. */
static void check_uncertainty(FILE *f, const as_check_result *c, const as_uncertainty_check *uc)
{
    if (!uc) {
        fputs("null", f);
        return;
    }
    fputs("{\"mean\": ", f);
    num(f, true, uc->mean);
    fputs(", \"p2_5\": ", f);
    num(f, true, uc->lower);
    fputs(", \"p97_5\": ", f);
    num(f, true, uc->upper);
    fputs(", \"probability_met\": ", f);
    num(f, true, uc->p_met);
    fprintf(f, ", \"borderline\": %s, \"draws\": %zu", uc->borderline ? "true" : "false", uc->n);
    fputs(", \"approach1\": {\"lower\": ", f);
    num(f, true, c->value - uc->a1_half);
    fputs(", \"upper\": ", f);
    num(f, true, c->value + uc->a1_half);
    fputs(", \"half_width\": ", f);
    num(f, true, uc->a1_half);
    fputs("}}", f);
}

void as_json_string(FILE *f, const char *s)
{
    str(f, s);
}

void as_json_number(FILE *f, bool has, double v)
{
    num(f, has, v);
}

void as_json_check_keys(FILE *f, const as_check_result *c)
{
    const as_check_def *cd = c->def;
    fputs("\"name\": ", f);
    str(f, cd->name);
    fputs(", \"value\": ", f);
    num(f, c->has_value, c->value);
    fputs(", \"target\": ", f);
    num(f, c->has_target, c->target);
    fprintf(f, ", \"compare\": \"%s\", \"status\": \"%s\", \"met\": %s", as_cmp_text(cd->cmp),
            as_status_name(c->status), c->status == AS_STATUS_MET ? "true" : "false");
    fputs(", \"no_data\": ", f);
    str(f, c->no_data.en);
    fputs(", \"error\": ", f);
    diag_str(f, c->error);
    fprintf(f, ",\n         \"rounding\": \"%s\", \"judgement\": \"%s\", \"decimals\": ",
            as_rounding_name(cd->rounding), as_judgement_name(cd->judgement));
    integer(f, cd->decimals >= 0, cd->decimals);
    fputs(", \"value_compared\": ", f);
    num(f, c->has_value, c->verdict.value);
    fputs(", \"target_compared\": ", f);
    num(f, c->has_target, c->verdict.target);
}

static void check(FILE *f, const as_check_result *c, const as_uncertainty_check *uc)
{
    fputc('{', f);
    as_json_check_keys(f, c);
    fputs(",\n         \"uncertainty\": ", f);
    check_uncertainty(f, c, uc);
    fputc('}', f);
}

void as_json_indicator_keys(FILE *f, const as_indicator_result *ir)
{
    fputs("\"id\": ", f);
    str(f, ir->def->id);
    fprintf(f, ", \"kind\": \"%s\", \"status\": \"%s\", \"value\": ", as_kind_name(ir->def->kind),
            as_status_name(ir->status));
    num(f, ir->has_value, ir->value);
    fputs(", \"target\": ", f);
    num(f, ir->has_target, ir->target);
    fputs(", \"unit\": ", f);
    str(f, ir->def->unit);
    fprintf(f, ", \"counts_as_missed\": %s", ir->counts_missed ? "true" : "false");
    fputs(", \"exempt_reason\": ", f);
    str(f, ir->exempt_reason);
}

static void indicator(FILE *f, const as_indicator_result *ir, const as_uncertainty *u, size_t i,
                      size_t k)
{
    const as_uncertainty_indicator *ui = as_uncertainty_indicator_of(u, i, k);
    fputc('{', f);
    as_json_indicator_keys(f, ir);
    fputs(", \"checks\": [", f);
    for (size_t c = 0; c < ir->nchecks; c++) {
        if (c)
            fputs(", ", f);
        check(f, &ir->checks[c], as_uncertainty_check_of(u, i, k, c));
    }
    fputs("], \"probability_met\": ", f);
    num(f, ui != NULL, ui ? ui->p_met : 0);
    fputs(", \"borderline\": ", f);
    fputs(!ui ? "null" : ui->borderline ? "true" : "false", f);
    fputc('}', f);
}

/* One verified figure that replaced a different reported one. */
static void override(FILE *f, const as_ruleset *r, const as_override *o, size_t i)
{
    fputs(i ? ", {\"input\": " : "{\"input\": ", f);
    str(f, r->inputs[o->input].id);
    fprintf(f, ", \"year\": %d, \"reported\": ", o->year);
    num(f, o->has_reported, o->reported);
    fputs(", \"verified\": ", f);
    num(f, o->has_verified, o->verified);
    fputs(", \"verified_by\": ", f);
    str(f, o->verified_by);
    fputc('}', f);
}

/* A pair of numbers, or null. */
static void pair(FILE *f, bool has, double a, double b)
{
    if (!has) {
        fputs("null", f);
        return;
    }
    fputc('[', f);
    num(f, true, a);
    fputs(", ", f);
    num(f, true, b);
    fputc(']', f);
}

static void grade_probabilities(FILE *f, const as_ruleset *r, const as_uncertainty_province *up)
{
    if (!up) {
        fputs("null", f);
        return;
    }
    fputc('{', f);
    for (size_t g = 0; g < r->ngrades; g++) {
        str(f, r->grades[g].id);
        fputs(": ", f);
        num(f, true, up->p_grade[g]);
        fputs(", ", f);
    }
    fputs("\"invalid\": ", f);
    num(f, true, up->p_invalid);
    fputc('}', f);
}

static void path_point(FILE *f, const as_trajectory *tr, const as_traj_point *pt, size_t k)
{
    double lo = 0, hi = 0;
    as_traj_basis b = as_trajectory_interval(tr, pt, &lo, &hi);
    fprintf(f, "%s{\"year\": %d, \"required\": ", k ? ", " : "", pt->year);
    num(f, pt->has_required, pt->required);
    fputs(", \"projected\": ", f);
    num(f, true, pt->proj.value);
    fputs(", \"lower\": ", f);
    num(f, b != AS_TRAJ_BASIS_NONE, lo);
    fputs(", \"upper\": ", f);
    num(f, b != AS_TRAJ_BASIS_NONE, hi);
    fputc('}', f);
}

static void trajectory(FILE *f, const as_trajectory *tr)
{
    bool ok = !tr->error;
    double lo = 0, hi = 0;
    as_traj_basis b = ok ? as_trajectory_interval(tr, NULL, &lo, &hi) : AS_TRAJ_BASIS_NONE;
    fputs("{\"indicator\": ", f);
    str(f, tr->ind->id);
    fputs(", \"check\": ", f);
    str(f, tr->cd->name);
    fprintf(f, ", \"measure\": \"%s\", \"base_year\": %d, \"final_year\": %d, \"target\": ",
            as_plan_measure_name(tr->cd->plan.measure), tr->base_year, tr->final_year);
    num(f, tr->has_target, tr->target);
    fputs(",\n        \"observed\": [", f);
    for (size_t o = 0; o < tr->nobs; o++) {
        fprintf(f, "%s{\"year\": %d, \"value\": ", o ? ", " : "", tr->years[o]);
        num(f, true, tr->values[o]);
        fputc('}', f);
    }
    fputs("], \"observed_rate\": ", f);
    num(f, ok && tr->has_observed_rate, tr->observed_rate);
    fputs(", \"required_rate\": ", f);
    num(f, ok && tr->has_required_rate, tr->required_rate);
    fprintf(f, ",\n        \"method\": \"%s\", \"projection\": ",
            as_traj_method_name(ok ? tr->proj.method : AS_TRAJ_NONE));
    num(f, ok, tr->proj.value);
    fputs(", \"interval\": ", f);
    pair(f, b != AS_TRAJ_BASIS_NONE, lo, hi);
    fputs(", \"interval_basis\": ", f);
    str(f, b != AS_TRAJ_BASIS_NONE ? as_traj_basis_name(b) : NULL);
    fputs(", \"at_risk\": ", f);
    fputs(!ok || !tr->has_target ? "null" : tr->at_risk ? "true" : "false", f);
    fputs(", \"probability_at_risk\": ", f);
    num(f, ok && tr->has_draws && tr->has_target, tr->p_at_risk);
    fputs(", \"monte_carlo_interval\": ", f);
    pair(f, ok && tr->has_draws, tr->mc_lower, tr->mc_upper);
    fputs(", \"monte_carlo_draws\": ", f);
    integer(f, ok && tr->has_draws, (long)tr->ndrawn);
    fputs(",\n        \"path\": [", f);
    for (size_t k = 0; ok && k < tr->npath; k++)
        path_point(f, tr, &tr->path[k], k);
    fputs("], \"error\": ", f);
    str(f, tr->error);
    fputc('}', f);
}

void as_json_diags(FILE *f, const as_diag *diags, size_t n, as_severity sev)
{
    fputc('[', f);
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (diags[i].sev != sev)
            continue;
        char *line = as_diag_format(&diags[i]);
        fputs(first ? "" : ", ", f);
        str(f, line ? line : "out of memory");
        free(line);
        first = false;
    }
    fputc(']', f);
}

static void province(FILE *f, const as_evaluation *ev, size_t i, const as_json_analyses *an)
{
    const as_province_result *pr = &ev->provinces[i];
    const as_uncertainty *u = an->uncertainty;
    const as_trajectories *t = an->trajectories;
    fputs("    {\"code\": ", f);
    str(f, pr->province->code);
    fputs(", \"name_zh\": ", f);
    str(f, pr->province->name_zh);
    fputs(", \"name_en\": ", f);
    str(f, pr->province->name_en);
    fputs(", \"grade\": ", f);
    str(f, pr->invalid ? "invalid" : pr->grade ? pr->grade->id : NULL);
    fputs(", \"error\": ", f);
    const as_diag *first = NULL;
    for (size_t e = 0; e < pr->ndiags && !first; e++)
        first = pr->diags[e].sev == AS_SEV_ERROR ? &pr->diags[e] : NULL;
    diag_str(f, first);
    fputs(", \"errors\": ", f);
    as_json_diags(f, pr->diags, pr->ndiags, AS_SEV_ERROR);
    fputs(", \"warnings\": ", f);
    as_json_diags(f, pr->diags, pr->ndiags, AS_SEV_WARNING);
    fputs(", \"notes\": ", f);
    as_json_diags(f, pr->diags, pr->ndiags, AS_SEV_NOTE);
    fprintf(f, ", \"fraud\": %s, \"control_missed\": ", pr->fraud ? "true" : "false");
    integer(f, !pr->nerrors, pr->control_missed);
    fputs(", \"support_missed\": ", f);
    integer(f, !pr->nerrors, pr->support_missed);
    fputs(",\n     \"indicators\": [", f);
    for (size_t k = 0; k < pr->nindicators; k++) {
        fputs(k ? ",\n       " : "\n       ", f);
        indicator(f, &pr->indicators[k], u, i, k);
    }
    fputs("],\n     \"rectification_deadline\": ", f);
    date(f, pr->has_deadline, pr->deadline.date);
    fprintf(f, ", \"deadline_provisional\": %s",
            pr->has_deadline && pr->deadline.provisional ? "true" : "false");
    fputs(", \"deadline_error\": ", f);
    diag_str(f, pr->deadline_error);
    fputs(",\n     \"deadline_rule\": ", f);
    str(f, pr->deadline_rule.en);
    fputs(", \"deadline_calendar\": ", f);
    str(f, pr->deadline_years.en);
    fputs(",\n     \"verified_overrides\": [", f);
    for (size_t o = 0; o < pr->noverrides; o++)
        override(f, ev->rules, &pr->overrides[o], o);
    fputs("],\n     \"grade_probabilities\": ", f);
    grade_probabilities(f, ev->rules, as_uncertainty_province_of(u, i));
    fputs(",\n     \"trajectory\": [", f);
    for (size_t j = 0; t && j < t->nplans; j++) {
        fputs(j ? ",\n       " : "\n       ", f);
        trajectory(f, as_trajectory_of(t, i, j));
    }
    fputs("]}", f);
}

/* The method, the run's seed and draws, and every declaration used. */
static void uncertainty(FILE *f, const as_ruleset *r, const as_uncertainty *u)
{
    if (!u) {
        fputs("null", f);
        return;
    }
    fprintf(f, "{\"method\": \"monte_carlo\", \"draws\": %ld, \"seed\": %lu, \"rng\": ", u->draws,
            u->seed);
    str(f, u->rng);
    fprintf(f, ", \"random_per_draw\": %zu, \"approach1_sources\": %zu, \"source\": ", u->nrandom,
            u->na1);
    str(f, r->uncertainty_source);
    fputs(",\n   \"declared\": [", f);
    for (size_t k = 0; k < r->nuncertainty; k++) {
        const as_uncertainty_def *d = &r->uncertainty[k];
        fprintf(f, "%s{\"%s\": ", k ? ",\n     " : "\n     ",
                d->section                    ? "section"
                : d->ref_kind == AS_REF_INPUT ? "input"
                                              : "parameter");
        str(f, d->name);
        fprintf(f, ", \"distribution\": \"%s\", \"spread\": ", as_distribution_name(d->dist));
        num(f, true, d->spread);
        fprintf(f, ", \"correlation\": \"%s\", \"source\": ", as_correlation_name(d->corr));
        str(f, d->source);
        fputc('}', f);
    }
    fputs("]}", f);
}

int as_json_write(FILE *f, const as_evaluation *ev, const as_json_analyses *an)
{
    static const as_json_analyses none = {NULL, NULL};
    if (!an)
        an = &none;
    fprintf(f, "{\"assessment_year\": %d, \"rules\": ", ev->year);
    str(f, ev->rules->path);
    fputs(", \"ruleset_id\": ", f);
    str(f, ev->rules->id);
    fputs(", \"data\": ", f);
    str(f, ev->data->dir);
    fprintf(f, ", \"illustrative\": %s", ev->data->illustrative ? "true" : "false");
    fprintf(f, ",\n  \"rounding\": \"%s\", \"judgement\": \"%s\", \"judged_by\": ",
            as_rounding_name(ev->rules->rounding), as_judgement_name(ev->rules->judgement));
    str(f, ev->rules->judged_en);
    fputs(", \"notified\": ", f);
    date(f, ev->has_notified, ev->notified);
    fputs(",\n  \"uncertainty\": ", f);
    uncertainty(f, ev->rules, an->uncertainty);
    fputs(",\n  \"provinces\": [\n", f);
    for (size_t i = 0; i < ev->nprovinces; i++) {
        if (i)
            fputs(",\n", f);
        province(f, ev, i, an);
    }
    fputs("\n  ]}\n", f);
    return ferror(f) ? -1 : 0;
}

int as_json_years_begin(FILE *f, const int *years, size_t n)
{
    fputs("{\"assessment_years\": [", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%d", i ? ", " : "", years[i]);
    fputs("],\n \"years\": [\n", f);
    return ferror(f) ? -1 : 0;
}

int as_json_years_next(FILE *f, size_t i)
{
    if (i)
        fputs(",\n", f);
    return ferror(f) ? -1 : 0;
}

int as_json_years_end(FILE *f, const as_json_failed *failed, size_t nfailed)
{
    fputs("],\n \"failed_years\": [", f);
    for (size_t i = 0; i < nfailed; i++) {
        fprintf(f, "%s{\"assessment_year\": %d, \"errors\": [", i ? ", " : "", failed[i].year);
        for (size_t e = 0; e < failed[i].nerrors; e++) {
            if (e)
                fputs(", ", f);
            str(f, failed[i].errors[e]);
        }
        fputs("]}", f);
    }
    fputs("]}\n", f);
    return ferror(f) ? -1 : 0;
}
