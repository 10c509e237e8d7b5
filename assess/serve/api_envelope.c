/* api_envelope: envelopes through the API: the list an account may see,
 * one envelope with its versions and receipts, uploading (answered with
 * the QA result: for a province's figures the JSON of `assess check
 * --json`), releasing (answered with the receipt), reopening, the history,
 * the status matrix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "serve/answer.h"
#include "serve/apidoc.h"
#include "serve/deliver.h"
#include "serve/handlers.h"
#include "serve/release.h"

/* One envelope of the list. */
static void list_item(as_ctx *x, as_json *j, const as_env_key *k, const as_province *pv,
                      as_env_state state)
{
    as_json_begin_object(j);
    as_json_put_string(j, "province", k->province);
    as_json_put_string(j, "name_zh", pv ? pv->name_zh : NULL);
    as_json_put_string(j, "name_en", pv ? pv->name_en : NULL);
    as_json_put_string(j, "stage", as_stage_name(k->stage));
    as_json_put_string(j, "state", as_env_state_name(state));
    as_json_put_bool(j, "on_file", as_page_on_file(x->portal, k));
    as_json_end(j);
}

/* The year's findings envelope, for the accounts that may see it. */
static void list_findings(as_ctx *x, as_json *j)
{
    as_env_key k = {x->year, AS_NATIONAL_CODE, AS_STAGE_FINDINGS};
    as_access_target t = {AS_NATIONAL_CODE, AS_STAGE_FINDINGS, false};
    as_envelope e;
    if (as_access_decide(&x->who, AS_ACT_VIEW, &t) == AS_ACCESS_ALLOW &&
        as_envelope_get(x->c, &k, &e) == 0)
        list_item(x, j, &k, NULL, e.state);
}

void as_api_envelopes(as_ctx *x)
{
    const as_ruleset *r = x->portal->rules;
    long year = x->portal->o.year;
    const char *y = as_http_query(x->req, "year");
    if (y && (as_http_count(y, &year) != 0 || year < r->year_from || year > r->year_to)) {
        as_answer_fail(x, 404, N_("the rules assess no such year"));
        return;
    }
    x->year = (int)year;
    as_stage_states *states = as_page_states(x);
    as_apidoc d;
    if (!states || as_apidoc_begin(&d) != 0) {
        free(states);
        as_answer_fail(x, 500, N_("the state database failed"));
        return;
    }
    as_json_begin_object(&d.j);
    as_json_put_integer(&d.j, "year", true, x->year);
    as_json_put_array(&d.j, "envelopes");
    for (size_t i = 0; i < r->nprovinces; i++)
        for (int st = AS_STAGE_REPORTED; st <= AS_STAGE_VERIFIED; st++) {
            as_env_key k = {x->year, "", (as_stage)st};
            snprintf(k.province, sizeof k.province, "%s", r->provinces[i].code);
            as_access_target t = {k.province, k.stage, false};
            if (as_access_decide(&x->who, AS_ACT_VIEW, &t) == AS_ACCESS_ALLOW)
                list_item(x, &d.j, &k, &r->provinces[i], states[i][st]);
        }
    list_findings(x, &d.j);
    as_json_end(&d.j);
    as_json_end(&d.j);
    free(states);
    as_apidoc_send(x, &d, 0);
}

/* A list being written: its writer and its envelope. */
typedef struct {
    as_json *j;
    as_env_key k;
} list;

static void upload_item(void *ctx, const as_upload *u)
{
    list *l = ctx;
    as_apidoc_upload(l->j, &l->k, u);
}

static void receipt_item(void *ctx, const as_receipt *r)
{
    as_apidoc_receipt(((list *)ctx)->j, r);
}

static void history_item(void *ctx, const as_history_row *r)
{
    as_apidoc_history(((list *)ctx)->j, r);
}

void as_api_envelope(as_ctx *x)
{
    as_envelope e;
    as_apidoc d;
    list l = {&d.j, as_ctx_key(x)};
    if (as_envelope_get(x->c, &l.k, &e) != 0 || as_apidoc_begin(&d) != 0) {
        as_answer_fail(x, 500, N_("the state database failed"));
        return;
    }
    as_json_begin_object(&d.j);
    as_json_put_integer(&d.j, "year", true, x->year);
    as_json_put_string(&d.j, "province", x->code);
    as_json_put_string(&d.j, "stage", as_stage_name(x->stage));
    as_json_put_string(&d.j, "state", as_env_state_name(e.state));
    as_json_put_bool(&d.j, "on_file", as_page_on_file(x->portal, &l.k));
    as_json_put_array(&d.j, "versions");
    if (e.id)
        as_envelope_uploads(x->c, e.id, upload_item, &l);
    as_json_end(&d.j);
    as_json_put_array(&d.j, "receipts");
    as_release_each(x->c, &l.k, receipt_item, &l);
    as_json_end(&d.j);
    as_json_end(&d.j);
    as_apidoc_send(x, &d, 0);
}

