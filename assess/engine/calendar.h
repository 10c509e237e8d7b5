/* calendar: China's working-day calendar and N-working-day deadlines.
 * Loads one schedule per year from YAML files (official State Council notices,
 * or provisional estimates from the statutory holidays) and counts working
 * days.  It holds no holiday date itself: every date is data, and every year
 * carries its status and source.  It never prints and never exits.
 *
 * Ownership: an as_calendar owns all its memory in one arena; the strings in
 * as_calendar_source point into it and live until as_calendar_free.  Text
 * returned by the _text and _explain helpers is malloc'd for the caller. */
#ifndef AS_CALENDAR_H
#define AS_CALENDAR_H

#include <stdbool.h>

#include "base/date.h"
#include "base/diag.h"

/* The top-level key that identifies a calendar file. */
#define AS_CALENDAR_KEY "calendar"

/* Range of calendar years a file may describe. */
#define AS_CALENDAR_MIN_YEAR 1900
#define AS_CALENDAR_MAX_YEAR 2999

typedef struct as_calendar as_calendar;

typedef enum {
    AS_CAL_NONE = 0,    /* no schedule for the year: counting into it is an error */
    AS_CAL_PROVISIONAL, /* estimated from the statutory holidays, no make-up days */
    AS_CAL_OFFICIAL     /* taken from the State Council's yearly notice */
} as_calendar_status;

typedef enum {
    AS_CAL_EN, /* English text */
    AS_CAL_ZH  /* Chinese text */
} as_calendar_lang;

/* Where one year's schedule comes from.  Strings are owned by the calendar. */
typedef struct {
    int year;                  /* calendar year */
    as_calendar_status status; /* official, provisional or none */
    const char *title;         /* official: the notice's title; provisional: the law the estimate
                                  follows; NULL for none */
    const char *number;        /* official: the notice's document number, NULL if not recorded */
    const char *published;     /* official: publication date "YYYY-MM-DD"; NULL otherwise */
    const char *file;          /* the calendar file the schedule was loaded from */
} as_calendar_source;

/* A counted deadline. */
typedef struct {
    as_date notified; /* day of notification; not counted (Civil Code art. 201) */
    int days;         /* N: working days counted, >= 0 */
    as_date date;     /* the Nth working day after notified; notified itself when N = 0 */
    bool provisional; /* at least one counted day lies in a provisional year */
    int first_year;   /* first calendar year the count touched; 0 when N = 0 */
    int last_year;    /* last calendar year the count touched; 0 when N = 0 */
} as_deadline;

/* Load every "*.yaml" file in directory dir, in byte order of their names, into
 * one calendar.  Official years replace provisional estimates of the same
 * year; a year given twice with the same status is an error.  On success
 * returns 0 and sets *out (free with as_calendar_free).  On any problem adds
 * located diagnostics to d (all of them, not only the first), sets *out to
 * NULL and returns -1. */
int as_calendar_load(const char *dir, as_calendar **out, as_diags *d);

/* Same as as_calendar_load, for one file. */
int as_calendar_load_file(const char *path, as_calendar **out, as_diags *d);

/* Check one calendar file and report every problem found: dates outside their
 * year, a day both off and working, a make-up working day that is not a
 * Saturday or Sunday, a day listed twice, a missing or unknown status, an
 * official year without its notice, provisional rules without a date for a
 * year.  Returns 0 when the file is valid, -1 otherwise. */
int as_calendar_validate_file(const char *path, as_diags *d);

/* Free a calendar and everything it owns.  NULL is ok. */
void as_calendar_free(as_calendar *c);

/* Status of year in c (AS_CAL_NONE when c has no schedule for it). */
as_calendar_status as_calendar_year_status(const as_calendar *c, int year);

/* Fill *out with where year's schedule comes from.  Returns 0, or -1 (and
 * out->status = AS_CAL_NONE) when c has no schedule for year. */
int as_calendar_year_source(const as_calendar *c, int year, as_calendar_source *out);

/* Working days in year (Monday-Friday that are not off, plus make-up days), or
 * -1 when c has no schedule for year. */
int as_calendar_working_days_in_year(const as_calendar *c, int year);

/* 1 if day is a working day, 0 if it is not, -1 if its year has no schedule. */
int as_calendar_is_working_day(const as_calendar *c, as_date day);

/* Count days working days after notified (the notification day is not
 * counted; make-up weekend days count) and fill *out.  Counting into a year
 * without a schedule is an error; counting into a provisional year is an error
 * unless allow_provisional, in which case out->provisional is set.  Errors name
 * the year and are added to d, located at the calendar (or at the provisional
 * file).  Returns 0 on success, -1 on error (days < 0 included). */
int as_calendar_deadline(const as_calendar *c, as_date notified, int days, bool allow_provisional,
                         as_deadline *out, as_diags *d);

/* The counting rule of dl as one line, e.g. "30 working days after
 * notification on 2026-06-30, the notification day not counted (Civil Code
 * art. 201); ...".  malloc'd; NULL when out of memory. */
char *as_calendar_rule_text(const as_deadline *dl, as_calendar_lang lang);

/* The calendar years dl's count touched, each with its status and source, as
 * one line starting "calendar: " (English) or "日历：" (Chinese).  malloc'd;
 * NULL when out of memory. */
char *as_calendar_years_text(const as_calendar *c, const as_deadline *dl, as_calendar_lang lang);

/* Rule and years as two lines separated by '\n' (no trailing newline), for a
 * report cell or a footnote.  malloc'd; NULL when out of memory. */
char *as_calendar_explain(const as_calendar *c, const as_deadline *dl, as_calendar_lang lang);

#endif
