/* grow: the one way an array grows: its capacity doubles (from a first
 * size) until it holds what is needed, never past a cap on its elements,
 * the byte count computed without overflow.  It knows nothing of what the
 * elements are; the caller keeps the array, its count and its capacity.
 *
 * Ownership: the array is malloc'd memory of the caller's (NULL to start);
 * the caller frees it. */
#ifndef AS_GROW_H
#define AS_GROW_H

#include <stddef.h>

/* The array items, with room for *cap elements of size bytes, made to hold
 * at least need of them: the same array when it does already, else it
 * realloc'd to the larger of need, twice *cap and first (at least 1), but
 * at most max elements (0: no cap but the size of memory), with *cap set to
 * the new capacity.  Returns the array to use from now on, or NULL when need
 * exceeds max, the byte count would overflow or memory runs out: items is
 * then still valid and *cap unchanged.  Usage:
 *
 *     as_diag *p = as_grow(d->items, &d->cap, d->n + 1, sizeof *p, 8, 0);
 *     if (!p)
 *         return -1;
 *     d->items = p;
 */
void *as_grow(void *items, size_t *cap, size_t need, size_t size, size_t first, size_t max);

#endif
