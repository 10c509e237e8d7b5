/* json_out: the JSON contract of `assess evaluate --json` (see docs/json.md).
 * Keys may be added over time, never renamed. */
#ifndef AS_CLI_JSON_OUT_H
#define AS_CLI_JSON_OUT_H

#include <stdio.h>

#include "engine/eval.h"

/* Write ev as one JSON document to f.  Returns 0, or -1 on a write error. */
int as_json_write(FILE *f, const as_evaluation *ev);

#endif
