/* test_eval: every formula of rules/2026.yaml against values computed by hand
 * from the round numbers of tests/fixtures/datasets/eval (Beijing meets all
 * 14 indicators on its own figures; Tibet is exempt from ets_control, lacks
 * pub_co2 and misses its forest target; Tianjin divides by zero), then
 * statuses, rounding, verified figures, fraud, invalid provinces, the
 * calculation trail, deadlines and as_round.  Not tested here: parsing
 * formulas (test_expr.c) and loading files (test_rules.c, test_dataset.c). */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/eval.h"

#include "support.h"

#define DATA "tests/fixtures/datasets/eval"
#define INDICATORS "rules/2026/indicators.yaml"

static as_ruleset *rules;
static as_dataset *data;
static as_evaluation *ev;

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    as_diags d;
    as_diags_init(&d);
    int rc = as_rules_load("rules/2026.yaml", &rules, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "rules/2026.yaml:\n%s", msgs);
    free(msgs);
    as_diags_release(&d);
}

static void teardown(void)
{
    as_evaluation_free(ev);
    as_dataset_free(data);
    as_rules_free(rules);
    ev = NULL;
    data = NULL;
    rules = NULL;
}

TestSuite(eval, .init = setup, .fini = teardown);

/* Load the eval data set for year and evaluate the province with code alone. */
static as_province_result *evaluate(int year, const char *code, bool use_verified,
                                    bool use_findings)
{
    as_diags d;
    size_t p = 0;
    as_diags_init(&d);
    int rc = as_dataset_load(rules, DATA, year, &data, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s for %d:\n%s", DATA, year, msgs);
    free(msgs);
    cr_assert_eq(as_rules_province(rules, code, &p), 0);
    as_eval_opts opts = as_eval_defaults();
    opts.only = (long)p;
    opts.use_verified = use_verified;
    opts.use_findings = use_findings;
    cr_assert_eq(as_evaluate(rules, data, year, &opts, &ev, &d), 0);
    as_diags_release(&d);
    cr_assert_eq(ev->nprovinces, 1);
    cr_assert_eq(ev->provinces[0].index, p);
    return &ev->provinces[0];
}

static const as_indicator_result *result(const as_province_result *pr, const char *id)
{
    for (size_t i = 0; i < pr->nindicators; i++)
        if (!strcmp(pr->indicators[i].def->id, id))
            return &pr->indicators[i];
    cr_assert_fail("no result for '%s'", id);
    return NULL;
}

/* "path:line:col" of `word` on the first line of path that contains `line_has`,
 * found by reading the file, independently of the engine. */
static void locate(const char *path, const char *line_has, const char *word, char *out, size_t len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    char line[512];
    for (int n = 1; fgets(line, sizeof line, f); n++) {
        const char *w = strstr(line, line_has) ? strstr(line, word) : NULL;
        if (w) {
            snprintf(out, len, "%s:%d:%d", path, n, (int)(w - line) + 1);
            fclose(f);
            return;
        }
    }
    fclose(f);
    cr_assert_fail("no line of %s has '%s' and '%s'", path, line_has, word);
}

/* ------------------------------------------------------------------ values */

/* The 2025 and 2026 figures of Beijing (submissions/<year>/110000.yaml):
 *                2025   2026             2025   2026
 *   coal         1100   1000  gdp_index   106    105
 *   coal_feedst.  100    100  ind_va_idx  105    104
 *   oil           820    800  ind_energy  420    400
 *   oil_feedst.    50     50  ind_co2     100     90
 *   gas           580    600  proj        8/8  10/10 (compliant / approved)
 *   gas_feedst.    20     20  bld green  1700/2000  1799.99/2000
 *   non_fossil    500    600  veh nev      32/80  40/80
 *   elec cons.   1150   1200  pub_co2/area 320/10000  300/10000
 *   elec_clean    420    480  ets surr./due 50/50  50/50
 *   elec_net_imp  500    500  forest_stock 0.29   0.3
 * Factors: ef_coal 2.660, ef_oil 2.114, ef_gas 1.626 (tCO2/tce), ef_grid 0.5306
 * (kgCO2/kWh, valid 2023-2026).  Targets: targets/2026.yaml and plan.yaml. */
Test(eval, computes_every_check_of_the_2026_rules_from_hand_computed_values)
{
    /* co2 = ((c - cf)*2.660 + (o - of)*2.114 + (g - gf)*1.626)/100 + e*0.5306/10 (Mt) */
    /* 2026: 75.7558 */
    const double co2_26 =
        ((1000.0 - 100) * 2.660 + (800.0 - 50) * 2.114 + (600.0 - 20) * 1.626) / 100 +
        500.0 * 0.5306 / 10;
    /* 2025: 78.5134 */
    const double co2_25 =
        ((1100.0 - 100) * 2.660 + (820.0 - 50) * 2.114 + (580.0 - 20) * 1.626) / 100 +
        500.0 * 0.5306 / 10;
    const double g = 105.0 / 100 - 1;  /* gdp_growth 2026: 0.05 */
    const double ig = 104.0 / 100 - 1; /* ind_growth 2026: 0.04 */
    /* fossil_energy = (c - cf) + (o - of) + (g - gf): 900 + 750 + 580 = 2230 in 2026,
     * 1000 + 770 + 560 = 2330 in 2025 */
    const double fe_26 = (1000.0 - 100) + (800.0 - 50) + (600.0 - 20);
    const double fe_25 = (1100.0 - 100) + (820.0 - 50) + (580.0 - 20);
    struct {
        char indicator[24];
        char check[12];
        double exp_value, exp_target;
    } cases[] = {
        {"co2_total", "total", co2_26, 80},
        /* 1 - (75.7558 / 78.5134) / 1.05 = 0.0810692... */
        {"co2_intensity", "annual", 1 - (co2_26 / co2_25) / (1 + g), 0.038},
        /* chain(1 + gdp_growth) over 2026 alone is 1.05; progress target after 1 of 5
         * years of a 17 % plan: 1 - 0.83^(1/5) = 0.0365800... */
        {"co2_intensity", "cumulative", 1 - (co2_26 / co2_25) / (1 + g),
         1 - pow(1 - 0.17, (2026.0 - 2025) / 5)},
        {"coal_total", "total", 1000.0 - 100, 950},
        {"oil_total", "total", 800.0 - 50, 750}, /* exactly at the cap */
        /* non_fossil / energy_total = 600 / (1000 + 800 + 600 + 600) = 0.2 */
        {"non_fossil_share", "share", 600.0 / (1000.0 + 800 + 600 + 600), 0.2},
        /* 1 - (2230 / 2330) / 1.05 = 0.0884937... */
        {"energy_intensity", "annual", 1 - (fe_26 / fe_25) / (1 + g), 0.03},
        {"clean_power_share", "share", 480.0 / 1200, 0.35},
        /* 1 - (400 / 420) / 1.04 = 0.0842490...; 1 - (90 / 100) / 1.04 = 0.1346153... */
        {"industry", "energy", 1 - (400.0 / 420) / (1 + ig), 0.03},
        {"industry", "co2", 1 - (90.0 / 100) / (1 + ig), 0.04},
        /* if(proj_approved == 0, 1, 10 / 10) */
        {"two_high_projects", "share", 10.0 / 10, 1},
        /* 0.899995: below 0.9 unrounded, 0.9000 at 4 decimals */
        {"green_building", "share", 1799.99 / 2000, 0.9},
        {"green_transport", "share", 40.0 / 80, 0.45},
        /* 1 - (300 / 10000) / (320 / 10000) = 0.0625 */
        {"public_institutions", "annual", 1 - (300.0 / 10000) / (320.0 / 10000), 0.05},
        {"ets_control", "rate", 50.0 / 50, 1},
        {"forest_stock", "stock", 0.3, 0.3},
    };
    const as_province_result *pr = evaluate(2026, "110000", false, false);
    cr_assert_not(pr->invalid, "%s", pr->nerrors ? pr->errors[0] : "");
    cr_assert_eq(pr->nindicators, 14);
    size_t seen = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const as_indicator_result *ir = result(pr, cases[i].indicator);
        const as_check_result *got = NULL;
        for (size_t k = 0; k < ir->nchecks; k++)
            if (!strcmp(ir->checks[k].def->name, cases[i].check))
                got = &ir->checks[k];
        cr_assert_not_null(got, "%s: no check '%s'", cases[i].indicator, cases[i].check);
        seen++;
        cr_expect(got->has_value && got->has_target, "%s/%s: not computed (%s)", cases[i].indicator,
                  cases[i].check, got->no_data ? got->no_data : "");
        cr_expect_float_eq(got->value, cases[i].exp_value, 1e-12,
                           "%s/%s value: exp %.15g got %.15g", cases[i].indicator, cases[i].check,
                           cases[i].exp_value, got->value);
        cr_expect_float_eq(got->target, cases[i].exp_target, 1e-12,
                           "%s/%s target: exp %.15g got %.15g", cases[i].indicator, cases[i].check,
                           cases[i].exp_target, got->target);
        cr_expect_eq(got->status, AS_STATUS_MET, "%s/%s: %s", cases[i].indicator, cases[i].check,
                     as_status_name(got->status));
        cr_expect_null(got->no_data);
    }
    cr_expect_eq(seen, 16, "all 16 checks of the 14 indicators");
    /* the indicator's value and target are those of its first check */
    const as_indicator_result *ci = result(pr, "co2_intensity");
    cr_expect_eq(ci->value, ci->checks[0].value);
    cr_expect_eq(ci->target, 0.038);
    cr_expect_eq(pr->control_missed, 0);
    cr_expect_eq(pr->support_missed, 0);
    cr_assert_not_null(pr->grade);
    cr_expect_str_eq(pr->grade->id, "excellent");
    cr_expect_str_eq(pr->submission_file, DATA "/submissions/2026/110000.yaml");
    cr_expect_null(pr->verified_file, "verified figures not used");
    cr_expect_eq(pr->noverrides, 0);
}

