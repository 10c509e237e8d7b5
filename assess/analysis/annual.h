/* annual: one assessment year evaluated as `assess evaluate` does it, for
 * any front-end: the year's data set loaded against the rules, every
 * province (or those chosen) graded, rectification deadlines counted on the
 * working-day calendar from the notification date (the data set's, or one
 * given), each plan check's trajectory, and with uncertainty the Monte Carlo
 * with each trajectory's projection in every draw.  The calendar is loaded
 * once, the first time a year needs it, and kept for the run.  It prints and
 * writes nothing (publish.h writes a year's outputs).
 *
 * Ownership: an as_annual borrows its options' rule set and strings and
 * owns the calendar; an as_annual_year owns its data set, evaluation and
 * analyses (as_annual_year_release), which point into the rule set and the
 * run's calendar: free the years before the run. */
#ifndef AS_ANALYSIS_ANNUAL_H
#define AS_ANALYSIS_ANNUAL_H

#include <stdbool.h>

#include "analysis/trajectory.h"
#include "analysis/uncertainty.h"
#include "engine/calendar.h"
#include "engine/dataset.h"
#include "engine/eval.h"

typedef struct {
    const as_ruleset *rules;     /* loaded by the caller; must outlive the run */
    const char *data_dir;        /* the data set's folder */
    const char *calendar_dir;    /* the working-day calendar's folder */
    const unsigned char *select; /* per province of the rules: evaluate those with 1; NULL: all */
    bool has_notified;           /* a notification date is given for the year (a command
                                    line's); else each year's comes from its data set */
    as_date notified;            /* that date */
    bool uncertainty;            /* run the Monte Carlo as well */
    as_uncertainty_opts mc;      /* its draws and seed (on_lanes is set here) */
} as_annual_opts;

/* A run over one assessment year or several. */
typedef struct {
    as_annual_opts o;      /* the options, copied */
    as_calendar *calendar; /* loaded on first need (a deadline to count), or NULL */
} as_annual;

/* One year as evaluated. */
typedef struct {
    int year;
    as_dataset *ds;        /* the data set loaded for it */
    as_evaluation *ev;     /* every province chosen, graded, without a trail (a province's
                              trail is evaluated again when it is shown: as_evaluation_trail) */
    as_trajectories *traj; /* each plan check's trajectory for every province */
    as_uncertainty *mc;    /* the Monte Carlo, or NULL without uncertainty */
} as_annual_year;

/* How a year went. */
typedef enum {
    AS_ANNUAL_OK = 0,       /* evaluated: *out is filled (provinces may still be invalid) */
    AS_ANNUAL_INVALID = 1,  /* the data set, the calendar or an analysis failed: why is in d */
    AS_ANNUAL_NOTIFIED = 2, /* the deadlines cannot be counted from the notification date the
                               options give: the calendar's reason is in d, for the front-end
                               to say where the date came from */
    AS_ANNUAL_OPTIONS = 3   /* the Monte Carlo's options cannot be used for this year (more
                               draws than the memory kept for them holds): why is in d,
                               a usage error of the front-end's */
} as_annual_status;

void as_annual_init(as_annual *a, const as_annual_opts *o);
void as_annual_release(as_annual *a);

/* Evaluate `year` (one the rules apply to) into *out (zeroed first;
 * release it with as_annual_year_release whatever the status).  A
 * notification date of the data set that cannot count the deadlines is an
 * error located where the data set gives it.  Diagnostics of the year (not
 * of its provinces, which are in the evaluation) go to d. */
as_annual_status as_annual_run(as_annual *a, int year, as_annual_year *out, as_diags *d);

void as_annual_year_release(as_annual_year *y);

#endif
