/* book: what every sheet of every report of an evaluation shares — the
 * workbook (workbook.h) with the reports' formats, labels in the chosen
 * language, sheets written top to bottom with their column widths and row
 * heights, the title block with the illustrative-data notice, print setup,
 * conditional colours.  It lays out no sheet of its own (national.c,
 * province.c, trail.c, summary.c and report.c do) and knows no domain text
 * beyond the title block (labels.c has those, and the status cells).
 *
 * Ownership: an as_report_book owns its workbook until as_report_book_finish;
 * every const char * returned by a helper here lives in its arena, or in the
 * run's names (labels.h), which outlive the book.  Helpers never return
 * NULL: out of memory gives "" and is recorded in the book, which then fails
 * at close. */
#ifndef AS_REPORT_BOOK_H
#define AS_REPORT_BOOK_H

#include <stdbool.h>
#include <stdio.h>

#include <xlsxwriter.h>

#include "base/arena.h"
#include "engine/eval.h"
#include "report/workbook.h"
#include "report/reportopts.h"

#define AS_REPORT_MAX_COLS 128    /* widest table of any sheet (the summary: 7 + 3 a year) */
#define AS_REPORT_MAX_DECIMALS 10 /* number formats made for 0..10 places */
#define AS_REPORT_MAX_INDENT 6    /* trail depth levels shown by indentation */
#define AS_REPORT_MAX_WIDTH 50.0  /* column width cap, in characters; longer text wraps */

/* What a status cell shows: the engine's statuses plus "invalid" (no grade). */
typedef enum {
    AS_REPORT_MET = AS_STATUS_MET,
    AS_REPORT_MISSED = AS_STATUS_MISSED,
    AS_REPORT_NO_DATA = AS_STATUS_NO_DATA,
    AS_REPORT_EXEMPT = AS_STATUS_EXEMPT,
    AS_REPORT_INVALID,
    AS_REPORT_NSTATUS
} as_report_status;

typedef struct {
    lxw_format *title;                           /* sheet title: bold, 14 pt */
    lxw_format *subtitle;                        /* what the sheet is made from: grey, wrapped */
    lxw_format *note;                            /* a line of explanation: grey, not wrapped */
    lxw_format *notice;                          /* illustrative-data notice: bold, red, wrapped */
    lxw_format *header;                          /* table header: bold, shaded, wrapped, bordered */
    lxw_format *text;                            /* plain text, top-aligned */
    lxw_format *wrap;                            /* text that wraps */
    lxw_format *bold;                            /* labels of key/value rows, wrapped */
    lxw_format *strong;                          /* a bold line that runs on to the right */
    lxw_format *big;                             /* a grade shown large */
    lxw_format *section;                         /* trail: one indicator's heading row, shaded */
    lxw_format *date;                            /* yyyy-mm-dd */
    lxw_format *integer;                         /* 0 */
    lxw_format *general;                         /* numbers as Excel's General shows them */
    lxw_format *pct_full;                        /* a fraction as a percentage, every digit */
    lxw_format *num[AS_REPORT_MAX_DECIMALS + 1]; /* #,##0.<d zeros> */
    lxw_format *pct[AS_REPORT_MAX_DECIMALS + 1]; /* 0.<d zeros>% */
    lxw_format *indent[AS_REPORT_MAX_INDENT + 1]; /* text indented by level */
    lxw_format *borderline;                       /* a status whose 95 % interval straddles
                                                     the target: dashed orange border, bold */
    lxw_format *status_cell[AS_REPORT_NSTATUS];   /* legend cells, coloured */
    lxw_format *status_dxf[AS_REPORT_NSTATUS];    /* conditional-format colours */
} as_report_formats;

/* Labels of the rule set's objects in the run's language (labels.h), made
 * once per run so a workbook does not build the same label for every cell. */
typedef struct as_report_names as_report_names;

/* What the title block, the subtitle and the page header of every sheet of a
 * workbook say: an evaluation's rules, data set and year, or the years of a
 * summary. */
typedef struct {
    const as_ruleset *rules;
    const char *data_zh, *data_en; /* the data set's name */
    bool illustrative;             /* its figures are not real */
    const char *notice;            /* its illustrative-data notice, or NULL */
    char years[64];                /* "2026", or a summary's years, "2016-2019" */
    bool several;                  /* years names more than one year */
    bool has_notified;             /* a notification date is known (one year) */
    as_date notified;
} as_report_frame;

