/* page_envelope: an envelope's page (its state, the template, the upload
 * form, the latest QA result, the release, receipts, every version) and
 * its history page, and the forms that change it. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "serve/answer.h"
#include "serve/deliver.h"
#include "serve/handlers.h"
#include "serve/frame.h"
#include "serve/release.h"

#define B (&x->resp->body)

/* Whether x's account may do act on x's envelope (the same decision as the
 * router's, to show only the buttons that work). */
static bool may(const as_ctx *x, as_action act)
{
    as_access_target t = {x->code, x->stage, x->published};
    return as_access_decide(&x->who, act, &t) == AS_ACCESS_ALLOW;
}

static void title(as_ctx *x, const char *what)
{
    char t[300];
    snprintf(t, sizeof t, "%s · %d · %s%s%s", as_frame_province(x, x->province), x->year,
             as_frame_stage(x, x->stage), what ? " · " : "", what ? what : "");
    as_frame_begin(x, t);
}

/* The state and what it means for the account. */
static void state_line(as_ctx *x, const as_envelope *e)
{
    static const char *const means[] = {
        N_("Nothing has been uploaded yet."),
        N_("The latest version has errors: fix them and upload again. Errors block the release."),
        N_("The latest version has no errors: it can be released. Warnings do not block it."),
        N_("The file is in the data set. Only the centre can reopen the envelope."),
        N_("Upload a new version and release it.")};
    as_html(B, "<p class=\"state %s\"><strong>%s</strong> %s</p>\n", as_env_state_name(e->state),
            as_frame_state(x, e->state), as_page_tr(x->lang, means[e->state]));
}

static void template_link(as_ctx *x, const as_env_key *k)
{
    char href[128];
    as_frame_env_path(k, "/template", href, sizeof href);
    as_html(B, "<p><a class=\"download\" href=\"%s\">%s</a> %s</p>\n", href,
            as_page_tr(x->lang, N_("Download the workbook template")),
            as_page_tr(x->lang, N_("(the previous year's released figures beside each input; "
                                   "fill in the yellow cells in Excel, WPS or LibreOffice)")));
}

static void upload_form(as_ctx *x, const as_env_key *k)
{
    char action[128];
    as_frame_env_path(k, "/files", action, sizeof action);
    as_html(B,
            "<form class=\"upload\" method=\"post\" action=\"%s\" enctype=\"multipart/form-data\">",
            action);
    as_frame_csrf(x); /* first: the file is refused unread without it */
    as_html(B,
            "<label>%s <input type=\"file\" name=\"file\" accept=\"%s\" "
            "required></label><button type=\"submit\">%s</button></form>\n",
            k->stage == AS_STAGE_FINDINGS
                ? as_page_tr(x->lang, N_("YAML file"))
                : as_page_tr(x->lang, N_("Workbook (.xlsx) or YAML file")),
            k->stage == AS_STAGE_FINDINGS ? ".yaml,.yml" : ".xlsx,.yaml,.yml",
            as_page_tr(x->lang, N_("Upload and check")));
}

/* What the envelope page needs of its latest version. */
typedef struct {
    as_ctx *x;
    int version, errors;
    char qa_sha[AS_SHA256_HEX]; /* the fragment in the page's language */
} latest;

static void take_latest(void *ctx, const as_upload *u)
{
    latest *l = ctx;
    l->version = u->version;
    l->errors = u->errors;
    snprintf(l->qa_sha, sizeof l->qa_sha, "%s",
             l->x->lang == AS_PAGE_ZH ? u->qa_zh_sha256 : u->qa_en_sha256);
}

/* The latest version's QA result, as rendered when it was uploaded. */
static void latest_qa(as_ctx *x, const latest *l)
{
    char path[AS_STORE_PATH];
    as_buf frag;
    as_buf_init(&frag);
    if (as_store_path(x->portal->o.state_dir, l->qa_sha, path) == 0 &&
        as_buf_read_file(&frag, path) == 0)
        as_html_fragment(B, frag.data ? frag.data : "", frag.len);
    as_buf_release(&frag);
}

