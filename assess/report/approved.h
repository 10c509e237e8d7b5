/* approved: the targets a target review derives, written as targets files
 * the evaluation reads (the format of a data set's targets/ files,
 * docs/data-format.md), each marked `derived_from:` the review: every
 * reviewed province's proposal, adjusted where the review closed a gap, for
 * each rule-set target an item approves (the plan file's `approves:`).  One
 * file for the plan-period targets, "targets-<plan>.yaml" (years: the plan's
 * years), and one per year for the annual ones, "targets-<plan>-<year>.yaml".
 * A province without a usable proposal gets no targets (a comment names
 * it).  It computes nothing: the values are the review's.
 *
 * Ownership: everything passed in is borrowed for the call. */
#ifndef AS_REPORT_APPROVED_H
#define AS_REPORT_APPROVED_H

#include "analysis/review.h"
#include "report/output.h"

/* Write the approved targets of rv into folder dir (which exists) as outputs
 * of out; what names the review in the files' derived_from (e.g. the command
 * line's plan and data set).  Returns 0, or -1 after adding one diagnostic
 * per file that could not be written (located at its path, with the
 * reason). */
int as_approved_write(const as_review *rv, const char *dir, const char *what, as_output *out,
                      as_diags *d);

#endif