void as_api_history(as_ctx *x)
{
    as_apidoc d;
    list l = {&d.j, as_ctx_key(x)};
    if (as_apidoc_begin(&d) != 0) {
        as_answer_fail(x, 500, N_("out of memory"));
        return;
    }
    as_json_begin_object(&d.j);
    as_json_put_array(&d.j, "history");
    as_history_each(x->c, x->year, x->code, x->stage, history_item, &l);
    as_json_end(&d.j);
    as_json_end(&d.j);
    as_apidoc_send(x, &d, 0);
}

/* Answer with a stored JSON document (in the store, by its SHA-256). */
static void send_stored(as_ctx *x, const char *sha, int status)
{
    char path[AS_STORE_PATH];
    as_buf b;
    as_buf_init(&b);
    if (as_store_path(x->portal->o.state_dir, sha, path) != 0 || as_buf_read_file(&b, path) != 0)
        as_answer_fail(x, 500, N_("the file could not be read"));
    else
        as_apidoc_send_text(x, b.data ? b.data : "", b.len, status);
    as_buf_release(&b);
}

static void take_qa(void *ctx, const as_upload *u)
{
    snprintf(ctx, AS_SHA256_HEX, "%s", u->qa_sha256);
}

void as_api_qa(as_ctx *x)
{
    as_env_key k = as_ctx_key(x);
    as_envelope e;
    char qa[AS_SHA256_HEX];
    if (as_envelope_get(x->c, &k, &e) != 0 || !e.id ||
        as_envelope_upload(x->c, e.id, (int)x->n, take_qa, qa) != 0) {
        as_answer_fail(x, 404, N_("there is no such version"));
        return;
    }
    send_stored(x, qa, 0);
}

void as_api_upload(as_ctx *x)
{
    as_delivery dl;
    as_apidoc d;
    as_env_key k = as_ctx_key(x);
    memset(&d, 0, sizeof d);
    as_deliver_upload(x, as_http_query(x->req, "name"), &dl);
    bool made = dl.status == 201 && as_apidoc_begin(&d) == 0;
    if (made)
        as_apidoc_upload(&d.j, &k, &dl.upload);
    if (dl.status != 201)
        as_answer_fail(x, dl.status, dl.msgid);
    else if (!made || as_apidoc_finish(&d) != 0)
        as_answer_fail(x, 500, N_("the answer could not be made"));
    else {
        /* {"upload": the version, "qa": the QA result's own document, as kept} */
        as_buf b;
        as_buf_init(&b);
        as_buf_puts(&b, "{\"upload\": ");
        as_buf_add(&b, d.text, d.len ? d.len - 1 : 0); /* without its newline */
        as_buf_puts(&b, ",\n\"qa\": ");
        as_buf_add(&b, dl.qa.json.data ? dl.qa.json.data : "null",
                   dl.qa.json.data ? dl.qa.json.len : 4);
        as_buf_puts(&b, "}\n");
        as_apidoc_send_text(x, b.data ? b.data : "", b.failed ? 0 : b.len, 201);
        as_buf_release(&b);
    }
    as_apidoc_release(&d);
    as_delivery_release(&dl);
}

void as_api_release(as_ctx *x)
{
    as_receipt r;
    as_apidoc d;
    if (as_deliver_release(x, as_http_query(x->req, "version"), &r) != 0)
        return;
    if (as_apidoc_begin(&d) == 0)
        as_apidoc_receipt(&d.j, &r);
    as_apidoc_send(x, &d, 201);
}

void as_api_reopen(as_ctx *x)
{
    static const char reopened[] = "{\"state\": \"reopened\"}\n";
    if (as_deliver_reopen(x) == 0)
        as_apidoc_send_text(x, reopened, strlen(reopened), 0);
}

void as_api_status(as_ctx *x)
{
    const as_ruleset *r = x->portal->rules;
    as_stage_states *states = as_page_states(x);
    as_env_key fk = {x->year, AS_NATIONAL_CODE, AS_STAGE_FINDINGS};
    as_envelope f;
    as_apidoc d;
    if (!states || as_envelope_get(x->c, &fk, &f) != 0 || as_apidoc_begin(&d) != 0) {
        free(states);
        as_answer_fail(x, 500, N_("the state database failed"));
        return;
    }
    as_json_begin_object(&d.j);
    as_json_put_integer(&d.j, "year", true, x->year);
    as_json_put_string(&d.j, "findings", as_env_state_name(f.state));
    as_json_put_array(&d.j, "provinces");
    for (size_t i = 0; i < r->nprovinces; i++) {
        as_json_begin_object(&d.j);
        as_json_put_string(&d.j, "province", r->provinces[i].code);
        as_json_put_string(&d.j, "reported", as_env_state_name(states[i][AS_STAGE_REPORTED]));
        as_json_put_string(&d.j, "verified", as_env_state_name(states[i][AS_STAGE_VERIFIED]));
        as_json_end(&d.j);
    }
    as_json_end(&d.j);
    as_json_end(&d.j);
    free(states);
    as_apidoc_send(x, &d, 0);
}
