/* review_table: what `assess targets review` prints on the terminal: the
 * problems of the proposals and base-year figures as located diagnostics,
 * then the national figures beside their goals (and national statistics),
 * the adjustments, and one row per province for the plan's lead item, in the
 * terminal's language.  It computes nothing (analysis/review.h does). */
#ifndef AS_CLI_REVIEW_TABLE_H
#define AS_CLI_REVIEW_TABLE_H

#include <stdio.h>

#include "analysis/review.h"

/* Print every diagnostic of the proposals (each province's file, the
 * national statistics, files of no province) and of the provinces'
 * base-year figures on stderr.  Returns the number of errors printed. */
size_t as_cli_review_diags(const as_review *rv);

/* Print the review's tables on f; data_dir is the data set as named. */
void as_cli_review_print(FILE *f, const as_review *rv, const char *data_dir);

#endif
