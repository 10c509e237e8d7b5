/* breakeven: what it would take.  For every check of one province's
 * evaluation, met or missed, the value of each input the check reads for the
 * assessment year at which its verdict flips, every other figure held fixed.
 * Each value is found with GSL's Brent root finder on the check's own
 * formulas evaluated by the engine (as_evaluate with the what-if hook of
 * as_eval_opts, reading the input as the value tried), so it holds for any
 * formula of any rule file; no formula is repeated here.  The function Brent
 * solves is the check's margin against the number its method compares with
 * (for the rounded-value comparison the rounded target less or plus half a
 * unit of its last decimal), and the engine's own verdict settles the last
 * digits, so the value found is met and one step beyond it is not.
 * Analysis above the engine: never prints, never exits.
 *
 * Ownership: as_breakeven_new returns a heap object whose arrays live in its
 * arena; as_breakeven_free releases it.  The rule set and data set must
 * outlive it. */
#ifndef AS_ANALYSIS_BREAKEVEN_H
#define AS_ANALYSIS_BREAKEVEN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "engine/eval.h"

/* On which side of a break-even value the check is met. */
typedef enum {
    AS_BE_AT_MOST = 0,  /* met while the input is at most the value */
    AS_BE_AT_LEAST = 1, /* met while it is at least the value */
    AS_BE_EXACTLY = 2   /* met only at the value (an equality judged on full values) */
} as_be_side;

typedef struct {
    as_be_side side;
    double value; /* the last value on the met side, in the input's unit: met there, missed a
                     step beyond it (to within a few units of the last binary digit) */
    double shown; /* value at the decimals of the figure as reported, rounded toward the met
                     side (so it is met too) */
    int decimals; /* places of shown */
} as_be_bound;

/* Why an input has no break-even. */
typedef enum {
    AS_BE_FOUND = 0, /* bounds holds one or two values */
    AS_BE_NONE = 1,  /* no value within [lo, hi] changes the verdict */
    AS_BE_FAILED = 2 /* the check could not be evaluated near the break-even (why says why) */
} as_be_result;

typedef struct {
    size_t input;          /* index of the input in the rule set */
    int year;              /* the year of the figure: the assessment year */
    double now;            /* the figure as read */
    int decimals;          /* places the figure is written with (its shortest form) */
    as_be_result result;   /* found, none, or failed */
    as_be_bound bounds[2]; /* the nearest flip below now and above it, those that exist;
                              met: both bound the met range; missed: either meets it */
    size_t nbounds;
    double lo, hi;      /* the range looked in: the input's min and max, else -+ the power
                           of ten at or above a million times the figure (at least 1) */
    const char *why;    /* AS_BE_FAILED: the evaluation's reason, English; else NULL */
    size_t evaluations; /* evaluations of the province it took */
} as_be_input;

typedef struct {
    size_t indicator, check;   /* indexes in the rule set and in the indicator */
    const as_check_result *cr; /* the check as evaluated (of the evaluation passed in) */
    bool computed;             /* met or missed and not exempt: inputs were looked at */
    as_be_input *inputs;       /* each input it reads for the assessment year, in the
                                  order of its calculation trail */
    size_t ninputs;
} as_be_check;

typedef struct as_breakeven {
    as_arena *arena;
    size_t province;     /* its index in the rule set */
    as_be_check *checks; /* every check of every indicator, in rule-file order */
    size_t nchecks;
    size_t evaluations; /* of the province, all checks */
} as_breakeven;

/* Work out the break-even values of province pr of evaluation ev (made
 * with a calculation trail, e.g. as `assess check` evaluates), evaluating
 * with opts (its verified figures and findings; only, adjust and no_trace
 * are set here).  Returns 0 and *out, or -1 with the problem in d (out of
 * memory, or a year the evaluation cannot be repeated for). */
int as_breakeven_new(const as_evaluation *ev, const as_province_result *pr,
                     const as_eval_opts *opts, as_breakeven **out, as_diags *d);

void as_breakeven_free(as_breakeven *b);

/* "at_most", "at_least", "exactly"; "found", "none", "failed". */
const char *as_be_side_name(as_be_side s);
const char *as_be_result_name(as_be_result r);

#endif
