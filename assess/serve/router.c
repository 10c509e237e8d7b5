/* router: the route table, the checks every request passes, and errors. */
#include "serve/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "serve/answer.h"
#include "serve/handlers.h"
#include "serve/results.h"

struct as_route {
    const char *method;  /* "GET", "POST" or "DELETE" */
    const char *pattern; /* segments; {year} {code} {stage} {n} {name} {lang} are parameters */
    as_action act;       /* what it does, for as_access_decide */
    as_body_kind body;   /* how its body is read */
    bool api;            /* answers JSON */
    as_handler fn;       /* what runs when everything passed */
    as_stage stage;      /* the findings envelope's routes: its stage (no {code}, {stage}) */
};

#define ENV "/envelopes/{year}/{code}/{stage}"
#define FND "/findings/{year}"
#define API "/api/v1"

/* A page's route and an API route; _F: of the year's findings envelope. */
#define PAGE(m, p, a, b, fn)                                                                       \
    {                                                                                              \
        m, p, a, b, false, fn, AS_STAGE_NONE                                                       \
    }
#define PAGE_F(m, p, a, b, fn)                                                                     \
    {                                                                                              \
        m, p, a, b, false, fn, AS_STAGE_FINDINGS                                                   \
    }
#define API_R(m, p, a, b, fn)                                                                      \
    {                                                                                              \
        m, p, a, b, true, fn, AS_STAGE_NONE                                                        \
    }
#define API_F(m, p, a, b, fn)                                                                      \
    {                                                                                              \
        m, p, a, b, true, fn, AS_STAGE_FINDINGS                                                    \
    }

