/* date: proleptic Gregorian civil dates as day numbers.
 * Pure arithmetic and ISO "YYYY-MM-DD" text; no time zones, no I/O.
 * Holidays and working days belong to the calendar module. */
#ifndef AS_DATE_H
#define AS_DATE_H

#include <stdbool.h>

/* Days since 1970-01-01 (day 0, a Thursday). */
typedef long as_date;

/* Day number of a valid y-m-d; the caller checks validity first. */
as_date as_date_from_ymd(int y, int m, int d);
void as_date_to_ymd(as_date t, int *y, int *m, int *d);

/* True if y-m-d names a real day (1 <= m <= 12, day within the month). */
bool as_date_valid(int y, int m, int d);

/* 1 = Monday ... 7 = Sunday. */
int as_date_weekday(as_date t);
int as_date_year(as_date t);

/* Parse exactly "YYYY-MM-DD" (4-digit year, zero-padded month and day) that
 * names a real day.  Returns 0 and sets *out, or -1. */
int as_date_parse(const char *s, as_date *out);

/* Write "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *as_date_format(as_date t, char buf[11]);

#endif
