/* test_rules: the shipped rule sets load as the brief describes them (31
 * provinces, 5 control + 9 support indicators, parameters with validity,
 * Tibet's exemption, the grading of the Measures), names are bound to what
 * they mean, and every class of rule-file error gives its exact located
 * message (golden files under tests/fixtures/rules/bad/).  Not tested here:
 * computing anything for a province (test_eval.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/rules.h"

#include "support.h"

static void setup(void)
{
    /* Paths in messages are the paths passed to as_rules_load: relative to the root. */
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
}

TestSuite(rules, .init = setup);

/* ------------------------------------------------------------------ helpers */

static as_ruleset *load_ok(const char *path)
{
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    int rc = as_rules_load(path, &r, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s should load, got:\n%s", path, msgs);
    cr_assert_not_null(r);
    free(msgs);
    as_diags_release(&d);
    return r;
}

static size_t province(const as_ruleset *r, const char *code)
{
    size_t i = 0;
    cr_assert_eq(as_rules_province(r, code, &i), 0, "no province %s", code);
    return i;
}

static const as_indicator *indicator(const as_ruleset *r, const char *id)
{
    for (size_t i = 0; i < r->nindicators; i++)
        if (!strcmp(r->indicators[i].id, id))
            return &r->indicators[i];
    cr_assert_fail("no indicator '%s'", id);
    return NULL;
}

static const as_param *param(const as_ruleset *r, const char *id)
{
    for (size_t i = 0; i < r->nparams; i++)
        if (!strcmp(r->params[i].id, id))
            return &r->params[i];
    cr_assert_fail("no parameter '%s'", id);
    return NULL;
}

/* ------------------------------------------------------------------ rules/2026.yaml */

Test(rules, loads_the_2026_rules_with_31_provinces_in_code_order)
{
    static const struct {
        char code[7];
        char name_en[16];
        size_t exp_index;
    } cases[] = {
        {"110000", "Beijing", 0}, {"150000", "Inner Mongolia", 4}, {"460000", "Hainan", 20},
        {"540000", "Tibet", 25},  {"650000", "Xinjiang", 30},
    };
    as_ruleset *r = load_ok("rules/2026.yaml");
    cr_expect_eq(r->nprovinces, 31);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t got = province(r, cases[i].code);
        cr_expect_eq(got, cases[i].exp_index, "%s: exp %zu got %zu", cases[i].code,
                     cases[i].exp_index, got);
        cr_expect_str_eq(r->provinces[got].name_en, cases[i].name_en);
    }
    for (size_t i = 1; i < r->nprovinces; i++)
        cr_expect_lt(strcmp(r->provinces[i - 1].code, r->provinces[i].code), 0, "%s before %s",
                     r->provinces[i - 1].code, r->provinces[i].code);
    size_t idx = 0;
    cr_expect_eq(as_rules_province(r, "710000", &idx), -1, "Taiwan is not assessed");
    as_rules_free(r);
}

Test(rules, loads_14_indicators_5_control_then_9_support_in_file_order)
{
    static const struct {
        char id[24];
        as_kind kind;
        size_t nchecks;
    } exp[] = {
        {"co2_total", AS_KIND_CONTROL, 1},         {"co2_intensity", AS_KIND_CONTROL, 2},
        {"coal_total", AS_KIND_CONTROL, 1},        {"oil_total", AS_KIND_CONTROL, 1},
        {"non_fossil_share", AS_KIND_CONTROL, 1},  {"energy_intensity", AS_KIND_SUPPORT, 1},
        {"clean_power_share", AS_KIND_SUPPORT, 1}, {"industry", AS_KIND_SUPPORT, 2},
        {"two_high_projects", AS_KIND_SUPPORT, 1}, {"green_building", AS_KIND_SUPPORT, 1},
        {"green_transport", AS_KIND_SUPPORT, 1},   {"public_institutions", AS_KIND_SUPPORT, 1},
        {"ets_control", AS_KIND_SUPPORT, 1},       {"forest_stock", AS_KIND_SUPPORT, 1},
    };
    as_ruleset *r = load_ok("rules/2026.yaml");
    cr_assert_eq(r->nindicators, sizeof exp / sizeof exp[0]);
    cr_expect_eq(r->ncontrol, 5);
    cr_expect_eq(r->nsupport, 9);
    for (size_t i = 0; i < r->nindicators; i++) {
        const as_indicator *got = &r->indicators[i];
        cr_expect_str_eq(got->id, exp[i].id, "indicator %zu: exp %s got %s", i, exp[i].id, got->id);
        cr_expect_eq(got->kind, exp[i].kind, "%s: kind", exp[i].id);
        cr_expect_eq(got->nchecks, exp[i].nchecks, "%s: checks", exp[i].id);
        cr_expect_not(got->no_data_counts_met, "%s: no data counts as missed", exp[i].id);
    }
    as_rules_free(r);
}

