/* publish: one assessment year's outputs into a set (output.h), as
 * `assess evaluate` writes them and any front-end may: the national workbook
 * and one workbook per province (report.h), then the year's JSON document
 * (evaljson.h).  It evaluates nothing (annual.h does) and prints nothing.
 *
 * Ownership: everything passed in is borrowed for the call. */
#ifndef AS_PUBLISH_H
#define AS_PUBLISH_H

#include <stdbool.h>

#include "analysis/annual.h"
#include "report/output.h"
#include "report/workbooks.h"

typedef struct {
    const char *dir;        /* the workbooks' folder, made if missing; NULL: no workbooks */
    const char *json;       /* the year's JSON document ("-": standard output); NULL: none */
    as_report_lang lang;    /* the workbooks' labels */
    const char *rules_path; /* as given, recorded in the workbooks */
    const char *data_dir;   /* likewise */
    /* Told of each workbook once it is written (or failed), as
     * as_report_opts.written; may be NULL. */
    void (*written)(void *ctx, const char *path, bool province, bool ok);
    void *written_ctx;
} as_publish_opts;

/* The options of the workbooks of year y of run a (y NULL: no analyses, for
 * a workbook across years) in folder dir, joining set out. */
as_report_opts as_publish_report_opts(const as_annual *a, const as_annual_year *y,
                                      const as_publish_opts *o, const char *dir, as_output *out);

/* Write year y of run a as o says into set out (which puts the files in
 * place when the caller commits it).  Returns 0, or -1 after reporting every
 * file that could not be written in d; the others are written. */
int as_publish_year(const as_annual *a, const as_annual_year *y, const as_publish_opts *o,
                    as_output *out, as_diags *d);

#endif
