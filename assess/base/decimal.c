/* decimal: the shortest decimal form of a double (the fewest of 15, 16 or 17
 * significant digits that strtod reads back as the same double), rounding on
 * those digits, exact comparison, subtraction and fixed-point text.  The C
 * library converts (printf's and strtod's correct rounding); this module only
 * chooses among its digits.  Decimal points are never written for strtod to
 * read ("12345e-4" instead), so the C library's locale cannot change a
 * result. */
#include "base/decimal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PLACES = 40, MAX_SHIFT = 400 };

/* The powers of ten that are exact doubles (10^22 is the last). */
static const double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

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

/* Round the digits dig[0..*n) of 0.dig x 10^*exp to their first `keep`
 * digits by rule, once: the one rounding every other function here uses.  A
 * negative keep leaves nothing (*n = 0); trailing zeros may remain. */
static void round_digits(char *dig, int *n, int *exp, long keep, as_rounding rule)
{
    if (keep >= *n)
        return;
    if (keep < 0) { /* every digit lies below half a unit of the last kept place */
        *n = 0;
        return;
    }
    int k = (int)keep;
    char first = dig[k]; /* leftmost dropped digit */
    bool more = false;   /* a non-zero digit after it */
    for (int i = k + 1; i < *n && !more; i++)
        more = dig[i] != '0';
    bool odd = k > 0 && (dig[k - 1] - '0') % 2 == 1; /* last kept digit */
    bool up = first > '5' || (first == '5' && (rule == AS_ROUND_HALF_UP || more || odd));
    *n = k;
    if (!up)
        return;
    int i = k - 1;
    while (i >= 0 && dig[i] == '9')
        dig[i--] = '0';
    if (i >= 0) {
        dig[i]++;
        return;
    }
    /* 9...9 + 1, or nothing kept (0.0x5 to one decimal): a 1 one place higher */
    dig[0] = '1';
    *n = 1;
    (*exp)++;
}

/* x written by "%.*e" with p significant digits, as digits: "-d.ddde+XX" read
 * whatever character the locale uses for the point. */
static void digits_of(double x, int p, as_decimal *out)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%.*e", p - 1, x);
    const char *s = buf;
    memset(out, 0, sizeof *out);
    out->neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    for (; *s && *s != 'e' && *s != 'E'; s++)
        if (*s >= '0' && *s <= '9' && out->n < AS_DECIMAL_DIGITS)
            out->dig[out->n++] = *s;
    out->exp = (int)(*s ? strtol(s + 1, NULL, 10) : 0) + 1; /* d.ddd x 10^e = 0.dddd x 10^(e+1) */
}

/* d as "[-]digitsE<exp>" for strtod (0.ddd x 10^exp = ddd x 10^(exp - n)),
 * built without printf, which costs more than the conversion it feeds and
 * would write the locale's decimal point.  buf holds 48 bytes. */
static const char *strtod_text(const as_decimal *d, char *buf)
{
    char *p = buf, rev[8];
    int e = d->exp - d->n, k = 0;
    if (d->neg)
        *p++ = '-';
    memcpy(p, d->dig, (size_t)d->n);
    p += d->n;
    *p++ = 'e';
    if (e < 0) {
        *p++ = '-';
        e = -e;
    }
    do
        rev[k++] = (char)('0' + e % 10);
    while ((e /= 10) > 0 && k < 8);
    while (k > 0)
        *p++ = rev[--k];
    *p = '\0';
    return buf;
}

/* Whether d (not normalised) reads back as x. */
static bool reads_back(const as_decimal *d, double x)
{
    char buf[48];
    return strtod(strtod_text(d, buf), NULL) == x;
}

#ifdef __SIZEOF_INT128__
/* ------------------------------------------------------------ exact digits
 * The same forms without the C library, in exact integer arithmetic (128
 * bits), for the numbers where it fits: x = f 2^e with 2^-70 <= 2^e <= 1
 * and the decimal places s = p - 1 - E (E the decimal exponent) within
 * 0..22, so x 10^s 2^-e = f 10^s < 2^127.  That covers x from about 4e-6
 * to 9e15, nearly every figure a rule set handles; others take the C
 * library's route.  The digits are those of the definition (the correctly
 * rounded p digits, half to even as printf rounds, and whether strtod reads
 * them back as x, round half to even) computed directly: a test compares
 * the two routes on random numbers. */

__extension__ typedef unsigned __int128 u128;

