/* oracle: exact decimal arithmetic for the property tests, written apart
 * from the engine.  A number is what a person writes, sign * mant / 10^places
 * with at most 15 significant digits (so strtod's double reads back as that
 * very text), optionally moved one double up or down: then a person reading
 * its shortest form sees a number a hair above or below the text, never
 * reaching the next tie or rounding point (the generator keeps that true).
 * Rounding and comparison here are integer and string work on those digits;
 * nothing is computed in binary floating point. */
#ifndef AS_TEST_ORACLE_H
#define AS_TEST_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    bool neg;     /* negative */
    int64_t mant; /* digits as an integer, below 10^15 */
    int places;   /* decimals of mant, 0..15 */
    int nudge;    /* -1: the double below the text's, +1: above, 0: the text's own */
} oracle_num;

/* A deterministic random stream (splitmix64). */
typedef struct {
    uint64_t state;
} oracle_rng;

uint64_t oracle_next(oracle_rng *g);

/* A random number for rounding to `decimals` (0..12) places, often a tie,
 * just beside a tie, on the rounding grid, zero or negative, and with at most
 * 12 - decimals integer digits so that a one-double nudge stays far below the
 * last digit rounded to. */
void oracle_random(oracle_rng *g, int decimals, oracle_num *out);

/* The text, e.g. "-0.28905", and the double: strtod of the text, nudged. */
void oracle_text(const oracle_num *x, char *buf, size_t n);
double oracle_double(const oracle_num *x);

/* x rounded to `decimals` places, as a signed count of 10^-decimals units:
 * GB/T 8170-2008 (half to even) or half up, on the magnitude. */
int64_t oracle_round(const oracle_num *x, int decimals, bool half_even);

/* The units of oracle_round as fixed-point text with `decimals` places. */
void oracle_units_text(int64_t units, int decimals, char *buf, size_t n);

/* -1, 0, 1: a against b exactly, nudges included. */
int oracle_cmp(const oracle_num *a, const oracle_num *b);

#endif
