/* test_eval: every formula of rules/2026.yaml against values computed by hand
 * from the round numbers of tests/fixtures/datasets/eval (Beijing meets all
 * 14 indicators on its own figures; Tibet is exempt from ets_control, lacks
 * pub_co2 and misses its forest target; Tianjin divides by zero twice; Hebei
 * sent nothing but has a fraud finding), then statuses, verified figures
 * (and a verified ~), fraud, every error of an invalid province, the
 * calculation trail, deadlines, the two judgement methods of GB/T 8170-2008
 * against a table and against oracle.c's exact decimal arithmetic, and the
 * behaviours of tests/fixtures/datasets/quirks.  Not tested here: parsing
 * formulas (test_expr.c), loading files (test_rules.c, test_dataset.c) and
 * the rounding itself (test_decimal.c). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/eval.h"

#include "oracle.h"
#include "support.h"

#define DATA "tests/fixtures/datasets/eval"
#define QUIRKS "tests/fixtures/datasets/quirks"
#define INDICATORS "rules/2026/indicators.yaml"

static as_ruleset *rules;
static as_dataset *data;
static as_evaluation *ev;
static char *said; /* what as_evaluate said of the evaluation as a whole (joined_diags) */

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
    free(said);
    said = NULL;
    ev = NULL;
    data = NULL;
    rules = NULL;
}

TestSuite(eval, .init = setup, .fini = teardown);

