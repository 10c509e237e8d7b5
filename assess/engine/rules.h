/* rules: the rule set — provinces, inputs, derived quantities, parameters,
 * targets, indicators and grading — loaded from a YAML file and the files it
 * includes, fully validated (every formula parsed and every name bound, no
 * duplicate ids, no cyclic quantities, grading that gives exactly one grade
 * for every combination of missed counts and fraud).  It does not read
 * submissions or compute anything for a province (see dataset and eval).
 *
 * Ownership: as_rules_load returns a heap as_ruleset whose every string,
 * array and parsed formula lives in its arena; as_rules_free releases it all.
 * Structures handed out are read-only views into it. */
#ifndef AS_RULES_H
#define AS_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/decimal.h"
#include "base/diag.h"
#include "engine/expr.h"
#include "base/strmap.h"
#include "input/ydoc.h"

/* What a bound name in a formula refers to (as_expr_ref.kind). */
enum {
    AS_REF_INPUT = 0,    /* index into inputs: a submitted value */
    AS_REF_QUANTITY = 1, /* index into quantities: a derived value */
    AS_REF_PARAM = 2,    /* index into params */
    AS_REF_TARGET = 3,   /* index into targets, written target.<id> */
    AS_REF_BUILTIN = 4   /* index is an as_builtin */
};

typedef enum {
    AS_BUILTIN_YEAR = 0,       /* the year being evaluated */
    AS_BUILTIN_BASE_YEAR,      /* the rule set's base year */
    AS_BUILTIN_CONTROL_MISSED, /* grading only: missed control indicators */
    AS_BUILTIN_SUPPORT_MISSED, /* grading only: missed support indicators */
    AS_BUILTIN_FRAUD,          /* grading only: 1 if fraud was found */
    AS_BUILTIN_COUNT
} as_builtin;

typedef enum { AS_KIND_CONTROL = 0, AS_KIND_SUPPORT = 1 } as_kind;
typedef enum { AS_CMP_LE, AS_CMP_LT, AS_CMP_GE, AS_CMP_GT, AS_CMP_EQ } as_cmp;
typedef enum { AS_DISPLAY_NUMBER = 0, AS_DISPLAY_PERCENT = 1 } as_display;
typedef enum { AS_PERIOD_ANNUAL = 0, AS_PERIOD_PLAN = 1 } as_period;

/* The distribution of a declared relative error (uncertainty: in rule files). */
typedef enum {
    AS_DIST_NORMAL = 0, /* value x (1 + e), e normal with 95 % of it within +-spread */
    AS_DIST_LOGNORMAL,  /* value x exp(e), e normal: median the value, 97.5 % at x (1 + spread),
                           2.5 % at x / (1 + spread); never changes the sign */
    AS_DIST_UNIFORM,    /* value x (1 + e), e uniform with 95 % of it within +-spread */
    AS_DIST_TRIANGULAR  /* value x (1 + e), e symmetric triangular, 95 % within +-spread */
} as_distribution;

/* Which values read share one draw of a declared error. */
typedef enum {
    AS_CORR_PER_PROVINCE_YEAR = 0, /* a draw per province and year (inputs' default) */
    AS_CORR_PER_PROVINCE,          /* a draw per province, shared by its years */
    AS_CORR_PER_YEAR,              /* a draw per year, shared by every province */
    AS_CORR_SHARED                 /* one draw shared by every province and year (parameters'
                                      default: an emission factor is the same quantity) */
} as_correlation;

/* A declared source of uncertainty: the relative error of one input, of the
 * inputs of one section (each input drawn on its own) or of one parameter.
 * An input's own declarations replace its section's; several declarations
 * of one input or parameter with different correlations multiply. */
typedef struct {
    int ref_kind;         /* AS_REF_INPUT (an input or a section) or AS_REF_PARAM */
    const char *name;     /* the input, section or parameter as written */
    bool section;         /* name is a section of inputs */
    size_t index;         /* the input or parameter; unused for a section */
    as_distribution dist; /* shape of the error */
    double spread;        /* half-width of the 95 % interval relative to the value, fraction
                             (0.05 = +-5 %); for lognormal see above */
    as_correlation corr;  /* which values share a draw */
    const char *source;   /* where the figure comes from, or why it is assumed */
    as_loc loc, name_loc; /* the declaration; its input / section / parameter field */
} as_uncertainty_def;

/* How a check's value is judged against its target: the two methods of
 * GB/T 8170-2008 section 4 (极限数值的判定). */
