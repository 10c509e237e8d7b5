/* api: JSON pieces of the API's answers. */
#include "serve/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/i18n.h"
#include "engine/ydoc.h"
#include "serve/page.h"

void as_api_str(as_buf *b, const char *s)
{
    if (!s) {
        as_buf_puts(b, "null");
        return;
    }
    as_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            as_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            as_buf_puts(b, "\\n");
        else if (*p < 0x20 || *p == 0x7f)
            as_buf_printf(b, "\\u%04x", *p);
        else if (*p == '<' || *p == '>' || *p == '&')
            as_buf_printf(b, "\\u%04x", *p); /* never markup, wherever it is pasted */
        else
            as_buf_add(b, p, 1);
    }
    as_buf_puts(b, "\"");
}

static void key(as_buf *b, const char *k)
{
    as_buf_printf(b, "\"%s\": ", k);
}

void as_api_kstr(as_buf *b, const char *k, const char *s, bool last)
{
    key(b, k);
    as_api_str(b, s);
    as_buf_puts(b, last ? "" : ", ");
}

void as_api_kint(as_buf *b, const char *k, long long v, bool last)
{
    key(b, k);
    as_buf_printf(b, "%lld%s", v, last ? "" : ", ");
}

void as_api_kbool(as_buf *b, const char *k, bool v, bool last)
{
    key(b, k);
    as_buf_printf(b, "%s%s", v ? "true" : "false", last ? "" : ", ");
}

void as_api_time(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void as_api_json_upload(as_buf *b, const as_env_key *k, const as_upload *u)
{
    char at[32], url[160];
    as_api_time(u->at, at, sizeof at);
    char suffix[32], path[128];
    snprintf(suffix, sizeof suffix, "/files/%d", u->version);
    as_page_env_path(k, suffix, path, sizeof path);
    snprintf(url, sizeof url, "/api/v1%s", path);
    as_buf_puts(b, "{");
    as_api_kint(b, "version", u->version, false);
    as_api_kstr(b, "name", u->name, false);
    as_api_kstr(b, "format", u->ext, false);
    as_api_kint(b, "size", u->size, false);
    as_api_kstr(b, "sha256", u->sha256, false);
    as_api_kint(b, "errors", u->errors, false);
    as_api_kint(b, "warnings", u->warnings, false);
    as_api_kint(b, "notes", u->notes, false);
    as_api_kstr(b, "account", u->account, false);
    as_api_kstr(b, "at", at, false);
    as_api_kstr(b, "url", url, true);
    as_buf_puts(b, "}");
}

void as_api_json_receipt(as_buf *b, const as_receipt *r)
{
    char at[32];
    as_api_time(r->at, at, sizeof at);
    as_buf_puts(b, "{");
    as_api_kint(b, "year", r->key.year, false);
    as_api_kstr(b, "province", r->key.province, false);
    as_api_kstr(b, "stage", as_stage_name(r->key.stage), false);
    as_api_kint(b, "release", r->number, false);
    as_api_kint(b, "version", r->version, false);
    as_api_kstr(b, "file", r->path, false);
    as_api_kstr(b, "name", r->name, false);
    as_api_kint(b, "size", r->size, false);
    as_api_kstr(b, "sha256", r->sha256, false);
    as_api_kstr(b, "at", at, false);
    as_api_kstr(b, "account", r->account, true);
    as_buf_puts(b, "}");
}

void as_api_json_history(as_buf *b, const as_history_row *r)
{
    char at[32];
    as_api_time(r->at, at, sizeof at);
    as_buf_puts(b, "{");
    as_api_kint(b, "id", r->id, false);
    as_api_kstr(b, "at", at, false);
    as_api_kstr(b, "account", r->account, false);
    as_api_kstr(b, "address", r->address, false);
    as_api_kstr(b, "event", r->event, false);
    as_api_kstr(b, "detail", r->detail, true);
    as_buf_puts(b, "}");
}

void as_api_answer(as_ctx *x, as_buf *b, int status)
{
    as_http_resp *r = x->resp;
    as_buf_release(&r->body);
    if (b->failed) {
        as_buf_release(b);
        as_route_fail(x, 500, N_("the answer could not be made"));
        return;
    }
    r->status = status ? status : 200;
    r->content_type = "application/json";
    r->body = *b;
    as_buf_init(b);
    as_buf_puts(&r->body, "\n");
}

int as_api_fields(as_ctx *x, const char *const *keys, const char **vals, size_t n, as_arena *a)
{
    as_ydoc y;
    as_diags d;
    int rc = 0;
    as_diags_init(&d);
    memset(&y, 0, sizeof y);
    for (size_t i = 0; i < n; i++)
        vals[i] = NULL;
    const as_buf *body = &x->req->json;
    /* JSON is read as the YAML it is, with the same bounds and locations. */
    if (as_ydoc_load_string(&y, "request", body->data ? body->data : "", body->len, a, &d) != 0 ||
        !as_ydoc_expect_map(&y, as_ydoc_root(&y), "request", &d))
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        yaml_node_t *v = as_ydoc_get(&y, as_ydoc_root(&y), keys[i]);
        if (v && as_ydoc_to_str(&y, v, keys[i], a, &vals[i], &d) != 0)
            rc = -1;
    }
    if (rc != 0) {
        char *why = d.n ? as_diag_format(&d.items[0]) : NULL;
        as_route_fail_detail(x, 400, N_("the request's JSON cannot be read"), why);
        free(why);
    }
    as_ydoc_release(&y);
    as_diags_release(&d);
    return rc;
}
