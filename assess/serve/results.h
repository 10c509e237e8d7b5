/* results: the centre's evaluations of a year's data set, their
 * publication, and the notification date.  An evaluation is the same as
 * `assess evaluate --data DATA --year YEAR [--notified DATE]` on the data
 * set as released: its workbooks and JSON are kept under the state folder
 * (runs/<folder>/), its national table in the database, and never changed.
 * Publishing a year makes one evaluation the one provinces and departments
 * see (each province only its own row and workbook); publishing again
 * publishes a newer one.  The notification date the centre sets is kept per
 * year (each change a new row) and used by the evaluations after it, in
 * place of the data set's own (dataset.yaml).
 *
 * Ownership: rows handed to callbacks live only during the call. */
#ifndef AS_SERVE_RESULTS_H
#define AS_SERVE_RESULTS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "serve/history.h"
#include "serve/html.h"
#include "serve/portal.h"

/* One evaluation. */
typedef struct {
    long long id;         /* evaluations.id */
    int year;             /* the assessment year */
    const char *notified; /* the notification date used, "" when none */
    const char *folder;   /* its outputs, relative to the state folder: "runs/..." */
    const char *account;  /* who ran it */
    int64_t at;           /* when, seconds since 1970 UTC */
    const char *notice;   /* the data set's illustrative-data notice, "" when its figures are
                             real (or the evaluation was made before it was kept) */
} as_run;

/* One province's row of an evaluation's national table. */
typedef struct {
    const char *province;               /* GB/T 2260 code */
    const char *grade;                  /* the grade's id ("excellent", ...), "" when invalid */
    const char *grade_zh, *grade_en;    /* its names */
    bool invalid;                       /* no grade: its data could not be read or evaluated */
    bool fraud;                         /* graded on a fraud finding */
    int control_missed, support_missed; /* missed indicators of each kind */
    const char *deadline;               /* the rectification deadline, YYYY-MM-DD, "" when none */
    bool provisional;     /* the deadline reaches a year whose holidays are not yet official */
    const char *missed;   /* the missed indicators' ids, "id, id (no data)", or "" */
    const char *workbook; /* the province's workbook in the run's folder, or "" */
} as_result_row;

/* Whether year's results are published: 1 (with the evaluation published
 * in *evaluation when not NULL), 0, or -1 on failure. */
int as_results_published(sqlite3 *c, int year, long long *evaluation);

/* Evaluate year now, keep its outputs and table.  0 with the new
 * evaluation's id in *id, or -1 with the reason in why (size n): the data
 * set's problem as "file:line:col: error: ...", or, in lang, that year has
 * no released submission (as_dataset_year_empty, the check `assess
 * evaluate` makes): then nothing is evaluated, written or recorded. */
int as_results_run(as_portal *p, sqlite3 *c, int year, as_page_lang lang,
                   const as_history_about *who, long long *id, char *why, size_t n);

/* Call fn with evaluation id (0: the latest of year; published: the one
 * published for year).  1 when there is none, 0 when fn was called, -1. */
int as_results_get(sqlite3 *c, int year, long long id, bool published,
                   void (*fn)(void *ctx, const as_run *r), void *ctx);

/* Call fn for the rows of evaluation id (province NULL: every one, in
 * code order).  0 or -1. */
int as_results_rows(sqlite3 *c, long long id, const char *province,
                    void (*fn)(void *ctx, const as_result_row *r), void *ctx);

/* Publish evaluation id (of year).  0, or -1. */
int as_results_publish(sqlite3 *c, int year, long long id, const as_history_about *who);

/* Set year's notification date.  0, or -1. */
int as_results_set_notified(sqlite3 *c, int year, as_date d, const as_history_about *who);

/* The notification date the centre set for year: 1 with *d, 0 when none. */
int as_results_notified(sqlite3 *c, int year, as_date *d);

#endif
