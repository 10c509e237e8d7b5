/* template: the fillable submission workbook of one province and year
 * (`assess template --xlsx`).  Its input sheet has one row per input of the
 * rule set, grouped by section, with the Chinese and English name and unit,
 * the cell to fill (validated within the input's min/max), the previous
 * year's figure when a data set has it, and the header fields; province,
 * year and rule set are written in and locked, the sheet protected without a
 * password.  An instructions sheet follows.  Everything shown comes from the
 * rule set, so a new input appears with no change here.  The layout is the one
 * the engine reads back (AS_SUBMISSION_* in engine/dataset.h).
 *
 * Ownership: everything passed in is borrowed for the call. */
#ifndef AS_REPORT_TEMPLATE_H
#define AS_REPORT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/dataset.h"
#include "base/diag.h"
#include "engine/rules.h"

typedef struct {
    const as_ruleset *rules;    /* whose inputs the sheet asks for */
    size_t province;            /* index into rules->provinces */
    int year;                   /* the year the figures describe */
    bool illustrative;          /* the illustrative cell starts as true */
    const as_dataset *previous; /* a data set loaded for year - 1, or NULL; the sheet names
                                   it by its name, never by its folder */
} as_template_opts;

/* Write the workbook to path on its own, atomically (as_output_build): the same
 * options give the same bytes (the creation time is 31 December of the year,
 * 00:00 UTC).  Returns 0, or -1 with one diagnostic located at path. */
int as_template_write(const as_template_opts *o, const char *path, as_diags *d);

#endif
