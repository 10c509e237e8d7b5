/* dataset: one evaluation's data — submissions by year (reported, and
 * verified where the departments gave figures), approved targets, on-site
 * verification findings and the notification date — read from a folder laid
 * out as docs/data-format.md describes, against a loaded rule set.
 * Problems with one province's files are kept with that province so the rest
 * of a batch can still be graded; problems with shared files (dataset.yaml,
 * targets, findings) fail the whole load; files that belong to no province
 * are reported apart and fail nothing.  Computes nothing.
 *
 * Ownership: as_dataset_load returns a heap object whose strings and arrays
 * live in its arena; as_dataset_free releases everything.  The rule set must
 * outlive the data set. */
#ifndef AS_DATASET_H
#define AS_DATASET_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/diag.h"
#include "engine/rules.h"

/* How a workbook submission is laid out (`assess template --xlsx` writes it
 * so): the sheet holding the fields, the column of "section.field" keys and
 * the column of values (1-based: A = 1). */
#define AS_SUBMISSION_SHEET "填报 Inputs"
enum { AS_SUBMISSION_KEY_COL = 1, AS_SUBMISSION_VALUE_COL = 4 };

/* One submission file: the values of one province for one year at one stage. */
typedef struct {
    const char *file;        /* path as opened */
    size_t province;         /* index into the rule set's provinces */
    int year;                /* the year the figures describe */
    bool verified;           /* false: self-reported; true: verified by departments */
    bool illustrative;       /* the file says its figures are illustrative */
    const char *source;      /* the file's own statement of where figures come from */
    const char *verified_by; /* verified files: the departments */
    const char *rules_id;    /* the rule set the file says it was made for, or NULL */
    double *values;          /* per rule-set input, in the input's unit */
    unsigned char *has;      /* per input: 1 if a value was given, 0 = no data */
    unsigned char *unread;   /* per input: 1 when a figure was given that could not be read
                                (as_submission_load_partial; its error was said): no data */
    as_loc *locs;            /* per input: where the value (or its ~) was written; line 0:
                                the field is absent */
    as_loc header_loc;       /* the submission: header */
    as_loc year_loc;         /* its year (a workbook's year cell) */
} as_submission;

typedef struct {
    bool fraud;           /* data fraud found in on-site verification */
    const char *summary;  /* what was found */
    const char *found_by; /* who found it */
    as_loc loc;           /* where the finding is recorded */
} as_finding;

typedef struct as_dataset {
    as_arena *arena;
    const as_ruleset *rules;
    const char *dir;               /* the data-set folder as given; NULL for a data set of
                                      files named one by one (as_dataset_load_files) */
    const char *name_zh, *name_en; /* from dataset.yaml */
    const char *source;            /* how the data were made */
    const char *notice;            /* illustrative-data notice for reports, or NULL */
    bool illustrative;             /* figures are not real */
    int year;                      /* assessment year loaded */
    int first_year;                /* earliest year loaded (years first_year..year) */
    int nyears;                    /* year - first_year + 1 */
    bool has_notified;             /* dataset.yaml gives a notification date for year */
    as_date notified;              /* that date */
    as_loc notified_loc;           /* where it is written */
    /* Per province p and year y, index p * nyears + (y - first_year): */
    as_submission **reported;    /* NULL: no file */
    as_submission **verified;    /* NULL: no verified figures */
    const char **reported_files; /* the reported file read or looked for (NULL: none) */
    /* Per province: problems with its files (a province with any is invalid). */
    as_diags *province_errors;
    /* Files in the year folders read that belong to no province (see
     * as_dataset_stray_files): never read, and no reason to stop grading. */
    as_diags stray;
    /* Per province p and target t, index p * ntargets + t: */
    double *target_values;     /* approved value, in the target's unit */
    unsigned char *target_has; /* 1 if approved */
    as_loc *target_locs;       /* where it was given */
    as_finding *findings;      /* per province; fraud false when none */
    const char **target_files; /* target files that apply to year */
    size_t ntarget_files;
} as_dataset;

/* Load the data set in dir for assessment year `year` under rules r: years
 * from min(base year, earliest absolute year in a formula, year - 1) to year.
 * Returns 0 and *out, or -1 with data-set-level problems in d.  Problems in
 * one province's submissions do not fail the load; they are in
 * (*out)->province_errors[p].
 *
 * Cost: every call reads each of its years again; nothing is kept between
 * calls.  A run over several years (evaluate --year 2026-2030, base year
 * 2025) therefore reads 2 + 3 + 4 + 5 + 6 = 20 year folders for 6 distinct
 * ones: with the sample's 31 provinces, 620 submission files instead of 186,
 * and loading is 91 % of the run's 397 million instructions (reading
 * submissions 242 million; counted with callgrind).  Keeping the earlier years'
 * submissions (and their diagnostics) for the run would save about 170
 * million of them, 43 %; a run of one year, the usual case, reads each file
 * once. */
int as_dataset_load(const as_ruleset *r, const char *dir, int year, as_dataset **out, as_diags *d);

/* A data set made of files named one by one, for `assess check` of a
 * submission that lies in no data-set folder: the approved targets of the
 * targets files (each as in DIR/targets/; a file whose years do not include
 * year is warned about and not used) for assessment year `year`.  It has no
 * folder (dir NULL), no dataset.yaml, findings or verified figures, and no
 * submissions until the caller adds them with as_dataset_set_reported (the
 * earlier years' and the one checked).  It is illustrative when a targets
 * file says so.  Returns 0 and *out, or -1 with the problems in d. */
