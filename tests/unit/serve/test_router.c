/* test_router: every request passes the same checks before any handler, in
 * order, without a socket: an unknown path is 404 and a known one with
 * another method 405; a year or province the rules do not have is 404;
 * without a session a page sends to the login form and the API answers 401
 * in JSON; another province's envelope is 404; a request that changes state
 * without the session's CSRF token is 403 (a form's after its body, the
 * API's before); a declared body over the route's cap is 413 before it is
 * read; a JSON body sent as another type is 415.  A form's file is read
 * only after its CSRF token (else 403, nothing kept), one file only (400),
 * a long value in pieces is joined, and fields over their cap are 413. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/output.h"
#include "serve/portal.h"
#include "serve/router.h"
#include "serve/session.h"

#include "scratch.h"

static scratch s;
static as_portal p;
static char nx[AS_TOKEN_TEXT], nx_csrf[AS_TOKEN_TEXT];

static void setup(void)
{
    scratch_open(&s);
    scratch_portal(&s, &p, 1000);
    sqlite3 *c = as_db_get(p.db);
    cr_assert_eq(sqlite3_exec(c,
                              "INSERT INTO accounts (name, role, province, pwhash, created) "
                              "VALUES ('nx', 'province', '640000', 'x', 0)",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    cr_assert_eq(as_session_start(c, sqlite3_last_insert_rowid(c), "127.0.0.1", nx, nx_csrf), 0);
    as_db_put(p.db, c);
}

static void teardown(void)
{
    scratch_portal_close(&s, &p);
    scratch_close(&s);
}

TestSuite(router, .init = setup, .fini = teardown);

/* A piece of a form's body, as libmicrohttpd's form parser gives one. */
typedef struct {
    const char *key, *filename, *data;
    unsigned off;
} piece;

/* A request as server.c makes one; a form's csrf_field is its first piece,
 * then pieces up to one with no key. */
typedef struct {
    const char *method, *path;
    const char *session, *csrf_header, *content_type, *csrf_field;
    long long content_length;
    const piece *pieces;
} req;

/* Run r through the router; its status, and the body and Location into
 * what the caller gives. */
static int run(const req *r, char *body, size_t bn, char *location, size_t ln)
{
    as_http_req q;
    as_http_resp resp;
    as_ctx x;
    as_http_req_init(&q);
    as_http_resp_init(&resp);
    q.method = r->method;
    q.path = r->path;
    q.session_cookie = r->session;
    q.csrf_header = r->csrf_header;
    q.content_type = r->content_type;
    q.content_length = r->content_length ? r->content_length : -1;
    q.address = "127.0.0.1";
    if (as_route_begin(&x, &p, &q, &resp) == AS_BODY_FORM) {
        bool more = !r->csrf_field ||
                    as_route_form_piece(&x, "csrf", NULL, r->csrf_field, 0, strlen(r->csrf_field));
        for (const piece *f = r->pieces; more && f && f->key; f++)
            more = as_route_form_piece(&x, f->key, f->filename, f->data, f->off, strlen(f->data));
    }
    as_route_finish(&x);
    as_route_end(&x);
    if (body)
        snprintf(body, bn, "%s", resp.body.data ? resp.body.data : "");
    if (location)
        snprintf(location, ln, "%s", resp.location);
    int status = resp.status;
    as_http_resp_release(&resp);
    as_http_req_release(&q);
    return status;
}

static int status_of(const req *r)
{
    return run(r, NULL, 0, NULL, 0);
}

Test(router, answers_404_and_405_before_anything_else)
{
    cr_expect_eq(status_of(&(req){.method = "GET", .path = "/nope", .session = nx}), 404);
    cr_expect_eq(status_of(&(req){
                     .method = "DELETE", .path = "/envelopes/2026/640000/reported", .session = nx}),
                 405);
    cr_expect_eq(status_of(&(req){
                     .method = "GET", .path = "/envelopes/1999/640000/reported", .session = nx}),
                 404);
    cr_expect_eq(status_of(&(req){
                     .method = "GET", .path = "/envelopes/2026/999999/reported", .session = nx}),
                 404);
    cr_expect_eq(status_of(&(req){
                     .method = "GET", .path = "/envelopes/2026/640000/findings", .session = nx}),
                 404);
    cr_expect_eq(status_of(&(req){.method = "GET",
                                  .path = "/envelopes/2026/640000/reported/files/0",
                                  .session = nx}),
                 404);
}

Test(router, sends_pages_to_the_login_form_and_answers_the_api_401)
{
    char body[4096], loc[512];
    cr_expect_eq(run(&(req){.method = "GET", .path = "/envelopes/2026/640000/reported"}, NULL, 0,
                     loc, sizeof loc),
                 303);
    cr_expect_str_eq(loc, "/login?next=/envelopes/2026/640000/reported");
    cr_expect_eq(run(&(req){.method = "GET",
                            .path = "/api/v1/envelopes/2026/640000/reported",
                            .session = "not-a-session"},
                     body, sizeof body, NULL, 0),
                 401);
    cr_expect_not_null(strstr(body, "\"error\": \"log in first\""), "%s", body);
    cr_expect_not_null(strstr(body, "\"status\": 401"), "%s", body);
}

