/* fuzz_rules: one rule file on its own, through the whole loader (parse,
 * fields, includes relative to a scratch folder, binding, cycles, grading
 * coverage); a rule set that loads is also asked for every grade. */
#include "support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fz_path("rules.yaml");
    fz_write(path, data, size);
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    if (as_rules_load(path, &r, &d) == 0) {
        for (int f = 0; f <= 1; f++)
            for (int c = 0; c <= (int)r->ncontrol; c++)
                for (int s = 0; s <= (int)r->nsupport; s++)
                    if (!as_rules_grade(r, c, s, f))
                        __builtin_trap(); /* the loader promised full coverage */
        as_rules_free(r);
    }
    as_diags_release(&d);
    return 0;
}