Test(eval, meets_a_check_whose_value_equals_the_target_only_after_rounding)
{
    const as_province_result *pr = evaluate(2026, "110000", false, false);
    const as_indicator_result *ir = result(pr, "green_building");
    cr_assert_eq(ir->def->decimals, 4);
    /* 1799.99 / 2000 = 0.899995 < 0.9, but both are 0.9000 at 4 decimals */
    cr_expect_lt(ir->value, ir->target);
    cr_expect_eq(as_round(ir->value, 4), as_round(ir->target, 4));
    cr_expect_eq(ir->status, AS_STATUS_MET);
    cr_expect_not(ir->counts_missed);
    /* and a value exactly at its cap: oil 800 - 50 = 750 <= 750 */
    cr_expect_eq(result(pr, "oil_total")->status, AS_STATUS_MET);
}

/* ------------------------------------------------------------------ statuses */

Test(eval, marks_an_exempt_indicator_a_missing_input_and_a_missed_target)
{
    static const struct {
        char id[24];
        as_status exp;
        bool exp_counts_missed;
    } cases[] = {
        {"ets_control", AS_STATUS_EXEMPT, false},         /* exempt, though it has no data */
        {"public_institutions", AS_STATUS_NO_DATA, true}, /* pub_co2 is ~ in 2026 */
        {"forest_stock", AS_STATUS_MISSED, true},         /* 0.3 < 0.35 */
        {"co2_intensity", AS_STATUS_MET, false},          /* 2 checks met */
        {"green_building", AS_STATUS_MET, false},         /* met after rounding */
    };
    const as_province_result *pr = evaluate(2026, "540000", false, false);
    cr_assert_not(pr->invalid, "%s", pr->nerrors ? pr->errors[0] : "");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const as_indicator_result *got = result(pr, cases[i].id);
        cr_expect_eq(got->status, cases[i].exp, "%s: exp %s got %s", cases[i].id,
                     as_status_name(cases[i].exp), as_status_name(got->status));
        cr_expect_eq(got->counts_missed, cases[i].exp_counts_missed, "%s: counts missed",
                     cases[i].id);
    }
    const as_indicator_result *ets = result(pr, "ets_control");
    cr_expect_eq(ets->exempt_reason, ets->def->exempt[0].reason);
    const as_indicator_result *pub = result(pr, "public_institutions");
    cr_expect_not(pub->has_value);
    cr_expect(pub->has_target);
    cr_expect_eq(pub->checks[0].status, AS_STATUS_NO_DATA);
    cr_assert_not_null(pub->checks[0].no_data);
    cr_expect_str_eq(pub->checks[0].no_data, "no data for 'pub_co2' in 2026");
    const as_indicator_result *forest = result(pr, "forest_stock");
    cr_expect_eq(forest->value, 0.3);
    cr_expect_eq(forest->target, 0.35);
    /* no data counts as missed: 2 support indicators missed, so Pass */
    cr_expect_eq(pr->control_missed, 0);
    cr_expect_eq(pr->support_missed, 2);
    cr_assert_not_null(pr->grade);
    cr_expect_str_eq(pr->grade->id, "pass");
}

