/* selfcheck: a province's self-check of one submission before it is sent,
 * as `assess check` runs it and any front-end may (the portal's quality
 * check on upload): the file read, with its mistakes; the data set it is
 * judged against chosen and loaded once for every file judged against it
 * (the one it lies in, one named, the bundled sample for a file that says it
 * is illustrative, or approved targets and earlier submissions named one by
 * one); its figures evaluated as the province reports them (no verified
 * figures, no findings) with the calculation trail; what it would take (the
 * break-even value of each input of each check); and each plan check's
 * trajectory.  A result structure carries everything a front-end shows or
 * writes (checkjson.h); it prints nothing.
 *
 * Ownership: an as_check_run borrows its options (rule set, paths) and owns
 * the data sets it loaded; an as_check_item owns its submission,
 * diagnostics and analyses (as_check_item_release) and points into the
 * run's data set: release the items before the run. */
#ifndef AS_ANALYSIS_SELFCHECK_H
#define AS_ANALYSIS_SELFCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/breakeven.h"
#include "analysis/trajectory.h"
#include "engine/dataset.h"
#include "engine/eval.h"

/* Where the targets and previous years a file is judged against come from. */
typedef enum {
    AS_SOURCE_FOLDER = 0, /* the data set the file lies in (DIR/submissions/<year>/) */
    AS_SOURCE_OPTION = 1, /* the data set the options name */
    AS_SOURCE_SAMPLE = 2, /* the bundled illustrative sample, for an illustrative file */
    AS_SOURCE_FILES = 3   /* the targets files and earlier submissions the options name */
} as_check_source;

typedef struct {
    const as_ruleset *rules;     /* loaded by the caller; must outlive the run */
    const char *data;            /* judge every file against this data set, or NULL */
    const char *const *targets;  /* approved-targets files (as in DIR/targets/), or none */
    size_t ntargets;             /* with them (or with previous), no data set is used */
    const char *const *previous; /* earlier years' submissions of the province, or none */
    size_t nprevious;
    bool sample;     /* a file in no data set that says it is illustrative is
                        judged against the bundled sample (bundle.h) */
    bool no_what_if; /* leave out what it would take (quicker) */
} as_check_opts;

/* How one file went. */
typedef enum {
    AS_CHECK_OK = 0,       /* read and judged; the verdicts are the file's, whatever they are */
    AS_CHECK_INVALID = 1,  /* the file, the rules or its data set have errors */
    AS_CHECK_NO_SOURCE = 2 /* nothing to judge it against: why is in problems */
} as_check_status;

/* One file checked. */
typedef struct {
    const char *file; /* as named */
    as_check_status status;
    as_arena *arena;              /* the submission's */
    as_submission *s;             /* NULL: it could not be read */
    as_diags diags;               /* of reading it, and the check's own warnings about it */
    as_diags problems;            /* of loading the data set judged against, or why there is none
                                     (located nowhere: a front-end says it as its own) */
    as_check_source kind;         /* where ds comes from */
    const as_dataset *ds;         /* the data set judged against (the run's), or NULL */
    as_evaluation *ev;            /* NULL: not evaluated */
    const as_province_result *pr; /* its province in ev */
    as_breakeven *be;             /* NULL: no_what_if, or nothing computed */
    as_trajectories *traj;        /* where each plan check is heading, or NULL */
} as_check_item;

typedef struct as_check_run as_check_run;

/* A run of self-checks with options o (copied; what they point at is
 * borrowed), or NULL when out of memory. */
as_check_run *as_check_new(const as_check_opts *o);

/* Check the file at path into *it (zeroed first; release it with
 * as_check_item_release whatever the status).  Returns it->status. */
as_check_status as_check_file(as_check_run *run, const char *path, as_check_item *it);

void as_check_item_release(as_check_item *it);

/* Free the run and the data sets it loaded; NULL is ok. */
void as_check_free(as_check_run *run);

/* The item's break-even values of check c of indicator k, or NULL. */
const as_be_check *as_check_what_if(const as_check_item *it, size_t k, size_t c);

/* "folder", "option", "sample", "files": the source's name in JSON. */
const char *as_check_source_name(as_check_source s);

#endif
