/* template_proposal: `assess template --proposal --plan PLAN --province PROVINCE`:
 * an empty proposal of one province for a plan's target review, printed as
 * YAML (every item of the plan with its name, unit and what its value
 * means as comments) or written as a workbook with --xlsx. */
#include "cli/template_proposal.h"

#include <stdio.h>
#include <string.h>

#include "base/bundle.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/plan.h"
#include "report/proposal_template.h"

static void print_item(const as_plan *p, const as_plan_item *it, bool zh)
{
    printf("%s:   # %s | %s [%s]\n", it->id, it->name_zh, it->name_en, it->unit);
    if (it->measure != AS_MEASURE_GROWTH || it->path != AS_PATH_REQUIRED) {
        printf("  value: ~   # ");
        if (it->measure == AS_MEASURE_REDUCTION)
            printf(as_cli_tr(zh, "reduction over the plan, %d against %d"), p->final_year,
                   p->base_year);
        else if (it->measure == AS_MEASURE_LEVEL)
            printf(as_cli_tr(zh, "level in %d"), p->final_year);
        else
            fputs(as_cli_tr(zh, "growth over the plan (or give each year)"), stdout);
        if (it->has_min && it->has_max)
            printf("; %g .. %g", it->min, it->max);
        putchar('\n');
    }
    for (int y = p->base_year + 1; it->path != AS_PATH_NONE && y <= p->final_year; y++)
        printf("  y%d: ~\n", y);
    printf("  source: \"\"   # %s\n", as_cli_tr(zh, "where the figures come from"));
}

static void print_proposal(const as_plan *p, size_t province, bool illustrative)
{
    const as_province *pv = &p->rules->provinces[province];
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++) {
        printf(as_cli_tr(zh[l], "# Proposal of %s (%s) for plan %s: %s.\n"),
               as_cli_name_in(zh[l], pv->name_zh, pv->name_en), pv->code, p->id,
               zh[l] ? p->title_zh : p->title_en);
        printf(as_cli_tr(zh[l],
                         "# Fill in every value in the unit given (a share or a rate as a "
                         "fraction: 17 %% is 0.17);\n# write '~' where there is no figure, and "
                         "say where the figures come from under each 'source'.\n# The file "
                         "goes in DIR/targets/proposals/%s/%s.yaml; the centre reviews it with\n"
                         "#   assess targets review --plan %s --data DIR   (format: "
                         "docs/targets.md)\n"),
               p->id, pv->code, p->id);
    }
    printf("proposal:\n  province: \"%s\"\n  plan: %s\n  illustrative: %s\n", pv->code, p->id,
           illustrative ? "true" : "false");
    printf("  source: \"\"   # %s\n", as_cli_tr(zh[0], "where the proposal comes from"));
    for (size_t i = 0; i < p->nitems; i++)
        print_item(p, &p->items[i], zh[0]);
}

int as_cli_template_proposal(const char *plan, const char *code, const char *xlsx,
                             bool illustrative)
{
    as_diags d;
    as_diags_init(&d);
    as_plan *p = NULL;
    size_t province;
    int rc = AS_EXIT_INVALID;
    if (as_plan_load(as_bundle_plan(plan), &p, &d) != 0) {
        as_cli_print_diags(&d);
    } else if (as_cli_one_province("template", p->rules, code, &province) != 0) {
        rc = AS_EXIT_USAGE;
    } else if (!xlsx) {
        print_proposal(p, province, illustrative);
        rc = AS_EXIT_OK;
    } else {
        rc = as_proposal_template_write(p, province, illustrative, xlsx, &d) == 0 ? AS_EXIT_OK
                                                                                  : AS_EXIT_OUTPUT;
        as_cli_print_diags(&d);
    }
    as_diags_release(&d);
    as_plan_free(p);
    return rc;
}
