/* select: which assessment years and which provinces a run covers, from what
 * a person types on a command line: years as a list of years and ranges
 * ("2026", "2026-2030", "2016,2018-2019"), provinces as a list of codes and
 * names in either language, short or full ("110000,宁夏", "Ningxia",
 * "宁夏回族自治区").  It parses and matches; it reads no file, knows no
 * province of its own (the rule set's are matched) and prints nothing: a
 * problem comes back as one diagnostic in the house style (lowercase,
 * subject quoted, no trailing period), in English and in the message
 * catalogue's language, located nowhere (the list was typed, not read), for
 * the caller to print as its own.
 *
 * Ownership: the caller's arrays are filled; diagnostics go to its list. */
#ifndef AS_SELECT_H
#define AS_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/rules.h"

#define AS_SELECT_MAX_YEARS 40  /* years one list may name */
#define AS_SELECT_YEAR_MIN 1900 /* years outside are refused as typing mistakes */
#define AS_SELECT_YEAR_MAX 2200

/* Parse a year list: items separated by ',' (spaces around them allowed),
 * each a year YYYY or a range YYYY-YYYY (first <= last).  Fills years (room
 * for max) in ascending order and sets *n.  Returns 0, or -1 with one error
 * in d saying what is wrong and how to write it: not a year, "2016..2019" (a
 * hint to write 2016-2019), a range that runs backwards, a year given twice,
 * an empty list or item, more than max years. */
int as_select_years(const char *text, int *years, size_t max, size_t *n, as_diags *d);

/* Check that rule set r applies to every one of years[0..n): one diagnostic
 * per year outside its years, located at the rule file ("the rules apply to
 * assessment years 2026-2030, not 2031").  Returns 0, or -1 when any is
 * outside. */
int as_select_years_in_rules(const as_ruleset *r, const int *years, size_t n, as_diags *d);

/* Write years[0..n) as text the way as_select_years reads it, runs of
 * consecutive years as ranges: "2016-2019", "2016,2018-2019".  join is put
 * between items (e.g. "," or "_", for a file name).  Returns 0, or -1 when
 * buf (size len) is too small. */
int as_select_years_text(const int *years, size_t n, const char *join, char *buf, size_t len);

/* Match a province list against rule set r: items separated by ',' (or the
 * full-width '，' or '、' of Chinese input, spaces around them allowed), each
 * a province's code, its Chinese name, its English name (case and the
 * difference between ' ', '-' and '_' ignored: "inner-mongolia"), or the
 * beginning of its Chinese name when that names one province only
 * (宁夏 for 宁夏回族自治区).  Sets chosen[p] (r->nprovinces entries) to 1 for
 * every province named and 0 for the others, and *n to how many were named.
 * Returns 0, or -1 with one error in d: an unknown name near some province's
 * ("did you mean 640000 宁夏回族自治区 Ningxia?" for 宁厦: a Chinese name
 * with one character wrong, an English name or a code an edit or two away);
 * a beginning several provinces share, with their names; a province named
 * twice; an empty list or item.  An unknown name near none returns
 * AS_SELECT_UNKNOWN with an error saying the provinces are listed below:
 * the caller lists r's provinces after it, as its medium reads best. */
int as_select_provinces(const as_ruleset *r, const char *text, unsigned char *chosen, size_t *n,
                        as_diags *d);

#define AS_SELECT_UNKNOWN (-2) /* as_select_provinces: a name near no province */

#endif
