/* xlsxdoc: one worksheet of an .xlsx workbook read into the same located
 * document tree the YAML loaders read (as_ydoc), so every check and message
 * serves both formats.  The sheet is read as rows of a key column holding
 * "section.field" and a value column holding that field's value; the tree is
 * {section: {field: value}} in row order, each key and value located at its
 * cell ("file.xlsx:Sheet!D12").  An empty value cell is a null, as "~" in
 * YAML; a number its cell shows as a date is marked so (as_ydoc_is_date),
 * and the workbook's custom document properties are kept (as_ydoc_property).
 * Rows whose key cell holds anything else (titles, labels) and every other
 * column are not read.  What the fields mean is the loaders' business.
 *
 * Each part needed is unpacked whole (libzip, which then checks its CRC)
 * and parsed in one call (expat); only the cells of the two columns are kept,
 * never a tree of the sheet, each shared string is cleaned once however many
 * cells name it, and the bounds below refuse hostile files cleanly.  Cells
 * may be stored in any order, with or without references; numbers as numbers
 * or as text; strings shared or inline.
 *
 * Ownership: as as_ydoc_load: the tree belongs to the as_ydoc until
 * as_ydoc_release; the file and sheet names live in the arena passed in;
 * everything else the reader needs is freed before it returns. */
#ifndef AS_XLSXDOC_H
#define AS_XLSXDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "input/ydoc.h"

/* Where the fields are. */
typedef struct {
    const char *sheet; /* the worksheet's name, e.g. "填报 Inputs" */
    int key_col;       /* 1-based column of the "section.field" keys */
    int value_col;     /* 1-based column of the values */
} as_xlsx_layout;

/* Bounds against hostile files. */
#define AS_XLSX_MAX_FILE_BYTES (64u * 1024u * 1024u)  /* the .xlsx file itself */
#define AS_XLSX_MAX_PART_BYTES (32u * 1024u * 1024u)  /* one unpacked part (XML file) */
#define AS_XLSX_MAX_TOTAL_BYTES (64u * 1024u * 1024u) /* all parts read, unpacked */
#define AS_XLSX_MAX_RATIO 100                         /* unpacked / packed, for parts > 1 MiB */
#define AS_XLSX_MAX_CELLS 200000                      /* cells in the sheet, any column */
#define AS_XLSX_MAX_TEXT 131072                       /* bytes of one cell's or string's text */
#define AS_XLSX_MAX_STRINGS 1000000                   /* shared strings */
#define AS_XLSX_MAX_KEYS 100000                       /* rows with a key */
#define AS_XLSX_MAX_KEPT (16u * 1024u * 1024u) /* bytes of text of all keys and values read */

/* True if path names a workbook: it ends in ".xlsx" (any case). */
bool as_xlsxdoc_is_name(const char *path);

/* True if path names a spreadsheet of another format, which as_xlsxdoc_load
 * refuses with the advice to save it in Excel or WPS as an .xlsx workbook:
 * it ends in ".xls", ".xlsm", ".xlsb", ".et", ".ods" or ".csv" (any case). */
bool as_xlsxdoc_is_other_name(const char *path);

/* True if the regular file at path begins as a zip archive or an OLE
 * compound file (.xls, .et, an encrypted workbook), whatever its name: the
 * workbook reader, not the YAML one, can say what it is.  Reads 8 bytes. */
bool as_xlsxdoc_is_content(const char *path);

/* Whether a number format shows a date or a time: one of the built-in
 * formats of those (ECMA-376 ids 14-22, 45-47, and the East Asian dates
 * 27-36 and 50-58) when code is NULL, else the format code itself
 * (yyyy"年"m"月"d"日", d-mmm, h:mm AM/PM; not General, 0.00E+00, or
 * quoted text).  A value cell whose format is one is marked a date in the
 * tree (as_ydoc_is_date): a figure Excel or WPS turned into a date. */
bool as_xlsxdoc_date_format(long id, const char *code);

/* Read the sheet lay->sheet of the workbook at path into y.  Returns 0, or -1
 * with every problem found added to d (y is then released already): the
 * file is named as another format (as_xlsxdoc_is_other_name) or is one (an
 * .xls, .et or .ods by its bytes), cannot be read, is not a workbook, has
 * no such sheet, two parts or sheets of one name, is damaged or
 * over a bound (located at the file), or a kept cell holds no usable value
 * (an error value, a formula without a saved result; located at the cell). */
int as_xlsxdoc_load(as_ydoc *y, const char *path, const as_xlsx_layout *lay, as_arena *a,
                    as_diags *d);

/* Same, from the len bytes of a workbook in memory; name is used in messages. */
int as_xlsxdoc_load_buffer(as_ydoc *y, const char *name, const void *data, size_t len,
                           const as_xlsx_layout *lay, as_arena *a, as_diags *d);

/* A document that is YAML or a workbook, read into y: as a workbook (sheet
 * lay->sheet) when its name says so (as_xlsxdoc_is_name or _is_other_name),
 * else as YAML; a file that is no YAML but begins as a workbook does
 * (as_xlsxdoc_is_content) goes to the workbook reader after all, which
 * reads it or says what it is, and the YAML reader's errors are dropped.
 * Returns 0, or -1 with the problems in d (y then released). */
int as_xlsxdoc_load_any(as_ydoc *y, const char *path, const as_xlsx_layout *lay, as_arena *a,
                        as_diags *d);

#endif
