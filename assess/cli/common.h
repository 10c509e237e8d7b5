/* common: what every subcommand shares: default locations of the bundled
 * rules, data and calendar, printing diagnostics, parsing numbers and dates
 * from the command line.  Output files are written through engine/output.h. */
#ifndef AS_CLI_COMMON_H
#define AS_CLI_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/date.h"
#include "engine/error.h"

/* rel (e.g. "rules/2026.yaml") if it exists relative to the current folder,
 * else the same path under the source tree the binary was built from.
 * Returns a pointer to static storage valid until the next call with the
 * same slot (0..3). */
const char *as_cli_default_path(const char *rel, int slot);

/* Print every diagnostic as "file:line:col: error: ..." on stderr, and a
 * count of dropped ones. */
void as_cli_print_diags(const as_diags *d);

/* Print "assess CMD: error: MSG" on stderr. */
void as_cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse a whole decimal integer within [lo, hi]; 0 ok, -1 otherwise. */
int as_cli_parse_int(const char *s, long lo, long hi, long *out);

#endif
