/* labels: the texts several sheets share — statuses, kinds, grades,
 * province and indicator names in the book's language, margins, deadline
 * rules and calendar years — and the indicator rows that the national Values
 * sheet and a province's Indicators sheet both show.
 *
 * Ownership: every string returned lives in the book's arena or in the run's
 * names (never NULL). */
#ifndef AS_REPORT_LABELS_H
#define AS_REPORT_LABELS_H

#include <stdbool.h>

#include "report/book.h"

/* The labels of a rule set's objects in one language, made once for a run:
 * what the helpers below return for provinces, indicators, grades, kinds,
 * statuses, the origins of traced values and the names of inputs,
 * quantities, parameters and targets. */
struct as_report_names {
    as_arena *arena;          /* owns every string below */
    const as_ruleset *rules;  /* whose objects they name */
    const char **province;    /* per province: "北京市 Beijing" */
    const char **indicator;   /* per indicator */
    const char **departments; /* per indicator: its departments, ", "-separated */
    const char **grade;       /* per grade */
    const char **input, **quantity, **param, **target; /* names per object */
    const char *status[AS_REPORT_NSTATUS];
    const char *kind[2];                   /* control, support */
    const char *from[AS_FROM_BUILTIN + 1]; /* per as_from */
};

/* The labels of r's objects in language lang, or NULL when out of memory.
 * r must outlive them.  Free with as_report_names_free (NULL is ok). */
as_report_names *as_report_names_new(const as_ruleset *r, as_report_lang lang);
void as_report_names_free(as_report_names *n);

/* The report status of an engine status (same numbering). */
as_report_status as_report_status_of(as_status st);

/* "达标 met", "未达标 missed", "无数据 no data", "豁免 exempt", "无效 invalid"
 * (or one language): the exact text status cells hold and colours match. */
const char *as_report_status_label(as_report_book *b, as_report_status st);

/* A status cell: the status's label (coloured by as_report_status_colours). */
void as_report_status_cell(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_report_status st);

/* A status cell of a borderline verdict: the status text (coloured as
 * every status) in the borderline format, with note as the cell's comment. */
void as_report_borderline_cell(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_report_status st,
                               const char *note);

/* Colour status cells of a range by their text, and grade cells by grade. */
void as_report_status_colours(as_report_sheet *s, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                              lxw_col_t c1);
void as_report_grade_colours(as_report_sheet *s, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                             lxw_col_t c1);

/* "控制 control" / "支撑 support". */
const char *as_report_kind_label(as_report_book *b, as_kind k);

/* Names from the rule set in the book's language, e.g. "北京市 Beijing". */
const char *as_report_province_label(as_report_book *b, const as_province *p);
const char *as_report_indicator_label(as_report_book *b, const as_indicator *ind);

/* What people call a check, from the rule file's name_zh / name_en ("年度降低
 * annual reduction"), else its name ("annual"): for prose, where an id
 * would be English in a Chinese document. */
const char *as_report_check_label(as_report_book *b, const as_check_def *cd);

/* An indicator's unit in the book's language ("万吨标准煤 10^4 tce"), "" for
 * a percentage or none. */
const char *as_report_unit_words(as_report_book *b, const as_indicator *ind);

/* The grade's name ("不合格 Fail"), or the invalid status label. */
const char *as_report_grade_label(as_report_book *b, const as_province_result *pr);
const char *as_report_grade_name(as_report_book *b, const as_grade_def *gd);

/* "自报 reported", "核验 verified", ...: where a traced value came from. */
const char *as_report_from_label(as_report_book *b, as_from f);

/* The name of an input, quantity, parameter or target (an as_trace_item's
 * ref_kind and index), "" for anything else. */
const char *as_report_ref_label(as_report_book *b, int kind, size_t index);

/* The grade's id as in the JSON output ("fail"), or "invalid". */
const char *as_report_grade_id(const as_province_result *pr);

/* Where province result pr (one of b->ev's, or a copy of one with its
 * trail, see as_evaluation_trail) is in b->ev->provinces: the index the
 * analyses (uncertainty, trajectories) are kept by. */
size_t as_report_result_index(const as_report_book *b, const as_province_result *pr);

/* Diagnostic e as its "file:line:col: error: ..." line, with the message in
 * English or, when translated is asked for and there is one, in the
 * catalogue's language. */
const char *as_report_diag_line(as_report_book *b, const as_diag *e, bool translated);