Test(rules, reads_both_checks_of_co2_intensity_with_their_formulas)
{
    static const struct {
        char name[16];
        as_cmp cmp;
        char value[64];
        char target[72];
    } exp[] = {
        {"annual", AS_CMP_GE, "1 - (co2 / co2[prev]) / (1 + gdp_growth)",
         "target.co2_intensity_annual"},
        {"cumulative", AS_CMP_GE, "1 - (co2 / co2[base]) / chain(1 + gdp_growth)",
         "1 - (1 - target.co2_intensity_plan) ^ ((year - base_year) / 5)"},
    };
    as_ruleset *r = load_ok("rules/2026.yaml");
    const as_indicator *ind = indicator(r, "co2_intensity");
    cr_expect_str_eq(ind->name_zh, "碳排放强度降低");
    cr_expect_str_eq(ind->unit, "fraction");
    cr_expect_eq(ind->display, AS_DISPLAY_PERCENT);
    cr_expect_eq(ind->decimals, 4);
    cr_assert_eq(ind->ndepartments, 3);
    cr_expect_str_eq(ind->departments[0], "NDRC");
    cr_expect_str_eq(ind->departments[1], "MEE");
    cr_expect_str_eq(ind->departments[2], "NBS");
    cr_expect_eq(ind->nexempt, 0);
    cr_assert_eq(ind->nchecks, 2);
    for (size_t i = 0; i < 2; i++) {
        const as_check_def *got = &ind->checks[i];
        cr_expect_str_eq(got->name, exp[i].name);
        cr_expect_eq(got->cmp, exp[i].cmp, "%s: compare", exp[i].name);
        cr_expect_str_eq(as_expr_text(got->value.expr), exp[i].value);
        cr_expect_str_eq(as_expr_text(got->target.expr), exp[i].target);
        cr_expect_str_eq(got->value.loc.file, "rules/2026/indicators.yaml");
    }
    as_rules_free(r);
}

Test(rules, binds_each_name_to_an_input_quantity_parameter_target_or_builtin)
{
    static const struct {
        char name[32];
        int exp_kind;
        as_year_kind exp_year;
    } exp[] = {
        /* 1 - (co2 / co2[base]) / chain(1 + gdp_growth), then its target */
        {"co2", AS_REF_QUANTITY, AS_YEAR_CURRENT},
        {"co2", AS_REF_QUANTITY, AS_YEAR_BASE},
        {"gdp_growth", AS_REF_QUANTITY, AS_YEAR_CURRENT},
        {"co2_intensity_plan", AS_REF_TARGET, AS_YEAR_CURRENT},
        {"year", AS_REF_BUILTIN, AS_YEAR_CURRENT},
        {"base_year", AS_REF_BUILTIN, AS_YEAR_CURRENT},
    };
    as_ruleset *r = load_ok("rules/2026.yaml");
    const as_check_def *cd = &indicator(r, "co2_intensity")->checks[1];
    size_t nv = 0, nt = 0;
    const as_expr_ref *v = as_expr_refs_const(cd->value.expr, &nv);
    const as_expr_ref *t = as_expr_refs_const(cd->target.expr, &nt);
    cr_assert_eq(nv + nt, sizeof exp / sizeof exp[0], "refs: %zu + %zu", nv, nt);
    for (size_t i = 0; i < nv + nt; i++) {
        const as_expr_ref *got = i < nv ? &v[i] : &t[i - nv];
        const char *name = as_rules_ref_name(r, got->kind, got->index);
        cr_expect_str_eq(name, exp[i].name, "ref %zu: exp %s got %s", i, exp[i].name, name);
        cr_expect_eq(got->kind, exp[i].exp_kind, "%s: kind", exp[i].name);
        cr_expect_eq(got->year_kind, exp[i].exp_year, "%s: year qualifier", exp[i].name);
    }
    /* the co2 quantity reads inputs and parameters */
    size_t nq = 0, coal = 0;
    const as_expr_ref *q = NULL;
    for (size_t i = 0; i < r->nquantities; i++)
        if (!strcmp(r->quantities[i].id, "co2"))
            q = as_expr_refs_const(r->quantities[i].formula.expr, &nq);
    cr_assert_not_null(q);
    cr_assert_eq(as_rules_input(r, "coal", &coal), 0);
    cr_expect_eq(q[0].kind, AS_REF_INPUT);
    cr_expect_eq(q[0].index, coal);
    cr_expect_str_eq(as_rules_ref_name(r, q[2].kind, q[2].index), "ef_coal");
    cr_expect_eq(q[2].kind, AS_REF_PARAM);
    as_rules_free(r);
}

