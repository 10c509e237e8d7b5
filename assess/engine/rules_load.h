/* rules_load: what the files of the rule-set loader share, and no other
 * module includes: its state and its helpers.  rules.c loads (the two
 * phases in order) and answers queries; rules_read.c reads each file (phase
 * 1: its sections, following include:); rules_quality.c reads and resolves
 * what the rules declare about the figures themselves (plausibility checks,
 * uncertainty); rules_bind.c builds the name tables and binds every formula
 * (phase 2), checks quantities for cycles and the grading for coverage.
 *
 * Ownership: everything a loader makes lives in the rule set's arena. */
#ifndef AS_RULES_LOAD_H
#define AS_RULES_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/rules.h"
#include "base/strmap.h"
#include "input/ydoc.h"

enum { MAX_INCLUDE_DEPTH = 8, MAX_FILES = 256, MAX_ITEMS = 100000, MAX_PROVINCE_NAME = 64 };

/* A title given to an input section (sections:). */
typedef struct {
    const char *id, *name_zh, *name_en;
    as_loc loc;
} section_title;

/* Loader state shared by both phases. */
typedef struct {
    as_ruleset *r;         /* being built */
    as_diags *d;           /* where problems go */
    section_title *titles; /* in the rule set's arena */
    size_t ntitles;
    size_t cap_prov, cap_in, cap_q, cap_p, cap_t, cap_ind, cap_g, cap_files, cap_titles, cap_plaus;
    bool have_ruleset;      /* a ruleset: block was seen */
    bool have_grading;      /* a grading: block was seen */
    bool have_plausibility; /* a plausibility: block was seen */
    size_t cap_unc;         /* capacity of r->uncertainty */
    bool unreadable;        /* a file could not be read or parsed: names may be missing */
    bool full;              /* a list reached MAX_ITEMS: the rest of it is not read */
    bool too_many_files;    /* MAX_FILES were read: the rest are not */
    as_loc grading_loc;
    const char *stack[MAX_INCLUDE_DEPTH + 1]; /* files being read, for cycles */
    int depth;
} loader;

/* Phase 2's name table: input, quantity and parameter ids. */
typedef struct {
    loader *L;
    as_strmap names; /* input/quantity/parameter id -> index * 4 + kind */
} binder;

/* A combination of missed counts and fraud the grading is evaluated for. */
typedef struct {
    int control_missed, support_missed, fraud;
} grade_case;

/* Reads one item of a list (each_item). */
typedef int (*item_fn)(loader *L, as_ydoc *y, yaml_node_t *item);

/* Names of the built-in references, by as_builtin. */
extern const char *const as_rload_builtin_names[AS_BUILTIN_COUNT];

/* A new zeroed slot at the end of an arena array (arr, n, cap), or NULL. */
#define PUSH(L, arr, n, cap) as_rload_push((L), (void **)&(arr), &(n), &(cap), sizeof *(arr))

/* --- rules_read.c: phase 1 ----------------------------------------------- */

/* Read the rule file at path into L->r, and every file it includes;
 * from is where it is included (line 0: the top file). */
void as_rload_load_file(loader *L, const char *path, as_loc from);

/* Report running out of memory, or nothing when a full list is the reason
 * (each_item says that once). */
void as_rload_oom(loader *L, as_loc loc);

/* Make room for one more element in an arena array; returns the new slot
 * (zeroed) or NULL when out of memory or over MAX_ITEMS (L->full set). */
void *as_rload_push(loader *L, void **items, size_t *n, size_t *cap, size_t size);

/* Read an id field and check it is a usable name. */
int as_rload_get_id(loader *L, as_ydoc *y, yaml_node_t *m, const char *what, const char **out);

/* m[key] as text copied into the rule set (absent: an error when
 * required, else *out NULL).  0, or -1 after reporting. */
int as_rload_get_text(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                      bool required, const char **out);

/* Parse the formula held by m[key]. */
int as_rload_get_formula(loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                         as_formula *f);

/* m[key], one of the n names (its index in *out, left alone when the key is
 * absent and not required); "unknown KEY 'x': use 'a', 'b' or 'c'" else. */
int as_rload_read_choice(loader *L, as_ydoc *y, yaml_node_t *m, const char *key,
                         const char *const *names, size_t n, const char *what, bool required,
                         int *out);

/* fn for every item of list (the value of key), each a mapping of what;
 * past MAX_ITEMS one error, and the rest is not read. */
void as_rload_each_item(loader *L, as_ydoc *y, yaml_node_t *list, const char *key, const char *what,
                        item_fn fn);

/* --- rules_quality.c: plausibility and uncertainty -------------------------- */

/* The plausibility: and uncertainty: blocks of a file (phase 1). */
void as_rload_read_plausibility(loader *L, as_ydoc *y, yaml_node_t *m);
void as_rload_read_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m);

/* Bind each change bound to its input (phase 2). */
void as_rload_resolve_plausibility(loader *L);

/* Bind every declaration to its input, section or parameter, refuse one
 * given twice with the same correlation, and list on each input and
 * parameter the declarations that apply to it (phase 2). */
void as_rload_resolve_uncertainty(binder *B);

/* --- rules_bind.c: phase 2 -------------------------------------------------- */

/* The id maps (provinces, inputs, targets) and the name table of B. */
void as_rload_build_maps(binder *B);

/* The distinct input sections in order of first use, with their titles. */
void as_rload_build_sections(loader *L);

/* Bind every name of every formula. */
void as_rload_bind_all(binder *B);

/* Settle each plan's final year (the rules' last year unless stated) and
 * count the checks with a plan. */
void as_rload_resolve_plans(loader *L);

/* Each exemption's province. */
void as_rload_resolve_exemptions(loader *L);

/* Settle each check's rounding, method and decimals; a rounded-value
 * comparison that the rule file states needs decimals to round to. */
void as_rload_resolve_judgements(loader *L);

/* Refuse quantities that read themselves, directly or not. */
void as_rload_check_cycles(loader *L);

/* Refuse grading that gives no grade, or two, for some combination. */
void as_rload_check_coverage(loader *L);

/* 1 if grade applies to the case, 0 if not, -1 if its condition cannot be
 * evaluated (why goes into fail when fail is not NULL, its message made in
 * arena a when a is not NULL). */
int as_rload_grade_applies(const as_grade_def *g, const grade_case *c, as_arena *a,
                           as_expr_fail *fail);

#endif
