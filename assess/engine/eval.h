/* eval: grading.  For each province of a data set, evaluates every check of
 * every indicator through the rule set's formulas, records the calculation
 * trail (every input, quantity, parameter and target read, with its value and
 * where it came from), decides each indicator's status, counts the misses and
 * applies the grading.  Fills rectification deadlines from a calendar when
 * asked.  Never prints; per-province problems become errors of that
 * province (an "invalid" result, or Fail when fraud was found), never a
 * failure of the batch.  Each check is judged by its rule set's method of
 * GB/T 8170-2008 (rounded-value or full-value comparison) on the decimal
 * digits of value and target (see decimal.h).
 *
 * Ownership: as_evaluate returns a heap as_evaluation whose results live in
 * its arena; as_evaluation_free releases them.  The rule set and data set
 * must outlive it (results point into both). */
#ifndef AS_EVAL_H
#define AS_EVAL_H

#include <stdbool.h>

#include "engine/calendar.h"
#include "engine/dataset.h"
#include "engine/rules.h"

typedef enum {
    AS_STATUS_MET = 0,
    AS_STATUS_MISSED = 1,
    AS_STATUS_NO_DATA = 2, /* a required input or target is absent */
    AS_STATUS_EXEMPT = 3   /* the rule set exempts the province: counts as met */
} as_status;

/* Where a traced value came from. */
typedef enum {
    AS_FROM_REPORTED = 0, /* the province's submission */
    AS_FROM_VERIFIED,     /* a department's verified figure (replaced the reported one) */
    AS_FROM_COMPUTED,     /* a rule-set quantity computed from the entries below it */
    AS_FROM_PARAMETER,    /* a rule-set parameter value */
    AS_FROM_TARGET,       /* an approved target in the data set */
    AS_FROM_BUILTIN       /* reserved: reads of year and base_year are not traced */
} as_from;

/* One value read while evaluating a formula. */
typedef struct {
    int ref_kind;       /* AS_REF_INPUT, AS_REF_QUANTITY, ... */
    size_t index;       /* index in the rule set's table of that kind */
    int year;           /* the year it was read for */
    int depth;          /* 0: read by the check's formula; 1: by a quantity it read; ... */
    as_from from;       /* where it came from */
    bool has_value;     /* false: no data */
    double value;       /* in the unit of the input / quantity / parameter / target */
    as_loc loc;         /* file:line:col of the value (submission, targets file, rule file) */
    const char *source; /* parameter: its source and validity; verified: the departments */
} as_trace_item;

/* How a check's verdict was reached: the numbers its method compared. */
typedef struct {
    bool compared; /* value and target were both computed and compared; else met is false and
                      the numbers are zero: nothing was compared (show none) */
    bool met;      /* value meets target */
    double value;  /* value as compared: rounded to the decimals (rounded-value comparison),
                      else the value itself; in the indicator's unit */
    double target; /* target as compared, likewise */
    double margin; /* how far on the met side, exact on the digits compared: value - target
                      for >= and >, target - value for <= and <, -|value - target| for == */
} as_verdict;

typedef struct {
    const as_check_def *def;
    as_status status;           /* met, missed or no_data */
    bool has_value, has_target; /* false when not computable */
    double value, target;       /* unrounded, in the indicator's unit */
    as_text no_data;            /* why there is no value, e.g. "no data for 'pub_co2' in 2026";
                                   en NULL when it has one (or nothing says why) */
    const as_diag *error;       /* why value or target could not be computed, located at the
                                   formula, or NULL; the province is invalid unless the
                                   indicator is exempt (then it is not among its diags) */
    as_verdict verdict;         /* the numbers compared; verdict.compared false (and zeros)
                                   unless value and target both are */
    as_trace_item *trace;       /* what the value and target formulas read */
    size_t ntrace;
} as_check_result;

typedef struct {
    const as_indicator *def;
    as_status status;
    bool has_value, has_target; /* of the first check */
    double value, target;       /* of the first check, unrounded */
    bool counts_missed;         /* counted in the missed totals */
    const char *exempt_reason;  /* when exempt */
    as_check_result *checks;
    size_t nchecks;
} as_indicator_result;

