/* test_calendar: working-day counts of the shipped calendar, deadlines across
 * holidays and make-up days (expected dates listed by hand, day by day, from
 * the notices), provisional years, and the exact messages for bad files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/calendar.h"

#include "support.h"

static as_calendar *cal;

static as_calendar *load_dir(const char *dir)
{
    as_diags d;
    as_calendar *c = NULL;
    as_diags_init(&d);
    int rc = as_calendar_load(dir, &c, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "loading %s failed:\n%s", dir, msgs);
    free(msgs);
    as_diags_release(&d);
    return c;
}

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
    cal = load_dir("data/calendar");
}

static void teardown(void)
{
    as_calendar_free(cal);
    cal = NULL;
}

TestSuite(calendar, .init = setup, .fini = teardown);

static as_date day(const char *s)
{
    as_date t = 0;
    cr_assert_eq(as_date_parse(s, &t), 0, "bad date in test: %s", s);
    return t;
}

Test(calendar, counts_251_248_and_248_working_days_in_2024_2025_and_2026)
{
    static const struct {
        int year; /* calendar year */
        int exp;  /* working days, from domain.md section 3 */
    } cases[] = {{2024, 251}, {2025, 248}, {2026, 248}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = as_calendar_working_days_in_year(cal, cases[i].year);
        cr_expect_eq(got, cases[i].exp, "%d: exp %d got %d", cases[i].year, cases[i].exp, got);
    }
}

Test(calendar, estimates_provisional_years_from_the_13_statutory_days)
{
    /* Weekdays in the year minus 13 statutory days (each weekend or coinciding holiday moved
     * to a weekday): 2027 has 261 weekdays, 2028 (leap, starts on Saturday) 260, 2029 261,
     * 2030 261. */
    static const struct {
        int year;
        int exp;
    } cases[] = {{2027, 248}, {2028, 247}, {2029, 248}, {2030, 248}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = as_calendar_working_days_in_year(cal, cases[i].year);
        cr_expect_eq(got, cases[i].exp, "%d: exp %d got %d", cases[i].year, cases[i].exp, got);
    }
}

Test(calendar, marks_each_year_official_provisional_or_absent)
{
    static const struct {
        int year;
        as_calendar_status exp;
    } cases[] = {{2023, AS_CAL_NONE},     {2024, AS_CAL_OFFICIAL},    {2025, AS_CAL_OFFICIAL},
                 {2026, AS_CAL_OFFICIAL}, {2027, AS_CAL_PROVISIONAL}, {2030, AS_CAL_PROVISIONAL},
                 {2031, AS_CAL_NONE}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_calendar_status got = as_calendar_year_status(cal, cases[i].year);
        cr_expect_eq(got, cases[i].exp, "%d: exp %d got %d", cases[i].year, cases[i].exp, got);
    }
    cr_expect_eq(as_calendar_working_days_in_year(cal, 2031), -1);
}

Test(calendar, names_the_notice_of_an_official_year)
{
    as_calendar_source s;
    cr_assert_eq(as_calendar_year_source(cal, 2026, &s), 0);
    cr_expect_str_eq(s.title, "国务院办公厅关于2026年部分节假日安排的通知");
    cr_expect_str_eq(s.published, "2025-11-04");
    cr_expect_str_eq(s.file, "data/calendar/2026.yaml");
    cr_assert_eq(as_calendar_year_source(cal, 2028, &s), 0);
    cr_expect_eq(s.status, AS_CAL_PROVISIONAL);
    cr_expect_null(s.number);
    cr_expect_eq(as_calendar_year_source(cal, 2031, &s), -1);
    cr_expect_eq(s.status, AS_CAL_NONE);
}

Test(calendar, counts_make_up_weekend_days_as_working_days)
{
    static const struct {
        char date[11];
        int exp; /* 1 working, 0 not, -1 no schedule */
    } cases[] = {
        {"2026-02-14", 1},  /* Saturday, make-up for the Spring Festival */
        {"2026-02-15", 0},  /* Sunday, off */
        {"2026-02-16", 0},  /* Monday, off */
        {"2026-02-24", 1},  /* Tuesday after the break */
        {"2026-03-07", 0},  /* plain Saturday */
        {"2025-10-08", 0},  /* Wednesday, last day of the 2025 National Day break */
        {"2025-10-11", 1},  /* Saturday, make-up */
        {"2027-02-09", 0},  /* provisional: Tuesday given for lunar 1/1 on a Saturday */
        {"2027-02-11", 1},  /* provisional: Thursday */
        {"2031-01-02", -1}, /* no schedule */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = as_calendar_is_working_day(cal, day(cases[i].date));
        cr_expect_eq(got, cases[i].exp, "%s: exp %d got %d", cases[i].date, cases[i].exp, got);
    }
}

