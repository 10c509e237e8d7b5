/* review_json: the JSON contract of `assess targets review --json` (see
 * docs/json.md): the plan, the data set, every national figure with the
 * provinces it sums, the adjustments, the tiers, and every province's
 * base-year figures, items, per-province figures and share, enough to
 * recompute each national figure from the provinces alone.  Keys may be
 * added over time, never renamed. */
#ifndef AS_CLI_REVIEW_JSON_H
#define AS_CLI_REVIEW_JSON_H

#include <stdio.h>

#include "analysis/review.h"
#include "engine/output.h"

/* Write rv as one JSON document to f; data_dir is the data set as named.
 * Returns 0, or -1 on a write error. */
int as_review_json_write(FILE *f, const as_review *rv, const char *data_dir);

/* Write it to path ("-": standard output) as an output of out.  Returns 0,
 * or -1 after adding a diagnostic located at path with the reason. */
int as_review_json_put(const as_review *rv, const char *path, const char *data_dir, as_output *out,
                       as_diags *d);

#endif
