/* annual: loading, grading, deadlines and analyses of one assessment year,
 * in the order `assess evaluate` has always done them. */
#include "analysis/annual.h"

#include <string.h>

void as_annual_init(as_annual *a, const as_annual_opts *o)
{
    memset(a, 0, sizeof *a);
    a->o = *o;
}

void as_annual_release(as_annual *a)
{
    as_calendar_free(a->calendar);
    a->calendar = NULL;
}

void as_annual_year_release(as_annual_year *y)
{
    as_uncertainty_free(y->mc);
    as_trajectory_free(y->traj);
    as_evaluation_free(y->ev);
    as_dataset_free(y->ds);
    memset(y, 0, sizeof *y);
}

/* The deadlines of the year, when a grade needs one and a date is known:
 * the calendar loaded once, the date checked against it, then counted. */
static as_annual_status deadlines(as_annual *a, as_evaluation *ev, as_diags *d)
{
    bool given = a->o.has_notified;
    as_date notified = given ? a->o.notified : ev->data->notified;
    if ((!given && !ev->data->has_notified) || !as_evaluation_needs_deadlines(ev))
        return AS_ANNUAL_OK;
    if (!a->calendar && as_calendar_load(a->o.calendar_dir, &a->calendar, d) != 0)
        return AS_ANNUAL_INVALID;
    as_diags why;
    as_diags_init(&why);
    as_annual_status st = AS_ANNUAL_OK;
    if (as_evaluation_countable(ev, a->calendar, notified, &why) != 0) {
        char date[11];
        const as_diag *e = why.n ? &why.items[0] : NULL;
        st = given ? AS_ANNUAL_NOTIFIED : AS_ANNUAL_INVALID;
        if (given && e)
            as_diags_copy(d, e);
        else if (given)
            as_diags_add(d, as_loc_make(NULL, 0, 0), "out of memory");
        else
            as_diags_add(d, ev->data->notified_loc,
                         "no deadline can be counted from notification date '%s': %s in '%s'",
                         as_date_format(notified, date), e ? e->text.en : "out of memory",
                         e && e->loc.file ? e->loc.file : "");
    }
    as_diags_release(&why);
    if (st == AS_ANNUAL_OK)
        as_evaluation_set_deadlines(ev, a->calendar, notified);
    return st;
}

/* Trajectories against the plan, and with uncertainty the Monte Carlo
 * (each plan's projection in every draw).  0, or -1 with the problem in d
 * (AS_UNCERTAINTY_BAD_OPTS when it is the options'). */
static int analyse(as_annual *a, as_annual_year *y, const as_eval_opts *eo, as_diags *d)
{
    if (as_trajectory_compute(y->ev, eo, &y->traj, d) != 0)
        return -1;
    if (!a->o.uncertainty)
        return 0;
    as_uncertainty_opts uo = a->o.mc;
    uo.on_lanes = as_trajectory_add_lanes;
    uo.on_lanes_ctx = y->traj;
    int rc = as_uncertainty_run(y->ev, eo, &uo, &y->mc, d);
    if (rc != 0)
        return rc;
    as_trajectory_summarise(y->traj);
    return 0;
}

as_annual_status as_annual_run(as_annual *a, int year, as_annual_year *out, as_diags *d)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    as_eval_opts eo = as_eval_defaults();
    eo.select = a->o.select;
    eo.no_trace = true; /* each province's trail is evaluated again where it is shown */
    if (as_dataset_load(a->o.rules, a->o.data_dir, year, &out->ds, d) != 0 ||
        as_evaluate(a->o.rules, out->ds, year, &eo, &out->ev, d) != 0)
        return AS_ANNUAL_INVALID;
    as_annual_status st = deadlines(a, out->ev, d);
    if (st != AS_ANNUAL_OK)
        return st;
    int rc = analyse(a, out, &eo, d);
    return rc == 0                         ? AS_ANNUAL_OK
           : rc == AS_UNCERTAINTY_BAD_OPTS ? AS_ANNUAL_OPTIONS
                                           : AS_ANNUAL_INVALID;
}