Test(rules, records_the_files_sections_and_years_of_the_2026_rules)
{
    static const char files[][32] = {"rules/2026.yaml",
                                     "rules/common/provinces.yaml",
                                     "rules/2026/inputs.yaml",
                                     "rules/2026/parameters.yaml",
                                     "rules/2026/targets.yaml",
                                     "rules/2026/indicators.yaml",
                                     "rules/2026/plausibility.yaml",
                                     "rules/2026/uncertainty.yaml"};
    static const char sections[][24] = {
        "energy",    "electricity",         "economy",       "industry", "projects", "buildings",
        "transport", "public_institutions", "carbon_market", "forest"};
    as_ruleset *r = load_ok("rules/2026.yaml");
    cr_expect_str_eq(r->id, "cn-dual-carbon-2026");
    cr_expect_eq(r->year_from, 2026);
    cr_expect_eq(r->year_to, 2030);
    cr_expect_eq(r->base_year, 2025);
    cr_expect_eq(r->min_year_read, 2025, "[base] is the earliest year read");
    cr_assert_eq(r->nfiles, sizeof files / sizeof files[0]);
    for (size_t i = 0; i < r->nfiles; i++)
        cr_expect_str_eq(r->files[i], files[i]);
    cr_assert_eq(r->nsections, sizeof sections / sizeof sections[0]);
    for (size_t i = 0; i < r->nsections; i++) {
        cr_expect_str_eq(r->sections[i], sections[i]);
        cr_expect_not_null(r->section_zh[i], "section '%s' has no title", sections[i]);
        cr_expect_not_null(r->section_en[i], "section '%s' has no title", sections[i]);
    }
    cr_expect_str_eq(r->section_zh[0], "能源消费");
    cr_expect_str_eq(r->section_en[0], "Energy consumption");
    cr_expect_eq(r->ninputs, 26);
    for (size_t i = 0; i < r->ninputs; i++)
        cr_expect_not_null(r->inputs[i].unit_zh, "input '%s' has no Chinese unit", r->inputs[i].id);
    cr_expect_str_eq(r->inputs[0].unit_zh, "万吨标准煤");
    cr_expect_eq(r->nquantities, 5);
    cr_expect_eq(r->nparams, 4);
    cr_expect_eq(r->ntargets, 16);
    cr_expect_eq(r->ngrades, 3);
    size_t t = 0;
    cr_assert_eq(as_rules_target(r, "co2_intensity_plan", &t), 0);
    cr_expect_eq(r->targets[t].period, AS_PERIOD_PLAN);
    cr_assert_eq(as_rules_target(r, "co2_intensity_annual", &t), 0);
    cr_expect_eq(r->targets[t].period, AS_PERIOD_ANNUAL);
    cr_expect_eq(as_rules_target(r, "co2_cap", &t), -1);
    cr_expect_eq(as_rules_input(r, "co2", &t), -1, "co2 is a quantity, not an input");
    as_rules_free(r);
}

Test(rules, reads_each_parameter_value_with_its_validity_and_source)
{
    static const struct {
        char id[8];
        double value;
        int from, to;
        char source_start[64];
    } exp[] = {
        {"ef_coal", 2.660, 2005, 2030, "省级温室气体清单编制指南（试行）"},
        {"ef_oil", 2.114, 2005, 2030, "省级温室气体清单编制指南（试行）"},
        {"ef_gas", 1.626, 2005, 2030, "省级温室气体清单编制指南（试行）"},
        {"ef_grid", 0.5366, 2022, 2022, "MEE and NBS, national average"},
        {"ef_grid", 0.5306, 2023, 2026, "MEE and NBS, national average"},
    };
    as_ruleset *r = load_ok("rules/2026.yaml");
    cr_expect_eq(param(r, "ef_grid")->nvalues, 2);
    cr_expect_str_eq(param(r, "ef_grid")->unit, "kgCO2/kWh");
    for (size_t i = 0; i < sizeof exp / sizeof exp[0]; i++) {
        const as_param *p = param(r, exp[i].id);
        const as_param_value *got = as_rules_param_value(p, exp[i].from);
        cr_assert_not_null(got, "%s: nothing valid in %d", exp[i].id, exp[i].from);
        cr_expect_eq(got->value, exp[i].value, "%s: exp %g got %g", exp[i].id, exp[i].value,
                     got->value);
        cr_expect_eq(got->from, exp[i].from, "%s %g: from", exp[i].id, exp[i].value);
        cr_expect_eq(got->to, exp[i].to, "%s %g: to", exp[i].id, exp[i].value);
        cr_expect_eq(strncmp(got->source, exp[i].source_start, strlen(exp[i].source_start)), 0,
                     "%s: source '%s'", exp[i].id, got->source);
        cr_expect_str_eq(got->loc.file, "rules/2026/parameters.yaml");
    }
    as_rules_free(r);
}