int as_dataset_load_files(const as_ruleset *r, int year, const char *const *targets,
                          size_t ntargets, as_dataset **out, as_diags *d);

void as_dataset_free(as_dataset *ds);

/* Whether the data set in dir has nothing for assessment year `year`: no
 * submission file (reported or verified) in DIR/submissions/<year> or
 * DIR/verified/<year>, or no such folders.  A year a run should say it
 * skips, not grade every province of as invalid.  False when dir holds no
 * dataset.yaml or a folder cannot be read (loading the data set then says
 * what is wrong).  Lists two folders; reads no file. */
bool as_dataset_year_empty(const char *dir, int year);

/* The years DIR/submissions/ holds submission files for (its folders named
 * after a year, 1900-2200, with a submission file in them), ascending: at
 * most max into years, their number in *n.  Returns 0, or -1 when the folder
 * cannot be listed (*n 0). */
int as_dataset_submission_years(const char *dir, int *years, size_t max, size_t *n);

/* The years of as_dataset_submission_years as text, runs as ranges
 * ("2025-2026", as as_select_years_text writes them), into buf (size n):
 * what a run that skips an empty year names as the years there are.  ""
 * when there is none, the folder cannot be listed or buf is too small. */
void as_dataset_submission_years_text(const char *dir, char *buf, size_t n);

/* The submission files in the year folder dir (DIR/submissions/<year> or
 * DIR/verified/<year>), sorted: every "*.yaml" and "*.xlsx" file, and every
 * spreadsheet of another format (as_xlsxdoc_is_other_name), which is read
 * only to be refused with advice; the suffix in any case, hidden files (a
 * leading '.') skipped.  Returns 0, or -1 with errno set, as
 * as_ydoc_list_ext. */
int as_submission_list(const char *dir, char ***names, size_t *n);

/* Report, one located error each, the submission files in the year folder
 * dir that are not named after a province of r ("CODE.yaml", "CODE.xlsx"):
 * they would never be read.  Returns how many were reported; a folder that
 * cannot be listed reports nothing. */
size_t as_dataset_stray_files(const as_ruleset *r, const char *dir, as_diags *d);

/* Read one submission file (for `assess check` and `assess validate`): YAML,
 * or a workbook when path ends in ".xlsx" (any case) or begins as one (read
 * through xlsxdoc.h into the same tree, so every check is the same; a
 * workbook must also keep a row for every input); a spreadsheet of another
 * format is refused with the advice to save it as .xlsx.  The submission is allocated in arena a.
 * Returns 0 or -1 with every problem in d.  If expect_province/expect_year are given (non-NULL /
 * non-zero), the header must match them.  A file that names another rule set gets that one error
 * only. */
int as_submission_load(const as_ruleset *r, const char *path, as_arena *a,
                       const char *expect_province, int expect_year, bool expect_verified,
                       as_submission **out, as_diags *d);

/* The same for a reported file, for a self-check that shows what it can: a
 * file whose header was read whole (province, year, stage) but that has
 * other errors (a figure that cannot be read, an unknown field, a deleted
 * row: each in d) returns -1 with *out set all the same, the inputs it could
 * not read without data (unread[i] set); a file that cannot be read at all,
 * -1 with *out NULL. */
int as_submission_load_partial(const as_ruleset *r, const char *path, as_arena *a,
                               const char *expect_province, int expect_year, as_submission **out,
                               as_diags *d);

/* The submission file of province `code` in folder dir (e.g.
 * "DIR/submissions/2026"), among the n names as_submission_list gave for it
 * (names NULL: the folder could not be listed; "<code>.yaml" and
 * "<code>.xlsx" are looked for): "<dir>/<code>.<ext>", made in arena a.
 * Returns 0 with *path set, 1 when there is none (*path is then the .yaml
 * name), or -1 when two are there (reported in d, located at dir) or out of
 * memory. */
int as_submission_find(const char *dir, char *const *names, size_t n, const char *code, as_arena *a,
                       const char **path, as_diags *d);

/* The submission of province p for year, reported or verified; NULL when
 * there is none or the year is not loaded. */
const as_submission *as_dataset_submission(const as_dataset *ds, size_t p, int year, bool verified);

/* The value of input `input` of province p in year: the verified figure if
 * use_verified and the departments gave one, else the reported figure.  A
 * field a verified file leaves out is not verified (the reported figure
 * stands); a verified `~` means the departments found no valid figure, and
 * replaces the reported one with no data.  Sets value, loc (where it was
 * written, or where the null was) and verified (the verified file decided).
 * Returns false when there is no value: the year is not loaded, there is no
 * file, or the field is null or absent. */
bool as_dataset_value(const as_dataset *ds, size_t p, int year, size_t input, bool use_verified,
                      double *value, as_loc *loc, bool *verified);

/* Replace the reported submission of s's province for s's year (for
 * `assess check` of a file that may lie outside the data set), dropping the
 * problems recorded for the file it replaces; problems with the province's
 * other files stay.  The submission must live as long as ds. */
void as_dataset_set_reported(as_dataset *ds, as_submission *s);

#endif
