/* test_suggest: the names a mistyped one may mean: one edit for short names,
 * up to three for long ones, a swap of neighbours counts once, case does not
 * count, the nearest only, at most three, in list order.  Not tested here:
 * which messages offer them (test_dataset.c, tests/e2e/mistakes.py, cli.sh). */
#include <criterion/criterion.h>
#include <getopt.h>
#include <string.h>

#include "base/suggest.h"

Test(suggest, offers_the_nearest_known_names)
{
    static const char *const inputs[] = {"coal", "coal_feedstock", "oil",
                                         "gas",  "elec_clean",     "elec_consumption",
                                         NULL,   "veh_new",        "veh_new_nev"};
    static const struct {
        char word[32];
        char exp[80];
        size_t n;
    } cases[] = {
        {"elec_consumtion", "'elec_consumption'", 1}, /* a letter left out */
        {"coal_feedstok", "'coal_feedstock'", 1},     /* one left out of a long name */
        {"Coal", "'coal'", 1},                        /* case is no edit */
        {"oli", "'oil'", 1},                          /* two neighbours swapped */
        {"gaz", "'gas'", 1},                          /* one changed */
        {"veh_nev", "'veh_new'", 1},                  /* the nearest of two */
        {"cola", "'coal'", 1},
        {"col", "'coal'", 1},
        {"forest", "", 0}, /* nothing near */
        {"xy", "", 0},
        {"", "", 0},
    };
    size_t n = sizeof inputs / sizeof inputs[0];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[200];
        size_t k = as_suggest(cases[i].word, inputs, n, got, sizeof got);
        cr_expect_str_eq(got, cases[i].exp, "'%s': exp %s got %s", cases[i].word, cases[i].exp,
                         got);
        cr_expect_eq(k, cases[i].n, "'%s': exp %zu names got %zu", cases[i].word, cases[i].n, k);
    }
}

Test(suggest, lists_at_most_three_ties_in_order)
{
    static const char *const names[] = {"ab1", "ab2", "ab3", "ab4"};
    char got[200];
    cr_expect_eq(as_suggest("abx", names, 4, got, sizeof got), 3);
    cr_expect_str_eq(got, "'ab1', 'ab2', 'ab3'");
}

Test(suggest, offers_the_long_option_a_mistyped_one_means)
{
    static const struct option longopts[] = {{"year", required_argument, NULL, 'y'},
                                             {"province", required_argument, NULL, 'p'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {NULL, 0, NULL, 0}};
    static const struct {
        char given[32];
        char exp[80];
    } cases[] = {
        {"--yaer", "'--year'"},        /* two letters swapped */
        {"--yaer=2026", "'--year'"},   /* its value is no part of the name */
        {"--provnce", "'--province'"}, /* a letter left out */
        {"-year", "'--year'"},         /* one dash short */
        {"--year", ""},                /* an option itself is not mistyped */
        {"--frobnicate", ""},          /* nothing near */
        {"yaer", ""},                  /* no option at all */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[200];
        size_t k = as_suggest_option(longopts, cases[i].given, got, sizeof got);
        cr_expect_str_eq(got, cases[i].exp, "'%s'", cases[i].given);
        cr_expect_eq(k, *cases[i].exp ? 1u : 0u, "'%s'", cases[i].given);
    }
}
