/* test_plan: loading a plan file (the rules of a target review): the
 * fixture's plan loads with every formula bound, and each mistake in a copy
 * of it is reported where it is written, with the message a person acts on.
 * Not tested here: what the review computes (test_review.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/plan.h"

#include "support.h"

#define FIXTURE "tests/fixtures/review"

static char tmpdir[64];

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    make_folder(tmpdir, sizeof tmpdir, "test_plan");
}

static void teardown(void)
{
    remove_folder(tmpdir);
}

TestSuite(plan, .init = setup, .fini = teardown);

Test(plan, loads_the_fixture_with_every_name_bound)
{
    as_diags d;
    as_diags_init(&d);
    as_plan *p = NULL;
    cr_assert_eq(as_plan_load(FIXTURE "/plan.yaml", &p, &d), 0);
    cr_assert_eq(as_diags_total(&d), 0);
    cr_assert_str_eq(p->id, "test");
    cr_assert_str_eq(p->rules->id, "review-test");
    cr_assert_eq(as_plan_years(p), 5);
    cr_assert_eq(p->nitems, 2);
    cr_assert_eq(p->nquantities, 5);
    cr_assert_eq(p->nbases, 2); /* base.gdp (an input) and base.co2 (a quantity) */
    cr_assert_eq(p->bases[0].ref_kind, AS_REF_INPUT);
    cr_assert_eq(p->bases[1].ref_kind, AS_REF_QUANTITY);
    cr_assert(p->has_effort);
    cr_assert_eq(p->tier_of[2], 1);
    cr_assert_eq(p->adjustments[0].direction, 1);
    cr_assert_str_eq(p->items[0].approves[AS_APPROVE_PLAN], "co2_intensity_plan");
    as_plan_free(p);
    as_diags_release(&d);
}

/* The fixture's plan with each `from` replaced by its `to`, loaded: its
 * diagnostics, which must each be located at a line of the plan file. */
static char *load_variant(const char *const *pairs, size_t n, bool located)
{
    char path[128];
    char *text = read_text(FIXTURE "/plan.yaml"), *rules = read_text(FIXTURE "/rules.yaml");
    for (size_t i = 0; i < n; i++)
        text = replaced(text, pairs[2 * i], pairs[2 * i + 1]);
    snprintf(path, sizeof path, "%s/rules.yaml", tmpdir);
    write_text(path, rules);
    snprintf(path, sizeof path, "%s/plan.yaml", tmpdir);
    write_text(path, text);
    free(text);
    free(rules);
    as_diags d;
    as_diags_init(&d);
    as_plan *p = NULL;
    cr_assert_eq(as_plan_load(path, &p, &d), -1);
    cr_assert_null(p);
    for (size_t i = 0; located && i < d.n; i++)
        cr_assert(d.items[i].loc.line > 0 && strstr(d.items[i].loc.file, "plan.yaml"),
                  "'%s' is located in the plan file", d.items[i].text.en);
    char *got = joined_diags(&d);
    as_diags_release(&d);
    return got;
}

Test(plan, locates_every_mistake)
{
    static const struct {
        char from[80], to[80], exp[200];
    } cases[] = {
        {"co2_base * (1 - co2_intensity)", "co2_base * (1 - co2_intensty)",
         ":32:46: error: unknown name 'co2_intensty' in formula: use a proposal item, a "
         "province figure, base.<input or quantity of the rules> or national.<statistic>\n"},
        {"formula: base.co2,", "formula: base.co3,",
         ":29:29: error: 'co3' is no input or quantity of the rule set 'review-test'\n"},
        {"national.gdp_growth", "national.gpd_growth",
         ":50:54: error: 'national.gpd_growth' is not declared under 'statistics'\n"},
        {"formula: base.gdp,", "formula: gdp_final,",
         ":28:29: error: province figure 'gdp_final' is defined below the one reading it\n"},
        {"provinces: [\"130000\"]", "provinces: [\"130000\", \"110000\"]",
         ":62:30: error: province '110000' is already in tier 'tier1'\n"},
        {"provinces: [\"110000\", \"120000\"]", "provinces: [\"110000\"]",
         ":59:5: error: province '120000' (Tianjin) is in no tier\n"},
        {"national: co2_intensity, item", "national: co2_total, item",
         ":65:16: error: national figure 'co2_total' has no goal to close a gap to\n"},
        {"approves: {plan: co2_intensity_plan", "approves: {plan: co2_intensity_annual",
         ":18:16: error: target 'co2_intensity_annual' is set per year, so 'plan' cannot "
         "approve it\n"},
        {"tolerance: 0.001,", "tolerence: 0.001,",
         ":16:55: error: unknown field 'tolerence' in item: did you mean 'tolerance'?\n"},
        {"path: required, unit: fraction,\n     display",
         "path: never, unit: fraction,\n  "
         "   display",
         ":19:63: error: unknown path 'never': use 'none', 'optional' or 'required'\n"},
        {"goal: 0.20", "goal: 0.20 +", ":47:17: error: unexpected end of formula\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *pair[2] = {cases[i].from, cases[i].to};
        char *got = load_variant(pair, 1, true);
        cr_assert(strstr(got, cases[i].exp), "case %zu: expected\n%s\ngot\n%s", i, cases[i].exp,
                  got);
        cr_assert(!strstr(got, "has no goal") || strstr(cases[i].exp, "has no goal"),
                  "case %zu: no message follows from another: %s", i, got);
        free(got);
    }
}

Test(plan, asks_for_a_level_in_every_tier_for_the_distance_rule)
{
    const char *pairs[] = {"rule: uniform", "rule: distance", "levels: {co2_intensity: 0.12}",
                           "levels: {}"};
    char *got = load_variant(pairs, 2, true);
    cr_assert(strstr(got, ":61:7: error: tier 'tier2' gives no level for 'co2_intensity', which "
                          "the rule 'distance' needs\n"),
              "%s", got);
    free(got);
}

Test(plan, names_the_rule_set_it_cannot_read)
{
    const char *pairs[] = {"rules: rules.yaml", "rules: no-such.yaml"};
    char *got = load_variant(pairs, 1, false);
    cr_assert(strstr(got, "no-such.yaml: error: cannot open file: No such file or directory\n"),
              "%s", got);
    cr_assert(strstr(got, "plan.yaml:8:10: error: the rule set '"), "%s", got);
    free(got);
}