/* 10^k for 0 <= k <= 22: 10^19 is the last that fits 64 bits. */
static u128 pow10_exact(int k)
{
    static const uint64_t small[] = {UINT64_C(1),
                                     UINT64_C(10),
                                     UINT64_C(100),
                                     UINT64_C(1000),
                                     UINT64_C(10000),
                                     UINT64_C(100000),
                                     UINT64_C(1000000),
                                     UINT64_C(10000000),
                                     UINT64_C(100000000),
                                     UINT64_C(1000000000),
                                     UINT64_C(10000000000),
                                     UINT64_C(100000000000),
                                     UINT64_C(1000000000000),
                                     UINT64_C(10000000000000),
                                     UINT64_C(100000000000000),
                                     UINT64_C(1000000000000000),
                                     UINT64_C(10000000000000000),
                                     UINT64_C(100000000000000000),
                                     UINT64_C(1000000000000000000),
                                     UINT64_C(10000000000000000000)};
    return k <= 19 ? small[k] : (u128)small[19] * small[k - 19];
}

/* The correctly rounded p significant digits of x = f 2^e > 0 for the
 * decimal exponent guess E: m (10^(p-1) <= m <= 10^p, 10^p after a carry)
 * times 10^-s, s = p - 1 - E, and whether that reads back as x.  Returns 1,
 * 0 when it does not fit, or -1 / +1 -> 2 when E is one too high (m has
 * fewer than p digits: returns -1) or too low (m above 10^p: returns 2). */
static int exact_digits(uint64_t f, int e, int p, int E, uint64_t *m, int *s, bool *reads)
{
    *s = p - 1 - E;
    if (*s < 0 || *s > 22 || e < -70 || e > 0)
        return 0;
    u128 unit = pow10_exact(*s), n = (u128)f * unit; /* x 10^s 2^-e, exactly */
    int sh = -e;
    u128 q = n >> sh, rem = n - (q << sh);
    if (sh > 0) {
        u128 half = (u128)1 << (sh - 1);
        q += rem > half || (rem == half && (q & 1));
    }
    u128 low = pow10_exact(p - 1), high = low * 10;
    if (q < low)
        return -1;
    if (q > high)
        return 2;
    *m = (uint64_t)q;
    /* read back, on the same scale: x's neighbours lie 2^e (10^s 2^-e = unit)
     * away, below only half that when f is the least significand of its
     * binade; a decimal exactly half-way reads as the even significand */
    u128 d = q << sh;
    bool below = d < n, narrow = below && f == (uint64_t)1 << 52 && e > -1074;
    u128 gap2 = (below ? n - d : d - n) * (narrow ? 4 : 2);
    *reads = gap2 < unit || (gap2 == unit && (f & 1) == 0);
    return 1;
}

/* x's shortest form (as shortest() defines it) when it fits the exact
 * route: *out and the digits p it was written with; false when it does not
 * fit. */
static bool exact_shortest(double x, as_decimal *out, int *pp)
{
    uint64_t bits, f, m = 0;
    memcpy(&bits, &x, sizeof bits);
    int be = (int)(bits >> 52 & 0x7ff), e = be - 1075, s = 0;
    if (be == 0 || be == 0x7ff)
        return false; /* subnormal (far below 2^-70), infinite or NaN */
    f = (bits & (((uint64_t)1 << 52) - 1)) | (uint64_t)1 << 52;
    int E = (int)floor((double)(be - 1023) * 0.30102999566398120); /* log10(2): E or E - 1 */
    for (int p = 15; p <= AS_DECIMAL_DIGITS; p++) {
        bool reads = false;
        int rc = exact_digits(f, e, p, E, &m, &s, &reads);
        for (int tries = 0; (rc == -1 || rc == 2) && tries < 2; tries++) {
            E += rc == 2 ? 1 : -1;
            rc = exact_digits(f, e, p, E, &m, &s, &reads);
        }
        if (rc != 1)
            return false;
        if (!reads)
            continue;
        char rev[24];
        int k = 0;
        for (; m; m /= 10)
            rev[k++] = (char)('0' + m % 10);
        memset(out, 0, sizeof *out);
        for (int i = 0; i < k; i++)
            out->dig[i] = rev[k - 1 - i];
        out->n = k;
        out->exp = k - s;
        out->neg = bits >> 63;
        normalise(out);
        *pp = p;
        return true;
    }
    return false;
}
#endif

/* The fewest significant digits p (15..17) whose correctly rounded form reads
 * back as finite non-zero x, and that form in *out (normalised).  The 16-digit
 * candidate is rounded from the 17 digits, which gives the digits rounding x
 * itself gives unless the 17th is a 5: then the C library rounds x again. */