/* Replace the suite's rule set by the one at path. */
static void use_rules(const char *path)
{
    as_diags d;
    as_diags_init(&d);
    as_rules_free(rules);
    rules = NULL;
    int rc = as_rules_load(path, &rules, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s:\n%s", path, msgs);
    free(msgs);
    as_diags_release(&d);
}

/* Load the data set in dir for year and evaluate the province with code alone. */
static as_province_result *evaluate_in(const char *dir, int year, const char *code,
                                       bool use_verified, bool use_findings)
{
    as_diags d;
    size_t p = 0;
    as_diags_init(&d);
    int rc = as_dataset_load(rules, dir, year, &data, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s for %d:\n%s", dir, year, msgs);
    free(msgs);
    cr_assert_eq(as_rules_province(rules, code, &p), 0);
    as_eval_opts opts = as_eval_defaults();
    opts.only = (long)p;
    opts.use_verified = use_verified;
    opts.use_findings = use_findings;
    cr_assert_eq(as_evaluate(rules, data, year, &opts, &ev, &d), 0);
    free(said);
    said = joined_diags(&d);
    as_diags_release(&d);
    cr_assert_eq(ev->nprovinces, 1);
    cr_assert_eq(ev->provinces[0].index, p);
    return &ev->provinces[0];
}

/* The same on the eval data set and rules/2026.yaml. */
static as_province_result *evaluate(int year, const char *code, bool use_verified,
                                    bool use_findings)
{
    return evaluate_in(DATA, year, code, use_verified, use_findings);
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
    cr_assert_not(pr->invalid, "%s", error_line(pr, 0));
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
                  cases[i].check, got->no_data.en ? got->no_data.en : "");
        cr_expect_float_eq(got->value, cases[i].exp_value, 1e-12,
                           "%s/%s value: exp %.15g got %.15g", cases[i].indicator, cases[i].check,
                           cases[i].exp_value, got->value);
        cr_expect_float_eq(got->target, cases[i].exp_target, 1e-12,
                           "%s/%s target: exp %.15g got %.15g", cases[i].indicator, cases[i].check,
                           cases[i].exp_target, got->target);
        cr_expect_eq(got->status, AS_STATUS_MET, "%s/%s: %s", cases[i].indicator, cases[i].check,
                     as_status_name(got->status));
        cr_expect_null(got->no_data.en);
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
    const as_check_def *cd = ir->checks[0].def;
    cr_expect_eq(cd->judgement, AS_JUDGE_ROUNDED);
    cr_expect_eq(cd->rounding, AS_ROUND_GBT8170);
    cr_expect_eq(cd->decimals, 4);
    cr_expect_eq(ir->checks[0].verdict.value, ir->checks[0].verdict.target);
    cr_expect_eq(ir->checks[0].verdict.value, 0.9);
    cr_expect_eq(ir->checks[0].verdict.margin, 0);
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
    cr_assert_not(pr->invalid, "%s", error_line(pr, 0));
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
    cr_assert_not_null(pub->checks[0].no_data.en);
    cr_expect_str_eq(pub->checks[0].no_data.en, "no data for 'pub_co2' in 2026");
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
    cr_assert(pr->has_deadline, "%s", diag_line(pr->deadline_error));
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

/* Tianjin consumed no electricity and registered no vehicles: both divisions
 * are reported, and the second wins over the missing veh_new_nev beside it.
 * Without a fraud finding the province stays invalid: no grade. */
Test(eval, reports_every_division_by_zero_of_a_province_even_beside_missing_data)
{
    static const struct {
        char line_has[48], word[20], exp[160];
    } cases[] = {
        {"value: elec_clean / elec_consumption", "elec_consumption,",
         "division by zero: 'elec_consumption' is 0 (check 'share' of indicator "
         "'clean_power_share', province 120000, 2026)"},
        {"value: veh_new_nev / veh_new", "veh_new,",
         "division by zero: 'veh_new' is 0 (check 'share' of indicator 'green_transport', "
         "province 120000, 2026)"},
    };
    const as_province_result *pr = evaluate(2026, "120000", true, true);
    cr_expect(pr->invalid);
    cr_expect_null(pr->grade);
    cr_expect_not(pr->fraud);
    cr_expect_eq(ev->ninvalid, 1);
    cr_expect_eq(ev->nerrored, 1);
    cr_assert_eq(pr->nerrors, 2, "every error, not only the first: got %zu", pr->nerrors);
    for (size_t i = 0; i < 2; i++) {
        char loc[128], exp[384];
        locate(INDICATORS, cases[i].line_has, cases[i].word, loc, sizeof loc);
        snprintf(exp, sizeof exp, "%s: error: %s", loc, cases[i].exp);
        cr_expect_str_eq(error_line(pr, i), exp);
    }
    const as_check_result *gt = &result(pr, "green_transport")->checks[0];
    cr_expect_str_eq(diag_line(gt->error), error_line(pr, 1));
    cr_expect_str_eq(gt->no_data.en, "no data for 'veh_new_nev' in 2026",
                     "and it says what is missing");
}

Test(eval, takes_a_parameter_the_rules_give_no_value_for_as_the_rule_sets_gap_not_the_provinces)
{
    /* ef_grid is given for 2022 and 2023-2026; co2 in 2027 reads it, three checks read co2:
     * each has no data saying the rules need updating, the province is graded on the rest
     * (no data counts as missed, as for a target not yet approved), and the rule set's gap
     * is said once, at the parameter in the rules */
    static const char *const checks[][2] = {
        {"co2_total", "total"}, {"co2_intensity", "annual"}, {"co2_intensity", "cumulative"}};
    const as_province_result *pr = evaluate(2027, "110000", false, false);
    cr_expect_not(pr->invalid);
    cr_expect_eq(pr->nerrors, 0);
    cr_assert_not_null(pr->grade);
    for (size_t i = 0; i < 3; i++) {
        const as_indicator_result *ir = result(pr, checks[i][0]);
        const as_check_result *cr = NULL;
        for (size_t c = 0; c < ir->nchecks; c++)
            cr = !strcmp(ir->checks[c].def->name, checks[i][1]) ? &ir->checks[c] : cr;
        cr_assert_not_null(cr);
        cr_expect_eq(cr->status, AS_STATUS_NO_DATA, "%s/%s", checks[i][0], checks[i][1]);
        cr_expect_null(cr->error);
        cr_expect_str_eq(cr->no_data.en,
                         "the rules give parameter 'ef_grid' no value for 2027: the rule set "
                         "needs updating");
    }
    cr_expect(result(pr, "co2_total")->counts_missed);
    cr_expect_eq(result(pr, "coal_total")->status, AS_STATUS_MET, "judged on 2027's targets");
    char loc[128], exp[512];
    locate("rules/2026/parameters.yaml", "- id: ef_grid", "id:", loc, sizeof loc);
    snprintf(exp, sizeof exp,
             "%s: warning: the rules give parameter 'ef_grid' (全国电力平均二氧化碳排放因子) no "
             "value for 2027, only for 2022-2026: every check that needs it has no data "
             "until the rule set gives one\n",
             loc);
    cr_expect_str_eq(said, exp);
}

/* The Measures: fraud makes the grade Fail whatever the indicators say, even
 * when there is nothing to count.  Hebei sent no submission; a finding says its
 * statistics were fabricated. */
Test(eval, fails_a_province_with_a_fraud_finding_whose_data_cannot_be_read)
{
    const char *exp = DATA "/submissions/2026/130000.yaml: error: no submission for Hebei "
                           "(130000) for 2026: neither '130000.yaml' nor '130000.xlsx'";
    const as_province_result *pr = evaluate(2026, "130000", true, true);
    cr_expect_not(pr->invalid);
    cr_assert_not_null(pr->grade);
    cr_expect_str_eq(pr->grade->id, "fail");
    cr_expect(pr->fraud);
    cr_assert_not_null(pr->finding);
    cr_expect_str_eq(pr->finding->summary,
                     "statistics fabricated; the province then sent no submission");
    cr_assert_eq(pr->nerrors, 1, "its data errors are listed");
    cr_expect_str_eq(error_line(pr, 0), exp);
    cr_expect_eq(pr->nindicators, 0);
    cr_expect_null(pr->submission_file);
    cr_expect_eq(ev->ninvalid, 0);
    cr_expect_eq(ev->nerrored, 1);
    as_evaluation_free(ev);
    as_dataset_free(data);
    ev = NULL;
    data = NULL;

    /* without the finding (as `assess check` runs) it has no grade */
    pr = evaluate(2026, "130000", true, false);
    cr_expect(pr->invalid);
    cr_expect_null(pr->grade);
    cr_expect_not(pr->fraud);
    cr_assert_eq(pr->nerrors, 1);
    cr_expect_str_eq(error_line(pr, 0), exp);
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
    opts.use_verified = false;
    cr_assert_eq(as_evaluate(rules, data, 2026, &opts, &ev, &d), 0);
    cr_assert_eq(ev->nprovinces, 31);
    /* Beijing and Tibet are graded; Tianjin divides by zero; 28 have no files, one of
     * which (Hebei) is graded Fail on its fraud finding */
    cr_expect_eq(ev->ninvalid, 28);
    cr_expect_eq(ev->nerrored, 29);
    cr_assert_not_null(ev->provinces[2].grade);
    cr_expect_str_eq(ev->provinces[2].grade->id, "fail");
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

Test(eval, evaluates_only_the_provinces_selected_in_rule_order)
{
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_dataset_load(rules, DATA, 2026, &data, &d), 0);
    unsigned char select[31] = {0};
    select[25] = select[0] = select[1] = 1; /* Tibet, Beijing, Tianjin */
    as_eval_opts opts = as_eval_defaults();
    opts.select = select;
    cr_assert_eq(as_evaluate(rules, data, 2026, &opts, &ev, &d), 0);
    cr_assert_eq(ev->nprovinces, 3);
    static const char exp[][8] = {"110000", "120000", "540000"};
    for (size_t i = 0; i < 3; i++)
        cr_expect_str_eq(ev->provinces[i].province->code, exp[i]);
    cr_expect_eq(ev->ninvalid, 1); /* Tianjin divides by zero */
    cr_expect_null(ev->opts.select, "the selection is not kept past the call");
    as_diags_release(&d);
}

/* Every field the Trail sheet shows of one check's trace, as text. */
static void trace_text(const as_province_result *pr, char *out, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t k = 0; k < pr->nindicators; k++)
        for (size_t c = 0; c < pr->indicators[k].nchecks; c++) {
            const as_check_result *cr = &pr->indicators[k].checks[c];
            for (size_t t = 0; t < cr->ntrace && o < n; t++) {
                const as_trace_item *it = &cr->trace[t];
                int w = snprintf(out + o, n - o, "%s/%s %d %zu %d %d %d %.17g %s:%d:%d %s\n",
                                 pr->indicators[k].def->id, cr->def->name, it->ref_kind, it->index,
                                 it->year, it->depth, it->from, it->value,
                                 it->loc.file ? it->loc.file : "", it->loc.line, it->loc.col,
                                 it->source ? it->source : "");
                o += w > 0 ? (size_t)w : 0;
            }
        }
}

Test(eval, gives_one_provinces_trail_later_as_a_traced_evaluation_has_it)
{
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_dataset_load(rules, DATA, 2026, &data, &d), 0);
    as_eval_opts opts = as_eval_defaults();
    as_evaluation *traced = NULL;
    cr_assert_eq(as_evaluate(rules, data, 2026, &opts, &traced, &d), 0);
    opts.no_trace = true;
    cr_assert_eq(as_evaluate(rules, data, 2026, &opts, &ev, &d), 0);
    static char want[65536], got[65536];
    size_t traced_rows = 0;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        as_arena *a = as_arena_new(0);
        as_province_result pr;
        cr_assert_eq(ev->provinces[i].indicators ? ev->provinces[i].indicators[0].checks[0].ntrace
                                                 : 0,
                     0, "no trail was recorded");
        cr_assert_eq(as_evaluation_trail(ev, i, a, &pr), 0);
        trace_text(&traced->provinces[i], want, sizeof want);
        trace_text(&pr, got, sizeof got);
        cr_expect_str_eq(got, want, "province %s", pr.province->code);
        traced_rows += strlen(want);
        cr_expect_eq(pr.grade, ev->provinces[i].grade);
        cr_expect_eq(pr.nerrors, ev->provinces[i].nerrors);
        cr_expect_eq(pr.control_missed, ev->provinces[i].control_missed);
        as_arena_free(a);
    }
    cr_expect_gt(traced_rows, 1000, "Beijing and Tibet have trails");
    as_province_result same;
    cr_assert_eq(as_evaluation_trail(traced, 0, NULL, &same), 0);
    cr_expect_eq(same.indicators, traced->provinces[0].indicators, "a traced result as it is");
    as_evaluation_free(traced);
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

