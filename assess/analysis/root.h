/* root: the root of a function of one unknown between two points where its
 * signs differ, with GSL's Brent solver (gsl_root_fsolver_brent), for the
 * analyses that look for the value at which something changes: the
 * break-even value of an input, the adjustment that closes a gap to a goal.
 * It knows nothing of what the function computes.  GSL's own error handler
 * must be off (gsl_set_error_handler_off): statuses are checked here. */
#ifndef AS_ANALYSIS_ROOT_H
#define AS_ANALYSIS_ROOT_H

#include <stdbool.h>

/* The function: its value at x; NaN when it has none there. */
typedef double (*as_root_fn)(double x, void *ctx);

/* Narrow [*lo, *hi], where fn has opposite signs at the two ends, to the
 * root: on return both ends lie within tol of each other (absolute), still
 * bracketing it.  Returns true when it converged within max_iter
 * iterations, false when GSL refused the bracket or an iteration failed (the
 * ends then hold the last bracket). */
bool as_root_brent(as_root_fn fn, void *ctx, double *lo, double *hi, double tol, int max_iter);

#endif