Test(eval, applies_a_verified_figure_and_lists_it_with_the_reported_one)
{
    const as_province_result *before = evaluate(2026, "110000", false, false);
    cr_expect_eq(result(before, "green_transport")->status, AS_STATUS_MET);
    as_evaluation_free(ev);
    as_dataset_free(data);
    ev = NULL;
    data = NULL;

    const as_province_result *pr = evaluate(2026, "110000", true, false);
    const as_indicator_result *gt = result(pr, "green_transport");
    cr_expect_float_eq(gt->value, 34.0 / 80, 1e-12); /* 0.425 < 0.45 */
    cr_expect_eq(gt->status, AS_STATUS_MISSED);
    cr_expect_eq(pr->support_missed, 1);
    cr_assert_not_null(pr->grade);
    cr_expect_str_eq(pr->grade->id, "pass");
    cr_expect_str_eq(pr->verified_file, DATA "/verified/2026/110000.yaml");
    /* gdp_index was verified too, at the reported value: not an override */
    cr_assert_eq(pr->noverrides, 1);
    const as_override *o = &pr->overrides[0];
    size_t nev = 0;
    cr_assert_eq(as_rules_input(rules, "veh_new_nev", &nev), 0);
    cr_expect_eq(o->input, nev);
    cr_expect_eq(o->year, 2026);
    cr_expect(o->has_reported);
    cr_expect_eq(o->reported, 40);
    cr_expect_eq(o->verified, 34);
    cr_expect_str_eq(o->verified_by, "NBS, MOT");
    char exp[128], got[128];
    locate(DATA "/submissions/2026/110000.yaml", "veh_new_nev", "40", exp, sizeof exp);
    snprintf(got, sizeof got, "%s:%d:%d", o->reported_loc.file, o->reported_loc.line,
             o->reported_loc.col);
    cr_expect_str_eq(got, exp);
    locate(DATA "/verified/2026/110000.yaml", "veh_new_nev", "34", exp, sizeof exp);
    snprintf(got, sizeof got, "%s:%d:%d", o->verified_loc.file, o->verified_loc.line,
             o->verified_loc.col);
    cr_expect_str_eq(got, exp);
    /* the trail says where the value came from */
    const as_trace_item *t = &gt->checks[0].trace[0];
    cr_expect_eq(t->ref_kind, AS_REF_INPUT);
    cr_expect_eq(t->index, nev);
    cr_expect_eq(t->from, AS_FROM_VERIFIED);
    cr_expect_str_eq(t->source, "NBS, MOT");
}

