/* fuzz_submission: Beijing's 2026 submission inside a copy of the sample:
 * the file is read as `assess check` reads it and, when it loads, takes the
 * place of Beijing's file and the province is evaluated with the sample's
 * targets, earlier year and findings. */
#include "engine/dataset.h"
#include "engine/eval.h"

#include "support.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static as_dataset *ds;
static size_t beijing, cell;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const as_ruleset *r = fz_rules_2026();
    fz_copy("data/sample", "sample");
    as_diags d;
    as_diags_init(&d);
    if (as_dataset_load(r, fz_path("sample"), 2026, &ds, &d) != 0 ||
        as_rules_province(r, "110000", &beijing) != 0)
        __builtin_trap();
    as_diags_release(&d);
    cell = beijing * (size_t)ds->nyears + (size_t)(2026 - ds->first_year);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const as_ruleset *r = fz_rules_2026();
    const char *path = fz_path("sample/submissions/2026/110000.yaml");
    fz_write(path, data, size);
    as_arena *a = as_arena_new(0);
    as_submission *s = NULL, *original = ds->reported[cell];
    as_diags d;
    as_diags_init(&d);
    if (a && as_submission_load(r, path, a, "110000", 2026, false, &s, &d) == 0) {
        as_dataset_set_reported(ds, s);
        as_eval_opts o = as_eval_defaults();
        o.only = (long)beijing;
        as_evaluation *ev = NULL;
        if (as_evaluate(r, ds, 2026, &o, &ev, &d) == 0)
            as_evaluation_free(ev);
        ds->reported[cell] = original; /* s dies with the arena */
    }
    as_diags_release(&d);
    as_arena_free(a);
    return 0;
}