/* ------------------------------------------------------------------ judgement */

/* A check as the rule loader settles it, for as_eval_judge. */
static as_check_def judged_by(as_cmp cmp, as_judgement ju, as_rounding ro, int decimals)
{
    as_check_def cd = {.cmp = cmp, .judgement = ju, .rounding = ro, .decimals = decimals};
    return cd;
}

Test(eval, judges_by_the_rounded_value_and_the_full_value_methods_of_gbt_8170)
{
    static const struct {
        char value[24];
        int nudge; /* the value moved by one double: -1 down, +1 up */
        char cmp[3], target[24];
        int decimals;
        bool exp_gbt, exp_half_up, exp_full;
    } cases[] = {
        /* the Beijing: 0.10504999999999999 is below the tie whichever way one reads it */
        {"0.10505", -1, ">=", "0.1051", 4, false, false, false},
        {"0.10505", 0, ">=", "0.1051", 4, false, true, false}, /* a tie: to even, 0.1050 */
        {"0.28915", 0, ">=", "0.2892", 4, true, true, false},  /* a tie: to even, 0.2892 */
        {"0.899995", 0, ">=", "0.9", 4, true, true, false},
        {"0.0379999999", 0, ">=", "0.038", 4, true, true, false},
        {"750", 0, "<=", "750", 1, true, true, true},
        {"0.00125", 0, "<=", "0.0012", 4, true, false, false},
        {"0.00125", 1, "<=", "0.0012", 4, false, false, false},
        {"0.00125", -1, "<=", "0.0012", 4, true, true, false},
        {"-0.0365", 0, ">=", "-0.036", 3, true, false, false}, /* by the absolute value */
        {"-0.0365", 1, ">=", "-0.036", 3, true, true, false},
        {"2.5", 0, "<", "3", 0, true, false, true},
        {"-2.5", 0, ">", "-3", 0, true, false, true},
        /* 1e15 with 4 decimals: nothing left to round, both methods agree */
        {"1000000000000000.5", 0, ">", "1000000000000000.2", 4, true, true, true},
        {"1000000000000000.1", 0, "==", "1000000000000000.125", 4, true, true, true},
        {"1000000000000000", 1, ">", "1e15", 4, true, true, true},
        {"1000000000000000.5", 0, "==", "1e15", 0, true, false, false},
    };
    static const char ops[][3] = {"<=", "<", ">=", ">", "=="};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_cmp cmp = AS_CMP_EQ;
        for (int k = 0; k < 5; k++)
            if (!strcmp(ops[k], cases[i].cmp))
                cmp = (as_cmp)k;
        double v = strtod(cases[i].value, NULL), t = strtod(cases[i].target, NULL);
        if (cases[i].nudge)
            v = nextafter(v, cases[i].nudge > 0 ? INFINITY : -INFINITY);
        int d = cases[i].decimals;
        as_check_def gbt = judged_by(cmp, AS_JUDGE_ROUNDED, AS_ROUND_GBT8170, d);
        as_check_def up = judged_by(cmp, AS_JUDGE_ROUNDED, AS_ROUND_HALF_UP, d);
        as_check_def full = judged_by(cmp, AS_JUDGE_FULL, AS_ROUND_GBT8170, d);
        cr_expect_eq(as_eval_judge(&gbt, v, t).met, cases[i].exp_gbt,
                     "%.17g %s %s at %d, GB/T 8170", v, cases[i].cmp, cases[i].target, d);
        cr_expect_eq(as_eval_judge(&up, v, t).met, cases[i].exp_half_up,
                     "%.17g %s %s at %d, half up", v, cases[i].cmp, cases[i].target, d);
        cr_expect_eq(as_eval_judge(&full, v, t).met, cases[i].exp_full, "%.17g %s %s, full value",
                     v, cases[i].cmp, cases[i].target);
    }
}

