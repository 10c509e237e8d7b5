/* eval_judge: the verdict of one check, GB/T 8170-2008's two methods on the
 * decimal digits of value and target (decimal.h), and its exact fast path
 * for analyses that judge many values (one at a time or a block of lanes).
 * It knows nothing of provinces, formulas or trails (eval.c). */
#include <float.h>
#include <math.h>

#include "engine/eval.h"

/* x as cd's method compares it: its digits, rounded for the rounded-value
 * comparison.  -1 when x is not finite (evaluated values always are). */
static int compared(const as_check_def *cd, double x, as_decimal *out)
{
    if (cd->judgement == AS_JUDGE_ROUNDED)
        return as_decimal_rounded(x, cd->decimals, cd->rounding, out);
    return as_decimal_from_double(x, out);
}

/* Whether the ordering c (-1, 0, 1 of value against target) meets cmp. */
static bool meets(as_cmp cmp, int c)
{
    switch (cmp) {
    case AS_CMP_LE:
        return c <= 0;
    case AS_CMP_LT:
        return c < 0;
    case AS_CMP_GE:
        return c >= 0;
    case AS_CMP_GT:
        return c > 0;
    default:
        return c == 0;
    }
}

as_verdict as_eval_judge(const as_check_def *cd, double value, double target)
{
    as_verdict out = {true, false, value, target, 0};
    as_decimal v, t, m;
    if (compared(cd, value, &v) != 0 || compared(cd, target, &t) != 0)
        return out; /* not reached: evaluated values are finite */
    out.met = meets(cd->cmp, as_decimal_cmp(&v, &t));
    if (cd->cmp == AS_CMP_LE || cd->cmp == AS_CMP_LT)
        as_decimal_sub(&t, &v, &m);
    else
        as_decimal_sub(&v, &t, &m);
    if (cd->cmp == AS_CMP_EQ)
        m.neg = m.n > 0; /* -|value - target| */
    out.margin = as_decimal_to_double(&m);
    if (cd->judgement == AS_JUDGE_ROUNDED) {
        out.value = as_decimal_to_double(&v);
        out.target = as_decimal_to_double(&t);
    }
    return out;
}

/* The ordering of value against target after rounding both to cd's
 * decimals, when the binary numbers decide it: more than one unit of the
 * last decimal apart, with room for the binary error of the subtraction and
 * of the shortest forms (each within half an ulp of its double).  Rounding
 * moves each by at most half a unit, so neither can reach or pass the
 * other.  0 when they are too close to tell without the digits. */
static int clear_order(const as_check_def *cd, double value, double target)
{
    static const double unit[] = {1,    1e-1, 1e-2, 1e-3,  1e-4,  1e-5, 1e-6,
                                  1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12};
    if (cd->decimals < 0 || cd->decimals > 12)
        return 0;
    double d = value - target;
    double slack = unit[cd->decimals] * (1 + 1e-9) + 8 * DBL_EPSILON * (fabs(value) + fabs(target));
    return d > slack ? 1 : -d > slack ? -1 : 0;
}

bool as_eval_met(const as_check_def *cd, double value, double target)
{
    if (!isfinite(value) || !isfinite(target))
        return false;                   /* as as_eval_judge: not reached for evaluated values */
    if (cd->judgement == AS_JUDGE_FULL) /* shortest forms keep the order of their doubles */
        return meets(cd->cmp, (value > target) - (value < target));
    if (value == target) /* the same double: the same digits */
        return meets(cd->cmp, 0);
    int c = clear_order(cd, value, target);
    if (c != 0)
        return meets(cd->cmp, c);
    as_decimal v, t;
    compared(cd, value, &v);
    compared(cd, target, &t);
    return meets(cd->cmp, as_decimal_cmp(&v, &t));
}

int as_eval_compared_text(const as_check_def *cd, double x, int shift, char *buf, size_t n)
{
    int decimals = cd->judgement == AS_JUDGE_ROUNDED ? cd->decimals : -1;
    return as_decimal_format(x, decimals, cd->rounding, shift, buf, n);
}

/* The verdicts of n pairs by the doubles' order alone, with slack u + 8
 * DBL_EPSILON (|v| + |t|) when rounded (clear_order's test, u its unit
 * with room), none when not: met[l] from by[] (less, equal, greater);
 * true when some pair needs the digits (or is not finite).  The first loop
 * computes in doubles only, so it runs on vectors; c and w are scratch. */
static bool by_order(const double *value, const double *target, size_t n, bool rounded, double u,
                     const unsigned char by[3], unsigned char *met)
{
    double c[AS_EXPR_LANES], w[AS_EXPR_LANES];
    double k = rounded ? 8 * DBL_EPSILON : 0, base = rounded ? u : 0;
    bool undecided = false;
    for (size_t at = 0; at < n; at += AS_EXPR_LANES) {
        size_t m = n - at < AS_EXPR_LANES ? n - at : AS_EXPR_LANES;
        const double *vs = value + at, *ts = target + at;
        for (size_t l = 0; l < m; l++) {
            double v = vs[l], t = ts[l], d = v - t;
            double slack = base + k * (fabs(v) + fabs(t));
            double order = (d > slack ? 1.0 : 0.0) - (-d > slack ? 1.0 : 0.0);
            c[l] = order;
            w[l] = (fabs(v) <= DBL_MAX ? 0.0 : 1.0) + (fabs(t) <= DBL_MAX ? 0.0 : 1.0) +
                   (order == 0 ? 1.0 : 0.0) * (v != t ? 1.0 : 0.0);
        }
        for (size_t l = 0; l < m; l++) {
            met[at + l] = by[(int)c[l] + 1];
            undecided |= w[l] != 0;
        }
    }
    return undecided;
}

void as_eval_met_lanes(const as_check_def *cd, const double *value, const double *target, size_t n,
                       unsigned char *met)
{
    static const double unit[] = {1,    1e-1, 1e-2, 1e-3,  1e-4,  1e-5, 1e-6,
                                  1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12};
    bool rounded = cd->judgement == AS_JUDGE_ROUNDED;
    if (rounded && (cd->decimals < 0 || cd->decimals > 12)) {
        for (size_t l = 0; l < n; l++)
            met[l] = as_eval_met(cd, value[l], target[l]);
        return;
    }
    /* as as_eval_met: the same double, then the order of the doubles (full
     * value) or clear_order's test (rounded value); the rest on digits */
    unsigned char by[3] = {meets(cd->cmp, -1), meets(cd->cmp, 0), meets(cd->cmp, 1)};
    double u = rounded ? unit[cd->decimals] * (1 + 1e-9) : 0;
    if (!by_order(value, target, n, rounded, u, by, met))
        return;
    for (size_t l = 0; l < n; l++) {
        double v = value[l], t = target[l], d = v - t;
        double slack = rounded ? u + 8 * DBL_EPSILON * (fabs(v) + fabs(t)) : 0;
        if (!(fabs(v) <= DBL_MAX && fabs(t) <= DBL_MAX) ||
            (!(d > slack) && !(-d > slack) && !(v == t)))
            met[l] = as_eval_met(cd, v, t);
    }
}