Test(rules, gives_the_parameter_value_valid_in_a_year_and_none_outside_its_validity)
{
    static const struct {
        char id[8];
        int year;
        bool exp_valid;
        double exp;
    } cases[] = {
        {"ef_grid", 2021, false, 0},     {"ef_grid", 2022, true, 0.5366},
        {"ef_grid", 2023, true, 0.5306}, {"ef_grid", 2026, true, 0.5306},
        {"ef_grid", 2027, false, 0},     {"ef_coal", 2004, false, 0},
        {"ef_coal", 2005, true, 2.660},  {"ef_coal", 2030, true, 2.660},
        {"ef_coal", 2031, false, 0},     {"ef_gas", -2147483647 - 1, false, 0},
    };
    as_ruleset *r = load_ok("rules/2026.yaml");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const as_param_value *got = as_rules_param_value(param(r, cases[i].id), cases[i].year);
        cr_expect_eq(got != NULL, cases[i].exp_valid, "%s in %d: exp %s", cases[i].id,
                     cases[i].year, cases[i].exp_valid ? "a value" : "none");
        if (got && cases[i].exp_valid)
            cr_expect_eq(got->value, cases[i].exp, "%s in %d: exp %g got %g", cases[i].id,
                         cases[i].year, cases[i].exp, got->value);
    }
    as_rules_free(r);
}

Test(rules, resolves_the_exemption_of_tibet_from_ets_control)
{
    as_ruleset *r = load_ok("rules/2026.yaml");
    const as_indicator *ind = indicator(r, "ets_control");
    cr_assert_eq(ind->nexempt, 1);
    cr_expect_str_eq(ind->exempt[0].code, "540000");
    cr_expect_eq(ind->exempt[0].province, province(r, "540000"));
    cr_expect_str_eq(r->provinces[ind->exempt[0].province].name_en, "Tibet");
    cr_expect_not_null(strstr(ind->exempt[0].reason, "Tibet"), "reason: %s", ind->exempt[0].reason);
    cr_expect_str_eq(ind->exempt[0].loc.file, "rules/2026/indicators.yaml");
    for (size_t i = 0; i < r->nindicators; i++)
        if (strcmp(r->indicators[i].id, "ets_control") != 0)
            cr_expect_eq(r->indicators[i].nexempt, 0, "%s exempts", r->indicators[i].id);
    as_rules_free(r);
}

Test(rules, grades_combinations_of_misses_and_fraud_as_the_measures_say)
{
    static const struct {
        int control_missed, support_missed;
        bool fraud;
        char exp[12];
    } cases[] = {
        {0, 0, false, "excellent"}, /* all 14 met */
        {0, 1, false, "pass"},      /* 1 or 2 support missed */
        {0, 2, false, "pass"},      /* 2 support missed */
        {0, 3, false, "fail"},      /* 3 support missed */
        {0, 9, false, "fail"},      /* every support missed */
        {1, 0, false, "fail"},      /* a single control miss is a veto */
        {5, 9, false, "fail"},      /* everything missed */
        {0, 0, true, "fail"},       /* fraud, whatever the indicators say */
        {0, 2, true, "fail"},       /* fraud on a pass */
        {5, 9, true, "fail"},       /* fraud on a fail */
    };
    as_ruleset *r = load_ok("rules/2026.yaml");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const as_grade_def *got =
            as_rules_grade(r, cases[i].control_missed, cases[i].support_missed, cases[i].fraud);
        cr_assert_not_null(got);
        cr_expect_str_eq(got->id, cases[i].exp, "control %d, support %d, fraud %d: exp %s got %s",
                         cases[i].control_missed, cases[i].support_missed, cases[i].fraud,
                         cases[i].exp, got->id);
    }
    as_rules_free(r);
}

Test(rules, gives_only_a_fail_30_working_days_to_report)
{
    static const struct {
        char id[12];
        char name_zh[12];
        int exp_days;
    } exp[] = {{"excellent", "优秀", 0}, {"pass", "合格", 0}, {"fail", "不合格", 30}};
    as_ruleset *r = load_ok("rules/2026.yaml");
    cr_assert_eq(r->ngrades, 3);
    for (size_t i = 0; i < 3; i++) {
        cr_expect_str_eq(r->grades[i].id, exp[i].id);
        cr_expect_str_eq(r->grades[i].name_zh, exp[i].name_zh);
        cr_expect_eq(r->grades[i].rectification_days, exp[i].exp_days, "%s", exp[i].id);
    }
    as_rules_free(r);
}