/* What the workbooks of one run share. */
typedef struct {
    const as_report_names *names; /* labels, required */
    char *calendar_years;         /* the evaluation's calendar years, once computed (malloc'd) */
} as_report_run;

typedef struct as_report_book {
    as_workbook w;              /* the workbook, its arena, its first error (workbook.h) */
    const as_evaluation *ev;    /* what is reported; NULL for a summary across years */
    const as_report_opts *opts; /* language, calendar, paths */
    as_report_run *run;         /* what the run's workbooks share */
    as_report_frame frame;      /* what its title blocks say */
    as_report_formats f;
} as_report_book;

/* One worksheet being written.  Sheets are written top to bottom, each row
 * before the next (libxlsxwriter's constant-memory mode keeps one row in
 * memory), so what depends on the whole sheet — the column widths, the
 * title block over them, the height of rows whose text wraps — is known
 * before the first row: a sheet whose widths follow its content is laid out
 * twice, measuring and then writing (as_report_sheet_next). */
typedef struct {
    as_report_book *b;
    lxw_worksheet *ws;
    const char *name;                 /* the worksheet's name */
    const char *title;                /* first line of the title block */
    int pass;                         /* 0 before the first, 1 measuring, 2 writing, 3 done */
    bool measure;                     /* this pass measures: nothing is written */
    bool measured;                    /* widths follow the content, measured in pass 1 */
    lxw_row_t row;                    /* next row to write */
    bool has_table;                   /* as_report_header was called */
    lxw_row_t table_row;              /* the main table's header row */
    lxw_row_t table_last;             /* its last data row */
    lxw_row_t measured_last;          /* its last data row as measured (filters need it) */
    lxw_col_t table_cols;             /* its number of columns */
    lxw_col_t freeze_cols;            /* columns kept visible when scrolling right */
    bool filter;                      /* put an autofilter on the main table */
    bool no_freeze;                   /* the table is not at the top: freeze nothing */
    bool no_gridlines;                /* do not print gridlines (sheets of charts) */
    bool screen;                      /* meant for the screen: printed one page wide on A4,
                                         however small, the page header saying so; else meant
                                         for paper: its 11 pt text printed at 8 pt or more */
    lxw_col_t title_cols;             /* > 0: columns the title block spans */
    lxw_col_t ncols;                  /* columns used */
    double width[AS_REPORT_MAX_COLS]; /* widest content, in character cells */
    double fixed[AS_REPORT_MAX_COLS]; /* > 0: width chosen by the sheet */
    lxw_row_t tall_row;               /* the row whose height was last raised */
    double tall;                      /* that row's height so far, in points */
} as_report_sheet;

/* One column of a table header. */
typedef struct {
    const char *zh, *en; /* label */
} as_report_col;

/* What the title blocks of a workbook reporting evaluation ev say. */
void as_report_frame_of(as_report_frame *f, const as_evaluation *ev);

/* Create the workbook at path (a temporary name) with its formats: ev is
 * what it reports (NULL for a summary), frame what its title blocks say
 * (copied), run what the run's workbooks share (borrowed until close);
 * constant_memory as as_workbook_open says.  Sheets are written row by row
 * either way.  Returns 0, or -1 when the workbook or arena cannot be created
 * (nothing to close then).  Until it is finished, what libxlsxwriter prints
 * on stderr is captured into b->w.cap.said instead of reaching the user. */
int as_report_book_open(as_report_book *b, const char *path, const as_evaluation *ev,
                        const as_report_frame *frame, const as_report_opts *o, as_report_run *run,
                        bool constant_memory);

/* Write the file and free the workbook: as_workbook_finish. */
int as_report_book_finish(as_report_book *b, const char *path, as_diags *d);

/* Record a libxlsxwriter result: the first error is kept. */
void as_report_check(as_report_book *b, lxw_error e);

