/* arena: chained blocks, bump allocation, one free.  No per-object free. */
#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK_MIN = 64 * 1024, ALIGN = 16 };

typedef struct block {
    struct block *next;
    size_t size; /* usable bytes after the header */
    size_t used; /* bytes handed out from this block */
    max_align_t data[];
} block;

struct as_arena {
    block *head;  /* newest block first */
    size_t cap;   /* maximum bytes handed out in total */
    size_t total; /* bytes handed out so far */
};

as_arena *as_arena_new(size_t cap)
{
    as_arena *a = calloc(1, sizeof *a);
    if (a)
        a->cap = cap ? cap : (size_t)256 * 1024 * 1024;
    return a;
}

void as_arena_free(as_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *as_arena_alloc(as_arena *a, size_t size)
{
    size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (!a || need < size || need > a->cap - a->total)
        return NULL;
    block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t bsize = need > BLOCK_MIN ? need : BLOCK_MIN;
        b = malloc(sizeof *b + bsize);
        if (!b)
            return NULL;
        b->size = bsize;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += need;
    a->total += need;
    memset(p, 0, size);
    return p;
}

char *as_arena_strndup(as_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = as_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *as_arena_strdup(as_arena *a, const char *s)
{
    return s ? as_arena_strndup(a, s, strlen(s)) : NULL;
}

char *as_arena_vprintf(as_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *p = as_arena_alloc(a, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *as_arena_printf(as_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = as_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t as_arena_used(const as_arena *a)
{
    return a ? a->total : 0;
}