/* Each expected date was found by listing the days after the notification one
 * by one against the notices' tables (see the comments). */
Test(calendar, counts_deadlines_across_holidays_and_make_up_days)
{
    static const struct {
        char notified[11];
        int days;
        char exp[11];
        bool exp_provisional;
    } cases[] = {
        /* Spring Festival 2024: Feb 4 (Sun) and Feb 18 (Sun) work, Feb 10-17 off */
        {"2024-02-01", 30, "2024-03-19", false},
        /* Labour Day and Dragon Boat 2025: Apr 27 (Sun) works, May 1-5 and May 31-Jun 2 off */
        {"2025-04-25", 30, "2025-06-11", false},
        /* Mid-Autumn and National Day 2026: Sep 20 (Sun) and Oct 10 (Sat) work */
        {"2026-09-18", 30, "2026-11-05", false},
        /* notified on a holiday: Oct 2-8 still off, Oct 11 (Sat) works */
        {"2025-10-01", 1, "2025-10-09", false},
        {"2025-10-01", 30, "2025-11-18", false},
        /* notified on a Saturday before the Dragon Boat Monday off */
        {"2024-06-08", 1, "2024-06-11", false},
        /* notified on a make-up Saturday: that day is not counted */
        {"2026-02-28", 1, "2026-03-02", false},
        /* the day after notification is a make-up Saturday: it counts */
        {"2026-02-13", 1, "2026-02-14", false},
        {"2026-02-13", 2, "2026-02-24", false},
        /* N = 0 is the notification day itself, even on a holiday */
        {"2026-02-15", 0, "2026-02-15", false},
        /* into the next official year: Jan 1-3 off, Jan 4 (Sun) works */
        {"2025-12-31", 1, "2026-01-04", false},
        /* into provisional 2027: Jan 1 (Fri) off */
        {"2026-12-15", 30, "2027-01-27", true},
        /* provisional Spring Festival 2027: Feb 5-8 off, Feb 9-10 for the weekend */
        {"2027-02-01", 10, "2027-02-19", true},
        /* provisional 2028: Oct 1 (Sun) gives Oct 4, Mid-Autumn on Oct 3 gives Oct 5 */
        {"2028-09-29", 5, "2028-10-12", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_diags d;
        as_deadline dl;
        char got[11];
        as_diags_init(&d);
        int rc = as_calendar_deadline(cal, day(cases[i].notified), cases[i].days, true, &dl, &d);
        cr_expect_eq(rc, 0, "%s + %d: failed", cases[i].notified, cases[i].days);
        as_date_format(dl.date, got);
        cr_expect_str_eq(got, cases[i].exp, "%s + %d: exp %s got %s", cases[i].notified,
                         cases[i].days, cases[i].exp, got);
        cr_expect_eq(dl.provisional, cases[i].exp_provisional, "%s + %d: provisional flag",
                     cases[i].notified, cases[i].days);
        as_diags_release(&d);
    }
}

Test(calendar, records_the_calendar_years_a_count_touched)
{
    as_diags d;
    as_deadline dl;
    as_diags_init(&d);
    cr_assert_eq(as_calendar_deadline(cal, day("2026-12-15"), 30, true, &dl, &d), 0);
    cr_expect_eq(dl.first_year, 2026);
    cr_expect_eq(dl.last_year, 2027);
    cr_assert_eq(as_calendar_deadline(cal, day("2026-12-15"), 0, false, &dl, &d), 0);
    cr_expect_eq(dl.first_year, 0);
    cr_expect_eq(dl.last_year, 0);
    cr_expect_eq(as_diags_count(&d), 0);
    as_diags_release(&d);
}

static void expect_refusal(const char *notified, int days, bool allow, const char *exp)
{
    as_diags d;
    as_deadline dl;
    as_diags_init(&d);
    cr_expect_eq(as_calendar_deadline(cal, day(notified), days, allow, &dl, &d), -1);
    char *got = joined_diags(&d);
    cr_expect_str_eq(got, exp, "%s + %d:\nexp: %sgot: %s", notified, days, exp, got);
    free(got);
    as_diags_release(&d);
}

Test(calendar, refuses_a_provisional_year_unless_allowed_and_names_it)
{
    expect_refusal("2026-12-15", 30, false,
                   "data/calendar: error: counting 30 working days after 2026-12-15 reaches "
                   "2027, whose holiday schedule is not official yet (only a provisional "
                   "estimate)\n");
}

Test(calendar, refuses_a_year_without_any_schedule_even_when_provisional_is_allowed)
{
    expect_refusal("2030-12-20", 30, true,
                   "data/calendar: error: counting 30 working days after 2030-12-20 reaches "
                   "2031, which has neither an official nor a provisional holiday schedule\n");
}

Test(calendar, refuses_a_negative_number_of_days)
{
    expect_refusal("2026-01-05", -1, true,
                   "data/calendar: error: the number of working days must be 0 or more, got "
                   "-1\n");
}

Test(calendar, states_the_rule_and_the_years_used_in_english_and_chinese)
{
    as_diags d;
    as_deadline dl;
    as_diags_init(&d);
    cr_assert_eq(as_calendar_deadline(cal, day("2026-12-15"), 30, true, &dl, &d), 0);
    static const struct {
        as_calendar_lang lang;
        char part[160];
    } cases[] = {
        {AS_CAL_EN, "30 working days after notification on 2026-12-15, the notification day "
                    "not counted (Civil Code art. 201)"},
        {AS_CAL_EN, "\ncalendar: 2026 official (国务院办公厅关于2026年部分节假日安排的通知"},
        {AS_CAL_EN, "published 2025-11-04); 2027 provisional (estimated"},
        {AS_CAL_ZH,
         "通知之日（2026-12-15）不计入，期限为其后第30个工作日（《民法典》第二百零一条）"},
        {AS_CAL_ZH, "\n日历：2026年 正式（国务院办公厅关于2026年部分节假日安排的通知"},
        {AS_CAL_ZH, "；2027年 暂估（"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = as_calendar_explain(cal, &dl, cases[i].lang);
        cr_assert_not_null(got);
        cr_expect_not_null(strstr(got, cases[i].part), "exp part: %s\ngot: %s", cases[i].part, got);
        free(got);
    }
    as_diags_release(&d);
}

Test(calendar, lets_an_official_year_replace_its_provisional_estimate)
{
    as_calendar *c = load_dir("tests/fixtures/calendar/replace");
    as_diags d;
    as_deadline dl;
    char got[11];
    as_diags_init(&d);
    cr_expect_eq(as_calendar_year_status(c, 2027), AS_CAL_OFFICIAL);
    cr_expect_eq(as_calendar_year_status(c, 2028), AS_CAL_PROVISIONAL);
    /* fictitious 2027: Feb 5-11 off, Feb 13 (Sat) works; the estimate would give Feb 12 */
    cr_assert_eq(as_calendar_deadline(c, day("2027-02-04"), 2, false, &dl, &d), 0);
    cr_expect_str_eq(as_date_format(dl.date, got), "2027-02-13");
    cr_expect_not(dl.provisional);
    as_diags_release(&d);
    as_calendar_free(c);
}

Test(calendar, accepts_the_shipped_calendar_files)
{
    static const char files[][40] = {"data/calendar/2024.yaml", "data/calendar/2025.yaml",
                                     "data/calendar/2026.yaml", "data/calendar/provisional.yaml"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        as_diags d;
        as_diags_init(&d);
        int rc = as_calendar_validate_file(files[i], &d);
        char *msgs = joined_diags(&d);
        cr_expect_eq(rc, 0, "%s:\n%s", files[i], msgs);
        free(msgs);
        as_diags_release(&d);
    }
}

Test(calendar, reports_every_problem_of_a_bad_file_at_its_line_and_column)
{
    static const char names[][32] = {
        "bad_values",      "make_up_weekday",         "missing_status", "not_a_calendar",
        "off_and_working", "official_without_notice", "outside_year",   "provisional_gaps",
        "syntax",          "unknown_status",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[384], expected[384];
        snprintf(path, sizeof path, "tests/fixtures/calendar/bad/%s.yaml", names[i]);
        snprintf(expected, sizeof expected, "tests/fixtures/calendar/bad/%s.expected", names[i]);
        as_diags d;
        as_diags_init(&d);
        cr_expect_eq(as_calendar_validate_file(path, &d), -1, "%s: accepted", path);
        char *got = joined_diags(&d), *exp = golden_text(expected, got);
        cr_expect_str_eq(got, exp, "%s:\nexp:\n%sgot:\n%s", path, exp, got);
        free(got);
        free(exp);
        as_diags_release(&d);
    }
}

Test(calendar, refuses_a_year_given_twice_in_a_directory)
{
    as_diags d;
    as_calendar *c = (as_calendar *)1;
    as_diags_init(&d);
    cr_expect_eq(as_calendar_load("tests/fixtures/calendar/twice", &c, &d), -1);
    cr_expect_null(c);
    char *got = joined_diags(&d), *exp = golden_text("tests/fixtures/calendar/twice.expected", got);
    cr_expect_str_eq(got, exp, "exp:\n%sgot:\n%s", exp, got);
    free(got);
    free(exp);
    as_diags_release(&d);
}
