/* xlsxdoc_read: what the files of the workbook reader share, and no other
 * module includes: the reader's state, a part being parsed, and the helpers
 * they call across.  xlsxdoc.c opens the archive and builds the tree;
 * xlsxdoc_package.c parses the package's XML parts (bounded unpacking,
 * relationships, finding the sheet); xlsxdoc_cells.c keeps the key and value
 * columns' cells and the shared strings they name, and what each shows.
 *
 * Ownership: everything the reader makes lives in its scratch arena (R->tmp)
 * but a part's collected text, malloc'd while it is parsed. */
#ifndef AS_XLSXDOC_READ_H
#define AS_XLSXDOC_READ_H

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "input/xlsxdoc.h"

enum {
    MAX_DEPTH = 64,      /* XML element nesting */
    MAX_SHEETS = 4096,   /* sheets a workbook names */
    MAX_RELS = 4096,     /* relationships of one part */
    MAX_ENTRIES = 65536, /* entries of the archive (a workbook of 4096 sheets has about 8200) */
    MAX_ROW = 1048576,   /* Excel's last row */
    MAX_COL = 16384,     /* Excel's last column, XFD */
    CHUNK = 65536,       /* bytes unpacked per read: bounds are checked after each */
    BIG_PART = 1 << 20,  /* parts larger than this are held to AS_XLSX_MAX_RATIO */
    MAX_NAMES_SHOWN = 6, /* sheet names listed when the sheet is missing */
    MAX_XFS = 65536,     /* cell formats of styles.xml (Excel's own limit is 64,000) */
    MAX_NUMFMTS = 4096,  /* number formats styles.xml defines */
    MAX_PROPS = 256,     /* custom document properties kept */
};

/* A kept cell of the key or the value column. */
typedef struct {
    int row, col; /* 1-based */
    char type;    /* 'n' number, 's' shared string, 'i' inline, 'S' formula text, 'b', 'e', 'd' */
    bool formula; /* the cell holds a formula (<f>) */
    bool empty;   /* it has no <v> or inline text at all (before blanks are trimmed) */
    long style;   /* its cell format (the index into styles.xml's cellXfs), 0 by default */
    const char *text; /* its <v>, or its inline text cleaned (clean_text); scratch arena */
} cell;

/* One relationship of a part (a .rels file). */
typedef struct {
    const char *id, *type, *target; /* target resolved to a part name */
} rel;

/* A custom document property: its name and its value as text. */
typedef struct {
    const char *name, *value;
} prop;

/* One sheet the workbook names. */
typedef struct {
    const char *name, *rel_id; /* as shown on its tab; its relationship's Id */
} sheet_ref;

typedef struct {
    const char *file;          /* for messages; lives in the caller's arena */
    const as_xlsx_layout *lay; /* which sheet and columns */
    as_arena *tmp;             /* scratch for everything below; freed when done */
    as_diags *d;
    zip_t *zip;
    XML_Parser xml;          /* one parser, reset for each part */
    size_t unpacked;         /* bytes unpacked so far, all parts */
    const char **strings;    /* shared strings the kept cells name, each cleaned once
                                (clean_text) however many cells name it; NULL: not needed */
    size_t nstrings;         /* 1 + the largest index named; 0 when none is */
    cell *cells;             /* kept cells, in storage order */
    size_t ncells, capcells; /* */
    size_t seen;             /* cells of the sheet, any column */
    rel *rels;               /* relationships of the part last read */
    size_t nrels;            /* */
    sheet_ref *sheets;       /* the sheets the workbook names */
    size_t nsheets;          /* */
    const char *styles;      /* the styles part (number formats), or NULL */
    const char *custom;      /* the custom document properties' part, or NULL */
    unsigned char *xf_date;  /* per cell format of styles.xml: 1 if it shows a date or a time */
    size_t nxf;              /* */
    prop *props;             /* the custom document properties */
    size_t nprops, capprops; /* */
} reader;

