/* fuzz_xlsx: the workbook reader on arbitrary bytes, as a submission's
 * "填报 Inputs" sheet: every tree it builds is walked with the accessors the
 * loaders use (locations, numbers, text), and a workbook that reads is then
 * loaded as Beijing's 2026 submission under rules/2026.yaml, as `assess
 * check` would.  Seeds (corpus/xlsx/) are real templates, filled in and
 * re-saved by other programs, some with parts stored unpacked so that
 * mutations reach the XML, and hostile variants seed.sh makes (an entry
 * twice or in another case, 40 KiB tokens, terminal escapes, bad shared
 * string indexes, 1e308, a second input sheet); xlsx.dict gives the
 * mutations zip signatures, part names, markup and escapes to insert. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "engine/dataset.h"
#include "input/xlsxdoc.h"

#ifndef ASSESS_SOURCE_DIR
#define ASSESS_SOURCE_DIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static as_ruleset *rules;
static char path[512]; /* the workbook as a file, removed after each input */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    as_diags d;
    as_diags_init(&d);
    if (as_rules_load(ASSESS_SOURCE_DIR "/rules/2026.yaml", &rules, &d) != 0)
        __builtin_trap();
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/fuzz_xlsx.%ld.xlsx", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    as_diags_release(&d);
    return 0;
}

/* Use every scalar as the loaders would: its location, as a number and as text. */
static void walk(as_ydoc *y, yaml_node_t *n, as_arena *a, as_diags *d)
{
    char buf[256];
    as_loc_print(buf, sizeof buf, as_ydoc_loc(y, n));
    if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            walk(y, as_ydoc_node(y, p->key), a, d);
            walk(y, as_ydoc_node(y, p->value), a, d);
        }
    } else if (n->type == YAML_SCALAR_NODE && !as_ydoc_is_null(n)) {
        double v;
        const char *s;
        as_ydoc_to_num(y, n, "fuzz", &v, d);
        as_ydoc_to_str(y, n, "fuzz", a, &s, d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const as_xlsx_layout layout = {AS_SUBMISSION_SHEET, AS_SUBMISSION_KEY_COL,
                                          AS_SUBMISSION_VALUE_COL};
    as_arena *a = as_arena_new(0);
    as_ydoc y;
    as_diags d;
    as_diags_init(&d);
    if (a && as_xlsxdoc_load_buffer(&y, "fuzz.xlsx", data, size, &layout, a, &d) == 0) {
        walk(&y, as_ydoc_root(&y), a, &d);
        as_ydoc_release(&y);
        FILE *f = fopen(path, "wb");
        if (f) {
            bool ok = fwrite(data, 1, size, f) == size;
            as_submission *s;
            if (fclose(f) == 0 && ok)
                as_submission_load(rules, path, a, "110000", 2026, false, &s, &d);
            unlink(path);
        }
    }
    for (size_t i = 0; i < d.n; i++)
        free(as_diag_format(&d.items[i]));
    as_diags_release(&d);
    as_arena_free(a);
    return 0;
}