/* The first error of pr's data as such a line (English), or "". */
const char *as_report_first_error(as_report_book *b, const as_province_result *pr);

/* The indicator's responsible departments, ", "-separated. */
const char *as_report_departments(as_report_book *b, const as_indicator *ind);

/* "file:line:col" (a cell: "file.xlsx:Sheet!D12"), "file" for line 0, or ""
 * without a file (see as_loc_print). */
const char *as_report_loc(as_report_book *b, as_loc loc);

/* The unit shown beside an indicator's values: "%" for percent display. */
const char *as_report_unit(as_report_book *b, const as_indicator *ind);

/* The indicators of kind k that pr counts as missed, "; "-separated, or ""
 * (also when its data have errors: nothing was counted). */
const char *as_report_missed_list(as_report_book *b, const as_province_result *pr, as_kind k);

/* A rectification is required: pr has a grade with rectification days. */
bool as_report_needs_rectification(const as_province_result *pr);

/* A check's value, target or margin v as its method compares it: rounded to
 * the decimals by its rounding rule in the indicator's format, or unrounded
 * with every digit for a full-value comparison.  Blank when !has. */
void as_report_judged(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const as_check_def *cd,
                      const as_indicator *ind, bool has, double v);

/* The same as text, "0.2890" or "28.90%" (percent display): the numbers a
 * decision sentence quotes. */
const char *as_report_judged_text(as_report_book *b, const as_check_def *cd,
                                  const as_indicator *ind, double v);

/* The rule and method of one check as a sentence in the book's language,
 * with where the rule file states it. */
const char *as_report_method(as_report_book *b, const as_check_def *cd);

/* The rule set's rule and method, then every check judged otherwise, one
 * line each: what the About sheets state. */
const char *as_report_methods(as_report_book *b);

/* The deadline's counting rule and calendar years (two lines per language),
 * or a reason when none could be computed; "" when no rectification. */
const char *as_report_deadline_rule(as_report_book *b, const as_province_result *pr);

/* Every calendar year a deadline of ev touched, each with its status,
 * e.g. "2027 official (国办发明电〔2026〕7号); 2028 provisional"; "none".
 * Computed once per run (it looks at every province). */
const char *as_report_calendar_years(as_report_book *b);

#define AS_REPORT_INDICATOR_COLS 18 /* most columns of as_report_indicator_rows */

/* The columns of as_report_indicator_rows in this book, for a table header:
 * id, name, kind, check, value, comparison, target, margin, unit, check
 * status, then with a Monte Carlo analysis (opts->uncertainty) its
 * probability met, 2.5th and 97.5th percentiles, Approach 1's half-width
 * and the borderline marker, then indicator status, departments, note.
 * Writes them to cols (room for AS_REPORT_INDICATOR_COLS); returns how many. */
size_t as_report_indicator_columns(as_report_book *b, as_report_col *cols);

/* The offset of the indicator-status column among them: statuses lie in
 * offsets 9 .. this one. */
lxw_col_t as_report_indicator_status_col(as_report_book *b);

/* One row per check of indicator result ir of province pr (one row when it
 * has none) from column c0 of s->row on, as the columns above say.
 * Advances s->row and returns the number of rows written. */
size_t as_report_indicator_rows(as_report_sheet *s, const as_province_result *pr,
                                const as_indicator_result *ir, lxw_col_t c0);

/* The Monte Carlo analysis of check cr of ir of province pr, or NULL. */
const as_uncertainty_check *as_report_check_uncertainty(as_report_book *b,
                                                        const as_province_result *pr,
                                                        const as_indicator_result *ir,
                                                        const as_check_result *cr);

/* The comment of a borderline check: its probability met and interval. */
const char *as_report_borderline_note(as_report_book *b, const as_check_result *cr,
                                      const as_indicator *ind, const as_uncertainty_check *uc);

/* The rows as_report_indicator_rows writes for ir (at least 1). */
size_t as_report_indicator_nrows(const as_indicator_result *ir);

/* Row k of as_report_indicator_rows (0 <= k < as_report_indicator_nrows) at
 * s->row from column c0, without advancing s->row: for a sheet that writes
 * other columns of the same row too. */
void as_report_indicator_row(as_report_sheet *s, const as_province_result *pr,
                             const as_indicator_result *ir, size_t k, lxw_col_t c0);

/* The result of indicator def in pr, or NULL (an invalid province has none). */
const as_indicator_result *as_report_find_indicator(const as_province_result *pr,
                                                    const as_indicator *def);

#endif
