/* strmap: an open-addressing hash map from borrowed string keys to indexes.
 * Used for every name lookup (inputs, provinces, indicators), so lookups stay
 * O(1) for thousands of units.  Keys are not copied: they must outlive the map
 * (they live in the owning arena). */
#ifndef AS_STRMAP_H
#define AS_STRMAP_H

#include <stddef.h>

typedef struct {
    const char **keys; /* slot keys, NULL = empty */
    size_t *vals;      /* slot values */
    size_t cap;        /* slots, a power of two */
    size_t n;          /* keys stored */
} as_strmap;

void as_strmap_init(as_strmap *m);
void as_strmap_release(as_strmap *m);

/* Insert key -> val.  Returns 0, 1 if the key was already present (the old
 * value is kept and written to *old if old is not NULL), -1 out of memory. */
int as_strmap_put(as_strmap *m, const char *key, size_t val, size_t *old);

/* Returns 0 and sets *val if present, else -1. */
int as_strmap_get(const as_strmap *m, const char *key, size_t *val);

/* The index of s among the n names of a short fixed list (a role, a stage,
 * a language, a severity), by comparing each: -1 when s is none of them or
 * NULL. */
int as_name_index(const char *const *names, size_t n, const char *s);

#endif