/* An input whose verified value differs from the reported one. */
typedef struct {
    size_t input;        /* index into the rule set's inputs */
    int year;            /* year of the figures */
    bool has_reported;   /* the province gave a value */
    double reported;     /* self-reported value */
    bool has_verified;   /* false: the verified file gives ~ (no valid figure: no data) */
    double verified;     /* value that replaced it */
    as_loc reported_loc; /* where each was written */
    as_loc verified_loc;
    const char *verified_by; /* the departments */
} as_override;

typedef struct {
    const as_province *province;
    size_t index;     /* province index in the rule set */
    bool invalid;     /* no grade: its data could not be read or evaluated, and no fraud found */
    as_diag *diags;   /* every diagnostic of its data in the order found, with severities and
                         translations: every reason its data could not be read or evaluated
                         (errors; the last one counting those a full list dropped), and the
                         warnings and notes of reading its files and of the rules'
                         plausibility checks (as_plausibility) */
    size_t ndiags;    /* entries of diags */
    size_t nerrors;   /* of which errors: none when it was graded on its data */
    size_t nwarnings; /* of which warnings */
    const as_grade_def *grade;          /* NULL when invalid; with errors, the grade fraud gives */
    bool fraud;                         /* fraud finding applied */
    const as_finding *finding;          /* the finding, or NULL */
    int control_missed, support_missed; /* meaningful only without errors */
    as_indicator_result *indicators;    /* rule-file order */
    size_t nindicators;
    as_override *overrides;
    size_t noverrides;
    const char *submission_file;   /* reported file of the assessment year, or NULL */
    const char *verified_file;     /* verified file of the assessment year, or NULL */
    bool has_deadline;             /* a rectification deadline applies and was computed */
    as_deadline deadline;          /* the deadline, when has_deadline */
    const as_diag *deadline_error; /* why a deadline could not be computed, or NULL */
    as_text deadline_rule;         /* the counting rule, when has_deadline: en English, tr
                                      Chinese (the calendar's own words) */
    as_text deadline_years;        /* calendar years used with status and source, likewise */
} as_province_result;

/* A what-if hook for analyses above the engine (Monte Carlo, break-even):
 * called for every input and parameter value an evaluation reads, with the
 * reference kind (AS_REF_INPUT or AS_REF_PARAM), its index in the rule set,
 * the province index and the year it is read for, and the value as read (in
 * its unit); returns the value to use instead.  Inputs without data are not
 * passed (they stay no data).  It must be a pure function of its arguments
 * and ctx during one as_evaluate call. */
typedef double (*as_eval_adjust_fn)(void *ctx, int kind, size_t index, size_t province, int year,
                                    double value);

/* The same hook for a block of n lanes (as_evaluate_lanes): writes into
 * out[0..n-1] the value each lane uses instead of `value` and returns true,
 * or returns false when every lane uses the value as read (out untouched).
 * Lane l must get what an as_eval_adjust_fn for that lane would return. */
typedef bool (*as_eval_adjust_lanes_fn)(void *ctx, int kind, size_t index, size_t province,
                                        int year, double value, double *out, size_t n);

typedef struct {
    bool use_verified;        /* apply verified figures (true for evaluate, false for check) */
    bool use_findings;        /* apply fraud findings */
    long only;                /* evaluate only this province index, or -1 for all */
    as_eval_adjust_fn adjust; /* NULL: every value as read */
    as_eval_adjust_lanes_fn adjust_lanes; /* for as_evaluate_lanes; NULL: every value as read */
    void *adjust_ctx;                     /* passed to adjust and adjust_lanes */
    bool no_trace;               /* record no calculation trail (checks' trace stays empty): for
                                    analyses that evaluate many times, and runs that write no
                                    workbook (as_evaluation_trail gives one province's later) */
    bool met_only;               /* judge met or missed only (as_eval_met): each verdict's value
                                    and target are the unrounded ones and its margin 0; for
                                    analyses that evaluate many times */
    const unsigned char *select; /* per rule-set province: evaluate those with 1; NULL: all
                                    (only, when set, wins) */
    bool one_indicator;          /* evaluate only indicator `indicator` (the others' results stay
                                    zero, and counts and grade mean nothing): for analyses that
                                    evaluate one check many times */
    size_t indicator;            /* its index, with one_indicator */
} as_eval_opts;