static void release_form(as_ctx *x, const as_env_key *k, const latest *l)
{
    char action[128];
    as_frame_env_path(k, "/release", action, sizeof action);
    as_html(B, "<form class=\"release\" method=\"post\" action=\"%s\">", action);
    as_frame_csrf(x);
    as_html(B, "<input type=\"hidden\" name=\"version\" value=\"%d\">", l->version);
    as_html(B, "<p>%s</p><button type=\"submit\" class=\"primary\">",
            as_page_tr(x->lang, N_("Releasing makes this delivery final: the file is written "
                                   "into the data set as uploaded, and you get a receipt.")));
    as_html_say(B, x->lang, "Release version %d", l->version);
    as_html(B, "</button></form>\n");
}

static void receipt_row(void *ctx, const as_receipt *r)
{
    as_ctx *x = ctx;
    char href[128], suffix[32], at[32];
    snprintf(suffix, sizeof suffix, "/receipts/%d", r->number);
    as_frame_env_path(&r->key, suffix, href, sizeof href);
    as_html_time(r->at, at, sizeof at);
    as_html(B, "<li><a href=\"%s\">", href);
    as_html_say(B, x->lang, "Receipt %d", r->number);
    as_html(B, "</a> · %s · %s · <code>%s</code> · %s</li>\n", at, r->path, r->sha256, r->account);
}

static void receipts(as_ctx *x, const as_env_key *k)
{
    as_receipt r;
    if (as_release_receipt(x->c, k, 0, &r) != 0)
        return; /* none yet */
    as_html(B, "<section><h2>%s</h2><ul class=\"receipts\">\n",
            as_page_tr(x->lang, N_("Receipts")));
    as_release_each(x->c, k, receipt_row, x);
    as_html(B, "</ul></section>\n");
}

static void version_row(void *ctx, const as_upload *u)
{
    as_ctx *x = ctx;
    char href[128], suffix[32], at[32], size[32], sha[24];
    as_env_key k = as_ctx_key(x);
    snprintf(sha, sizeof sha, "%.12s…", u->sha256);
    snprintf(suffix, sizeof suffix, "/files/%d", u->version);
    as_frame_env_path(&k, suffix, href, sizeof href);
    as_html_time(u->at, at, sizeof at);
    as_html_bytes(u->size, size, sizeof size);
    as_html(B,
            "<tr><td class=\"num\">%d</td><td><a href=\"%s\">%s</a></td><td class=\"num\">%s</td>"
            "<td><code title=\"%s\">%s</code></td><td>%s</td><td>%s</td>"
            "<td class=\"num%s\">%d</td><td class=\"num\">%d</td></tr>\n",
            u->version, href, u->name, size, u->sha256, sha, at, u->account,
            u->errors ? " bad" : "", u->errors, u->warnings);
}

static void versions(as_ctx *x, long long id)
{
    as_html(B,
            "<section><h2>%s</h2><table class=\"versions\"><thead><tr><th>%s</th><th>%s</th>"
            "<th>%s</th><th>SHA-256</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
            "</thead><tbody>\n",
            as_page_tr(x->lang, N_("Versions")), as_page_tr(x->lang, N_("version")),
            as_page_tr(x->lang, N_("file")), as_page_tr(x->lang, N_("bytes")),
            as_page_tr(x->lang, N_("uploaded")), as_page_tr(x->lang, N_("by")),
            as_page_tr(x->lang, N_("errors")), as_page_tr(x->lang, N_("warnings")));
    as_envelope_uploads(x->c, id, version_row, x);
    as_html(B, "</tbody></table></section>\n");
}

