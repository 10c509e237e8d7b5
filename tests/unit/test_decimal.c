/* test_decimal: the engine's one rounding (as_decimal_round) against the
 * examples of GB/T 8170-2008, ties both ways, one double either side of a
 * tie, negatives and large magnitudes, for both rounding rules; then a
 * property test against the independent decimal arithmetic of oracle.c; the
 * shortest form, exact comparison and fixed-point text.  The verdicts built
 * on this are test_eval.c's. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"

#include "oracle.h"

/* x as written, moved by nudge doubles (-1 down, +1 up). */
static double number(const char *text, int nudge)
{
    double x = strtod(text, NULL);
    if (nudge)
        x = nextafter(x, nudge > 0 ? INFINITY : -INFINITY);
    return x;
}

/* x rounded by as_decimal_round, as the nearest double. */
static double rounded(double x, int decimals, as_rounding rule)
{
    as_decimal d;
    if (as_decimal_from_double(x, &d) != 0)
        return x;
    as_decimal_round(&d, decimals, rule);
    return as_decimal_to_double(&d);
}

/* as_decimal_round of x's shortest form, as fixed-point text. */
static void rounded_text(double x, int decimals, as_rounding rule, char *buf, size_t n)
{
    as_decimal d, fast;
    cr_assert_eq(as_decimal_from_double(x, &d), 0);
    as_decimal_round(&d, decimals, rule);
    cr_assert_eq(as_decimal_fixed(&d, decimals > 0 ? decimals : 0, buf, n), 0, "%.17g", x);
    /* the verdicts' shortcut away from ties gives the very same digits */
    cr_assert_eq(as_decimal_rounded(x, decimals, rule, &fast), 0);
    cr_assert(fast.neg == d.neg && fast.n == d.n && fast.exp == d.exp && !strcmp(fast.dig, d.dig),
              "%.17g to %d decimals: as_decimal_rounded %s%s e%d, rounding the digits %s%s e%d", x,
              decimals, fast.neg ? "-" : "", fast.dig, fast.exp, d.neg ? "-" : "", d.dig, d.exp);
    /* and reads back as the C library reads its text */
    double back = strtod(buf, NULL);
    if (back == 0)
        back = 0; /* "-0.00" */
    cr_assert(as_decimal_to_double(&d) == back, "%.17g to %d decimals: %s read as %.17g, not %.17g",
              x, decimals, buf, as_decimal_to_double(&d), back);
}

