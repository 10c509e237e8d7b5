/* apidoc: the API's answers through the one JSON writer. */
#include "serve/apidoc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "input/ydoc.h"
#include "serve/frame.h"

int as_apidoc_begin(as_apidoc *d)
{
    memset(d, 0, sizeof *d);
    if (!(d->f = open_memstream(&d->text, &d->len)))
        return -1;
    as_json_init(&d->j, d->f, 2);
    return 0;
}

/* The answer when no answer could be made (out of memory). */
static void unmade(as_ctx *x)
{
    as_http_resp *r = x->resp;
    as_buf_release(&r->body);
    r->status = 500;
    r->content_type = "application/json";
    as_buf_printf(&r->body, "{\"error\": \"%s\", \"status\": 500}\n",
                  as_page_tr(x->lang, N_("the answer could not be made")));
}

void as_apidoc_send_text(as_ctx *x, const char *text, size_t len, int status)
{
    as_http_resp *r = x->resp;
    as_buf_release(&r->body);
    r->status = status ? status : 200;
    r->content_type = "application/json";
    if (as_buf_add(&r->body, text, len) != 0)
        unmade(x);
}

int as_apidoc_finish(as_apidoc *d)
{
    int rc = d->f ? as_json_finish(&d->j) : -1;
    if (d->f && fclose(d->f) != 0)
        rc = -1;
    d->f = NULL;
    return rc;
}

void as_apidoc_release(as_apidoc *d)
{
    if (d->f)
        fclose(d->f);
    free(d->text);
    memset(d, 0, sizeof *d);
}

void as_apidoc_send(as_ctx *x, as_apidoc *d, int status)
{
    if (as_apidoc_finish(d) == 0)
        as_apidoc_send_text(x, d->text, d->len, status);
    else
        unmade(x);
    as_apidoc_release(d);
}

void as_apidoc_time(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void as_apidoc_put_time(as_json *j, const char *key, int64_t t)
{
    char at[32];
    as_apidoc_time(t, at, sizeof at);
    as_json_put_string(j, key, at);
}

void as_apidoc_upload(as_json *j, const as_env_key *k, const as_upload *u)
{
    char suffix[32], path[128], url[160];
    snprintf(suffix, sizeof suffix, "/files/%d", u->version);
    as_frame_env_path(k, suffix, path, sizeof path);
    snprintf(url, sizeof url, "/api/v1%s", path);
    as_json_begin_object(j);
    as_json_put_integer(j, "version", true, u->version);
    as_json_put_string(j, "name", u->name);
    as_json_put_string(j, "format", u->ext);
    as_json_put_integer(j, "size", true, (long)u->size);
    as_json_put_string(j, "sha256", u->sha256);
    as_json_put_integer(j, "errors", true, u->errors);
    as_json_put_integer(j, "warnings", true, u->warnings);
    as_json_put_integer(j, "notes", true, u->notes);
    as_json_put_string(j, "account", u->account);
    as_apidoc_put_time(j, "at", u->at);
    as_json_put_string(j, "url", url);
    as_json_end(j);
}

void as_apidoc_receipt(as_json *j, const as_receipt *r)
{
    as_json_begin_object(j);
    as_json_put_integer(j, "year", true, r->key.year);
    as_json_put_string(j, "province", r->key.province);
    as_json_put_string(j, "stage", as_stage_name(r->key.stage));
    as_json_put_integer(j, "release", true, r->number);
    as_json_put_integer(j, "version", true, r->version);
    as_json_put_string(j, "file", r->path);
    as_json_put_string(j, "name", r->name);
    as_json_put_integer(j, "size", true, (long)r->size);
    as_json_put_string(j, "sha256", r->sha256);
    as_apidoc_put_time(j, "at", r->at);
    as_json_put_string(j, "account", r->account);
    as_json_end(j);
}

void as_apidoc_history(as_json *j, const as_history_row *r)
{
    as_json_begin_object(j);
    as_json_put_integer(j, "id", true, (long)r->id);
    as_apidoc_put_time(j, "at", r->at);
    as_json_put_string(j, "account", r->account);
    as_json_put_string(j, "address", r->address);
    as_json_put_string(j, "event", r->event);
    as_json_put_string(j, "detail", r->detail);
    as_json_end(j);
}

int as_apidoc_fields(as_ctx *x, const char *const *keys, const char **vals, size_t n, as_arena *a,
                     char **why)
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
    *why = rc != 0 && d.n ? as_diag_format(&d.items[0]) : NULL;
    as_ydoc_release(&y);
    as_diags_release(&d);
    return rc;
}
