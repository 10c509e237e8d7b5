/* Tests for expr: values of hand-checked formulas against a fake lookup with
 * fixed values per name and year, precedence, laziness, year qualifiers,
 * chain(), every parse and evaluation error with its exact message and
 * offset (and that an error wins over no data whatever the operand order),
 * the reference table, and the length and nesting caps.  Not tested
 * here: binding names to rule-file entities (that is the rules loader). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/expr.h"

enum { BASE_YEAR = 2025, ANY_YEAR = 0 };

/* The fake world: value of a name in a year (ANY_YEAR = every year). */
static const struct {
    const char *name;
    int year;
    double value;
} FACTS[] = {
    {"co2", 2024, 90},
    {"co2", 2025, 100},
    {"co2", 2026, 96},
    {"co2", 2027, 93},
    {"gdp_growth", 2026, 0.05},
    {"gdp_growth", 2027, 0.04},
    {"target.co2_intensity_plan", ANY_YEAR, 0.18},
    {"target.coal_cap", ANY_YEAR, 1000},
    {"base_year", ANY_YEAR, BASE_YEAR},
    {"proj_approved", 2026, 0},
    {"proj_approved", 2027, 4},
    {"proj_compliant", 2026, 0},
    {"proj_compliant", 2027, 3},
    {"fraud", ANY_YEAR, 0},
    {"control_missed", ANY_YEAR, 0},
    {"support_missed", 2026, 2},
    {"support_missed", 2027, 3},
    {"coal", 2026, 500},
    {"coal_feedstock", 2026, 20},
    {"zero", ANY_YEAR, 0},
    {"huge", ANY_YEAR, 1e308},
    {"infinite", ANY_YEAR, INFINITY},
};

typedef struct {
    int reads;         /* lookups made */
    int missing_reads; /* lookups of the name "missing" */
} fake;

enum { BOUND = 7 }; /* ref kind the tests bind by hand: the value is the index */

static as_eval_status fake_lookup(void *ctx, const as_expr_ref *ref, int year, double *out,
                                  as_text *msg)
{
    fake *f = ctx;
    f->reads++;
    if (ref->kind == BOUND) {
        *out = (double)ref->index;
        return AS_EVAL_OK;
    }
    if (strcmp(ref->name, "year") == 0) {
        *out = year;
        return AS_EVAL_OK;
    }
    if (strcmp(ref->name, "broken") == 0) {
        *msg = (as_text){"source of 'broken' is corrupt", NULL};
        return AS_EVAL_ERROR;
    }
    if (strcmp(ref->name, "silent") == 0)
        return AS_EVAL_ERROR;
    f->missing_reads += strcmp(ref->name, "missing") == 0;
    for (size_t i = 0; i < sizeof FACTS / sizeof FACTS[0]; i++) {
        if (strcmp(FACTS[i].name, ref->name) == 0 &&
            (FACTS[i].year == ANY_YEAR || FACTS[i].year == year)) {
            *out = FACTS[i].value;
            return AS_EVAL_OK;
        }
    }
    return AS_EVAL_NO_DATA;
}

static as_arena *arena;

static void setup(void)
{
    arena = as_arena_new(0);
    cr_assert_not_null(arena);
}

static void teardown(void)
{
    as_arena_free(arena);
}

TestSuite(expr, .init = setup, .fini = teardown);

static as_expr *parse_ok(const char *text)
{
    as_expr_error err;
    as_expr *e = as_expr_parse(arena, text, &err);
    cr_assert_not_null(e, "'%s' should parse, got: %zu: %s", text, err.offset, err.msg.en);
    return e;
}

/* Evaluate text at year in the fake world; the lookup counters go to *f. */
static as_eval_status run(const char *text, int year, double *out, as_expr_fail *fail, fake *f)
{
    as_expr_env env = {.lookup = fake_lookup, .ctx = f, .base_year = BASE_YEAR, .arena = arena};
    return as_expr_eval(parse_ok(text), &env, year, out, fail);
}

/* ------------------------------------------------------------------ values */

struct value_case {
    char formula[96];
    int year;
    double exp;
};