void as_page_envelope(as_ctx *x)
{
    as_env_key k = as_ctx_key(x);
    as_envelope e;
    latest l = {x, 0, 0, ""};
    char href[128];
    if (as_envelope_get(x->c, &k, &e) != 0) {
        as_answer_fail(x, 500, N_("the state database failed"));
        return;
    }
    if (e.id)
        as_envelope_upload(x->c, e.id, 0, take_latest, &l);
    title(x, NULL);
    state_line(x, &e);
    /* A released envelope's receipts come first: they are what its clerk came for. */
    if (e.state == AS_ENV_RELEASED)
        receipts(x, &k);
    if (may(x, AS_ACT_TEMPLATE) && k.stage != AS_STAGE_FINDINGS)
        template_link(x, &k);
    else if (k.stage == AS_STAGE_FINDINGS)
        as_html(B, "<p class=\"hint\">%s</p>\n",
                as_page_tr(x->lang, N_("The year's findings of on-site verification for every "
                                       "province, as one YAML file: findings: {year, source}, "
                                       "provinces: {CODE: {fraud, summary, found_by}} "
                                       "(docs/data-format.md).")));
    if (may(x, AS_ACT_UPLOAD) && e.state != AS_ENV_RELEASED)
        upload_form(x, &k);
    if (l.version)
        latest_qa(x, &l);
    if (may(x, AS_ACT_RELEASE) && e.state == AS_ENV_CLEAN && l.version && !l.errors)
        release_form(x, &k, &l);
    if (may(x, AS_ACT_REOPEN) && e.state == AS_ENV_RELEASED) {
        as_frame_env_path(&k, "/reopen", href, sizeof href);
        as_frame_button(x, href, N_("Reopen (the centre)"), "");
    }
    if (e.state != AS_ENV_RELEASED)
        receipts(x, &k);
    if (e.id)
        versions(x, e.id);
    as_frame_env_path(&k, "/history", href, sizeof href);
    as_html(B, "<p><a href=\"%s\">%s</a></p>\n", href, as_page_tr(x->lang, N_("History")));
    as_frame_end(x);
}

/* ------------------------------------------------------------ forms */

void as_page_upload(as_ctx *x)
{
    as_delivery d;
    char back[128];
    as_env_key k = as_ctx_key(x);
    as_deliver_upload(x, x->req->file_name, &d);
    if (d.status == 201) {
        as_frame_env_path(&k, "", back, sizeof back);
        as_http_redirect(x->resp, back);
    } else
        as_answer_fail(x, d.status, d.msgid);
    as_delivery_release(&d);
}

void as_page_release(as_ctx *x)
{
    as_receipt r;
    char back[128];
    as_env_key k = as_ctx_key(x);
    if (as_deliver_release(x, as_http_field(x->req, "version"), &r) != 0)
        return;
    as_frame_env_path(&k, "", back, sizeof back);
    as_http_redirect(x->resp, back);
}

void as_page_reopen(as_ctx *x)
{
    char back[128];
    as_env_key k = as_ctx_key(x);
    if (as_deliver_reopen(x) != 0)
        return;
    as_frame_env_path(&k, "", back, sizeof back);
    as_http_redirect(x->resp, back);
}

/* ------------------------------------------------------------ history */

const char *as_page_event(as_page_lang lang, const char *event)
{
    static const char *const events[][2] = {
        {"login", N_("logged in")},
        {"login_failed", N_("failed login")},
        {"logout", N_("logged out")},
        {"upload", N_("new version uploaded")},
        {"qa", N_("QA result")},
        {"release", N_("released")},
        {"release_failed", N_("release failed")},
        {"reopen", N_("reopened")},
        {"evaluate", N_("evaluated")},
        {"publish", N_("published")},
        {"notified", N_("notification date set")},
    };
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        if (!strcmp(event, events[i][0]))
            return as_page_tr(lang, events[i][1]);
    return event;
}

static void history_row(void *ctx, const as_history_row *r)
{
    as_ctx *x = ctx;
    char at[32];
    as_html_time(r->at, at, sizeof at);
    as_html(
        B,
        "<tr><td class=\"num\">%lld</td><td class=\"nowrap\">%s</td><td class=\"nowrap\">%s</td>"
        "<td>%s</td><td>%s</td>"
        "<td>%s</td></tr>\n",
        r->id, at, as_page_event(x->lang, r->event), r->account, r->address, r->detail);
}

void as_page_history(as_ctx *x)
{
    char back[128];
    as_env_key k = as_ctx_key(x);
    title(x, as_page_tr(x->lang, N_("History")));
    as_html(B,
            "<p class=\"hint\">%s</p><table class=\"history\"><thead><tr><th>#</th><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            as_page_tr(x->lang, N_("Every step, as it happened; rows are never changed or "
                                   "deleted.")),
            as_page_tr(x->lang, N_("time")), as_page_tr(x->lang, N_("what")),
            as_page_tr(x->lang, N_("account")), as_page_tr(x->lang, N_("address")),
            as_page_tr(x->lang, N_("details")));
    as_history_each(x->c, x->year, x->code, x->stage, history_row, x);
    as_frame_env_path(&k, "", back, sizeof back);
    as_html(B, "</tbody></table>\n<p><a href=\"%s\">%s</a></p>\n", back,
            as_page_tr(x->lang, N_("Back to the envelope")));
    as_frame_end(x);
}
