/* buf: growable, capped byte buffers. */
#include "serve/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/grow.h"

void as_buf_init(as_buf *b)
{
    as_buf_init_cap(b, 0);
}

void as_buf_init_cap(as_buf *b, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->cap = cap ? cap : AS_BUF_DEFAULT_CAP;
}

void as_buf_release(as_buf *b)
{
    if (!b)
        return;
    free(b->data);
    size_t cap = b->cap;
    as_buf_init_cap(b, cap);
}

/* Room for n more bytes and the terminating '\0'. */
static int reserve(as_buf *b, size_t n)
{
    if (b->failed)
        return -1;
    if (n > b->cap - b->len) {
        b->failed = true;
        return -1;
    }
    char *p = as_grow(b->data, &b->size, b->len + n + 1, 1, 256, 0);
    if (!p) {
        b->failed = true;
        return -1;
    }
    b->data = p;
    return 0;
}

int as_buf_add(as_buf *b, const void *p, size_t n)
{
    if (reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int as_buf_puts(as_buf *b, const char *s)
{
    return as_buf_add(b, s, strlen(s));
}

int as_buf_vprintf(as_buf *b, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0 || reserve(b, (size_t)n) != 0) {
        b->failed = true;
        return -1;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int as_buf_printf(as_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = as_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *as_buf_take(as_buf *b, size_t *len)
{
    if (b->failed || reserve(b, 0) != 0) {
        as_buf_release(b);
        *len = 0;
        return NULL;
    }
    char *p = b->data;
    *len = b->len;
    b->data = NULL;
    as_buf_release(b);
    return p;
}

int as_buf_read_file(as_buf *b, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        if (as_buf_add(b, chunk, (size_t)n) != 0) {
            close(fd);
            errno = EFBIG;
            return -1;
        }
    int err = n < 0 ? errno : 0;
    close(fd);
    errno = err;
    return n < 0 ? -1 : 0;
}