// clang-format off
static const as_route routes[] = {
    /* pages */
    PAGE("GET",  "/",                      AS_ACT_PUBLIC,   AS_BODY_NONE, as_page_root),
    PAGE("GET",  "/login",                 AS_ACT_PUBLIC,   AS_BODY_NONE, as_page_login),
    PAGE("POST", "/login",                 AS_ACT_PUBLIC,   AS_BODY_FORM, as_page_login_post),
    PAGE("POST", "/logout",                AS_ACT_SESSION,  AS_BODY_FORM, as_page_logout),
    PAGE("GET",  "/lang/{lang}",           AS_ACT_PUBLIC,   AS_BODY_NONE, as_page_language),
    PAGE("GET",  "/style.css",             AS_ACT_PUBLIC,   AS_BODY_NONE, as_page_style),
    PAGE("GET",  ENV,                      AS_ACT_VIEW,     AS_BODY_NONE, as_page_envelope),
    PAGE("GET",  ENV "/template",          AS_ACT_TEMPLATE, AS_BODY_NONE, as_get_template),
    PAGE("POST", ENV "/files",             AS_ACT_UPLOAD,   AS_BODY_FORM, as_page_upload),
    PAGE("GET",  ENV "/files/{n}",         AS_ACT_VIEW,     AS_BODY_NONE, as_get_file),
    PAGE("POST", ENV "/release",           AS_ACT_RELEASE,  AS_BODY_FORM, as_page_release),
    PAGE("GET",  ENV "/receipts/{n}",      AS_ACT_VIEW,     AS_BODY_NONE, as_get_receipt),
    PAGE("POST", ENV "/reopen",            AS_ACT_REOPEN,   AS_BODY_FORM, as_page_reopen),
    PAGE("GET",  ENV "/history",           AS_ACT_VIEW,     AS_BODY_NONE, as_page_history),
    PAGE_F("GET",  FND,                    AS_ACT_VIEW,     AS_BODY_NONE, as_page_envelope),
    PAGE_F("POST", FND "/files",           AS_ACT_UPLOAD,   AS_BODY_FORM, as_page_upload),
    PAGE_F("GET",  FND "/files/{n}",       AS_ACT_VIEW,     AS_BODY_NONE, as_get_file),
    PAGE_F("POST", FND "/release",         AS_ACT_RELEASE,  AS_BODY_FORM, as_page_release),
    PAGE_F("GET",  FND "/receipts/{n}",    AS_ACT_VIEW,     AS_BODY_NONE, as_get_receipt),
    PAGE_F("POST", FND "/reopen",          AS_ACT_REOPEN,   AS_BODY_FORM, as_page_reopen),
    PAGE_F("GET",  FND "/history",         AS_ACT_VIEW,     AS_BODY_NONE, as_page_history),
    PAGE("GET",  "/status/{year}",         AS_ACT_STATUS,   AS_BODY_NONE, as_page_status),
    PAGE("GET",  "/results/{year}",        AS_ACT_RESULTS,  AS_BODY_NONE, as_page_results),
    PAGE("GET",  "/results/{year}/workbook", AS_ACT_NATIONAL, AS_BODY_NONE,
         as_get_national_workbook),
    PAGE("GET",  "/results/{year}/{code}/workbook", AS_ACT_RESULTS, AS_BODY_NONE,
         as_get_province_workbook),
    PAGE("POST", "/results/{year}/evaluate", AS_ACT_EVALUATE, AS_BODY_FORM, as_page_evaluate),
    PAGE("POST", "/results/{year}/publish",  AS_ACT_PUBLISH,  AS_BODY_FORM, as_page_publish),
    PAGE("POST", "/results/{year}/notified", AS_ACT_NOTIFY,   AS_BODY_FORM, as_page_notified),
    /* the JSON API (docs/portal.md) */
    API_R("POST",   API "/session",              AS_ACT_PUBLIC,   AS_BODY_JSON, as_api_login),
    API_R("GET",    API "/session",              AS_ACT_SESSION,  AS_BODY_NONE, as_api_whoami),
    API_R("DELETE", API "/session",              AS_ACT_SESSION,  AS_BODY_NONE, as_api_logout),
    API_R("GET",    API "/envelopes",            AS_ACT_LIST,     AS_BODY_NONE, as_api_envelopes),
    API_R("GET",    API ENV,                     AS_ACT_VIEW,     AS_BODY_NONE, as_api_envelope),
    API_R("GET",    API ENV "/template",         AS_ACT_TEMPLATE, AS_BODY_NONE, as_get_template),
    API_R("POST",   API ENV "/files",            AS_ACT_UPLOAD,   AS_BODY_FILE, as_api_upload),
    API_R("GET",    API ENV "/files/{n}",        AS_ACT_VIEW,     AS_BODY_NONE, as_get_file),
    API_R("GET",    API ENV "/files/{n}/qa",     AS_ACT_VIEW,     AS_BODY_NONE, as_api_qa),
    API_R("POST",   API ENV "/release",          AS_ACT_RELEASE,  AS_BODY_NONE, as_api_release),
    API_R("POST",   API ENV "/reopen",           AS_ACT_REOPEN,   AS_BODY_NONE, as_api_reopen),
    API_R("GET",    API ENV "/receipts/{n}",     AS_ACT_VIEW,     AS_BODY_NONE, as_get_receipt),
    API_R("GET",    API ENV "/history",          AS_ACT_VIEW,     AS_BODY_NONE, as_api_history),
    API_F("GET",    API FND,                     AS_ACT_VIEW,     AS_BODY_NONE, as_api_envelope),
    API_F("POST",   API FND "/files",            AS_ACT_UPLOAD,   AS_BODY_FILE, as_api_upload),
    API_F("GET",    API FND "/files/{n}",        AS_ACT_VIEW,     AS_BODY_NONE, as_get_file),
    API_F("GET",    API FND "/files/{n}/qa",     AS_ACT_VIEW,     AS_BODY_NONE, as_api_qa),
    API_F("POST",   API FND "/release",          AS_ACT_RELEASE,  AS_BODY_NONE, as_api_release),
    API_F("POST",   API FND "/reopen",           AS_ACT_REOPEN,   AS_BODY_NONE, as_api_reopen),
    API_F("GET",    API FND "/receipts/{n}",     AS_ACT_VIEW,     AS_BODY_NONE, as_get_receipt),
    API_F("GET",    API FND "/history",          AS_ACT_VIEW,     AS_BODY_NONE, as_api_history),
    API_R("GET",    API "/status/{year}",        AS_ACT_STATUS,   AS_BODY_NONE, as_api_status),
    API_R("GET",    API "/results/{year}",       AS_ACT_RESULTS,  AS_BODY_NONE, as_api_results),
    API_R("GET",    API "/results/{year}/workbook", AS_ACT_NATIONAL, AS_BODY_NONE,
          as_get_national_workbook),
    API_R("GET",    API "/results/{year}/{code}/workbook", AS_ACT_RESULTS, AS_BODY_NONE,
          as_get_province_workbook),
    API_R("POST",   API "/results/{year}/evaluate", AS_ACT_EVALUATE, AS_BODY_NONE, as_api_evaluate),
    API_R("POST",   API "/results/{year}/publish",  AS_ACT_PUBLISH,  AS_BODY_NONE, as_api_publish),
    API_R("POST",   API "/results/{year}/notified", AS_ACT_NOTIFY,   AS_BODY_JSON, as_api_notified),
};
// clang-format on

