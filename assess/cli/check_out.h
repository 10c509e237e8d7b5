/* check_out: what `assess check` prints for one submission (the sources it
 * judged against, the diagnostics, every check with what it would take, the
 * grade it would get) in the terminal's language.  Its JSON is
 * checkjson.h's; what it shows is computed by selfcheck.h. */
#ifndef AS_CLI_CHECK_OUT_H
#define AS_CLI_CHECK_OUT_H

#include <stdio.h>

#include "analysis/selfcheck.h"

/* Print the report of an evaluated item: its first lines (file, province,
 * year, rules, data set, targets, previous years), on stdout or f, then its
 * diagnostics on stderr, then the table, what it would take and where each
 * plan check is heading on f. */
void as_check_print(const as_check_item *it, FILE *f);

#endif
