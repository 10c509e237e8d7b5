/* ydoc: a loaded YAML document plus typed, located accessors.
 * Every loader goes through here so that every message about a rule file, a
 * submission or a calendar carries file:line:col (1-based; libyaml's marks are
 * 0-based).  The same tree can come from a workbook's sheet (xlsxdoc.h): then
 * every scalar is located at its cell ("file.xlsx:Sheet!D12").  It does not
 * know what any document means; the loaders do.  (The tree and its access
 * are ydoc.c, reading YAML ydoc_yaml.c, listing a folder ydoc_files.c.)
 * Ownership: as_ydoc owns its tree (libyaml's node type, in memory of its
 * own) until as_ydoc_release; strings that a loader keeps must be copied into
 * the loader's arena (the _str helpers do). */
#ifndef AS_YDOC_H
#define AS_YDOC_H

#include <stdbool.h>
#include <yaml.h>

#include "base/arena.h"
#include "base/diag.h"

typedef struct {
    yaml_node_t *nodes;      /* the tree: node i (1-based) is nodes[i - 1], the root first */
    size_t nnodes, capnodes; /* nodes used and allocated (malloc'd) */
    as_arena *mem;           /* scalars' text and collections' arrays of items */
    const char *file;        /* the path as given, owned by the arena passed to load */
    const char *sheet;       /* NULL for YAML; a workbook's sheet: marks are cells (line = row - 1,
                                column = column - 1) and mappings stand for the whole sheet */
    bool loaded;             /* the tree was begun: release frees it */
    const char **props;      /* a workbook's custom document properties: name, value, name,
                                value, ... in mem (none for YAML) */
    size_t nprops, capprops; /* pairs kept, and room */
} as_ydoc;

/* Bounds on what one file may hold, so hostile input fails in well under a
 * second instead of stalling a batch or eating memory: bytes in the file,
 * levels of nested lists and mappings, and values (scalars, lists, mappings
 * and aliases) in its tree. */
#define AS_YDOC_MAX_BYTES (16u * 1024u * 1024u)
#define AS_YDOC_MAX_DEPTH 64
#define AS_YDOC_MAX_NODES 500000

/* Read and parse path, which must be a regular file (a FIFO, device or
 * folder is refused without waiting on it).  On failure adds a located
 * diagnostic (libyaml's problem with its context; a bound passed; a key given
 * twice in one mapping; an unknown or self-containing alias; a second
 * document) and returns -1; y is then released already.  An empty document
 * is an error.  Returns 0 on success. */
int as_ydoc_load(as_ydoc *y, const char *path, as_arena *a, as_diags *d);

/* Same, but from a memory buffer; name is used in messages. */
int as_ydoc_load_string(as_ydoc *y, const char *name, const char *text, size_t len, as_arena *a,
                        as_diags *d);

/* Delete the tree.  Safe on a zeroed or already released ydoc. */
void as_ydoc_release(as_ydoc *y);

/* Building a tree (the YAML reader here, the workbook reader in xlsxdoc.c).
 * as_ydoc_begin starts an empty one (0, or -1 when out of memory); the first
 * node added is the root.  The add functions return the new node's index
 * (1-based), 0 when out of memory; a scalar's text is copied.  add_item
 * appends to a sequence, add_pair to a mapping: 0, or -1 when out of memory
 * or the node is not one. */
int as_ydoc_begin(as_ydoc *y);
int as_ydoc_add_scalar(as_ydoc *y, const char *text, size_t len, yaml_scalar_style_t style);
int as_ydoc_add_collection(as_ydoc *y, yaml_node_type_t type);
int as_ydoc_add_item(as_ydoc *y, int seq, int item);
int as_ydoc_add_pair(as_ydoc *y, int map, int key, int value);

/* Keep a document property (a workbook's custom property, e.g. "year" =
 * "2026"): both strings copied.  0, or -1 when out of memory. */
int as_ydoc_add_property(as_ydoc *y, const char *name, const char *value);

/* The value of the document property name, or NULL (always for YAML). */
const char *as_ydoc_property(const as_ydoc *y, const char *name);

/* A workbook's cell that shows its number as a date or a time: the scalar
 * is the date's serial number (46242 for 8 August 2026), marked so by the
 * workbook reader (never by the YAML one). */
void as_ydoc_mark_date(yaml_node_t *n);
bool as_ydoc_is_date(const yaml_node_t *n);

yaml_node_t *as_ydoc_root(as_ydoc *y);
yaml_node_t *as_ydoc_node(as_ydoc *y, int index);

