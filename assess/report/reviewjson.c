/* reviewjson: serialising a target review as JSON: the plan, the national
 * figures, the adjustments, the tiers and the provinces in code order,
 * written through the one streaming writer (json.h). */
#include "report/reviewjson.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/json.h"

/* ------------------------------------------------------------ the document */

static const char *display_name(as_display d)
{
    return d == AS_DISPLAY_PERCENT ? "percent" : "number";
}

static void plan_object(as_json *w, const as_review *rv, const char *data_dir)
{
    const as_plan *p = rv->plan;
    const as_dataset *ds = rv->base;
    as_json_put_object(w, "plan");
    as_json_put_string(w, "id", p->id);
    as_json_put_string(w, "title_zh", p->title_zh);
    as_json_put_string(w, "title_en", p->title_en);
    as_json_put_string(w, "file", p->path);
    as_json_put_string(w, "rules", p->rules->path);
    as_json_put_string(w, "rules_id", p->rules->id);
    as_json_put_integer(w, "base_year", true, p->base_year);
    as_json_put_integer(w, "final_year", true, p->final_year);
    as_json_put_string(w, "source", p->source);
    as_json_end(w);
    as_json_put_object(w, "data_set");
    as_json_put_string(w, "dir", data_dir);
    as_json_put_string(w, "name_zh", ds->name_zh);
    as_json_put_string(w, "name_en", ds->name_en);
    as_json_put_bool(w, "illustrative", ds->illustrative);
    as_json_put_string(w, "notice", ds->illustrative ? ds->notice : NULL);
    as_json_put_string(w, "proposals", rv->proposals->dir);
    as_json_end(w);
    as_json_put_bool(w, "illustrative", ds->illustrative);
    as_json_put_integer(w, "provinces_usable", true, (long)rv->nusable);
    as_json_put_integer(w, "provinces_inconsistent", true, (long)rv->ninconsistent);
}

/* true or false, or null when there was nothing to judge. */
static void put_judged(as_json *w, const char *key, bool judged, bool v)
{
    if (judged)
        as_json_put_bool(w, key, v);
    else
        as_json_put_null(w, key);
}

static void figure_object(as_json *w, const as_review *rv, const as_review_figure *f)
{
    const as_plan_figure *d = f->def;
    as_json_begin_object(w);
    as_json_put_string(w, "id", d->id);
    as_json_put_string(w, "name_zh", d->name_zh);
    as_json_put_string(w, "name_en", d->name_en);
    as_json_put_string(w, "unit", d->unit);
    as_json_put_string(w, "display", display_name(d->display));
    as_json_put_string(w, "formula", as_expr_text(d->formula.expr));
    as_json_put_array(w, "provinces");
    for (size_t p = 0; p < rv->nprovinces; p++)
        if (f->included[p])
            as_json_string(w, rv->plan->rules->provinces[p].code);
    as_json_end(w);
    as_json_put_number(w, "value", f->has_value, f->value);
    as_json_put_string(w, "with_national", d->has_national ? as_expr_text(d->national.expr) : NULL);
    as_json_put_number(w, "national", f->has_national, f->national);
    as_json_put_string(w, "compare", d->has_goal ? as_cmp_text(d->cmp) : NULL);
    as_json_put_number(w, "goal", f->has_goal, f->goal);
    as_json_put_string(w, "goal_source", d->goal_source);
    as_json_put_number(w, "gap", f->has_goal && f->has_value, f->gap);
    put_judged(w, "met", f->has_goal && f->has_value, f->met);
    as_json_put_number(w, "adjusted", f->has_value, f->adjusted);
    as_json_put_number(w, "adjusted_goal", f->has_goal, f->adjusted_goal);
    as_json_put_number(w, "adjusted_gap", f->has_goal && f->has_value, f->adjusted_gap);
    put_judged(w, "adjusted_met", f->has_goal && f->has_value, f->adjusted_met);
    as_json_put_string(w, "error", f->error.en);
    as_json_end(w);
}

