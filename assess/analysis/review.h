/* review: the target review of a five-year plan (上下结合), as the plan file
 * states it.  For each province: its base-year figures (read through the
 * engine: an input as submitted, a quantity as the rule set computes it),
 * its proposal's items, whether each path compounds to its value, each item
 * beside its tier's level and the tier's other proposals, the plan's
 * per-province figures and its share of the national effort.  For the
 * provinces together: every national figure of the plan, each name summed
 * over the provinces that have every figure the formula reads, beside its
 * goal and, where the plan says how, the same figure from national
 * statistics.  Where a goal is missed, the adjustment the plan states closes
 * the gap: the smallest amount by which the rule moves the proposals for the
 * figure to reach its goal, found with GSL's Brent solver (analysis/root.h),
 * each adjustment in the plan's order with the earlier ones applied.  It
 * restates no formula: every number comes from the plan's formulas.  Never
 * prints.
 *
 * Ownership: as_review_run returns a heap review whose arrays live in its
 * arena; as_review_free releases it.  The plan, data set and proposals must
 * outlive it (the review points into them). */
#ifndef AS_ANALYSIS_REVIEW_H
#define AS_ANALYSIS_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/text.h"
#include "engine/dataset.h"
#include "engine/plan.h"
#include "engine/proposal.h"

/* One item of one province's proposal, reviewed. */
typedef struct {
    bool has_value;      /* the value formulas read (as_proposal_value) */
    double value;        /* in the item's unit */
    bool has_path_check; /* a complete path and a value to compare it with */
    double compound;     /* what the path compounds to */
    double off;          /* compound - value */
    bool consistent;     /* |off| within the item's tolerance (true without a check) */
    bool has_level;      /* the province's tier gives a level for the item */
    double level;        /* that level */
    double vs_level;     /* value - level: how far above (+) or below (-) its tier's level */
    double adjusted;     /* the value after every adjustment (= value when none moved it) */
    int moved;           /* +1 / -1: an adjustment moved it up / down (toward the stricter
                            side); 0: as proposed */
    double adjusted_path[AS_PLAN_MAX_YEARS]; /* each year's value after adjustment, scaled so
                                                  the path compounds to adjusted */
    bool has_adjusted_path;                  /* adjusted_path is set */
} as_review_item;

/* What stops a province from entering the national figures. */
typedef enum {
    AS_REVIEW_OK = 0,      /* its proposal and base-year figures were read */
    AS_REVIEW_NO_PROPOSAL, /* no usable proposal: missing, or its file has errors */
    AS_REVIEW_BAD_BASE     /* its base-year submission has errors */
} as_review_state;

typedef struct {
    size_t province;         /* index into the rule set's provinces */
    as_review_state state;   /* whether it can be reviewed */
    bool inconsistent;       /* a path does not compound to its value */
    size_t tier;             /* index into the plan's tiers; SIZE_MAX: none */
    as_review_item *items;   /* per plan item */
    double *base;            /* per plan base name (base.<id>), in the rule set's unit */
    unsigned char *has_base; /* per base name: 1 when it has a value */
    double *q, *qa;          /* per plan province figure: as proposed, as adjusted */
    unsigned char *has_q;    /* per province figure: 1 when computable */
    const char **q_missing;  /* per province figure: the name without data, or NULL */
    bool has_share;          /* the plan names an effort figure and it is computable */
    double share;            /* this province's part of the national effort, fraction */
} as_review_province;

typedef struct {
    const as_plan_figure *def;
    unsigned char *included; /* per province: summed in this figure */
    size_t nincluded;        /* provinces summed; 0 also for a figure of national statistics
                                alone */
    bool has_value;          /* the provinces summed, as proposed */
    double value;            /* in the figure's unit */
    as_text error;           /* why the figure or its goal could not be computed; en NULL:
                                it could */
    bool has_national;       /* the same figure from national statistics */
    double national;
    bool has_goal;              /* its goal could be computed */
    double goal, adjusted_goal; /* the goal as proposed and after adjustment (a goal may read
                                   the proposals) */
    double gap;                 /* value - goal for >= and >, goal - value for <= and <: below
                                   0 the goal is missed by that much */
    bool met;                   /* the goal is met (full values) */
    double adjusted;            /* after every adjustment */
    double adjusted_gap;
    bool adjusted_met;
} as_review_figure;

typedef struct {
    const as_plan_adjustment *def;
    bool needed;       /* its figure missed the goal before it (the earlier ones applied) */
    bool solved;       /* it closed the gap */
    double amount;     /* by how much the rule moved the proposals: the item's unit (distance:
                          times the distance to the tier's level); 0 when not needed */
    double gap_before; /* the figure's gap before it */
    double gap_after;  /* and after it */
    as_text error;     /* why it could not close the gap; en NULL: it closed it or was not
                          needed */
} as_review_adjustment;

/* The proposals of one tier, per item: over its members with a value. */
typedef struct {
    size_t *n; /* per item: members with a value */
    double *mean, *min, *max;
} as_review_tier;

typedef struct as_review {
    as_arena *arena;
    const as_plan *plan;
    const as_dataset *base; /* the data set loaded for the base year */
    const as_proposals *proposals;
    as_review_province *provinces; /* rule-set order */
    size_t nprovinces;
    size_t nusable;                    /* provinces whose state is AS_REVIEW_OK */
    size_t ninconsistent;              /* provinces with a path that does not compound */
    as_review_figure *figures;         /* per national figure */
    as_review_adjustment *adjustments; /* per adjustment */
    as_review_tier *tiers;             /* per tier */
    double *stats;                     /* per national statistic, its value */
    unsigned char *has_stat;           /* 1 when the national file gives it */
    size_t first_short;                /* the first figure that misses its goal; SIZE_MAX: none */
} as_review;

/* Review plan p's proposals ps against the base-year figures of data set
 * base (loaded for p->base_year under p->rules).  Returns 0 and *out, or -1
 * with a problem in d (out of memory).  Provinces whose files have errors
 * are reviewed as far as they can be and left out of the national figures. */
int as_review_run(const as_plan *p, const as_dataset *base, const as_proposals *ps, as_review **out,
                  as_diags *d);

void as_review_free(as_review *rv);

#endif
