/* fuzz_proposal: Beijing's 15th FYP proposal replaced by the input, in a
 * cut-down copy of the sample (with Shanxi's proposal and the national
 * statistics); the proposals are read and reviewed under
 * rules/plans/15fyp.yaml, as `assess targets review` would. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>

#include "analysis/review.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static as_plan *plan;
    static as_dataset *base;
    const char *dir = fz_mini_sample();
    as_diags d;
    as_diags_init(&d);
    if (!plan) {
        /* the proposals of the two provinces the cut-down sample keeps, and the
         * national statistics: the others are reported missing, quickly */
        char cmd[600];
        snprintf(cmd, sizeof cmd,
                 "cd '%s/targets/proposals/15fyp' && find . -name '*.yaml' ! -name 110000.yaml "
                 "! -name 140000.yaml ! -name national.yaml -delete",
                 dir);
        if (system(cmd) != 0 || as_plan_load(fz_repo("rules/plans/15fyp.yaml"), &plan, &d) != 0 ||
            as_dataset_load(plan->rules, dir, plan->base_year, &base, &d) != 0)
            abort(); /* the bundled plan and sample must load */
    }
    fz_write(fz_path("mini/targets/proposals/15fyp/110000.yaml"), data, size);
    as_proposals *ps = NULL;
    as_review *rv = NULL;
    if (as_proposals_load(plan, dir, base->illustrative, &ps, &d) == 0 &&
        as_review_run(plan, base, ps, &rv, &d) == 0)
        as_review_free(rv);
    as_proposals_free(ps);
    as_diags_release(&d);
    return 0;
}
