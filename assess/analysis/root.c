/* root: Brent's method through GSL's root-bracketing solver, iterated until
 * the bracket is narrow enough. */
#include "analysis/root.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

bool as_root_brent(as_root_fn fn, void *ctx, double *lo, double *hi, double tol, int max_iter)
{
    gsl_function f = {fn, ctx};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    bool ok = false;
    if (s && gsl_root_fsolver_set(s, &f, *lo, *hi) == GSL_SUCCESS)
        for (int i = 0; i < max_iter; i++) {
            if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
                break;
            *lo = gsl_root_fsolver_x_lower(s);
            *hi = gsl_root_fsolver_x_upper(s);
            if (gsl_root_test_interval(*lo, *hi, 0, tol) == GSL_SUCCESS) {
                ok = true;
                break;
            }
        }
    gsl_root_fsolver_free(s);
    return ok;
}
