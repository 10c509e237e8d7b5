/* check_out: what `assess check` prints for one submission (the sources it
 * judged against, the diagnostics, every check with what it would take, the
 * grade it would get) in the terminal's language, and its JSON (see
 * docs/json.md), in the contract style of evaluate's JSON. */
#ifndef AS_CLI_CHECK_OUT_H
#define AS_CLI_CHECK_OUT_H

#include <stdio.h>

#include "analysis/breakeven.h"
#include "analysis/trajectory.h"
#include "engine/dataset.h"
#include "engine/eval.h"

/* Where the targets and previous years a file is judged against come from. */
typedef enum {
    AS_SOURCE_FOLDER = 0, /* the data set the file lies in (DIR/submissions/<year>/) */
    AS_SOURCE_OPTION = 1, /* --data DIR */
    AS_SOURCE_SAMPLE = 2, /* the bundled illustrative sample, for an illustrative file */
    AS_SOURCE_FILES = 3   /* --targets and --previous */
} as_check_source;

/* One file checked.  Owns its arena, diagnostics, evaluation and break-even;
 * ds belongs to the run (shared by the files judged against it). */
typedef struct {
    const char *file;             /* as named */
    as_arena *arena;              /* the submission's */
    as_submission *s;             /* NULL: it could not be read */
    as_diags diags;               /* of reading it, and check's own warnings about it */
    as_check_source kind;         /* where ds comes from */
    as_dataset *ds;               /* the data set judged against, or NULL */
    as_evaluation *ev;            /* NULL: not evaluated */
    const as_province_result *pr; /* its province in ev */
    as_breakeven *be;             /* NULL: --no-what-if, or nothing computed */
    as_trajectories *traj;        /* where each plan check is heading, or NULL */
} as_check_item;

typedef struct {
    const as_ruleset *rules;
    as_check_item *items; /* in the order the files were named */
    size_t n;
} as_check_result_set;

/* Print the report of an evaluated item: its first lines (file, province,
 * year, rules, data set, targets, previous years), on stdout or f, then its
 * diagnostics on stderr, then the table, what it would take and where each
 * plan check is heading on f. */
void as_check_print(const as_check_item *it, FILE *f);

/* Write every item as one JSON document to path ("-": standard output),
 * through an output set.  Returns 0, or -1 with the problem in d. */
int as_check_json_write(const as_check_result_set *set, const char *path, as_diags *d);

#endif
