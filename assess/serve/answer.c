/* answer: refusals as error pages or the API's JSON. */
#include "serve/answer.h"

#include "base/i18n.h"
#include "serve/apidoc.h"
#include "serve/frame.h"

/* The API's refusal, {"error": msg, "status": status}, as the body. */
static void fail_json(as_ctx *x, int status, const char *msg)
{
    as_http_resp *r = x->resp;
    as_apidoc d;
    r->content_type = "application/json";
    if (as_apidoc_begin(&d) == 0) {
        as_json_begin_object(&d.j);
        as_json_put_string(&d.j, "error", msg);
        as_json_put_integer(&d.j, "status", true, status);
        as_json_end(&d.j);
        if (as_apidoc_finish(&d) == 0)
            as_buf_add(&r->body, d.text, d.len);
    }
    as_apidoc_release(&d);
}

void as_answer_fail_detail(as_ctx *x, int status, const char *msgid, const char *detail)
{
    as_http_resp *r = x->resp;
    const char *sep = x->lang == AS_PAGE_ZH ? "：" : ": "; /* before the detail */
    x->done = true;
    r->status = status;
    as_buf_release(&r->body);
    if (x->api) {
        as_buf msg;
        as_buf_init(&msg);
        as_buf_puts(&msg, as_page_tr(x->lang, msgid));
        if (detail && *detail)
            as_buf_printf(&msg, "%s%s", sep, detail);
        fail_json(x, status, msg.data ? msg.data : "");
        as_buf_release(&msg);
        return;
    }
    r->content_type = "text/html; charset=utf-8";
    as_frame_begin(x, as_page_tr(x->lang, N_("Something went wrong")));
    as_html(&r->body, "<p class=\"refusal\">");
    as_html(&r->body, "%s", as_page_tr(x->lang, msgid));
    if (detail && *detail)
        as_html(&r->body, "%s%s", sep, detail);
    as_html(&r->body, "</p>\n<p><a href=\"/\">%s</a></p>\n", as_page_tr(x->lang, N_("Home")));
    as_frame_end(x);
}

void as_answer_fail(as_ctx *x, int status, const char *msgid)
{
    as_answer_fail_detail(x, status, msgid, NULL);
}
