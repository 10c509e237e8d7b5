/* json_out: the JSON contract of `assess evaluate --json` (see docs/json.md).
 * Keys may be added over time, never renamed. */
#ifndef AS_CLI_JSON_OUT_H
#define AS_CLI_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "analysis/trajectory.h"
#include "analysis/uncertainty.h"
#include "engine/eval.h"

/* The analyses of an evaluation that the JSON carries beside it; NULL
 * members (or a NULL pointer) are written as null / []. */
typedef struct {
    const as_uncertainty *uncertainty;   /* --uncertainty: Monte Carlo and Approach 1 */
    const as_trajectories *trajectories; /* against the five-year plan */
} as_json_analyses;

/* Write ev with its analyses as one JSON document to f.  Returns 0, or -1
 * on a write error. */
int as_json_write(FILE *f, const as_evaluation *ev, const as_json_analyses *an);

/* A year of a run over several years that could not be evaluated. */
typedef struct {
    int year;      /* the year */
    char **errors; /* why: "file:line:col: error: ..." lines */
    size_t nerrors;
} as_json_failed;

/* A document of several years, written as they are evaluated:
 *   {"assessment_years": [...], "years": [<one document per year, as
 *    as_json_write writes it>, ...], "failed_years": [{"assessment_year": Y,
 *    "errors": ["file:line:col: error: ..."]}, ...]}
 * as_json_years_begin with the years asked, as_json_years_next before each
 * year's document (i counts them from 0), as_json_years_end with the years
 * that could not be evaluated.  Each returns 0, or -1 on a write error. */
int as_json_years_begin(FILE *f, const int *years, size_t n);
int as_json_years_next(FILE *f, size_t i);
int as_json_years_end(FILE *f, const as_json_failed *failed, size_t nfailed);

/* The pieces `assess check --json` shares with it, so both speak one
 * contract: a JSON string (or null), a number in its shortest exact form (or
 * null), the keys of a check's and of an indicator's object (without braces
 * and, for the indicator, without its checks), and the diagnostics of one
 * severity as a list of "file:line:col: warning: ..." strings. */
void as_json_string(FILE *f, const char *s);
void as_json_number(FILE *f, bool has, double v);
void as_json_check_keys(FILE *f, const as_check_result *c);
void as_json_indicator_keys(FILE *f, const as_indicator_result *ir);
void as_json_diags(FILE *f, const as_diag *diags, size_t n, as_severity sev);

#endif
