/* db: the portal's state database, one SQLite file in the state folder
 * (AS_DB_FILE), in WAL mode with full synchronous commits, so a transaction
 * that answered is on disk.  Opening creates the file and brings its schema
 * to the current version (PRAGMA user_version counts the migrations applied,
 * each in one transaction).  The history tables refuse UPDATE and DELETE by
 * triggers.  A small pool hands one connection to each thread at a time.
 * It knows the schema, not what the rows mean (accounts.c, envelope.c, ...).
 *
 * Ownership: as_db_open returns a heap pool that owns its connections;
 * as_db_close closes them.  A connection taken with as_db_get must be given
 * back with as_db_put before the pool is closed. */
#ifndef AS_SERVE_DB_H
#define AS_SERVE_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AS_DB_FILE "assess.sqlite"

typedef struct as_db as_db;

/* Open (creating when missing) the database of state folder dir with n
 * connections (at least 1), and migrate its schema.  Returns 0 and *out, or
 * -1 with the reason in err (size errn): the path and SQLite's message. */
int as_db_open(const char *dir, size_t n, as_db **out, char *err, size_t errn);

/* Close every connection, then free the pool.  NULL is ok. */
void as_db_close(as_db *db);

/* A connection for this thread's use, waiting for one to be free; give it
 * back with as_db_put. */
sqlite3 *as_db_get(as_db *db);
void as_db_put(as_db *db, sqlite3 *c);

/* The schema version the code knows (the number of migrations). */
int as_db_schema_version(void);

/* BEGIN IMMEDIATE (waiting for other writers), COMMIT and ROLLBACK.  0 or
 * -1 (logged). */
int as_db_begin(sqlite3 *c);
int as_db_commit(sqlite3 *c);
void as_db_rollback(sqlite3 *c);

/* Prepare sql on c; NULL after logging SQLite's message. */
sqlite3_stmt *as_db_prepare(sqlite3 *c, const char *sql);

/* Run one statement without results; 0 or -1 (logged). */
int as_db_exec(sqlite3 *c, const char *sql);

/* The current time, in whole seconds since 1970 (UTC). */
int64_t as_db_now(void);

/* Text column i of the current row of st, "" for NULL. */
const char *as_db_text(sqlite3_stmt *st, int i);

#endif
