/* fuzz_plan: a plan file replaced by the input, beside a copy of the rules
 * (so that `rules: ../2026.yaml` reads them, as in rules/plans/); a plan
 * that loads reviews the proposals of a cut-down copy of the sample. */
#include "support.h"

#include "analysis/review.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    const char *dir = fz_mini_sample();
    if (!ready) {
        fz_copy("rules", "rules");
        ready = 1;
    }
    const char *path = fz_path("rules/plans/fuzz.yaml");
    fz_write(path, data, size);
    as_diags d;
    as_diags_init(&d);
    as_plan *plan = NULL;
    as_dataset *base = NULL;
    as_proposals *ps = NULL;
    as_review *rv = NULL;
    if (as_plan_load(path, &plan, &d) == 0 &&
        as_dataset_load(plan->rules, dir, plan->base_year, &base, &d) == 0 &&
        as_proposals_load(plan, dir, base->illustrative, &ps, &d) == 0 &&
        as_review_run(plan, base, ps, &rv, &d) == 0)
        as_review_free(rv);
    as_proposals_free(ps);
    as_dataset_free(base);
    as_plan_free(plan);
    as_diags_release(&d);
    return 0;
}
