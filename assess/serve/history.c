/* history: append-only rows of what happened. */
#include "serve/history.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "serve/buf.h"
#include "serve/db.h"
#include "serve/say.h"

int as_history_add(sqlite3 *c, const as_history_about *about, const char *event, const char *fmt,
                   ...)
{
    va_list ap;
    as_buf b;
    as_buf_init_cap(&b, 64 * 1024);
    va_start(ap, fmt);
    as_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    size_t len;
    char *detail = as_buf_take(&b, &len);
    sqlite3_stmt *st = detail ? as_db_prepare(c, "INSERT INTO history (at, account, address, "
                                                 "event, year, province, stage, detail) VALUES "
                                                 "(?, ?, ?, ?, ?, ?, ?, ?)")
                              : NULL;
    if (!st) {
        free(detail);
        return -1;
    }
    sqlite3_bind_int64(st, 1, as_db_now());
    sqlite3_bind_text(st, 2, about->account ? about->account : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, about->address ? about->address : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, event, -1, SQLITE_STATIC);
    if (about->year)
        sqlite3_bind_int(st, 5, about->year);
    if (about->province)
        sqlite3_bind_text(st, 6, about->province, -1, SQLITE_TRANSIENT);
    if (about->stage != AS_STAGE_NONE)
        sqlite3_bind_text(st, 7, as_stage_name(about->stage), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, detail, -1, free);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        as_log("database: %s", sqlite3_errmsg(c));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int as_history_each(sqlite3 *c, int year, const char *province, as_stage stage,
                    void (*fn)(void *ctx, const as_history_row *r), void *ctx)
{
    sqlite3_stmt *st = as_db_prepare(
        c, "SELECT id, at, account, address, event, year, province, stage, detail FROM history "
           "WHERE (?1 = 0 OR year = ?1) AND (?2 IS NULL OR (province = ?2 AND stage = ?3)) "
           "ORDER BY id");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    if (province) {
        sqlite3_bind_text(st, 2, province, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, as_stage_name(stage), -1, SQLITE_STATIC);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        as_history_row r = {
            sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), as_db_text(st, 2),
            as_db_text(st, 3),           as_db_text(st, 4),           sqlite3_column_int(st, 5),
            as_db_text(st, 6),           as_db_text(st, 7),           as_db_text(st, 8)};
        fn(ctx, &r);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}
