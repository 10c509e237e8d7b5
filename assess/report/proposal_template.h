/* proposal_template: the fillable proposal workbook of one province for a
 * plan's target review (`assess template --proposal --plan PLAN --province
 * CODE --xlsx FILE`).  Its proposal sheet has the header fields, then one
 * group of rows per item of the plan (its value, its yearly path where the
 * plan asks for one, its source), each with the Chinese and English name,
 * the unit and what the value means, the cell to fill validated within the
 * item's range; province and plan written in and locked, the sheet
 * protected without a password.  An instructions sheet follows.  Everything
 * shown comes from the plan file, so a new item appears with no change here;
 * the layout is the one the proposal reader reads back (AS_PROPOSAL_* in
 * engine/proposal.h).
 *
 * Ownership: everything passed in is borrowed for the call. */
#ifndef AS_REPORT_PROPOSAL_TEMPLATE_H
#define AS_REPORT_PROPOSAL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "engine/plan.h"

/* Write the proposal workbook of province (an index into p's rule set's
 * provinces) to path, atomically (see as_report_put); illustrative: the
 * illustrative cell starts as true.  The same arguments give the same bytes
 * (the creation time is 31 December of the plan's base year).  Returns 0, or
 * -1 with one diagnostic located at path. */
int as_proposal_template_write(const as_plan *p, size_t province, bool illustrative,
                               const char *path, as_diags *d);

#endif
