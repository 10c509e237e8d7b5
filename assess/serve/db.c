/* db: the state database: opening, migrations, the connection pool. */
#include "serve/db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "serve/say.h"

/* Migration 1: accounts, sessions, envelopes and their history. */
static const char *const migration1[] = {
    "CREATE TABLE accounts ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('province', 'department', 'centre')),"
    "  province TEXT CHECK ((role = 'province') = (province IS NOT NULL)),"
    "  pwhash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL);",
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  account INTEGER NOT NULL REFERENCES accounts (id),"
    "  csrf TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  seen INTEGER NOT NULL,"
    "  address TEXT NOT NULL,"
    "  ended INTEGER);",
    "CREATE TABLE throttle ("
    "  key TEXT PRIMARY KEY,"
    "  failures INTEGER NOT NULL,"
    "  last INTEGER NOT NULL);",
    "CREATE TABLE envelopes ("
    "  id INTEGER PRIMARY KEY,"
    "  year INTEGER NOT NULL,"
    "  province TEXT NOT NULL,"
    "  stage TEXT NOT NULL CHECK (stage IN ('reported', 'verified', 'findings')),"
    "  state TEXT NOT NULL"
    "    CHECK (state IN ('empty', 'errors', 'clean', 'released', 'reopened')),"
    "  UNIQUE (year, province, stage));",
    "CREATE TABLE uploads ("
    "  id INTEGER PRIMARY KEY,"
    "  envelope INTEGER NOT NULL REFERENCES envelopes (id),"
    "  version INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  ext TEXT NOT NULL CHECK (ext IN ('xlsx', 'yaml')),"
    "  size INTEGER NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  qa_sha256 TEXT NOT NULL,"
    "  qa_zh_sha256 TEXT NOT NULL,"
    "  qa_en_sha256 TEXT NOT NULL,"
    "  errors INTEGER NOT NULL,"
    "  warnings INTEGER NOT NULL,"
    "  notes INTEGER NOT NULL,"
    "  account TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  UNIQUE (envelope, version));",
    "CREATE TABLE releases ("
    "  id INTEGER PRIMARY KEY,"
    "  envelope INTEGER NOT NULL REFERENCES envelopes (id),"
    "  upload INTEGER NOT NULL REFERENCES uploads (id),"
    "  number INTEGER NOT NULL,"
    "  path TEXT NOT NULL,"
    "  previous_sha256 TEXT,"
    "  removed TEXT,"
    "  removed_sha256 TEXT,"
    "  state TEXT NOT NULL CHECK (state IN ('intent', 'done', 'abandoned')),"
    "  account TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  UNIQUE (envelope, number));",
    "CREATE TABLE history ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  account TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  event TEXT NOT NULL,"
    "  year INTEGER,"
    "  province TEXT,"
    "  stage TEXT,"
    "  detail TEXT NOT NULL);",
    "CREATE INDEX history_envelope ON history (year, province, stage);",
    "CREATE TABLE evaluations ("
    "  id INTEGER PRIMARY KEY,"
    "  year INTEGER NOT NULL,"
    "  notified TEXT,"
    "  folder TEXT NOT NULL,"
    "  account TEXT NOT NULL,"
    "  at INTEGER NOT NULL);",
    "CREATE TABLE evaluation_rows ("
    "  evaluation INTEGER NOT NULL REFERENCES evaluations (id),"
    "  province TEXT NOT NULL,"
    "  grade TEXT,"
    "  grade_zh TEXT,"
    "  grade_en TEXT,"
    "  invalid INTEGER NOT NULL,"
    "  fraud INTEGER NOT NULL,"
    "  control_missed INTEGER NOT NULL,"
    "  support_missed INTEGER NOT NULL,"
    "  deadline TEXT,"
    "  provisional INTEGER NOT NULL,"
    "  missed TEXT NOT NULL,"
    "  workbook TEXT,"
    "  PRIMARY KEY (evaluation, province));",
    "CREATE TABLE publications ("
    "  id INTEGER PRIMARY KEY,"
    "  year INTEGER NOT NULL,"
    "  evaluation INTEGER NOT NULL REFERENCES evaluations (id),"
    "  account TEXT NOT NULL,"
    "  at INTEGER NOT NULL);",
    "CREATE TABLE notified ("
    "  id INTEGER PRIMARY KEY,"
    "  year INTEGER NOT NULL,"
    "  date TEXT NOT NULL,"
    "  account TEXT NOT NULL,"
    "  at INTEGER NOT NULL);",
    /* What happened is never rewritten: these refuse UPDATE and DELETE.  A
     * release row may only move on from its intent, once. */
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history"
    "  BEGIN SELECT RAISE(ABORT, 'history rows are never changed'); END;",
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history"
    "  BEGIN SELECT RAISE(ABORT, 'history rows are never deleted'); END;",
    "CREATE TRIGGER uploads_no_update BEFORE UPDATE ON uploads"
    "  BEGIN SELECT RAISE(ABORT, 'uploaded versions are never changed'); END;",
    "CREATE TRIGGER uploads_no_delete BEFORE DELETE ON uploads"
    "  BEGIN SELECT RAISE(ABORT, 'uploaded versions are never deleted'); END;",
    "CREATE TRIGGER releases_once BEFORE UPDATE ON releases"
    "  WHEN OLD.state <> 'intent' OR NEW.state = 'intent'"
    "    OR NEW.id <> OLD.id OR NEW.envelope <> OLD.envelope OR NEW.upload <> OLD.upload"
    "    OR NEW.number <> OLD.number OR NEW.path <> OLD.path OR NEW.at <> OLD.at"
    "  BEGIN SELECT RAISE(ABORT, 'a release is only ever completed or abandoned'); END;",
    "CREATE TRIGGER releases_no_delete BEFORE DELETE ON releases"
    "  BEGIN SELECT RAISE(ABORT, 'releases are never deleted'); END;",
    "CREATE TRIGGER evaluations_no_update BEFORE UPDATE ON evaluations"
    "  BEGIN SELECT RAISE(ABORT, 'evaluations are never changed'); END;",
    "CREATE TRIGGER evaluations_no_delete BEFORE DELETE ON evaluations"
    "  BEGIN SELECT RAISE(ABORT, 'evaluations are never deleted'); END;",
    "CREATE TRIGGER evaluation_rows_no_update BEFORE UPDATE ON evaluation_rows"
    "  BEGIN SELECT RAISE(ABORT, 'evaluations are never changed'); END;",
    "CREATE TRIGGER evaluation_rows_no_delete BEFORE DELETE ON evaluation_rows"
    "  BEGIN SELECT RAISE(ABORT, 'evaluations are never deleted'); END;",
    "CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications"
    "  BEGIN SELECT RAISE(ABORT, 'publications are never changed'); END;",
    "CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications"
    "  BEGIN SELECT RAISE(ABORT, 'publications are never deleted'); END;",
    "CREATE TRIGGER notified_no_update BEFORE UPDATE ON notified"
    "  BEGIN SELECT RAISE(ABORT, 'notification dates are never changed'); END;",
    "CREATE TRIGGER notified_no_delete BEFORE DELETE ON notified"
    "  BEGIN SELECT RAISE(ABORT, 'notification dates are never deleted'); END;",
    NULL};

