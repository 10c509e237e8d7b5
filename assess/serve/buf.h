/* buf: a growable byte buffer with a size cap, for what the portal builds in
 * memory (a page, a JSON answer, a file read back).  Appending past the cap
 * or out of memory marks the buffer failed and drops the rest, so a hostile
 * input costs one refused answer, never the server's memory; the caller
 * checks `failed` once at the end.  It knows nothing of HTML or JSON.
 *
 * Ownership: the caller owns the struct; data is malloc'd and freed by
 * as_buf_release, or handed over with as_buf_take. */
#ifndef AS_SERVE_BUF_H
#define AS_SERVE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* The cap of a buffer made by as_buf_init: 64 MiB. */
#define AS_BUF_DEFAULT_CAP (64u * 1024u * 1024u)

typedef struct {
    char *data;  /* the bytes, always followed by a '\0' (not counted in len) */
    size_t len;  /* bytes held */
    size_t size; /* bytes allocated */
    size_t cap;  /* most bytes it may hold */
    bool failed; /* something was dropped: over the cap or out of memory */
} as_buf;

/* An empty buffer with the default cap, or with cap bytes (0: the default). */
void as_buf_init(as_buf *b);
void as_buf_init_cap(as_buf *b, size_t cap);

/* Free the bytes; the buffer is empty again.  NULL is ok. */
void as_buf_release(as_buf *b);

/* Append n bytes / a string / formatted text.  Returns 0, or -1 when the
 * buffer failed (now or before). */
int as_buf_add(as_buf *b, const void *p, size_t n);
int as_buf_puts(as_buf *b, const char *s);
int as_buf_printf(as_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int as_buf_vprintf(as_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The bytes, handed to the caller (who frees them), with their length in
 * *len; the buffer is empty again.  NULL when it failed (then freed). */
char *as_buf_take(as_buf *b, size_t *len);

/* Read the whole file at path (at most b's cap) into b.  Returns 0, or -1
 * with errno set (EFBIG when it is larger than the cap). */
int as_buf_read_file(as_buf *b, const char *path);

#endif
