/* test_session: sessions: 256-bit random tokens kept only as their SHA-256,
 * a new one at every start, ended by logout, by idling and by age; the CSRF
 * token compared whole.  And the login throttle: free tries first, then a
 * delay that doubles up to its cap, per name and per address, cleared for
 * the name by a success and forgotten after a day. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "serve/account.h"
#include "serve/session.h"
#include "serve/throttle.h"

#include "scratch.h"

static scratch s;
static long long account;

static void setup(void)
{
    scratch_open(&s);
    cr_assert_eq(as_account_crypto_init(), 0);
    cr_assert_eq(sqlite3_exec(s.c,
                              "INSERT INTO accounts (name, role, province, pwhash, created) "
                              "VALUES ('nx', 'province', '640000', 'x', 0)",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    account = sqlite3_last_insert_rowid(s.c);
}

static void teardown(void)
{
    scratch_close(&s);
}

TestSuite(session, .init = setup, .fini = teardown);

static const as_session_limits lim = {1800, 43200};

Test(session, makes_tokens_of_256_random_bits)
{
    char a[AS_TOKEN_TEXT], b[AS_TOKEN_TEXT];
    as_session_token(a);
    as_session_token(b);
    cr_expect_eq(strlen(a), 43); /* 32 bytes in unpadded base64 */
    cr_expect_eq(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
    cr_expect_str_neq(a, b);
}

Test(session, keeps_only_the_hash_of_the_token_and_finds_it_again)
{
    char token[AS_TOKEN_TEXT], csrf[AS_TOKEN_TEXT];
    as_session found;
    cr_assert_eq(as_session_start(s.c, account, "127.0.0.1", token, csrf), 0);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM sessions WHERE instr(CAST(token_hash AS TEXT), '%s') > 0",
             token);
    cr_expect_eq(scratch_int(s.c, sql), 0);
    cr_expect_eq(scratch_int(s.c, "SELECT length(token_hash) FROM sessions"), 32);
    cr_assert_eq(as_session_find(s.c, token, &lim, &found), 0);
    cr_expect_str_eq(found.who.name, "nx");
    cr_expect_str_eq(found.who.province, "640000");
    cr_expect_str_eq(found.csrf, csrf);
    token[5] = token[5] == 'A' ? 'B' : 'A';
    cr_expect_eq(as_session_find(s.c, token, &lim, &found), 1);
    cr_expect_eq(as_session_find(s.c, "short", &lim, &found), 1);
}

Test(session, gives_a_new_token_at_every_start)
{
    char t1[AS_TOKEN_TEXT], t2[AS_TOKEN_TEXT], c1[AS_TOKEN_TEXT], c2[AS_TOKEN_TEXT];
    cr_assert_eq(as_session_start(s.c, account, "127.0.0.1", t1, c1), 0);
    cr_assert_eq(as_session_start(s.c, account, "127.0.0.1", t2, c2), 0);
    cr_expect_str_neq(t1, t2);
    cr_expect_str_neq(c1, c2);
}

Test(session, ends_at_logout_when_idle_and_when_too_old)
{
    char token[AS_TOKEN_TEXT], csrf[AS_TOKEN_TEXT];
    as_session found;
    cr_assert_eq(as_session_start(s.c, account, "127.0.0.1", token, csrf), 0);
    cr_assert_eq(as_session_find(s.c, token, &lim, &found), 0);
    cr_assert_eq(as_session_end(s.c, found.id), 0);
    cr_expect_eq(as_session_find(s.c, token, &lim, &found), 1);

    cr_assert_eq(as_session_start(s.c, account, "127.0.0.1", token, csrf), 0);
    cr_assert_eq(sqlite3_exec(s.c, "UPDATE sessions SET seen = seen - 1801", NULL, NULL, NULL),
                 SQLITE_OK);
    cr_expect_eq(as_session_find(s.c, token, &lim, &found), 1, "an idle session lives on");

    cr_assert_eq(as_session_start(s.c, account, "127.0.0.1", token, csrf), 0);
    cr_assert_eq(sqlite3_exec(s.c,
                              "UPDATE sessions SET created = created - 43201 WHERE ended IS NULL",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    cr_expect_eq(as_session_find(s.c, token, &lim, &found), 1, "an old session lives on");
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM sessions WHERE ended IS NULL"), 0);
    cr_assert_eq(as_session_start(s.c, account, "127.0.0.1", token, csrf), 0);
    as_session_sweep(s.c, &lim);
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM sessions"), 1, "ended ones are swept");
    cr_expect_eq(as_session_find(s.c, token, &lim, &found), 0, "a live one is kept");
}

Test(session, compares_the_csrf_token_whole)
{
    as_session x = {0};
    as_session_token(x.csrf);
    char other[AS_TOKEN_TEXT];
    memcpy(other, x.csrf, sizeof other);
    cr_expect(as_session_csrf_ok(&x, other));
    other[42] = other[42] == 'A' ? 'B' : 'A';
    cr_expect_not(as_session_csrf_ok(&x, other));
    cr_expect_not(as_session_csrf_ok(&x, NULL));
    cr_expect_not(as_session_csrf_ok(&x, ""));
    memcpy(other, x.csrf, sizeof other);
    other[20] = '\0';
    cr_expect_not(as_session_csrf_ok(&x, other), "a prefix is not the token");
}

Test(session, throttles_with_a_doubling_delay_after_the_free_tries)
{
    struct {
        long long failures, ago, exp;
    } cases[] = {{0, 0, 0}, {4, 0, 0},    {5, 0, 1},    {6, 0, 2},    {7, 0, 4},      {7, 3, 1},
                 {7, 4, 0}, {14, 0, 512}, {15, 0, 900}, {40, 0, 900}, {40, 86400, 0}, {40, 899, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long long got = as_throttle_delay(cases[i].failures, 1000000 - cases[i].ago, 1000000);
        cr_expect_eq(got, cases[i].exp, "%lld failures %lld s ago: got %lld, exp %lld",
                     cases[i].failures, cases[i].ago, got, cases[i].exp);
    }
}

Test(session, throttles_per_name_and_per_address)
{
    for (int i = 0; i < AS_THROTTLE_FREE; i++)
        as_throttle_fail(s.c, "nx", "10.0.0.1");
    cr_expect_gt(as_throttle_wait(s.c, "nx", "10.0.0.2"), 0, "the name is throttled anywhere");
    cr_expect_gt(as_throttle_wait(s.c, "sx", "10.0.0.1"), 0, "the address is throttled for all");
    cr_expect_eq(as_throttle_wait(s.c, "sx", "10.0.0.2"), 0);
    as_throttle_clear(s.c, "nx");
    cr_expect_eq(as_throttle_wait(s.c, "nx", "10.0.0.2"), 0);
    cr_expect_gt(as_throttle_wait(s.c, "nx", "10.0.0.1"), 0, "a success does not clear an address");
}
