/* error: located diagnostics, "file:line:col: error: message".
 * The engine collects diagnostics into an as_diags list and returns; only the
 * CLI decides how to print them.  Messages are lowercase, without a trailing
 * period, with the subject quoted. */
#ifndef AS_ERROR_H
#define AS_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/* A place in an input file.  line and col are 1-based; line 0 means the
 * problem concerns the whole file (printed as "file: error: ...").  file is
 * borrowed: it must outlive the location (loaders keep it in their arena). */
typedef struct {
    const char *file; /* path as the user named it */
    int line;         /* 1-based line, 0 = whole file */
    int col;          /* 1-based column, in characters as libyaml counts them */
} as_loc;

typedef struct {
    as_loc loc; /* where; loc.file is copied and owned by the diagnostic */
    char *msg;  /* malloc'd message without the "error:" prefix */
} as_diag;

/* A growable list of diagnostics.  It owns its messages and file copies.
 * At most max entries are kept (default 1000); the rest are counted in
 * dropped, so a hostile input cannot exhaust memory. */
typedef struct {
    as_diag *items; /* the diagnostics, in the order they were found */
    size_t n;       /* number kept */
    size_t cap;     /* allocated capacity */
    size_t max;     /* cap on n */
    size_t dropped; /* diagnostics not kept because of max */
} as_diags;

void as_diags_init(as_diags *d);
void as_diags_release(as_diags *d);

/* Append one diagnostic.  Never fails visibly: on out-of-memory the entry is
 * counted in dropped. */
void as_diags_add(as_diags *d, as_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void as_diags_vadd(as_diags *d, as_loc loc, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Move all diagnostics of src to the end of dst; src is left empty. */
void as_diags_move(as_diags *dst, as_diags *src);

/* Total count, kept plus dropped. */
size_t as_diags_count(const as_diags *d);

/* Format one diagnostic as "file:line:col: error: msg" into a malloc'd string
 * the caller frees; NULL on out-of-memory. */
char *as_diag_format(const as_diag *d);

/* Convenience: a location constructor. */
as_loc as_loc_make(const char *file, int line, int col);

#endif
