/* oracle: integer and string arithmetic on decimals as written; see oracle.h.
 * Deliberately shares nothing with assess/base/decimal.c. */
#include "oracle.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t pow10i(int k)
{
    int64_t p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

uint64_t oracle_next(oracle_rng *g)
{
    uint64_t z = (g->state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static int64_t below(oracle_rng *g, int64_t n)
{
    return n > 0 ? (int64_t)(oracle_next(g) % (uint64_t)n) : 0;
}

void oracle_random(oracle_rng *g, int decimals, oracle_num *out)
{
    int kmax = 12 - decimals; /* integer digits at most */
    int k = (int)below(g, kmax + 1);
    if (below(g, 3) == 0)
        k = k > 2 ? 2 : k; /* small numbers are common */
    int64_t ipart = k ? pow10i(k - 1) + below(g, pow10i(k) - pow10i(k - 1)) : 0;
    int64_t frac;
    int places;
    switch (below(g, 7)) {
    case 0: /* a tie as written: ...5 right after the last kept place */
        places = decimals + 1;
        frac = below(g, pow10i(decimals)) * 10 + 5;
        break;
    case 1: /* the same tie written with a trailing zero */
        places = decimals + 2;
        frac = below(g, pow10i(decimals)) * 100 + 50;
        break;
    case 2: /* just below a tie */
        places = decimals + 3;
        frac = below(g, pow10i(decimals)) * 1000 + 499;
        break;
    case 3: /* just above a tie */
        places = decimals + 3;
        frac = below(g, pow10i(decimals)) * 1000 + 501;
        break;
    case 4: /* on the grid */
        places = (int)below(g, decimals + 1);
        frac = below(g, pow10i(places));
        break;
    default: /* anything, up to three places past the grid */
        places = decimals + 1 + (int)below(g, 3);
        frac = below(g, pow10i(places));
        break;
    }
    out->mant = ipart * pow10i(places) + frac;
    out->places = places;
    out->neg = below(g, 3) == 0;
    out->nudge = below(g, 3) == 0 ? (int)below(g, 2) * 2 - 1 : 0;
}

void oracle_text(const oracle_num *x, char *buf, size_t n)
{
    int64_t p = pow10i(x->places);
    if (x->places)
        snprintf(buf, n, "%s%lld.%0*lld", x->neg ? "-" : "", (long long)(x->mant / p), x->places,
                 (long long)(x->mant % p));
    else
        snprintf(buf, n, "%s%lld", x->neg ? "-" : "", (long long)x->mant);
}

double oracle_double(const oracle_num *x)
{
    char buf[48];
    oracle_text(x, buf, sizeof buf);
    double v = strtod(buf, NULL);
    if (x->nudge)
        v = nextafter(v, x->nudge > 0 ? INFINITY : -INFINITY);
    return v;
}

int64_t oracle_round(const oracle_num *x, int decimals, bool half_even)
{
    /* the nudge as a direction of the magnitude: up the number line is away
     * from zero for a positive number, towards it for a negative one */
    int away = x->mant == 0 ? 0 : x->neg ? -x->nudge : x->nudge;
    int64_t q, r = 0, half = 0;
    if (x->places <= decimals) {
        q = x->mant * pow10i(decimals - x->places); /* on the grid: a hair off stays */
    } else {
        int64_t unit = pow10i(x->places - decimals);
        q = x->mant / unit;
        r = x->mant % unit;
        half = unit / 2;
        if (r > half || (r == half && (away > 0 || (away == 0 && (!half_even || q % 2 == 1)))))
            q++;
    }
    return x->neg ? -q : q;
}

void oracle_units_text(int64_t units, int decimals, char *buf, size_t n)
{
    int64_t p = pow10i(decimals), a = units < 0 ? -units : units;
    if (decimals)
        snprintf(buf, n, "%s%lld.%0*lld", units < 0 ? "-" : "", (long long)(a / p), decimals,
                 (long long)(a % p));
    else
        snprintf(buf, n, "%s%lld", units < 0 ? "-" : "", (long long)a);
}

/* Integer part and 15 fraction digits of the magnitude, as text to compare. */
static void magnitude(const oracle_num *x, int64_t *ipart, char frac[16])
{
    int64_t p = pow10i(x->places);
    *ipart = x->mant / p;
    snprintf(frac, 16, "%0*lld", x->places, (long long)(x->mant % p));
    if (x->places == 0)
        frac[0] = '\0';
    size_t len = strlen(frac);
    memset(frac + len, '0', 15 - len);
    frac[15] = '\0';
}

int oracle_cmp(const oracle_num *a, const oracle_num *b)
{
    int sa = a->mant == 0 ? 0 : a->neg ? -1 : 1, sb = b->mant == 0 ? 0 : b->neg ? -1 : 1;
    int c = 0;
    if (sa != sb) {
        c = sa < sb ? -1 : 1;
    } else if (sa != 0) {
        int64_t ia, ib;
        char fa[16], fb[16];
        magnitude(a, &ia, fa);
        magnitude(b, &ib, fb);
        c = ia != ib ? (ia < ib ? -1 : 1) : strcmp(fa, fb) < 0 ? -1 : strcmp(fa, fb) > 0;
        c *= sa;
    }
    if (c == 0) /* the same number as written: the nudges decide */
        c = a->nudge < b->nudge ? -1 : a->nudge > b->nudge;
    return c;
}