static int shortest(double x, as_decimal *out)
{
    as_decimal all, c;
    int p = 15;
#ifdef __SIZEOF_INT128__
    if (exact_shortest(x, out, &p))
        return p;
#endif
    digits_of(x, 15, &c);
    if (!reads_back(&c, x)) {
        p = 16;
        digits_of(x, AS_DECIMAL_DIGITS, &all);
        c = all;
        if (all.dig[16] == '5')
            digits_of(x, 16, &c);
        else
            round_digits(c.dig, &c.n, &c.exp, 16, AS_ROUND_GBT8170);
        if (c.n < 16) { /* a carry, 9...9 -> 1: written with its zeros */
            memset(c.dig + c.n, '0', (size_t)(16 - c.n));
            c.n = 16;
        }
        if (!reads_back(&c, x)) {
            p = AS_DECIMAL_DIGITS;
            c = all;
        }
    }
    *out = c;
    normalise(out);
    return p;
}

int as_decimal_rounded(double x, int decimals, as_rounding rule, as_decimal *out)
{
    /* x's shortest decimal D is within half an ulp of x, and y = |x| 10^d
     * (10^d exact) is one rounding from |x| 10^d: |D 10^d - y| < 4.5e-16 y.
     * Away from a half by more than that, D and y round to the same
     * integer whatever the rule (the rules differ only at a tie). */
    double y = decimals >= 0 && decimals <= 15 ? fabs(x) * exact_pow10[decimals] : INFINITY;
    if (y < 1e15) { /* not NaN or infinite either */
        double below = floor(y), frac = y - below;
        if (fabs(frac - 0.5) > 1e-15 * y + 1e-300) {
            unsigned long long r = (unsigned long long)below + (frac > 0.5);
            char rev[24];
            int k = 0;
            memset(out, 0, sizeof *out);
            for (; r; r /= 10)
                rev[k++] = (char)('0' + r % 10);
            for (int i = 0; i < k; i++)
                out->dig[i] = rev[k - 1 - i];
            out->n = k;
            out->exp = k - decimals;
            out->neg = x < 0;
            normalise(out);
            return 0;
        }
    }
    if (as_decimal_from_double(x, out) != 0)
        return -1;
    as_decimal_round(out, decimals, rule);
    return 0;
}

int as_decimal_from_double(double x, as_decimal *out)
{
    memset(out, 0, sizeof *out);
    if (!isfinite(x))
        return -1;
    if (x != 0)
        shortest(x, out);
    return 0;
}

