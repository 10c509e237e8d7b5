/* test_breakeven: what it would take, against values worked out by hand on
 * the round numbers of tests/fixtures/datasets/eval under rules/2026.yaml:
 * the largest coal that keeps Beijing's coal total met (its cap plus feedstock
 * plus half a unit of the indicator's last decimal, where GB/T 8170 rounds
 * it down), the least feedstock, a share with one bound only, a missed check
 * (Tibet's forest), the figure's own decimals for the value shown, and no
 * break-even for an exempt or no-data check.  The engine's verdict at the
 * value and one step beyond it is checked through the what-if hook.  Not
 * tested here: every check of every province (tests/e2e/breakeven.py). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "analysis/breakeven.h"

#include "support.h"

#define DATA "tests/fixtures/datasets/eval"

static as_ruleset *rules;
static as_dataset *data;
static as_evaluation *ev;

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_rules_load("rules/2026.yaml", &rules, &d), 0);
    cr_assert_eq(as_dataset_load(rules, DATA, 2026, &data, &d), 0);
    as_eval_opts o = {.use_verified = false, .use_findings = false, .only = -1};
    cr_assert_eq(as_evaluate(rules, data, 2026, &o, &ev, &d), 0);
    as_diags_release(&d);
}

static void teardown(void)
{
    as_evaluation_free(ev);
    as_dataset_free(data);
    as_rules_free(rules);
}

TestSuite(breakeven, .init = setup, .fini = teardown);

static const as_province_result *province(const char *code)
{
    for (size_t i = 0; i < ev->nprovinces; i++)
        if (!strcmp(ev->provinces[i].province->code, code))
            return &ev->provinces[i];
    cr_assert_fail("no province %s", code);
    return NULL;
}

static as_breakeven *work_out(const char *code)
{
    as_eval_opts o = {.use_verified = false, .use_findings = false, .only = -1};
    as_breakeven *b = NULL;
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_breakeven_new(ev, province(code), &o, &b, &d), 0);
    as_diags_release(&d);
    return b;
}

static const as_be_check *find_check(const as_breakeven *b, const char *ind, const char *check)
{
    for (size_t i = 0; i < b->nchecks; i++) {
        const as_be_check *c = &b->checks[i];
        if (!strcmp(rules->indicators[c->indicator].id, ind) && !strcmp(c->cr->def->name, check))
            return c;
    }
    cr_assert_fail("no check %s/%s", ind, check);
    return NULL;
}

static const as_be_input *find_input(const as_be_check *c, const char *id)
{
    for (size_t i = 0; i < c->ninputs; i++)
        if (!strcmp(rules->inputs[c->inputs[i].input].id, id))
            return &c->inputs[i];
    cr_assert_fail("check %s reads no %s", c->cr->def->name, id);
    return NULL;
}

/* The engine's own status of a check with input `id` read as x. */
typedef struct {
    size_t input;
    double x;
} what_if;

static double read_as(void *ctx, int kind, size_t index, size_t p, int year, double v)
{
    const what_if *w = ctx;
    (void)p;
    return kind == AS_REF_INPUT && index == w->input && year == 2026 ? w->x : v;
}

static as_status status_at(const char *code, const as_be_check *c, const char *id, double x)
{
    size_t p;
    cr_assert_eq(as_rules_province(rules, code, &p), 0);
    what_if w = {find_input(c, id)->input, x};
    as_eval_opts o = {.only = (long)p, .adjust = read_as, .adjust_ctx = &w, .no_trace = true};
    as_evaluation *e = NULL;
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_evaluate(rules, data, 2026, &o, &e, &d), 0);
    as_status st = e->provinces[0].indicators[c->indicator].checks[c->check].status;
    as_evaluation_free(e);
    as_diags_release(&d);
    return st;
}

