/* support: helpers shared by the unit tests: golden-file text (rewritten
 * with UPDATE_GOLDEN=1) and the diagnostics of a run as the lines a user
 * would see.  Failures abort the
 * test through Criterion's assertions. */
#ifndef AS_TEST_SUPPORT_H
#define AS_TEST_SUPPORT_H

#include "base/diag.h"
#include "engine/eval.h"

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

/* text (malloc'd, freed here) with the first `from` replaced by `to`, which
 * must be there; malloc'd, the caller frees. */
char *replaced(char *text, const char *from, const char *to);

/* Write text to path (created or truncated). */
void write_text(const char *path, const char *text);

/* A new empty folder "/tmp/<name>.XXXXXX" in dir (of size n); remove_folder
 * removes it with everything in it. */
void make_folder(char *dir, size_t n, const char *name);
void remove_folder(const char *dir);

/* The text of the golden file at path (read_text), to compare with got;
 * with UPDATE_GOLDEN set in the environment, got is written there first (then
 * look at the diff before committing it). */
char *golden_text(const char *path, const char *got);

/* Diagnostic e as the "file:line:col: error: ..." line a user reads ("" for
 * NULL), in one of a few buffers reused in turn: valid until four more
 * lines are made. */
const char *diag_line(const as_diag *e);

/* The i-th error (0-based) of a province's result as such a line, "" when
 * it has fewer. */
const char *error_line(const as_province_result *pr, size_t i);

#endif
