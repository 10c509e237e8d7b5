/* checkjson: the JSON of `assess check --json` (docs/json.md): the rule
 * set's method, then per submission what it was judged against, the keys of
 * a province, an indicator and a check that evaluate's JSON has
 * (evaljson.h), and what check adds: each check's margin and what it would
 * take.  Keys may be added, never renamed.
 *
 * Ownership: everything passed in is borrowed for the call. */
#ifndef AS_CHECKJSON_H
#define AS_CHECKJSON_H

#include <stddef.h>

#include "analysis/selfcheck.h"
#include "report/output.h"
#include "report/json.h"

/* Members of containers down to this depth of the document go on lines of
 * their own (each submission's keys, each indicator). */
#define AS_CHECKJSON_WRAP 5

/* The document of items[0..n) checked under rules r, written into j. */
void as_checkjson_write(as_json *j, const as_ruleset *r, const as_check_item *items, size_t n);

/* The same as one file at path ("-": standard output) of set o (NULL: on
 * its own, see output.h).  Returns 0, or -1 with the problem in d. */
int as_checkjson_file(as_output *o, const char *path, const as_ruleset *r,
                      const as_check_item *items, size_t n, as_diags *d);

#endif