/* ------------------------------------------------------------------ rules/13fyp-backtest.yaml */

Test(rules, loads_the_13fyp_backtest_with_two_control_vetoes_and_its_own_grading)
{
    static const struct {
        int control_missed;
        bool fraud;
        char exp[12];
    } cases[] = {{0, false, "met_both"},
                 {1, false, "not_met"},
                 {2, false, "not_met"},
                 {0, true, "not_met"},
                 {2, true, "not_met"}};
    as_ruleset *r = load_ok("rules/13fyp-backtest.yaml");
    cr_expect_eq(r->nprovinces, 31);
    cr_expect_eq(r->year_from, 2016);
    cr_expect_eq(r->year_to, 2020);
    cr_expect_eq(r->base_year, 2015);
    cr_expect_eq(r->ninputs, 6);
    cr_expect_eq(r->nquantities, 1);
    cr_expect_eq(r->nparams, 0);
    cr_assert_eq(r->ntargets, 1);
    cr_expect_eq(r->targets[0].period, AS_PERIOD_PLAN);
    cr_assert_eq(r->nindicators, 2);
    cr_expect_str_eq(r->indicators[0].id, "co2_intensity_annual");
    cr_expect_str_eq(r->indicators[1].id, "co2_intensity_cumulative");
    cr_expect_eq(r->ncontrol, 2);
    cr_expect_eq(r->nsupport, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const as_grade_def *got = as_rules_grade(r, cases[i].control_missed, 0, cases[i].fraud);
        cr_assert_not_null(got);
        cr_expect_str_eq(got->id, cases[i].exp, "control %d, fraud %d: exp %s got %s",
                         cases[i].control_missed, cases[i].fraud, cases[i].exp, got->id);
    }
    as_rules_free(r);
}

/* ------------------------------------------------------------------ names of enums */

Test(rules, names_kinds_and_comparisons_as_every_output_writes_them)
{
    static const struct {
        as_cmp cmp;
        char exp[3];
    } cmps[] = {{AS_CMP_LE, "<="},
                {AS_CMP_LT, "<"},
                {AS_CMP_GE, ">="},
                {AS_CMP_GT, ">"},
                {AS_CMP_EQ, "=="}};
    for (size_t i = 0; i < sizeof cmps / sizeof cmps[0]; i++)
        cr_expect_str_eq(as_cmp_text(cmps[i].cmp), cmps[i].exp);
    cr_expect_str_eq(as_kind_name(AS_KIND_CONTROL), "control");
    cr_expect_str_eq(as_kind_name(AS_KIND_SUPPORT), "support");
}

/* ------------------------------------------------------------------ rounding and judgement */

static const char gbt_4[] =
    "rounded-value comparison (修约值比较法, GB/T 8170-2008 section 4): value and target are "
    "rounded to 4 decimals by the rule of GB/T 8170-2008 (half to even, 四舍六入五成双), then "
    "compared";

Test(rules, states_gbt_8170_and_the_rounded_value_comparison_for_every_check_of_both_rule_sets)
{
    static const char paths[][32] = {"rules/2026.yaml", "rules/13fyp-backtest.yaml"};
    for (size_t p = 0; p < 2; p++) {
        as_ruleset *r = load_ok(paths[p]);
        cr_expect_eq(r->rounding, AS_ROUND_GBT8170, "%s", paths[p]);
        cr_expect_eq(r->judgement, AS_JUDGE_ROUNDED, "%s", paths[p]);
        cr_expect_str_eq(r->judgement_loc.file, paths[p], "stated in the file itself");
        cr_expect_gt(r->judgement_loc.line, 0);
        cr_expect_gt(r->rounding_loc.line, 0);
        size_t n = 0;
        for (size_t i = 0; i < r->nindicators; i++)
            for (size_t c = 0; c < r->indicators[i].nchecks; c++, n++) {
                const as_check_def *cd = &r->indicators[i].checks[c];
                cr_expect_eq(cd->rounding, AS_ROUND_GBT8170);
                cr_expect_eq(cd->judgement, AS_JUDGE_ROUNDED);
                cr_expect_eq(cd->decimals, r->indicators[i].decimals);
                cr_expect_geq(cd->decimals, 0, "%s/%s has decimals", r->indicators[i].id, cd->name);
                cr_expect_not(as_rules_own_method(r, cd));
                cr_expect_eq(cd->stated_at.line, r->judgement_loc.line);
            }
        cr_expect_eq(n, p == 0 ? 16 : 2);
        cr_expect_str_eq(
            indicator(r, p == 0 ? "co2_intensity" : "co2_intensity_annual")->checks[0].judged.en,
            gbt_4);
        cr_expect_str_eq(r->judged.tr,
                         "修约值比较法（GB/T 8170-2008 第4章）：数值与目标按 GB/T 8170-2008 "
                         "进舍规则（四舍六入五成双）修约到各指标规定的小数位数后比较");
        as_rules_free(r);
    }
}

