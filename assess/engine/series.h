/* series: the results of one run across several assessment years, kept
 * small for a summary across them: per year and province the grade and
 * counts, each indicator's status, and for every check the numbers its
 * verdict compared and its status; for a check that follows a plan-period
 * target (`plan:` in the rules), that target's value too (its formula
 * evaluated for the province), so the plan-period progress can be shown
 * beside the year's required progress.  It is filled from each year's evaluation in turn, so
 * an evaluation and its data set can be freed before the next year is read.
 * It computes nothing and knows no indicator by name.
 *
 * Ownership: as_series_new returns a heap object that owns its arrays and a
 * copy of the data set's names; the rule set must outlive it. */
#ifndef AS_SERIES_H
#define AS_SERIES_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/eval.h"

/* One province in one year. */
typedef struct {
    bool evaluated;                     /* the year's evaluation has this province */
    bool invalid;                       /* no grade: its data could not be read or evaluated */
    bool errors;                        /* its data have errors: nothing was counted */
    bool fraud;                         /* data fraud was found */
    const as_grade_def *grade;          /* NULL when invalid or not evaluated */
    int control_missed, support_missed; /* meaningful without errors */
} as_series_unit;

/* One check of one province in one year. */
typedef struct {
    as_status status;     /* the check's status */
    bool compared;        /* value and target were compared (both computable) */
    double value, target; /* as the verdict compared them (rounded for the
                             rounded-value comparison), in the indicator's unit;
                             0 unless compared */
    double margin;        /* on the met side, as compared */
    bool has_plan;        /* the check's plan-period target could be evaluated */
    double plan;          /* its value (plan: target), in the indicator's unit */
} as_series_check;

typedef struct {
    const as_ruleset *rules;
    int *years; /* the years of the run, ascending */
    size_t nyears;
    size_t *units; /* per unit: its province's index in the rule set, rule-set order */
    size_t nunits;
    size_t nslots;          /* every check of every indicator, in rule-file order */
    size_t *slot_indicator; /* per slot: the indicator's index */
    size_t *slot_check;     /* per slot: the check's index within it */
    bool *slot_plan;        /* per slot: the check follows a plan-period target (plan:) */
    bool *done;             /* per year: an evaluation was added */
    as_series_unit *cells;  /* per year y and unit u: [y * nunits + u] */
    as_status
        *indicators; /* per year, unit and indicator k: [(y * nunits + u) * nindicators + k] */
    as_series_check *checks; /* per year, unit and slot s: [(y * nunits + u) * nslots + s] */
    char *data_zh, *data_en; /* the data set's name, from the first year added */
    char *data_dir;          /* its folder as given */
    char *notice;            /* its illustrative-data notice, or NULL */
    bool illustrative;       /* its figures are not real */
} as_series;

/* A series of r's provinces (those with select[p] set, every one when select
 * is NULL) over years[0..nyears), which must be ascending.  NULL when out of
 * memory. */
as_series *as_series_new(const as_ruleset *r, const int *years, size_t nyears,
                         const unsigned char *select);

/* Keep what a summary shows of ev, an evaluation of one of the series' years
 * under its rules (provinces outside the series are skipped).  Returns 0,
 * or -1 when ev's year is not one of the series' or out of memory. */
int as_series_add(as_series *s, const as_evaluation *ev);

/* Free a series; NULL is ok. */
void as_series_free(as_series *s);

/* Accessors: year index y (into s->years), unit u, indicator k, slot c. */
const as_series_unit *as_series_unit_at(const as_series *s, size_t y, size_t u);
as_status as_series_indicator_at(const as_series *s, size_t y, size_t u, size_t k);
const as_series_check *as_series_check_at(const as_series *s, size_t y, size_t u, size_t c);

#endif
