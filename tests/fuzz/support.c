/* support: shared set-up of the fuzz harnesses (see support.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "support.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/dataset.h"
#include "engine/eval.h"

static char scratch[256];

static void die(const char *what)
{
    fprintf(stderr, "fuzz set-up: %s\n", what);
    abort();
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_scratch(void)
{
    if (scratch[0])
        nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fz_scratch(void)
{
    if (!scratch[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(scratch, sizeof scratch, "%s/assess-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(scratch))
            die("cannot create the scratch folder");
        atexit(remove_scratch);
    }
    return scratch;
}

const char *fz_path(const char *rel)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", fz_scratch(), rel);
    return buf;
}

const char *fz_repo(const char *rel)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", ASSESS_SOURCE_DIR, rel);
    return buf;
}

void fz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        die(path);
}

void fz_copy(const char *rel, const char *dst)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s/%s')\" && cp -r '%s/%s' '%s/%s'",
             fz_scratch(), dst, ASSESS_SOURCE_DIR, rel, fz_scratch(), dst);
    if (system(cmd) != 0)
        die(cmd);
}

const as_ruleset *fz_rules_2026(void)
{
    static as_ruleset *r;
    if (!r) {
        as_diags d;
        as_diags_init(&d);
        if (as_rules_load(fz_repo("rules/2026.yaml"), &r, &d) != 0)
            die("rules/2026.yaml does not load");
        as_diags_release(&d);
    }
    return r;
}

const char *fz_mini_sample(void)
{
    static const char *const parts[] = {
        "dataset.yaml",
        "targets",
        "findings",
        "submissions/2025/110000.yaml",
        "submissions/2026/110000.yaml",
        "submissions/2025/140000.yaml",
        "submissions/2026/140000.yaml",
        "verified/2026/140000.yaml",
    };
    static char dir[512];
    if (!dir[0]) {
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
            char src[128], dst[128];
            snprintf(src, sizeof src, "data/sample/%s", parts[i]);
            snprintf(dst, sizeof dst, "mini/%s", parts[i]);
            fz_copy(src, dst);
        }
        snprintf(dir, sizeof dir, "%s", fz_path("mini"));
    }
    return dir;
}

void fz_load_and_evaluate(const char *dir)
{
    const as_ruleset *r = fz_rules_2026();
    as_diags d;
    as_dataset *ds = NULL;
    as_evaluation *ev = NULL;
    as_diags_init(&d);
    if (as_dataset_load(r, dir, 2026, &ds, &d) == 0) {
        as_eval_opts o = as_eval_defaults();
        if (as_evaluate(r, ds, 2026, &o, &ev, &d) == 0)
            as_evaluation_free(ev);
        as_dataset_free(ds);
    }
    as_diags_release(&d);
}
