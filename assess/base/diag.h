/* diag: located diagnostics, "file:line:col: error: message", or for a cell
 * of a workbook "file.xlsx:Sheet!D12: error: message", each with a severity:
 * an error (the input cannot be used as it is), a warning (it can, but looks
 * wrong) or a note (something was read in a way worth saying).  Only errors
 * fail a file.  The engine collects diagnostics into an as_diags list and
 * returns; only the CLI decides how to print them and in which language.
 * Messages are lowercase, without a trailing period, with the subject quoted.
 * A message format is looked up in the message catalogue when the diagnostic
 * is added (see i18n.h), so a diagnostic carries its English text and, when
 * the catalogue has one, its translation; the engine never sets a locale. */
#ifndef AS_DIAG_H
#define AS_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/text.h"

/* A place in an input file.  line and col are 1-based; line 0 means the
 * problem concerns the whole file (printed as "file: error: ...").  In a
 * workbook, sheet names the worksheet and line:col is a cell (row 12,
 * column 4 is printed "file.xlsx:Sheet!D12"); line 0 there means the whole
 * sheet ("file.xlsx:Sheet").  file and sheet are borrowed: they must outlive
 * the location (loaders keep them in their arena). */
typedef struct {
    const char *file;  /* path as the user named it */
    int line;          /* 1-based line (a workbook: row), 0 = whole file or sheet */
    int col;           /* 1-based column, in characters as libyaml counts them (A = 1) */
    const char *sheet; /* NULL in a text file; else the worksheet holding the cell */
} as_loc;

/* How serious a diagnostic is.  Only errors make a file or a province
 * invalid; warnings and notes are shown and change nothing. */
typedef enum {
    AS_SEV_ERROR = 0,   /* the input cannot be used as it is */
    AS_SEV_WARNING = 1, /* usable, but probably wrong: look at it */
    AS_SEV_NOTE = 2     /* read in a way worth saying (e.g. a number's separators dropped) */
} as_severity;

typedef struct {
    as_loc loc;      /* where; loc.file and loc.sheet are copied and owned by the diagnostic */
    as_severity sev; /* error, warning or note */
    as_text text;    /* the message without the "error:" prefix, in English and translated by
                        the message catalogue (tr NULL when it has none); owned by the list
                        (malloc'd) or by the arena the diagnostic was copied into */
} as_diag;

/* A growable list of diagnostics.  It owns its messages and file copies.
 * At most max entries are kept (default 1000); the rest are counted in
 * dropped (and those of them that are errors in dropped_errors), so a hostile
 * input cannot exhaust memory. */
typedef struct {
    as_diag *items;        /* the diagnostics, in the order they were found */
    size_t n;              /* number kept */
    size_t cap;            /* allocated capacity */
    size_t max;            /* cap on n */
    size_t dropped;        /* diagnostics not kept because of max */
    size_t errors;         /* kept diagnostics that are errors */
    size_t dropped_errors; /* dropped diagnostics that are errors */
} as_diags;

void as_diags_init(as_diags *d);
void as_diags_release(as_diags *d);

/* Append one error.  Never fails visibly: on out-of-memory the entry is
 * counted in dropped.  fmt is looked up in the message catalogue and, when
 * translated, formatted a second time with the same arguments into msg_tr. */
void as_diags_add(as_diags *d, as_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void as_diags_vadd(as_diags *d, as_loc loc, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* The same with a severity: a warning or a note (or an error). */
void as_diags_warn(as_diags *d, as_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void as_diags_note(as_diags *d, as_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void as_diags_add_sev(as_diags *d, as_severity sev, as_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void as_diags_vadd_sev(as_diags *d, as_severity sev, as_loc loc, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Append a diagnostic whose text is already made (t.tr NULL or the same as
 * t.en: no translation).  Both strings are copied.  For a message that
 * quotes another message, each language quoting its own. */
void as_diags_add_text(as_diags *d, as_severity sev, as_loc loc, as_text t);

/* Append an error whose fmt takes two strings, what (a name) and word (a
 * word the catalogue translates, e.g. "a list"), or only word when what is
 * NULL: each language with its own word. */
void as_diags_add_word(as_diags *d, as_loc loc, const char *fmt, const char *what, const char *word)
    __attribute__((format(printf, 3, 0)));

/* Append a copy of diagnostic e (its location, severity and both texts). */
void as_diags_copy(as_diags *d, const as_diag *e);

/* Move all diagnostics of src to the end of dst; src is left empty. */
void as_diags_move(as_diags *dst, as_diags *src);

/* Remove every kept diagnostic located in file (e.g. a file being replaced). */
void as_diags_drop_file(as_diags *d, const char *file);

/* Errors, kept plus dropped: what fails a file.  Warnings and notes are not
 * counted (as_diags_total counts everything). */
size_t as_diags_count(const as_diags *d);
size_t as_diags_total(const as_diags *d);

/* "error", "warning", "note": the word after the location. */
const char *as_severity_name(as_severity s);

/* Format one diagnostic in English as "file:line:col: error: msg" (a cell:
 * "file:Sheet!D12: warning: msg") into a malloc'd string the caller frees;
 * NULL on out-of-memory. */
char *as_diag_format(const as_diag *d);

/* The same in the catalogue's language when tr is asked for: the message's
 * translation (its English when it has none) and the catalogue's word for
 * the severity ("file:12:3: 错误：..."), as the terminal prints it. */
char *as_diag_format_in(const as_diag *d, bool tr);

/* A copy of diagnostic e whose strings live in arena a: for results that
 * point at the diagnostics they were made from. */
as_diag as_diag_copy(as_arena *a, const as_diag *e);

/* Write a location as a diagnostic starts it, without ": error": "file",
 * "file:line:col", "file:Sheet" or "file:Sheet!D12" (a NULL file is
 * "assess").  Like snprintf: writes at most n bytes (n may be 0 with buf
 * NULL) and returns the length the whole text needs. */
int as_loc_print(char *buf, size_t n, as_loc l);

/* A column number as a spreadsheet names it: 1 = "A", 27 = "AA", 16384 =
 * "XFD"; "" for col < 1. */
void as_loc_col_name(int col, char out[8]);

/* Convenience: location constructors, in a text file and in a workbook's
 * sheet (row and col 1-based, 0 = the whole sheet). */
as_loc as_loc_make(const char *file, int line, int col);
as_loc as_loc_cell(const char *file, const char *sheet, int row, int col);

#endif