static void adjustment_object(as_json *w, const as_review *rv, const as_review_adjustment *ra)
{
    const as_plan_adjustment *a = ra->def;
    as_json_begin_object(w);
    as_json_put_string(w, "national", rv->plan->figures[a->figure].id);
    as_json_put_string(w, "item", rv->plan->items[a->item].id);
    as_json_put_string(w, "rule", as_adjust_rule_name(a->rule));
    as_json_put_integer(w, "direction", true, a->direction);
    as_json_put_number(w, "max", true, a->max);
    as_json_put_bool(w, "needed", ra->needed);
    as_json_put_bool(w, "solved", ra->solved);
    as_json_put_number(w, "amount", true, ra->amount);
    as_json_put_number(w, "gap_before", true, ra->gap_before);
    as_json_put_number(w, "gap_after", true, ra->gap_after);
    as_json_put_string(w, "error", ra->error.en);
    as_json_put_string(w, "source", a->source);
    as_json_end(w);
}

static void tier_object(as_json *w, const as_review *rv, size_t k)
{
    const as_plan *p = rv->plan;
    const as_plan_tier *t = &p->tiers[k];
    const as_review_tier *rt = &rv->tiers[k];
    as_json_begin_object(w);
    as_json_put_string(w, "id", t->id);
    as_json_put_string(w, "name_zh", t->name_zh);
    as_json_put_string(w, "name_en", t->name_en);
    as_json_put_number(w, "weight", true, t->weight);
    as_json_put_array(w, "provinces");
    for (size_t i = 0; i < rv->nprovinces; i++)
        if (p->tier_of[i] == k)
            as_json_string(w, p->rules->provinces[i].code);
    as_json_end(w);
    as_json_put_object(w, "items");
    for (size_t i = 0; i < p->nitems; i++) {
        if (!t->has_level[i] && !rt->n[i])
            continue;
        as_json_put_object(w, p->items[i].id);
        as_json_put_number(w, "level", t->has_level[i], t->level[i]);
        as_json_put_integer(w, "proposals", true, (long)rt->n[i]);
        as_json_put_number(w, "mean", rt->n[i] > 0, rt->mean[i]);
        as_json_put_number(w, "min", rt->n[i] > 0, rt->min[i]);
        as_json_put_number(w, "max", rt->n[i] > 0, rt->max[i]);
        as_json_end(w);
    }
    as_json_end(w);
    as_json_end(w);
}

static void path_array(as_json *w, const char *k, const double *v, bool has, size_t n)
{
    if (!has) {
        as_json_put_null(w, k);
        return;
    }
    as_json_put_array(w, k);
    for (size_t y = 0; y < n; y++)
        as_json_number(w, true, v[y]);
    as_json_end(w);
}

static void item_object(as_json *w, const as_review *rv, const as_review_province *rp, size_t i)
{
    const as_proposal *pr = rv->proposals->proposals[rp->province];
    const as_proposal_item *pi = pr ? &pr->items[i] : NULL;
    const as_review_item *it = &rp->items[i];
    size_t ny = as_plan_years(rv->plan);
    as_json_begin_object(w);
    as_json_put_number(w, "value", it->has_value, it->value);
    if (!pi || !pi->path_locs[0].line) {
        as_json_put_null(w, "path");
    } else {
        as_json_put_array(w, "path");
        for (size_t y = 0; y < ny; y++)
            as_json_number(w, pi->has_path[y], pi->path[y]);
        as_json_end(w);
    }
    as_json_put_number(w, "compound", it->has_path_check, it->compound);
    as_json_put_number(w, "off", it->has_path_check, it->off);
    as_json_put_bool(w, "consistent", it->consistent || !it->has_path_check);
    as_json_put_number(w, "tier_level", it->has_level, it->level);
    as_json_put_number(w, "vs_tier", it->has_level, it->vs_level);
    as_json_put_number(w, "adjusted", it->has_value, it->adjusted);
    path_array(w, "adjusted_path", it->adjusted_path, it->has_adjusted_path, ny);
    as_json_put_string(w, "source", pi ? pi->source : NULL);
    as_json_end(w);
}

static const char *state_name(as_review_state s)
{
    return s == AS_REVIEW_NO_PROPOSAL ? "no_proposal" : s == AS_REVIEW_BAD_BASE ? "bad_base" : "ok";
}

