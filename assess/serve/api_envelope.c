/* api_envelope: envelopes through the API: the list an account may see,
 * one envelope with its versions and receipts, uploading (answered with
 * the QA result in the JSON of `assess check --json`), releasing (answered
 * with the receipt), reopening, the history, the status matrix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/i18n.h"
#include "serve/api.h"
#include "serve/deliver.h"
#include "serve/handlers.h"
#include "serve/release.h"

/* One envelope of the list. */
static void list_item(as_ctx *x, const as_province *pv, as_stage st, as_env_state state,
                      bool *first, as_buf *b)
{
    as_env_key k = {x->year, "", st};
    snprintf(k.province, sizeof k.province, "%s", pv->code);
    as_buf_puts(b, *first ? "\n  {" : ",\n  {");
    *first = false;
    as_api_kstr(b, "province", pv->code, false);
    as_api_kstr(b, "name_zh", pv->name_zh, false);
    as_api_kstr(b, "name_en", pv->name_en, false);
    as_api_kstr(b, "stage", as_stage_name(st), false);
    as_api_kstr(b, "state", as_env_state_name(state), false);
    as_api_kbool(b, "on_file", as_page_on_file(x->portal, &k), true);
    as_buf_puts(b, "}");
}

/* The year's findings envelope, for the accounts that may see it. */
static void list_findings(as_ctx *x, bool *first, as_buf *b)
{
    as_env_key k = {x->year, AS_NATIONAL_CODE, AS_STAGE_FINDINGS};
    as_access_target t = {AS_NATIONAL_CODE, AS_STAGE_FINDINGS, false};
    as_envelope e;
    if (as_access_decide(&x->who, AS_ACT_VIEW, &t) != AS_ACCESS_ALLOW ||
        as_envelope_get(x->c, &k, &e) != 0)
        return;
    as_buf_puts(b, *first ? "\n  {" : ",\n  {");
    *first = false;
    as_api_kstr(b, "province", AS_NATIONAL_CODE, false);
    as_api_kstr(b, "stage", "findings", false);
    as_api_kstr(b, "state", as_env_state_name(e.state), false);
    as_api_kbool(b, "on_file", as_page_on_file(x->portal, &k), true);
    as_buf_puts(b, "}");
}

void as_api_envelopes(as_ctx *x)
{
    const as_ruleset *r = x->portal->rules;
    long year = x->portal->o.year;
    const char *y = as_http_query(x->req, "year");
    if (y && (as_parse_count(y, &year) != 0 || year < r->year_from || year > r->year_to)) {
        as_route_fail(x, 404, N_("the rules assess no such year"));
        return;
    }
    x->year = (int)year;
    as_stage_states *states = as_page_states(x);
    as_buf b;
    as_buf_init(&b);
    bool first = true;
    if (!states)
        b.failed = true;
    as_buf_printf(&b, "{\"year\": %d, \"envelopes\": [", x->year);
    for (size_t i = 0; states && i < r->nprovinces; i++)
        for (int st = AS_STAGE_REPORTED; st <= AS_STAGE_VERIFIED; st++) {
            as_access_target t = {r->provinces[i].code, (as_stage)st, false};
            if (as_access_decide(&x->who, AS_ACT_VIEW, &t) == AS_ACCESS_ALLOW)
                list_item(x, &r->provinces[i], (as_stage)st, states[i][st], &first, &b);
        }
    list_findings(x, &first, &b);
    as_buf_puts(&b, "]}");
    free(states);
    as_api_answer(x, &b, 0);
}

/* A list being written: its buffer, its envelope, whether it is empty. */
typedef struct {
    as_buf *b;
    as_env_key k;
    bool first;
} list;

static void sep(list *l)
{
    as_buf_puts(l->b, l->first ? "\n    " : ",\n    ");
    l->first = false;
}

static void upload_item(void *ctx, const as_upload *u)
{
    list *l = ctx;
    sep(l);
    as_api_json_upload(l->b, &l->k, u);
}

static void receipt_item(void *ctx, const as_receipt *r)
{
    list *l = ctx;
    sep(l);
    as_api_json_receipt(l->b, r);
}

static void history_item(void *ctx, const as_history_row *r)
{
    list *l = ctx;
    sep(l);
    as_api_json_history(l->b, r);
}

