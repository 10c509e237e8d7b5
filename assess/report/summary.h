/* summary: the workbook across the years of one run (`assess evaluate --year
 * 2026-2030`): every province's grade in each year, each indicator's path
 * (every check's value, target and status year by year), the progress of the
 * checks with a five-year-plan target (plan:), and where it all comes from.  It
 * reads a series (engine/series.h) and writes one file; it computes no grade.
 *
 * Ownership: everything passed in is borrowed for the call. */
#ifndef AS_REPORT_SUMMARY_H
#define AS_REPORT_SUMMARY_H

#include "engine/series.h"
#include "report/workbooks.h"

/* Write the summary of s to path as one output of o->output (see
 * as_report_write; o->out_dir is not used), in o->lang, byte-identical for
 * the same series: its creation time is 31 December of the last year, 00:00
 * UTC.  Returns 0, or -1 after adding one diagnostic located at path. */
int as_report_summary(const as_series *s, const char *path, const as_report_opts *o, as_diags *d);

#endif
