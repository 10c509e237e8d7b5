/* test_select: year lists and ranges as a person types them, with the exact
 * message and hint for each mistake; the text form of a year list; province
 * lists matched by code, Chinese name (full or a beginning only one province
 * has) and English name, against rules/2026.yaml, and against a generated
 * rule set of 45 units for ambiguous beginnings and the length of the
 * "unknown province" list. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/select.h"

#include "support.h"

Test(select, reads_years_ranges_and_lists_in_ascending_order)
{
    static const struct {
        char text[40];
        char exp[80]; /* years, space-separated */
    } cases[] = {
        {"2026", "2026"},
        {"2026-2030", "2026 2027 2028 2029 2030"},
        {"2016,2018", "2016 2018"},
        {"2018,2016", "2016 2018"},
        {" 2016 , 2018-2019 ", "2016 2018 2019"},
        {"2016-2016", "2016"},
        {"2016,", "2016"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int years[AS_SELECT_MAX_YEARS];
        size_t n = 0;
        as_diags m;
        as_diags_init(&m);
        char got[80] = "";
        int rc = as_select_years(cases[i].text, years, AS_SELECT_MAX_YEARS, &n, &m);
        cr_assert_eq(rc, 0, "'%s': %s", cases[i].text, m.n ? m.items[0].text.en : "");
        as_diags_release(&m);
        for (size_t k = 0; k < n; k++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%d", k ? " " : "", years[k]);
        cr_expect_str_eq(got, cases[i].exp, "'%s'", cases[i].text);
    }
}

Test(select, refuses_a_bad_year_list_saying_how_to_write_it)
{
    static const struct {
        char text[40];
        char exp[200];
    } cases[] = {
        {"2016..2019", "invalid year list '2016..2019': write a range with '-', as in '2016-2019'"},
        {"2016...2019,2021",
         "invalid year list '2016...2019,2021': write a range with '-', as in '2016-2019,2021'"},
        {"abc", "invalid year 'abc': use a year (2026), a range (2026-2030) or a list (2016,2018)"},
        {"2016,20x8",
         "invalid year '20x8' in '2016,20x8': use a year (2026), a range (2026-2030) or a list "
         "(2016,2018)"},
        {"1800", "invalid year '1800': use a year (2026), a range (2026-2030) or a list "
                 "(2016,2018)"},
        {"2019-2016", "year range '2019-2016' runs backwards: write '2016-2019'"},
        {"2016,2016-2017", "year 2016 is given twice in '2016,2016-2017'"},
        {"2016,,2018", "empty item in year list '2016,,2018'"},
        {"", "empty year list: use a year (2026), a range (2026-2030) or a list (2016,2018)"},
        {"1900-2100", "too many years in '1900-2100': at most 40"},
        {"2016-", "invalid year '2016-': use a year (2026), a range (2026-2030) or a list "
                  "(2016,2018)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int years[AS_SELECT_MAX_YEARS];
        size_t n = 0;
        as_diags m;
        as_diags_init(&m);
        int rc = as_select_years(cases[i].text, years, AS_SELECT_MAX_YEARS, &n, &m);
        cr_expect_eq(rc, -1, "'%s' accepted", cases[i].text);
        cr_assert_eq(m.n, 1, "'%s'", cases[i].text);
        cr_expect_str_eq(m.items[0].text.en, cases[i].exp, "'%s'", cases[i].text);
        cr_expect_str_eq(as_text_get(m.items[0].text, true), cases[i].exp,
                         "'%s': no catalogue, so the same", cases[i].text);
        as_diags_release(&m);
    }
}

Test(select, writes_year_lists_with_runs_as_ranges)
{
    static const struct {
        int years[6];
        size_t n;
        char join[2], exp[40];
    } cases[] = {
        {{2026}, 1, ",", "2026"},
        {{2016, 2017, 2018, 2019}, 4, ",", "2016-2019"},
        {{2016, 2018, 2019}, 3, ",", "2016,2018-2019"},
        {{2016, 2018, 2019, 2021}, 4, "_", "2016_2018-2019_2021"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[40];
        cr_assert_eq(
            as_select_years_text(cases[i].years, cases[i].n, cases[i].join, got, sizeof got), 0);
        cr_expect_str_eq(got, cases[i].exp);
    }
    char small[6];
    int years[] = {2016, 2018};
    cr_expect_eq(as_select_years_text(years, 2, ",", small, sizeof small), -1);
}

static as_ruleset *load(const char *path)
{
    as_ruleset *r = NULL;
    as_diags d;
    as_diags_init(&d);
    int rc = as_rules_load(path, &r, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s:\n%s", path, msgs);
    free(msgs);
    as_diags_release(&d);
    return r;
}

/* The codes chosen by text, space-separated, or "error: <message>". */
static void chosen_codes(const as_ruleset *r, const char *text, char *got, size_t n)
{
    unsigned char *chosen = malloc(r->nprovinces);
    as_diags m;
    as_diags_init(&m);
    size_t count = 0;
    cr_assert(chosen);
    got[0] = '\0';
    if (as_select_provinces(r, text, chosen, &count, &m) != 0) {
        snprintf(got, n, "error: %s", m.n ? m.items[0].text.en : "");
        free(chosen);
        as_diags_release(&m);
        return;
    }
    as_diags_release(&m);
    size_t listed = 0;
    for (size_t i = 0; i < r->nprovinces; i++)
        if (chosen[i]) {
            snprintf(got + strlen(got), n - strlen(got), "%s%s", listed ? " " : "",
                     r->provinces[i].code);
            listed++;
        }
    cr_expect_eq(listed, count, "'%s': count", text);
    free(chosen);
}

Test(select, matches_provinces_by_code_and_either_name_short_or_full)
{
    static const struct {
        char text[80];
        char exp[80];
    } cases[] = {
        {"110000", "110000"},
        {"110000,宁夏", "110000 640000"},
        {"宁夏回族自治区", "640000"},
        {"Ningxia", "640000"},
        {"ningxia", "640000"},
        {"inner-mongolia", "150000"},
        {"Inner Mongolia", "150000"},
        {"内蒙古", "150000"},
        {"新疆, 西藏", "540000 650000"},
        {"北京，上海、广东", "110000 310000 440000"},
        {"650000,110000", "110000 650000"},
    };
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    as_ruleset *r = load("rules/2026.yaml");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[8192];
        chosen_codes(r, cases[i].text, got, sizeof got);
        cr_expect_str_eq(got, cases[i].exp, "'%s'", cases[i].text);
    }
    as_rules_free(r);
}

Test(select, refuses_an_unknown_or_repeated_province_naming_the_one_meant)
{
    static const struct {
        char text[40];
        char exp[200];
        int rc; /* as_select_provinces' return */
    } cases[] = {
        {"宁厦", "error: unknown province '宁厦': did you mean 640000 宁夏回族自治区 Ningxia?", -1},
        {"Ningxai",
         "error: unknown province 'Ningxai': did you mean 630000 青海省 Qinghai or 640000 "
         "宁夏回族自治区 Ningxia?",
         -1},
        {"64000", "error: unknown province '64000': did you mean 640000 宁夏回族自治区 Ningxia?",
         -1},
        {"Atlantis",
         "error: unknown province 'Atlantis': give the code or the name (Chinese or English) of "
         "one of the 31 below",
         AS_SELECT_UNKNOWN},
        {"宁",
         "error: unknown province '宁': give the code or the name (Chinese or English) of one of "
         "the 31 below",
         AS_SELECT_UNKNOWN},
        {"110000,北京", "error: province 110000 北京市 Beijing is named twice in '110000,北京'",
         -1},
        {"110000,,120000", "error: empty item in province list '110000,,120000'", -1},
        {"", "error: empty province list: give codes or names, as in '110000,宁夏'", -1},
    };
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    as_ruleset *r = load("rules/2026.yaml");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[8192];
        unsigned char chosen[64];
        size_t n;
        as_diags d;
        as_diags_init(&d);
        cr_expect_eq(as_select_provinces(r, cases[i].text, chosen, &n, &d), cases[i].rc, "'%s'",
                     cases[i].text);
        as_diags_release(&d);
        chosen_codes(r, cases[i].text, got, sizeof got);
        cr_expect_str_eq(got, cases[i].exp, "'%s'", cases[i].text);
    }
    as_rules_free(r);
}

/* A rule set of tests/fixtures/datasets/tiny-rules.yaml with 45 units:
 * 朝阳区 and 朝阳县 first, then 单元01 ... 单元43. */
static as_ruleset *many_units(char *path, size_t n)
{
    char *tiny = read_text(ASSESS_FIXTURES "/datasets/tiny-rules.yaml");
    char *cut = strstr(tiny, "provinces:");
    char *after = strstr(tiny, "\ninputs:");
    cr_assert(cut && after);
    snprintf(path, n, "/tmp/test_select_%d.yaml", (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fprintf(f, "%.*sprovinces:\n", (int)(cut - tiny), tiny);
    fprintf(f, "  - {code: \"110105\", name_zh: 朝阳区, name_en: Chaoyang District}\n");
    fprintf(f, "  - {code: \"130200\", name_zh: 朝阳县, name_en: Chaoyang County}\n");
    for (int i = 1; i <= 43; i++)
        fprintf(f, "  - {code: \"9000%02d\", name_zh: 单元%02d, name_en: Unit %02d}\n", i, i, i);
    fputs(after, f);
    fclose(f);
    free(tiny);
    return load(path);
}

Test(select, names_the_provinces_a_beginning_shares_and_counts_them_all)
{
    char path[64], got[8192];
    as_ruleset *r = many_units(path, sizeof path);
    chosen_codes(r, "朝阳", got, sizeof got);
    cr_expect_str_eq(got, "error: province '朝阳' is ambiguous: 110105 朝阳区 Chaoyang District, "
                          "130200 朝阳县 Chaoyang County; give its code or more of its name");
    chosen_codes(r, "朝阳县", got, sizeof got);
    cr_expect_str_eq(got, "130200");
    chosen_codes(r, "Chaoyang county", got, sizeof got);
    cr_expect_str_eq(got, "130200");
    chosen_codes(r, "x", got, sizeof got);
    cr_expect_str_eq(got, "error: unknown province 'x': give the code or the name (Chinese or "
                          "English) of one of the 45 below");
    as_rules_free(r);
    unlink(path);
}
