/* fuzz_request: the portal's handling of a request, without a socket: the
 * router (routes, parameters, sessions, access, CSRF, body caps and types),
 * query strings, urlencoded form fields, JSON bodies, uploaded files and
 * cookies, and every handler a request can reach, on a portal of the cut-down
 * sample.  An input is a request as text: two characters (who asks: 0
 * nobody, 1 Beijing's clerk, 2 a department, 3 the centre; and flags: 1 the
 * session's CSRF token as X-CSRF-Token, 2 as a form field, 4 a language
 * cookie "en"), then "METHOD PATH[?QUERY]", header lines "Name: value", an
 * empty line and the body.  A form's body is given in the pieces
 * libmicrohttpd's form parser makes of a multipart or urlencoded body
 * (form(), below), so what the portal does with them (as_route_form_piece:
 * the CSRF token before the file, one file, long values, caps) is fuzzed;
 * the parsing itself is libmicrohttpd's. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/portal.h"
#include "serve/router.h"
#include "serve/session.h"
#include "support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static as_portal portal;
static char tokens[4][AS_TOKEN_TEXT], csrfs[4][AS_TOKEN_TEXT];

/* The portal, with an account and a session per role, made once. */
static void setup(void)
{
    static const char *const accounts[] = {
        "INSERT INTO accounts (name, role, province, pwhash, created) VALUES "
        "('p110000', 'province', '110000', 'x', 0)",
        "INSERT INTO accounts (name, role, province, pwhash, created) VALUES "
        "('nbs', 'department', NULL, 'x', 0)",
        "INSERT INTO accounts (name, role, province, pwhash, created) VALUES "
        "('centre', 'centre', NULL, 'x', 0)"};
    static char rules[512], calendar[512];
    as_diags d;
    snprintf(rules, sizeof rules, "%s", fz_repo("rules/2026.yaml"));
    snprintf(calendar, sizeof calendar, "%s", fz_repo("data/calendar"));
    as_portal_opts o = {.data_dir = fz_mini_sample(),
                        .state_dir = fz_path("state"),
                        .rules_path = rules,
                        .calendar_dir = calendar,
                        .year = 2026,
                        .max_upload = 65536,
                        .limits = {1800, 43200},
                        .threads = 1};
    o.state_dir = strdup(o.state_dir);
    as_diags_init(&d);
    if (!o.state_dir || as_portal_open(&portal, &o, &d) != 0)
        abort();
    as_diags_release(&d);
    sqlite3 *c = as_db_get(portal.db);
    for (int i = 0; i < 3; i++)
        if (sqlite3_exec(c, accounts[i], NULL, NULL, NULL) != SQLITE_OK ||
            as_session_start(c, sqlite3_last_insert_rowid(c), "127.0.0.1", tokens[i + 1],
                             csrfs[i + 1]) != 0)
            abort();
    as_db_put(portal.db, c);
}

/* Decode %XX and '+' in s, in place (as libmicrohttpd does for a query). */
static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        char hex[3] = {s[1], s[1] ? s[2] : 0, 0}, *end;
        long v = *s == '%' && hex[0] && hex[1] ? strtol(hex, &end, 16) : 0;
        if (v > 0 && *end == '\0') {
            *o++ = (char)v;
            s += 2;
        } else
            *o++ = *s == '+' ? ' ' : *s;
    }
    *o = '\0';
}

/* The pairs "a=b&c=d" of s (changed in place) into list. */
static void pairs(char *s, as_http_pair *list, size_t *n)
{
    for (char *p = s; p && *p;) {
        char *amp = strchr(p, '&'), *eq;
        if (amp)
            *amp = '\0';
        if ((eq = strchr(p, '=')))
            *eq = '\0';
        unescape(p);
        if (eq)
            unescape(eq + 1);
        as_http_pair_add(list, n, p, eq ? eq + 1 : "", eq ? strlen(eq + 1) : 0);
        p = amp ? amp + 1 : NULL;
    }
}

/* The request line and headers of text (changed in place) into q; the
 * body's start.  NULL when there is no request line. */
