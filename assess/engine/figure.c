/* figure: a submitted figure against its input's declaration. */
#include "engine/figure.h"

#include <math.h>
#include <stdio.h>

#include "base/decimal.h"
#include "input/numtext.h"

/* The index a growth rate g (in percent) typed for index input in means,
 * when it lies within the input's range and g could be a year's growth
 * (less than half the base either way); 0 when it cannot. */
static double index_of_growth(const as_input *in, double g)
{
    double x = in->index_base + g;
    if (!(in->index_base > 0) || !(fabs(g) < in->index_base / 2) || (in->has_min && x < in->min) ||
        (in->has_max && x > in->max))
        return 0;
    return x;
}

/* The input's unit in Chinese, else as the rules give it. */
static const char *unit_zh(const as_input *in)
{
    return in->unit_zh ? in->unit_zh : in->unit;
}

/* x in its shortest decimal form, in buf. */
static const char *shortest(double x, char *buf, size_t n)
{
    if (as_decimal_shortest(x, buf, n) != 0)
        snprintf(buf, n, "%g", x);
    return buf;
}

int as_figure_percent_index(const as_input *in, const char *text, as_loc loc, as_diags *d)
{
    as_numtext t;
    if (!(in->index_base > 0) || !text || as_numtext_parse(text, &t) != AS_NUMTEXT_PERCENT)
        return 0;
    double x = index_of_growth(in, t.value);
    if (x == 0)
        return 0;
    char g[40], idx[40];
    as_diags_add(d, loc,
                 "'%s' is written as a percentage ('%s'): it is an index (%s%.0s): a growth of "
                 "%s %% is the index %s, write %s",
                 in->id, text, in->unit, unit_zh(in), shortest(t.value, g, sizeof g),
                 shortest(x, idx, sizeof idx), idx);
    return -1;
}

int as_figure_check(const as_input *in, double x, as_loc loc, as_diags *d)
{
    const char *en = in->unit, *zh = unit_zh(in); /* each message in its own words */
    if (fabs(x) > AS_SUBMISSION_MAX_FIGURE) {
        as_diags_add(d, loc,
                     "'%s' is %g: no figure is that large (at most %g in magnitude): check its "
                     "digits and unit (%s%.0s)",
                     in->id, x, AS_SUBMISSION_MAX_FIGURE, en, zh);
        return -1;
    }
    if (in->has_min && x < in->min) {
        double idx = index_of_growth(in, x);
        char g[40], v[40];
        if (idx != 0)
            as_diags_add(d, loc,
                         "'%s' is %g, below its minimum %g (%s%.0s): it is an index, not a growth "
                         "rate: a growth of %s %% is the index %s, write %s",
                         in->id, x, in->min, en, zh, shortest(x, g, sizeof g),
                         shortest(idx, v, sizeof v), v);
        else
            as_diags_add(d, loc, "'%s' is %g, below its minimum %g (%s%.0s)", in->id, x, in->min,
                         en, zh);
        return -1;
    }
    if (in->has_max && x > in->max) {
        as_diags_add(d, loc, "'%s' is %g, above its maximum %g (%s%.0s)", in->id, x, in->max, en,
                     zh);
        return -1;
    }
    return 0;
}
