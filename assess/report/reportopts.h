/* reportopts: what a run asks of its workbooks (report.h writes them, book.h
 * lays their sheets out): the language of their labels, the calendar, the
 * paths recorded in them, the output set they join, the analyses they show
 * beside the evaluation.  Types only.
 *
 * Ownership: everything is borrowed; the caller keeps it alive while the
 * workbooks are written. */
#ifndef AS_REPORT_REPORTOPTS_H
#define AS_REPORT_REPORTOPTS_H

#include <stdbool.h>

#include "analysis/trajectory.h"
#include "analysis/uncertainty.h"
#include "engine/calendar.h"
#include "report/output.h"

/* Which language the labels are written in. */
typedef enum {
    AS_REPORT_LANG_BOTH = 0, /* "中文 English" side by side (the default) */
    AS_REPORT_LANG_ZH,       /* Chinese only */
    AS_REPORT_LANG_EN        /* English only */
} as_report_lang;

/* Options of as_report_write.  Zero-initialise, then set what you need:
 * out_dir is required, everything else may stay 0 / NULL. */
typedef struct {
    const char *out_dir;         /* folder to write into, created (with parents) if missing */
    as_report_lang lang;         /* labels: both (default), zh or en */
    const as_calendar *calendar; /* for the deadline rule and calendar-year texts; may be NULL */
    const char *rules_path;      /* as given on the command line, recorded in properties */
    const char *data_dir;        /* as given, recorded in properties */
    const char *calendar_dir;    /* as given, or NULL */
    as_output *output;           /* the run's output set the files join (required) */
    const as_uncertainty *uncertainty;   /* Monte Carlo of ev, or NULL: no probability columns */
    const as_trajectories *trajectories; /* trajectories of ev, or NULL: no Trajectory sheet */
    /* Told of each workbook once it is written (or failed), in the order
     * written: its final path, whether it is a province's, whether it was
     * written.  May be NULL. */
    void (*written)(void *ctx, const char *path, bool province, bool ok);
    void *written_ctx;
} as_report_opts;

#endif
