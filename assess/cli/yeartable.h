/* yeartable: what `assess evaluate` prints for one assessment year, in the
 * terminal's language (see common.h): tables on a stream, diagnostics on
 * stderr.  It computes nothing. */
#ifndef AS_CLI_YEARTABLE_H
#define AS_CLI_YEARTABLE_H

#include <stdio.h>

#include "analysis/annual.h"

/* The year's tables on f: its head (rules, data set, notification date,
 * how verdicts are reached), one row per province, the grades counted and
 * the deadlines' rule, then with a Monte Carlo each province's grade
 * probabilities and borderline checks, and each plan check's trajectory. */
void as_yeartable_print(FILE *f, const as_annual_year *y);

/* Every diagnostic of every province's data (errors, warnings, notes), then
 * the files that belong to no province, on stderr. */
void as_yeartable_diags(const as_annual_year *y);

#endif