Test(rules, judges_by_gbt_8170_rounded_values_where_the_rule_file_states_nothing)
{
    as_ruleset *r = load_ok("tests/fixtures/rules/minimal.yaml");
    cr_expect_eq(r->rounding, AS_ROUND_GBT8170);
    cr_expect_eq(r->judgement, AS_JUDGE_ROUNDED);
    cr_expect_eq(r->judgement_loc.line, 0, "not stated");
    const as_check_def *coal = &indicator(r, "coal_total")->checks[0];
    cr_expect_eq(coal->judgement, AS_JUDGE_ROUNDED);
    cr_expect_eq(coal->decimals, 1);
    cr_expect_eq(coal->stated_at.line, 0);
    /* no decimals and nothing stated: nothing to round to, said so */
    const as_check_def *growth = &indicator(r, "growth")->checks[0];
    cr_expect_eq(growth->judgement, AS_JUDGE_FULL);
    cr_expect_eq(growth->decimals, -1);
    cr_expect(as_rules_own_method(r, growth));
    cr_expect_str_eq(growth->judged.en,
                     "full-value comparison (全数值比较法, GB/T 8170-2008 section 4): the "
                     "unrounded value and target are compared (the indicator gives no decimals)");
    cr_expect_str_eq(as_judgement_name(AS_JUDGE_ROUNDED), "rounded_value");
    cr_expect_str_eq(as_judgement_name(AS_JUDGE_FULL), "full_value");
    as_rules_free(r);
}

/* ------------------------------------------------------------------ errors */

Test(rules, accepts_the_minimal_rule_set_that_the_bad_files_break)
{
    as_ruleset *r = load_ok("tests/fixtures/rules/minimal.yaml");
    cr_expect_eq(r->nprovinces, 2);
    cr_expect_eq(r->ncontrol, 1);
    cr_expect_eq(r->nsupport, 1);
    cr_expect_eq(r->nfiles, 3);
    cr_expect_null(r->section_zh[0], "sections: is optional");
    cr_expect_null(r->inputs[0].unit_zh, "unit_zh is optional");
    as_rules_free(r);
}

Test(rules, reports_each_class_of_error_at_its_line_and_column)
{
    static const char names[][32] = {
        "syntax",
        "unknown_field",
        "missing_field",
        "wrong_type",
        "duplicate_indicator",
        "duplicate_name",
        "unknown_name",
        "formula_syntax",
        "unknown_comparison",
        "unknown_kind",
        "year_qualifier_target",
        "quantity_cycle",
        "overlapping_validity",
        "grading_gap",
        "grading_overlap",
        "include_missing",
        "include_cycle",
        "unknown_province_exemption",
        "grading_indicator_name",
        "unknown_rounding",
        "rounded_without_decimals",
        "section_titles",
        "several",
        "input_without_id",
        "years_out_of_range",
        "long_province_name",
        "uncertainty_names",
        "uncertainty_values",
        "uncertainty_twice",
        "uncertainty_section_twice",
        "plan_bad",
        "index_not_positive",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[1024], expected[1024];
        snprintf(path, sizeof path, "tests/fixtures/rules/bad/%.32s.yaml", names[i]);
        snprintf(expected, sizeof expected, "tests/fixtures/rules/bad/%.32s.expected", names[i]);
        static as_ruleset sentinel;
        as_diags d;
        as_ruleset *r = &sentinel; /* a failed load sets it to NULL */
        as_diags_init(&d);
        cr_expect_eq(as_rules_load(path, &r, &d), -1, "%s: accepted", path);
        cr_expect_null(r, "%s: a rule set was returned", path);
        char *got = joined_diags(&d), *exp = golden_text(expected, got);
        cr_expect_str_eq(got, exp, "%s:\nexp:\n%sgot:\n%s", path, exp, got);
        free(got);
        free(exp);
        as_diags_release(&d);
    }
}