/* printf into the book's arena; "" when out of memory. */
const char *as_report_printf(as_report_book *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A modifiable copy of s (NULL: "") in the book's arena, as libxlsxwriter's
 * document properties want them; NULL when out of memory (remembered). */
char *as_report_keep(as_report_book *b, const char *s);

/* A label in language lang from its halves: "zh<sep>en" made in arena a
 * (both), or zh or en itself.  A NULL or empty half gives the other one
 * alone ("" when both are).  NULL only when out of memory. */
const char *as_report_join(as_arena *a, as_report_lang lang, const char *zh, const char *en,
                           char sep);

/* A label in the book's language: "zh en" (both), zh, or en.  A NULL or
 * empty half gives the other one alone. */
const char *as_report_lbl(as_report_book *b, const char *zh, const char *en);

/* Same, with the two halves on separate lines (headers, sentences). */
const char *as_report_lbl2(as_report_book *b, const char *zh, const char *en);

/* --- sheets ----------------------------------------------------------- */

/* Start worksheet name (<= 31 characters, see docs/reports.md) under a
 * title block: title, what it is made from, and the illustrative-data notice
 * when the data set is illustrative.  widths (n entries) fixes the sheet's
 * columns and their widths, and the sheet is written in one pass; NULL makes
 * every column as wide as its content (but those the body sets in s->fixed),
 * measured in a first pass.  The body is written as
 *
 *     as_report_sheet_begin(&s, b, name, title, widths, n);
 *     while (as_report_sheet_next(&s)) {
 *         ... rows, top to bottom ...
 *     }
 *
 * and must do the same in each pass; what it writes outside the sheet (a
 * chart) it writes only when !s.measure. */
void as_report_sheet_begin(as_report_sheet *s, as_report_book *b, const char *name,
                           const char *title, const double *widths, size_t n);

/* Start the next pass over the body and return true: measuring (when the
 * widths follow the content), then writing, which adds the worksheet with
 * its column widths and title block.  After the writing pass, finish the
 * sheet (frozen panes, the filter, the print setup, header row repeated) and
 * return false.  A sheet meant for paper prints one page wide on the first
 * of A4 portrait, A4 landscape and A3 landscape that keeps its text at 8 pt
 * or more, else on A3 landscape at that size with its columns split over
 * pages, the frozen ones (code, name) repeated on each; a sheet meant for the
 * screen (s->screen) prints one page wide on A4 landscape and says in its
 * page header that it is for the screen. */
bool as_report_sheet_next(as_report_sheet *s);

/* Cells.  Text is always written as a string, never as a formula; NULL text
 * writes nothing.  fmt NULL means the plain text (or number) format. */
void as_report_text(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const char *text,
                    lxw_format *fmt);
void as_report_number(as_report_sheet *s, lxw_row_t r, lxw_col_t c, double v, lxw_format *fmt);
void as_report_int(as_report_sheet *s, lxw_row_t r, lxw_col_t c, long v);
void as_report_date(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_date d);

/* note as the comment of cell r, c (cut to what a cell holds); nothing
 * while measuring or for NULL. */
void as_report_comment(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const char *note);

/* A probability (0..1) as a percentage with one decimal. */
void as_report_probability(as_report_sheet *s, lxw_row_t r, lxw_col_t c, double p);

/* Make row r, the row being written, at least height points tall. */
void as_report_row_min(as_report_sheet *s, lxw_row_t r, double height);

/* An indicator's value or target in its display format (its decimals);
 * blank when !has. */
void as_report_value(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const as_indicator *ind,
                     bool has, double v);

/* The same with every digit shown (General, or a percentage with all its
 * digits): for unrounded values, which the decimals would round on screen. */
void as_report_full_value(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const as_indicator *ind,
                          bool has, double v);

/* Text merged over columns c0..c1 of row r, wrapped, with the row made tall
 * enough for it. */
void as_report_merged(as_report_sheet *s, lxw_row_t r, lxw_col_t c0, lxw_col_t c1, const char *text,
                      lxw_format *fmt);

/* The main table's header row at s->row (advances it); filter puts an
 * autofilter on the table (on a sheet measured first: one written in one
 * pass cannot know the table's last row in time). */
void as_report_header(as_report_sheet *s, const as_report_col *cols, size_t n,
                      lxw_col_t freeze_cols, bool filter);

/* Mark the rows written since as_report_header as the table's data. */
void as_report_table_end(as_report_sheet *s);

/* A "label: value" row at s->row (advances it). */
void as_report_kv(as_report_sheet *s, const char *zh, const char *en, const char *value);

/* One line of text in column 0 of s->row that may run on over the empty
 * cells to its right: not counted in column widths (advances s->row). */
void as_report_line(as_report_sheet *s, const char *text, lxw_format *fmt);

/* The same from column c. */
void as_report_line_at(as_report_sheet *s, lxw_col_t c, const char *text, lxw_format *fmt);

/* Colour the cells of a range whose text is text with the conditional
 * format dxf (nothing while measuring). */
void as_report_colour_equal(as_report_sheet *s, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                            lxw_col_t c1, const char *text, lxw_format *dxf);

#endif
