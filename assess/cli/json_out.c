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

static void check(FILE *f, const as_check_result *c)
{
    const as_check_def *cd = c->def;
    fputs("{\"name\": ", f);
    str(f, cd->name);
    fputs(", \"value\": ", f);
    num(f, c->has_value, c->value);
    fputs(", \"target\": ", f);
    num(f, c->has_target, c->target);
    fprintf(f, ", \"compare\": \"%s\", \"status\": \"%s\", \"met\": %s", as_cmp_text(cd->cmp),
            as_status_name(c->status), c->status == AS_STATUS_MET ? "true" : "false");
    fputs(", \"no_data\": ", f);
    str(f, c->no_data);
    fputs(", \"error\": ", f);
    str(f, c->error);
    fprintf(f, ",\n         \"rounding\": \"%s\", \"judgement\": \"%s\", \"decimals\": ",
            as_rounding_name(cd->rounding), as_judgement_name(cd->judgement));
    integer(f, cd->decimals >= 0, cd->decimals);
    fputs(", \"value_compared\": ", f);
    num(f, c->has_value, c->verdict.value);
    fputs(", \"target_compared\": ", f);
    num(f, c->has_target, c->verdict.target);
    fputc('}', f);
}

static void indicator(FILE *f, const as_indicator_result *ir)
{
    fputs("{\"id\": ", f);
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
    fputs(", \"checks\": [", f);
    for (size_t k = 0; k < ir->nchecks; k++) {
        if (k)
            fputs(", ", f);
        check(f, &ir->checks[k]);
    }
    fputs("]}", f);
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

static void province(FILE *f, const as_ruleset *rules, const as_province_result *pr)
{
    fputs("    {\"code\": ", f);
    str(f, pr->province->code);
    fputs(", \"name_zh\": ", f);
    str(f, pr->province->name_zh);
    fputs(", \"name_en\": ", f);
    str(f, pr->province->name_en);
    fputs(", \"grade\": ", f);
    str(f, pr->invalid ? "invalid" : pr->grade ? pr->grade->id : NULL);
    fputs(", \"error\": ", f);
    str(f, pr->nerrors ? pr->errors[0] : NULL);
    fputs(", \"errors\": [", f);
    for (size_t i = 0; i < pr->nerrors; i++) {
        if (i)
            fputs(", ", f);
        str(f, pr->errors[i]);
    }
    fprintf(f, "], \"fraud\": %s, \"control_missed\": ", pr->fraud ? "true" : "false");
    integer(f, !pr->nerrors, pr->control_missed);
    fputs(", \"support_missed\": ", f);
    integer(f, !pr->nerrors, pr->support_missed);
    fputs(",\n     \"indicators\": [", f);
    for (size_t i = 0; i < pr->nindicators; i++) {
        fputs(i ? ",\n       " : "\n       ", f);
        indicator(f, &pr->indicators[i]);
    }
    fputs("],\n     \"rectification_deadline\": ", f);
    date(f, pr->has_deadline, pr->deadline.date);
    fprintf(f, ", \"deadline_provisional\": %s",
            pr->has_deadline && pr->deadline.provisional ? "true" : "false");
    fputs(", \"deadline_error\": ", f);
    str(f, pr->deadline_error);
    fputs(",\n     \"deadline_rule\": ", f);
    str(f, pr->deadline_rule);
    fputs(", \"deadline_calendar\": ", f);
    str(f, pr->deadline_years);
    fputs(",\n     \"verified_overrides\": [", f);
    for (size_t i = 0; i < pr->noverrides; i++)
        override(f, rules, &pr->overrides[i], i);
    fputs("]}", f);
}

int as_json_write(FILE *f, const as_evaluation *ev)
{
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
    fputs(",\n  \"provinces\": [\n", f);
    for (size_t i = 0; i < ev->nprovinces; i++) {
        if (i)
            fputs(",\n", f);
        province(f, ev->rules, &ev->provinces[i]);
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
