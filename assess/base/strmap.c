/* strmap: FNV-1a hashing with linear probing; grows at 50 % load. */
#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void as_strmap_init(as_strmap *m)
{
    memset(m, 0, sizeof *m);
}

void as_strmap_release(as_strmap *m)
{
    if (!m)
        return;
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t find_slot(const char **keys, size_t cap, const char *key)
{
    size_t i = (size_t)hash(key) & (cap - 1);
    while (keys[i] && strcmp(keys[i], key) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

static int rehash(as_strmap *m, size_t cap)
{
    const char **keys = calloc(cap, sizeof *keys);
    size_t *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = find_slot(keys, cap, m->keys[i]);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

int as_strmap_put(as_strmap *m, const char *key, size_t val, size_t *old)
{
    if ((m->n + 1) * 2 > m->cap && rehash(m, m->cap ? m->cap * 2 : 16) != 0)
        return -1;
    size_t i = find_slot(m->keys, m->cap, key);
    if (m->keys[i]) {
        if (old)
            *old = m->vals[i];
        return 1;
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return 0;
}

int as_strmap_get(const as_strmap *m, const char *key, size_t *val)
{
    if (!m->cap)
        return -1;
    size_t i = find_slot(m->keys, m->cap, key);
    if (!m->keys[i])
        return -1;
    *val = m->vals[i];
    return 0;
}

int as_name_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(s, names[i]))
            return (int)i;
    return -1;
}