Test(eval, fails_a_province_with_a_fraud_finding_and_leaves_its_counts_alone)
{
    const as_province_result *pr = evaluate(2026, "110000", false, true);
    cr_assert_not(pr->invalid);
    cr_expect(pr->fraud);
    cr_assert_not_null(pr->finding);
    cr_expect_str_eq(pr->finding->summary, "energy statistics altered before submission");
    /* the same counts as without findings (excellent there) */
    cr_expect_eq(pr->control_missed, 0);
    cr_expect_eq(pr->support_missed, 0);
    cr_assert_not_null(pr->grade);
    cr_expect_str_eq(pr->grade->id, "fail");
    cr_expect_eq(pr->grade->rectification_days, 30);
    for (size_t i = 0; i < pr->nindicators; i++)
        cr_expect_eq(pr->indicators[i].status, AS_STATUS_MET, "%s", pr->indicators[i].def->id);
}

Test(eval, counts_a_rectification_deadline_from_the_notification_only_for_a_fail)
{
    as_diags d;
    as_calendar *cal = NULL;
    as_diags_init(&d);
    cr_assert_eq(as_calendar_load("data/calendar", &cal, &d), 0);
    as_province_result *pr = evaluate(2026, "110000", false, true);
    cr_expect(ev->has_notified, "dataset.yaml gives 2027-06-30 for 2026");
    as_evaluation_set_deadlines(ev, cal, ev->notified);
    cr_assert(pr->has_deadline, "%s", pr->deadline_error ? pr->deadline_error : "");
    char got[11];
    as_date_format(pr->deadline.date, got);
    /* 30 working days after Wed 2027-06-30, no holidays in July and August:
     * Jul 1-2 (2), 5-9 (7), 12-16 (12), 19-23 (17), 26-30 (22), Aug 2-6 (27), 9-11 (30) */
    cr_expect_str_eq(got, "2027-08-11");
    cr_expect(pr->deadline.provisional, "2027 has no official notice yet");
    as_calendar_free(cal);
    as_diags_release(&d);
}