typedef struct as_evaluation {
    as_arena *arena;
    const as_ruleset *rules;
    const as_dataset *data;
    int year;                      /* assessment year */
    bool has_notified;             /* a notification date is known */
    as_date notified;              /* notification date */
    as_province_result *provinces; /* rule-set order (code order) */
    size_t nprovinces;
    size_t ninvalid;   /* provinces without a grade (invalid) */
    size_t nerrored;   /* provinces whose data have errors: the invalid ones, and those graded on a
                          fraud finding alone */
    as_eval_opts opts; /* the options it was evaluated with (select and only not kept) */
} as_evaluation;

/* Default options: verified figures and findings applied, every province. */
as_eval_opts as_eval_defaults(void);

/* Evaluate year for every province (or opts->only).  Returns 0 and *out, or
 * -1 with a problem in d (only for a year outside the rules or out of
 * memory); a province whose data are broken is marked invalid instead.  A
 * parameter the rules give no value for a year it is read at (no grid
 * factor for 2027 yet) is the rule set's gap, not the provinces': the checks
 * that read it have no data (the reason says the rule set needs updating),
 * and, unless opts->adjust is set (an analysis evaluating again), d gets one
 * warning per parameter and year, located at the parameter in the rules. */
int as_evaluate(const as_ruleset *r, const as_dataset *ds, int year, const as_eval_opts *opts,
                as_evaluation **out, as_diags *d);

/* Fill deadlines of every province whose grade has rectification_days > 0,
 * counted from `notified` on calendar cal (provisional years allowed and
 * marked).  Problems (e.g. a year with no schedule) go into each province's
 * deadline_error. */
void as_evaluation_set_deadlines(as_evaluation *ev, const as_calendar *cal, as_date notified);

/* Whether some province of ev has a grade with rectification days: only
 * then does a deadline need a notification date and a calendar. */
bool as_evaluation_needs_deadlines(const as_evaluation *ev);

/* Whether the deadlines of ev can be counted from notified on cal: the
 * longest rectification period of a graded province counted (provisional
 * years allowed).  A date or calendar that cannot count it is wrong, and
 * should be said where the date was given before anything of the year is
 * shown.  Returns 0, or -1 with the calendar's reason in d (located at the
 * calendar). */
int as_evaluation_countable(const as_evaluation *ev, const as_calendar *cal, as_date notified,
                            as_diags *d);

void as_evaluation_free(as_evaluation *ev);

/* Province result i of ev (an index into ev->provinces) with its calculation
 * trail: ev's own when ev was evaluated with the trail, else that province
 * evaluated again the same way with the trail recorded, into *out, allocated
 * in arena a (which the caller frees, with it everything *out points to
 * that ev does not own).  Grade, counts and deadline are ev's.  This is how
 * a run keeps one province's trail in memory at a time.  Returns 0, or -1
 * when out of memory. */
int as_evaluation_trail(const as_evaluation *ev, size_t i, as_arena *a, as_province_result *out);

const char *as_status_name(as_status s); /* "met", "missed", "no_data", "exempt" */

/* Judge value against target by check cd: compared with cd->cmp by cd's
 * method, on the decimal digits of the numbers (for the rounded-value
 * comparison both rounded to cd->decimals by cd->rounding, once). */
as_verdict as_eval_judge(const as_check_def *cd, double value, double target);

/* as_eval_judge(cd, value, target).met, exactly, without its decimal work
 * when the numbers decide it: for the full-value comparison always (the
 * shortest decimal forms of doubles are ordered as the doubles are), for the
 * rounded-value comparison when value and target lie more than one unit of
 * the last decimal apart (rounding moves each by at most half a unit); only
 * the rare pairs closer than that are rounded on their digits. */
bool as_eval_met(const as_check_def *cd, double value, double target);

/* Evaluate formula f of r (a check's value or target, a plan's target) for
 * province p at year, reading values as as_evaluate does with opts (verified
 * figures, the adjust hook; never a trail), for years other than the
 * assessment year too: year must be one the data set holds (ds->first_year
 * .. ds->year), else its inputs have no data.  Returns AS_EVAL_OK with *out,
 * AS_EVAL_NO_DATA with why as a note added to d (e.g. "no data for 'coal' in
 * 2024"), or AS_EVAL_ERROR with the error, located at the formula and naming
 * the province and year, added to d (in English).  d may be NULL: the
 * status alone is then worked out, which is quicker. */
as_eval_status as_eval_formula(const as_ruleset *r, const as_dataset *ds, const as_eval_opts *opts,
                               size_t p, const as_formula *f, int year, double *out, as_diags *d);

