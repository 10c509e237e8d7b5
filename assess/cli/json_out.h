/* json_out: the JSON contract of `assess evaluate --json` (see docs/json.md).
 * Keys may be added over time, never renamed. */
#ifndef AS_CLI_JSON_OUT_H
#define AS_CLI_JSON_OUT_H

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

#endif