static void errors_array(as_json *w, const as_review *rv, size_t p)
{
    const as_diags *lists[2] = {&rv->proposals->province_errors[p], &rv->base->province_errors[p]};
    as_json_put_array(w, "errors");
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->n; i++) {
            if (lists[l]->items[i].sev != AS_SEV_ERROR)
                continue;
            char *line = as_diag_format(&lists[l]->items[i]);
            as_json_string(w, line);
            free(line);
        }
    as_json_end(w);
}

static void province_object(as_json *w, const as_review *rv, const as_review_province *rp)
{
    const as_plan *p = rv->plan;
    const as_province *pv = &p->rules->provinces[rp->province];
    const as_proposal *pr = rv->proposals->proposals[rp->province];
    as_json_begin_object(w);
    as_json_put_string(w, "code", pv->code);
    as_json_put_string(w, "name_zh", pv->name_zh);
    as_json_put_string(w, "name_en", pv->name_en);
    as_json_put_string(w, "state", state_name(rp->state));
    as_json_put_string(w, "tier", rp->tier == SIZE_MAX ? NULL : p->tiers[rp->tier].id);
    as_json_put_bool(w, "inconsistent", rp->inconsistent);
    as_json_put_string(w, "file", pr ? pr->file : NULL);
    as_json_put_object(w, "base");
    for (size_t b = 0; b < p->nbases; b++)
        as_json_put_number(w, p->bases[b].id, rp->has_base[b], rp->base[b]);
    as_json_end(w);
    as_json_put_object(w, "items");
    for (size_t i = 0; rp->state != AS_REVIEW_NO_PROPOSAL && i < p->nitems; i++) {
        as_json_key(w, p->items[i].id);
        item_object(w, rv, rp, i);
    }
    as_json_end(w);
    as_json_put_object(w, "figures");
    for (size_t j = 0; rp->state == AS_REVIEW_OK && j < p->nquantities; j++) {
        as_json_put_object(w, p->quantities[j].id);
        as_json_put_number(w, "value", rp->has_q[j], rp->q[j]);
        as_json_put_number(w, "adjusted", rp->has_q[j], rp->qa[j]);
        as_json_put_string(w, "no_data", rp->has_q[j] ? NULL : rp->q_missing[j]);
        as_json_end(w);
    }
    as_json_end(w);
    as_json_put_number(w, "effort_share", rp->has_share, rp->share);
    errors_array(w, rv, rp->province);
    as_json_end(w);
}

void as_review_json_write(as_json *w, const as_review *rv, const char *data_dir)
{
    const as_plan *p = rv->plan;
    as_json_begin_object(w);
    plan_object(w, rv, data_dir);
    as_json_put_array(w, "national");
    for (size_t k = 0; k < p->nfigures; k++)
        figure_object(w, rv, &rv->figures[k]);
    as_json_end(w);
    as_json_put_object(w, "statistics");
    for (size_t s = 0; s < p->nstats; s++)
        as_json_put_number(w, p->stats[s].id, rv->has_stat[s], rv->stats[s]);
    as_json_end(w);
    as_json_put_array(w, "adjustments");
    for (size_t k = 0; k < p->nadjustments; k++)
        adjustment_object(w, rv, &rv->adjustments[k]);
    as_json_end(w);
    as_json_put_array(w, "tiers");
    for (size_t k = 0; k < p->ntiers; k++)
        tier_object(w, rv, k);
    as_json_end(w);
    as_json_put_array(w, "provinces");
    for (size_t i = 0; i < rv->nprovinces; i++)
        province_object(w, rv, &rv->provinces[i]);
    as_json_end(w);
    as_json_end(w);
}

typedef struct {
    const as_review *rv;
    const char *data_dir;
} doc;

static int write_doc(void *ctx, FILE *f)
{
    const doc *d = ctx;
    as_json j;
    as_json_init(&j, f, AS_REVIEWJSON_WRAP);
    as_review_json_write(&j, d->rv, d->data_dir);
    return as_json_finish(&j);
}

int as_review_json_file(as_output *o, const char *path, const as_review *rv, const char *data_dir,
                        as_diags *d)
{
    doc ctx = {rv, data_dir};
    return as_output_write(o, path, write_doc, &ctx, d);
}
