/* test_grow: the one growth of arrays: doubling from a first size to what
 * is needed, never past its cap or past what a size_t can count, and an
 * array left as it was when it cannot grow. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/grow.h"

Test(grow, doubles_from_the_first_size_to_what_is_needed)
{
    static const struct {
        size_t cap, need, first, max, exp;
    } cases[] = {
        {0, 1, 8, 0, 8},     /* the first size */
        {0, 20, 8, 0, 20},   /* more than it at once */
        {8, 9, 8, 0, 16},    /* doubled */
        {16, 40, 8, 0, 40},  /* more than doubled */
        {16, 17, 8, 20, 20}, /* doubling would pass the cap: up to it */
        {0, 1, 0, 0, 1},     /* no first size: what is needed */
        {4, 3, 8, 0, 4},     /* room enough: unchanged */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t cap = cases[i].cap;
        int *a = cap ? calloc(cap, sizeof *a) : NULL;
        int *got = as_grow(a, &cap, cases[i].need, sizeof *a, cases[i].first, cases[i].max);
        cr_assert_not_null(got, "case %zu", i);
        cr_expect_eq(cap, cases[i].exp, "case %zu: exp %zu got %zu", i, cases[i].exp, cap);
        got[cases[i].need - 1] = 7; /* the room is there (ASan would say) */
        free(got);
    }
}

Test(grow, keeps_the_array_when_it_cannot_grow)
{
    size_t cap = 4;
    int *a = calloc(cap, sizeof *a);
    a[3] = 42;
    cr_expect_null(as_grow(a, &cap, 5, sizeof *a, 8, 4), "over the cap");
    cr_expect_null(as_grow(a, &cap, SIZE_MAX / 2, sizeof *a, 8, 0), "bytes that overflow");
    cr_expect_null(as_grow(a, &cap, 5, 0, 8, 0), "elements of no size");
    cr_expect_eq(cap, 4);
    cr_expect_eq(a[3], 42);
    free(a);
}