static char *head(char *text, as_http_req *q, char *method, size_t mn)
{
    char *line = text, *next = strchr(line, '\n');
    if (!next)
        return NULL;
    *next = '\0';
    char *sp = strchr(line, ' ');
    if (!sp)
        return NULL;
    *sp = '\0';
    snprintf(method, mn, "%s", line);
    char *query = strchr(sp + 1, '?');
    if (query) {
        *query = '\0';
        pairs(query + 1, q->query, &q->nquery);
    }
    q->path = sp + 1;
    for (line = next + 1; (next = strchr(line, '\n')) && next != line; line = next + 1) {
        *next = '\0';
        char *colon = strstr(line, ": ");
        if (!colon)
            continue;
        *colon = '\0';
        const char *v = colon + 2;
        if (!strcmp(line, "Content-Type"))
            q->content_type = v;
        else if (!strcmp(line, "Accept-Language"))
            q->accept_language = v;
        else if (!strcmp(line, "X-CSRF-Token"))
            q->csrf_header = v;
        else if (!strcmp(line, "Cookie-login"))
            q->login_cookie = v;
        else if (!strcmp(line, "Content-Length"))
            q->content_length = strtoll(v, NULL, 10);
    }
    return next ? next + 1 : line + strlen(line);
}

/* A form's body, fed to the router in pieces as libmicrohttpd's form parser
 * gives them: pieces are separated by "\n--\n"; each begins with a line
 * naming its part ("NAME" for a field, "NAME;FILENAME" for a file, with a
 * leading '+' when it continues the part before it, at that part's bytes so
 * far); the rest of the piece is its data.  With csrf, the session's token
 * comes first as the field "csrf". */
static void form(as_ctx *x, char *b, const char *csrf)
{
    uint64_t off = 0;
    if (csrf && !as_route_form_piece(x, "csrf", NULL, csrf, 0, strlen(csrf)))
        return;
    for (char *piece = b; piece && *piece;) {
        char *end = strstr(piece, "\n--\n"), *nl, *semi;
        if (end)
            *end = '\0';
        bool more = *piece == '+';
        char *name = piece + more, *data = "";
        if ((nl = strchr(name, '\n'))) {
            *nl = '\0';
            data = nl + 1;
        }
        if ((semi = strchr(name, ';')))
            *semi = '\0';
        off = more ? off : 0;
        size_t n = strlen(data);
        if (!as_route_form_piece(x, name, semi ? semi + 1 : NULL, data, off, n))
            return;
        off += n;
        piece = end ? end + 4 : NULL;
    }
}

/* The body, as the route reads it. */
static void body(as_ctx *x, as_body_kind kind, char *b, const char *csrf)
{
    as_http_req *q = x->req;
    size_t n = strlen(b);
    if (kind == AS_BODY_JSON && as_buf_add(&q->json, b, n) != 0)
        q->too_large = true;
    if (kind == AS_BODY_FILE && as_store_tmp_open(portal.o.state_dir, &q->file) == 0) {
        q->has_file = true;
        as_store_tmp_write(&q->file, b, n);
    }
    if (kind == AS_BODY_FORM)
        form(x, b, csrf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        setup();
        ready = true;
    }
    if (size < 2)
        return 0;
    int who = data[0] % 4, flags = data[1] & 7;
    char *text = strndup((const char *)data + 2, size - 2), method[16], *b;
    as_http_req q;
    as_http_resp resp;
    as_ctx x;
    as_http_req_init(&q);
    as_http_resp_init(&resp);
    q.address = "127.0.0.1";
    if (text && (b = head(text, &q, method, sizeof method))) {
        q.method = method;
        q.session_cookie = who ? tokens[who] : NULL;
        if (flags & 1)
            q.csrf_header = csrfs[who];
        q.lang_cookie = flags & 4 ? "en" : NULL;
        as_body_kind kind = as_route_begin(&x, &portal, &q, &resp);
        /* The centre's evaluation writes 32 workbooks: seconds a run, and
         * nothing a request can vary; it is left out. */
        if (!(who == 3 && strstr(q.path, "/evaluate")))
            body(&x, kind, b, flags & 2 ? csrfs[who] : NULL);
        if (who == 3 && strstr(q.path, "/evaluate"))
            x.done = true;
        as_route_finish(&x);
        as_route_end(&x);
    }
    as_http_resp_release(&resp);
    as_http_req_release(&q);
    free(text);
    return 0;
}
