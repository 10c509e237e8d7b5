/* plan: the rules of a five-year plan's target review (上下结合: provinces
 * propose, the centre checks the sum against the national goals and
 * adjusts), loaded from a plan file such as rules/plans/15fyp.yaml: what a
 * province's proposal holds (its targets and the planning assumptions they
 * rest on), the figures computed for each province and for the provinces
 * together, the national goals with their sources, the tiers of comparable
 * provinces and the rules that close a gap.  Every formula, goal, tier and
 * rule is data here; plan.c only reads, validates and binds them (see
 * docs/targets.md).  Reading proposals is proposal.h's business, computing
 * the review analysis/review.h's.
 *
 * Ownership: as_plan_load returns a heap plan whose strings, arrays and
 * parsed formulas live in its arena, and which owns the rule set it names;
 * as_plan_free releases both. */
#ifndef AS_PLAN_H
#define AS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "engine/rules.h"

#define AS_PLAN_MAX_YEARS 10 /* years from a plan's base year to its final year, at most */

/* A proposal item is a target the province proposes or a planning
 * assumption it rests on. */
typedef enum { AS_ITEM_TARGET = 0, AS_ITEM_ASSUMPTION = 1 } as_item_kind;

/* What an item's value means, and how its yearly path compounds to it. */
typedef enum {
    AS_MEASURE_REDUCTION = 0, /* a reduction over the plan (0.17 = -17 % in the final year against
                                 the base year); yearly values compound as 1 - prod(1 - a_y) */
    AS_MEASURE_GROWTH = 1,    /* a growth rate; yearly values compound as prod(1 + g_y) - 1, and
                                 the value in formulas is that cumulative growth */
    AS_MEASURE_LEVEL = 2      /* a level in the final year (a share, a cap): no path */
} as_item_measure;

/* Whether an item's yearly values (y2026 ... y2030) may or must be given. */
typedef enum { AS_PATH_NONE = 0, AS_PATH_OPTIONAL = 1, AS_PATH_REQUIRED = 2 } as_path_rule;

/* One item of a proposal (or of the national statistics): a section of the
 * proposal file holding `value`, the yearly values `y<year>` and `source`. */
typedef struct {
    const char *id; /* section name in proposals, name in formulas */
    as_item_kind kind;
    as_item_measure measure;
    as_path_rule path;
    const char *name_zh, *name_en;
    const char *unit;         /* e.g. "fraction", "10^4 tce" */
    const char *unit_zh;      /* the unit in Chinese, or NULL */
    as_display display;       /* number or percent, as reports show it */
    int decimals;             /* places shown, in the unit (4: 0.01 pp of a fraction); -1: all */
    bool has_min, has_max;    /* whether min / max are set */
    double min, max;          /* allowed range of the value and of each year's value, in unit */
    double tolerance;         /* a path must compound to the value within this, in unit */
    bool required;            /* a proposal must give it (default true) */
    const char *approves[3];  /* rule-set target ids the approved targets give it, by
                                 AS_APPROVE_*; NULL: none */
    size_t approve_target[3]; /* their indexes in the rule set's targets */
    as_loc approves_loc;      /* the approves: mapping, or line 0 */
    as_loc loc;
} as_plan_item;

/* Which value of an item an approved target takes. */
enum {
    AS_APPROVE_PLAN = 0,   /* the five-year value, for every year of the plan (period: plan) */
    AS_APPROVE_ANNUAL = 1, /* each year's value of the path, for that year (period: annual) */
    AS_APPROVE_FINAL = 2   /* the value, for the final year only (period: annual) */
};

/* A figure of one province computed from its base-year figures and its
 * proposal (province: in the plan file). */
typedef struct {
    const char *id;
    const char *name_zh, *name_en, *unit;
    as_display display;
    int decimals;       /* places shown; -1: all */
    as_formula formula; /* over items, base.<name> and earlier figures */
    as_loc loc;
} as_plan_quantity;

/* A figure of the provinces together (national: in the plan file).  In its
 * formulas a per-province name stands for its sum over the provinces that
 * have every figure the formula reads; national.<id> is a national
 * statistic. */
typedef struct {
    const char *id;
    const char *name_zh, *name_en, *unit, *source;
    as_display display;
    int decimals;            /* places shown; -1: all */
    as_formula formula;      /* the provinces summed */
    bool has_goal;           /* a national goal to meet */
    as_formula goal;         /* the goal (a number or a formula like formula's) */
    as_cmp cmp;              /* value <cmp> goal meets it */
    const char *goal_source; /* where the goal comes from */
    bool has_national;       /* the same figure from national statistics */
    as_formula national;     /* its formula */
    as_loc loc;
} as_plan_figure;

/* A group of comparable provinces (the 13th FYP annex grouped them by GDP
 * per capita and development), with each item's reference level. */