Test(eval, gives_the_margin_of_the_numbers_compared_on_the_met_side)
{
    static const struct {
        as_cmp cmp;
        as_judgement ju;
        double v, t, exp;
    } cases[] = {
        {AS_CMP_GE, AS_JUDGE_ROUNDED, 0.10504999999999999, 0.1051, -0.0001},
        {AS_CMP_GE, AS_JUDGE_FULL, 0.10504999999999999, 0.1051, -0.00005000000000001},
        {AS_CMP_GE, AS_JUDGE_FULL, 0.30000000000000004, 0.3, 0.00000000000000004},
        {AS_CMP_LE, AS_JUDGE_ROUNDED, 749.96, 750, 0.04},
        {AS_CMP_LT, AS_JUDGE_ROUNDED, 0.2, 0.3, 0.1},
        {AS_CMP_EQ, AS_JUDGE_ROUNDED, 0.2, 0.3, -0.1},
        {AS_CMP_EQ, AS_JUDGE_ROUNDED, 0.3, 0.2, -0.1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_check_def cd = judged_by(cases[i].cmp, cases[i].ju, AS_ROUND_GBT8170, 4);
        double got = as_eval_judge(&cd, cases[i].v, cases[i].t).margin;
        cr_expect_eq(got, cases[i].exp, "case %zu: exp %.17g got %.17g", i, cases[i].exp, got);
    }
    as_check_def one = judged_by(AS_CMP_LE, AS_JUDGE_ROUNDED, AS_ROUND_GBT8170, 1);
    as_verdict got = as_eval_judge(&one, 749.96, 750);
    cr_expect_eq(got.margin, 0.0, "750.0 <= 750.0");
    cr_expect(got.met);
    cr_expect_eq(got.value, 750);
}

/* A target for value v: another random number, a grid point at or next to v's
 * rounded value, or v itself moved by a double. */
static void target_for(oracle_rng *g, const oracle_num *v, int decimals, oracle_num *t)
{
    int64_t units;
    switch (oracle_next(g) % 4) {
    case 0:
        oracle_random(g, decimals, t);
        break;
    case 1:
    case 2:
        units =
            oracle_round(v, decimals, oracle_next(g) % 2 == 0) + (int64_t)(oracle_next(g) % 3) - 1;
        t->neg = units < 0;
        t->mant = units < 0 ? -units : units;
        t->places = decimals;
        t->nudge = (int)(oracle_next(g) % 3) - 1;
        break;
    default:
        *t = *v;
        t->nudge = (int)(oracle_next(g) % 3) - 1;
        break;
    }
}

static bool met_by(as_cmp cmp, int c)
{
    switch (cmp) {
    case AS_CMP_LE:
        return c <= 0;
    case AS_CMP_LT:
        return c < 0;
    case AS_CMP_GE:
        return c >= 0;
    case AS_CMP_GT:
        return c > 0;
    default:
        return c == 0;
    }
}

/* Many random (value, target, decimals) triples, every comparison, both
 * methods and both rounding rules, against oracle.c's integer arithmetic on
 * the digits as written. */
Test(eval, judges_random_triples_as_exact_decimal_arithmetic_does)
{
    oracle_rng g = {8170};
    int met = 0, equal_rounded_only = 0, n = 0;
    for (int i = 0; i < 25000; i++) {
        int d = (int)(oracle_next(&g) % 13);
        oracle_num v, t;
        oracle_random(&g, d, &v);
        target_for(&g, &v, d, &t);
        as_cmp cmp = (as_cmp)(oracle_next(&g) % 5);
        double dv = oracle_double(&v), dt = oracle_double(&t);
        for (int m = 0; m < 3; m++) {
            as_check_def cd = judged_by(cmp, m < 2 ? AS_JUDGE_ROUNDED : AS_JUDGE_FULL,
                                        m == 1 ? AS_ROUND_HALF_UP : AS_ROUND_GBT8170, d);
            int64_t rv = oracle_round(&v, d, m == 0), rt = oracle_round(&t, d, m == 0);
            int c = m < 2 ? (rv < rt ? -1 : rv > rt) : oracle_cmp(&v, &t);
            bool exp = met_by(cmp, c), got = as_eval_judge(&cd, dv, dt).met;
            if (exp != got) {
                char vt[48], tt[48];
                oracle_text(&v, vt, sizeof vt);
                oracle_text(&t, tt, sizeof tt);
                cr_assert_fail("%s%+d ulp (%.17g) %s %s%+d ulp (%.17g) at %d decimals, %s: exp "
                               "%s got %s",
                               vt, v.nudge, dv, as_cmp_text(cmp), tt, t.nudge, dt, d,
                               m == 0   ? "GB/T 8170"
                               : m == 1 ? "half up"
                                        : "full value",
                               exp ? "met" : "missed", got ? "met" : "missed");
            }
            met += got;
            equal_rounded_only += m == 0 && rv == rt && oracle_cmp(&v, &t) != 0;
            n++;
        }
    }
    cr_expect(met > n / 4 && met < 3 * n / 4, "both verdicts are common: %d of %d met", met, n);
    cr_expect_gt(equal_rounded_only, 1000, "values equal only after rounding: %d",
                 equal_rounded_only);
}

/* A double near x: x moved by k units of the last decimal and by a few
 * doubles, so that pairs lie on both sides of the fast path's margin. */
static double near(oracle_rng *g, double x, int decimals)
{
    double unit = pow(10, -decimals);
    double k = (double)(int)(oracle_next(g) % 7) - 3 + (double)(oracle_next(g) % 1000) / 500;
    double v = x + k * unit;
    for (int j = (int)(oracle_next(g) % 9) - 4; j != 0; j += j < 0 ? 1 : -1)
        v = nextafter(v, j < 0 ? -INFINITY : INFINITY);
    return v;
}

/* as_eval_met decides on the binary numbers when they are clearly apart and on
 * the digits otherwise: it must give as_eval_judge's verdict for every pair,
 * from far apart to a few doubles from a rounding boundary. */
Test(eval, decides_met_exactly_as_the_decimal_judgement_does)
{
    oracle_rng g = {20260};
    int n = 0, near_pairs = 0;
    for (int i = 0; i < 60000; i++) {
        int d = (int)(oracle_next(&g) % 13);
        oracle_num v, t;
        oracle_random(&g, d, &v);
        target_for(&g, &v, d, &t);
        double dv = oracle_double(&v), dt = oracle_double(&t);
        if (i % 3 == 1)
            dv = near(&g, dt, d); /* within a few units of the target */
        else if (i % 3 == 2)
            dv = dt * (1 + (double)(oracle_next(&g) % 2001) / 1000 - 1); /* far or near */
        near_pairs += fabs(dv - dt) < 2 * pow(10, -d);
        for (int m = 0; m < 3; m++)
            for (int cmp = 0; cmp < 5; cmp++) {
                as_check_def cd = judged_by((as_cmp)cmp, m < 2 ? AS_JUDGE_ROUNDED : AS_JUDGE_FULL,
                                            m == 1 ? AS_ROUND_HALF_UP : AS_ROUND_GBT8170, d);
                bool exp = as_eval_judge(&cd, dv, dt).met, got = as_eval_met(&cd, dv, dt);
                if (exp != got)
                    cr_assert_fail("%.17g %s %.17g at %d decimals, method %d: judge %s, met %s", dv,
                                   as_cmp_text((as_cmp)cmp), dt, d, m, exp ? "met" : "missed",
                                   got ? "met" : "missed");
                n++;
            }
    }
    cr_expect_gt(near_pairs, 15000, "pairs within two units of the last decimal: %d", near_pairs);
    cr_expect_eq(n, 60000 * 15);
}

/* Without a trail a quantity is computed once per province and year; the
 * values must be the very doubles a traced evaluation gives. */
Test(eval, gives_the_same_values_without_a_trail_as_with_one)
{
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_dataset_load(rules, "data/sample", 2026, &data, &d), 0);
    as_eval_opts traced = as_eval_defaults(), fast = as_eval_defaults();
    fast.no_trace = true;
    fast.met_only = true;
    as_evaluation *quick = NULL;
    cr_assert_eq(as_evaluate(rules, data, 2026, &traced, &ev, &d), 0);
    cr_assert_eq(as_evaluate(rules, data, 2026, &fast, &quick, &d), 0);
    as_diags_release(&d);
    size_t checks = 0;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *a = &ev->provinces[i], *b = &quick->provinces[i];
        cr_expect_eq(a->grade, b->grade, "%s", a->province->code);
        for (size_t k = 0; k < a->nindicators; k++)
            for (size_t c = 0; c < a->indicators[k].nchecks; c++) {
                const as_check_result *x = &a->indicators[k].checks[c];
                const as_check_result *y = &b->indicators[k].checks[c];
                cr_expect_eq(x->has_value, y->has_value);
                cr_expect(x->value == y->value && x->target == y->target, "%s %s/%s",
                          a->province->code, a->indicators[k].def->id, x->def->name);
                cr_expect_eq(x->status, y->status);
                cr_expect_eq(x->verdict.met, y->verdict.met);
                checks++;
            }
    }
    cr_expect_eq(checks, 31 * 16);
    as_evaluation_free(quick);
}

