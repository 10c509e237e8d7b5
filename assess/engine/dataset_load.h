/* dataset_load: what the files of the data-set loader share, and no other
 * module includes.  dataset.c reads the submissions, lays out a data set
 * and answers queries; dataset_shared.c reads the files every province
 * shares (dataset.yaml, targets, findings) into it.
 *
 * Ownership: everything read lives in the data set's arena. */
#ifndef AS_DATASET_LOAD_H
#define AS_DATASET_LOAD_H

#include <stdbool.h>

#include "base/diag.h"
#include "engine/dataset.h"

/* True when something is at path (or it cannot be told): reading it then
 * says what is wrong.  stat, not open, so a FIFO does not block here. */
bool as_dsload_exists(const char *path);

/* Read DIR/dataset.yaml into ds (names, notice, source, the notification
 * date of ds->year).  Returns 0, or -1 with every problem in d. */
int as_dsload_dataset_yaml(as_dataset *ds, as_diags *d);

/* Read one approved-targets file (as in DIR/targets/) into ds when its years
 * include ds->year; *illustrative is set when the file says so.  Problems go
 * to d. */
void as_dsload_targets_file(as_dataset *ds, const char *path, bool *illustrative, as_diags *d);

/* Read every targets file of DIR/targets/.  Returns 0, or -1 (problems in d). */
int as_dsload_targets(as_dataset *ds, as_diags *d);

/* Read DIR/findings/<year>.yaml when there is one.  Returns 0, or -1
 * (problems in d). */
int as_dsload_findings(as_dataset *ds, as_diags *d);

#endif
