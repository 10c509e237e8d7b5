/* arena: a bump allocator that owns everything one loaded document needs.
 * Loaders copy what they keep out of libyaml into an arena, so a single
 * as_arena_free releases a rule set or a data set.  It does not shrink or
 * free individual blocks, and it refuses to grow past its byte cap. */
#ifndef AS_ARENA_H
#define AS_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct as_arena as_arena;

/* Create an arena that will hand out at most cap bytes in total (0 means a
 * default of 256 MiB).  Returns NULL when out of memory.  Free with
 * as_arena_free. */
as_arena *as_arena_new(size_t cap);

/* Release every block handed out by the arena, then the arena.  NULL is ok. */
void as_arena_free(as_arena *a);

/* Zeroed, max-aligned memory owned by the arena; NULL when the cap would be
 * exceeded or malloc fails. */
void *as_arena_alloc(as_arena *a, size_t size);

/* Copies of strings owned by the arena; NULL on exhaustion (or if s is NULL). */
char *as_arena_strdup(as_arena *a, const char *s);
char *as_arena_strndup(as_arena *a, const char *s, size_t n);

/* printf into arena-owned memory; NULL on exhaustion. */
char *as_arena_printf(as_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *as_arena_vprintf(as_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Bytes handed out so far (for benchmarks and caps). */
size_t as_arena_used(const as_arena *a);

#endif