/* A check's value formula evaluated for another year reads that year's
 * figures: Beijing's 2025 coal, and no data for a year without a file. */
Test(eval, evaluates_a_formula_for_any_year_the_data_set_holds)
{
    as_province_result *pr = evaluate(2026, "110000", true, true);
    const as_indicator_result *coal = result(pr, "coal_total");
    const as_formula *f = &coal->checks[0].def->value;
    double v = 0;
    as_diags why;
    as_diags_init(&why);
    as_eval_opts o = as_eval_defaults();
    cr_assert_eq(as_eval_formula(rules, data, &o, pr->index, f, 2026, &v, &why), AS_EVAL_OK);
    cr_expect_eq(v, coal->checks[0].value);
    cr_assert_eq(as_eval_formula(rules, data, &o, pr->index, f, 2025, &v, &why), AS_EVAL_OK);
    cr_expect_eq(v, 1100 - 100, "2025: coal 1100, feedstock 100");
    cr_expect_eq(as_eval_formula(rules, data, &o, pr->index, f, 2024, &v, &why), AS_EVAL_NO_DATA);
    cr_assert_eq(why.n, 1);
    cr_expect_str_eq(why.items[0].text.en, "no data for 'coal' in 2024");
    as_diags_release(&why);
}

/* quirks-rules.yaml states half-up rounding for the rule set; Beijing's share
 * 0.10505 against 0.1051 is met half up, missed by GB/T 8170 (a check's own
 * rounding), and below the target by the full-value comparison. */