Test(rules, reports_every_problem_of_a_file_not_only_the_first)
{
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    cr_assert_eq(as_rules_load("tests/fixtures/rules/bad/several.yaml", &r, &d), -1);
    /* a bad number, an unknown field, an unknown kind, an unknown comparison (phase 1);
     * a duplicate id and an unknown name (phase 2, after the field errors) */
    cr_expect_eq(as_diags_count(&d), 6);
    for (size_t i = 0; i < d.n; i++)
        cr_expect_str_eq(d.items[i].loc.file, "tests/fixtures/rules/bad/several.yaml");
    as_diags_release(&d);
}

Test(rules, names_a_rule_file_that_cannot_be_opened)
{
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    cr_assert_eq(as_rules_load("tests/fixtures/rules/nowhere.yaml", &r, &d), -1);
    char *got = joined_diags(&d);
    cr_expect_str_eq(got, "tests/fixtures/rules/nowhere.yaml: error: cannot open file: No such "
                          "file or directory\n");
    free(got);
    as_diags_release(&d);
    as_rules_free(NULL); /* NULL is ok */
}

/* Regression: a grade condition that cannot be evaluated for some combination
 * (here a division by zero) is reported, and does not silently end the coverage
 * check. */
Test(rules, reports_a_grade_condition_that_cannot_be_evaluated)
{
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    int rc = as_rules_load("tests/fixtures/rules/bugs/grading_division.yaml", &r, &d);
    cr_expect_eq(rc, -1, "a grading that divides by zero and leaves fraud ungraded loads");
    cr_expect_gt(d.n, 0);
    for (size_t i = 0; i < d.n; i++)
        cr_expect_str_eq(d.items[i].loc.file, "tests/fixtures/rules/bugs/grading_division.yaml");
    if (r)
        cr_expect_not_null(as_rules_grade(r, 0, 0, true), "fraud without misses has no grade");
    as_rules_free(r);
    as_diags_release(&d);
}

/* Regression: 'decimals' must be between 0 and 12 when given; -1 is not a
 * hidden "unrounded" setting. */
Test(rules, refuses_negative_decimals_as_its_message_says)
{
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    cr_expect_eq(as_rules_load("tests/fixtures/rules/bugs/decimals_negative.yaml", &r, &d), -1);
    char *got = joined_diags(&d);
    cr_expect_str_eq(got, "tests/fixtures/rules/bugs/decimals_negative.yaml:13:15: error: "
                          "'decimals' must be between 0 and 12, got -1\n");
    free(got);
    as_rules_free(r);
    as_diags_release(&d);
}

/* ------------------------------------------------------------------ hostile rule sets */

/* Write text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static void remove_tree(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Past the cap of a list, one message says so (it used to say "out of memory"
 * once for each item over the cap).  Two files of 60,000 provinces each: a
 * single file that large passes the bound on values per file first. */
Test(rules, says_once_that_a_list_is_past_its_cap)
{
    char dir[] = "/tmp/test_rules.XXXXXX", path[128], exp[256];
    cr_assert_not_null(mkdtemp(dir));
    for (int part = 0; part < 2; part++) {
        snprintf(path, sizeof path, "%s/p%d.yaml", dir, part);
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs("provinces:\n", f);
        for (int i = 0; i < 60000; i++)
            fprintf(f, "- {code: '%d', name_zh: x, name_en: x}\n", 300000 + part * 60000 + i);
        fclose(f);
    }
    write_file(dir, "top.yaml", "include: [p0.yaml, p1.yaml]\n");
    snprintf(path, sizeof path, "%s/top.yaml", dir);
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    cr_expect_eq(as_rules_load(path, &r, &d), -1);
    cr_assert_gt(d.n, 0);
    char *first = as_diag_format(&d.items[0]);
    snprintf(exp, sizeof exp,
             "%s/p1.yaml:40002:3: error: more than 100000 items of 'provinces' in the rule set: "
             "the rest are not read",
             dir);
    cr_expect_str_eq(first, exp);
    for (size_t i = 1; i < d.n; i++) /* then only what a rule set without grading lacks */
        cr_expect_eq(d.items[i].loc.line, 0, "%s", d.items[i].text.en);
    free(first);
    as_diags_release(&d);
    remove_tree(dir);
}

/* A file that includes another many times, each including a third many
 * times, would read files without end: the count of files read is bounded. */
