/* review_json: serialising a target review as JSON: the plan, the national
 * figures, the adjustments, the tiers and the provinces in code order,
 * numbers in their shortest exact form (json_out.h's helpers). */
#include "cli/review_json.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json_out.h"

/* ------------------------------------------------------------ writer */

enum { WRAP = 2, MAX_DEPTH = 16 };

/* Commas, keys and indentation: members at depth 1 .. WRAP on lines of
 * their own, deeper ones on one line. */
typedef struct {
    FILE *f;
    int depth;
    bool has_member[MAX_DEPTH + 1];
    bool keyed; /* a key was written: its value comes next */
} jw;

static void next(jw *w)
{
    if (w->keyed) {
        w->keyed = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->has_member[w->depth])
        fputc(',', w->f);
    if (w->depth <= WRAP)
        fprintf(w->f, "\n%*s", 2 * w->depth, "");
    else if (w->has_member[w->depth])
        fputc(' ', w->f);
    w->has_member[w->depth] = true;
}

static void begin(jw *w, char c)
{
    next(w);
    fputc(c, w->f);
    if (w->depth < MAX_DEPTH)
        w->has_member[++w->depth] = false;
}

static void end(jw *w, char c)
{
    if (w->depth <= WRAP && w->has_member[w->depth])
        fprintf(w->f, "\n%*s", 2 * (w->depth - 1), "");
    w->depth--;
    fputc(c, w->f);
}

static void key(jw *w, const char *k)
{
    next(w);
    as_json_string(w->f, k);
    fputs(": ", w->f);
    w->keyed = true;
}

static void put_str(jw *w, const char *k, const char *s)
{
    key(w, k);
    next(w);
    as_json_string(w->f, s);
}

static void put_num(jw *w, const char *k, bool has, double v)
{
    key(w, k);
    next(w);
    as_json_number(w->f, has && isfinite(v), v);
}

static void put_int(jw *w, const char *k, long v)
{
    key(w, k);
    next(w);
    fprintf(w->f, "%ld", v);
}

static void put_bool(jw *w, const char *k, bool v)
{
    key(w, k);
    next(w);
    fputs(v ? "true" : "false", w->f);
}

static void elem_str(jw *w, const char *s)
{
    next(w);
    as_json_string(w->f, s);
}

static void elem_num(jw *w, bool has, double v)
{
    next(w);
    as_json_number(w->f, has, v);
}

/* ------------------------------------------------------------ the document */

static const char *display_name(as_display d)
{
    return d == AS_DISPLAY_PERCENT ? "percent" : "number";
}

static void plan_object(jw *w, const as_review *rv, const char *data_dir)
{
    const as_plan *p = rv->plan;
    const as_dataset *ds = rv->base;
    key(w, "plan");
    begin(w, '{');
    put_str(w, "id", p->id);
    put_str(w, "title_zh", p->title_zh);
    put_str(w, "title_en", p->title_en);
    put_str(w, "file", p->path);
    put_str(w, "rules", p->rules->path);
    put_str(w, "rules_id", p->rules->id);
    put_int(w, "base_year", p->base_year);
    put_int(w, "final_year", p->final_year);
    put_str(w, "source", p->source);
    end(w, '}');
    key(w, "data_set");
    begin(w, '{');
    put_str(w, "dir", data_dir);
    put_str(w, "name_zh", ds->name_zh);
    put_str(w, "name_en", ds->name_en);
    put_bool(w, "illustrative", ds->illustrative);
    put_str(w, "notice", ds->illustrative ? ds->notice : NULL);
    put_str(w, "proposals", rv->proposals->dir);
    end(w, '}');
    put_bool(w, "illustrative", ds->illustrative);
    put_int(w, "provinces_usable", (long)rv->nusable);
    put_int(w, "provinces_inconsistent", (long)rv->ninconsistent);
}