Test(eval, judges_each_check_by_the_rule_sets_method_unless_the_check_states_its_own)
{
    static const struct {
        char check[8];
        as_rounding rounding;
        as_judgement judgement;
        bool own;
        as_status exp;
    } cases[] = {
        {"half_up", AS_ROUND_HALF_UP, AS_JUDGE_ROUNDED, false, AS_STATUS_MET},
        {"gbt8170", AS_ROUND_GBT8170, AS_JUDGE_ROUNDED, true, AS_STATUS_MISSED},
        {"full", AS_ROUND_HALF_UP, AS_JUDGE_FULL, true, AS_STATUS_MET}, /* 0.10505 < 0.1051 */
    };
    use_rules("tests/fixtures/datasets/quirks-rules.yaml");
    const as_province_result *pr = evaluate_in(QUIRKS, 2026, "110000", true, true);
    const as_indicator_result *ir = result(pr, "share");
    cr_assert_eq(ir->nchecks, 3);
    for (size_t i = 0; i < 3; i++) {
        const as_check_result *cr = &ir->checks[i];
        cr_expect_str_eq(cr->def->name, cases[i].check);
        cr_expect_eq(cr->def->rounding, cases[i].rounding, "%s: rounding", cases[i].check);
        cr_expect_eq(cr->def->judgement, cases[i].judgement, "%s: judgement", cases[i].check);
        cr_expect_eq(as_rules_own_method(rules, cr->def), cases[i].own, "%s: own", cases[i].check);
        cr_expect_eq(cr->status, cases[i].exp, "%s: exp %s got %s", cases[i].check,
                     as_status_name(cases[i].exp), as_status_name(cr->status));
        cr_expect_eq(cr->value, 0.10505);
    }
    cr_expect_eq(ir->checks[0].verdict.value, 0.1051);
    cr_expect_eq(ir->checks[1].verdict.value, 0.105);
    cr_expect_eq(ir->checks[2].verdict.value, 0.10505);
    cr_expect_eq(ir->checks[1].verdict.margin, -0.0001);
    cr_expect_eq(ir->checks[2].verdict.margin, 0.00005, "0.1051 - 0.10505 exactly");
    char text[32];
    cr_assert_eq(as_eval_compared_text(ir->checks[1].def, ir->value, 2, text, sizeof text), 0);
    cr_expect_str_eq(text, "10.50");
    cr_assert_eq(as_eval_compared_text(ir->checks[2].def, ir->value, 2, text, sizeof text), 0);
    cr_expect_str_eq(text, "10.505");
    cr_expect_eq(ir->status, AS_STATUS_MISSED);
}

