/* history: what happened, row by row, never changed: every login (and failed
 * one), logout, upload with its QA result, release, reopening, evaluation,
 * publication, notification date and account change, with the time, the
 * account and the address it came from.  The database's triggers refuse
 * UPDATE and DELETE on these rows (db.c).  Rows about an envelope carry its
 * year, province and stage, so each envelope shows its own.
 *
 * Ownership: strings are borrowed for the call; rows read are handed to a
 * callback and live only during it. */
#ifndef AS_SERVE_HISTORY_H
#define AS_SERVE_HISTORY_H

#include <sqlite3.h>
#include <stdint.h>

#include "serve/access.h"

/* What a row is about, where it happened and who did it. */
typedef struct {
    const char *account;  /* the account name; "" for none (a failed login's name is in detail) */
    const char *address;  /* the client's address, or "command line" */
    int year;             /* the assessment year concerned, 0 for none */
    const char *province; /* the province concerned, NULL for none */
    as_stage stage;       /* the envelope's stage, AS_STAGE_NONE for none */
} as_history_about;

/* One row as read. */
typedef struct {
    long long id;         /* its number, in the order things happened */
    int64_t at;           /* seconds since 1970, UTC */
    const char *account;  /* who */
    const char *address;  /* from where */
    const char *event;    /* "login", "upload", "release", ... (see history.c) */
    int year;             /* 0 for none */
    const char *province; /* "" for none */
    const char *stage;    /* "" for none */
    const char *detail;   /* what exactly: names, sizes, SHA-256, counts */
} as_history_row;

/* Append one row: event and detail formatted from fmt.  0, or -1 (logged);
 * inside the caller's transaction when one is open. */
int as_history_add(sqlite3 *c, const as_history_about *about, const char *event, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));

/* Call fn for each row about year/province/stage (an envelope), oldest
 * first; province NULL: every row about year (0: every row).  0 or -1. */
int as_history_each(sqlite3 *c, int year, const char *province, as_stage stage,
                    void (*fn)(void *ctx, const as_history_row *r), void *ctx);

#endif