/* The state of one part being parsed. */
typedef struct xparse {
    reader *R;
    XML_Parser p;
    const char *part; /* its name in the archive */
    int depth;        /* current element nesting */
    bool stopped;     /* a handler refused the part and reported why */
    bool done;        /* a handler has read all the part holds that is needed */
    bool collect;     /* character data goes to text (see collect()) */
    char *text;       /* collected text (malloc'd, at most AS_XLSX_MAX_TEXT) */
    size_t len, cap;  /* */
    as_loc where;     /* where collected text belongs, for messages */
    void *state;      /* the part's own state */
} xparse;

/* --- xlsxdoc.c ------------------------------------------------------------- */

/* A problem of the workbook as a whole, located at the file (or, for a
 * sheet, at the sheet): the first is kept, and reading stops. */
void as_xlsxr_fail(reader *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Refuse a spreadsheet of another format (ext: ".csv", ".ods", ...), saying
 * how to make the workbook assess reads. */
void as_xlsxr_other_format(as_diags *d, const char *path, const char *ext);

/* The location of a cell of the sheet read. */
as_loc as_xlsxr_cell_loc(const reader *R, int row, int col);

/* An element's name without its namespace prefix. */
const char *as_xlsxr_local_name(const char *name);

/* The value of the attribute whose local name is lname, or NULL. */
const char *as_xlsxr_attr(const XML_Char **atts, const char *lname);

/* Grow an array in the scratch arena by one slot; NULL when full (max) or out
 * of memory. */
void *as_xlsxr_push(reader *R, void **items, size_t *n, size_t *cap, size_t size, size_t max);

/* "D12" -> column 4, row 12.  Returns 0, or -1 if it is not a cell reference. */
int as_xlsxr_parse_ref(const char *s, int *row, int *col);

/* --- xlsxdoc_package.c ---------------------------------------------------- */

/* Refuse the part being parsed, at where: reported once, parsing stops. */
void as_xlsxr_refuse(xparse *x, as_loc where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Start or stop collecting character data (the text of <v> and <t>). */
void as_xlsxr_collect(xparse *x, bool on);

/* The collected text as a scratch-arena string ("" when none). */
char *as_xlsxr_take_text(xparse *x);

/* Depth bookkeeping shared by every start handler; false if the part is refused. */
bool as_xlsxr_enter(xparse *x);

/* Everything needed has been read: stop parsing and unpacking the part. */
void as_xlsxr_finish(xparse *x);

/* Parse the archive's part with the handlers (state in x->state).  Returns
 * 0, 1 if the part is absent (nothing reported), or -1 (reported). */
int as_xlsxr_parse_part(reader *R, const char *part, XML_StartElementHandler start,
                        XML_EndElementHandler end, void *state);

/* Find the workbook part, the sheet's part and the shared strings' part. */
int as_xlsxr_find_parts(reader *R, const char **sheet_part, const char **sst_part);

/* --- xlsxdoc_formats.c ----------------------------------------------------- */

/* Read which cell formats of the styles part (R->styles) show dates, into
 * R->xf_date, when a kept numeric cell has a format: 0, or -1 (reported). */
int as_xlsxr_read_formats(reader *R);

/* Read the custom document properties (R->custom; `assess template` writes
 * "rule set", "province" and "year") into R->props: 0, or -1 (reported). */
int as_xlsxr_read_props(reader *R);

/* --- xlsxdoc_cells.c ------------------------------------------------------- */

/* Whether a cell of type t holds text (a string shared or inline, a formula's
 * text result). */
bool as_xlsxr_is_text_type(char t);

/* Parse the sheet's part keeping the key and value columns' cells, then the
 * shared strings they name from part sst (NULL: none).  0, or -1 (reported). */
int as_xlsxr_read_cells(reader *R, const char *sheet, const char *sst);

/* What a kept cell shows, as the text of a scalar; NULL for an empty cell or
 * one that holds no usable value (reported). */
const char *as_xlsxr_cell_value(reader *R, const cell *c);

#endif