static void figure_object(jw *w, const as_review *rv, const as_review_figure *f)
{
    const as_plan_figure *d = f->def;
    begin(w, '{');
    put_str(w, "id", d->id);
    put_str(w, "name_zh", d->name_zh);
    put_str(w, "name_en", d->name_en);
    put_str(w, "unit", d->unit);
    put_str(w, "display", display_name(d->display));
    put_str(w, "formula", as_expr_text(d->formula.expr));
    key(w, "provinces");
    begin(w, '[');
    for (size_t p = 0; p < rv->nprovinces; p++)
        if (f->included[p])
            elem_str(w, rv->plan->rules->provinces[p].code);
    end(w, ']');
    put_num(w, "value", f->has_value, f->value);
    put_str(w, "with_national", d->has_national ? as_expr_text(d->national.expr) : NULL);
    put_num(w, "national", f->has_national, f->national);
    put_str(w, "compare", d->has_goal ? as_cmp_text(d->cmp) : NULL);
    put_num(w, "goal", f->has_goal, f->goal);
    put_str(w, "goal_source", d->goal_source);
    put_num(w, "gap", f->has_goal && f->has_value, f->gap);
    key(w, "met");
    next(w);
    fputs(!(f->has_goal && f->has_value) ? "null" : f->met ? "true" : "false", w->f);
    put_num(w, "adjusted", f->has_value, f->adjusted);
    put_num(w, "adjusted_goal", f->has_goal, f->adjusted_goal);
    put_num(w, "adjusted_gap", f->has_goal && f->has_value, f->adjusted_gap);
    key(w, "adjusted_met");
    next(w);
    fputs(!(f->has_goal && f->has_value) ? "null" : f->adjusted_met ? "true" : "false", w->f);
    put_str(w, "error", f->error);
    end(w, '}');
}

static void adjustment_object(jw *w, const as_review *rv, const as_review_adjustment *ra)
{
    const as_plan_adjustment *a = ra->def;
    begin(w, '{');
    put_str(w, "national", rv->plan->figures[a->figure].id);
    put_str(w, "item", rv->plan->items[a->item].id);
    put_str(w, "rule", as_adjust_rule_name(a->rule));
    put_int(w, "direction", a->direction);
    put_num(w, "max", true, a->max);
    put_bool(w, "needed", ra->needed);
    put_bool(w, "solved", ra->solved);
    put_num(w, "amount", true, ra->amount);
    put_num(w, "gap_before", true, ra->gap_before);
    put_num(w, "gap_after", true, ra->gap_after);
    put_str(w, "error", ra->error);
    put_str(w, "source", a->source);
    end(w, '}');
}

static void tier_object(jw *w, const as_review *rv, size_t k)
{
    const as_plan *p = rv->plan;
    const as_plan_tier *t = &p->tiers[k];
    const as_review_tier *rt = &rv->tiers[k];
    begin(w, '{');
    put_str(w, "id", t->id);
    put_str(w, "name_zh", t->name_zh);
    put_str(w, "name_en", t->name_en);
    put_num(w, "weight", true, t->weight);
    key(w, "provinces");
    begin(w, '[');
    for (size_t i = 0; i < rv->nprovinces; i++)
        if (p->tier_of[i] == k)
            elem_str(w, p->rules->provinces[i].code);
    end(w, ']');
    key(w, "items");
    begin(w, '{');
    for (size_t i = 0; i < p->nitems; i++) {
        if (!t->has_level[i] && !rt->n[i])
            continue;
        key(w, p->items[i].id);
        begin(w, '{');
        put_num(w, "level", t->has_level[i], t->level[i]);
        put_int(w, "proposals", (long)rt->n[i]);
        put_num(w, "mean", rt->n[i] > 0, rt->mean[i]);
        put_num(w, "min", rt->n[i] > 0, rt->min[i]);
        put_num(w, "max", rt->n[i] > 0, rt->max[i]);
        end(w, '}');
    }
    end(w, '}');
    end(w, '}');
}

static void path_array(jw *w, const char *k, const double *v, bool has, size_t n)
{
    key(w, k);
    if (!has) {
        next(w);
        fputs("null", w->f);
        return;
    }
    begin(w, '[');
    for (size_t y = 0; y < n; y++)
        elem_num(w, true, v[y]);
    end(w, ']');
}

static void item_object(jw *w, const as_review *rv, const as_review_province *rp, size_t i)
{
    const as_proposal *pr = rv->proposals->proposals[rp->province];
    const as_proposal_item *pi = pr ? &pr->items[i] : NULL;
    const as_review_item *it = &rp->items[i];
    size_t ny = as_plan_years(rv->plan);
    begin(w, '{');
    put_num(w, "value", it->has_value, it->value);
    key(w, "path");
    if (!pi || !pi->path_locs[0].line) {
        next(w);
        fputs("null", w->f);
    } else {
        begin(w, '[');
        for (size_t y = 0; y < ny; y++)
            elem_num(w, pi->has_path[y], pi->path[y]);
        end(w, ']');
    }
    put_num(w, "compound", it->has_path_check, it->compound);
    put_num(w, "off", it->has_path_check, it->off);
    put_bool(w, "consistent", it->consistent || !it->has_path_check);
    put_num(w, "tier_level", it->has_level, it->level);
    put_num(w, "vs_tier", it->has_level, it->vs_level);
    put_num(w, "adjusted", it->has_value, it->adjusted);
    path_array(w, "adjusted_path", it->adjusted_path, it->has_adjusted_path, ny);
    put_str(w, "source", pi ? pi->source : NULL);
    end(w, '}');
}

