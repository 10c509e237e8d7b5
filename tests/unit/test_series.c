/* test_series: what a run over several years keeps for its summary, on the
 * 13th FYP backtest (rules/13fyp-backtest.yaml, data/backtest-13fyp): a
 * selection of provinces in rule-set order, each year's grades and every
 * check's compared numbers exactly as the evaluation has them, the
 * five-year-plan target of the check the rules mark with plan: (cumulative)
 * evaluated for each province,
 * a year not added left empty, and an evaluation of another year refused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/series.h"

#include "support.h"

static as_ruleset *rules;

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    as_diags d;
    as_diags_init(&d);
    int rc = as_rules_load("rules/13fyp-backtest.yaml", &rules, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s", msgs);
    free(msgs);
    as_diags_release(&d);
}

static void teardown(void)
{
    as_rules_free(rules);
}

TestSuite(series, .init = setup, .fini = teardown);

/* The backtest's evaluation of year for the provinces in select. */
static as_evaluation *evaluate(int year, const unsigned char *select, as_dataset **ds)
{
    as_diags d;
    as_diags_init(&d);
    as_evaluation *ev = NULL;
    as_eval_opts o = as_eval_defaults();
    o.select = select;
    o.no_trace = true;
    cr_assert_eq(as_dataset_load(rules, "data/backtest-13fyp", year, ds, &d), 0);
    cr_assert_eq(as_evaluate(rules, *ds, year, &o, &ev, &d), 0);
    as_diags_release(&d);
    return ev;
}

static size_t province(const char *code)
{
    size_t p = 0;
    cr_assert_eq(as_rules_province(rules, code, &p), 0);
    return p;
}

Test(series, keeps_each_years_grades_and_compared_numbers_of_the_provinces_selected)
{
    unsigned char *select = calloc(rules->nprovinces, 1);
    select[province("640000")] = select[province("110000")] = 1;
    static const int years[] = {2016, 2017, 2018};
    as_series *s = as_series_new(rules, years, 3, select);
    cr_assert_not_null(s);
    cr_assert_eq(s->nunits, 2);
    cr_expect_eq(s->units[0], province("110000"), "rule-set order");
    cr_expect_eq(s->units[1], province("640000"));
    cr_assert_eq(s->nslots, 2);
    size_t plan = 0;
    cr_assert_eq(as_rules_target(rules, "co2_intensity_plan", &plan), 0);
    cr_expect_not(s->slot_plan[0], "annual has no plan:");
    cr_expect(s->slot_plan[1], "cumulative follows the plan target");
    for (size_t y = 0; y < 2; y++) {
        as_dataset *ds = NULL;
        as_evaluation *ev = evaluate(years[y], select, &ds);
        cr_assert_eq(as_series_add(s, ev), 0);
        for (size_t u = 0; u < 2; u++) {
            const as_province_result *pr = &ev->provinces[u];
            const as_series_unit *cu = as_series_unit_at(s, y, u);
            cr_expect(cu->evaluated);
            cr_expect_eq(cu->grade, pr->grade);
            cr_expect_eq(cu->control_missed, pr->control_missed);
            for (size_t c = 0; c < s->nslots; c++) {
                const as_check_result *cr =
                    &pr->indicators[s->slot_indicator[c]].checks[s->slot_check[c]];
                const as_series_check *sc = as_series_check_at(s, y, u, c);
                cr_expect_eq(sc->status, cr->status);
                cr_expect_eq(sc->value, cr->verdict.value, "%d %s", years[y], pr->province->code);
                cr_expect_eq(sc->target, cr->verdict.target);
                cr_expect_eq(sc->margin, cr->verdict.margin);
                cr_expect_eq(sc->has_plan, c == 1);
                if (c == 1)
                    cr_expect_eq(sc->plan, ds->target_values[pr->index * rules->ntargets + plan]);
            }
            cr_expect_eq(as_series_indicator_at(s, y, u, 0), pr->indicators[0].status);
        }
        as_evaluation_free(ev);
        as_dataset_free(ds);
    }
    cr_expect_str_eq(s->data_dir, "data/backtest-13fyp");
    cr_expect_not(s->illustrative);
    cr_expect(s->done[0] && s->done[1]);
    cr_expect_not(s->done[2], "2018 was not added");
    cr_expect_not(as_series_unit_at(s, 2, 0)->evaluated);
    as_dataset *ds = NULL;
    as_evaluation *other = evaluate(2019, select, &ds);
    cr_expect_eq(as_series_add(s, other), -1, "a year not in the series");
    as_evaluation_free(other);
    as_dataset_free(ds);
    as_series_free(s);
    free(select);
}

Test(series, takes_every_province_without_a_selection)
{
    static const int years[] = {2016};
    as_series *s = as_series_new(rules, years, 1, NULL);
    cr_assert_not_null(s);
    cr_expect_eq(s->nunits, rules->nprovinces);
    for (size_t u = 0; u < s->nunits; u++)
        cr_expect_eq(s->units[u], u);
    as_series_free(s);
    as_series_free(NULL);
}
