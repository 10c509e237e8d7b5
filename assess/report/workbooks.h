/* workbooks: Excel workbooks of assessment results — the national workbook and
 * one workbook per province — written with libxlsxwriter (with the sheets' modules and the sheet
 * writer, the only code of assess/report/ that includes xlsxwriter.h).  It reads an
 * evaluation and writes files; it computes no grade and never prints.
 *
 * Ownership: nothing returned here is owned by the caller; the evaluation,
 * calendar and option strings are borrowed for the duration of the call. */
#ifndef AS_REPORT_WORKBOOKS_H
#define AS_REPORT_WORKBOOKS_H

#include "base/diag.h"
#include "engine/eval.h"
#include "report/reportopts.h"

/* Write the national workbook and one workbook per province of ev into
 * o->out_dir.  File names: national "assessment-<year>.xlsx"; province
 * "<year>-<code>-<name_en>.xlsx" with every run of characters other than
 * ASCII letters, digits, '.' and '_' in name_en written as one '-'
 * ("Inner Mongolia" -> "Inner-Mongolia").
 *
 * The same evaluation gives byte-identical files: the workbooks' creation
 * time is the notification date at 00:00 UTC (31 December of the assessment
 * year when no date is known) and everything is written in rule-set order.
 *
 * Each file joins o->output (see output.h): it is written to a
 * temporary name and only as_output_commit, called by the caller once every
 * output of the run is written, puts it in place; an existing file of the
 * final name is left untouched until then, and for ever if this one fails.
 * A province whose data are invalid gets a workbook with an error sheet, not
 * a missing file.  Sheets are written row by row (constant memory), and an
 * evaluation made without the calculation trail has each province's trail
 * evaluated again for its workbook only, so memory does not grow with the
 * number of provinces beyond the evaluation itself.
 *
 * Returns 0, or -1 after adding one diagnostic per failed file (or folder)
 * to d, located at that path with line 0 and naming the operating system's
 * reason where there is one.  Files that can be written are written even
 * when another fails.  Prints nothing: libxlsxwriter's own messages are
 * captured and only their reason reaches the diagnostic. */
int as_report_write(const as_evaluation *ev, const as_report_opts *o, as_diags *d);

/* The national workbook's file name for year, "assessment-<year>.xlsx", in
 * buf (size n).  Returns 0, or -1 when it does not fit. */
int as_report_national_name(int year, char *buf, size_t n);

/* Version string of the libxlsxwriter this was built with, e.g. "1.1.4". */
const char *as_report_library_version(void);

#endif