void as_api_envelope(as_ctx *x)
{
    as_buf b;
    as_envelope e;
    list l = {&b, as_ctx_key(x), true};
    as_buf_init(&b);
    if (as_envelope_get(x->c, &l.k, &e) != 0)
        b.failed = true;
    as_buf_puts(&b, "{");
    as_api_kint(&b, "year", x->year, false);
    as_api_kstr(&b, "province", x->code, false);
    as_api_kstr(&b, "stage", as_stage_name(x->stage), false);
    as_api_kstr(&b, "state", as_env_state_name(e.state), false);
    as_api_kbool(&b, "on_file", as_page_on_file(x->portal, &l.k), false);
    as_buf_puts(&b, "\"versions\": [");
    if (e.id && as_envelope_uploads(x->c, e.id, upload_item, &l) != 0)
        b.failed = true;
    as_buf_puts(&b, "], \"receipts\": [");
    l.first = true;
    if (as_release_each(x->c, &l.k, receipt_item, &l) != 0)
        b.failed = true;
    as_buf_puts(&b, "]}");
    as_api_answer(x, &b, 0);
}

void as_api_history(as_ctx *x)
{
    as_buf b;
    list l = {&b, as_ctx_key(x), true};
    as_buf_init(&b);
    as_buf_puts(&b, "{\"history\": [");
    if (as_history_each(x->c, x->year, x->code, x->stage, history_item, &l) != 0)
        b.failed = true;
    as_buf_puts(&b, "]}");
    as_api_answer(x, &b, 0);
}

/* Answer with a stored JSON text, as it is. */
static void send_stored(as_ctx *x, const char *sha, int status)
{
    char path[AS_STORE_PATH];
    as_buf b;
    as_buf_init(&b);
    if (as_store_path(x->portal->o.state_dir, sha, path) != 0 || as_buf_read_file(&b, path) != 0)
        b.failed = true;
    as_api_answer(x, &b, status);
}

typedef struct {
    char qa[AS_SHA256_HEX];
} qa_of;

static void take_qa(void *ctx, const as_upload *u)
{
    snprintf(((qa_of *)ctx)->qa, AS_SHA256_HEX, "%s", u->qa_sha256);
}

void as_api_qa(as_ctx *x)
{
    as_env_key k = as_ctx_key(x);
    as_envelope e;
    qa_of q;
    if (as_envelope_get(x->c, &k, &e) != 0 || !e.id ||
        as_envelope_upload(x->c, e.id, (int)x->n, take_qa, &q) != 0) {
        as_route_fail(x, 404, N_("there is no such version"));
        return;
    }
    send_stored(x, q.qa, 0);
}

void as_api_upload(as_ctx *x)
{
    as_delivery d;
    as_deliver_upload(x, as_http_query(x->req, "name"), &d);
    if (d.status != 201) {
        as_route_fail(x, d.status, d.msgid);
        as_delivery_release(&d);
        return;
    }
    as_env_key k = as_ctx_key(x);
    as_buf b;
    as_buf_init(&b);
    as_buf_puts(&b, "{\"upload\": ");
    as_api_json_upload(&b, &k, &d.upload);
    as_buf_puts(&b, ",\n\"qa\": ");
    as_buf_add(&b, d.qa.json.data ? d.qa.json.data : "null", d.qa.json.data ? d.qa.json.len : 4);
    as_buf_puts(&b, "}");
    as_delivery_release(&d);
    as_api_answer(x, &b, 201);
}

void as_api_release(as_ctx *x)
{
    as_receipt r;
    if (as_deliver_release(x, as_http_query(x->req, "version"), &r) != 0)
        return;
    as_buf b;
    as_buf_init(&b);
    as_api_json_receipt(&b, &r);
    as_api_answer(x, &b, 201);
}

void as_api_reopen(as_ctx *x)
{
    if (as_deliver_reopen(x) != 0)
        return;
    as_buf b;
    as_buf_init(&b);
    as_buf_puts(&b, "{\"state\": \"reopened\"}");
    as_api_answer(x, &b, 0);
}

void as_api_status(as_ctx *x)
{
    const as_ruleset *r = x->portal->rules;
    as_stage_states *states = as_page_states(x);
    as_buf b;
    as_buf_init(&b);
    if (!states)
        b.failed = true;
    as_env_key fk = {x->year, AS_NATIONAL_CODE, AS_STAGE_FINDINGS};
    as_envelope f;
    if (as_envelope_get(x->c, &fk, &f) != 0)
        b.failed = true;
    as_buf_printf(&b, "{\"year\": %d, \"findings\": \"%s\", \"provinces\": [", x->year,
                  as_env_state_name(f.state));
    for (size_t i = 0; states && i < r->nprovinces; i++) {
        as_buf_puts(&b, i ? ",\n  {" : "\n  {");
        as_api_kstr(&b, "province", r->provinces[i].code, false);
        as_api_kstr(&b, "reported", as_env_state_name(states[i][AS_STAGE_REPORTED]), false);
        as_api_kstr(&b, "verified", as_env_state_name(states[i][AS_STAGE_VERIFIED]), true);
        as_buf_puts(&b, "}");
    }
    as_buf_puts(&b, "]}");
    free(states);
    as_api_answer(x, &b, 0);
}