Test(eval, gives_no_deadline_to_a_province_that_passes)
{
    as_diags d;
    as_calendar *cal = NULL;
    as_diags_init(&d);
    cr_assert_eq(as_calendar_load("data/calendar", &cal, &d), 0);
    as_province_result *pr = evaluate(2026, "110000", false, false);
    as_evaluation_set_deadlines(ev, cal, ev->notified);
    cr_expect_not(pr->has_deadline);
    cr_expect_null(pr->deadline_error);
    as_calendar_free(cal);
    as_diags_release(&d);
}

/* ------------------------------------------------------------------ invalid provinces */

Test(eval, makes_a_province_invalid_when_a_formula_divides_by_zero)
{
    const as_province_result *pr = evaluate(2026, "120000", true, true);
    cr_expect(pr->invalid);
    cr_expect_null(pr->grade);
    cr_expect_eq(ev->ninvalid, 1);
    cr_assert_eq(pr->nerrors, 1);
    char loc[128], exp[384];
    locate(INDICATORS, "value: elec_clean / elec_consumption", "elec_consumption,", loc,
           sizeof loc);
    snprintf(exp, sizeof exp,
             "%s: error: division by zero: 'elec_consumption' is 0 (check 'share' of indicator "
             "'clean_power_share', province 120000, 2026)",
             loc);
    cr_expect_str_eq(pr->errors[0], exp);
}

