/* checkjson: self-check results as JSON, through the streaming writer and
 * evaluate's shared keys. */
#include "report/checkjson.h"

#include "report/evaljson.h"

static void bound(as_json *j, const as_be_bound *b)
{
    as_json_begin_object(j);
    as_json_put_string(j, "side", as_be_side_name(b->side));
    as_json_put_number(j, "value", true, b->value);
    as_json_put_number(j, "shown", true, b->shown);
    as_json_put_integer(j, "decimals", true, b->decimals);
    as_json_end(j);
}

static void input(as_json *j, const as_ruleset *r, const as_be_input *bi)
{
    const as_input *in = &r->inputs[bi->input];
    as_json_begin_object(j);
    as_json_put_string(j, "input", in->id);
    as_json_put_integer(j, "year", true, bi->year);
    as_json_put_number(j, "now", true, bi->now);
    as_json_put_string(j, "unit", in->unit);
    as_json_put_string(j, "result", as_be_result_name(bi->result));
    as_json_put_array(j, "bounds");
    for (size_t i = 0; i < bi->nbounds; i++)
        bound(j, &bi->bounds[i]);
    as_json_end(j);
    as_json_put_array(j, "range");
    as_json_number(j, true, bi->lo);
    as_json_number(j, true, bi->hi);
    as_json_end(j);
    as_json_put_string(j, "why", bi->why);
    as_json_end(j);
}

static void check(as_json *j, const as_check_item *it, size_t k, size_t c)
{
    const as_indicator_result *ir = &it->pr->indicators[k];
    const as_check_result *cr = &ir->checks[c];
    const as_be_check *bc = as_check_what_if(it, k, c);
    as_json_begin_object(j);
    as_evaljson_check_keys(j, cr);
    as_json_put_number(j, "margin", cr->verdict.compared, cr->verdict.margin);
    as_json_put_string(j, "margin_unit",
                       ir->def->display == AS_DISPLAY_PERCENT ? "percentage points"
                                                              : ir->def->unit);
    if (!bc || !bc->computed)
        as_json_put_null(j, "what_it_would_take");
    else {
        as_json_put_array(j, "what_it_would_take");
        for (size_t i = 0; i < bc->ninputs; i++)
            input(j, it->ev->rules, &bc->inputs[i]);
        as_json_end(j);
    }
    as_json_end(j);
}

static void indicators(as_json *j, const as_check_item *it, const as_province_result *pr)
{
    as_json_put_array(j, "indicators");
    for (size_t k = 0; pr && k < pr->nindicators; k++) {
        const as_indicator_result *ir = &pr->indicators[k];
        as_json_begin_object(j);
        as_evaljson_indicator_keys(j, ir);
        as_json_put_array(j, "checks");
        for (size_t c = 0; c < ir->nchecks; c++)
            check(j, it, k, c);
        as_json_end(j);
        as_json_end(j);
    }
    as_json_end(j);
}

/* What the file was judged against: the source, the data set, its targets
 * and every earlier year the assessment reads, with its file (or null). */
static void sources(as_json *j, const as_check_item *it)
{
    const as_dataset *ds = it->ds;
    as_json_put_string(j, "source", as_check_source_name(it->kind));
    as_json_put_string(j, "data", ds->dir);
    as_json_put_bool(j, "illustrative", ds->illustrative);
    as_json_put_array(j, "targets");
    for (size_t i = 0; i < ds->ntarget_files; i++)
        as_json_string(j, ds->target_files[i]);
    as_json_end(j);
    as_json_put_array(j, "previous");
    for (int y = ds->first_year; y < ds->year; y++) {
        const as_submission *ps = as_dataset_submission(ds, it->s->province, y, false);
        as_json_begin_object(j);
        as_json_put_integer(j, "year", true, y);
        as_json_put_string(j, "file", ps ? ps->file : NULL);
        as_json_end(j);
    }
    as_json_end(j);
}

static void item(as_json *j, const as_check_item *it)
{
    const as_province_result *pr = it->ev ? it->pr : NULL;
    as_json_begin_object(j);
    as_json_put_string(j, "file", it->file);
    as_json_put_integer(j, "year", it->s != NULL, it->s ? it->s->year : 0);
    if (it->ev)
        sources(j, it);
    as_evaljson_province_keys(j, pr, &it->diags);
    indicators(j, it, pr);
    as_json_end(j);
}

void as_checkjson_write(as_json *j, const as_ruleset *r, const as_check_item *items, size_t n)
{
    as_json_begin_object(j);
    as_json_put_string(j, "rules", r->path);
    as_json_put_string(j, "ruleset_id", r->id);
    as_json_put_string(j, "rounding", as_rounding_name(r->rounding));
    as_json_put_string(j, "judgement", as_judgement_name(r->judgement));
    as_json_put_string(j, "judged_by", r->judged.en);
    as_json_put_array(j, "submissions");
    for (size_t i = 0; i < n; i++)
        item(j, &items[i]);
    as_json_end(j);
    as_json_end(j);
}

typedef struct {
    const as_ruleset *r;
    const as_check_item *items;
    size_t n;
} doc;

static int write_doc(void *ctx, FILE *f)
{
    const doc *d = ctx;
    as_json j;
    as_json_init(&j, f, AS_CHECKJSON_WRAP);
    as_checkjson_write(&j, d->r, d->items, d->n);
    return as_json_finish(&j);
}

int as_checkjson_file(as_output *o, const char *path, const as_ruleset *r,
                      const as_check_item *items, size_t n, as_diags *d)
{
    doc ctx = {r, items, n};
    return as_output_write(o, path, write_doc, &ctx, d);
}
