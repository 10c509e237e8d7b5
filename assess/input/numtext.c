/* numtext: a number as typed into a form, full-width forms and thousands
 * separators included; the conversion itself is strtod's (as_decimal_read). */
#include "input/numtext.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"

/* The ASCII character a full-width (or typographic) form stands for, and its
 * length in bytes at s; 0 when s starts with none. */
static char fold(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    *len = 3;
    if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99)
        return (char)('0' + (u[2] - 0x90)); /* U+FF10..U+FF19 ０..９ */
    if (u[0] == 0xef && u[1] == 0xbc) {
        switch (u[2]) {
        case 0x8e:
            return '.'; /* U+FF0E ． */
        case 0x8c:
            return ','; /* U+FF0C ， */
        case 0x8d:
            return '-'; /* U+FF0D － */
        case 0x8b:
            return '+'; /* U+FF0B ＋ */
        case 0x85:
            return '%'; /* U+FF05 ％ */
        case 0xa5:
            return 'E'; /* U+FF25 Ｅ */
        default:
            break;
        }
    }
    if (u[0] == 0xef && u[1] == 0xbd && u[2] == 0x85)
        return 'e'; /* U+FF45 ｅ */
    if (u[0] == 0xe2 && u[1] == 0x88 && u[2] == 0x92)
        return '-'; /* U+2212 − */
    *len = 0;
    return 0;
}

/* Length of a blank at s: ASCII space or tab, or U+3000 (3 bytes); 0 if none. */
static size_t blank(const char *s)
{
    if (*s == ' ' || *s == '\t')
        return 1;
    const unsigned char *u = (const unsigned char *)s;
    return u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
}

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Copy the longest prefix of s made of number characters into out->ascii,
 * folding full-width forms; returns where the copy stopped in s. */
static const char *fold_number(const char *s, as_numtext *out)
{
    size_t n = 0, k;
    for (;;) {
        char c = fold(s, &k);
        if (!k) {
            c = *s;
            k = 1;
            if (!(digit(c) || c == '.' || c == ',' || c == '-' || c == '+' || c == 'e' || c == 'E'))
                break;
        } else {
            out->fullwidth = true;
        }
        if (c == '%' || n + 1 >= sizeof out->ascii)
            break;
        out->ascii[n++] = c;
        s += k;
    }
    out->ascii[n] = '\0';
    return s;
}

/* Check the commas of out->ascii and drop them when they are thousands
 * separators; false when one is ambiguous. */
static bool drop_separators(as_numtext *out)
{
    char *a = out->ascii;
    char *comma = strchr(a, ',');
    if (!comma)
        return true;
    char *p = a + (*a == '-' || *a == '+');
    size_t first = 0, groups = 0;
    while (digit(p[first]))
        first++;
    if (first < 1 || first > 3 || p[first] != ',')
        return false;
    char *q = p + first;
    while (*q == ',') {
        if (!(digit(q[1]) && digit(q[2]) && digit(q[3])) || digit(q[4]))
            return false;
        groups++;
        q += 4;
    }
    if (strchr(q, ','))
        return false;
    if (groups < 2 && *q != '.')
        return false; /* "9,959": 9959, or 9.959 written with a decimal comma */
    char *w = a;
    for (char *r = a; *r; r++)
        if (*r != ',')
            *w++ = *r;
    *w = '\0';
    out->separators = true;
    return true;
}

as_numtext_status as_numtext_parse(const char *s, as_numtext *out)
{
    memset(out, 0, sizeof *out);
    size_t k;
    while ((k = blank(s)) > 0) {
        s += k;
        out->blanks = true;
    }
    if (!*s)
        return AS_NUMTEXT_EMPTY;
    const char *after = fold_number(s, out);
    const char *rest = after;
    while ((k = blank(rest)) > 0)
        rest += k;
    const char *p = out->ascii + (out->ascii[0] == '-' || out->ascii[0] == '+');
    if (!(digit(p[0]) || (p[0] == '.' && digit(p[1]))))
        return AS_NUMTEXT_BAD;
    bool separators_ok = drop_separators(out);
    char *end = NULL;
    errno = 0;
    double v = as_decimal_read(out->ascii, &end);
    if (end == out->ascii)
        return AS_NUMTEXT_BAD;
    if (!separators_ok)
        return AS_NUMTEXT_AMBIGUOUS;
    if (*end != '\0')
        return AS_NUMTEXT_BAD; /* e.g. "1.2.3" or "1e" */
    if (errno == ERANGE || !isfinite(v))
        return AS_NUMTEXT_RANGE;
    out->value = v;
    size_t pk;
    if (*rest == '%' || (fold(rest, &pk) == '%' && pk)) {
        out->rest = rest;
        return AS_NUMTEXT_PERCENT;
    }
    if (*rest) {
        out->rest = rest;
        return AS_NUMTEXT_UNIT;
    }
    out->blanks = out->blanks || rest != after;
    return AS_NUMTEXT_OK;
}
