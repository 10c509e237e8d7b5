/* proposal: what the provinces propose for a five-year plan, read from
 * DIR/targets/proposals/<plan>/ (docs/targets.md): one file per province,
 * <code>.yaml or a workbook <code>.xlsx from `assess template --proposal`
 * (read through xlsxdoc.h into the same tree, so every check and message
 * serves both), and national.yaml, the national statistics the review shows
 * beside the provinces' sum.  Each file is checked against the plan's items:
 * unknown items and fields, values out of range, a path with a year missing
 * or that does not compound to its value, a missing source; every problem is
 * located (file:line:col, or file.xlsx:Sheet!D12).  Problems of one
 * province's file are kept with that province, so the others are still
 * reviewed.  Computes nothing beyond the compounding check.
 *
 * Ownership: as_proposals_load returns a heap object whose strings and
 * arrays live in its arena; as_proposals_free releases it.  The plan must
 * outlive it. */
#ifndef AS_PROPOSAL_H
#define AS_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "engine/plan.h"

/* How a proposal workbook is laid out (`assess template --proposal --xlsx`
 * writes it so): the sheet, the column of "item.field" keys and the column of
 * values (1-based). */
#define AS_PROPOSAL_SHEET "建议 Proposal"
enum { AS_PROPOSAL_KEY_COL = 1, AS_PROPOSAL_VALUE_COL = 4 };

/* The national statistics' file in a plan's proposal folder. */
#define AS_PROPOSAL_NATIONAL "national.yaml"

/* One item as a file gives it. */
typedef struct {
    bool given;              /* its section is in the file */
    bool has_value;          /* `value` holds a number (not ~) */
    double value;            /* in the item's unit */
    as_loc value_loc;        /* where `value` (or its ~) is written; line 0: absent */
    double *path;            /* per plan year (base_year + 1 ...), in the item's unit */
    unsigned char *has_path; /* per plan year: 1 when it holds a number */
    as_loc *path_locs;       /* per plan year: where it is written; line 0: absent */
    bool has_compound;       /* every year has a number: the path compounds to compound */
    double compound;         /* 1 - prod(1 - a) (reduction), prod(1 + g) - 1 (growth) */
    bool has_check;          /* a compounded path and a value to compare it with */
    double off;              /* compound - value */
    bool consistent;         /* |off| within the item's tolerance (true without a check) */
    const char *source;      /* where the figures come from */
    as_loc loc;              /* the section's key */
} as_proposal_item;

typedef struct {
    const char *file;         /* path as opened */
    size_t province;          /* index into the rule set's provinces (national.yaml: none) */
    bool illustrative;        /* the file says its figures are illustrative */
    const char *source;       /* the file's own statement of where its figures come from */
    const char *submitted_by; /* who proposes (optional) */
    as_proposal_item *items;  /* per plan item (or statistic, for national.yaml) */
    as_loc header_loc;        /* the proposal: (or national:) header */
    size_t nerrors;           /* errors found in the file */
    size_t ninconsistent;     /* of them, paths that do not compound to their value: the file is
                                 still usable (its values stand) when these are all */
} as_proposal;

typedef struct as_proposals {
    as_arena *arena;
    const as_plan *plan;
    const char *dir;           /* DIR/targets/proposals/<plan id> */
    as_proposal **proposals;   /* per rule-set province; NULL: none usable */
    as_diags *province_errors; /* per province: the problems of its file (or its absence) */
    as_diags stray;            /* files in the folder that belong to no province */
    as_proposal *national;     /* national.yaml, or NULL when absent or unusable */
    as_diags national_errors;  /* its problems */
} as_proposals;

/* Read one proposal file (YAML, or a workbook when path ends in ".xlsx") of
 * plan p, or the national statistics when national is true, into arena a.
 * expect_province: the code the file must name (NULL: any).  illustrative:
 * whether the data set is (-1: not known, not checked).  Returns 0 and *out,
 * or -1 with every problem in d; *out is then still set when the file could
 * be read (its nerrors say how many problems it has), else NULL. */
int as_proposal_load(const as_plan *p, const char *path, as_arena *a, bool national,
                     const char *expect_province, int illustrative, as_proposal **out, as_diags *d);

/* Read every proposal of plan p in data set dir (DIR/targets/proposals/<id>/,
 * a province's file missing is an error of that province) and national.yaml
 * when present.  illustrative: the data set's flag, which every file must
 * repeat.  Returns 0 and *out, or -1 with a problem in d (out of memory, or
 * no proposal folder at all). */
int as_proposals_load(const as_plan *p, const char *dir, bool illustrative, as_proposals **out,
                      as_diags *d);

void as_proposals_free(as_proposals *ps);

/* The value an item has in formulas: the five-year reduction or the final
 * level as given; for a growth, the path compounded (or the value given
 * without a path).  false: no data. */
bool as_proposal_value(const as_plan_item *it, const as_proposal_item *pi, double *out);

#endif
