/* release: making a delivery final.  The clean latest version of an
 * envelope is written into the data set as DATA/submissions/YEAR/CODE.ext
 * (verified: DATA/verified/...), the bytes as uploaded, and the province
 * gets a receipt: the file's name in the data set and as uploaded, its size
 * and SHA-256, the time and the account.
 *
 * A crash at any instant leaves the data set and the database agreeing
 * after the next start: the release's intent (which version, which path,
 * the SHA-256 of what it replaces, now kept in the store) is committed
 * before any file moves; the file is copied beside its final name, synced
 * and renamed over it; a file of the other format (CODE.yaml beside a new
 * CODE.xlsx) is removed; only then is the release marked done and the
 * receipt given.  At start-up as_release_reconcile completes every intent
 * whose file is in place and abandons the others, removing their temporary
 * files.  Releases and readers of the data set are kept apart by the
 * portal's data lock.
 *
 * Ownership: receipts are filled into caller-owned structs. */
#ifndef AS_SERVE_RELEASE_H
#define AS_SERVE_RELEASE_H

#include <sqlite3.h>
#include <stdint.h>

#include "serve/envelope.h"
#include "serve/portal.h"

/* A receipt: what was released, when and by whom. */
typedef struct {
    as_env_key key;             /* the envelope */
    int number;                 /* the release's number within its envelope: 1, 2, ... */
    int version;                /* the uploaded version released */
    char path[96];              /* the file in the data set, relative to it:
                                   "submissions/2026/640000.xlsx" */
    char name[256];             /* the file's name as uploaded */
    int64_t size;               /* bytes */
    char sha256[AS_SHA256_HEX]; /* of the bytes, as in the data set */
    int64_t at;                 /* when it was released, seconds since 1970 UTC */
    char account[72];           /* who released it */
} as_receipt;

/* Release the latest upload of key (it must be version `version` when
 * version > 0: the one the person saw).  AS_ENV_OK with *out filled in,
 * AS_ENV_NOT_CLEAN, AS_ENV_NOT_LATEST, AS_ENV_IS_RELEASED, or AS_ENV_FAILED
 * (reason in why, size n: the file's path in the data set and the system's
 * message, e.g. a full disk or a read-only data set; the envelope is left as
 * it was and the attempt is in its history). */
as_env_status as_release_run(as_portal *p, sqlite3 *c, const as_env_key *key, int version,
                             const as_history_about *who, as_receipt *out, char *why, size_t n);

/* Finish or abandon, at start-up, every release a stopped server left at
 * its intent.  Returns how many were found, or -1 when the database failed. */
int as_release_reconcile(as_portal *p, sqlite3 *c);

/* The receipt of release `number` of key (0: the latest done).  0, 1 when
 * there is none, -1 on failure. */
int as_release_receipt(sqlite3 *c, const as_env_key *key, int number, as_receipt *out);

/* Call fn for each receipt of key, oldest first.  0 or -1. */
int as_release_each(sqlite3 *c, const as_env_key *key, void (*fn)(void *ctx, const as_receipt *r),
                    void *ctx);

/* Where a released file of key goes, relative to the data set, for ext
 * ("xlsx" or "yaml"), into out (size n): submissions/YEAR/CODE.ext,
 * verified/YEAR/CODE.ext, or findings/YEAR.yaml (the findings are YAML). */
void as_release_path(const as_env_key *key, const char *ext, char *out, size_t n);

#endif