Test(router, hides_another_provinces_envelope)
{
    cr_expect_eq(status_of(&(req){
                     .method = "GET", .path = "/envelopes/2026/640000/reported", .session = nx}),
                 200);
    cr_expect_eq(status_of(&(req){
                     .method = "GET", .path = "/envelopes/2026/140000/reported", .session = nx}),
                 404);
    cr_expect_eq(status_of(&(req){.method = "GET",
                                  .path = "/api/v1/envelopes/2026/140000/reported/history",
                                  .session = nx}),
                 404);
    cr_expect_eq(status_of(&(req){.method = "GET", .path = "/status/2026", .session = nx}), 403);
}

Test(router, refuses_a_change_without_the_sessions_csrf_token)
{
    const char *rel = "/api/v1/envelopes/2026/640000/reported/release";
    cr_expect_eq(status_of(&(req){.method = "POST", .path = rel, .session = nx}), 403);
    cr_expect_eq(
        status_of(&(req){.method = "POST", .path = rel, .session = nx, .csrf_header = "forged"}),
        403);
    cr_expect_eq(
        status_of(&(req){.method = "POST", .path = rel, .session = nx, .csrf_header = nx_csrf}),
        409); /* nothing to release yet */
    const char *form = "/envelopes/2026/640000/reported/release";
    cr_expect_eq(status_of(&(req){.method = "POST", .path = form, .session = nx}), 403);
    cr_expect_eq(
        status_of(&(req){.method = "POST", .path = form, .session = nx, .csrf_field = "forged"}),
        403);
    cr_expect_eq(
        status_of(&(req){.method = "POST", .path = form, .session = nx, .csrf_field = nx_csrf}),
        409);
}

Test(router, refuses_a_declared_body_over_its_cap_before_reading_it)
{
    const char *up = "/api/v1/envelopes/2026/640000/reported/files";
    cr_expect_eq(status_of(&(req){.method = "POST",
                                  .path = up,
                                  .session = nx,
                                  .csrf_header = nx_csrf,
                                  .content_length = 1001}),
                 413);
    cr_expect_eq(status_of(&(req){
                     .method = "GET", .path = "/status/2026", .session = nx, .content_length = 10}),
                 403);
    cr_expect_eq(status_of(&(req){.method = "POST",
                                  .path = "/api/v1/session",
                                  .content_type = "text/plain",
                                  .content_length = 10}),
                 415);
}

/* The files in the state's tmp/ (uploads being received). */
static int tmp_files(void)
{
    char cmd[256], out[32] = "";
    snprintf(cmd, sizeof cmd, "ls -A %s/tmp | wc -l", s.state);
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f);
    cr_assert_not_null(fgets(out, sizeof out, f));
    pclose(f);
    return atoi(out);
}

Test(router, reads_a_forms_file_only_after_its_csrf_token)
{
    const char *up = "/envelopes/2026/640000/reported/files";
    const piece in_two[] = {{"file", "a.yaml", "sub", 0}, {"file", "a.yaml", "mission", 3}, {0}};
    cr_expect_eq(status_of(&(req){.method = "POST",
                                  .path = up,
                                  .session = nx,
                                  .content_type = "multipart/form-data; boundary=x",
                                  .csrf_field = nx_csrf,
                                  .pieces = in_two}),
                 303, "the token, then the file in two pieces");
    sqlite3 *c = as_db_get(p.db);
    cr_expect_eq(scratch_int(c, "SELECT size FROM uploads WHERE version = 1"), 10);
    as_db_put(p.db, c);
    char first[8] = "", rest[AS_TOKEN_TEXT];
    memcpy(first, nx_csrf, 5);
    snprintf(rest, sizeof rest, "%s", nx_csrf + 5);
    const piece late[] = {{"file", "a.yaml", "submission", 0}, {"csrf", NULL, nx_csrf, 0}, {0}},
                two[] = {{"csrf", NULL, nx_csrf, 0},
                         {"file", "a.yaml", "x", 0},
                         {"file", "b.yaml", "y", 0},
                         {0}},
                split[] = {{"csrf", NULL, first, 0}, {"csrf", NULL, rest, 5}, {0}};
    req r = {.method = "POST",
             .path = up,
             .session = nx,
             .content_type = "multipart/form-data; boundary=x",
             .pieces = late};
    cr_expect_eq(status_of(&r), 403, "the file before the token");
    cr_expect_eq(tmp_files(), 0, "nothing of it kept");
    r.pieces = two;
    cr_expect_eq(status_of(&r), 400, "two files");
    cr_expect_eq(tmp_files(), 0);
    r.pieces = split;
    r.path = "/envelopes/2026/640000/reported/release";
    cr_expect_eq(status_of(&r), 409,
                 "a token in two pieces is joined: past it, nothing clean to release");
}

Test(router, refuses_a_forms_fields_over_their_cap)
{
    static char big[AS_HTTP_MAX_TEXT + 2];
    memset(big, 'x', sizeof big - 1);
    const piece fields[] = {{"note", NULL, big, 0}, {"csrf", NULL, nx_csrf, 0}, {0}};
    cr_expect_eq(status_of(&(req){.method = "POST",
                                  .path = "/envelopes/2026/640000/reported/release",
                                  .session = nx,
                                  .content_type = "application/x-www-form-urlencoded",
                                  .pieces = fields}),
                 413);
}