/* ------------------------------------------------------------ matching */

/* The next segment of a path at *p (after its '/'), into seg; false at the end. */
static bool next_segment(const char **p, char *seg, size_t n)
{
    if (**p != '/')
        return false;
    const char *s = *p + 1;
    size_t len = strcspn(s, "/");
    if (len >= n)
        len = n - 1; /* too long for any parameter: it cannot match */
    memcpy(seg, s, len);
    seg[len] = '\0';
    *p = s + strcspn(s, "/");
    return true;
}

static bool all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    return n >= min && n <= max && strspn(s, "0123456789") == n;
}

/* Whether seg fits parameter name; its value goes into x. */
static bool bind(as_ctx *x, const char *name, const char *seg)
{
    if (!strcmp(name, "{year}"))
        return all_digits(seg, 4, 4) && (x->year = (int)strtol(seg, NULL, 10)) > 0;
    if (!strcmp(name, "{code}"))
        return all_digits(seg, 6, 6) && snprintf(x->code, sizeof x->code, "%s", seg) > 0;
    if (!strcmp(name, "{stage}"))
        return as_stage_parse(seg, &x->stage) == 0 && x->stage != AS_STAGE_FINDINGS;
    if (!strcmp(name, "{n}"))
        return all_digits(seg, 1, 9) && (x->n = strtol(seg, NULL, 10)) > 0;
    if (!strcmp(name, "{lang}"))
        return (!strcmp(seg, "zh") || !strcmp(seg, "en")) &&
               snprintf(x->name, sizeof x->name, "%s", seg) > 0;
    return !strcmp(name, seg);
}

/* Whether path fits pattern, binding its parameters into x. */
static bool fits(as_ctx *x, const char *pattern, const char *path)
{
    char want[64], got[128];
    const char *p = pattern, *q = path;
    if (!strcmp(pattern, "/"))
        return !strcmp(path, "/");
    while (next_segment(&p, want, sizeof want)) {
        if (!next_segment(&q, got, sizeof got) || !bind(x, want, got))
            return false;
    }
    return *q == '\0';
}

/* The route for x's request: 0 found, 404 no such path, 405 wrong method. */
static int match(as_ctx *x)
{
    bool path_known = false;
    const char *method = strcmp(x->req->method, "HEAD") ? x->req->method : "GET";
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        as_ctx probe = *x;
        if (!fits(&probe, routes[i].pattern, x->req->path))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, method) != 0)
            continue;
        *x = probe;
        x->route = &routes[i];
        x->api = routes[i].api;
        if (routes[i].stage != AS_STAGE_NONE) {
            x->stage = routes[i].stage;
            snprintf(x->code, sizeof x->code, "%s", AS_NATIONAL_CODE);
        }
        return 0;
    }
    x->api = !strncmp(x->req->path, API "/", strlen(API) + 1);
    return path_known ? 405 : 404;
}