typedef enum {
    AS_JUDGE_ROUNDED =
        0, /* 修约值比较法: value and target rounded to the decimals, then compared */
    AS_JUDGE_FULL = 1 /* 全数值比较法: the unrounded value and target compared */
} as_judgement;

/* A parsed formula and where its text starts in the rule file. */
typedef struct {
    as_expr *expr;   /* parsed and bound */
    as_loc loc;      /* first character of the formula text */
    bool exact_cols; /* single-line text: offsets map to columns exactly */
} as_formula;

/* How a check follows a five-year-plan target (plan: on a check), for the
 * trajectory of every province: the check's value is evaluated for each year
 * since the base year and projected to the plan's final year. */
typedef enum {
    AS_PLAN_REDUCTION = 0, /* value = 1 - I_t / I_base: projected on log(1 - value) */
    AS_PLAN_LEVEL = 1      /* value is a level: projected on log(value) */
} as_plan_measure;

/* How the final year is projected from three or more years with a value. */
typedef enum {
    AS_PLAN_FIT = 0,    /* a least-squares line on the log scale, with a prediction interval */
    AS_PLAN_CARRIED = 1 /* the average rate from the first to the last year, carried forward */
} as_plan_projection;

typedef struct {
    bool has;                      /* the check follows a plan-period target */
    as_formula target;             /* what the value must reach by final_year, e.g. the five-
                                      year reduction target.co2_intensity_plan; check's unit */
    as_plan_measure measure;       /* how the value is projected */
    as_plan_projection projection; /* with three or more years (two: always carried) */
    int final_year;                /* the plan's final year; default the rules' last year */
    as_loc loc;                    /* the plan: field */
} as_plan_def;

typedef struct {
    const char *code;    /* GB/T 2260 code, e.g. "110000" */
    const char *name_zh; /* e.g. 北京市 */
    const char *name_en; /* e.g. Beijing */
    as_loc loc;
} as_province;

typedef struct {
    const char *id;      /* name used in formulas and submission files */
    const char *section; /* submission section holding it, e.g. "energy" */
    const char *name_zh, *name_en;
    const char *unit;        /* e.g. "10^4 tce" */
    const char *unit_zh;     /* the unit in Chinese statistical words, e.g. 万吨标准煤; NULL if
                                the rules give none */
    bool has_min, has_max;   /* whether min / max are set */
    double min, max;         /* allowed range of a submitted value, in unit */
    double index_base;       /* > 0: an index whose previous year is this (100): a growth
                                rate typed in its place (5.1 for 105.1) is named; 0: none */
    const size_t *uncertain; /* declared uncertainty: indexes into the rule set's uncertainty */
    size_t nuncertain;       /* 0: taken as exact by uncertainty analyses */
    as_loc loc;
} as_input;

typedef struct {
    const char *id;
    const char *name_zh, *name_en, *unit, *source;
    as_formula formula; /* over inputs, parameters, other quantities, year */
    as_loc loc;
} as_quantity;

typedef struct {
    double value;       /* in the parameter's unit */
    int from, to;       /* years the value may be used for, inclusive */
    const char *source; /* publication it comes from */
    as_loc loc;
} as_param_value;

typedef struct {
    const char *id;
    const char *name_zh, *name_en, *unit;
    as_param_value *values; /* non-overlapping validity periods */
    size_t nvalues;
    const size_t *uncertain; /* declared uncertainty, as for inputs */
    size_t nuncertain;
    as_loc loc;
} as_param;

typedef struct {
    const char *id; /* written target.<id> in formulas */
    const char *name_zh, *name_en, *unit;
    as_period period; /* annual: per year; plan: once per five-year plan */
    as_loc loc;
} as_target_def;

typedef struct {
    const char *name;              /* e.g. "annual": its id, in formulas, JSON and ids */
    const char *name_zh, *name_en; /* what people call it, e.g. 年度降低率; NULL: not given
                                      (outputs for people then show the name) */
    as_formula value;              /* the measured value */
    as_cmp cmp;                    /* how value is compared with target */
    as_formula target;             /* the target */
    as_loc loc;
    /* How the verdict is reached, settled at load: the check's own keys, else
     * the rule set's statement, else GB/T 8170 and the rounded-value method. */
    as_rounding rounding;             /* rule for rounding value and target */
    as_judgement judgement;           /* method; AS_JUDGE_FULL when there are no decimals */
    int decimals;                     /* places rounded to: the indicator's; -1 = none */
    bool own_rounding, own_judgement; /* stated on the check itself */
    as_loc stated_at;                 /* where its method is stated; line 0: the defaults */
    as_text judged;                   /* rule and method as a sentence, for every output: en
                                         English, tr Chinese */
    as_plan_def plan;                 /* a plan-period target the value follows, if has */
} as_check_def;

