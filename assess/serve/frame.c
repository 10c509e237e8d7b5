/* frame: the frame of every page. */
#include "serve/frame.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"

#define B (&x->resp->body)

const char *as_frame_province(const as_ctx *x, const as_province *p)
{
    if (!p)
        return as_page_tr(x->lang, N_("all provinces"));
    return x->lang == AS_PAGE_ZH ? p->name_zh : p->name_en;
}

const char *as_frame_state(const as_ctx *x, as_env_state s)
{
    static const char *const labels[] = {N_("nothing uploaded"), N_("uploaded, with errors"),
                                         N_("uploaded, clean"), N_("released"), N_("reopened")};
    return as_page_tr(x->lang, labels[(unsigned)s < 5 ? s : 0]);
}

const char *as_frame_stage(const as_ctx *x, as_stage s)
{
    if (s == AS_STAGE_FINDINGS)
        return as_page_tr(x->lang, N_("on-site verification findings (departments)"));
    return s == AS_STAGE_VERIFIED ? as_page_tr(x->lang, N_("verified figures (departments)"))
                                  : as_page_tr(x->lang, N_("self-assessment (province)"));
}

void as_frame_env_path(const as_env_key *k, const char *suffix, char *out, size_t n)
{
    if (k->stage == AS_STAGE_FINDINGS)
        snprintf(out, n, "/findings/%d%s", k->year, suffix ? suffix : "");
    else
        snprintf(out, n, "/envelopes/%d/%s/%s%s", k->year, k->province, as_stage_name(k->stage),
                 suffix ? suffix : "");
}

void as_frame_csrf(as_ctx *x)
{
    if (x->has_session)
        as_html(B, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", x->session.csrf);
}

void as_frame_button(as_ctx *x, const char *action, const char *label_msgid, const char *cls)
{
    as_html(B, "<form class=\"inline\" method=\"post\" action=\"%s\">", action);
    as_frame_csrf(x);
    as_html(B, "<button type=\"submit\" class=\"%s\">%s</button></form>", cls,
            as_page_tr(x->lang, label_msgid));
}

/* The links of the account's role. */
static void nav_links(as_ctx *x)
{
    char href[96];
    int year = x->year ? x->year : x->portal->o.year;
    if (x->who.role == AS_ROLE_PROVINCE) {
        as_env_key k = {year, "", AS_STAGE_REPORTED};
        snprintf(k.province, sizeof k.province, "%s", x->who.province);
        as_frame_env_path(&k, "", href, sizeof href);
        as_html(B, "<a href=\"%s\">%s</a>", href, as_page_tr(x->lang, N_("Delivery")));
    } else {
        snprintf(href, sizeof href, "/status/%d", year);
        as_html(B, "<a href=\"%s\">%s</a>", href, as_page_tr(x->lang, N_("Status")));
    }
    snprintf(href, sizeof href, "/results/%d", year);
    as_html(B, "<a href=\"%s\">%s</a>", href, as_page_tr(x->lang, N_("Results")));
}

/* The header: the portal's name, the account's links, the account and the
 * other language. */
static void header(as_ctx *x)
{
    const as_ruleset *r = x->portal->rules;
    as_html(B, "<header><div class=\"brand\"><a href=\"/\">%s</a><span>%s</span></div><nav>",
            as_page_tr(x->lang, N_("Dual-carbon assessment: delivery portal")),
            x->lang == AS_PAGE_ZH ? r->title_zh : r->title_en);
    if (x->has_session) {
        nav_links(x);
        as_html(B, "<span class=\"who\">%s (%s%s%s)</span>", x->who.name,
                as_page_tr(x->lang, x->who.role == AS_ROLE_PROVINCE     ? N_("province")
                                    : x->who.role == AS_ROLE_DEPARTMENT ? N_("department")
                                                                        : N_("centre")),
                x->who.province[0] ? " " : "", x->who.province);
        as_frame_button(x, "/logout", N_("Log out"), "link");
    }
    char next[440];
    snprintf(next, sizeof next, "/lang/%s?next=%s", x->lang == AS_PAGE_ZH ? "en" : "zh",
             as_http_local_path(x->req->path) ? x->req->path : "/");
    as_html(B, "<a class=\"lang\" href=\"%s\" lang=\"%s\">%s</a></nav></header>\n", next,
            x->lang == AS_PAGE_ZH ? "en" : "zh-CN", x->lang == AS_PAGE_ZH ? "English" : "中文");
}

void as_frame_begin(as_ctx *x, const char *title)
{
    as_http_resp *r = x->resp;
    r->content_type = "text/html; charset=utf-8";
    as_buf_release(&r->body);
    as_html(B,
            "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>%s · assess</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\n"
            "<body>",
            x->lang == AS_PAGE_ZH ? "zh-CN" : "en", title);
    header(x);
    as_html(B, "<main><h1>%s</h1>\n", title);
}

void as_frame_end(as_ctx *x)
{
    as_html(B, "</main><footer>assess %s · %s</footer></body></html>\n", ASSESS_VERSION,
            as_page_tr(x->lang, N_("Times are China Standard Time (UTC+8)")));
}
