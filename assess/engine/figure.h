/* figure: one figure of a submission judged against what the rules declare
 * of its input: no figure beyond AS_SUBMISSION_MAX_FIGURE, none outside the
 * input's range, and for an index (previous year = 100) a growth rate typed
 * in its place named with the index it means ("5.1" or "5.1%" for 105.1).
 * It reads no file and knows no other figure (plausibility across figures
 * is the evaluation's). */
#ifndef AS_ENGINE_FIGURE_H
#define AS_ENGINE_FIGURE_H

#include "base/diag.h"
#include "engine/rules.h"

/* The largest magnitude a submitted figure may have, in any unit: far above
 * any statistic (the national GDP in yuan is about 1.3e14), far below what
 * would overflow the formulas.  A larger one (1e308) is an error at its
 * cell or line, not an overflow blamed on the rules. */
#define AS_SUBMISSION_MAX_FIGURE 1e15

/* Before text is read as a number: for an index input, a growth rate typed
 * with a percent sign ("5.1%", "5.1 ％") is an error at loc naming the index
 * to write.  Returns 0 when text is no such thing (read it as usual), -1
 * after adding the error to d. */
int as_figure_percent_index(const as_input *in, const char *text, as_loc loc, as_diags *d);

/* The figure x read for input in at loc: 0 when it lies within what the
 * rules allow, else -1 with the error in d (for an index, naming the index
 * a growth rate below its minimum means). */
int as_figure_check(const as_input *in, double x, as_loc loc, as_diags *d);

#endif
