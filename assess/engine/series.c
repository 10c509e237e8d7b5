/* series: dense arrays indexed by year, unit and check slot, filled by
 * copying from evaluations; a plan-period target is evaluated through the
 * engine (as_eval_formula), never restated. */
#include "engine/series.h"

#include <stdlib.h>
#include <string.h>

static int make_slots(as_series *s)
{
    const as_ruleset *r = s->rules;
    for (size_t k = 0; k < r->nindicators; k++)
        s->nslots += r->indicators[k].nchecks;
    size_t n = s->nslots ? s->nslots : 1;
    s->slot_indicator = calloc(n, sizeof *s->slot_indicator);
    s->slot_check = calloc(n, sizeof *s->slot_check);
    s->slot_plan = calloc(n, sizeof *s->slot_plan);
    if (!s->slot_indicator || !s->slot_check || !s->slot_plan)
        return -1;
    size_t c = 0;
    for (size_t k = 0; k < r->nindicators; k++)
        for (size_t j = 0; j < r->indicators[k].nchecks; j++, c++) {
            s->slot_indicator[c] = k;
            s->slot_check[c] = j;
            s->slot_plan[c] = r->indicators[k].checks[j].plan.has;
        }
    return 0;
}

as_series *as_series_new(const as_ruleset *r, const int *years, size_t nyears,
                         const unsigned char *select)
{
    as_series *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->rules = r;
    s->nyears = nyears;
    for (size_t p = 0; p < r->nprovinces; p++)
        s->nunits += !select || select[p];
    size_t cells = (nyears ? nyears : 1) * (s->nunits ? s->nunits : 1);
    s->years = calloc(nyears ? nyears : 1, sizeof *s->years);
    s->done = calloc(nyears ? nyears : 1, sizeof *s->done);
    s->units = calloc(s->nunits ? s->nunits : 1, sizeof *s->units);
    if (!s->years || !s->done || !s->units || make_slots(s) != 0) {
        as_series_free(s);
        return NULL;
    }
    s->cells = calloc(cells, sizeof *s->cells);
    s->indicators = calloc(cells * (r->nindicators ? r->nindicators : 1), sizeof *s->indicators);
    s->checks = calloc(cells * (s->nslots ? s->nslots : 1), sizeof *s->checks);
    if (!s->cells || !s->indicators || !s->checks) {
        as_series_free(s);
        return NULL;
    }
    memcpy(s->years, years, nyears * sizeof *years);
    for (size_t p = 0, u = 0; p < r->nprovinces; p++)
        if (!select || select[p])
            s->units[u++] = p;
    return s;
}

/* The unit of province p, or -1 (a binary search: units are in rule-set order). */
static long unit_of(const as_series *s, size_t p)
{
    size_t lo = 0, hi = s->nunits;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->units[mid] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nunits && s->units[lo] == p ? (long)lo : -1;
}

static char *copy(const char *t)
{
    return t ? strdup(t) : NULL;
}

/* The data set's names, from the first evaluation added. */
static int keep_data(as_series *s, const as_dataset *ds)
{
    if (s->data_dir)
        return 0;
    s->data_zh = copy(ds->name_zh);
    s->data_en = copy(ds->name_en);
    s->data_dir = copy(ds->dir);
    s->notice = copy(ds->notice);
    s->illustrative = ds->illustrative;
    return s->data_dir && (!ds->notice || s->notice) ? 0 : -1;
}

static void keep_province(as_series *s, size_t y, size_t u, const as_evaluation *ev,
                          const as_province_result *pr)
{
    const as_ruleset *r = s->rules;
    size_t cell = y * s->nunits + u;
    s->cells[cell] = (as_series_unit){.evaluated = true,
                                      .invalid = pr->invalid,
                                      .errors = pr->nerrors > 0,
                                      .fraud = pr->fraud,
                                      .grade = pr->invalid ? NULL : pr->grade,
                                      .control_missed = pr->control_missed,
                                      .support_missed = pr->support_missed};
    for (size_t k = 0; k < pr->nindicators; k++)
        s->indicators[cell * r->nindicators + k] = pr->indicators[k].status;
    for (size_t c = 0; c < s->nslots && pr->nindicators; c++) {
        const as_check_result *cr = &pr->indicators[s->slot_indicator[c]].checks[s->slot_check[c]];
        as_series_check *sc = &s->checks[cell * s->nslots + c];
        *sc = (as_series_check){.status = cr->status,
                                .compared = cr->verdict.compared,
                                .value = cr->verdict.value,
                                .target = cr->verdict.target,
                                .margin = cr->verdict.margin};
        const as_check_def *cd = cr->def;
        if (s->slot_plan[c] && !pr->nerrors)
            sc->has_plan = as_eval_formula(r, ev->data, &ev->opts, pr->index, &cd->plan.target,
                                           ev->year, &sc->plan, NULL) == AS_EVAL_OK;
    }
}

int as_series_add(as_series *s, const as_evaluation *ev)
{
    size_t y = 0;
    while (y < s->nyears && s->years[y] != ev->year)
        y++;
    if (y == s->nyears || ev->rules != s->rules || keep_data(s, ev->data) != 0)
        return -1;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        long u = unit_of(s, ev->provinces[i].index);
        if (u >= 0)
            keep_province(s, y, (size_t)u, ev, &ev->provinces[i]);
    }
    s->done[y] = true;
    return 0;
}

void as_series_free(as_series *s)
{
    if (!s)
        return;
    free(s->years);
    free(s->done);
    free(s->units);
    free(s->slot_indicator);
    free(s->slot_check);
    free(s->slot_plan);
    free(s->cells);
    free(s->indicators);
    free(s->checks);
    free(s->data_zh);
    free(s->data_en);
    free(s->data_dir);
    free(s->notice);
    free(s);
}

const as_series_unit *as_series_unit_at(const as_series *s, size_t y, size_t u)
{
    return &s->cells[y * s->nunits + u];
}

as_status as_series_indicator_at(const as_series *s, size_t y, size_t u, size_t k)
{
    return s->indicators[(y * s->nunits + u) * s->rules->nindicators + k];
}

const as_series_check *as_series_check_at(const as_series *s, size_t y, size_t u, size_t c)
{
    return &s->checks[(y * s->nunits + u) * s->nslots + c];
}
