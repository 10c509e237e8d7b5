/* grow: doubling growth of caller-owned arrays, with a cap and no overflow. */
#include "base/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *as_grow(void *items, size_t *cap, size_t need, size_t size, size_t first, size_t max)
{
    if (need <= *cap && items)
        return items;
    size_t limit = size ? SIZE_MAX / size : 0;
    if (max && max < limit)
        limit = max;
    if (!size || need > limit)
        return NULL;
    size_t want = *cap > limit / 2 ? limit : *cap * 2;
    if (want < first)
        want = first < limit ? first : limit;
    if (want < need)
        want = need;
    if (want == 0)
        want = 1;
    void *p = realloc(items, want * size);
    if (!p)
        return NULL;
    *cap = want;
    return p;
}
