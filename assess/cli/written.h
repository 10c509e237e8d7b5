/* written: the line per folder that names what a run put in place —
 * "wrote DIR: a.xlsx, 31 province workbooks, b.json; listed with their
 * SHA-256 in DIR/assess.sha256" — in the terminal's language.  It is told
 * of each province workbook as it is written and of each file as the
 * output set puts it in place (output.h), and prints the lines at the end.
 * It knows no file's contents.
 *
 * Ownership: an as_written owns copies of every name it was told of, until
 * as_written_release. */
#ifndef AS_CLI_WRITTEN_H
#define AS_CLI_WRITTEN_H

#include <stdbool.h>
#include <stddef.h>

/* The files one folder got. */
typedef struct {
    char *dir;    /* the folder as named */
    char **names; /* files other than province workbooks, in the order placed */
    size_t nnames, capnames;
    size_t provinces; /* province workbooks */
    size_t first;     /* names placed before the first of them */
    char *province;   /* the first one's name (the one when there is one only) */
    bool manifest;    /* the folder's manifest was written */
} as_written_folder;

typedef struct {
    char **provincial; /* paths of the province workbooks written, sorted once placing starts */
    size_t nprovincial, capprovincial;
    bool sorted;                /* provincial is sorted */
    as_written_folder *folders; /* what was put in place, by folder */
    size_t nfolders, capfolders;
} as_written;

void as_written_init(as_written *w);
void as_written_release(as_written *w);

/* A province workbook was written at path (before it is put in place). */
void as_written_province(as_written *w, const char *path);

/* The output set put path in place: as_output_placed_fn with w as ctx. */
void as_written_placed(void *w, const char *path);

/* "wrote DIR: ..." on stderr, one line (per language) per folder, in name
 * order. */
void as_written_print(as_written *w);

#endif