Test(decimal, rounds_the_examples_of_gbt_8170_once_on_the_digits_as_written)
{
    static const struct {
        char x[24];
        int nudge, decimals;
        char exp_gbt[40], exp_half_up[40];
    } cases[] = {
        /* GB/T 8170-2008, section 3: the examples */
        {"12.1498", 0, 1, "12.1", "12.1"}, /* dropped part below 5 */
        {"12.1498", 0, 0, "12", "12"},
        {"1268", 0, -2, "1300", "1300"}, /* above 5, to hundreds */
        {"10.5002", 0, 0, "11", "11"},   /* 5 and a non-zero digit after it */
        {"1.050", 0, 1, "1.0", "1.1"},   /* 5 alone after an even digit */
        {"0.35", 0, 1, "0.4", "0.4"},    /* 5 alone after an odd digit */
        {"2500", 0, -3, "2000", "3000"},
        {"3500", 0, -3, "4000", "4000"},
        {"-0.0365", 0, 3, "-0.036", "-0.037"}, /* by the absolute value */
        {"8.53459", 0, 2, "8.53", "8.53"},     /* once: never 8.5346 -> 8.535 -> 8.54 */
        {"0.4445", 0, 2, "0.44", "0.44"},
        /* ties both ways, decided on the digits, not on the binary value */
        {"0.28905", 0, 4, "0.2890", "0.2891"}, /* the double is a hair below 0.28905 */
        {"0.28915", 0, 4, "0.2892", "0.2892"},
        {"0.10505", 0, 4, "0.1050", "0.1051"},
        {"2.5", 0, 0, "2", "3"},
        {"3.5", 0, 0, "4", "4"},
        {"0.125", 0, 2, "0.12", "0.13"}, /* a tie exact in binary too */
        {"0.375", 0, 2, "0.38", "0.38"},
        {"-2.5", 0, 0, "-2", "-3"},
        {"-0.125", 0, 2, "-0.12", "-0.13"},
        /* one double either side of a tie: no longer a tie for anyone */
        {"0.10505", -1, 4, "0.1050", "0.1050"}, /* 0.10504999999999999 */
        {"0.10505", 1, 4, "0.1051", "0.1051"},
        {"0.28905", 1, 4, "0.2891", "0.2891"},
        {"2.5", -1, 0, "2", "2"},
        {"2.5", 1, 0, "3", "3"},
        {"0.125", -1, 2, "0.12", "0.12"},
        {"0.125", 1, 2, "0.13", "0.13"},
        {"-0.0365", 1, 3, "-0.036", "-0.036"}, /* towards zero */
        {"-0.0365", -1, 3, "-0.037", "-0.037"},
        /* on the grid, and a hair off it, stays */
        {"0.3", -1, 4, "0.3000", "0.3000"},
        {"0.3", 1, 4, "0.3000", "0.3000"},
        {"0.038", 0, 4, "0.0380", "0.0380"},
        /* carries, zero and its sign */
        {"9.9995", 0, 3, "10.000", "10.000"},
        {"-99.95", 0, 1, "-100.0", "-100.0"},
        {"0", 0, 4, "0.0000", "0.0000"},
        {"-0.00004", 0, 4, "0.0000", "0.0000"},
        {"-0.00005", 0, 4, "0.0000", "-0.0001"},
        {"0.00005", 0, 4, "0.0000", "0.0001"},
        {"0.000051", 0, 4, "0.0001", "0.0001"},
        /* large magnitudes: 1e15 with 4 decimals has no digits past the first decimal */
        {"1e15", 0, 4, "1000000000000000.0000", "1000000000000000.0000"},
        {"1000000000000000.1", 0, 4, "1000000000000000.1000", "1000000000000000.1000"},
        {"1000000000000000.1", 1, 4, "1000000000000000.2000", "1000000000000000.2000"},
        {"999999999999999.9", 0, 4, "999999999999999.9000", "999999999999999.9000"},
        {"1000000000000000.5", 0, 0, "1000000000000000", "1000000000000001"},
        {"1000000000000001.5", 0, 0, "1000000000000002", "1000000000000002"},
        {"-1000000000000000.5", 0, 0, "-1000000000000000", "-1000000000000001"},
        {"12345678901.23455", 0, 4, "12345678901.2346", "12345678901.2346"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double x = number(cases[i].x, cases[i].nudge);
        char got[64];
        rounded_text(x, cases[i].decimals, AS_ROUND_GBT8170, got, sizeof got);
        cr_expect_str_eq(got, cases[i].exp_gbt, "GB/T 8170: %s%+d ulp (%.17g) to %d: exp %s got %s",
                         cases[i].x, cases[i].nudge, x, cases[i].decimals, cases[i].exp_gbt, got);
        rounded_text(x, cases[i].decimals, AS_ROUND_HALF_UP, got, sizeof got);
        cr_expect_str_eq(got, cases[i].exp_half_up,
                         "half up: %s%+d ulp (%.17g) to %d: exp %s got %s", cases[i].x,
                         cases[i].nudge, x, cases[i].decimals, cases[i].exp_half_up, got);
    }
}

/* Many random numbers, rounded by the engine and by the oracle's integer
 * arithmetic on the digits as written. */
Test(decimal, rounds_random_numbers_as_exact_decimal_arithmetic_does)
{
    oracle_rng g = {20260401};
    int ties = 0;
    for (int i = 0; i < 40000; i++) {
        int decimals = (int)(oracle_next(&g) % 13);
        oracle_num x;
        oracle_random(&g, decimals, &x);
        double v = oracle_double(&x);
        for (int rule = 0; rule < 2; rule++) {
            char exp[48], got[48], text[48];
            oracle_units_text(oracle_round(&x, decimals, rule == 0), decimals, exp, sizeof exp);
            rounded_text(v, decimals, rule == 0 ? AS_ROUND_GBT8170 : AS_ROUND_HALF_UP, got,
                         sizeof got);
            if (strcmp(exp, got) != 0) {
                oracle_text(&x, text, sizeof text);
                cr_assert_fail("%s: %s%+d ulp (%.17g) to %d decimals: exp %s got %s",
                               rule == 0 ? "GB/T 8170" : "half up", text, x.nudge, v, decimals, exp,
                               got);
            }
        }
        ties += x.places == decimals + 1 && x.mant % 10 == 5 && !x.nudge;
    }
    cr_expect_gt(ties, 2000, "the generator makes ties: %d", ties);
}

Test(decimal, gives_the_shortest_form_that_reads_back_as_the_same_double)
{
    static const struct {
        double x;
        char exp[32];
    } cases[] = {
        {0.1, "0.1"},
        {0.28905, "0.28905"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1e15, "1e+15"},
        {1000000000000000.125, "1000000000000000.1"},
        {-75.7558, "-75.7558"},
        {0.038, "0.038"},
        {123456789, "123456789"},
        {DBL_MAX, "1.7976931348623157e+308"},
        {0, "0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[40];
        cr_assert_eq(as_decimal_shortest(cases[i].x, got, sizeof got), 0);
        cr_expect_str_eq(got, cases[i].exp, "%.17g: exp %s got %s", cases[i].x, cases[i].exp, got);
        cr_expect_eq(strtod(got, NULL), cases[i].x, "%s reads back", got);
    }
    char got[40], tiny[4];
    double below = nextafter(0.10505, 0);
    cr_assert_eq(as_decimal_shortest(below, got, sizeof got), 0);
    cr_expect_str_eq(got, "0.10504999999999999");
    cr_expect_eq(as_decimal_shortest(INFINITY, got, sizeof got), -1);
    cr_expect_eq(as_decimal_shortest(NAN, got, sizeof got), -1);
    cr_expect_eq(as_decimal_shortest(0.125, tiny, sizeof tiny), -1, "no room for 0.125");
}

/* The C library's own shortest "%.<p>g" (the fewest of 15-17 digits that
 * read back), found the slow way, against as_decimal_shortest on many doubles
 * from random bits and from short decimals. */
Test(decimal, writes_the_shortest_form_as_the_c_library_does)
{
    oracle_rng g = {1987};
    for (int i = 0; i < 20000; i++) {
        double x;
        uint64_t bits = oracle_next(&g);
        if (i % 2) {
            memcpy(&x, &bits, sizeof x);
            if (!isfinite(x))
                continue;
        } else {
            oracle_num o;
            oracle_random(&g, (int)(bits % 13), &o);
            x = oracle_double(&o);
        }
        char exp[40], got[40];
        for (int p = 15; p <= 17; p++) {
            snprintf(exp, sizeof exp, "%.*g", p, x);
            if (strtod(exp, NULL) == x)
                break;
        }
        if (x == 0)
            snprintf(exp, sizeof exp, "0");
        cr_assert_eq(as_decimal_shortest(x, got, sizeof got), 0, "%.17g", x);
        if (strcmp(exp, got) != 0)
            cr_assert_fail("%a: exp %s got %s", x, exp, got);
    }
}

/* The fewest of 15-17 digits that read back, the slow way (printf and strtod). */
static void slow_shortest(double x, char *exp, size_t n)
{
    for (int p = 15; p <= 17; p++) {
        snprintf(exp, n, "%.*g", p, x);
        if (strtod(exp, NULL) == x)
            return;
    }
}

/* Most figures take the exact integer route (x from about 4e-6 to 9e15);
 * it must write what the C library's route writes on many numbers of that
 * range and around its edges: random bits, short decimals and their
 * neighbours a few ulps away, powers of two (whose interval is narrower
 * below) and of ten. */
Test(decimal, writes_the_shortest_form_by_exact_integers_as_the_c_library_does)
{
    oracle_rng g = {2024};
    for (int i = 0; i < 300000; i++) {
        uint64_t bits = oracle_next(&g);
        double x;
        switch (i % 5) {
        case 0: { /* random bits, exponents 2^-75 .. 2^56 */
            uint64_t be = 1023 - 75 + (bits >> 12) % 132;
            bits = (bits & ((UINT64_C(1) << 52) - 1)) | be << 52 | (bits & 1) << 63;
            memcpy(&x, &bits, sizeof x);
            break;
        }
        case 1:
        case 2: { /* a short decimal, or a neighbour of one */
            oracle_num o;
            oracle_random(&g, (int)(bits % 13), &o);
            x = oracle_double(&o);
            for (int k = (int)(bits >> 40) % 7 - 3; i % 5 == 2 && k != 0; k += k > 0 ? -1 : 1)
                x = nextafter(x, k > 0 ? INFINITY : -INFINITY);
            break;
        }
        case 3: /* a power of two and its neighbours */
            x = ldexp(1, (int)(bits % 130) - 72);
            x = (bits >> 20) % 3 == 0   ? nextafter(x, 0)
                : (bits >> 20) % 3 == 1 ? nextafter(x, 1e300)
                                        : x;
            break;
        default: /* a power of ten and its neighbours */
            x = pow(10, (double)((int)(bits % 24) - 7));
            x = (bits >> 20) % 3 == 0   ? nextafter(x, 0)
                : (bits >> 20) % 3 == 1 ? nextafter(x, 1e300)
                                        : x;
        }
        if (!isfinite(x) || x == 0)
            continue;
        char exp[40], got[40];
        slow_shortest(x, exp, sizeof exp);
        cr_assert_eq(as_decimal_shortest(x, got, sizeof got), 0, "%.17g", x);
        if (strcmp(exp, got) != 0)
            cr_assert_fail("%a: exp %s got %s", x, exp, got);
    }
}

Test(decimal, compares_on_the_digits_exactly)
{
    static const struct {
        char a[24], b[24];
        int exp;
    } cases[] = {
        {"0.2890", "0.2891", -1}, {"0.2891", "0.289", 1},
        {"0.1", "0.10", 0},       {"-0", "0", 0},
        {"-1", "-2", 1},          {"-0.5", "0.5", -1},
        {"1e15", "1e15", 0},      {"1000000000000000.1", "1e15", 1},
        {"9.99", "10", -1},       {"0.001", "0.0009999", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_decimal a, b;
        as_decimal_from_double(strtod(cases[i].a, NULL), &a);
        as_decimal_from_double(strtod(cases[i].b, NULL), &b);
        int got = as_decimal_cmp(&a, &b);
        cr_expect_eq(got, cases[i].exp, "%s vs %s: exp %d got %d", cases[i].a, cases[i].b,
                     cases[i].exp, got);
    }
}

Test(decimal, subtracts_exactly_on_the_digits)
{
    static const struct {
        char a[24], b[24], exp[40];
    } cases[] = {
        {"0.30000000000000004", "0.3", "0.00000000000000004"}, /* not 5.55e-17 as in binary */
        {"0.1051", "0.105", "0.0001"},
        {"0.1", "0.2", "-0.1"},
        {"-0.0365", "-0.036", "-0.0005"},
        {"1000000000000000.5", "1e15", "0.5"},
        {"1e15", "-1e15", "2000000000000000"},
        {"750", "750", "0"},
        {"0", "0.25", "-0.25"},
        {"0.25", "0", "0.25"},
        {"9999.99", "-0.01", "10000"},
        {"123456789012345.6", "0.0000001", "123456789012345.6"}, /* 17 digits, rounded */
        {"1", "1e-60", "1"},                                     /* negligible */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_decimal a, b, d;
        as_decimal_from_double(strtod(cases[i].a, NULL), &a);
        as_decimal_from_double(strtod(cases[i].b, NULL), &b);
        as_decimal_sub(&a, &b, &d);
        char got[64];
        int places = d.n - d.exp > 0 ? d.n - d.exp : 0;
        cr_assert_eq(as_decimal_fixed(&d, places, got, sizeof got), 0);
        cr_expect_str_eq(got, cases[i].exp, "%s - %s: exp %s got %s", cases[i].a, cases[i].b,
                         cases[i].exp, got);
    }
}

Test(decimal, writes_rounded_numbers_and_percentages_as_fixed_point_text)
{
    static const struct {
        double x;
        int decimals, shift;
        as_rounding rule;
        char exp[32];
    } cases[] = {
        {0.28905, 4, 2, AS_ROUND_GBT8170, "28.90"}, /* a fraction as a percentage */
        {0.28905, 4, 2, AS_ROUND_HALF_UP, "28.91"},
        {0.0365, 4, 2, AS_ROUND_GBT8170, "3.65"},
        {0.038, 4, 0, AS_ROUND_GBT8170, "0.0380"},
        {1234.5, 0, 0, AS_ROUND_GBT8170, "1234"},
        {-0.0001, 3, 0, AS_ROUND_GBT8170, "0.000"},
        {75.7558, 2, 0, AS_ROUND_GBT8170, "75.76"},
        {0.5, 0, 2, AS_ROUND_GBT8170, "0"},           /* 0.5 to units is 0, then x 100 */
        {0.28905, -1, 2, AS_ROUND_GBT8170, "28.905"}, /* unrounded: every digit */
        {75.7558, -1, 0, AS_ROUND_GBT8170, "75.7558"},
        {1e15, -1, 0, AS_ROUND_GBT8170, "1000000000000000"},
        {-0.000012, -1, 2, AS_ROUND_GBT8170, "-0.0012"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[48];
        cr_assert_eq(as_decimal_format(cases[i].x, cases[i].decimals, cases[i].rule, cases[i].shift,
                                       got, sizeof got),
                     0);
        cr_expect_str_eq(got, cases[i].exp, "%.17g at %d, x 10^%d: exp %s got %s", cases[i].x,
                         cases[i].decimals, cases[i].shift, cases[i].exp, got);
    }
    char small[5];
    cr_expect_eq(as_decimal_format(12.25, 2, AS_ROUND_GBT8170, 0, small, sizeof small), -1,
                 "\"12.25\" needs 6 bytes");
    cr_expect_eq(as_decimal_format(1, 41, AS_ROUND_GBT8170, 0, small, sizeof small), -1);
}

/* Regression (from as_round): rounding a value too large to have a fraction
 * returns it unchanged instead of overflowing to infinity. */
Test(decimal, keeps_large_values_finite_and_refuses_non_finite_ones)
{
    static const struct {
        double x;
        int decimals;
    } cases[] = {{1e305, 4}, {DBL_MAX, 1}, {1e300, 12}, {-1e305, 4}, {1e17, 4}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = rounded(cases[i].x, cases[i].decimals, AS_ROUND_GBT8170);
        cr_expect_eq(got, cases[i].x, "%g to %d: got %g", cases[i].x, cases[i].decimals, got);
    }
    cr_expect_gt(rounded(2e305, 4, AS_ROUND_GBT8170), rounded(1e305, 4, AS_ROUND_GBT8170));
    as_decimal d;
    cr_expect_eq(as_decimal_from_double(INFINITY, &d), -1);
    cr_expect_eq(as_decimal_from_double(NAN, &d), -1);
    cr_expect_eq(d.n, 0, "zero when not finite");
    cr_expect_eq(rounded(0.899995, 4, AS_ROUND_GBT8170), 0.9);
    cr_expect_eq(rounded(-2.5, 0, AS_ROUND_HALF_UP), -3);
}

Test(decimal, names_the_rounding_rules_as_rule_files_write_them)
{
    cr_expect_str_eq(as_rounding_name(AS_ROUND_GBT8170), "gbt8170");
    cr_expect_str_eq(as_rounding_name(AS_ROUND_HALF_UP), "half_up");
}

Test(decimal, rounds_any_double_the_same_way_with_or_without_the_shortcut)
{
    oracle_rng g = {20261201};
    for (int i = 0; i < 200000; i++) {
        /* magnitudes from 1e-8 to 1e16, both signs, 0 to 15 decimals */
        double m = (double)(oracle_next(&g) % 1000000007) / 1000000007.0;
        double x = m * pow(10, (double)(oracle_next(&g) % 25) - 8);
        if (oracle_next(&g) % 2)
            x = -x;
        int decimals = (int)(oracle_next(&g) % 16);
        for (int rule = 0; rule < 2; rule++) {
            char buf[64];
            rounded_text(x, decimals, rule == 0 ? AS_ROUND_GBT8170 : AS_ROUND_HALF_UP, buf,
                         sizeof buf);
        }
    }
}

/* as_decimal_read against strtod on text as figures are written, and on text
 * at the edges of its shortcut: the same double to the bit, and the same end. */
Test(decimal, reads_decimal_text_as_strtod_does)
{
    static const char *const edges[] = {"0",
                                        "-0",
                                        "+0",
                                        "0.",
                                        ".5",
                                        "-.5",
                                        "5.",
                                        "007.250",
                                        "0.000",
                                        "-0.0",
                                        "1e5",
                                        "1.5e",
                                        "1.5E-3",
                                        "0x1p3",
                                        "0X10",
                                        "inf",
                                        "-nan",
                                        ".",
                                        "-",
                                        "+",
                                        "",
                                        " 5",
                                        "5 ",
                                        "1.2.3",
                                        "9959.3",
                                        "0.043",
                                        "-0.0365",
                                        "12.1498",
                                        "0.10504999999999999",
                                        "123456789012345",
                                        "1234567890123456",
                                        "0.0000000000000000000001",
                                        "0.00000000000000000000001",
                                        "999999999999999.9",
                                        "1,5",
                                        "12%",
                                        "0.1000000000000000000000",
                                        "100000000000000000000000",
                                        "3.14abc"};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        char *e1 = NULL, *e2 = NULL;
        double a = strtod(edges[i], &e1), b = as_decimal_read(edges[i], &e2);
        cr_expect(memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b)), "'%s': %a vs %a",
                  edges[i], a, b);
        cr_expect_eq(e1, e2, "'%s': end", edges[i]);
    }
    oracle_rng g = {8170};
    for (int i = 0; i < 200000; i++) {
        /* 1 to 18 digits, the point anywhere or nowhere, leading zeros, signs */
        char text[64];
        size_t n = 0;
        uint64_t r = oracle_next(&g);
        if (r % 3 == 0)
            text[n++] = r % 2 ? '-' : '+';
        int digits = 1 + (int)(oracle_next(&g) % 18), point = (int)(oracle_next(&g) % 20);
        for (int z = (int)(oracle_next(&g) % 4); z > 0; z--)
            text[n++] = '0';
        for (int k = 0; k < digits; k++) {
            if (k == point)
                text[n++] = '.';
            text[n++] = (char)('0' + oracle_next(&g) % 10);
        }
        text[n] = '\0';
        char *e1 = NULL, *e2 = NULL;
        double a = strtod(text, &e1), b = as_decimal_read(text, &e2);
        if (memcmp(&a, &b, sizeof a) != 0 || e1 != e2)
            cr_assert_fail("'%s': strtod %a, as_decimal_read %a", text, a, b);
    }
}
