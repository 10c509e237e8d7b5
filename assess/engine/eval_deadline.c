/* eval_deadline: the rectification deadlines of an evaluation's graded
 * provinces, counted on the working-day calendar from the notification
 * date, each with the counting rule and the calendar years used in both
 * languages (the calendar's own words).  Grades nothing. */
#include "engine/eval.h"

#include <stdlib.h>

/* The calendar's English and Chinese text (malloc'd, freed here) as one
 * text in arena a. */
static as_text calendar_text(as_arena *a, char *en, char *zh)
{
    as_text t = as_text_copy(a, (as_text){en ? en : "", zh ? zh : ""});
    free(en);
    free(zh);
    return t;
}

void as_evaluation_set_deadlines(as_evaluation *ev, const as_calendar *cal, as_date notified)
{
    ev->has_notified = true;
    ev->notified = notified;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        as_province_result *pr = &ev->provinces[i];
        pr->has_deadline = false;
        pr->deadline_error = NULL;
        pr->deadline_rule = pr->deadline_years = (as_text){NULL, NULL};
        if (pr->invalid || !pr->grade || pr->grade->rectification_days <= 0)
            continue;
        as_diags d;
        as_diags_init(&d);
        if (as_calendar_deadline(cal, notified, pr->grade->rectification_days, true, &pr->deadline,
                                 &d) == 0) {
            pr->has_deadline = true;
            pr->deadline_rule =
                calendar_text(ev->arena, as_calendar_rule_text(&pr->deadline, AS_CAL_EN),
                              as_calendar_rule_text(&pr->deadline, AS_CAL_ZH));
            pr->deadline_years =
                calendar_text(ev->arena, as_calendar_years_text(cal, &pr->deadline, AS_CAL_EN),
                              as_calendar_years_text(cal, &pr->deadline, AS_CAL_ZH));
        } else if (d.n) {
            as_diag *e = as_arena_alloc(ev->arena, sizeof *e);
            if (e) {
                *e = as_diag_copy(ev->arena, &d.items[0]);
                pr->deadline_error = e;
            }
        }
        as_diags_release(&d);
    }
}

bool as_evaluation_needs_deadlines(const as_evaluation *ev)
{
    for (size_t i = 0; i < ev->nprovinces; i++)
        if (ev->provinces[i].grade && ev->provinces[i].grade->rectification_days > 0)
            return true;
    return false;
}

int as_evaluation_countable(const as_evaluation *ev, const as_calendar *cal, as_date notified,
                            as_diags *d)
{
    int days = 0;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        if (!pr->invalid && pr->grade && pr->grade->rectification_days > days)
            days = pr->grade->rectification_days;
    }
    as_deadline dl;
    return as_calendar_deadline(cal, notified, days, true, &dl, d);
}
