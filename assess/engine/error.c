/* error: storage and formatting of located diagnostics; no printing. */
#include "engine/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void as_diags_init(as_diags *d)
{
    memset(d, 0, sizeof *d);
    d->max = 1000;
}

void as_diags_release(as_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].msg);
        free((char *)d->items[i].loc.file);
    }
    free(d->items);
    d->items = NULL;
    d->n = d->cap = d->dropped = 0;
}

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static int grow(as_diags *d)
{
    if (d->n < d->cap)
        return 0;
    size_t cap = d->cap ? d->cap * 2 : 8;
    as_diag *p = realloc(d->items, cap * sizeof *p);
    if (!p)
        return -1;
    d->items = p;
    d->cap = cap;
    return 0;
}

void as_diags_vadd(as_diags *d, as_loc loc, const char *fmt, va_list ap)
{
    if (d->max == 0)
        d->max = 1000;
    if (d->n >= d->max || grow(d) != 0) {
        d->dropped++;
        return;
    }
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *msg = len < 0 ? NULL : malloc((size_t)len + 1);
    if (!msg) {
        d->dropped++;
        return;
    }
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    as_diag *e = &d->items[d->n++];
    e->msg = msg;
    e->loc = loc;
    e->loc.file = dup_or_null(loc.file);
}

void as_diags_add(as_diags *d, as_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd(d, loc, fmt, ap);
    va_end(ap);
}

void as_diags_move(as_diags *dst, as_diags *src)
{
    for (size_t i = 0; i < src->n; i++) {
        if (dst->max == 0)
            dst->max = 1000;
        if (dst->n >= dst->max || grow(dst) != 0) {
            dst->dropped++;
            free(src->items[i].msg);
            free((char *)src->items[i].loc.file);
            continue;
        }
        dst->items[dst->n++] = src->items[i];
    }
    dst->dropped += src->dropped;
    free(src->items);
    src->items = NULL;
    src->n = src->cap = src->dropped = 0;
}

size_t as_diags_count(const as_diags *d)
{
    return d->n + d->dropped;
}

char *as_diag_format(const as_diag *d)
{
    const char *file = d->loc.file ? d->loc.file : "assess";
    char *out = NULL;
    int len;
    if (d->loc.line > 0)
        len = snprintf(NULL, 0, "%s:%d:%d: error: %s", file, d->loc.line, d->loc.col, d->msg);
    else
        len = snprintf(NULL, 0, "%s: error: %s", file, d->msg);
    if (len < 0 || !(out = malloc((size_t)len + 1)))
        return NULL;
    if (d->loc.line > 0)
        snprintf(out, (size_t)len + 1, "%s:%d:%d: error: %s", file, d->loc.line, d->loc.col,
                 d->msg);
    else
        snprintf(out, (size_t)len + 1, "%s: error: %s", file, d->msg);
    return out;
}

as_loc as_loc_make(const char *file, int line, int col)
{
    as_loc l = {file, line, col};
    return l;
}
