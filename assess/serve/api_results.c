/* api_results: a year's results through the API (the centre: every
 * province, any time; a province its own, a department every one, once
 * published), and the centre's evaluating, publishing and notification
 * date. */
#include <stdio.h>
#include <string.h>

#include "engine/i18n.h"
#include "serve/api.h"
#include "serve/handlers.h"
#include "serve/results.h"

typedef struct {
    as_buf *b;
    bool first;
    long long id;
    char notified[16];
} rows_ctx;

static void take_run(void *ctx, const as_run *r)
{
    rows_ctx *c = ctx;
    c->id = r->id;
    snprintf(c->notified, sizeof c->notified, "%s", r->notified);
}

static void row_item(void *ctx, const as_result_row *r)
{
    rows_ctx *c = ctx;
    as_buf_puts(c->b, c->first ? "\n  {" : ",\n  {");
    c->first = false;
    as_api_kstr(c->b, "code", r->province, false);
    as_api_kstr(c->b, "grade", r->invalid ? "invalid" : r->grade, false);
    as_api_kbool(c->b, "fraud", r->fraud, false);
    as_api_kint(c->b, "control_missed", r->control_missed, false);
    as_api_kint(c->b, "support_missed", r->support_missed, false);
    as_api_kstr(c->b, "deadline", r->deadline[0] ? r->deadline : NULL, false);
    as_api_kbool(c->b, "deadline_provisional", r->provisional, false);
    as_api_kstr(c->b, "missed", r->missed, true);
    as_buf_puts(c->b, "}");
}

void as_api_results(as_ctx *x)
{
    as_buf b;
    rows_ctx c = {&b, true, 0, ""};
    bool centre = x->who.role == AS_ROLE_CENTRE;
    as_buf_init(&b);
    if (as_results_get(x->c, x->year, 0, !centre, take_run, &c) != 0) {
        as_route_fail(x, 404, N_("nothing has been evaluated for this year"));
        return;
    }
    as_buf_puts(&b, "{");
    as_api_kint(&b, "assessment_year", x->year, false);
    as_api_kint(&b, "evaluation", c.id, false);
    as_api_kbool(&b, "published", x->published, false);
    as_api_kstr(&b, "notified", c.notified[0] ? c.notified : NULL, false);
    as_buf_puts(&b, "\"provinces\": [");
    if (as_results_rows(x->c, c.id, x->who.role == AS_ROLE_PROVINCE ? x->who.province : NULL,
                        row_item, &c) != 0)
        b.failed = true;
    as_buf_puts(&b, "]}");
    as_api_answer(x, &b, 0);
}

void as_api_evaluate(as_ctx *x)
{
    long long id;
    char why[1024];
    as_history_about who = as_ctx_who(x);
    if (as_results_run(x->portal, x->c, x->year, &who, &id, why, sizeof why) != 0) {
        as_route_fail_detail(x, 409, N_("the data set cannot be evaluated"), why);
        return;
    }
    as_buf b;
    as_buf_init(&b);
    as_buf_printf(&b, "{\"evaluation\": %lld}", id);
    as_api_answer(x, &b, 201);
}

static void latest_id(void *ctx, const as_run *r)
{
    *(long long *)ctx = r->id;
}

void as_api_publish(as_ctx *x)
{
    long id = 0;
    long long latest = 0;
    as_history_about who = as_ctx_who(x);
    const char *e = as_http_query(x->req, "evaluation");
    if (e && as_parse_count(e, &id) != 0) {
        as_route_fail(x, 400, N_("'evaluation' is not a number"));
        return;
    }
    if (!e && as_results_get(x->c, x->year, 0, false, latest_id, &latest) == 0)
        id = (long)latest;
    if (!id || as_results_publish(x->c, x->year, id, &who) != 0) {
        as_route_fail(x, 404, N_("there is no such evaluation of this year"));
        return;
    }
    as_buf b;
    as_buf_init(&b);
    as_buf_printf(&b, "{\"published\": %ld}", id);
    as_api_answer(x, &b, 0);
}

void as_api_notified(as_ctx *x)
{
    static const char *const keys[] = {"date"};
    const char *vals[1];
    as_date d;
    as_history_about who = as_ctx_who(x);
    as_arena *a = as_arena_new(AS_HTTP_MAX_TEXT * 8);
    if (!a || as_api_fields(x, keys, vals, 1, a) != 0) {
        if (!a)
            as_route_fail(x, 500, N_("out of memory"));
        as_arena_free(a);
        return;
    }
    if (!vals[0] || as_date_parse(vals[0], &d) != 0 || as_date_year(d) <= x->year)
        as_route_fail(x, 400, N_("give a real day after the assessed year, as YYYY-MM-DD"));
    else if (as_results_set_notified(x->c, x->year, d, &who) != 0)
        as_route_fail(x, 500, N_("the state database failed"));
    else {
        as_buf b;
        as_buf_init(&b);
        as_buf_puts(&b, "{");
        as_api_kstr(&b, "notified", vals[0], true);
        as_buf_puts(&b, "}");
        as_api_answer(x, &b, 0);
    }
    as_arena_free(a);
}
