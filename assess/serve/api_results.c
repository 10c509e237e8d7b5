/* api_results: a year's results through the API, as the JSON of `assess
 * evaluate --json` (the centre: the latest evaluation of every province;
 * departments: the published one; a province: its own, once published, as
 * `evaluate --province CODE --json` writes it), and the centre's
 * evaluating, publishing and notification date. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "serve/answer.h"
#include "serve/apidoc.h"
#include "serve/handlers.h"
#include "serve/results.h"

static void take_folder(void *ctx, const as_run *r)
{
    snprintf(ctx, 128, "%s", r->folder);
}

void as_api_results(as_ctx *x)
{
    char folder[128], path[AS_STORE_PATH + 256];
    bool centre = x->who.role == AS_ROLE_CENTRE;
    as_buf b;
    if (as_results_get(x->c, x->year, 0, !centre, take_folder, folder) != 0) {
        as_answer_fail(x, 404, N_("nothing has been evaluated for this year"));
        return;
    }
    snprintf(path, sizeof path, "%s/%s/%s.json", x->portal->o.state_dir, folder,
             x->who.role == AS_ROLE_PROVINCE ? x->who.province : "results");
    as_buf_init(&b);
    if (as_buf_read_file(&b, path) != 0)
        as_answer_fail(x, 500, N_("the file could not be read"));
    else
        as_apidoc_send_text(x, b.data ? b.data : "", b.len, 0);
    as_buf_release(&b);
}

/* Answer {"key": n}. */
static void send_number(as_ctx *x, const char *key, long long n, int status)
{
    as_apidoc d;
    if (as_apidoc_begin(&d) == 0) {
        as_json_begin_object(&d.j);
        as_json_put_integer(&d.j, key, true, (long)n);
        as_json_end(&d.j);
    }
    as_apidoc_send(x, &d, status);
}

void as_api_evaluate(as_ctx *x)
{
    long long id;
    char why[1024];
    as_history_about who = as_ctx_who(x);
    if (as_results_run(x->portal, x->c, x->year, x->lang, &who, &id, why, sizeof why) != 0)
        as_answer_fail_detail(x, 409, N_("the data set cannot be evaluated"), why);
    else
        send_number(x, "evaluation", id, 201);
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
    if (e && as_http_count(e, &id) != 0) {
        as_answer_fail(x, 400, N_("'evaluation' is not a number"));
        return;
    }
    if (!e && as_results_get(x->c, x->year, 0, false, latest_id, &latest) == 0)
        id = (long)latest;
    if (!id || as_results_publish(x->c, x->year, id, &who) != 0)
        as_answer_fail(x, 404, N_("there is no such evaluation of this year"));
    else
        send_number(x, "published", id, 0);
}

void as_api_notified(as_ctx *x)
{
    static const char *const keys[] = {"date"};
    const char *vals[1];
    as_date d;
    as_history_about who = as_ctx_who(x);
    as_arena *a = as_arena_new(AS_HTTP_MAX_TEXT * 8);
    if (!a) {
        as_answer_fail(x, 500, N_("out of memory"));
        return;
    }
    char *why = NULL;
    if (as_apidoc_fields(x, keys, vals, 1, a, &why) != 0)
        as_answer_fail_detail(x, 400, N_("the request's JSON cannot be read"), why);
    else if (!vals[0] || as_date_parse(vals[0], &d) != 0 || as_date_year(d) <= x->year)
        as_answer_fail(x, 400, N_("give a real day after the assessed year, as YYYY-MM-DD"));
    else if (as_results_set_notified(x->c, x->year, d, &who) != 0)
        as_answer_fail(x, 500, N_("the state database failed"));
    else {
        as_apidoc doc;
        if (as_apidoc_begin(&doc) == 0) {
            as_json_begin_object(&doc.j);
            as_json_put_string(&doc.j, "notified", vals[0]);
            as_json_end(&doc.j);
        }
        as_apidoc_send(x, &doc, 0);
    }
    free(why);
    as_arena_free(a);
}
