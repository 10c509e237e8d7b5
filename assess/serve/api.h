/* api: the pieces of the JSON API's answers (docs/portal.md): strings,
 * numbers and the objects the portal itself describes (an envelope, a
 * version, a receipt, a history row).  The documents the libraries write
 * (the self-check's and the evaluation's JSON) are passed through as they
 * are.  Keys may be added, never renamed.
 *
 * Ownership: everything is appended to a caller-owned buffer. */
#ifndef AS_SERVE_API_H
#define AS_SERVE_API_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/arena.h"
#include "serve/buf.h"
#include "serve/envelope.h"
#include "serve/history.h"
#include "serve/release.h"
#include "serve/router.h"

/* A JSON string of s (quoted and escaped; NULL is null). */
void as_api_str(as_buf *b, const char *s);

/* "key": followed by the string s / the integer v / the boolean v, and a
 * comma unless last. */
void as_api_kstr(as_buf *b, const char *key, const char *s, bool last);
void as_api_kint(as_buf *b, const char *key, long long v, bool last);
void as_api_kbool(as_buf *b, const char *key, bool v, bool last);

/* Objects of the API, appended whole. */
void as_api_json_upload(as_buf *b, const as_env_key *key, const as_upload *u);
void as_api_json_receipt(as_buf *b, const as_receipt *r);
void as_api_json_history(as_buf *b, const as_history_row *r);

/* Answer x with the JSON in b (moved into the response), status 200 unless
 * given. */
void as_api_answer(as_ctx *x, as_buf *b, int status);

/* Read the JSON object of x's body: the string value of each key of keys
 * (n of them) into vals (NULL when absent), copied into arena a.  0, or -1
 * after answering 400 with the problem at its line and column. */
int as_api_fields(as_ctx *x, const char *const *keys, const char **vals, size_t n, as_arena *a);

/* A time as ISO 8601 in UTC, "2027-03-01T02:00:00Z", into out (>= 24). */
void as_api_time(int64_t t, char *out, size_t n);

#endif
