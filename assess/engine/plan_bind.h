/* plan_bind: the second phase of loading a plan file: the rule set it names,
 * every formula name bound, the effort figure, the approvals, the tiers and
 * the adjustments checked against what they refer to.  Internal to plan.c
 * and plan_bind.c: the loader's state and the helpers both phases use (each
 * reports a located error and returns -1 on a bad field). */
#ifndef AS_PLAN_BIND_H
#define AS_PLAN_BIND_H

#include "engine/plan.h"
#include "input/ydoc.h"

enum { AS_PLAN_MAX_ITEMS = 1000 }; /* entries of any list of a plan file */

/* The loader's state while one plan file is read. */
typedef struct {
    as_plan *p;                       /* being built */
    as_diags *d;                      /* where problems go */
    as_loc rules_loc;                 /* the plan: rules: field */
    const char *effort_id;            /* effort: as written, or NULL */
    as_loc effort_loc;                /* where */
    yaml_node_t *tiers, *adjustments; /* read in phase 2, once the provinces are known */
} plan_loader;

/* n zeroed elements of size bytes in the plan's arena (at least one), or
 * NULL after reporting out of memory. */
void *as_plan_alloc(plan_loader *L, size_t n, size_t size);

/* m[key] as text in the plan's arena (absent and not required: *out left). */
int as_plan_text(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                 bool required, const char **out);

/* m[key], one of the NULL-terminated names: its index in *out (left alone
 * when absent and not required). */
int as_plan_choice(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *key,
                   const char *const *names, const char *what, bool required, int *out);

/* Parse the formula m[key] into f (required). */
int as_plan_formula(plan_loader *L, as_ydoc *y, yaml_node_t *m, const char *key, const char *what,
                    as_formula *f);

/* rel read from the folder of file from (rel itself when absolute), in a. */
const char *as_plan_relative(as_arena *a, const char *from, const char *rel);

/* Phase 2 (see above), with the plan file's tree y still loaded. */
void as_plan_resolve(plan_loader *L, as_ydoc *y);

#endif
