/* apidoc: the JSON API's answers (docs/portal.md), written through the one
 * JSON writer (report/json.h) into memory: the objects the portal itself
 * describes (an envelope's versions, a receipt, a history row) and answering
 * a request with a document.  The documents the libraries write (the
 * self-check's, the evaluation's) are kept as written and sent as they are.
 * Keys may be added, never renamed.
 *
 * Ownership: an as_apidoc owns its memory until as_apidoc_send or
 * as_apidoc_release. */
#ifndef AS_SERVE_APIDOC_H
#define AS_SERVE_APIDOC_H

#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "report/json.h"
#include "serve/envelope.h"
#include "serve/history.h"
#include "serve/release.h"
#include "serve/ctx.h"

/* A document being written. */
typedef struct {
    FILE *f;    /* a memory stream */
    char *text; /* its bytes, once closed */
    size_t len;
    as_json j; /* the writer: write the document into it */
} as_apidoc;

/* Start a document.  0, or -1 when out of memory. */
int as_apidoc_begin(as_apidoc *d);

/* Finish the document: its text in d->text (d->len bytes).  0, or -1 when
 * it is unfinished or failed. */
int as_apidoc_finish(as_apidoc *d);

/* Free a document's memory. */
void as_apidoc_release(as_apidoc *d);

/* Finish the document and answer x with it (status 0: 200); an unfinished
 * or failed document answers 500.  The document is released. */
void as_apidoc_send(as_ctx *x, as_apidoc *d, int status);

/* Answer x with a JSON text already made (a stored document). */
void as_apidoc_send_text(as_ctx *x, const char *text, size_t len, int status);

/* Objects of the API, each written whole as the next value. */
void as_apidoc_upload(as_json *j, const as_env_key *k, const as_upload *u);
void as_apidoc_receipt(as_json *j, const as_receipt *r);
void as_apidoc_history(as_json *j, const as_history_row *r);

/* key: a time as ISO 8601 in UTC, "2027-03-01T02:00:00Z". */
void as_apidoc_put_time(as_json *j, const char *key, int64_t t);

/* A time as ISO 8601 in UTC into out (at least 24 bytes). */
void as_apidoc_time(int64_t t, char *out, size_t n);

/* Read the JSON object of x's body: the string value of each key of keys
 * (n of them) into vals (NULL when absent), copied into arena a.  0, or -1
 * with the problem at its line and column in *why (malloc'd: the caller
 * frees; NULL when out of memory). */
int as_apidoc_fields(as_ctx *x, const char *const *keys, const char **vals, size_t n, as_arena *a,
                     char **why);

#endif
