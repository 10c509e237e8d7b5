/* support: what the fuzz harnesses share: a scratch folder removed at exit,
 * writing an input to a file there (the loaders read paths), copies of the
 * bundled data and the real 2026 rules loaded once.  Any setup failure
 * aborts: a harness that cannot set up must not report a clean run. */
#ifndef AS_FUZZ_SUPPORT_H
#define AS_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/rules.h"

/* The scratch folder of this process (created on first use). */
const char *fz_scratch(void);

/* A path inside the scratch folder; static storage, valid until the next call. */
const char *fz_path(const char *rel);

/* Write size bytes to path, replacing it. */
void fz_write(const char *path, const uint8_t *data, size_t size);

/* Copy rel (a file or folder of the repository) to scratch/dst. */
void fz_copy(const char *rel, const char *dst);

/* A path of the repository (static storage, valid until the next call). */
const char *fz_repo(const char *rel);

/* rules/2026.yaml, loaded once and kept for the whole run. */
const as_ruleset *fz_rules_2026(void);

/* scratch/mini: the sample data set cut to its shared files (dataset.yaml,
 * targets, findings) and the files of Beijing (110000) and Shanxi (140000,
 * which has verified figures and a finding), so one load reads few files. */
const char *fz_mini_sample(void);

/* Load the data set at dir for 2026 under the real rules and, if it loads,
 * evaluate it; everything is freed again. */
void fz_load_and_evaluate(const char *dir);

#endif
