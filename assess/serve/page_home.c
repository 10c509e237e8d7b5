/* page_home: the way in and out: the login form and its answer, logging
 * out, the language switch, the stylesheet, and "/" sending each account
 * to its own start page. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "serve/answer.h"
#include "serve/account.h"
#include "serve/handlers.h"
#include "serve/history.h"
#include "serve/frame.h"
#include "serve/style.h"
#include "serve/throttle.h"

#define B (&x->resp->body)

/* The cookies the portal sets. */
#define SESSION_COOKIE "assess_session"
#define LOGIN_COOKIE "assess_login"
#define LANG_COOKIE "assess_lang"

/* Where to go after logging in: next when it is a path here, else "/". */
static const char *next_of(const char *next)
{
    return as_http_local_path(next) && strncmp(next, "/login", 6) != 0 ? next : "/";
}

/* The login form, with a fresh token in its field and its cookie: a form
 * posted from elsewhere lacks the cookie's value. */
static void login_form(as_ctx *x, const char *next, const char *problem, int status)
{
    char token[AS_TOKEN_TEXT];
    as_session_token(token);
    as_http_set_cookie(x->resp, LOGIN_COOKIE, token, 3600, x->portal->o.tls);
    as_frame_begin(x, as_page_tr(x->lang, N_("Log in")));
    x->resp->status = status;
    if (problem)
        as_html(B, "<p class=\"refusal\">%s</p>\n", as_page_tr(x->lang, problem));
    as_html(B,
            "<form class=\"login\" method=\"post\" action=\"/login\">"
            "<input type=\"hidden\" name=\"login\" value=\"%s\">"
            "<input type=\"hidden\" name=\"next\" value=\"%s\">"
            "<label>%s <input name=\"user\" autocomplete=\"username\" required></label>"
            "<label>%s <input name=\"password\" type=\"password\" "
            "autocomplete=\"current-password\" required></label>"
            "<button type=\"submit\">%s</button></form>\n",
            token, next_of(next), as_page_tr(x->lang, N_("Account")),
            as_page_tr(x->lang, N_("Password")), as_page_tr(x->lang, N_("Log in")));
    as_html(B, "<p class=\"hint\">%s</p>\n",
            as_page_tr(x->lang, N_("Accounts are made by the portal's administrator with "
                                   "'assess accounts add'; there is no default password.")));
    as_frame_end(x);
}

void as_page_login(as_ctx *x)
{
    login_form(x, as_http_query(x->req, "next"), NULL, 200);
}

void as_page_root(as_ctx *x)
{
    char path[96];
    if (!x->has_session) {
        login_form(x, "/", NULL, 200);
        return;
    }
    if (x->who.role == AS_ROLE_PROVINCE)
        snprintf(path, sizeof path, "/envelopes/%d/%s/reported", x->portal->o.year,
                 x->who.province);
    else
        snprintf(path, sizeof path, "/status/%d", x->portal->o.year);
    as_http_redirect(x->resp, path);
}

/* Start a session for who and send its cookie. */
static int start_session(as_ctx *x, const as_principal *who)
{
    char token[AS_TOKEN_TEXT], csrf[AS_TOKEN_TEXT];
    if (as_session_start(x->c, who->account, x->req->address, token, csrf) != 0)
        return -1;
    as_http_set_cookie(x->resp, SESSION_COOKIE, token, 0, x->portal->o.tls);
    as_http_set_cookie(x->resp, LOGIN_COOKIE, "", -1, x->portal->o.tls);
    snprintf(x->session.csrf, sizeof x->session.csrf, "%s", csrf);
    sodium_memzero(token, sizeof token);
    return 0;
}

int as_page_do_login(as_ctx *x, const char *user, const char *password, as_principal *who,
                     int64_t *wait)
{
    as_history_about a = {"", x->req->address, 0, NULL, AS_STAGE_NONE};
    *wait = as_throttle_wait(x->c, user, x->req->address);
    if (*wait > 0)
        return 429;
    as_account_status s = as_account_login(x->c, user, password, who);
    if (s == AS_ACCOUNT_FAILED)
        return 500;
    if (s != AS_ACCOUNT_OK) {
        as_throttle_fail(x->c, user, x->req->address);
        as_history_add(x->c, &a, "login_failed", "name %s", user);
        return 401;
    }
    as_throttle_clear(x->c, user);
    as_session_sweep(x->c, &x->portal->o.limits);
    a.account = who->name;
    if (start_session(x, who) != 0)
        return 500;
    as_history_add(x->c, &a, "login", "session started");
    return 200;
}

void as_page_login_post(as_ctx *x)
{
    const char *user = as_http_field(x->req, "user"), *pw = as_http_field(x->req, "password");
    const char *token = as_http_field(x->req, "login"), *next = as_http_field(x->req, "next");
    const char *cookie = x->req->login_cookie;
    if (!token || !cookie || strlen(token) != strlen(cookie) ||
        sodium_memcmp(token, cookie, strlen(token)) != 0) {
        login_form(x, next, N_("The login form has expired: log in again."), 403);
        return;
    }
    as_principal who;
    int64_t wait = 0;
    int rc = as_page_do_login(x, user ? user : "", pw ? pw : "", &who, &wait);
    if (rc == 200)
        as_http_redirect(x->resp, next_of(next));
    else if (rc == 429) {
        x->resp->retry_after = (int)wait;
        login_form(x, next, N_("Too many failed logins: wait a while and try again."), 429);
    } else if (rc == 401)
        login_form(x, next, N_("Wrong account name or password."), 401);
    else
        as_answer_fail(x, 500, N_("the state database failed"));
}

void as_page_do_logout(as_ctx *x)
{
    as_history_about a = as_ctx_who(x);
    as_session_end(x->c, x->session.id);
    as_history_add(x->c, &a, "logout", "session ended");
    as_http_set_cookie(x->resp, SESSION_COOKIE, "", -1, x->portal->o.tls);
}

void as_page_logout(as_ctx *x)
{
    as_page_do_logout(x);
    as_http_redirect(x->resp, "/login");
}

void as_page_language(as_ctx *x)
{
    as_http_set_cookie(x->resp, LANG_COOKIE, x->name, 365 * 24 * 3600, x->portal->o.tls);
    const char *next = as_http_query(x->req, "next");
    as_http_redirect(x->resp, as_http_local_path(next) ? next : "/");
}

void as_page_style(as_ctx *x)
{
    x->resp->content_type = "text/css; charset=utf-8";
    x->resp->cacheable = true;
    as_buf_add(B, as_style_css, as_style_css_len);
}
