/* envelope: one delivery, per year, province and stage, as Reportnet keeps
 * one per country, obligation and period.  It holds every version uploaded
 * (never changed or removed, each with its QA result), and moves through
 *
 *   empty -> errors | clean  (each upload: its QA had errors, or none)
 *   clean -> released        (release.h: the file is in the data set)
 *   released -> reopened     (only the centre)
 *   reopened -> errors | clean -> released ...
 *
 * An upload into a released envelope is refused; errors block the release,
 * warnings do not.  Every step appends a history row in the same
 * transaction.  It does not read or check files (qa.h) or place them
 * (release.h).
 *
 * Ownership: rows passed to callbacks live only during the call. */
#ifndef AS_SERVE_ENVELOPE_H
#define AS_SERVE_ENVELOPE_H

#include <sqlite3.h>
#include <stdint.h>

#include "serve/access.h"
#include "serve/history.h"
#include "serve/store.h"

typedef enum {
    AS_ENV_EMPTY = 0,    /* nothing uploaded */
    AS_ENV_ERRORS = 1,   /* the latest upload's QA found errors: it cannot be released */
    AS_ENV_CLEAN = 2,    /* the latest upload's QA found no error: it may be released */
    AS_ENV_RELEASED = 3, /* released into the data set: final until the centre reopens it */
    AS_ENV_REOPENED = 4  /* reopened by the centre: a new upload may be released */
} as_env_state;

/* Which envelope. */
typedef struct {
    int year;         /* assessment year of the figures */
    char province[8]; /* GB/T 2260 code */
    as_stage stage;   /* reported or verified */
} as_env_key;

/* An envelope as stored (id 0 and AS_ENV_EMPTY when it was never used). */
typedef struct {
    long long id;       /* envelopes.id, 0: no row yet */
    as_env_key key;     /* which */
    as_env_state state; /* where it stands */
} as_envelope;

/* One uploaded version. */
typedef struct {
    long long id;                /* uploads.id */
    int version;                 /* 1, 2, ... within its envelope */
    const char *name;            /* the client's file name, cleaned (shown, never used as a path) */
    const char *ext;             /* "xlsx" or "yaml": how it is read and released */
    int64_t size;                /* bytes */
    const char *sha256;          /* of its bytes: its name in the store */
    const char *qa_sha256;       /* the QA result's JSON in the store */
    const char *qa_zh_sha256;    /* the QA result as an HTML fragment in Chinese, in the store */
    const char *qa_en_sha256;    /* the same in English */
    int errors, warnings, notes; /* the QA result's counts */
    const char *account;         /* who uploaded it */
    const char *address;         /* from where */
    int64_t at;                  /* when, seconds since 1970 UTC */
} as_upload;

/* The results of changing an envelope. */
typedef enum {
    AS_ENV_OK = 0,
    AS_ENV_IS_RELEASED,  /* released: nothing may be uploaded until the centre reopens it */
    AS_ENV_NOT_CLEAN,    /* nothing to release: no upload, or the latest has errors */
    AS_ENV_NOT_LATEST,   /* the version asked for is not the latest upload */
    AS_ENV_NOT_RELEASED, /* reopen: the envelope is not released */
    AS_ENV_FAILED        /* the database or a file failed (logged) */
} as_env_status;

/* "empty", "errors", "clean", "released", "reopened"; and back (0 or -1). */
const char *as_env_state_name(as_env_state s);
int as_env_state_parse(const char *s, as_env_state *out);

/* Bind a key's year, province and stage as parameters 1, 2 and 3. */
void as_envelope_bind_key(sqlite3_stmt *st, const as_env_key *key);

/* Fill *e for key (id 0, AS_ENV_EMPTY when there is no row).  0 or -1. */
int as_envelope_get(sqlite3 *c, const as_env_key *key, as_envelope *e);

/* Call fn for every envelope of year that has a row, in province, stage
 * order.  0 or -1. */
int as_envelope_each(sqlite3 *c, int year, void (*fn)(void *ctx, const as_envelope *e), void *ctx);

/* Record an uploaded version (its file and QA result already in the store;
 * version, id, account, address and at are set here) and move the envelope
 * to errors or clean, with history rows for the upload and its QA result.
 * *u gets its version and id.  AS_ENV_OK, AS_ENV_IS_RELEASED or
 * AS_ENV_FAILED. */
as_env_status as_envelope_add_upload(sqlite3 *c, const as_env_key *key, as_upload *u,
                                     const as_history_about *who);

/* Call fn for each uploaded version of envelope id, oldest first.  0 or -1. */
int as_envelope_uploads(sqlite3 *c, long long id, void (*fn)(void *ctx, const as_upload *u),
                        void *ctx);

/* Call fn with version `version` of envelope id (0: the latest).  1 when
 * there is none, 0 when fn was called, -1 on failure. */
int as_envelope_upload(sqlite3 *c, long long id, int version,
                       void (*fn)(void *ctx, const as_upload *u), void *ctx);

/* Reopen a released envelope (the centre).  AS_ENV_OK, AS_ENV_NOT_RELEASED
 * or AS_ENV_FAILED. */
as_env_status as_envelope_reopen(sqlite3 *c, const as_env_key *key, const as_history_about *who);

/* Set envelope id's state inside the caller's transaction.  0 or -1. */
int as_envelope_set_state(sqlite3 *c, long long id, as_env_state s);

/* The history subject of an envelope touched by who (account and address
 * from who, the rest from key). */
as_history_about as_envelope_about(const as_env_key *key, const as_history_about *who);

#endif
