/* review (workbook): the target review of a plan as a workbook for the centre,
 * in both languages: the national sheet (each national figure of the
 * provinces together beside its goal and national statistics, as proposed
 * and after adjustment; the adjustments; a chart of each province's proposal
 * against its tier's level), one row per province (tier, each item proposed,
 * whether its path compounds, its tier's level, adjusted, its share of the
 * national effort), the per-province figures, and where it all comes from.
 * It reads a review (analysis/review.h) and writes one file; it computes
 * nothing.
 *
 * Ownership: everything passed in is borrowed for the call. */
#ifndef AS_REPORT_REVIEWBOOK_H
#define AS_REPORT_REVIEWBOOK_H

#include "analysis/review.h"
#include "base/diag.h"
#include "report/output.h"

/* Write the review workbook of rv to path as one output of out (written to
 * a temporary name, put in place by as_output_commit); data_dir is the data
 * set as named.  The same review gives the same bytes (its creation time is
 * 31 December of the plan's base year, 00:00 UTC).  Returns 0, or -1 after
 * adding one diagnostic located at path. */
int as_review_workbook(const as_review *rv, const char *path, const char *data_dir, as_output *out,
                       as_diags *d);

#endif