typedef struct {
    const char *id;
    const char *name_zh, *name_en;
    double weight;            /* share of an adjustment by tier (1: the full uplift) */
    double *level;            /* per plan item: the tier's level, in the item's unit */
    unsigned char *has_level; /* per plan item: 1 when given */
    as_loc loc;
} as_plan_tier;

typedef enum {
    AS_ADJUST_UNIFORM = 0, /* every proposal moves by the same amount */
    AS_ADJUST_BY_TIER = 1, /* each by the amount times its tier's weight */
    AS_ADJUST_DISTANCE = 2 /* each by the amount times its distance from its tier's level
                              (proposals already at or beyond it do not move) */
} as_adjust_rule;

/* How the gap to one national goal is closed. */
typedef struct {
    size_t figure; /* the national figure whose goal it closes */
    size_t item;   /* the proposal item it moves */
    as_adjust_rule rule;
    int direction;      /* +1: proposals move up (goal >= / >), -1: down (<= / <) */
    double max;         /* largest amount searched (item's unit; distance: times the distance) */
    const char *source; /* why this rule */
    as_loc loc;
} as_plan_adjustment;

/* What a name in a plan formula refers to (as_expr_ref.kind). */
enum {
    AS_PREF_ITEM = 0,     /* index into items: the proposal's value */
    AS_PREF_QUANTITY = 1, /* index into quantities */
    AS_PREF_BASE = 2,     /* index into bases: a rule-set name read at the base year */
    AS_PREF_NATIONAL = 3  /* index into stats: a national statistic */
};

/* An input or quantity of the rule set read at the base year (base.<id>). */
typedef struct {
    const char *id; /* as written after "base." */
    int ref_kind;   /* AS_REF_INPUT or AS_REF_QUANTITY */
    size_t index;   /* in the rule set's inputs or quantities */
} as_plan_base;

typedef struct as_plan {
    as_arena *arena;
    const char *path;       /* the plan file as given */
    as_ruleset *rules;      /* the rule set it names, owned */
    const char *rules_path; /* that rule file's path, relative to the plan file resolved */
    const char *id;         /* e.g. "15fyp": proposals are in DIR/targets/proposals/<id>/ */
    const char *title_zh, *title_en, *source;
    const char *approved_by;   /* who approves the targets the review derives */
    int base_year, final_year; /* the plan runs base_year + 1 .. final_year */
    as_plan_item *items;       /* what a proposal holds, in file order */
    size_t nitems;
    as_plan_item *stats; /* national statistics the data set may give (national.yaml) */
    size_t nstats;
    as_plan_quantity *quantities; /* per-province figures, in order (each reads earlier ones) */
    size_t nquantities;
    as_plan_figure *figures; /* national figures, in order */
    size_t nfigures;
    as_plan_base *bases; /* rule-set names the formulas read at the base year */
    size_t nbases;
    bool has_effort; /* a quantity measures each province's share of the national effort */
    size_t effort;   /* that quantity */
    const char *tiers_basis_zh, *tiers_basis_en; /* what the tiers group by */
    const char *tiers_source;                    /* where they come from */
    as_plan_tier *tiers;
    size_t ntiers;
    size_t *tier_of; /* per rule-set province: its tier */
    as_plan_adjustment *adjustments;
    size_t nadjustments;
} as_plan;

/* Load, validate and bind the plan file at path and the rule set it names
 * (`plan: rules:`, relative to the plan file).  Returns 0 and *out, or -1
 * with every problem found in d (and *out NULL).  Never prints. */
int as_plan_load(const char *path, as_plan **out, as_diags *d);

/* Free a plan and its rule set; NULL is ok. */
void as_plan_free(as_plan *p);

/* The index of item id in items (n of them); 0 and *idx, or -1. */
int as_plan_find_item(const as_plan_item *items, size_t n, const char *id, size_t *idx);

/* What an item's yearly values compound to (reduction: 1 - prod(1 - a);
 * growth: prod(1 + g) - 1), over the n years of path.  Returns false when a
 * year has no value (has[y] 0) or the measure has no path. */
bool as_plan_compound(const as_plan_item *it, const double *path, const unsigned char *has,
                      size_t n, double *out);

/* The item a one-item view of the review shows (the province table, the
 * chart): the first adjustment's, else the first target; SIZE_MAX: none. */
size_t as_plan_lead_item(const as_plan *p);

/* Years of the plan's path: base_year + 1 .. final_year. */
size_t as_plan_years(const as_plan *p);

/* Names in plan files and JSON: "target" / "assumption"; "reduction",
 * "growth", "level"; "uniform", "by_tier", "distance". */
const char *as_item_kind_name(as_item_kind k);
const char *as_item_measure_name(as_item_measure m);
const char *as_adjust_rule_name(as_adjust_rule r);

/* "plan", "annual", "final": an approval's name in plan files. */
const char *as_approve_name(int which);

#endif