/* A quantity read at [prev] is computed for that year: `year` inside it is
 * the previous year, as every name it reads is. */
Test(eval, reads_year_inside_a_quantity_read_at_prev_as_the_previous_year)
{
    use_rules("tests/fixtures/datasets/quirks-rules.yaml");
    const as_province_result *pr = evaluate_in(QUIRKS, 2026, "110000", true, true);
    const as_indicator_result *ir = result(pr, "prev_year");
    cr_expect_eq(ir->status, AS_STATUS_MET);
    cr_expect_eq(ir->checks[0].value, 2025, "year_read[prev]");
    cr_expect_eq(ir->checks[1].value, 2026, "year_read");
    cr_assert_gt(ir->checks[0].ntrace, 0);
    cr_expect_eq(ir->checks[0].trace[0].year, 2025);
    cr_expect_eq(ir->checks[0].trace[0].value, 2025);
}

/* quirks-rules.yaml grades fraud by the counts; a province with fraud whose
 * data cannot be read therefore has no grade, and says both. */
Test(eval, leaves_fraud_with_unreadable_data_ungraded_when_the_grading_needs_the_counts)
{
    use_rules("tests/fixtures/datasets/quirks-rules.yaml");
    const as_province_result *pr = evaluate_in(QUIRKS, 2026, "120000", true, true);
    cr_expect(pr->invalid);
    cr_expect_null(pr->grade);
    cr_expect(pr->fraud);
    cr_assert_eq(pr->nerrors, 1);
    cr_expect_str_eq(error_line(pr, 0), QUIRKS "/submissions/2026/120000.yaml:8:14: error: "
                                               "'share_num' is -1, below its minimum 0 (1)");
}

/* ------------------------------------------------------------------ exemptions, names */

/* Regression: an exempt indicator is computed for information only; an error
 * in it (ets_due = 0 in Tibet, the very case the exemption describes) does not
 * make the province invalid.  The error stays on the check for the reports. */
Test(eval, grades_a_province_whose_exempt_indicator_cannot_be_computed)
{
    const as_province_result *pr = evaluate(2026, "540000", true, false);
    cr_expect_not(pr->invalid, "%s", error_line(pr, 0));
    cr_expect_eq(pr->nerrors, 0);
    const as_indicator_result *ets = result(pr, "ets_control");
    cr_expect_eq(ets->status, AS_STATUS_EXEMPT);
    cr_expect_not(ets->counts_missed);
    cr_expect_not(ets->checks[0].has_value);
    char loc[128], exp[384];
    locate(INDICATORS, "ets_surrendered / ets_due", "ets_due,", loc, sizeof loc);
    snprintf(exp, sizeof exp,
             "%s: error: division by zero: 'ets_due' is 0 (check 'rate' of indicator "
             "'ets_control', province 540000, 2026)",
             loc);
    cr_assert_not_null(ets->checks[0].error);
    cr_expect_str_eq(diag_line(ets->checks[0].error), exp);
    cr_expect_eq(pr->support_missed, 2);
    cr_assert_not_null(pr->grade);
    cr_expect_str_eq(pr->grade->id, "pass");
}

/* A verified file that leaves a field out has not verified it; a `~` in it
 * says the departments found no valid figure: no data, listed as an override. */
