/* book: what every sheet of every report shares — the open workbook and its
 * formats, labels in the chosen language, sheets that track their column
 * widths and row heights, the title block with the illustrative-data notice,
 * print setup and status colours.  It lays out no sheet of its own
 * (national.c, province.c, trail.c and report.c do) and knows no domain text
 * beyond the title block (labels.c has those).
 *
 * Ownership: an as_report_book owns its lxw_workbook until
 * as_report_book_close and an arena for the strings made while writing; every
 * const char * returned by a helper here lives in that arena.  Helpers never
 * return NULL: out of memory gives "" and is recorded in the book, which then
 * fails at close. */
#ifndef AS_XLSX_BOOK_H
#define AS_XLSX_BOOK_H

#include <stdbool.h>
#include <stdio.h>

#include <xlsxwriter.h>

#include "engine/arena.h"
#include "engine/eval.h"
#include "xlsx/report.h"

#define AS_REPORT_MAX_COLS 64     /* widest table of any sheet (the matrix: 3 + indicators) */
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

/* libxlsxwriter prints its own "[ERROR]" and "[WARNING]" lines on stderr.
 * Between as_report_capture_begin and _end, descriptor 2 points at a
 * temporary file instead, and what was printed is kept in said for a located
 * diagnostic.  (A sanitizer's report in that window lands there too:
 * ASAN_OPTIONS=log_path= keeps it.)  If the capture cannot be set up, stderr
 * is left alone. */
typedef struct {
    int saved_stderr; /* the real stderr while libxlsxwriter's is captured, or -1 */
    FILE *captured;   /* where libxlsxwriter's stderr goes meanwhile */
    char said[4096];  /* what libxlsxwriter printed meanwhile */
} as_report_capture;

void as_report_capture_begin(as_report_capture *c);
void as_report_capture_end(as_report_capture *c);

/* The operating system's reason in what libxlsxwriter printed ("... System
 * error = File too large"), copied into buf (size n); NULL when it gave none. */
const char *as_report_os_reason(const char *said, char *buf, size_t n);

typedef struct as_report_book {
    lxw_workbook *wb;           /* open until as_report_book_close */
    const as_evaluation *ev;    /* what is reported */
    const as_report_opts *opts; /* language, calendar, paths */
    as_arena *arena;            /* strings made while writing this workbook */
    lxw_error err;              /* first libxlsxwriter error, LXW_NO_ERROR if none */
    bool oom;                   /* a string could not be made */
    as_report_formats f;
    as_report_capture cap; /* libxlsxwriter's stderr while the book is open */
} as_report_book;

/* A cell whose wrapped text (or a row whose font) needs a taller row. */
typedef struct {
    lxw_row_t row;      /* the row */
    lxw_col_t c0, c1;   /* the columns the text spans */
    const char *text;   /* the text, or NULL: line_height is the row's minimum height */
    double line_height; /* points per line */
} as_report_tall;

/* One worksheet being written: the next free row, the main table's extent
 * (for frozen panes, filter and print titles) and the widest content of each
 * column (for column widths). */
typedef struct {
    as_report_book *b;
    lxw_worksheet *ws;
    const char *title;                /* first line of the title block */
    lxw_row_t row;                    /* next row to write */
    bool has_table;                   /* as_report_header was called */
    lxw_row_t table_row;              /* the main table's header row */
    lxw_row_t table_last;             /* its last data row */
    lxw_col_t table_cols;             /* its number of columns */
    lxw_col_t freeze_cols;            /* columns kept visible when scrolling right */
    bool filter;                      /* put an autofilter on the main table */
    bool no_freeze;                   /* the table is not at the top: freeze nothing */
    bool no_gridlines;                /* do not print gridlines (sheets of charts) */
    lxw_col_t title_cols;             /* > 0: columns the title block spans */
    lxw_col_t ncols;                  /* columns used so far */
    double width[AS_REPORT_MAX_COLS]; /* widest content, in character cells */
    double fixed[AS_REPORT_MAX_COLS]; /* > 0: width chosen by the sheet */
    as_report_tall *tall;             /* rows to size at finish (malloc'd) */
    size_t ntall, captall;
} as_report_sheet;

/* One column of a table header. */
typedef struct {
    const char *zh, *en; /* label */
} as_report_col;