Test(breakeven, finds_the_last_value_that_keeps_a_cap_met)
{
    as_breakeven *b = work_out("110000");
    const as_be_check *c = find_check(b, "coal_total", "total");
    cr_assert(c->computed);
    cr_expect_eq(c->ninputs, 2, "coal and coal_feedstock");
    const as_be_input *coal = find_input(c, "coal");
    cr_assert_eq(coal->result, AS_BE_FOUND);
    cr_assert_eq(coal->nbounds, 1, "a cap: one bound");
    const as_be_bound *bd = &coal->bounds[0];
    cr_expect_eq(bd->side, AS_BE_AT_MOST);
    /* coal - 100 <= 950 after rounding to 1 decimal: up to 950.05 (half to even) */
    cr_expect(fabs(bd->value - 1050.05) < 1e-9, "exp 1050.05 got %.17g", bd->value);
    cr_expect_eq(status_at("110000", c, "coal", bd->value), AS_STATUS_MET);
    cr_expect_eq(status_at("110000", c, "coal", nextafter(bd->value, 2000)), AS_STATUS_MISSED);
    cr_expect_eq(bd->decimals, 0, "the figure 1000 has no decimals");
    cr_expect_eq(bd->shown, 1050.0);
    const as_be_input *feed = find_input(c, "coal_feedstock");
    cr_assert_eq(feed->nbounds, 1);
    cr_expect_eq(feed->bounds[0].side, AS_BE_AT_LEAST);
    cr_expect(fabs(feed->bounds[0].value - 49.95) < 1e-9, "got %.17g", feed->bounds[0].value);
    cr_expect_eq(feed->bounds[0].shown, 50.0, "rounded up to the met side");
    cr_expect_eq(feed->lo, 0, "from the input's min");
    as_breakeven_free(b);
}

Test(breakeven, tells_how_far_a_missed_check_is_from_being_met)
{
    as_breakeven *b = work_out("540000"); /* forest 0.3 against 0.35 */
    const as_be_check *c = find_check(b, "forest_stock", "stock");
    cr_assert_eq(c->cr->status, AS_STATUS_MISSED);
    const as_be_input *f = find_input(c, "forest_stock");
    cr_assert_eq(f->nbounds, 1);
    cr_expect_eq(f->bounds[0].side, AS_BE_AT_LEAST, "missed: met at least from the value");
    cr_expect(fabs(f->bounds[0].value - 0.34995) < 1e-12, "got %.17g", f->bounds[0].value);
    cr_expect_eq(status_at("540000", c, "forest_stock", f->bounds[0].value), AS_STATUS_MET);
    cr_expect_eq(status_at("540000", c, "forest_stock", nextafter(f->bounds[0].value, 0)),
                 AS_STATUS_MISSED);
    cr_expect_eq(f->bounds[0].shown, 0.4, "at the figure's one decimal, on the met side");
    /* exempt and no-data checks have nothing to work out */
    cr_expect(!find_check(b, "ets_control", "rate")->computed);
    cr_expect(!find_check(b, "public_institutions", "annual")->computed);
    as_breakeven_free(b);
}

Test(breakeven, gives_one_bound_where_a_share_can_grow_without_end)
{
    as_breakeven *b = work_out("110000");
    const as_be_check *c = find_check(b, "two_high_projects", "share"); /* 10 of 10 */
    const as_be_input *ok = find_input(c, "proj_compliant");
    cr_assert_eq(ok->nbounds, 1, "above 10 the share only grows");
    cr_expect_eq(ok->bounds[0].side, AS_BE_AT_LEAST);
    cr_expect(fabs(ok->bounds[0].value - 9.9995) < 1e-9,
              "share 0.99995 rounds to 1.0000: got %.17g", ok->bounds[0].value);
    cr_expect_eq(ok->bounds[0].shown, 10.0);
    const as_be_input *all = find_input(c, "proj_approved");
    cr_assert_eq(all->nbounds, 1);
    cr_expect_eq(all->bounds[0].side, AS_BE_AT_MOST);
    cr_expect_gt(b->evaluations, 0);
    as_breakeven_free(b);
}
