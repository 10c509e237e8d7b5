/* evaljson: the JSON contract of `assess evaluate --json` (docs/json.md),
 * written through json.h: one assessment year's document, the document of
 * several years around such documents, and the keys of a province, an
 * indicator and a check that `assess check --json` shares (checkjson.h), so
 * both speak one contract.  Keys may be added over time, never renamed.
 * Provinces in code order, indicators in rule-file order.  Messages are in
 * English.
 *
 * Ownership: everything passed in is borrowed for the call. */
#ifndef AS_EVALJSON_H
#define AS_EVALJSON_H

#include <stddef.h>

#include "analysis/trajectory.h"
#include "analysis/uncertainty.h"
#include "engine/eval.h"
#include "report/json.h"

/* Members of containers down to this depth of a one-year document go on
 * lines of their own (each province and each indicator on its own line). */
#define AS_EVALJSON_WRAP 4

/* The analyses of an evaluation that the JSON carries beside it; NULL
 * members (or a NULL pointer) are written as null / []. */
typedef struct {
    const as_uncertainty *uncertainty;   /* --uncertainty: Monte Carlo and Approach 1 */
    const as_trajectories *trajectories; /* against the five-year plan */
} as_json_analyses;

/* A year of a run over several years that could not be evaluated. */
typedef struct {
    int year;             /* the year */
    const as_diag *diags; /* why: its diagnostics, every one written */
    size_t ndiags;
} as_json_failed;

/* ev with its analyses as the one-year document: a value written into j
 * where one may go (the whole document, or an element of "years"). */
void as_evaljson_year(as_json *j, const as_evaluation *ev, const as_json_analyses *an);

/* The document of several years, written as they are evaluated:
 *   {"assessment_years": [...], "years": [<as_evaljson_year>, ...],
 *    "failed_years": [{"assessment_year": Y, "errors": ["file:line:col:
 *    error: ..."]}, ...], "empty_years": [Y, ...]}
 * as_evaljson_years_begin with the years asked, then each year's document,
 * then as_evaljson_years_end with the years that could not be evaluated and
 * those the data set has no submission for (not evaluated either).
 * Start j with a wrap two deeper than AS_EVALJSON_WRAP for the same lines. */
void as_evaljson_years_begin(as_json *j, const int *years, size_t n);
void as_evaljson_years_end(as_json *j, const as_json_failed *failed, size_t nfailed,
                           const int *empty, size_t nempty);

/* The keys of a province's object that evaluate and check share: code,
 * name_zh, name_en, grade, error, errors, warnings, notes, fraud,
 * control_missed and support_missed, from pr (NULL: a submission that could
 * not be read, whose keys are null) and from the diagnostics `before` that
 * come before pr's (check's: of reading the file; may be NULL). */
void as_evaljson_province_keys(as_json *j, const as_province_result *pr, const as_diags *before);

/* The keys of an indicator's object (without its checks) and of a check's
 * object that evaluate and check share. */
void as_evaljson_indicator_keys(as_json *j, const as_indicator_result *ir);
void as_evaljson_check_keys(as_json *j, const as_check_result *c);

/* A list of the diagnostics of one severity, each as its
 * "file:line:col: warning: ..." line, in English. */
void as_evaljson_diags(as_json *j, const as_diag *diags, size_t n, as_severity sev);

#endif
