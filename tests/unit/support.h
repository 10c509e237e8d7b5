/* support: helpers shared by the unit tests: golden-file text and the
 * diagnostics of a run as the lines a user would see.  Failures abort the
 * test through Criterion's assertions. */
#ifndef AS_TEST_SUPPORT_H
#define AS_TEST_SUPPORT_H

#include "engine/error.h"

/* Every diagnostic of d formatted as "file:line:col: error: ...\n" (or
 * warning, note), joined; malloc'd, the caller frees. */
char *joined_diags(const as_diags *d);

/* The same for the errors of d only. */
char *joined_errors(const as_diags *d);

/* CPU time this process has used so far, in seconds (user and system):
 * for the bounds a hostile input must stay under. */
double cpu_seconds(void);

/* The whole text of a file of at most 64 KiB; malloc'd, the caller frees. */
char *read_text(const char *path);

#endif