/* A plausibility check of a province's figures for the assessment year
 * (plausibility: in rule files), as quality assurance of emission
 * inventories does it: when it fails it becomes a diagnostic of its
 * severity on the province (an error makes its data invalid; a warning is
 * shown everywhere its results are), and it never changes a verdict. */
typedef enum {
    AS_PLAUS_REQUIRE = 0,  /* a formula over the figures that must hold (a part within its whole) */
    AS_PLAUS_CHANGE = 1,   /* an input's change from the previous year within a bound */
    AS_PLAUS_UNIT_SLIP = 2 /* an input about a factor (10^4, 10^-4) times the previous year's:
                              a unit slip; checked for every input, before its change */
} as_plaus_kind;

typedef struct {
    as_plaus_kind kind;
    const char *id;                /* REQUIRE: the check's id; CHANGE: the input's id */
    as_severity severity;          /* of the diagnostic it gives when it fails */
    const char *name_zh, *name_en; /* REQUIRE: what must hold, in words */
    as_formula require;            /* REQUIRE: non-zero when the figures are plausible */
    size_t input;                  /* CHANGE: index of the input */
    double max_change;             /* CHANGE: largest plausible |value / previous - 1|, fraction */
    as_loc loc;
} as_plaus_def;

typedef struct {
    const char *code;   /* province code as written */
    size_t province;    /* index into provinces */
    const char *reason; /* why the rule exempts it */
    as_loc loc;
} as_exemption;

typedef struct {
    const char *id;
    as_kind kind;
    const char *name_zh, *name_en;
    const char **departments; /* responsible departments, e.g. "NDRC" */
    size_t ndepartments;
    const char *unit;    /* e.g. "Mt CO2", "fraction" */
    const char *unit_zh; /* the unit in Chinese words, e.g. 百万吨二氧化碳; NULL if not given */
    as_display display; /* how reports show value and target */
    int decimals;       /* places of the rounded-value comparison (0-12); -1 = not given */
    const char *source;
    bool no_data_counts_met; /* false (default): "no data" counts as missed */
    as_exemption *exempt;
    size_t nexempt;
    as_check_def *checks; /* all must be met; the first gives the indicator's value */
    size_t nchecks;
    as_loc loc;
} as_indicator;

typedef struct {
    const char *id; /* e.g. "fail"; written to JSON as the grade */
    const char *name_zh, *name_en;
    as_formula when;        /* over control_missed, support_missed, fraud */
    int rectification_days; /* working days to report after notification; 0 = none */
    as_loc loc;
} as_grade_def;

typedef struct as_ruleset {
    as_arena *arena;    /* owns everything below */
    const char *path;   /* the top rule file as given */
    const char **files; /* every file read, top file first */
    size_t nfiles;
    const char *id, *title_zh, *title_en, *source;
    int year_from, year_to;             /* assessment years the rules apply to */
    int base_year;                      /* five-year-plan base year */
    int min_year_read;                  /* earliest year any formula can read */
    as_rounding rounding;               /* the rule set's rounding rule (default GB/T 8170) */
    as_judgement judgement;             /* its judgement method (default rounded value) */
    as_loc rounding_loc, judgement_loc; /* where ruleset: states them; line 0 = not stated */
    as_text judged;                     /* the statement as a sentence, for every output: en
                                           English, tr Chinese */
    as_province *provinces;
    size_t nprovinces;
    as_input *inputs;
    size_t ninputs;
    const char **sections;   /* distinct input sections, in order of first use */
    const char **section_zh; /* per section: its title from 'sections:', or NULL */
    const char **section_en; /* same, in English */
    size_t nsections;
    as_quantity *quantities;
    size_t nquantities;
    as_param *params;
    size_t nparams;
    as_target_def *targets;
    size_t ntargets;
    as_indicator *indicators;
    size_t nindicators;
    size_t ncontrol, nsupport; /* indicators of each kind */
    as_grade_def *grades;
    size_t ngrades;
    const as_grade_def **grade_table; /* the grade of every (fraud, control_missed,
                                         support_missed) within the indicator counts, worked
                                         out at load; see as_rules_grade */
    const char *grading_source;
    as_uncertainty_def *uncertainty; /* declared uncertainty, in rule-file order */
    size_t nuncertainty;             /* 0: the rules declare none */
    const char *uncertainty_source;  /* the uncertainty: block's own source, or NULL */
    as_loc uncertainty_loc;          /* where it is; line 0 = none */
    size_t nplans;                   /* checks with a plan: (trajectory) */
    as_plaus_def *plausibility;      /* plausibility checks: require, then change, in file order */
    size_t nplausibility;
    const char *plausibility_source; /* the plausibility: block's source, or NULL */
    double *slip_factors;            /* unit slips: ratios to the previous year that look like
                                        one (e.g. 10000, 0.0001); none: not checked */
    size_t nslip_factors;
    double slip_within;        /* "about": a ratio within factor / slip_within .. factor x it */
    as_severity slip_severity; /* of a unit slip's diagnostic */
    as_strmap province_map, input_map, target_map; /* id -> index */
} as_ruleset;