ParameterizedTestParameters(expr, computes_hand_checked_values)
{
    static struct value_case cases[] = {
        /* arithmetic, precedence and associativity */
        {"1 + 2 * 3", 2026, 7},
        {"(1 + 2) * 3", 2026, 9},
        {"2 ^ 3 ^ 2", 2026, 512},
        {"-2 ^ 2", 2026, -4},
        {"(-2) ^ 2", 2026, 4},
        {"2 ^ -1", 2026, 0.5},
        {"(-8) ^ 3", 2026, -512},
        {"0 ^ 0", 2026, 1},
        {"1 - 2 - 3", 2026, -4},
        {"8 / 4 / 2", 2026, 1},
        {"- - 3", 2026, 3},
        {"2 * -3", 2026, -6},
        {"12.5 + .5 + 1e-3", 2026, 13.001},
        {"12 + 1E2", 2026, 112},
        /* names and year qualifiers */
        {"co2", 2026, 96},
        {"co2[prev]", 2026, 100},
        {"co2[base]", 2027, 100},
        {"co2[2024]", 2027, 90},
        {"target.coal_cap * 2", 2026, 2000},
        {"(coal - coal_feedstock)\n  * 2\n\t/ 10", 2026, 96},
        /* the 2026 rule formulas */
        {"1 - (co2 / co2[prev]) / (1 + gdp_growth)", 2026, 0.08571428571428574},
        {"1 - (co2 / co2[base]) / chain(1 + gdp_growth)", 2027, 0.14835164835164838},
        {"1 - (1 - target.co2_intensity_plan) ^ ((year - base_year) / 5)", 2027,
         0.07631149085440381},
        {"1 - (1 - target.co2_intensity_plan) ^ ((year - base_year) / 5)", 2030, 0.18},
        {"if(proj_approved == 0, 1, proj_compliant / proj_approved)", 2026, 1},
        {"if(proj_approved == 0, 1, proj_compliant / proj_approved)", 2027, 0.75},
        /* chain(): base+1 .. year, the loop year is the current year inside */
        {"chain(1 + gdp_growth)", 2025, 1},
        {"chain(1 + gdp_growth)", 2020, 1},
        {"chain(co2 / co2[prev])", 2027, 0.93},
        {"chain(co2[base])", 2027, 10000},
        {"chain(co2[2024])", 2026, 90},
        {"chain(year - 2025)", 2027, 2},
        /* functions */
        {"min(3, 1, 2)", 2026, 1},
        {"max(3, 1, 2)", 2026, 3},
        {"min(co2, 95)", 2026, 95},
        {"max(-1, -2)", 2026, -1},
        {"abs(-2.5)", 2026, 2.5},
        {"abs(2 - 5) * 2", 2026, 6},
        {"if(1, 2, 3) + if(0, 2, 3)", 2026, 5},
        /* comparisons */
        {"1 < 2", 2026, 1},
        {"2 <= 2", 2026, 1},
        {"3 > 4", 2026, 0},
        {"3 >= 4", 2026, 0},
        {"2 == 2", 2026, 1},
        {"2 != 2", 2026, 0},
        {"1 + 1 == 2", 2026, 1},
        {"-1 < 0", 2026, 1},
        /* boolean logic: not binds tighter than and, and tighter than or */
        {"not 0", 2026, 1},
        {"not 5", 2026, 0},
        {"not not 5", 2026, 1},
        {"1 and 0", 2026, 0},
        {"1 and 2", 2026, 1},
        {"0 or 2", 2026, 1},
        {"0 or 0", 2026, 0},
        {"not 1 or 1", 2026, 1},
        {"not (1 or 1)", 2026, 0},
        {"0 and 1 or 1", 2026, 1},
        {"1 or 0 and 0", 2026, 1},
        {"not 2 > 1", 2026, 0},
        /* the grading conditions */
        {"not fraud and control_missed == 0 and support_missed >= 1 and support_missed <= 2", 2026,
         1},
        {"not fraud and control_missed == 0 and support_missed >= 1 and support_missed <= 2", 2027,
         0},
        {"fraud or control_missed >= 1 or support_missed >= 3", 2026, 0},
        {"fraud or control_missed >= 1 or support_missed >= 3", 2027, 1},
    };
    return cr_make_param_array(struct value_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct value_case *c, expr, computes_hand_checked_values)
{
    fake f = {0};
    as_expr_fail fail;
    double got = NAN;
    as_eval_status st = run(c->formula, c->year, &got, &fail, &f);
    cr_assert_eq(st, AS_EVAL_OK, "'%s' in %d: status %d: %s", c->formula, c->year, (int)st,
                 fail.msg.en);
    cr_assert_float_eq(got, c->exp, 1e-12, "'%s' in %d: exp %.17g, got %.17g", c->formula, c->year,
                       c->exp, got);
}

Test(expr, reads_previous_year_with_prev_qualifier)
{
    fake f = {0};
    double got;
    cr_assert_eq(run("co2[prev]", 2027, &got, NULL, &f), AS_EVAL_OK);
    cr_assert_float_eq(got, 96, 0);
}

Test(expr, reads_prev_inside_chain_relative_to_the_loop_year)
{
    fake f = {0};
    double got;
    /* 2026: 96 / 100, 2027: 93 / 96; a fixed year would give 0.9216 or 0.9409 */
    cr_assert_eq(run("chain(co2 / co2[prev])", 2027, &got, NULL, &f), AS_EVAL_OK);
    cr_assert_float_eq(got, 0.93, 1e-12);
    cr_assert_eq(f.reads, 4);
}

Test(expr, evaluates_a_formula_at_the_length_cap_without_overflowing_the_stack)
{
    static char text[AS_EXPR_MAX_LEN + 1];
    size_t n = 0;
    text[n++] = '1';
    while (n + 2 < AS_EXPR_MAX_LEN) {
        text[n++] = '+';
        text[n++] = '1';
    }
    while (n < AS_EXPR_MAX_LEN)
        text[n++] = ' ';
    text[n] = '\0';
    fake f = {0};
    double got;
    cr_assert_eq(run(text, 2026, &got, NULL, &f), AS_EVAL_OK);
    cr_assert_float_eq(got, AS_EXPR_MAX_LEN / 2, 0);
}

Test(expr, reads_bound_references_through_the_same_table_it_returns)
{
    as_expr *e = parse_ok("a + b");
    size_t n;
    as_expr_ref *refs = as_expr_refs(e, &n);
    cr_assert_eq(n, 2);
    refs[0].kind = BOUND;
    refs[0].index = 40;
    refs[1].kind = BOUND;
    refs[1].index = 2;
    fake f = {0};
    as_expr_env env = {.lookup = fake_lookup, .ctx = &f, .base_year = BASE_YEAR, .arena = arena};
    double got;
    cr_assert_eq(as_expr_eval(e, &env, 2026, &got, NULL), AS_EVAL_OK);
    cr_assert_float_eq(got, 42, 0);
}

/* ------------------------------------------------------------------ laziness */

struct lazy_case {
    char formula[48];
    double exp;
};

ParameterizedTestParameters(expr, never_reads_the_untaken_side)
{
    static struct lazy_case cases[] = {
        {"if(1, 5, missing)", 5},      {"if(0, missing, 7)", 7}, {"0 and missing", 0},
        {"1 or missing", 1},           {"if(0, 1 / 0, 2)", 2},   {"zero and 1 / zero", 0},
        {"not 0 or missing[prev]", 1}, {"chain(missing)", 1},
    };
    return cr_make_param_array(struct lazy_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct lazy_case *c, expr, never_reads_the_untaken_side)
{
    fake f = {0};
    as_expr_fail fail;
    double got = NAN;
    as_eval_status st = run(c->formula, 2025, &got, &fail, &f);
    cr_assert_eq(st, AS_EVAL_OK, "'%s': status %d: %s", c->formula, (int)st, fail.msg.en);
    cr_assert_float_eq(got, c->exp, 0, "'%s': exp %g, got %g", c->formula, c->exp, got);
    cr_assert_eq(f.missing_reads, 0, "'%s' read 'missing'", c->formula);
}

Test(expr, reads_the_taken_side)
{
    fake f = {0};
    double got;
    cr_assert_eq(run("1 and missing", 2026, &got, NULL, &f), AS_EVAL_NO_DATA);
    cr_assert_eq(f.missing_reads, 1);
}

/* ------------------------------------------------------------------ failures */

struct fail_case {
    char formula[96];
    int year;
    as_eval_status status;
    char ref[16]; /* name of fail.ref, "" for none */
    int fail_year;
    size_t offset;
    char msg[112];
};

ParameterizedTestParameters(expr, reports_where_evaluation_failed)
{
    static struct fail_case cases[] = {
        /* a missing input propagates with its name, year and offset */
        {"co2 + missing[prev]", 2026, AS_EVAL_NO_DATA, "missing", 2025, 6,
         "no data for 'missing[prev]' in 2025"},
        {"co2[prev]", 2024, AS_EVAL_NO_DATA, "co2", 2023, 0, "no data for 'co2[prev]' in 2023"},
        {"chain(gdp_growth[prev])", 2027, AS_EVAL_NO_DATA, "gdp_growth", 2025, 6,
         "no data for 'gdp_growth[prev]' in 2025"},
        {"min(1, missing)", 2026, AS_EVAL_NO_DATA, "missing", 2026, 7,
         "no data for 'missing' in 2026"},
        {"if(missing[base], 1, 2)", 2026, AS_EVAL_NO_DATA, "missing", 2025, 3,
         "no data for 'missing[base]' in 2025"},
        {"-abs(missing[2020])", 2026, AS_EVAL_NO_DATA, "missing", 2020, 5,
         "no data for 'missing[2020]' in 2020"},
        /* an error wins over no data whatever the order of the operands ... */
        {"missing + 1 / zero", 2026, AS_EVAL_ERROR, "", 2026, 14, "division by zero: 'zero' is 0"},
        {"1 / zero + missing", 2026, AS_EVAL_ERROR, "", 2026, 4, "division by zero: 'zero' is 0"},
        {"missing / zero", 2026, AS_EVAL_ERROR, "", 2026, 10, "division by zero: 'zero' is 0"},
        {"min(missing, 1 / zero)", 2026, AS_EVAL_ERROR, "", 2026, 17,
         "division by zero: 'zero' is 0"},
        {"missing and 1 / zero", 2026, AS_EVAL_ERROR, "", 2026, 16,
         "division by zero: 'zero' is 0"},
        {"chain(missing[prev] + 1 / (co2 - 96))", 2027, AS_EVAL_ERROR, "", 2026, 26,
         "division by zero: '(co2 - 96)' is 0"},
        /* ... except in an if() branch not taken: a condition without data takes none */
        {"if(missing, 1 / zero, 1)", 2026, AS_EVAL_NO_DATA, "missing", 2026, 3,
         "no data for 'missing' in 2026"},
        {"missing / co2 + missing[prev]", 2026, AS_EVAL_NO_DATA, "missing", 2026, 0,
         "no data for 'missing' in 2026"},
        /* arithmetic errors quote the source of the failing part */
        {"co2 / (co2[prev] - 100)", 2026, AS_EVAL_ERROR, "", 2026, 6,
         "division by zero: '(co2[prev] - 100)' is 0"},
        {"1 / zero", 2026, AS_EVAL_ERROR, "", 2026, 4, "division by zero: 'zero' is 0"},
        {"1 / (co2\n  - 96)", 2026, AS_EVAL_ERROR, "", 2026, 4,
         "division by zero: '(co2 - 96)' is 0"},
        {"chain(1 / (co2 - 96))", 2027, AS_EVAL_ERROR, "", 2026, 10,
         "division by zero: '(co2 - 96)' is 0"},
        {"1 / (zero + zero + zero + zero + zero + zero + zero + zero + zero + zero)", 2026,
         AS_EVAL_ERROR, "", 2026, 4,
         "division by zero: '(zero + zero + zero + zero + zero + zero + zero ...' is 0"},
        {"zero ^ -1", 2026, AS_EVAL_ERROR, "", 2026, 0,
         "zero to a negative power: 'zero' is 0 and '-1' is -1"},
        {"(-8) ^ (1 / 3)", 2026, AS_EVAL_ERROR, "", 2026, 0,
         "negative number to a fractional power: '(-8)' is -8 and '(1 / 3)' is 0.333333"},
        {"1 + 10 ^ 400", 2026, AS_EVAL_ERROR, "", 2026, 4, "overflow: '10 ^ 400' is too large"},
        {"2 * huge * 10", 2026, AS_EVAL_ERROR, "", 2026, 0, "overflow: '2 * huge' is too large"},
        {"chain(huge)", 2027, AS_EVAL_ERROR, "", 2027, 0, "overflow: 'chain(huge)' is too large"},
        /* the lookup's own errors */
        {"broken + 1", 2026, AS_EVAL_ERROR, "broken", 2026, 0, "source of 'broken' is corrupt"},
        {"1 + silent[prev]", 2026, AS_EVAL_ERROR, "silent", 2025, 4,
         "cannot read 'silent[prev]' in 2025"},
        {"1 + infinite", 2026, AS_EVAL_ERROR, "infinite", 2026, 4,
         "non-finite input: 'infinite' is inf in 2026"},
    };
    return cr_make_param_array(struct fail_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct fail_case *c, expr, reports_where_evaluation_failed)
{
    fake f = {0};
    as_expr_fail fail;
    double got = -1;
    as_eval_status st = run(c->formula, c->year, &got, &fail, &f);
    cr_assert_eq(st, c->status, "'%s': exp status %d, got %d (%s)", c->formula, (int)c->status,
                 (int)st, fail.msg.en);
    cr_assert_str_eq(fail.msg.en, c->msg, "'%s': exp message \"%s\", got \"%s\"", c->formula,
                     c->msg, fail.msg.en);
    cr_assert_eq(fail.offset, c->offset, "'%s': exp offset %zu, got %zu", c->formula, c->offset,
                 fail.offset);
    cr_assert_eq(fail.year, c->fail_year, "'%s': exp year %d, got %d", c->formula, c->fail_year,
                 fail.year);
    if (c->ref[0])
        cr_assert(fail.ref && strcmp(fail.ref->name, c->ref) == 0, "'%s': exp ref '%s'", c->formula,
                  c->ref);
    else
        cr_assert_null(fail.ref, "'%s': exp no ref", c->formula);
    cr_assert_float_eq(got, -1, 0, "'%s': *out written on failure", c->formula);
}

Test(expr, points_no_data_at_the_entry_of_its_own_reference_table)
{
    as_expr *e = parse_ok("co2 + missing");
    fake f = {0};
    as_expr_env env = {.lookup = fake_lookup, .ctx = &f, .base_year = BASE_YEAR, .arena = arena};
    as_expr_fail fail;
    double got;
    size_t n;
    const as_expr_ref *refs = as_expr_refs_const(e, &n);
    cr_assert_eq(as_expr_eval(e, &env, 2026, &got, &fail), AS_EVAL_NO_DATA);
    cr_assert_eq(fail.ref, &refs[1]);
}

Test(expr, accepts_a_null_fail_pointer)
{
    fake f = {0};
    double got;
    cr_assert_eq(run("1 / zero", 2026, &got, NULL, &f), AS_EVAL_ERROR);
}

/* ------------------------------------------------------------------ parse errors */

struct parse_case {
    char formula[48];
    size_t offset;
    char msg[96];
};

ParameterizedTestParameters(expr, rejects_bad_formulas_with_exact_message_and_offset)
{
    static struct parse_case cases[] = {
        {"", 0, "empty formula"},
        {" \n\t ", 0, "empty formula"},
        {"1 +", 3, "unexpected end of formula"},
        {"(1 + 2", 6, "expected ')' to close '(' opened at character 1 of the formula"},
        {"2 * (1 + 2 3", 11, "expected ')' to close '(' opened at character 5 of the formula"},
        {"1 + min(1, 2", 12,
         "expected ',' or ')' to close 'min(' opened at character 5 of the formula"},
        {"1 + )", 4, "unexpected ')'"},
        {"(a))", 3, "unexpected ')'"},
        {"a b", 2, "unexpected 'b'"},
        {"1 +\n  * 2", 6, "unexpected '*'"},
        {"foo(1)", 0, "unknown function 'foo'"},
        {"x + target.foo (2)", 4, "unknown function 'target.foo'"},
        {"chain(1, 2)", 0, "'chain' takes 1 argument, got 2"},
        {"abs()", 0, "'abs' takes 1 argument, got 0"},
        {"if(1, 2)", 0, "'if' takes 3 arguments, got 2"},
        {"1 + min(1)", 4, "'min' takes at least 2 arguments, got 1"},
        {"min(1,)", 6, "unexpected ')'"},
        {"x and and", 6, "'and' is reserved and cannot be a name"},
        {"or + 1", 0, "'or' is reserved and cannot be a name"},
        {"max + 1", 0, "'max' is reserved and cannot be a name"},
        {"1 + not x", 4, "'not' needs parentheses here"},
        {"chain(chain(x))", 6, "'chain' cannot be nested inside another 'chain'"},
        {"co2[next]", 4, "expected a year, 'prev' or 'base' inside '[...]'"},
        {"co2[]", 4, "expected a year, 'prev' or 'base' inside '[...]'"},
        {"co2[2025.5]", 4, "expected a year, 'prev' or 'base' inside '[...]'"},
        {"co2[-1]", 4, "expected a year, 'prev' or 'base' inside '[...]'"},
        {"co2[25]", 4, "'25' is not a four-digit year"},
        {"co2[prev", 8, "expected ']' to close '[' opened at character 4 of the formula"},
        {"co2[prev 2]", 9, "expected ']' to close '[' opened at character 4 of the formula"},
        {"chain(x)[prev]", 8, "unexpected '['"},
        {"1.2.3 + x", 0, "invalid number '1.2.3'"},
        {"x + 1e", 4, "invalid number '1e'"},
        {"12abc", 0, "invalid number '12abc'"},
        {"0x10", 0, "invalid number '0x10'"},
        {"1e999", 0, "number '1e999' is out of range"},
        {"a = 1", 2, "unexpected '=', use '==' to compare"},
        {"!a", 0, "unexpected '!', use 'not' to negate"},
        {"a && b", 2, "unexpected '&', use 'and'"},
        {"a || b", 2, "unexpected '|', use 'or'"},
        {"1 < 2 < 3", 6, "'<' cannot follow a comparison, use 'and'"},
        {"x + \xef\xbc\x88"
         "1\xef\xbc\x89",
         4, "unexpected '\xef\xbc\x88'"},
        {"co2 @ 2", 4, "unexpected '@'"},
        {"5%", 1, "unexpected '%'"},
        {"target.", 6, "unexpected '.'"},
        {"a \x01", 2, "unexpected byte 0x01"},
        {"a\xff", 1, "unexpected byte 0xff"},
    };
    return cr_make_param_array(struct parse_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct parse_case *c, expr, rejects_bad_formulas_with_exact_message_and_offset)
{
    as_expr_error err;
    as_expr *e = as_expr_parse(arena, c->formula, &err);
    cr_assert_null(e, "'%s' should not parse", c->formula);
    cr_assert_str_eq(err.msg.en, c->msg, "'%s': exp \"%s\", got \"%s\"", c->formula, c->msg,
                     err.msg.en);
    cr_assert_eq(err.offset, c->offset, "'%s': exp offset %zu, got %zu", c->formula, c->offset,
                 err.offset);
}

Test(expr, accepts_a_null_error_pointer)
{
    cr_assert_null(as_expr_parse(arena, "1 +", NULL));
}

/* ------------------------------------------------------------------ references */

Test(expr, lists_every_name_occurrence_in_order_with_qualifiers)
{
    static const struct {
        const char *name;
        size_t offset;
        as_year_kind year_kind;
        int year_abs;
    } exp[] = {
        {"co2", 5, AS_YEAR_CURRENT, 0},         {"co2", 11, AS_YEAR_PREV, 0},
        {"gdp_growth", 34, AS_YEAR_BASE, 0},    {"x", 54, AS_YEAR_ABS, 2020},
        {"target.cap", 64, AS_YEAR_CURRENT, 0}, {"co2", 77, AS_YEAR_CURRENT, 0},
    };
    as_expr *e = parse_ok(
        "1 - (co2 / co2[prev]) / chain(1 + gdp_growth[base]) + x[2020] + target.cap + co2");
    size_t n;
    const as_expr_ref *got = as_expr_refs(e, &n);
    cr_assert_eq(n, sizeof exp / sizeof exp[0]);
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(got[i].name, exp[i].name, "ref %zu", i);
        cr_assert_eq(got[i].offset, exp[i].offset, "ref %zu: offset %zu", i, got[i].offset);
        cr_assert_eq(got[i].year_kind, exp[i].year_kind, "ref %zu", i);
        cr_assert_eq(got[i].year_abs, exp[i].year_abs, "ref %zu", i);
        cr_assert_eq(got[i].kind, -1, "ref %zu", i);
    }
}

Test(expr, parses_a_folded_multi_line_rule_formula)
{
    as_expr *e = parse_ok("((coal - coal_feedstock) * ef_coal + (oil - oil_feedstock) * ef_oil\n"
                          "+ (gas - gas_feedstock) * ef_gas) / 100 + elec_net_import * ef_grid / "
                          "10\n");
    size_t n;
    const as_expr_ref *refs = as_expr_refs_const(e, &n);
    cr_assert_eq(n, 11);
    cr_assert_str_eq(refs[6].name, "gas");
    cr_assert_eq(refs[6].offset, 71);
}

Test(expr, has_an_empty_reference_table_without_names)
{
    size_t n = 99;
    cr_assert_null(as_expr_refs_const(parse_ok("1 + min(2, 3)"), &n));
    cr_assert_eq(n, 0);
}

Test(expr, keeps_its_own_copy_of_the_text)
{
    char text[] = "co2 / 2";
    as_expr *e = parse_ok(text);
    text[0] = 'x';
    cr_assert_str_eq(as_expr_text(e), "co2 / 2");
}

/* ------------------------------------------------------------------ caps */

/* Parse prefix * times + middle + suffix * times; NULL with *err on failure. */
static as_expr *parse_nested(const char *prefix, const char *middle, const char *suffix, int times,
                             as_expr_error *err)
{
    static char text[AS_EXPR_MAX_LEN + 1];
    text[0] = '\0';
    for (int i = 0; i < times; i++)
        strcat(text, prefix);
    strcat(text, middle);
    for (int i = 0; i < times; i++)
        strcat(text, suffix);
    return as_expr_parse(arena, text, err);
}

Test(expr, accepts_nesting_up_to_the_cap)
{
    as_expr_error err;
    cr_assert_not_null(parse_nested("(", "1", ")", AS_EXPR_MAX_NEST, &err), "%s", err.msg.en);
    cr_assert_not_null(parse_nested("-", "1", "", AS_EXPR_MAX_NEST, &err), "%s", err.msg.en);
    cr_assert_not_null(parse_nested("(-", "1", ")", AS_EXPR_MAX_NEST / 2, &err), "%s", err.msg.en);
    cr_assert_not_null(parse_nested("1^", "1", "", AS_EXPR_MAX_NEST, &err), "%s", err.msg.en);
}

Test(expr, rejects_a_formula_that_nests_too_deeply)
{
    static const struct {
        const char *prefix, *middle, *suffix;
        size_t offset;
    } cases[] = {
        {"(", "1", ")", AS_EXPR_MAX_NEST},
        {"-", "1", "", AS_EXPR_MAX_NEST},
        {"not ", "1", "", 4 * AS_EXPR_MAX_NEST},
        {"1^", "1", "", 2 * AS_EXPR_MAX_NEST + 1},
        {"abs(", "1", ")", 4 * AS_EXPR_MAX_NEST + 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_expr_error err;
        as_expr *e = parse_nested(cases[i].prefix, cases[i].middle, cases[i].suffix,
                                  AS_EXPR_MAX_NEST + 1, &err);
        cr_assert_null(e, "case %zu", i);
        cr_assert_str_eq(err.msg.en, "formula nests too deeply", "case %zu", i);
        cr_assert_eq(err.offset, cases[i].offset, "case %zu: offset %zu", i, err.offset);
    }
}

Test(expr, rejects_a_formula_longer_than_the_cap)
{
    static char text[AS_EXPR_MAX_LEN + 2];
    memset(text, ' ', AS_EXPR_MAX_LEN + 1);
    text[0] = '1';
    text[AS_EXPR_MAX_LEN + 1] = '\0';
    as_expr_error err;
    cr_assert_null(as_expr_parse(arena, text, &err));
    cr_assert_str_eq(err.msg.en, "formula is longer than 4096 bytes");
    cr_assert_eq(err.offset, 0);
    text[AS_EXPR_MAX_LEN] = '\0';
    cr_assert_not_null(as_expr_parse(arena, text, &err), "%s", err.msg.en);
}

Test(expr, reports_out_of_memory_at_every_allocation)
{
    const char *text = "1 - (co2 / co2[base]) / chain(1 + gdp_growth) + min(a, b, c)";
    size_t cap = 1;
    for (;; cap++) {
        as_arena *small = as_arena_new(cap);
        as_expr_error err;
        as_expr *e = as_expr_parse(small, text, &err);
        if (!e) /* the message lives in the arena, as the tree would */
            cr_assert_str_eq(err.msg.en, "out of memory", "cap %zu", cap);
        as_arena_free(small);
        if (e)
            break;
        cr_assert_lt(cap, 100000, "never succeeded");
    }
    cr_assert_gt(cap, 1000, "the tree should need more than %zu bytes", cap);
}

/* ------------------------------------------------------------------ lanes */

/* In the vectorised mode each lane reads its own x, y and z: every
 * combination of a few values, zero, a negative, a fraction, a huge number,
 * no data and a failing read; other names as the fake world has them. */
static const double LANE_VALUES[] = {2, 0, -3, 0.5, 1e308, NAN /* no data */, INFINITY /* error */};
enum { NV = sizeof LANE_VALUES / sizeof LANE_VALUES[0], NLANES = NV * NV * 5 };

static double lane_value(const char *name, size_t l)
{
    size_t i = name[0] == 'x' ? l % NV : name[0] == 'y' ? l / NV % NV : l / (NV * NV);
    return LANE_VALUES[i];
}

static bool per_lane(const char *name)
{
    return name[1] == '\0' && (name[0] == 'x' || name[0] == 'y' || name[0] == 'z');
}

/* The scalar world of lane l. */
static as_eval_status one_lane_lookup(void *ctx, const as_expr_ref *ref, int year, double *out,
                                      as_text *msg)
{
    size_t l = *(size_t *)ctx;
    if (!per_lane(ref->name)) {
        fake f = {0};
        return fake_lookup(&f, ref, year, out, msg);
    }
    double v = lane_value(ref->name, l);
    if (isnan(v))
        return AS_EVAL_NO_DATA;
    if (isinf(v))
        return AS_EVAL_ERROR;
    *out = v;
    return AS_EVAL_OK;
}

static int lanes_lookup(void *ctx, const as_expr_ref *ref, int year, size_t n, as_expr_lanes *out)
{
    (void)ctx;
    if (!per_lane(ref->name)) {
        fake f = {0};
        as_text msg = {NULL, NULL};
        out->uniform = true;
        out->v[0] = 0;
        out->status = fake_lookup(&f, ref, year, &out->v[0], &msg);
        return 0;
    }
    out->uniform = false;
    out->status = AS_EXPR_MIXED;
    for (size_t l = 0; l < n; l++) {
        double v = lane_value(ref->name, l);
        out->v[l] = isfinite(v) ? v : 0;
        out->st[l] = isnan(v) ? AS_EVAL_NO_DATA : isinf(v) ? AS_EVAL_ERROR : AS_EVAL_OK;
    }
    return 0;
}

Test(expr, evaluates_every_lane_of_a_block_as_it_evaluates_that_lane_alone)
{
    static const char *const formulas[] = {
        "x + y",
        "x - y * z",
        "x / y",
        "y / x",
        "x ^ y",
        "x ^ 0.5",
        "(x * 1e308) / y",
        "huge * huge + x",
        "x and y",
        "x or z",
        "not x",
        "-x",
        "abs(x - y)",
        "if(x, y, z)",
        "if(x > y, y / z, z / x)",
        "if(zero, x / 0, y)",
        "if(missing, x, y)",
        "min(x, y, z)",
        "max(x / y, z)",
        "min(1, 2)",
        "chain(1 + x)",
        "chain(x / y)",
        "chain(huge * x)",
        "x < y",
        "x == y",
        "x != z",
        "1 - (x / y) / (1 + z)",
        "co2 + x",
        "co2[prev] / x",
        "missing + x",
        "x + missing",
        "missing / x",
        "broken + x",
        "x * broken",
        "target.coal_cap - (x - y)",
        "x >= 0 and y / x > 1",
        "z or y / 0",
        "1 - (1 - target.co2_intensity_plan) ^ ((year - base_year) / 5)"};
    double v[AS_EXPR_LANES];
    unsigned char st[AS_EXPR_LANES];
    as_expr_pool *pool = as_expr_pool_new();
    cr_assert_not_null(pool);
    as_expr_lanes_env env = {lanes_lookup, NULL, BASE_YEAR, NLANES, pool};
    for (size_t k = 0; k < sizeof formulas / sizeof formulas[0]; k++) {
        const as_expr *e = parse_ok(formulas[k]);
        as_expr_lanes out = {v, st, AS_EVAL_OK, true};
        cr_assert_eq(as_expr_eval_lanes(e, &env, 2027, &out), 0);
        for (size_t l = 0; l < NLANES; l++) {
            as_expr_env one = {.lookup = one_lane_lookup, .ctx = &l, .base_year = BASE_YEAR};
            double exp = 0, got = v[out.uniform ? 0 : l];
            as_eval_status want = as_expr_eval(e, &one, 2027, &exp, NULL);
            int have = as_expr_lane_status(&out, l);
            cr_assert_eq(have, (int)want, "'%s' lane %zu (x %g, y %g, z %g): status %d, alone %d",
                         formulas[k], l, lane_value("x", l), lane_value("y", l), lane_value("z", l),
                         have, (int)want);
            cr_assert(want != AS_EVAL_OK || memcmp(&got, &exp, sizeof got) == 0,
                      "'%s' lane %zu: %.17g, alone %.17g", formulas[k], l, got, exp);
        }
    }
    as_expr_pool_free(pool);
}
