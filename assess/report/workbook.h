/* workbook: the sheet writer every workbook shares, whatever it shows: a
 * libxlsxwriter workbook opened at a path, an arena for the strings made
 * while writing it, its first error kept and running out of memory
 * remembered, libxlsxwriter's own messages on stderr captured for one
 * located diagnostic with the operating system's reason, text cut to what a
 * cell or a message of Excel holds, and the width of text in character
 * cells, and the print size of a sheet meant for paper.  It knows no evaluation (book.h shows one,
 * template.h a form to fill in) and lays out no sheet.
 *
 * Ownership: an as_workbook owns its lxw_workbook and arena until
 * as_workbook_close; every string a helper returns lives in that arena.
 * Helpers never return NULL: out of memory gives "" and is remembered, and
 * the workbook then fails at close. */
#ifndef AS_WORKBOOK_H
#define AS_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <xlsxwriter.h>

#include "base/arena.h"
#include "base/diag.h"

/* libxlsxwriter prints its own "[ERROR]" and "[WARNING]" lines on stderr.
 * Between as_workbook_capture_begin and _end, descriptor 2 points at a
 * temporary file instead, and what was printed is kept in said for a located
 * diagnostic.  (A sanitizer's report in that window lands there too:
 * ASAN_OPTIONS=log_path= keeps it.)  If the capture cannot be set up, stderr
 * is left alone. */
typedef struct {
    int saved_stderr; /* the real stderr while libxlsxwriter's is captured, or -1 */
    FILE *captured;   /* where libxlsxwriter's stderr goes meanwhile */
    char said[4096];  /* what libxlsxwriter printed meanwhile */
} as_workbook_capture;

void as_workbook_capture_begin(as_workbook_capture *c);
void as_workbook_capture_end(as_workbook_capture *c);

/* The operating system's reason in what libxlsxwriter printed ("... System
 * error = File too large"), copied into buf (size n); NULL when it gave none. */
const char *as_workbook_os_reason(const char *said, char *buf, size_t n);

/* One diagnostic located at path, "cannot write workbook: <reason>", for
 * libxlsxwriter's error e, with the operating system's reason from said
 * (what libxlsxwriter printed) where it gave one. */
void as_workbook_failed(lxw_error e, const char *said, const char *path, as_diags *d);

typedef struct {
    lxw_workbook *wb;        /* open until as_workbook_close */
    as_arena *arena;         /* strings made while writing */
    lxw_error err;           /* first libxlsxwriter error, LXW_NO_ERROR if none */
    bool oom;                /* a string could not be made */
    as_workbook_capture cap; /* libxlsxwriter's stderr while the workbook is open */
} as_workbook;

/* Create the workbook at file (a temporary name of an output set).
 * constant_memory: libxlsxwriter's constant-memory mode, one row of each
 * sheet in memory, for workbooks whose sheets grow with the number of units;
 * without it libxlsxwriter keeps the cells until close and shares repeated
 * strings, which small workbooks write faster.  Returns 0, or -1 when the
 * workbook or arena cannot be created (nothing to close then). */
int as_workbook_open(as_workbook *w, const char *file, bool constant_memory);

/* Write the file and free the workbook and arena.  Returns LXW_NO_ERROR, the
 * first error met while writing, or LXW_ERROR_MEMORY_MALLOC_FAILED when a
 * string could not be made.  The file may exist after a failure; w->cap.said
 * then holds libxlsxwriter's own account of it. */
lxw_error as_workbook_close(as_workbook *w);

/* as_workbook_close, and on failure one diagnostic located at path (the
 * workbook's final name), see as_workbook_failed.  Returns 0 or -1. */
int as_workbook_finish(as_workbook *w, const char *path, as_diags *d);

/* Record a libxlsxwriter result: the first error is kept. */
void as_workbook_check(as_workbook *w, lxw_error e);

/* printf into the workbook's arena; "" when out of memory. */
const char *as_workbook_printf(as_workbook *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* s cut to at most max characters (UTF-8), as Excel's limits count them:
 * s itself when it fits, else a copy in the arena. */
const char *as_workbook_clip(as_workbook *w, const char *s, size_t max);

/* Display width of UTF-8 text in character cells: the widest line, East
 * Asian wide characters counting 2. */
double as_workbook_text_width(const char *s);

/* Lines text takes when wrapped in a column w character cells wide. */
double as_workbook_text_lines(const char *s, double w);

/* Printing.  Text is 11 pt; a sheet meant for paper keeps it at 8 pt or
 * more (docs/reports.md). */
#define AS_WORKBOOK_PRINT_MARGIN 0.4 /* inches, left and right */

/* The width in points a column w characters wide prints at: 7 w + 5 pixels
 * at 96 dpi (11 pt Calibri). */
double as_workbook_column_points(double w);

/* Set up a sheet meant for paper whose columns take table_pt points: one
 * page wide on the first of A4 portrait, A4 landscape and A3 landscape that
 * keeps its text at 8 pt or more (returns true), else A3 landscape at that
 * size, its columns split over pages (returns false: the caller repeats the
 * columns that name a row).  Sets the left and right margins too. */
bool as_workbook_print_paper(lxw_worksheet *ws, double table_pt);

#endif