Test(eval, makes_a_province_invalid_when_a_parameter_is_used_outside_its_validity)
{
    /* ef_grid is valid 2022 and 2023-2026; co2 in 2027 reads it */
    const as_province_result *pr = evaluate(2027, "110000", false, false);
    cr_expect(pr->invalid);
    cr_expect_null(pr->grade);
    cr_assert_eq(pr->nerrors, 1);
    char loc[128], exp[384];
    locate(INDICATORS, "{name: total, value: co2,", "co2,", loc, sizeof loc);
    snprintf(exp, sizeof exp,
             "%s: error: in quantity 'co2' for 2027: parameter 'ef_grid' is not valid for 2027 "
             "(valid: 2022-2022 2023-2026) (check 'total' of indicator 'co2_total', province "
             "110000, 2027)",
             loc);
    cr_expect_str_eq(pr->errors[0], exp);
}

Test(eval, makes_a_province_without_a_submission_invalid_and_names_the_file)
{
    const as_province_result *pr = evaluate(2026, "130000", true, true);
    cr_expect(pr->invalid);
    cr_expect_null(pr->grade);
    cr_assert_eq(pr->nerrors, 1);
    cr_expect_str_eq(pr->errors[0], DATA "/submissions/2026/130000.yaml: error: no submission "
                                         "for Hebei (130000) for 2026");
    cr_expect_null(pr->submission_file);
}

Test(eval, evaluates_every_province_in_rule_order_unless_told_one)
{
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_dataset_load(rules, DATA, 2026, &data, &d), 0);
    as_eval_opts opts = as_eval_defaults();
    cr_expect_eq(opts.only, -1);
    cr_expect(opts.use_verified);
    cr_expect(opts.use_findings);
    /* without verified figures: with them Tibet trips over the bug in
     * grades_a_province_whose_exempt_indicator_cannot_be_computed */
    opts.use_verified = false;
    cr_assert_eq(as_evaluate(rules, data, 2026, &opts, &ev, &d), 0);
    cr_assert_eq(ev->nprovinces, 31);
    /* Beijing and Tibet are graded; Tianjin divides by zero; 28 have no files */
    cr_expect_eq(ev->ninvalid, 29);
    for (size_t p = 0; p < ev->nprovinces; p++)
        cr_expect_eq(ev->provinces[p].index, p);
    cr_assert_not_null(ev->provinces[0].grade);
    cr_expect_str_eq(ev->provinces[0].grade->id, "fail"); /* fraud */
    cr_assert_not_null(ev->provinces[25].grade);
    cr_expect_str_eq(ev->provinces[25].province->code, "540000");
    cr_expect_str_eq(ev->provinces[25].grade->id, "pass");
    cr_expect(ev->provinces[1].invalid);
    cr_expect_eq(ev->year, 2026);
    as_diags_release(&d);
}

Test(eval, refuses_a_year_outside_the_rules_and_a_data_set_of_another_year)
{
    static const struct {
        int year;
        char exp[96];
    } cases[] = {
        {2031, "rules/2026.yaml: error: the rules apply to assessment years 2026-2030, not 2031\n"},
        {2027, DATA ": error: data set was loaded for 2026, not 2027\n"},
    };
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_dataset_load(rules, DATA, 2026, &data, &d), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        static as_evaluation sentinel;
        as_eval_opts opts = as_eval_defaults();
        as_evaluation *out = &sentinel; /* a refusal sets it to NULL */
        cr_expect_eq(as_evaluate(rules, data, cases[i].year, &opts, &out, &d), -1);
        cr_expect_null(out);
        char *got = joined_diags(&d);
        cr_expect_str_eq(got, cases[i].exp);
        free(got);
        as_diags_release(&d);
        as_diags_init(&d);
    }
}

/* ------------------------------------------------------------------ trace */

