/* deliver: what happens when a file arrives in an envelope, for the pages
 * and the API alike: its name cleaned (shown, never used as a path) and its
 * format taken from it, its bytes kept in the store under their SHA-256, the
 * QA run on it and kept, and the new version recorded in the envelope.
 *
 * And releasing and reopening it, with the refusals both front-ends give.
 *
 * Ownership: the result's QA buffers belong to the caller after the call
 * (as_delivery_release). */
#ifndef AS_SERVE_DELIVER_H
#define AS_SERVE_DELIVER_H

#include "serve/envelope.h"
#include "serve/qa.h"
#include "serve/release.h"
#include "serve/ctx.h"

typedef struct {
    int status;                    /* HTTP status: 201 stored, else the refusal's */
    const char *msgid;             /* the refusal's message, or NULL */
    char name[256];                /* the file's name, cleaned */
    char sha256[AS_SHA256_HEX];    /* of the file */
    char qa_sha[3][AS_SHA256_HEX]; /* of its QA result: JSON, Chinese, English */
    int version;                   /* the version it became */
    as_upload upload;              /* as recorded (strings point into this struct) */
    as_qa qa;                      /* its QA result */
} as_delivery;

/* The client's name of a file, cleaned into out (size n): the last part
 * of a path, without control characters, cut to at most 200 bytes on a
 * character boundary; its format ("xlsx" or "yaml") into *ext.  Returns 0,
 * or -1 when the name does not end in .xlsx, .yaml or .yml. */
int as_deliver_clean_name(const char *name, char *out, size_t n, const char **ext);

/* Take the file received into x->req->file, called client_name, into x's
 * envelope: store it, run its QA, record it.  Fills *out (status 201 when
 * recorded). */
void as_deliver_upload(as_ctx *x, const char *client_name, as_delivery *out);

void as_delivery_release(as_delivery *d);

/* Release x's envelope (its latest version, which must be version_text
 * when that is given: the one the person saw), or reopen it.  0 with *r
 * filled in, or -1 after answering x with the refusal (400 for a version
 * that is no number, 409 for an envelope not in a state to do it, 500 with
 * the reason for a failure). */
int as_deliver_release(as_ctx *x, const char *version_text, as_receipt *r);
int as_deliver_reopen(as_ctx *x);

#endif
