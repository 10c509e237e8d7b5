/* decimal: numbers as the decimal digits a person reads.  A double is taken
 * as its shortest decimal form (the fewest significant digits that read back
 * as the same double: what the rule files, the submissions and the JSON
 * output show), rounded on those digits once, by GB/T 8170-2008 or by
 * ordinary half-up rounding, compared, subtracted and written as fixed-point
 * text.  It
 * never computes with x * 10^d in binary, never prints and uses no global
 * state.  What is compared with what, and when, is eval's business.
 *
 * Ownership: everything here works on caller-owned values and buffers. */
#ifndef AS_DECIMAL_H
#define AS_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>

/* How a number is rounded to a number of decimals. */
typedef enum {
    /* GB/T 8170-2008 《数值修约规则与极限数值的表示和判定》 section 3: a dropped
     * part below 5 is dropped, above 5 rounds up, exactly 5 (nothing or only
     * zeros after it) rounds to the even digit (四舍六入五成双); negative
     * numbers by their absolute value; once, never in steps. */
    AS_ROUND_GBT8170 = 0,
    /* Ordinary half-up rounding (四舍五入): a dropped 5 always rounds up;
     * negative numbers by their absolute value (half away from zero). */
    AS_ROUND_HALF_UP = 1
} as_rounding;

#define AS_DECIMAL_DIGITS 17 /* a double's shortest form never needs more */

/* A finite decimal number: value = (neg ? -1 : 1) * 0.dig * 10^exp. */
typedef struct {
    bool neg;                        /* negative; never set for zero */
    int n;                           /* significant digits in dig; 0 for zero */
    char dig[AS_DECIMAL_DIGITS + 2]; /* '0'..'9', no leading or trailing zeros, NUL-ended */
    int exp;                         /* decimal exponent, see above; 0 for zero */
} as_decimal;

/* The shortest decimal form of x (the form glibc's strtod reads back as
 * exactly x).  Returns 0, or -1 when x is not finite (*out is then zero). */
int as_decimal_from_double(double x, as_decimal *out);

/* Write x's shortest decimal form as "%.<p>g" would with its p (15-17)
 * digits ("0.1", "1e+15", "-3.5"), but always with a '.' whatever the
 * locale: what JSON needs.  Zero is "0".  Returns 0, or -1 when x is not
 * finite or buf (of size n) is too small. */
int as_decimal_shortest(double x, char *buf, size_t n);

/* Round d to `decimals` places (negative: to tens, hundreds, ..., so -2
 * rounds 1268 to 1300) by rule, once, on its digits; the sign is kept unless
 * the result is zero.  This is the only rounding in the engine. */
void as_decimal_round(as_decimal *d, int decimals, as_rounding rule);

/* x's shortest decimal form rounded to `decimals` places by rule: the same
 * as as_decimal_from_double then as_decimal_round, always, but without
 * writing x's digits out when x lies clearly away from a tie (the usual
 * case: x * 10^decimals more than its own error from a half).  Returns 0, or
 * -1 when x is not finite (*out is then zero). */
int as_decimal_rounded(double x, int decimals, as_rounding rule, as_decimal *out);

/* -1, 0 or 1 as a is less than, equal to or greater than b, exactly. */
int as_decimal_cmp(const as_decimal *a, const as_decimal *b);

/* a - b, exactly, in *out; a difference of more than 17 significant digits
 * is rounded to 17 (GB/T 8170), and an operand too small to change those is
 * dropped.  out may be a or b. */
void as_decimal_sub(const as_decimal *a, const as_decimal *b, as_decimal *out);

/* The double nearest to d (correctly rounded by strtod). */
double as_decimal_to_double(const as_decimal *d);

/* strtod(s, end) in the "C" locale, the same double and the same *end: a
 * plain decimal of at most 15 significant digits and 22 decimals ("9959.3",
 * "-0.043") is read without the C library's general route (Clinger's fast
 * path, as above); anything else (blanks, an exponent, more digits, hex,
 * inf, nan) goes to strtod. */
double as_decimal_read(const char *s, char **end);

/* d as fixed-point text with exactly `places` decimals (0..40), digits of d
 * beyond them cut off (round first), e.g. "-0.0360".  Returns 0, or -1 when
 * buf (of size n) is too small or places is out of range. */
int as_decimal_fixed(const as_decimal *d, int places, char *buf, size_t n);

/* Convenience: x rounded to decimals places (0..40) by rule and multiplied
 * by 10^shift on its digits (shift 2: a fraction as a percentage), written
 * with decimals - shift places (at least 0), e.g. (0.28905, 4, GB/T 8170,
 * 2) -> "28.90".  decimals < 0: not rounded, every digit of the shortest
 * form written ((0.28905, -1, _, 2) -> "28.905").  Returns 0, or -1 as
 * as_decimal_fixed. */
int as_decimal_format(double x, int decimals, as_rounding rule, int shift, char *buf, size_t n);

/* A plain number ("-21532.5") with its thousands grouped ("-21,532.5"), as
 * statistics print them, into out (size n); a number with an exponent is
 * copied as it is.  For every front-end's numbers a person reads. */
void as_decimal_group(const char *plain, char *out, size_t n);

/* x as a person reads a figure: at `places` decimals (-1: its shortest
 * exact form), its thousands grouped, into buf (size n).  Returns buf. */
const char *as_decimal_figure(double x, int places, char *buf, size_t n);

/* "gbt8170" / "half_up": the rule's name in rule files and JSON. */
const char *as_rounding_name(as_rounding rule);

#endif
