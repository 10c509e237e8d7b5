/* deliver: an uploaded file's way into an envelope. */
#include "serve/answer.h"
#include "serve/deliver.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "serve/handlers.h"
#include "serve/say.h"

int as_deliver_clean_name(const char *name, char *out, size_t n, const char **ext)
{
    const char *base = name ? name : "";
    for (const char *s = base; *s; s++)
        if (*s == '/' || *s == '\\')
            base = s + 1;
    size_t o = 0, limit = n - 1 < 200 ? n - 1 : 200;
    for (const unsigned char *s = (const unsigned char *)base; *s && o < limit; s++)
        if (*s >= 0x20 && *s != 0x7f)
            out[o++] = (char)*s;
    while (o && ((unsigned char)out[o - 1] & 0xC0) == 0x80 && o == limit)
        o--; /* a character cut short: drop its continuation bytes ... */
    if (o && ((unsigned char)out[o - 1] & 0xC0) == 0xC0 && o == limit)
        o--; /* ... and its lead byte */
    out[o] = '\0';
    const char *dot = strrchr(out, '.');
    if (dot && !strcasecmp(dot, ".xlsx"))
        *ext = "xlsx";
    else if (dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml")))
        *ext = "yaml";
    else
        return -1;
    return 0;
}

static void refuse(as_delivery *d, int status, const char *msgid)
{
    d->status = status;
    d->msgid = msgid;
}

/* Keep the QA result's three texts in the store. */
static int keep_qa(const as_portal *p, as_delivery *d, char shas[3][AS_SHA256_HEX])
{
    const as_buf *texts[3] = {&d->qa.json, &d->qa.html[AS_PAGE_ZH], &d->qa.html[AS_PAGE_EN]};
    for (int i = 0; i < 3; i++)
        if (texts[i]->failed || as_store_put(p->o.state_dir, texts[i]->data ? texts[i]->data : "",
                                             texts[i]->len, shas[i]) != 0)
            return -1;
    return 0;
}

/* Checks before anything is kept, then the file into the store: 0, or -1
 * refused. */
static int receive(as_ctx *x, const as_env_key *key, const char *client_name, as_delivery *d,
                   const char **ext)
{
    as_envelope e;
    if (!x->req->has_file || x->req->file.size == 0)
        refuse(d, 400, N_("no file was sent, or it is empty"));
    else if (as_deliver_clean_name(client_name, d->name, sizeof d->name, ext) != 0)
        refuse(d, 415, N_("upload a workbook (.xlsx) or a YAML file (.yaml)"));
    else if (key->stage == AS_STAGE_FINDINGS && strcmp(*ext, "yaml") != 0)
        refuse(d, 415, N_("findings are a YAML file (.yaml), as docs/data-format.md shows"));
    else if (as_envelope_get(x->c, key, &e) != 0)
        refuse(d, 500, N_("the state database failed"));
    else if (e.state == AS_ENV_RELEASED)
        refuse(d, 409, N_("this envelope is released: only the centre can reopen it"));
    else if (as_store_tmp_keep(x->portal->o.state_dir, &x->req->file, d->sha256) != 0) {
        as_log("cannot keep an upload: %s", strerror(errno));
        refuse(d, 500, N_("the upload could not be stored"));
    }
    return d->msgid ? -1 : 0;
}

/* The new version as the envelope records it. */
static void describe(as_delivery *d, const char *ext, int64_t size)
{
    as_upload *u = &d->upload;
    u->name = d->name;
    u->ext = ext;
    u->size = size;
    u->sha256 = d->sha256;
    u->qa_sha256 = d->qa_sha[0];
    u->qa_zh_sha256 = d->qa_sha[1];
    u->qa_en_sha256 = d->qa_sha[2];
    u->errors = d->qa.errors;
    u->warnings = d->qa.warnings;
    u->notes = d->qa.notes;
}

void as_deliver_upload(as_ctx *x, const char *client_name, as_delivery *d)
{
    char blob[AS_STORE_PATH];
    const char *ext = NULL;
    as_portal *p = x->portal;
    as_env_key key = as_ctx_key(x);
    memset(d, 0, sizeof *d);
    as_qa_init(&d->qa);
    int64_t size = (int64_t)x->req->file.size;
    if (receive(x, &key, client_name, d, &ext) != 0)
        return;
    if (as_store_path(p->o.state_dir, d->sha256, blob) != 0 ||
        as_qa_run(p, &key, blob, ext, d->name, &d->qa) != 0 || keep_qa(p, d, d->qa_sha) != 0) {
        as_log("cannot run or keep the QA of %s: %s", d->sha256, strerror(errno));
        refuse(d, 500, N_("the QA could not run"));
        return;
    }
    describe(d, ext, size);
    as_history_about who = as_ctx_who(x);
    as_env_status s = as_envelope_add_upload(x->c, &key, &d->upload, &who);
    if (s == AS_ENV_IS_RELEASED)
        refuse(d, 409, N_("this envelope is released: only the centre can reopen it"));
    else if (s != AS_ENV_OK)
        refuse(d, 500, N_("the state database failed"));
    else {
        d->version = d->upload.version;
        d->status = 201;
    }
}

void as_delivery_release(as_delivery *d)
{
    as_qa_release(&d->qa);
}

/* ------------------------------------------------------------ release and reopen */

/* The message of a refused release or reopening. */
static const char *refusal_of(as_env_status s)
{
    switch (s) {
    case AS_ENV_IS_RELEASED:
        return N_("this envelope is released: only the centre can reopen it");
    case AS_ENV_NOT_CLEAN:
        return N_("nothing to release: upload a version without errors first");
    case AS_ENV_NOT_LATEST:
        return N_("a newer version was uploaded meanwhile: look at its QA result first");
    case AS_ENV_NOT_RELEASED:
        return N_("only a released envelope can be reopened");
    default:
        return N_("the release failed; the envelope is as it was");
    }
}

static int status_of(as_env_status s)
{
    return s == AS_ENV_OK ? 200 : s == AS_ENV_FAILED ? 500 : 409;
}

int as_deliver_release(as_ctx *x, const char *version_text, as_receipt *r)
{
    char why[600];
    long version = 0;
    as_env_key k = as_ctx_key(x);
    if (version_text && as_http_count(version_text, &version) != 0) {
        as_answer_fail(x, 400, N_("the version is not a number"));
        return -1;
    }
    as_history_about who = as_ctx_who(x);
    as_env_status s = as_release_run(x->portal, x->c, &k, (int)version, &who, r, why, sizeof why);
    if (s != AS_ENV_OK)
        as_answer_fail_detail(x, status_of(s), refusal_of(s), s == AS_ENV_FAILED ? why : NULL);
    return s == AS_ENV_OK ? 0 : -1;
}

int as_deliver_reopen(as_ctx *x)
{
    as_env_key k = as_ctx_key(x);
    as_history_about who = as_ctx_who(x);
    as_env_status s = as_envelope_reopen(x->c, &k, &who);
    if (s != AS_ENV_OK)
        as_answer_fail(x, status_of(s), refusal_of(s));
    return s == AS_ENV_OK ? 0 : -1;
}