Test(rules, stops_reading_after_its_bound_on_files)
{
    char dir[] = "/tmp/test_rules.XXXXXX", path[128], exp[256];
    cr_assert_not_null(mkdtemp(dir));
    char *text = malloc(64 * 20 + 16);
    cr_assert_not_null(text);
    strcpy(text, "include:\n");
    for (int i = 0; i < 64; i++)
        strcat(text, "  - b.yaml\n");
    write_file(dir, "a.yaml", text);
    strcpy(text, "include:\n");
    for (int i = 0; i < 64; i++)
        strcat(text, "  - c.yaml\n");
    write_file(dir, "b.yaml", text);
    write_file(dir, "c.yaml", "provinces: []\n");
    free(text);
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    as_diags d;
    as_ruleset *r = NULL;
    as_diags_init(&d);
    cr_expect_eq(as_rules_load(path, &r, &d), -1);
    cr_assert_gt(d.n, 0);
    char *first = as_diag_format(&d.items[0]);
    /* a.yaml, then b.yaml and its 64 c.yaml three times, then b.yaml and 59 c.yaml: 256 */
    cr_expect_eq(d.n, 1);
    snprintf(exp, sizeof exp,
             "%s/b.yaml:61:5: error: more than 256 rule files are read: '%s/c.yaml' is not", dir,
             dir);
    cr_expect_str_eq(first, exp);
    free(first);
    as_diags_release(&d);
    remove_tree(dir);
}

/* ------------------------------------------------------------------ uncertainty, plans */

/* The 2026 rules' declarations reach the inputs and parameters they name: a
 * section's two errors (yearly and the province's level) for each energy
 * input, an input's own declaration instead of its section's, none for
 * administrative records; and the plan of the cumulative CO2-intensity check. */
Test(rules, binds_the_declared_uncertainty_and_the_plan_of_the_2026_rules)
{
    static const struct {
        char input[20];
        size_t n;
        as_correlation first;
        double spread;
    } cases[] = {
        {"coal", 2, AS_CORR_PER_PROVINCE_YEAR, 0.05},
        {"gas_feedstock", 2, AS_CORR_PER_PROVINCE_YEAR, 0.05},
        {"elec_consumption", 1, AS_CORR_PER_PROVINCE_YEAR, 0.02},
        {"elec_clean", 1, AS_CORR_PER_PROVINCE_YEAR, 0.05},
        {"gdp_index", 1, AS_CORR_PER_PROVINCE_YEAR, 0.005},
        {"pub_area", 0, 0, 0},
        {"proj_approved", 0, 0, 0},
        {"ets_due", 0, 0, 0},
    };
    as_ruleset *r = load_ok("rules/2026.yaml");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t in = 0;
        cr_assert_eq(as_rules_input(r, cases[i].input, &in), 0);
        cr_expect_eq(r->inputs[in].nuncertain, cases[i].n, "%s", cases[i].input);
        if (!cases[i].n)
            continue;
        const as_uncertainty_def *u = &r->uncertainty[r->inputs[in].uncertain[0]];
        cr_expect_eq(u->corr, cases[i].first, "%s", cases[i].input);
        cr_expect_eq(u->spread, cases[i].spread, "%s", cases[i].input);
        cr_expect(u->source && *u->source, "%s has a source", cases[i].input);
    }
    size_t coal = 0;
    cr_assert_eq(as_rules_input(r, "coal", &coal), 0);
    const as_uncertainty_def *level = &r->uncertainty[r->inputs[coal].uncertain[1]];
    cr_expect_eq(level->corr, AS_CORR_PER_PROVINCE);
    cr_expect(level->section);
    cr_expect_str_eq(level->name, "energy");
    for (size_t p = 0; p < r->nparams; p++) {
        cr_expect_eq(r->params[p].nuncertain, 1, "%s", r->params[p].id);
        const as_uncertainty_def *u = &r->uncertainty[r->params[p].uncertain[0]];
        cr_expect_eq(u->corr, AS_CORR_SHARED, "%s: one draw for every province and year",
                     r->params[p].id);
        cr_expect_eq(u->dist,
                     strcmp(r->params[p].id, "ef_gas") ? AS_DIST_NORMAL : AS_DIST_LOGNORMAL);
    }
    cr_expect_eq(r->nplans, 1);
    for (size_t i = 0; i < r->nindicators; i++)
        for (size_t c = 0; c < r->indicators[i].nchecks; c++) {
            const as_check_def *cd = &r->indicators[i].checks[c];
            bool cumulative =
                !strcmp(r->indicators[i].id, "co2_intensity") && !strcmp(cd->name, "cumulative");
            cr_expect_eq(cd->plan.has, cumulative, "%s/%s", r->indicators[i].id, cd->name);
            if (!cumulative)
                continue;
            cr_expect_eq(cd->plan.final_year, 2030);
            cr_expect_eq(cd->plan.measure, AS_PLAN_REDUCTION);
            cr_expect_str_eq(as_expr_text(cd->plan.target.expr), "target.co2_intensity_plan");
        }
    as_rules_free(r);
}
