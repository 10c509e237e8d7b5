/* decimal: the shortest decimal form of a double (the fewest of 15, 16 or 17
 * significant digits that strtod reads back as the same double), rounding on
 * those digits, exact comparison and fixed-point text.  Decimal points are
 * never written for strtod to read ("12345e-4" instead), so the C library's
 * locale cannot change a result. */
#include "engine/decimal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PLACES = 40, MAX_SHIFT = 400 };

/* The fewest significant digits (15..17) with which "%.*e" reads back as x. */
static int shortest_precision(double x)
{
    char buf[40];
    for (int p = 15; p < AS_DECIMAL_DIGITS; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        if (strtod(buf, NULL) == x)
            return p;
    }
    return AS_DECIMAL_DIGITS;
}

/* Drop trailing zeros; a number without digits is zero, and zero has no sign. */
static void normalise(as_decimal *d)
{
    while (d->n > 0 && d->dig[d->n - 1] == '0')
        d->n--;
    d->dig[d->n] = '\0';
    if (d->n == 0) {
        d->neg = false;
        d->exp = 0;
    }
}

int as_decimal_from_double(double x, as_decimal *out)
{
    memset(out, 0, sizeof *out);
    if (!isfinite(x))
        return -1;
    if (x == 0)
        return 0;
    /* "-d.ddde+XX": the digits whatever character the locale uses for the point */
    char buf[48];
    int p = shortest_precision(x);
    snprintf(buf, sizeof buf, "%.*e", p - 1, x);
    const char *s = buf;
    out->neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    for (; *s && *s != 'e' && *s != 'E'; s++)
        if (*s >= '0' && *s <= '9' && out->n < AS_DECIMAL_DIGITS)
            out->dig[out->n++] = *s;
    long e = *s ? strtol(s + 1, NULL, 10) : 0;
    out->exp = (int)e + 1; /* d.ddd x 10^e = 0.dddd x 10^(e+1) */
    normalise(out);
    return 0;
}

int as_decimal_shortest(double x, char *buf, size_t n)
{
    if (!isfinite(x) || n == 0)
        return -1;
    int len = snprintf(buf, n, "%.*g", shortest_precision(x), x);
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

/* Add one unit in the last of the n kept digits, carrying leftwards. */
static void increment(as_decimal *d)
{
    int i = d->n - 1;
    while (i >= 0 && d->dig[i] == '9')
        d->dig[i--] = '0';
    if (i >= 0) {
        d->dig[i]++;
        return;
    }
    /* 9...9 + 1 = 10...0: one digit more, which normalise drops again */
    memmove(d->dig + 1, d->dig, (size_t)d->n);
    d->dig[0] = '1';
    d->n++;
    d->exp++;
}

void as_decimal_round(as_decimal *d, int decimals, as_rounding rule)
{
    if (d->n == 0)
        return;
    if (decimals > MAX_SHIFT)
        return; /* far below a double's last digit: nothing to drop */
    if (decimals < -MAX_SHIFT)
        decimals = -MAX_SHIFT;
    /* digit i (0-based) is worth 10^(exp - 1 - i): keep those worth 10^-decimals or more */
    long keep = (long)d->exp + decimals;
    if (keep >= d->n)
        return;
    if (keep < 0) { /* every digit lies below half a unit of the last kept place */
        memset(d, 0, sizeof *d);
        return;
    }
    int k = (int)keep;
    char first = d->dig[k];   /* leftmost dropped digit */
    bool more = d->n > k + 1; /* a non-zero digit after it (no trailing zeros) */
    bool odd = k > 0 && (d->dig[k - 1] - '0') % 2 == 1; /* last kept digit */
    bool up = first > '5' || (first == '5' && (rule == AS_ROUND_HALF_UP || more || odd));
    d->n = k;
    if (up) {
        if (k == 0) { /* 0.0x5 to 1 decimal: the first kept place becomes 1 */
            d->dig[0] = '1';
            d->n = 1;
            d->exp = -decimals + 1;
        } else {
            increment(d);
        }
    }
    normalise(d);
}

/* Compare magnitudes of two non-zero decimals. */
static int cmp_abs(const as_decimal *a, const as_decimal *b)
{
    if (a->exp != b->exp)
        return a->exp < b->exp ? -1 : 1;
    int n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        char x = i < a->n ? a->dig[i] : '0', y = i < b->n ? b->dig[i] : '0';
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

int as_decimal_cmp(const as_decimal *a, const as_decimal *b)
{
    int sa = a->n == 0 ? 0 : a->neg ? -1 : 1, sb = b->n == 0 ? 0 : b->neg ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    int c = cmp_abs(a, b);
    return sa < 0 ? -c : c;
}

double as_decimal_to_double(const as_decimal *d)
{
    if (d->n == 0)
        return 0;
    char buf[48];
    /* 0.ddd x 10^exp = ddd x 10^(exp - n), without a decimal point */
    snprintf(buf, sizeof buf, "%s%se%d", d->neg ? "-" : "", d->dig, d->exp - d->n);
    return strtod(buf, NULL);
}

int as_decimal_fixed(const as_decimal *d, int places, char *buf, size_t n)
{
    if (places < 0 || places > MAX_PLACES)
        return -1;
    bool neg = false; /* a value cut to zero is "0.00", not "-0.00" */
    for (int i = 0; i < d->n && !neg; i++)
        neg = d->neg && d->exp - 1 - i >= -places && d->dig[i] != '0';
    int top = d->exp > 1 ? d->exp - 1 : 0; /* place of the first integer digit written */
    size_t need = (size_t)neg + (size_t)top + 1 + (places ? (size_t)places + 1 : 0);
    if (need >= n)
        return -1;
    size_t len = 0;
    if (neg)
        buf[len++] = '-';
    for (int pl = top; pl >= -places; pl--) {
        int i = d->exp - 1 - pl; /* index of the digit worth 10^pl */
        if (pl == -1)
            buf[len++] = '.';
        buf[len++] = i >= 0 && i < d->n ? d->dig[i] : '0';
    }
    buf[len] = '\0';
    return 0;
}

double as_decimal_rounded(double x, int decimals, as_rounding rule)
{
    as_decimal d;
    if (as_decimal_from_double(x, &d) != 0)
        return x;
    as_decimal_round(&d, decimals, rule);
    return as_decimal_to_double(&d);
}

int as_decimal_format(double x, int decimals, as_rounding rule, int shift, char *buf, size_t n)
{
    as_decimal d;
    if (decimals > MAX_PLACES || shift < -MAX_SHIFT || shift > MAX_SHIFT ||
        as_decimal_from_double(x, &d) != 0)
        return -1;
    if (decimals >= 0)
        as_decimal_round(&d, decimals, rule);
    if (d.n)
        d.exp += shift;
    int places =
        decimals >= 0 ? decimals - shift : d.n - d.exp; /* all digits: those after the point */
    return as_decimal_fixed(&d, places > 0 ? places : 0, buf, n);
}

const char *as_rounding_name(as_rounding rule)
{
    return rule == AS_ROUND_HALF_UP ? "half_up" : "gbt8170";
}
