/* session: random tokens stored hashed, with idle and absolute lifetimes. */
#include "serve/session.h"

#include <sodium.h>
#include <string.h>

#include "serve/account.h"
#include "serve/db.h"

void as_session_token(char out[AS_TOKEN_TEXT])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AS_TOKEN_TEXT, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

static void digest(const char *token, unsigned char out[crypto_hash_sha256_BYTES])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

int as_session_start(sqlite3 *c, long long account, const char *address, char token[AS_TOKEN_TEXT],
                     char csrf[AS_TOKEN_TEXT])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    as_session_token(token);
    as_session_token(csrf);
    digest(token, h);
    sqlite3_stmt *st = as_db_prepare(c, "INSERT INTO sessions (token_hash, account, csrf, created,"
                                        " seen, address) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return -1;
    int64_t now = as_db_now();
    sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, account);
    sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_text(st, 6, address, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int set_time(sqlite3 *c, const char *sql, long long id)
{
    sqlite3_stmt *st = as_db_prepare(c, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, as_db_now());
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int as_session_end(sqlite3 *c, long long id)
{
    return set_time(c, "UPDATE sessions SET ended = ? WHERE id = ? AND ended IS NULL", id);
}

int as_session_find(sqlite3 *c, const char *token, const as_session_limits *lim, as_session *out)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    if (!token || strlen(token) != AS_TOKEN_TEXT - 1)
        return 1;
    digest(token, h);
    sqlite3_stmt *st = as_db_prepare(
        c, "SELECT id, account, csrf, created, seen FROM sessions WHERE token_hash = ? AND "
           "ended IS NULL");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 1 : -1;
    }
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    long long account = sqlite3_column_int64(st, 1);
    snprintf(out->csrf, sizeof out->csrf, "%s", as_db_text(st, 2));
    int64_t created = sqlite3_column_int64(st, 3), seen = sqlite3_column_int64(st, 4);
    sqlite3_finalize(st);
    int64_t now = as_db_now();
    if (now - seen > lim->idle || now - created > lim->max ||
        as_account_principal(c, account, out->name, sizeof out->name, &out->who) != 0) {
        as_session_end(c, out->id);
        return 1;
    }
    /* Write the last use only when it moves by a few seconds: one write per
     * burst of requests, not one per request. */
    if (now - seen >= 5)
        set_time(c, "UPDATE sessions SET seen = ? WHERE id = ?", out->id);
    return 0;
}

bool as_session_csrf_ok(const as_session *s, const char *sent)
{
    size_t n = strlen(s->csrf);
    return sent && n == AS_TOKEN_TEXT - 1 && strlen(sent) == n &&
           sodium_memcmp(s->csrf, sent, n) == 0;
}

void as_session_sweep(sqlite3 *c, const as_session_limits *lim)
{
    sqlite3_stmt *st =
        as_db_prepare(c, "DELETE FROM sessions WHERE ended IS NOT NULL OR created < ?");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, as_db_now() - lim->max);
    sqlite3_step(st);
    sqlite3_finalize(st);
}
