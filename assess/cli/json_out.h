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

#endif