uint64_t as_route_body_cap(const as_ctx *x)
{
    if (!x->route)
        return 0;
    switch (x->route->body) {
    case AS_BODY_FORM:
        return x->route->act == AS_ACT_UPLOAD ? x->portal->o.max_upload + AS_HTTP_MAX_TEXT
                                              : AS_HTTP_MAX_TEXT;
    case AS_BODY_FILE:
        return x->portal->o.max_upload;
    case AS_BODY_JSON:
        return AS_HTTP_MAX_TEXT;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------ the checks */

/* Refuse by the access decision. */
static void refuse(as_ctx *x, as_access a)
{
    if (a == AS_ACCESS_LOGIN && !x->api) {
        char next[480];
        x->done = true;
        snprintf(next, sizeof next, "/login?next=%s",
                 strcmp(x->req->method, "GET") ? "/" : x->req->path);
        as_http_redirect(x->resp, as_http_local_path(x->req->path) ? next : "/login");
    } else if (a == AS_ACCESS_LOGIN)
        as_answer_fail(x, 401, N_("log in first"));
    else if (a == AS_ACCESS_FORBID)
        as_answer_fail(x, 403, N_("this account may not do that"));
    else if ((x->route->act == AS_ACT_RESULTS || x->route->act == AS_ACT_NATIONAL) && !x->published)
        as_answer_fail(x, 404, N_("the results of this year are not published yet"));
    else
        as_answer_fail(x, 404, N_("there is no such page for this account"));
}

/* The session of the request's cookie, when live. */
static void find_session(as_ctx *x)
{
    x->who.role = AS_ROLE_NONE;
    x->who.name = "";
    if (!x->req->session_cookie)
        return;
    int rc = as_session_find(x->c, x->req->session_cookie, &x->portal->o.limits, &x->session);
    if (rc == 0) {
        x->has_session = true;
        x->who = x->session.who;
    }
}

/* The parameters name a year and province of the rules: 0, or -1 refused. */
static int check_params(as_ctx *x)
{
    const as_ruleset *r = x->portal->rules;
    if (x->year && (x->year < r->year_from || x->year > r->year_to)) {
        as_answer_fail(x, 404, N_("the rules assess no such year"));
        return -1;
    }
    if (x->code[0] && x->stage != AS_STAGE_FINDINGS &&
        !(x->province = as_portal_province(x->portal, x->code))) {
        as_answer_fail(x, 404, N_("no such province"));
        return -1;
    }
    return 0;
}

static bool changes_state(const as_ctx *x)
{
    return strcmp(x->req->method, "GET") != 0 && strcmp(x->req->method, "HEAD") != 0;
}

/* Access, the CSRF header of a request that changes state, the body's size. */
static void check_request(as_ctx *x)
{
    if (x->year && as_results_published(x->c, x->year, NULL) == 1)
        x->published = true;
    as_access_target t = {x->code[0] ? x->code : NULL, x->stage, x->published};
    if (!t.province && x->who.role == AS_ROLE_PROVINCE)
        t.province = x->who.province;
    as_access a = as_access_decide(&x->who, x->route->act, &t);
    if (a != AS_ACCESS_ALLOW) {
        refuse(x, a);
        return;
    }
    bool needs_csrf = changes_state(x) && x->route->act != AS_ACT_PUBLIC;
    if (needs_csrf && x->route->body != AS_BODY_FORM &&
        !as_session_csrf_ok(&x->session, x->req->csrf_header)) {
        as_answer_fail(x, 403, N_("the request lacks this session's CSRF token (X-CSRF-Token)"));
        return;
    }
    const char *type = x->req->content_type;
    if (x->route->body == AS_BODY_JSON && (!type || strncmp(type, "application/json", 16) != 0)) {
        as_answer_fail(x, 415, N_("send the body as application/json"));
        return;
    }
    int64_t len = x->req->content_length;
    if (len > 0 && (uint64_t)len > as_route_body_cap(x))
        as_answer_fail(x, x->route->body == AS_BODY_NONE ? 400 : 413,
                       x->route->body == AS_BODY_NONE ? N_("this request takes no body")
                                                      : N_("the upload is too large"));
}

as_body_kind as_route_begin(as_ctx *x, as_portal *p, as_http_req *req, as_http_resp *resp)
{
    memset(x, 0, sizeof *x);
    x->portal = p;
    x->req = req;
    x->resp = resp;
    x->c = as_db_get(p->db);
    x->lang = as_page_choose(req->lang_cookie, req->accept_language);
    find_session(x);
    int rc = match(x);
    if (rc) {
        as_answer_fail(
            x, rc, rc == 404 ? N_("there is no such page") : N_("this method is not allowed here"));
        return AS_BODY_NONE;
    }
    if (check_params(x) == 0)
        check_request(x);
    return x->done ? AS_BODY_NONE : x->route->body;
}

bool as_route_form_csrf_ok(const as_ctx *x)
{
    return x->route && (x->route->act == AS_ACT_PUBLIC ||
                        as_session_csrf_ok(&x->session, as_http_field(x->req, "csrf")));
}

/* A new part of the form begins at offset 0, unless it is the same part
 * again after an empty first piece. */
static void begin_part(as_ctx *x, const char *key, const char *filename)
{
    as_http_req *q = x->req;
    snprintf(q->part.key, sizeof q->part.key, "%s", key);
    q->part.file = filename != NULL;
    q->part.bytes = 0;
    q->part.upload = filename && !strcmp(key, "file") && !q->has_file;
    if (!q->part.upload)
        return;
    q->has_file = true;
    snprintf(q->file_name, sizeof q->file_name, "%s", filename);
    q->file_unread = !as_route_form_csrf_ok(x);
    q->file_refused = q->file_unread || as_store_tmp_open(x->portal->o.state_dir, &q->file) != 0;
}

bool as_route_form_piece(as_ctx *x, const char *key, const char *filename, const char *data,
                         uint64_t off, size_t size)
{
    as_http_req *q = x->req;
    bool again = off == 0 && q->part.bytes == 0 && q->part.file == (filename != NULL) &&
                 !strncmp(q->part.key, key, sizeof q->part.key - 1);
    if (off == 0 && !again)
        begin_part(x, key, filename);
    q->part.bytes += size;
    if (q->part.upload) {
        if (!q->file_refused && size && as_store_tmp_write(&q->file, data, size) != 0)
            q->file_refused = true;
        return true;
    }
    if (filename) {
        q->malformed = q->malformed || !strcmp(key, "file"); /* a second file */
        return true; /* a file under another name: not read */
    }
    q->form_bytes += size;
    if (q->form_bytes > AS_HTTP_MAX_TEXT) {
        q->too_large = true;
        return false;
    }
    if (off > 0 && q->nform && !strcmp(q->form[q->nform - 1].name, key)) {
        as_http_pair *p = &q->form[q->nform - 1]; /* the rest of a long value */
        size_t have = strlen(p->value);
        char *v = realloc(p->value, have + size + 1);
        if (!v)
            return false;
        memcpy(v + have, data, size);
        v[have + size] = '\0';
        p->value = v;
        return true;
    }
    if (as_http_pair_add(q->form, &q->nform, key, data, size) != 0)
        q->malformed = true;
    return true;
}

void as_route_finish(as_ctx *x)
{
    if (x->req->file_refused)
        as_store_tmp_discard(&x->req->file);
    if (x->done)
        return;
    if (x->req->too_large)
        as_answer_fail(x, 413, N_("the upload is too large"));
    else if (x->req->malformed)
        as_answer_fail(x, 400, N_("the request's body cannot be read"));
    else if (x->route->body == AS_BODY_FORM && (x->req->file_unread || !as_route_form_csrf_ok(x)))
        as_answer_fail(x, 403, N_("the form lacks this session's CSRF token: reload the page"));
    else {
        x->route->fn(x);
        x->done = true;
    }
}

void as_route_end(as_ctx *x)
{
    if (x->c)
        as_db_put(x->portal->db, x->c);
    x->c = NULL;
}
