/* reviewjson: the JSON contract of `assess targets review --json` (see
 * docs/json.md): the plan, the data set, every national figure with the
 * provinces it sums, the adjustments, the tiers, and every province's
 * base-year figures, items, per-province figures and share, enough to
 * recompute each national figure from the provinces alone.  Keys may be
 * added over time, never renamed. */
#ifndef AS_REPORT_REVIEWJSON_H
#define AS_REPORT_REVIEWJSON_H

#include "analysis/review.h"
#include "report/json.h"
#include "report/output.h"

/* Members of containers down to this depth go on lines of their own (the
 * document's keys and each element of its lists). */
#define AS_REVIEWJSON_WRAP 2

/* rv as one JSON document written into w; data_dir is the data set as
 * named. */
void as_review_json_write(as_json *w, const as_review *rv, const char *data_dir);

/* The same as one file at path ("-": standard output) of set o (NULL: on
 * its own, see output.h).  Returns 0, or -1 with the problem in d. */
int as_review_json_file(as_output *o, const char *path, const as_review *rv, const char *data_dir,
                        as_diags *d);

#endif
