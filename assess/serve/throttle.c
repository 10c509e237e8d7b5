/* throttle: failed logins per name and per address. */
#include "serve/throttle.h"

#include <stdio.h>

#include "serve/db.h"

int64_t as_throttle_delay(int64_t failures, int64_t last, int64_t now)
{
    if (failures < AS_THROTTLE_FREE || now - last >= AS_THROTTLE_FORGET)
        return 0;
    int64_t step = failures - AS_THROTTLE_FREE; /* 0, 1, 2, ... */
    int64_t wait = step >= 10 ? AS_THROTTLE_MAX_WAIT : (int64_t)1 << step;
    if (wait > AS_THROTTLE_MAX_WAIT)
        wait = AS_THROTTLE_MAX_WAIT;
    int64_t left = last + wait - now;
    return left > 0 ? left : 0;
}

static void key(char *out, size_t n, char kind, const char *s)
{
    snprintf(out, n, "%c:%.200s", kind, s);
}

static int64_t wait_for(sqlite3 *c, const char *k, int64_t now)
{
    sqlite3_stmt *st = as_db_prepare(c, "SELECT failures, last FROM throttle WHERE key = ?");
    int64_t w = 0;
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, k, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        w = as_throttle_delay(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), now);
    sqlite3_finalize(st);
    return w;
}

int64_t as_throttle_wait(sqlite3 *c, const char *name, const char *address)
{
    char ku[210], ka[210];
    key(ku, sizeof ku, 'u', name);
    key(ka, sizeof ka, 'a', address);
    int64_t now = as_db_now(), a = wait_for(c, ku, now), b = wait_for(c, ka, now);
    return a > b ? a : b;
}

static void bump(sqlite3 *c, const char *k, int64_t now)
{
    /* A count idle for a day starts again from one. */
    sqlite3_stmt *st = as_db_prepare(
        c, "INSERT INTO throttle (key, failures, last) VALUES (?1, 1, ?2) ON CONFLICT (key) DO "
           "UPDATE SET failures = CASE WHEN ?2 - last >= ?3 THEN 1 ELSE failures + 1 END, "
           "last = ?2");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, k, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, AS_THROTTLE_FORGET);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

/* Forget the counts idle for a day: the table stays as small as the day's
 * failures. */
static void forget(sqlite3 *c, int64_t now)
{
    sqlite3_stmt *st = as_db_prepare(c, "DELETE FROM throttle WHERE last <= ?");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, now - AS_THROTTLE_FORGET);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

void as_throttle_fail(sqlite3 *c, const char *name, const char *address)
{
    char ku[210], ka[210];
    key(ku, sizeof ku, 'u', name);
    key(ka, sizeof ka, 'a', address);
    int64_t now = as_db_now();
    forget(c, now);
    bump(c, ku, now);
    bump(c, ka, now);
}

void as_throttle_clear(sqlite3 *c, const char *name)
{
    char ku[210];
    key(ku, sizeof ku, 'u', name);
    sqlite3_stmt *st = as_db_prepare(c, "DELETE FROM throttle WHERE key = ?");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, ku, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
}
