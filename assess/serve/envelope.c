/* envelope: envelopes, their uploaded versions and their states. */
#include "serve/envelope.h"

#include <stdio.h>
#include <string.h>

#include "base/strmap.h"
#include "serve/db.h"

static const char *const state_names[] = {"empty", "errors", "clean", "released", "reopened"};

const char *as_env_state_name(as_env_state s)
{
    return (unsigned)s < 5 ? state_names[s] : "empty";
}

int as_env_state_parse(const char *s, as_env_state *out)
{
    int i = as_name_index(state_names, 5, s);
    if (i < 0)
        return -1;
    *out = (as_env_state)i;
    return 0;
}

as_history_about as_envelope_about(const as_env_key *key, const as_history_about *who)
{
    as_history_about a = *who;
    a.year = key->year;
    a.province = key->province;
    a.stage = key->stage;
    return a;
}

void as_envelope_bind_key(sqlite3_stmt *st, const as_env_key *key)
{
    sqlite3_bind_int(st, 1, key->year);
    sqlite3_bind_text(st, 2, key->province, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, as_stage_name(key->stage), -1, SQLITE_STATIC);
}

int as_envelope_get(sqlite3 *c, const as_env_key *key, as_envelope *e)
{
    memset(e, 0, sizeof *e);
    e->key = *key;
    sqlite3_stmt *st = as_db_prepare(
        c, "SELECT id, state FROM envelopes WHERE year = ? AND province = ? AND stage = ?");
    if (!st)
        return -1;
    as_envelope_bind_key(st, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        e->id = sqlite3_column_int64(st, 0);
        as_env_state_parse(as_db_text(st, 1), &e->state);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int as_envelope_each(sqlite3 *c, int year, void (*fn)(void *ctx, const as_envelope *e), void *ctx)
{
    sqlite3_stmt *st = as_db_prepare(c, "SELECT id, province, stage, state FROM envelopes WHERE "
                                        "year = ? ORDER BY province, stage");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        as_envelope e = {sqlite3_column_int64(st, 0), {year, "", AS_STAGE_NONE}, AS_ENV_EMPTY};
        snprintf(e.key.province, sizeof e.key.province, "%s", as_db_text(st, 1));
        as_stage_parse(as_db_text(st, 2), &e.key.stage);
        as_env_state_parse(as_db_text(st, 3), &e.state);
        fn(ctx, &e);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int as_envelope_set_state(sqlite3 *c, long long id, as_env_state s)
{
    sqlite3_stmt *st = as_db_prepare(c, "UPDATE envelopes SET state = ? WHERE id = ?");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, as_env_state_name(s), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The envelope's row, made when missing (inside a transaction). */
static int ensure(sqlite3 *c, const as_env_key *key, as_envelope *e)
{
    if (as_envelope_get(c, key, e) != 0)
        return -1;
    if (e->id)
        return 0;
    sqlite3_stmt *st = as_db_prepare(
        c, "INSERT INTO envelopes (year, province, stage, state) VALUES (?, ?, ?, 'empty')");
    if (!st)
        return -1;
    as_envelope_bind_key(st, key);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    e->id = sqlite3_last_insert_rowid(c);
    return rc == SQLITE_DONE ? 0 : -1;
}

static const char upload_columns[] =
    "id, version, name, ext, size, sha256, qa_sha256, qa_zh_sha256, qa_en_sha256, errors, "
    "warnings, notes, account, address, at";

/* Insert u as the next version of envelope id. */
static int insert_upload(sqlite3 *c, long long id, as_upload *u)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO uploads (envelope, %s) VALUES (?, NULL, (SELECT COALESCE(MAX(version), "
             "0) + 1 FROM uploads WHERE envelope = ?1), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             upload_columns);
    sqlite3_stmt *st = as_db_prepare(c, sql);
    if (!st)
        return -1;
    int i = 1;
    sqlite3_bind_int64(st, i++, id);
    sqlite3_bind_text(st, i++, u->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i++, u->ext, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, i++, u->size);
    sqlite3_bind_text(st, i++, u->sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i++, u->qa_sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i++, u->qa_zh_sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i++, u->qa_en_sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, i++, u->errors);
    sqlite3_bind_int(st, i++, u->warnings);
    sqlite3_bind_int(st, i++, u->notes);
    sqlite3_bind_text(st, i++, u->account, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, i++, u->address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, i, u->at);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    u->id = sqlite3_last_insert_rowid(c);
    st = as_db_prepare(c, "SELECT version FROM uploads WHERE id = ?");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, u->id);
    rc = sqlite3_step(st);
    u->version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* The history rows of an upload: what arrived, then what QA found. */
static int record_upload(sqlite3 *c, const as_history_about *a, const as_upload *u)
{
    if (as_history_add(c, a, "upload", "version %d: %s, %lld bytes, sha256 %s", u->version, u->name,
                       (long long)u->size, u->sha256) != 0)
        return -1;
    return as_history_add(c, a, "qa", "version %d: %d errors, %d warnings, %d notes", u->version,
                          u->errors, u->warnings, u->notes);
}

as_env_status as_envelope_add_upload(sqlite3 *c, const as_env_key *key, as_upload *u,
                                     const as_history_about *who)
{
    as_envelope e;
    u->account = who->account;
    u->address = who->address;
    u->at = as_db_now();
    if (as_db_begin(c) != 0)
        return AS_ENV_FAILED;
    if (ensure(c, key, &e) != 0)
        goto failed;
    if (e.state == AS_ENV_RELEASED) {
        as_db_rollback(c);
        return AS_ENV_IS_RELEASED;
    }
    as_history_about a = as_envelope_about(key, who);
    if (insert_upload(c, e.id, u) != 0 || record_upload(c, &a, u) != 0 ||
        as_envelope_set_state(c, e.id, u->errors ? AS_ENV_ERRORS : AS_ENV_CLEAN) != 0)
        goto failed;
    return as_db_commit(c) == 0 ? AS_ENV_OK : AS_ENV_FAILED;
failed:
    as_db_rollback(c);
    return AS_ENV_FAILED;
}

static void row_to_upload(sqlite3_stmt *st, as_upload *u)
{
    int i = 0;
    u->id = sqlite3_column_int64(st, i++);
    u->version = sqlite3_column_int(st, i++);
    u->name = as_db_text(st, i++);
    u->ext = as_db_text(st, i++);
    u->size = sqlite3_column_int64(st, i++);
    u->sha256 = as_db_text(st, i++);
    u->qa_sha256 = as_db_text(st, i++);
    u->qa_zh_sha256 = as_db_text(st, i++);
    u->qa_en_sha256 = as_db_text(st, i++);
    u->errors = sqlite3_column_int(st, i++);
    u->warnings = sqlite3_column_int(st, i++);
    u->notes = sqlite3_column_int(st, i++);
    u->account = as_db_text(st, i++);
    u->address = as_db_text(st, i++);
    u->at = sqlite3_column_int64(st, i);
}

static int select_uploads(sqlite3 *c, const char *where, long long id, int version,
                          void (*fn)(void *ctx, const as_upload *u), void *ctx)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM uploads WHERE envelope = ?1 %s", upload_columns,
             where);
    sqlite3_stmt *st = as_db_prepare(c, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (version)
        sqlite3_bind_int(st, 2, version);
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        as_upload u;
        row_to_upload(st, &u);
        fn(ctx, &u);
        n++;
    }
    sqlite3_finalize(st);
    return rc != SQLITE_DONE ? -1 : n ? 0 : 1;
}

int as_envelope_uploads(sqlite3 *c, long long id, void (*fn)(void *ctx, const as_upload *u),
                        void *ctx)
{
    return select_uploads(c, "ORDER BY version", id, 0, fn, ctx) < 0 ? -1 : 0;
}

int as_envelope_upload(sqlite3 *c, long long id, int version,
                       void (*fn)(void *ctx, const as_upload *u), void *ctx)
{
    if (version > 0)
        return select_uploads(c, "AND version = ?2", id, version, fn, ctx);
    return select_uploads(c, "ORDER BY version DESC LIMIT 1", id, 0, fn, ctx);
}

as_env_status as_envelope_reopen(sqlite3 *c, const as_env_key *key, const as_history_about *who)
{
    as_envelope e;
    if (as_db_begin(c) != 0)
        return AS_ENV_FAILED;
    if (as_envelope_get(c, key, &e) != 0)
        goto failed;
    if (e.state != AS_ENV_RELEASED) {
        as_db_rollback(c);
        return AS_ENV_NOT_RELEASED;
    }
    as_history_about a = as_envelope_about(key, who);
    if (as_envelope_set_state(c, e.id, AS_ENV_REOPENED) != 0 ||
        as_history_add(c, &a, "reopen", "reopened after its release") != 0)
        goto failed;
    return as_db_commit(c) == 0 ? AS_ENV_OK : AS_ENV_FAILED;
failed:
    as_db_rollback(c);
    return AS_ENV_FAILED;
}
