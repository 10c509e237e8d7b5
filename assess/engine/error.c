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

static void free_diag(as_diag *e)
{
    free(e->msg);
    free((char *)e->loc.file);
    free((char *)e->loc.sheet);
}

void as_diags_release(as_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free_diag(&d->items[i]);
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
    e->loc.sheet = dup_or_null(loc.sheet);
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
            free_diag(&src->items[i]);
            continue;
        }
        dst->items[dst->n++] = src->items[i];
    }
    dst->dropped += src->dropped;
    free(src->items);
    src->items = NULL;
    src->n = src->cap = src->dropped = 0;
}

void as_diags_drop_file(as_diags *d, const char *file)
{
    size_t keep = 0;
    for (size_t i = 0; i < d->n; i++) {
        as_diag *e = &d->items[i];
        if (file && e->loc.file && !strcmp(e->loc.file, file))
            free_diag(e);
        else
            d->items[keep++] = *e;
    }
    d->n = keep;
}

size_t as_diags_count(const as_diags *d)
{
    return d->n + d->dropped;
}

void as_loc_col_name(int col, char out[8])
{
    char rev[8];
    int n = 0;
    for (; col > 0 && n < 7; col = (col - 1) / 26)
        rev[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    out[n] = '\0';
}

int as_loc_print(char *buf, size_t n, as_loc l)
{
    const char *file = l.file ? l.file : "assess";
    if (l.sheet) {
        char col[8];
        as_loc_col_name(l.col, col);
        if (l.line > 0)
            return snprintf(buf, n, "%s:%s!%s%d", file, l.sheet, col, l.line);
        return snprintf(buf, n, "%s:%s", file, l.sheet);
    }
    if (l.line > 0)
        return snprintf(buf, n, "%s:%d:%d", file, l.line, l.col);
    return snprintf(buf, n, "%s", file);
}

char *as_diag_format(const as_diag *d)
{
    int head = as_loc_print(NULL, 0, d->loc);
    int len = head < 0 ? -1 : snprintf(NULL, 0, ": error: %s", d->msg);
    char *out = len < 0 ? NULL : malloc((size_t)head + (size_t)len + 1);
    if (!out)
        return NULL;
    as_loc_print(out, (size_t)head + 1, d->loc);
    snprintf(out + head, (size_t)len + 1, ": error: %s", d->msg);
    return out;
}

as_loc as_loc_make(const char *file, int line, int col)
{
    as_loc l = {file, line, col, NULL};
    return l;
}

as_loc as_loc_cell(const char *file, const char *sheet, int row, int col)
{
    as_loc l = {file, row, col, sheet};
    return l;
}
