/* test_numtext: numbers as people type them into a form: ASCII and
 * full-width digits, thousands separators only where they cannot be a
 * decimal comma, blanks around, and what is told apart from nonsense: a
 * percentage, a unit after the number, an ambiguous comma.  Not tested here:
 * the messages that say how to fix them (test_dataset.c, tests/e2e/mistakes.py). */
#include <criterion/criterion.h>

#include "input/numtext.h"

Test(numtext, reads_what_a_person_types_and_says_what_it_overlooked)
{
    static const struct {
        char in[48];
        as_numtext_status st;
        double value;
        bool fullwidth, separators;
    } cases[] = {
        {"67.1", AS_NUMTEXT_OK, 67.1, false, false},
        {"-795.8", AS_NUMTEXT_OK, -795.8, false, false},
        {"1e3", AS_NUMTEXT_OK, 1000, false, false},
        {" 12 ", AS_NUMTEXT_OK, 12, false, false},
        {"\xe3\x80\x80"
         "12",
         AS_NUMTEXT_OK, 12, false, false}, /* ideographic space */
        {"９９５９．３", AS_NUMTEXT_OK, 9959.3, true, false},
        {"－５", AS_NUMTEXT_OK, -5, true, false},
        {"9,959.3", AS_NUMTEXT_OK, 9959.3, false, true},
        {"1,234,567", AS_NUMTEXT_OK, 1234567, false, true},
        {"-1,234,567.5", AS_NUMTEXT_OK, -1234567.5, false, true},
        {"９，９５９．３", AS_NUMTEXT_OK, 9959.3, true, true},
        {"9,959", AS_NUMTEXT_AMBIGUOUS, 0, false, false},
        {"1,5", AS_NUMTEXT_AMBIGUOUS, 0, false, false},
        {"12,34.5", AS_NUMTEXT_AMBIGUOUS, 0, false, false},
        {"1234,567.8", AS_NUMTEXT_AMBIGUOUS, 0, false, false},
        {"12%", AS_NUMTEXT_PERCENT, 12, false, false},
        {"12 ％", AS_NUMTEXT_PERCENT, 12, false, false},
        {"9959.3万吨", AS_NUMTEXT_UNIT, 9959.3, false, false},
        {"67.1 tce", AS_NUMTEXT_UNIT, 67.1, false, false},
        {"", AS_NUMTEXT_EMPTY, 0, false, false},
        {"  ", AS_NUMTEXT_EMPTY, 0, false, false},
        {"九千", AS_NUMTEXT_BAD, 0, false, false},
        {"lots", AS_NUMTEXT_BAD, 0, false, false},
        {"1.2.3", AS_NUMTEXT_BAD, 0, false, false},
        {"-", AS_NUMTEXT_BAD, 0, false, false},
        {"1e999", AS_NUMTEXT_RANGE, 0, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_numtext got;
        as_numtext_status st = as_numtext_parse(cases[i].in, &got);
        cr_expect_eq(st, cases[i].st, "'%s': exp status %d got %d", cases[i].in, cases[i].st, st);
        if (st != cases[i].st)
            continue;
        if (st == AS_NUMTEXT_OK || st == AS_NUMTEXT_PERCENT || st == AS_NUMTEXT_UNIT)
            cr_expect_eq(got.value, cases[i].value, "'%s': exp %.17g got %.17g", cases[i].in,
                         cases[i].value, got.value);
        if (st == AS_NUMTEXT_OK) {
            cr_expect_eq(got.fullwidth, cases[i].fullwidth, "'%s': full-width", cases[i].in);
            cr_expect_eq(got.separators, cases[i].separators, "'%s': separators", cases[i].in);
        }
    }
}

Test(numtext, points_at_the_text_after_a_number)
{
    as_numtext got;
    cr_assert_eq(as_numtext_parse("9959.3 万吨", &got), AS_NUMTEXT_UNIT);
    cr_expect_str_eq(got.rest, "万吨");
    cr_assert_eq(as_numtext_parse("50.6%", &got), AS_NUMTEXT_PERCENT);
    cr_expect_str_eq(got.rest, "%");
}