Test(eval, traces_co2_intensity_down_to_the_inputs_and_parameters_of_co2)
{
    struct {
        int kind;
        char name[24];
        int year, depth;
        as_from from;
    } exp[27];
    size_t n = 0;
    /* 1 - (co2 / co2[prev]) / (1 + gdp_growth) >= target.co2_intensity_annual: co2 of
     * each year with what it read one level down, then gdp_growth, then the target */
    static const struct {
        int kind;
        char name[24];
    } co2_reads[] = {
        {AS_REF_INPUT, "coal"},          {AS_REF_INPUT, "coal_feedstock"},
        {AS_REF_PARAM, "ef_coal"},       {AS_REF_INPUT, "oil"},
        {AS_REF_INPUT, "oil_feedstock"}, {AS_REF_PARAM, "ef_oil"},
        {AS_REF_INPUT, "gas"},           {AS_REF_INPUT, "gas_feedstock"},
        {AS_REF_PARAM, "ef_gas"},        {AS_REF_INPUT, "elec_net_import"},
        {AS_REF_PARAM, "ef_grid"},
    };
    for (int year = 2026; year >= 2025; year--) {
        exp[n].kind = AS_REF_QUANTITY;
        snprintf(exp[n].name, sizeof exp[n].name, "co2");
        exp[n].year = year;
        exp[n].depth = 0;
        exp[n++].from = AS_FROM_COMPUTED;
        for (size_t i = 0; i < sizeof co2_reads / sizeof co2_reads[0]; i++, n++) {
            exp[n].kind = co2_reads[i].kind;
            memcpy(exp[n].name, co2_reads[i].name, sizeof exp[n].name);
            exp[n].year = year;
            exp[n].depth = 1;
            exp[n].from = co2_reads[i].kind == AS_REF_PARAM ? AS_FROM_PARAMETER : AS_FROM_REPORTED;
        }
    }
    exp[n].kind = AS_REF_QUANTITY;
    snprintf(exp[n].name, sizeof exp[n].name, "gdp_growth");
    exp[n].year = 2026;
    exp[n].depth = 0;
    exp[n++].from = AS_FROM_COMPUTED;
    exp[n].kind = AS_REF_INPUT;
    snprintf(exp[n].name, sizeof exp[n].name, "gdp_index");
    exp[n].year = 2026;
    exp[n].depth = 1;
    exp[n++].from = AS_FROM_REPORTED;
    exp[n].kind = AS_REF_TARGET;
    snprintf(exp[n].name, sizeof exp[n].name, "co2_intensity_annual");
    exp[n].year = 2026;
    exp[n].depth = 0;
    exp[n++].from = AS_FROM_TARGET;

    const as_province_result *pr = evaluate(2026, "110000", false, false);
    const as_check_result *cr = &result(pr, "co2_intensity")->checks[0];
    cr_assert_eq(cr->ntrace, n, "exp %zu items got %zu", n, cr->ntrace);
    for (size_t i = 0; i < n; i++) {
        const as_trace_item *got = &cr->trace[i];
        const char *name = as_rules_ref_name(rules, got->ref_kind, got->index);
        cr_expect_eq(got->ref_kind, exp[i].kind, "item %zu (%s): kind", i, exp[i].name);
        cr_expect_str_eq(name, exp[i].name, "item %zu: exp %s got %s", i, exp[i].name, name);
        cr_expect_eq(got->year, exp[i].year, "item %zu (%s): year", i, exp[i].name);
        cr_expect_eq(got->depth, exp[i].depth, "item %zu (%s): depth", i, exp[i].name);
        cr_expect_eq(got->from, exp[i].from, "item %zu (%s): from", i, exp[i].name);
        cr_expect(got->has_value, "item %zu (%s): no value", i, exp[i].name);
    }
    /* values and where they came from */
    cr_expect_float_eq(cr->trace[0].value, 75.7558, 1e-12);
    cr_expect_str_eq(cr->trace[0].loc.file, "rules/2026.yaml", "the quantity's definition");
    cr_expect_eq(cr->trace[1].value, 1000);
    char exp_loc[128], got_loc[128];
    locate(DATA "/submissions/2026/110000.yaml", "coal:", "1000", exp_loc, sizeof exp_loc);
    snprintf(got_loc, sizeof got_loc, "%s:%d:%d", cr->trace[1].loc.file, cr->trace[1].loc.line,
             cr->trace[1].loc.col);
    cr_expect_str_eq(got_loc, exp_loc);
    const as_trace_item *grid = &cr->trace[11];
    cr_expect_eq(grid->value, 0.5306);
    cr_expect_str_eq(grid->loc.file, "rules/2026/parameters.yaml");
    cr_assert_not_null(grid->source);
    cr_expect_str_eq(grid->source,
                     "MEE and NBS, national average electricity CO2 emission factor for 2023; "
                     "applied to 2024-2026 as the latest published value until newer factors "
                     "are published (operational choice, change here when MEE publishes) (valid "
                     "2023-2026)");
    cr_expect_eq(cr->trace[26].value, 0.038);
}

