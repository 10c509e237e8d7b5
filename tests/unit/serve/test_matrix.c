/* test_matrix: no province reaches another's anything.  All 31 province
 * accounts, each with a live session and its own CSRF token, and every
 * province's envelope holding a released version; then for every province
 * and every other province, every route that names a province (pages and
 * API: the envelope, its template, files, QA results, receipts, history,
 * uploads, releases, reopening, the result and its workbook) answers 403 or
 * 404 (31 x 30 pairs), and afterwards nothing has changed: no envelope,
 * version, release or history row more, no state moved.  Through the router
 * without a socket, as every request passes it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "serve/envelope.h"
#include "serve/portal.h"
#include "serve/release.h"
#include "serve/router.h"
#include "serve/session.h"

#include "scratch.h"

static scratch s;
static as_portal p;
static char tokens[64][AS_TOKEN_TEXT], csrfs[64][AS_TOKEN_TEXT];

/* Province i's account, session and a released envelope. */
static void seed(sqlite3 *c, size_t i)
{
    const char *code = p.rules->provinces[i].code;
    char sql[256], sha[AS_SHA256_HEX], why[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO accounts (name, role, province, pwhash, created) VALUES ('p%s', "
             "'province', '%s', 'x', 0)",
             code, code);
    cr_assert_eq(sqlite3_exec(c, sql, NULL, NULL, NULL), SQLITE_OK);
    cr_assert_eq(
        as_session_start(c, sqlite3_last_insert_rowid(c), "127.0.0.1", tokens[i], csrfs[i]), 0);
    cr_assert_eq(as_store_put(s.state, code, strlen(code), sha), 0);
    as_upload u = {0};
    u.name = "x.yaml";
    u.ext = "yaml";
    u.size = 6;
    u.sha256 = u.qa_sha256 = u.qa_zh_sha256 = u.qa_en_sha256 = sha;
    as_env_key k = {2026, "", AS_STAGE_REPORTED};
    snprintf(k.province, sizeof k.province, "%s", code);
    as_history_about who = {"seed", "127.0.0.1", 0, NULL, AS_STAGE_NONE};
    as_receipt r;
    cr_assert_eq(as_envelope_add_upload(c, &k, &u, &who), AS_ENV_OK);
    cr_assert_eq(as_release_run(&p, c, &k, 0, &who, &r, why, sizeof why), AS_ENV_OK, "%s", why);
}

static void setup(void)
{
    scratch_open(&s);
    scratch_portal(&s, &p, 1 << 20);
    cr_assert_eq(p.rules->nprovinces, 31);
    sqlite3 *c = as_db_get(p.db);
    for (size_t i = 0; i < p.rules->nprovinces; i++)
        seed(c, i);
    as_db_put(p.db, c);
}

static void teardown(void)
{
    scratch_portal_close(&s, &p);
    scratch_close(&s);
}

TestSuite(matrix, .init = setup, .fini = teardown);

/* Every route naming a province, {code} standing for its code. */
static const struct {
    char method[8];
    char path[96];
    bool form; /* a page's form: its CSRF token goes in a field */
} routes[] = {
    {"GET", "/envelopes/2026/{code}/reported", false},
    {"GET", "/envelopes/2026/{code}/reported/template", false},
    {"POST", "/envelopes/2026/{code}/reported/files", true},
    {"GET", "/envelopes/2026/{code}/reported/files/1", false},
    {"POST", "/envelopes/2026/{code}/reported/release", true},
    {"GET", "/envelopes/2026/{code}/reported/receipts/1", false},
    {"POST", "/envelopes/2026/{code}/reported/reopen", true},
    {"GET", "/envelopes/2026/{code}/reported/history", false},
    {"GET", "/envelopes/2026/{code}/verified", false},
    {"GET", "/results/2026/{code}/workbook", false},
    {"GET", "/api/v1/envelopes/2026/{code}/reported", false},
    {"GET", "/api/v1/envelopes/2026/{code}/reported/template", false},
    {"POST", "/api/v1/envelopes/2026/{code}/reported/files", false},
    {"GET", "/api/v1/envelopes/2026/{code}/reported/files/1", false},
    {"GET", "/api/v1/envelopes/2026/{code}/reported/files/1/qa", false},
    {"POST", "/api/v1/envelopes/2026/{code}/reported/release", false},
    {"POST", "/api/v1/envelopes/2026/{code}/reported/reopen", false},
    {"GET", "/api/v1/envelopes/2026/{code}/reported/receipts/1", false},
    {"GET", "/api/v1/envelopes/2026/{code}/reported/history", false},
    {"GET", "/api/v1/envelopes/2026/{code}/verified/history", false},
    {"GET", "/api/v1/results/2026/{code}/workbook", false},
};

/* Province i asks route r about province j: the status. */
static int ask(size_t i, size_t j, size_t r)
{
    char path[128];
    as_http_req q;
    as_http_resp resp;
    as_ctx x;
    const char *at = strstr(routes[r].path, "{code}");
    snprintf(path, sizeof path, "%.*s%s%s", (int)(at - routes[r].path), routes[r].path,
             p.rules->provinces[j].code, at + 6);
    as_http_req_init(&q);
    as_http_resp_init(&resp);
    q.method = routes[r].method;
    q.path = path;
    q.session_cookie = tokens[i];
    q.csrf_header = csrfs[i]; /* its own valid token: access alone must refuse */
    q.address = "127.0.0.1";
    q.content_length = -1;
    if (routes[r].form)
        as_http_pair_add(q.form, &q.nform, "csrf", csrfs[i], strlen(csrfs[i]));
    as_route_begin(&x, &p, &q, &resp);
    as_route_finish(&x);
    as_route_end(&x);
    int status = resp.status;
    as_http_resp_release(&resp);
    as_http_req_release(&q);
    return status;
}

static long long count(const char *sql)
{
    sqlite3 *c = as_db_get(p.db);
    long long n = scratch_int(c, sql);
    as_db_put(p.db, c);
    return n;
}

Test(matrix, keeps_every_province_out_of_every_other_provinces_envelopes)
{
    static const char *const counts[] = {
        "SELECT count(*) FROM envelopes", "SELECT count(*) FROM uploads",
        "SELECT count(*) FROM releases", "SELECT count(*) FROM history",
        "SELECT count(*) FROM envelopes WHERE state = 'released'"};
    long long before[5];
    for (size_t k = 0; k < 5; k++)
        before[k] = count(counts[k]);
    size_t asked = 0, let_through = 0;
    for (size_t i = 0; i < 31; i++)
        for (size_t j = 0; j < 31; j++)
            for (size_t r = 0; i != j && r < sizeof routes / sizeof routes[0]; r++) {
                int st = ask(i, j, r);
                asked++;
                if (st != 403 && st != 404) {
                    let_through++;
                    cr_expect_fail("%s %s of %s by %s: %d", routes[r].method, routes[r].path,
                                   p.rules->provinces[j].code, p.rules->provinces[i].code, st);
                }
            }
    cr_expect_eq(asked, 31 * 30 * (sizeof routes / sizeof routes[0]));
    cr_expect_eq(let_through, 0);
    for (size_t k = 0; k < 5; k++)
        cr_expect_eq(count(counts[k]), before[k], "%s changed", counts[k]);
    cr_expect_eq(ask(0, 0, 0), 200, "a province still sees its own envelope");
}