/* Location of a node's first character (a sheet's scalar: its cell; a
 * sheet's mapping: the sheet). */
as_loc as_ydoc_loc(const as_ydoc *y, const yaml_node_t *n);

/* Location of byte offset `off` inside a single-line scalar (accounts for the
 * opening quote of quoted scalars).  Falls back to the node start. */
as_loc as_ydoc_text_loc(const as_ydoc *y, const yaml_node_t *n, size_t off);

/* Value node of `key` in a mapping, or NULL if map is not a mapping or the
 * key is absent. */
yaml_node_t *as_ydoc_get(as_ydoc *y, yaml_node_t *map, const char *key);

/* Report keys of `map` that are not in the NULL-terminated list `allowed`,
 * naming `what` (e.g. "indicator"); keys given twice were already refused at
 * load.  Returns the number of problems reported. */
int as_ydoc_check_keys(as_ydoc *y, yaml_node_t *map, const char *what, const char *const *allowed,
                       as_diags *d);

/* Scalar text of a node, or NULL if it is not a scalar. */
const char *as_ydoc_scalar(const yaml_node_t *n);

/* True for a plain scalar "~", "null", "Null", "NULL" or empty. */
bool as_ydoc_is_null(const yaml_node_t *n);

/* Type checks that report "'what' must be a mapping" etc.; return true if ok. */
bool as_ydoc_expect_map(as_ydoc *y, yaml_node_t *n, const char *what, as_diags *d);
bool as_ydoc_expect_seq(as_ydoc *y, yaml_node_t *n, const char *what, as_diags *d);

/* Convert a node.  Return 0 on success, -1 after reporting a located error
 * naming `what`.  Numbers must be plain scalars that strtod/strtoll consume
 * completely, finite and in range; strings must be scalars (copied into a). */
int as_ydoc_to_num(as_ydoc *y, yaml_node_t *n, const char *what, double *out, as_diags *d);
int as_ydoc_to_int(as_ydoc *y, yaml_node_t *n, const char *what, long *out, as_diags *d);
int as_ydoc_to_str(as_ydoc *y, yaml_node_t *n, const char *what, as_arena *a, const char **out,
                   as_diags *d);
int as_ydoc_to_bool(as_ydoc *y, yaml_node_t *n, const char *what, bool *out, as_diags *d);

/* Convert a figure a person entered (a submission's value): like
 * as_ydoc_to_num, but a number in full-width digits, with thousands
 * separators or quoted is read, with a note saying how it was read; a
 * percentage, a unit after the number or an ambiguous comma is an error that
 * says what to write, in the unit: `unit` in the English message (e.g.
 * "10^4 tce (万吨标准煤)"), `unit_zh` in the translation ("万吨标准煤（10^4
 * tce）"). */
int as_ydoc_to_amount(as_ydoc *y, yaml_node_t *n, const char *what, const char *unit,
                      const char *unit_zh, double *out, as_diags *d);

/* Look up `key` in map and convert it.  Return 0 when found and converted,
 * 1 when absent (reported as "missing field 'key' in what" if required, in
 * which case the return is -1), -1 on a conversion error. */
int as_ydoc_get_num(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                    double *out, as_diags *d);
int as_ydoc_get_int(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                    long *out, as_diags *d);
int as_ydoc_get_str(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                    as_arena *a, const char **out, as_diags *d);
int as_ydoc_get_bool(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                     bool *out, as_diags *d);

/* The same for one of the n names (its index in *out): any other text is
 * "unknown KEY 'x': use 'a', 'b' or 'c'" at its node. */
int as_ydoc_get_choice(as_ydoc *y, yaml_node_t *map, const char *key, const char *what,
                       const char *const *names, size_t n, bool required, as_arena *a, int *out,
                       as_diags *d);

/* The names of the "*.yaml" files in dir (hidden files skipped; the suffix
 * in any case), in byte order, so every folder of YAML files is read in the
 * same order everywhere.
 * Returns 0 with *names (free with as_ydoc_names_free) and *n set, or -1 with
 * errno set: the folder cannot be read, holds more than max such files
 * (E2BIG) or memory ran out (ENOMEM). */
int as_ydoc_list(const char *dir, size_t max, char ***names, size_t *n);

/* The same for the files whose names end in one of the NULL-terminated
 * suffixes exts (e.g. {".yaml", ".xlsx", NULL}). */
int as_ydoc_list_ext(const char *dir, const char *const *exts, size_t max, char ***names,
                     size_t *n);
void as_ydoc_names_free(char **names, size_t n);

#endif
