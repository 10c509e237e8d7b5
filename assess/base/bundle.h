/* bundle: where the files assess ships with are — the rule files, the
 * working-day calendar, the illustrative sample data set, the message
 * catalogues — for a binary in its build tree or installed anywhere: found
 * from the binary's own place (the installed share folder, <folder of the
 * binary>/ASSESS_BIN_TO_SHARE, e.g. /usr/share/assess), else in the source
 * tree it was built from.  Every front-end finds its defaults here.  It
 * knows nothing of what the files hold.
 *
 * Ownership: paths handed out live until the program exits.  Not for
 * threads: find what a run needs before starting any. */
#ifndef AS_BUNDLE_H
#define AS_BUNDLE_H

#include "base/diag.h"

/* The defaults, relative to the share folder. */
#define AS_BUNDLE_RULES "rules/2026.yaml"
#define AS_BUNDLE_SAMPLE "data/sample"
#define AS_BUNDLE_CALENDAR "data/calendar"
#define AS_BUNDLE_PLANS "rules/plans" /* the plan files of target reviews, <id>.yaml */

/* Where a file or folder a person named (or a default above) is: the path
 * itself when it exists or is absolute; else, for a relative path, the same
 * path under the installed share folder and then under the source tree the
 * binary was built from.  When none exists the path is returned as given,
 * so the loader's "cannot open" names what was typed. */
const char *as_bundle_path(const char *path);

/* A bundled default (e.g. AS_BUNDLE_SAMPLE) found by as_bundle_path, or
 * NULL after adding an error (located nowhere) that names every place looked
 * in and the option that names another instead (e.g. "--data DIR"). */
const char *as_bundle_find(const char *rel, const char *option, as_diags *d);

/* The plan file of a target review a person named: the name itself when
 * it ends in ".yaml", else AS_BUNDLE_PLANS/<plan>.yaml; found as
 * as_bundle_path finds a path. */
const char *as_bundle_plan(const char *plan);

/* A copy of s that lives until exit (NULL when out of memory). */
const char *as_bundle_keep(const char *s);

/* The folder of the message catalogues: the build tree's for a binary in
 * it, else the one installed beside the share folder
 * (<folder of the binary>/ASSESS_BIN_TO_LOCALE, e.g. /usr/share/locale). */
const char *as_bundle_locale_dir(void);

#endif