/* An evaluation keeps the data set's illustrative-data notice, so that its
 * pages say so whatever the data set says later. */
static const char *const migration2[] = {"ALTER TABLE evaluations ADD COLUMN notice TEXT;", NULL};

/* The migrations, in order: migration i brings user_version from i to i + 1,
 * each a NULL-terminated list of statements.  Never edit one that has
 * shipped; add the next. */
static const char *const *const migrations[] = {migration1, migration2};

struct as_db {
    pthread_mutex_t mu;
    pthread_cond_t freed;
    sqlite3 **conns; /* every connection */
    bool *busy;      /* per connection: handed out */
    size_t n;
};

int as_db_schema_version(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

int64_t as_db_now(void)
{
    return (int64_t)time(NULL);
}

const char *as_db_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

int as_db_exec(sqlite3 *c, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(c, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    as_log("database: %s", msg ? msg : sqlite3_errmsg(c));
    sqlite3_free(msg);
    return -1;
}

sqlite3_stmt *as_db_prepare(sqlite3 *c, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c, sql, -1, &st, NULL) != SQLITE_OK) {
        as_log("database: %s", sqlite3_errmsg(c));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

int as_db_begin(sqlite3 *c)
{
    return as_db_exec(c, "BEGIN IMMEDIATE");
}

int as_db_commit(sqlite3 *c)
{
    if (as_db_exec(c, "COMMIT") == 0)
        return 0;
    as_db_rollback(c);
    return -1;
}

void as_db_rollback(sqlite3 *c)
{
    if (!sqlite3_get_autocommit(c))
        sqlite3_exec(c, "ROLLBACK", NULL, NULL, NULL);
}

/* One connection with the portal's settings. */
static sqlite3 *connect(const char *path, char *err, size_t errn)
{
    sqlite3 *c = NULL;
    int rc = sqlite3_open_v2(path, &c,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                                 SQLITE_OPEN_EXRESCODE,
                             NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(c, 10000);
        rc = sqlite3_exec(c,
                          "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                          " PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;",
                          NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        snprintf(err, errn, "%s: %s", path, c ? sqlite3_errmsg(c) : sqlite3_errstr(rc));
        sqlite3_close(c);
        return NULL;
    }
    return c;
}

/* Apply the migrations the file has not had, each in its own transaction. */
static int migrate(sqlite3 *c, const char *path, char *err, size_t errn)
{
    int have = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        have = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (have > as_db_schema_version()) {
        snprintf(err, errn, "%s: %s", path,
                 _("the state was written by a newer assess (schema version too new)"));
        return -1;
    }
    for (int v = have; v < as_db_schema_version(); v++) {
        char *msg = NULL, sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d; COMMIT", v + 1);
        int rc = sqlite3_exec(c, "BEGIN IMMEDIATE", NULL, NULL, &msg);
        for (const char *const *q = migrations[v]; rc == SQLITE_OK && *q; q++)
            rc = sqlite3_exec(c, *q, NULL, NULL, &msg);
        if (rc != SQLITE_OK || sqlite3_exec(c, sql, NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errn, "%s: %s", path, msg ? msg : sqlite3_errmsg(c));
            sqlite3_free(msg);
            as_db_rollback(c);
            return -1;
        }
    }
    return 0;
}

int as_db_open(const char *dir, size_t n, as_db **out, char *err, size_t errn)
{
    char path[4096];
    *out = NULL;
    if (snprintf(path, sizeof path, "%s/%s", dir, AS_DB_FILE) >= (int)sizeof path) {
        snprintf(err, errn, "%s: %s", dir, _("path too long"));
        return -1;
    }
    as_db *db = calloc(1, sizeof *db);
    n = n ? n : 1;
    if (!db || !(db->conns = calloc(n, sizeof *db->conns)) ||
        !(db->busy = calloc(n, sizeof *db->busy))) {
        snprintf(err, errn, "%s", _("out of memory"));
        as_db_close(db);
        return -1;
    }
    pthread_mutex_init(&db->mu, NULL);
    pthread_cond_init(&db->freed, NULL);
    for (size_t i = 0; i < n; i++) {
        if ((db->conns[i] = connect(path, err, errn)))
            db->n++;
        if (!db->conns[i] || (i == 0 && migrate(db->conns[0], path, err, errn) != 0)) {
            as_db_close(db);
            return -1;
        }
    }
    *out = db;
    return 0;
}

void as_db_close(as_db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->n; i++)
        sqlite3_close(db->conns[i]);
    if (db->conns && db->busy) {
        pthread_mutex_destroy(&db->mu);
        pthread_cond_destroy(&db->freed);
    }
    free(db->conns);
    free(db->busy);
    free(db);
}

sqlite3 *as_db_get(as_db *db)
{
    pthread_mutex_lock(&db->mu);
    for (;;) {
        for (size_t i = 0; i < db->n; i++)
            if (!db->busy[i]) {
                db->busy[i] = true;
                pthread_mutex_unlock(&db->mu);
                return db->conns[i];
            }
        pthread_cond_wait(&db->freed, &db->mu);
    }
}

void as_db_put(as_db *db, sqlite3 *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&db->mu);
    for (size_t i = 0; i < db->n; i++)
        if (db->conns[i] == c) {
            as_db_rollback(c); /* a handler that failed half-way leaves nothing open */
            db->busy[i] = false;
        }
    pthread_cond_signal(&db->freed);
    pthread_mutex_unlock(&db->mu);
}