Test(eval, replaces_a_reported_figure_with_no_data_where_the_verified_file_gives_a_tilde)
{
    const as_province_result *pr = evaluate(2026, "540000", true, false);
    const as_indicator_result *forest = result(pr, "forest_stock");
    cr_expect_eq(forest->status, AS_STATUS_NO_DATA);
    cr_expect(forest->counts_missed);
    cr_expect_str_eq(forest->checks[0].no_data.en,
                     "no data for 'forest_stock' in 2026: the verified figures give none (~)");
    const as_trace_item *t = &forest->checks[0].trace[0];
    cr_expect_eq(t->from, AS_FROM_VERIFIED);
    cr_expect_not(t->has_value);
    cr_expect_str_eq(t->source, "MEE, NFGA");
    size_t fs = 0, found = 0;
    cr_assert_eq(as_rules_input(rules, "forest_stock", &fs), 0);
    for (size_t i = 0; i < pr->noverrides; i++) {
        const as_override *o = &pr->overrides[i];
        if (o->input != fs)
            continue;
        found++;
        cr_expect(o->has_reported);
        cr_expect_eq(o->reported, 0.3);
        cr_expect_not(o->has_verified);
        cr_expect_eq(o->verified_loc.file, t->loc.file);
    }
    cr_expect_eq(found, 1, "the ~ is listed beside the reported 0.3");
    /* pub_co2, left out of the verified file, keeps its reported ~ (not verified) */
    cr_expect_str_eq(result(pr, "public_institutions")->checks[0].no_data.en,
                     "no data for 'pub_co2' in 2026");
    cr_expect_eq(pr->support_missed, 2, "forest and public institutions");
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

/* ------------------------------------------------------------------ what-if hook */

typedef struct {
    size_t coal, ef_coal;  /* indexes of the input and the parameter */
    double coal_by, ef_by; /* factors applied to them */
    int calls;             /* values passed through the hook */
} what_if;

static double scale(void *ctx, int kind, size_t index, size_t province, int year, double v)
{
    what_if *w = ctx;
    (void)province;
    w->calls++;
    if (kind == AS_REF_INPUT && index == w->coal && year == 2026)
        return v * w->coal_by;
    if (kind == AS_REF_PARAM && index == w->ef_coal)
        return v * w->ef_by;
    return v;
}

/* Beijing 2026 evaluated with opts, the hook set to w. */
static as_province_result *evaluate_what_if(what_if *w, bool no_trace)
{
    as_diags d;
    size_t p = 0;
    as_diags_init(&d);
    cr_assert_eq(as_dataset_load(rules, DATA, 2026, &data, &d), 0);
    cr_assert_eq(as_rules_province(rules, "110000", &p), 0);
    as_eval_opts opts = as_eval_defaults();
    opts.only = (long)p;
    opts.adjust = scale;
    opts.adjust_ctx = w;
    opts.no_trace = no_trace;
    cr_assert_eq(as_evaluate(rules, data, 2026, &opts, &ev, &d), 0);
    as_diags_release(&d);
    return &ev->provinces[0];
}

static void reset(void)
{
    as_evaluation_free(ev);
    as_dataset_free(data);
    ev = NULL;
    data = NULL;
}

Test(eval, lets_an_analysis_change_the_inputs_and_parameters_it_reads)
{
    what_if w = {0, 0, 1, 1, 0};
    cr_assert_eq(as_rules_input(rules, "coal", &w.coal), 0);
    for (w.ef_coal = 0; strcmp(rules->params[w.ef_coal].id, "ef_coal") != 0; w.ef_coal++)
        cr_assert_lt(w.ef_coal + 1, rules->nparams);

    /* unchanged: the same numbers as without the hook, and a trail */
    const as_indicator_result *co2 = result(evaluate_what_if(&w, false), "co2_total");
    double co2_as_read = co2->checks[0].value;
    cr_expect_gt(w.calls, 0);
    cr_expect_gt(co2->checks[0].ntrace, 0);
    cr_expect_eq(result(&ev->provinces[0], "coal_total")->status, AS_STATUS_MET);
    reset();

    /* 10 % more coal emission factor: CO2 grows by 900 x 2.660 x 0.1 / 100 Mt */
    w.ef_by = 1.1;
    co2 = result(evaluate_what_if(&w, true), "co2_total");
    cr_expect_float_eq(co2->checks[0].value - co2_as_read, 900 * 2.660 * 0.1 / 100, 1e-9);
    cr_expect_eq(co2->checks[0].ntrace, 0, "no trail when told");
    cr_expect_null(co2->checks[0].trace);
    reset();

    /* twice the 2026 coal: 2000 - 100 is above Beijing's cap of 950, a control miss */
    w.ef_by = 1;
    w.coal_by = 2;
    as_province_result *pr = evaluate_what_if(&w, true);
    cr_expect_eq(result(pr, "coal_total")->status, AS_STATUS_MISSED);
    cr_expect_float_eq(result(pr, "coal_total")->checks[0].value, 2 * 1000 - 100, 1e-9);
    cr_expect_str_eq(pr->grade->id, "fail");
}
