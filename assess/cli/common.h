/* common: what every subcommand shares: default locations of the bundled
 * rules, data and calendar, printing diagnostics, parsing numbers and dates
 * from the command line.  Output files are written through engine/output.h. */
#ifndef AS_CLI_COMMON_H
#define AS_CLI_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/date.h"
#include "engine/error.h"
#include "engine/eval.h"

/* Where a file or folder named on the command line (or a bundled default
 * such as "rules/2026.yaml") is: the path itself when it exists or is
 * absolute; else, for a relative path, the same path under the installed
 * share folder (<folder of the binary>/ASSESS_BIN_TO_SHARE, e.g.
 * /usr/share/assess) and then under the source tree the binary was built
 * from.  When none exists the path is returned as given, so the loader's
 * "cannot open" names what the user typed.  The result lives until exit. */
const char *as_cli_path(const char *path);

/* A bundled default (e.g. "rules/2026.yaml") found by as_cli_path, or NULL
 * after printing "assess CMD: error: cannot find the bundled ..." naming
 * every place looked in and the option (e.g. "--rules FILE") to give. */
const char *as_cli_default(const char *cmd, const char *rel, const char *option);

/* Print every diagnostic as "file:line:col: error: ..." on stderr, and a
 * count of dropped ones. */
void as_cli_print_diags(const as_diags *d);

/* Print "assess CMD: error: MSG" on stderr. */
void as_cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse a whole decimal integer within [lo, hi]; 0 ok, -1 otherwise. */
int as_cli_parse_int(const char *s, long lo, long hi, long *out);

/* A number of check cd of indicator ind as its method shows it, in buf (of
 * size n): the check's decimals for the rounded-value comparison, every digit
 * for the full-value one; "4.66 %" for percent display.  Returns buf. */
const char *as_cli_judged(const as_check_def *cd, const as_indicator *ind, double x, char *buf,
                          size_t n);

#endif