/* Create the workbook at path (a temporary name) with its formats.  Returns 0, or -1 when the
 * workbook or arena cannot be created (nothing to close then).  Until
 * as_report_book_close, what libxlsxwriter prints on stderr ("[ERROR] ...",
 * "[WARNING] ...") is captured into b->cap.said instead of reaching the user. */
int as_report_book_open(as_report_book *b, const char *path, const as_evaluation *ev,
                        const as_report_opts *o);

/* Write the file and free the workbook and arena.  Returns LXW_NO_ERROR, the
 * first error met while writing, or LXW_ERROR_MEMORY_MALLOC_FAILED when a
 * string could not be made.  The file may exist after a failure; b->cap.said
 * then holds libxlsxwriter's own account of it. */
lxw_error as_report_book_close(as_report_book *b);

/* Builds a workbook at the temporary path tmp; returns LXW_NO_ERROR or the
 * first error met. */
typedef lxw_error (*as_report_build_fn)(void *ctx, const char *tmp);

/* Write one workbook to path on its own (not part of a run's set: no
 * manifest), as output.h writes every output: fn(ctx, tmp) builds it at a
 * temporary name beside path (or at path itself when that is a device or a
 * FIFO), which is synced and renamed to path when complete.  What
 * libxlsxwriter prints meanwhile is captured.  On failure the temporary file
 * is removed, an existing file at path is left as it was, and one diagnostic
 * located at path, naming the reason, is added to d.  Returns 0 or -1. */
int as_report_put(const char *path, as_report_build_fn fn, void *ctx, as_diags *d);

/* Record a libxlsxwriter result: the first error is kept. */
void as_report_check(as_report_book *b, lxw_error e);

/* printf into the book's arena; "" when out of memory. */
const char *as_report_printf(as_report_book *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A label in the book's language: "zh en" (both), zh, or en.  A NULL or
 * empty half gives the other one alone. */
const char *as_report_lbl(as_report_book *b, const char *zh, const char *en);

/* Same, with the two halves on separate lines (headers, sentences). */
const char *as_report_lbl2(as_report_book *b, const char *zh, const char *en);

/* Display width of UTF-8 text in character cells: the widest line, East
 * Asian wide characters counting 2. */
double as_report_text_width(const char *s);

/* Lines text takes when wrapped in a column w character cells wide. */
double as_report_text_lines(const char *s, double w);

/* --- sheets ----------------------------------------------------------- */

/* Add a worksheet named name (<= 31 characters, see docs/reports.md) and
 * reserve its title block: title, what it is made from, and the
 * illustrative-data notice when the data set is illustrative. */
void as_report_sheet_begin(as_report_sheet *s, as_report_book *b, const char *name,
                           const char *title);

/* Write the title block, column widths, row heights for wrapped text, frozen
 * panes, the filter and the print setup (A4 landscape, one page wide, header
 * row repeated).  Must be called once for every as_report_sheet_begin. */
void as_report_sheet_finish(as_report_sheet *s);

/* Cells.  Text is always written as a string, never as a formula; NULL text
 * writes nothing.  fmt NULL means the plain text (or number) format. */
void as_report_text(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const char *text,
                    lxw_format *fmt);
void as_report_number(as_report_sheet *s, lxw_row_t r, lxw_col_t c, double v, lxw_format *fmt);
void as_report_int(as_report_sheet *s, lxw_row_t r, lxw_col_t c, long v);
void as_report_date(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_date d);
void as_report_status_cell(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_report_status st);

/* A status cell of a borderline verdict: the status text (coloured as
 * every status) in the borderline format, with note as the cell's comment. */
void as_report_borderline_cell(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_report_status st,
                               const char *note);

/* A probability (0..1) as a percentage with one decimal. */
void as_report_probability(as_report_sheet *s, lxw_row_t r, lxw_col_t c, double p);

/* Make row r at least height points tall. */
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

/* The main table's header row at s->row (advances it). */
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

/* Colour status cells of a range by their text, and grade cells by grade. */
void as_report_status_colours(as_report_sheet *s, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                              lxw_col_t c1);
void as_report_grade_colours(as_report_sheet *s, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                             lxw_col_t c1);

#endif
