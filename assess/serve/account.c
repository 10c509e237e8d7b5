/* account: accounts and their Argon2id password hashes. */
#include "serve/account.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "serve/db.h"
#include "serve/say.h"

int as_account_crypto_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

bool as_account_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n >= 1 && n <= 64 &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@") == n;
}

static bool password_ok(const char *pw)
{
    size_t n = strlen(pw);
    return n >= AS_PASSWORD_MIN && n <= AS_PASSWORD_MAX;
}

/* The Argon2id hash of pw into out; 0 or -1 (logged). */
static int hash(const char *pw, char out[crypto_pwhash_STRBYTES])
{
    if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0)
        return 0;
    as_log("cannot hash a password: out of memory");
    return -1;
}

/* Run st to its end; the number of rows changed, or -1 (logged). */
static int run(sqlite3 *c, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (rc != SQLITE_CONSTRAINT_UNIQUE)
            as_log("database: %s", sqlite3_errmsg(c));
        return rc == SQLITE_CONSTRAINT_UNIQUE ? -2 : -1;
    }
    return sqlite3_changes(c);
}

as_account_status as_account_add(sqlite3 *c, const char *name, as_role role, const char *province,
                                 const char *password)
{
    char h[crypto_pwhash_STRBYTES];
    if (!as_account_name_ok(name))
        return AS_ACCOUNT_BAD_NAME;
    if ((role == AS_ROLE_PROVINCE) != (province != NULL))
        return AS_ACCOUNT_BAD_PROVINCE;
    if (!password_ok(password))
        return AS_ACCOUNT_WEAK;
    if (hash(password, h) != 0)
        return AS_ACCOUNT_FAILED;
    sqlite3_stmt *st = as_db_prepare(
        c, "INSERT INTO accounts (name, role, province, pwhash, created) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return AS_ACCOUNT_FAILED;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, as_role_name(role), -1, SQLITE_STATIC);
    if (province)
        sqlite3_bind_text(st, 3, province, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, h, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, as_db_now());
    int rc = run(c, st);
    return rc == -2 ? AS_ACCOUNT_EXISTS : rc < 0 ? AS_ACCOUNT_FAILED : AS_ACCOUNT_OK;
}

/* End every open session of the account called name. */
static int end_sessions(sqlite3 *c, const char *name)
{
    sqlite3_stmt *st = as_db_prepare(c, "UPDATE sessions SET ended = ? WHERE ended IS NULL AND "
                                        "account = (SELECT id FROM accounts WHERE name = ?)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, as_db_now());
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    return run(c, st) < 0 ? -1 : 0;
}

/* Run an UPDATE of one account (bound ?1 = name, ?2 = text) and end its
 * sessions, in one transaction. */
static as_account_status change(sqlite3 *c, const char *sql, const char *name, const char *text)
{
    if (as_db_begin(c) != 0)
        return AS_ACCOUNT_FAILED;
    sqlite3_stmt *st = as_db_prepare(c, sql);
    if (!st) {
        as_db_rollback(c);
        return AS_ACCOUNT_FAILED;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    if (text)
        sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
    int rc = run(c, st);
    if (rc <= 0 || end_sessions(c, name) != 0) {
        as_db_rollback(c);
        return rc == 0 ? AS_ACCOUNT_UNKNOWN : AS_ACCOUNT_FAILED;
    }
    return as_db_commit(c) == 0 ? AS_ACCOUNT_OK : AS_ACCOUNT_FAILED;
}

as_account_status as_account_passwd(sqlite3 *c, const char *name, const char *password)
{
    char h[crypto_pwhash_STRBYTES];
    if (!password_ok(password))
        return AS_ACCOUNT_WEAK;
    if (hash(password, h) != 0)
        return AS_ACCOUNT_FAILED;
    return change(c, "UPDATE accounts SET pwhash = ?2 WHERE name = ?1", name, h);
}

as_account_status as_account_disable(sqlite3 *c, const char *name)
{
    return change(c, "UPDATE accounts SET disabled = 1 WHERE name = ?1", name, NULL);
}

int as_account_each(sqlite3 *c, void (*fn)(void *ctx, const as_account *a), void *ctx)
{
    sqlite3_stmt *st = as_db_prepare(
        c, "SELECT id, name, role, province, disabled, created FROM accounts ORDER BY name");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        as_account a = {sqlite3_column_int64(st, 0),
                        as_db_text(st, 1),
                        AS_ROLE_NONE,
                        as_db_text(st, 3),
                        sqlite3_column_int(st, 4) != 0,
                        sqlite3_column_int64(st, 5)};
        as_role_parse(as_db_text(st, 2), &a.role);
        fn(ctx, &a);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* A hash of a random password, verified against when the name is unknown so
 * that the answer takes as long as for a known one. */
static char decoy[crypto_pwhash_STRBYTES];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;

static void make_decoy(void)
{
    unsigned char r[16];
    char pw[33];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(pw, sizeof pw, r, sizeof r);
    if (hash(pw, decoy) != 0)
        decoy[0] = '\0';
}

static void fill(sqlite3_stmt *st, const char *name, as_principal *who)
{
    memset(who, 0, sizeof *who);
    who->account = sqlite3_column_int64(st, 0);
    who->name = name;
    as_role_parse(as_db_text(st, 1), &who->role);
    snprintf(who->province, sizeof who->province, "%s", as_db_text(st, 2));
}

as_account_status as_account_login(sqlite3 *c, const char *name, const char *password,
                                   as_principal *who)
{
    pthread_once(&decoy_once, make_decoy);
    sqlite3_stmt *st = as_db_prepare(
        c, "SELECT id, role, province, pwhash, disabled FROM accounts WHERE name = ?");
    if (!st)
        return AS_ACCOUNT_FAILED;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    bool found = rc == SQLITE_ROW, ok = false;
    const char *h = found ? as_db_text(st, 3) : decoy;
    size_t n = strlen(password);
    if (h[0] && n <= AS_PASSWORD_MAX)
        ok = crypto_pwhash_str_verify(h, password, n) == 0;
    ok = ok && found && sqlite3_column_int(st, 4) == 0;
    if (ok)
        fill(st, name, who);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return AS_ACCOUNT_FAILED;
    return ok ? AS_ACCOUNT_OK : AS_ACCOUNT_UNKNOWN;
}

int as_account_principal(sqlite3 *c, long long id, char *buf, size_t n, as_principal *who)
{
    sqlite3_stmt *st = as_db_prepare(
        c, "SELECT id, role, province, name FROM accounts WHERE id = ? AND disabled = 0");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(buf, n, "%s", as_db_text(st, 3));
        fill(st, buf, who);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}
