/* fuzz_rules_include: one rule file included after the real 2026 rules, so
 * what it adds or repeats meets real inputs, quantities, indicators and
 * grading (duplicates, binding, exemptions, coverage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char top[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char text[700];
    snprintf(top, sizeof top, "%s", fz_path("top.yaml"));
    snprintf(text, sizeof text, "include:\n  - '%s'\n  - extra.yaml\n", fz_repo("rules/2026.yaml"));
    fz_write(top, (const uint8_t *)text, strlen(text));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_write(fz_path("extra.yaml"), data, size);
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    if (as_rules_load(top, &r, &d) == 0) {
        if (!as_rules_grade(r, 1, 0, false) || !as_rules_grade(r, 0, 0, true))
            __builtin_trap();
        as_rules_free(r);
    }
    as_diags_release(&d);
    return 0;
}