/* ------------------------------------------------------------------ as_round, names */

Test(eval, rounds_half_away_from_zero_to_the_given_places)
{
    static const struct {
        double x;
        int decimals;
        double exp;
    } cases[] = {
        {2.5, 0, 3},
        {-2.5, 0, -3},
        {0.5, 0, 1},
        {-0.5, 0, -1},
        {0.49999999999999994, 0, 0}, /* the double just below 0.5 */
        {0.125, 2, 0.13},            /* exact in binary: a true half */
        {-0.125, 2, -0.13},
        {0.899995, 4, 0.9},
        {0.0379999999, 4, 0.038},
        {0.03845, 0, 0},
        {1e17, 4, 1e17}, /* no fractional part to round */
        {0.0, 12, 0.0},
        {123.456789, -1, 123.456789}, /* decimals < 0: unchanged */
        {-123.456789, -5, -123.456789},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = as_round(cases[i].x, cases[i].decimals);
        cr_expect_eq(got, cases[i].exp, "as_round(%.17g, %d): exp %.17g got %.17g", cases[i].x,
                     cases[i].decimals, cases[i].exp, got);
    }
}

/* Regression: rounding a value too large to have a fraction returns it
 * unchanged instead of overflowing to infinity. */
Test(eval, keeps_a_large_value_finite_when_rounding)
{
    static const struct {
        double x;
        int decimals;
    } cases[] = {{1e305, 4}, {DBL_MAX, 1}, {1e300, 12}, {-1e305, 4}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = as_round(cases[i].x, cases[i].decimals);
        cr_expect_eq(got, cases[i].x, "as_round(%g, %d): got %g", cases[i].x, cases[i].decimals,
                     got);
    }
    cr_expect_gt(as_round(2e305, 4), as_round(1e305, 4));
}

/* Regression: an exempt indicator is computed for information only; an error
 * in it (ets_due = 0 in Tibet, the very case the exemption describes) does not
 * make the province invalid. */
Test(eval, grades_a_province_whose_exempt_indicator_cannot_be_computed)
{
    const as_province_result *pr = evaluate(2026, "540000", true, false);
    cr_expect_not(pr->invalid, "%s", pr->nerrors ? pr->errors[0] : "");
    cr_expect_eq(result(pr, "ets_control")->status, AS_STATUS_EXEMPT);
    cr_expect_eq(pr->support_missed, 2);
    cr_assert_not_null(pr->grade);
    cr_expect_str_eq(pr->grade->id, "pass");
}

Test(eval, names_statuses_as_the_json_output_writes_them)
{
    static const struct {
        as_status s;
        char exp[8];
    } cases[] = {{AS_STATUS_MET, "met"},
                 {AS_STATUS_MISSED, "missed"},
                 {AS_STATUS_NO_DATA, "no_data"},
                 {AS_STATUS_EXEMPT, "exempt"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(as_status_name(cases[i].s), cases[i].exp);
}