/* as_eval_met for n pairs at once: met[l] (1 met, 0 not) of value[l]
 * against target[l].  The same verdicts, exactly; the fast path runs over
 * every pair in one loop and only the pairs it cannot decide are rounded
 * on their digits. */
void as_eval_met_lanes(const as_check_def *cd, const double *value, const double *target, size_t n,
                       unsigned char *met);

/* ------------------------------------------------------------ lanes
 * Evaluation in blocks, for analyses that evaluate a year many times (the
 * Monte Carlo): every check of every province of an evaluation computed
 * for up to AS_EXPR_LANES lanes at once (one lane per draw) by the
 * formula evaluator's vectorised mode (expr.h), the values each lane reads
 * adjusted by opts->adjust_lanes, judged, counted and graded per lane.
 * Each lane gets exactly what as_evaluate with the lane's adjust hook
 * gives: the same values to the last bit, verdicts, counts and grades. */

/* Per check and lane: what was computed. */
enum {
    AS_LANE_VALUE = 1,  /* the value was computed (its evaluation had no error or gap) */
    AS_LANE_TARGET = 2, /* the target was computed */
    AS_LANE_MET = 4     /* both were, and the check is met */
};

typedef struct as_lanes_work as_lanes_work;

/* Every province of an evaluation over a block of lanes.  Provinces are
 * those of ev (index i), checks numbered in rule-file order over every
 * indicator (first_check[k] + c), arrays lane-minor: entry [row * cap +
 * lane]. */
typedef struct as_eval_lanes {
    const as_evaluation *ev; /* whose provinces, rules, data set and year */
    size_t cap;              /* lanes there is room for, 1 .. AS_EXPR_LANES */
    size_t n;                /* lanes of the last evaluation */
    size_t nchecks;          /* checks of the rule set */
    size_t *first_check;     /* per indicator of the rule set: its first check's number */
    double *value;           /* row i * nchecks + check: unrounded value, where AS_LANE_VALUE */
    unsigned char *flags;    /* row i * nchecks + check: AS_LANE_* */
    unsigned char *missed;   /* row i * nindicators + k: 1 when the indicator counts as missed */
    int *grade;              /* row i: index into the rules' grades, or -1: no grade, the lane's
                                data gave an error (a province with errors in ev: every lane) */
    as_lanes_work *work;     /* scratch of the evaluation */
} as_eval_lanes;

/* Room to evaluate ev's provinces in up to cap lanes (clamped to
 * 1 .. AS_EXPR_LANES), or NULL when out of memory.  ev must outlive it. */
as_eval_lanes *as_eval_lanes_new(const as_evaluation *ev, size_t cap);
void as_eval_lanes_free(as_eval_lanes *b);

/* Evaluate every province of b->ev without errors in n lanes (1 .. cap)
 * with opts (adjust_lanes and adjust_ctx; the rest as ev's own): values,
 * flags, missed and grade of every lane.  A province with errors in ev is
 * not evaluated (grade -1).  Returns 0, or -1 when out of memory. */
int as_evaluate_lanes(as_eval_lanes *b, const as_eval_opts *opts, size_t n);

/* Set lane l of b from one evaluation of the same rules, data, year and
 * provinces as b->ev (a draw evaluated one at a time with as_evaluate):
 * what as_evaluate_lanes would have put there. */
void as_eval_lanes_set(as_eval_lanes *b, size_t l, const as_evaluation *one);

/* Formula f for province p (an index into the rules' provinces) at year
 * in n lanes, as as_eval_formula reads values but with opts->adjust_lanes,
 * into out (the caller's v and st); b is the scratch.  Returns 0, or -1
 * when out of memory. */
int as_eval_lanes_formula(as_eval_lanes *b, const as_eval_opts *opts, size_t p, const as_formula *f,
                          int year, size_t n, as_expr_lanes *out);

/* A number of a verdict of cd (value, target or margin) as text in buf (size
 * n): with exactly cd->decimals places for the rounded-value comparison, or
 * every digit of its shortest form for the full-value comparison; shift 2
 * writes a fraction as a percentage (without the sign), 0 as is.  Returns 0,
 * or -1 when buf is too small. */
int as_eval_compared_text(const as_check_def *cd, double x, int shift, char *buf, size_t n);

#endif