static const char *state_name(as_review_state s)
{
    return s == AS_REVIEW_NO_PROPOSAL ? "no_proposal" : s == AS_REVIEW_BAD_BASE ? "bad_base" : "ok";
}

static void errors_array(jw *w, const as_review *rv, size_t p)
{
    const as_diags *lists[2] = {&rv->proposals->province_errors[p], &rv->base->province_errors[p]};
    key(w, "errors");
    begin(w, '[');
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->n; i++) {
            if (lists[l]->items[i].sev != AS_SEV_ERROR)
                continue;
            char *line = as_diag_format(&lists[l]->items[i]);
            elem_str(w, line);
            free(line);
        }
    end(w, ']');
}

static void province_object(jw *w, const as_review *rv, const as_review_province *rp)
{
    const as_plan *p = rv->plan;
    const as_province *pv = &p->rules->provinces[rp->province];
    const as_proposal *pr = rv->proposals->proposals[rp->province];
    begin(w, '{');
    put_str(w, "code", pv->code);
    put_str(w, "name_zh", pv->name_zh);
    put_str(w, "name_en", pv->name_en);
    put_str(w, "state", state_name(rp->state));
    put_str(w, "tier", rp->tier == SIZE_MAX ? NULL : p->tiers[rp->tier].id);
    put_bool(w, "inconsistent", rp->inconsistent);
    put_str(w, "file", pr ? pr->file : NULL);
    key(w, "base");
    begin(w, '{');
    for (size_t b = 0; b < p->nbases; b++)
        put_num(w, p->bases[b].id, rp->has_base[b], rp->base[b]);
    end(w, '}');
    key(w, "items");
    begin(w, '{');
    for (size_t i = 0; rp->state != AS_REVIEW_NO_PROPOSAL && i < p->nitems; i++) {
        key(w, p->items[i].id);
        item_object(w, rv, rp, i);
    }
    end(w, '}');
    key(w, "figures");
    begin(w, '{');
    for (size_t j = 0; rp->state == AS_REVIEW_OK && j < p->nquantities; j++) {
        key(w, p->quantities[j].id);
        begin(w, '{');
        put_num(w, "value", rp->has_q[j], rp->q[j]);
        put_num(w, "adjusted", rp->has_q[j], rp->qa[j]);
        put_str(w, "no_data", rp->has_q[j] ? NULL : rp->q_missing[j]);
        end(w, '}');
    }
    end(w, '}');
    put_num(w, "effort_share", rp->has_share, rp->share);
    errors_array(w, rv, rp->province);
    end(w, '}');
}

int as_review_json_write(FILE *f, const as_review *rv, const char *data_dir)
{
    const as_plan *p = rv->plan;
    jw w = {.f = f};
    begin(&w, '{');
    plan_object(&w, rv, data_dir);
    key(&w, "national");
    begin(&w, '[');
    for (size_t k = 0; k < p->nfigures; k++)
        figure_object(&w, rv, &rv->figures[k]);
    end(&w, ']');
    key(&w, "statistics");
    begin(&w, '{');
    for (size_t s = 0; s < p->nstats; s++)
        put_num(&w, p->stats[s].id, rv->has_stat[s], rv->stats[s]);
    end(&w, '}');
    key(&w, "adjustments");
    begin(&w, '[');
    for (size_t k = 0; k < p->nadjustments; k++)
        adjustment_object(&w, rv, &rv->adjustments[k]);
    end(&w, ']');
    key(&w, "tiers");
    begin(&w, '[');
    for (size_t k = 0; k < p->ntiers; k++)
        tier_object(&w, rv, k);
    end(&w, ']');
    key(&w, "provinces");
    begin(&w, '[');
    for (size_t i = 0; i < rv->nprovinces; i++)
        province_object(&w, rv, &rv->provinces[i]);
    end(&w, ']');
    end(&w, '}');
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

int as_review_json_put(const as_review *rv, const char *path, const char *data_dir, as_output *out,
                       as_diags *d)
{
    if (!strcmp(path, "-")) {
        if (as_review_json_write(stdout, rv, data_dir) == 0 && fflush(stdout) == 0)
            return 0;
        as_diags_add(d, as_loc_make("standard output", 0, 0), "cannot write: %s", strerror(errno));
        return -1;
    }
    const char *file;
    int i = as_output_begin(out, path, &file, d);
    if (i < 0)
        return -1;
    FILE *f = fopen(file, "wb");
    int rc = f && as_review_json_write(f, rv, data_dir) == 0 ? 0 : -1, err = errno;
    if (f && fclose(f) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0)
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write file: %s", strerror(err));
    as_output_end(out, i, rc == 0);
    return rc;
}