/* Load, validate and bind the rule file at path and everything it includes.
 * Returns 0 and sets *out, or -1 with every problem found added to d (and
 * *out NULL).  Never prints. */
int as_rules_load(const char *path, as_ruleset **out, as_diags *d);

/* Free a rule set; NULL is ok. */
void as_rules_free(as_ruleset *r);

/* The unit of an input as messages name it, English first for the English
 * message, "10^4 tce (万吨标准煤)", or Chinese first for the translation,
 * "万吨标准煤（10^4 tce）" (zh_first), in buf of size n; returns buf, or the
 * input's own unit text when it has no other name.  A message takes both as
 * two arguments: its English format prints the first and swallows the second
 * ("in %s%.0s"), its translation the reverse ("%3$.0s%4$s"). */
const char *as_input_unit_text(const as_input *in, bool zh_first, char *buf, size_t n);

/* Index lookups; return 0 and set *idx, or -1 if absent. */
int as_rules_province(const as_ruleset *r, const char *code, size_t *idx);
int as_rules_input(const as_ruleset *r, const char *id, size_t *idx);
int as_rules_target(const as_ruleset *r, const char *id, size_t *idx);

/* The grade for a combination, or NULL (cannot happen for a loaded rule set). */
const as_grade_def *as_rules_grade(const as_ruleset *r, int control_missed, int support_missed,
                                   bool fraud);

/* The value of parameter p valid in year, or NULL if none is. */
const as_param_value *as_rules_param_value(const as_param *p, int year);

/* Parse the formula held by m[key] (what names m in messages) into f, in
 * arena a: its expression (unbound), where its text starts and whether its
 * offsets map to columns.  Returns 0, or -1 after a located error (the key
 * missing, not text, the parser's message at its place).  Rule files and
 * plan files (plan.h) read their formulas so. */
int as_formula_read(as_ydoc *y, yaml_node_t *m, const char *key, const char *what, as_arena *a,
                    as_formula *f, as_diags *d);

/* Read m's "id" (what names m in messages) into *out, in arena a: letters,
 * digits and '_', not starting with a digit, and not a word formulas
 * reserve (and, if, base, ...) nor also (NULL: none).  Returns 0, or -1
 * after a located error.  Rule files and plan files (plan.h) read ids so. */
int as_rules_read_id(as_ydoc *y, yaml_node_t *m, const char *what, const char *also, as_arena *a,
                     const char **out, as_diags *d);

/* Location of byte offset off inside a formula's text. */
as_loc as_formula_loc(const as_formula *f, size_t off);

/* Text forms used by every output: "control"/"support", "<=", ... */
const char *as_kind_name(as_kind k);
const char *as_cmp_text(as_cmp c);

/* "rounded_value" / "full_value": the method's name in rule files and JSON. */
const char *as_judgement_name(as_judgement j);

/* Names in rule files and JSON: "normal", ...; "per_province_year", ...;
 * "reduction" / "level". */
const char *as_distribution_name(as_distribution d);
const char *as_correlation_name(as_correlation c);
const char *as_plan_measure_name(as_plan_measure m);

/* True when check cd is judged otherwise than the rule set states: its own
 * rounding or judgement, or no decimals to round to.  Outputs that state the
 * rule set's method once list these checks beside it. */
bool as_rules_own_method(const as_ruleset *r, const as_check_def *cd);

/* "require", "change", "unit_slip": a plausibility check's kind in rule files and JSON. */
const char *as_plaus_kind_name(as_plaus_kind k);

/* Name of a bound reference as written in formulas (e.g. "target.coal_cap"). */
const char *as_rules_ref_name(const as_ruleset *r, int kind, size_t index);

#endif
