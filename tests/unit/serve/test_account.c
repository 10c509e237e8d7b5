/* test_account: accounts: added with a role (a province's with its code),
 * passwords kept only as Argon2id hashes, refused when short, a login gives
 * the same answer for a wrong password, an unknown name and a disabled
 * account (after the same work: an unknown name's password is verified
 * against a decoy hash), and a new password or disabling ends the account's sessions. */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include "serve/account.h"
#include "serve/session.h"

#include "scratch.h"

static scratch s;

static void setup(void)
{
    scratch_open(&s);
    cr_assert_eq(as_account_crypto_init(), 0);
}

static void teardown(void)
{
    scratch_close(&s);
}

TestSuite(account, .init = setup, .fini = teardown);

Test(account, keeps_only_an_argon2id_hash_of_the_password)
{
    cr_assert_eq(as_account_add(s.c, "nx-clerk", AS_ROLE_PROVINCE, "640000", "correct horse 1"),
                 AS_ACCOUNT_OK);
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM accounts WHERE pwhash LIKE "
                                  "'$argon2id$%' AND instr(pwhash, 'correct horse') = 0"),
                 1);
    as_principal who;
    cr_assert_eq(as_account_login(s.c, "nx-clerk", "correct horse 1", &who), AS_ACCOUNT_OK);
    cr_expect_eq(who.role, AS_ROLE_PROVINCE);
    cr_expect_str_eq(who.province, "640000");
    cr_expect_str_eq(who.name, "nx-clerk");
}

Test(account, answers_alike_for_wrong_password_unknown_name_and_disabled_account)
{
    as_principal who;
    cr_assert_eq(as_account_add(s.c, "centre", AS_ROLE_CENTRE, NULL, "a long passphrase"),
                 AS_ACCOUNT_OK);
    cr_assert_eq(as_account_add(s.c, "gone", AS_ROLE_DEPARTMENT, NULL, "another passphrase"),
                 AS_ACCOUNT_OK);
    cr_assert_eq(as_account_disable(s.c, "gone"), AS_ACCOUNT_OK);
    cr_expect_eq(as_account_login(s.c, "centre", "a wrong passphrase", &who), AS_ACCOUNT_UNKNOWN);
    cr_expect_eq(as_account_login(s.c, "nobody", "a long passphrase", &who), AS_ACCOUNT_UNKNOWN);
    cr_expect_eq(as_account_login(s.c, "gone", "another passphrase", &who), AS_ACCOUNT_UNKNOWN);
}

/* Seconds of three logins of name with password. */
static double login_time(const char *name, const char *password)
{
    as_principal who;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 3; i++)
        as_account_login(s.c, name, password, &who);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

Test(account, does_the_same_work_for_an_unknown_name)
{
    cr_assert_eq(as_account_add(s.c, "centre", AS_ROLE_CENTRE, NULL, "a long passphrase"),
                 AS_ACCOUNT_OK);
    login_time("nobody", "warm up"); /* the decoy hash is made once */
    double wrong = login_time("centre", "a wrong passphrase"),
           unknown = login_time("nobody", "a wrong passphrase");
    /* Both verify an Argon2id hash: an unknown name is not told by its speed. */
    cr_expect_gt(unknown, wrong / 2, "unknown %.3f s, wrong password %.3f s", unknown, wrong);
    cr_expect_gt(wrong, unknown / 2, "unknown %.3f s, wrong password %.3f s", unknown, wrong);
}

Test(account, refuses_short_passwords_bad_names_doubles_and_roles_without_their_province)
{
    cr_expect_eq(as_account_add(s.c, "c", AS_ROLE_CENTRE, NULL, "short"), AS_ACCOUNT_WEAK);
    cr_expect_eq(as_account_add(s.c, "bad name", AS_ROLE_CENTRE, NULL, "long enough 123"),
                 AS_ACCOUNT_BAD_NAME);
    cr_expect_eq(as_account_add(s.c, "<script>", AS_ROLE_CENTRE, NULL, "long enough 123"),
                 AS_ACCOUNT_BAD_NAME);
    cr_expect_eq(as_account_add(s.c, "p", AS_ROLE_PROVINCE, NULL, "long enough 123"),
                 AS_ACCOUNT_BAD_PROVINCE);
    cr_expect_eq(as_account_add(s.c, "d", AS_ROLE_DEPARTMENT, "640000", "long enough 123"),
                 AS_ACCOUNT_BAD_PROVINCE);
    cr_assert_eq(as_account_add(s.c, "c", AS_ROLE_CENTRE, NULL, "long enough 123"), AS_ACCOUNT_OK);
    cr_expect_eq(as_account_add(s.c, "c", AS_ROLE_CENTRE, NULL, "long enough 456"),
                 AS_ACCOUNT_EXISTS);
    cr_expect_eq(as_account_passwd(s.c, "nobody", "long enough 789"), AS_ACCOUNT_UNKNOWN);
}

Test(account, ends_every_session_on_a_new_password_or_when_disabled)
{
    as_principal who;
    char token[AS_TOKEN_TEXT], csrf[AS_TOKEN_TEXT], token2[AS_TOKEN_TEXT];
    as_session_limits lim = {3600, 3600};
    as_session found;
    cr_assert_eq(as_account_add(s.c, "sx", AS_ROLE_PROVINCE, "140000", "first passphrase"),
                 AS_ACCOUNT_OK);
    cr_assert_eq(as_account_login(s.c, "sx", "first passphrase", &who), AS_ACCOUNT_OK);
    cr_assert_eq(as_session_start(s.c, who.account, "127.0.0.1", token, csrf), 0);
    cr_assert_eq(as_session_find(s.c, token, &lim, &found), 0);
    cr_assert_eq(as_account_passwd(s.c, "sx", "second passphrase"), AS_ACCOUNT_OK);
    cr_expect_eq(as_session_find(s.c, token, &lim, &found), 1);
    cr_expect_eq(as_account_login(s.c, "sx", "first passphrase", &who), AS_ACCOUNT_UNKNOWN);
    cr_assert_eq(as_account_login(s.c, "sx", "second passphrase", &who), AS_ACCOUNT_OK);
    cr_assert_eq(as_session_start(s.c, who.account, "127.0.0.1", token2, csrf), 0);
    cr_assert_eq(as_account_disable(s.c, "sx"), AS_ACCOUNT_OK);
    cr_expect_eq(as_session_find(s.c, token2, &lim, &found), 1);
}