int as_decimal_shortest(double x, char *buf, size_t n)
{
    as_decimal d = {0};
    if (!isfinite(x))
        return -1;
    int p = x != 0 ? shortest(x, &d) : 1, e = d.exp - 1; /* x = d.ddd x 10^e */
    if (e >= -4 && e < p) /* as "%.<p>g" writes it: fixed, without trailing zeros */
        return as_decimal_fixed(&d, d.n > d.exp ? d.n - d.exp : 0, buf, n);
    int len = snprintf(buf, n, "%s%c%s%.*se%c%02d", d.neg ? "-" : "", d.dig[0], d.n > 1 ? "." : "",
                       d.n - 1, d.dig + 1, e < 0 ? '-' : '+', e < 0 ? -e : e);
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

void as_decimal_round(as_decimal *d, int decimals, as_rounding rule)
{
    if (d->n == 0 || decimals > MAX_SHIFT)
        return; /* nothing, or far below a double's last digit: nothing to drop */
    if (decimals < -MAX_SHIFT)
        decimals = -MAX_SHIFT;
    /* digit i (0-based) is worth 10^(exp - 1 - i): keep those worth 10^-decimals or more */
    round_digits(d->dig, &d->n, &d->exp, (long)d->exp + decimals, rule);
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

enum { WIDE = 80 }; /* places a subtraction works on; wider: the smaller is negligible */

/* |a| + |b| or |a| - |b| (a the larger) on aligned digits, into 0.R x 10^hi. */
static void add_aligned(const as_decimal *a, const as_decimal *b, bool subtract, int hi, int w,
                        char *r)
{
    int x[WIDE] = {0}, y[WIDE] = {0}, carry = 0;
    for (int i = 0; i < a->n; i++)
        x[hi - a->exp + i] = a->dig[i] - '0';
    for (int i = 0; i < b->n; i++)
        y[hi - b->exp + i] = b->dig[i] - '0';
    for (int i = w - 1; i >= 0; i--) {
        int v = subtract ? x[i] - y[i] - carry : x[i] + y[i] + carry;
        carry = subtract ? v < 0 : v > 9;
        r[i] = (char)('0' + (subtract ? (v + 10) % 10 : v % 10));
    }
}

void as_decimal_sub(const as_decimal *a, const as_decimal *b, as_decimal *out)
{
    as_decimal nb = *b;
    nb.neg = nb.n > 0 && !b->neg; /* a - b = a + (-b) */
    if (nb.n == 0 || a->n == 0) {
        *out = a->n ? *a : nb;
        return;
    }
    int c = cmp_abs(a, &nb);
    const as_decimal *big = c >= 0 ? a : &nb, *small = c >= 0 ? &nb : a;
    bool subtract = a->neg != nb.neg;
    int hi = big->exp + 1; /* one place for a carry */
    int lo = small->exp - small->n < big->exp - big->n ? small->exp - small->n : big->exp - big->n;
    if (subtract && c == 0) {
        memset(out, 0, sizeof *out);
        return;
    }
    if (hi - lo > WIDE) { /* small lies far below big's 17th digit */
        *out = *big;
        return;
    }
    char r[WIDE + 1];
    int w = hi - lo, f = 0;
    add_aligned(big, small, subtract, hi, w, r);
    while (f < w && r[f] == '0')
        f++;
    int n = w - f, exp = hi - f;
    round_digits(r + f, &n, &exp, AS_DECIMAL_DIGITS, AS_ROUND_GBT8170);
    memset(out, 0, sizeof *out);
    out->neg = big->neg;
    out->n = n;
    out->exp = exp;
    memcpy(out->dig, r + f, (size_t)n);
    normalise(out);
}

double as_decimal_to_double(const as_decimal *d)
{
    if (d->n == 0)
        return 0;
    /* Clinger's fast path: up to 15 digits are an exact integer I, and 10^k
     * for k <= 22 an exact double, so I * 10^k or I / 10^k is one correctly
     * rounded operation: the double strtod gives, without reading text */
    int k = d->exp - d->n; /* value = I x 10^k */
    if (d->n <= 15 && k >= -22 && k <= 22) {
        double i = 0;
        for (int j = 0; j < d->n; j++)
            i = i * 10 + (d->dig[j] - '0');
        double v = k >= 0 ? i * exact_pow10[k] : i / exact_pow10[-k];
        return d->neg ? -v : v;
    }
    char buf[48];
    return strtod(strtod_text(d, buf), NULL);
}

double as_decimal_read(const char *s, char **end)
{
    const char *p = s + (*s == '-' || *s == '+');
    double i = 0; /* the digits as an integer: exact while there are at most 15 */
    int digits = 0, decimals = 0;
    bool any = false;
    for (; *p >= '0' && *p <= '9'; p++, any = true)
        if (digits || *p != '0') {
            i = i * 10 + (*p - '0');
            digits++;
        }
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, any = true) {
            decimals++;
            if (digits || *p != '0') {
                i = i * 10 + (*p - '0');
                digits++;
            }
        }
    if (!any || digits > 15 || decimals > 22 || *p == 'e' || *p == 'E' || *p == 'x' || *p == 'X')
        return strtod(s, end);
    if (end)
        *end = (char *)(uintptr_t)p;
    double v = decimals ? i / exact_pow10[decimals] : i;
    return *s == '-' ? -v : v;
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

void as_decimal_group(const char *plain, char *out, size_t n)
{
    size_t len = strlen(plain), i = 0, o = 0;
    if (i < len && (plain[i] == '-' || plain[i] == '+') && o + 1 < n)
        out[o++] = plain[i++];
    size_t digits = i;
    while (digits < len && plain[digits] >= '0' && plain[digits] <= '9')
        digits++;
    bool plain_digits = !strchr(plain, 'e') && !strchr(plain, 'E');
    for (size_t k = i; k < len && o + 1 < n; k++) {
        out[o++] = plain[k];
        size_t left = digits > k + 1 ? digits - k - 1 : 0;
        if (plain_digits && k < digits && left && left % 3 == 0 && o + 1 < n)
            out[o++] = ',';
    }
    out[o] = '\0';
}

const char *as_decimal_figure(double x, int places, char *buf, size_t n)
{
    char plain[64];
    as_decimal d;
    if (as_decimal_from_double(x, &d) != 0 ||
        (places >= 0 ? as_decimal_fixed(&d, places, plain, sizeof plain)
                     : as_decimal_shortest(x, plain, sizeof plain)) != 0)
        snprintf(plain, sizeof plain, "%g", x);
    as_decimal_group(plain, buf, n);
    return buf;
}
