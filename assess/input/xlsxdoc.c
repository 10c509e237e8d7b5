/* xlsxdoc: reading one sheet of an .xlsx workbook into an as_ydoc tree, in
 * steps: open the archive (libzip) from memory and refuse duplicate part
 * names, find the workbook part (_rels/.rels), the sheet by its name
 * (workbook.xml and its relationships), parse the sheet keeping only the key
 * and value columns (expat), read the shared strings they name, then build
 * the tree in row order.  Knows nothing of submissions; every bound is
 * checked while reading, not after. */
#include "input/xlsxdoc.h"
#include "input/xlsxdoc_read.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "base/strmap.h"

/* ------------------------------------------------------------ messages */

void as_xlsxr_fail(reader *R, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd(R->d, as_loc_make(R->file, 0, 0), fmt, ap);
    va_end(ap);
}

/* Refuse a spreadsheet of another format (ext: ".csv", ".ods", ...), saying
 * how to make the workbook this reader reads. */
void as_xlsxr_other_format(as_diags *d, const char *path, const char *ext)
{
    as_diags_add(d, as_loc_make(path, 0, 0),
                 "this is a %s file: save it in Excel or WPS as an Excel workbook (*.xlsx)", ext);
}

as_loc as_xlsxr_cell_loc(const reader *R, int row, int col)
{
    return as_loc_cell(R->file, R->lay->sheet, row, col);
}

/* ------------------------------------------------------------ small helpers */

const char *as_xlsxr_local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* The value of the attribute whose local name is lname, or NULL. */
const char *as_xlsxr_attr(const XML_Char **atts, const char *lname)
{
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (!strcmp(as_xlsxr_local_name(atts[i]), lname))
            return atts[i + 1];
    return NULL;
}

/* Grow an array in the scratch arena by one slot; NULL when full or out of memory. */
void *as_xlsxr_push(reader *R, void **items, size_t *n, size_t *cap, size_t size, size_t max)
{
    if (*n >= max)
        return NULL;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        void *p = as_arena_alloc(R->tmp, ncap * size);
        if (!p)
            return NULL;
        if (*n)
            memcpy(p, *items, *n * size);
        *items = p;
        *cap = ncap;
    }
    return (char *)*items + (*n)++ * size;
}

/* "D12" -> column 4, row 12.  Returns 0, or -1 if it is not a cell reference. */
int as_xlsxr_parse_ref(const char *s, int *row, int *col)
{
    long c = 0, r = 0;
    const char *p = s;
    for (; *p >= 'A' && *p <= 'Z' && c <= MAX_COL; p++)
        c = c * 26 + (*p - 'A' + 1);
    for (; *p >= '0' && *p <= '9' && r <= MAX_ROW; p++)
        r = r * 10 + (*p - '0');
    if (*p || c < 1 || c > MAX_COL || r < 1 || r > MAX_ROW)
        return -1;
    *row = (int)r;
    *col = (int)c;
    return 0;
}

/* ------------------------------------------------------------ the tree */

static int node_at(as_ydoc *y, int id, int row, int col)
{
    yaml_node_t *n = as_ydoc_node(y, id);
    if (n) {
        n->start_mark.line = n->end_mark.line = (size_t)(row > 0 ? row - 1 : 0);
        n->start_mark.column = n->end_mark.column = (size_t)(col > 0 ? col - 1 : 0);
    }
    return id;
}

static int scalar_at(as_ydoc *y, const char *text, int row, int col)
{
    return node_at(y, as_ydoc_add_scalar(y, text, strlen(text), YAML_PLAIN_SCALAR_STYLE), row, col);
}

static bool ident_char(char ch, bool first)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
           (!first && ch >= '0' && ch <= '9');
}

/* Split "section.field" at its dot; 1 if key is one, 0 if it is a label,
 * -1 if it looks like a key but is not one (reported). */
static int split_key(reader *R, const cell *k, const char *key, size_t *dot)
{
    const char *p = strchr(key, '.');
    bool shaped = p != NULL;
    for (const char *q = key; *q && shaped; q++)
        shaped = ident_char(*q, false) || *q == '.';
    if (!shaped)
        return 0;
    bool ok = p != key && p[1] && !strchr(p + 1, '.') && ident_char(key[0], true) &&
              ident_char(p[1], true);
    if (!ok) {
        as_diags_add(R->d, as_xlsxr_cell_loc(R, k->row, k->col),
                     "'%s' in the key column is not a key of the form 'section.field'", key);
        return -1;
    }
    *dot = (size_t)(p - key);
    return 1;
}

typedef struct {
    int root;           /* the root mapping's node id */
    as_strmap sections; /* section name -> its mapping's node id */
    size_t keys;        /* rows with a key */
    size_t kept;        /* bytes of key and value text put in the tree so far */
} tree;

/* The mapping of section name, added to the root at the key cell k if new. */
static int section_map(as_ydoc *y, tree *T, const char *name, const cell *k)
{
    size_t id;
    if (as_strmap_get(&T->sections, name, &id) == 0)
        return (int)id;
    int key = scalar_at(y, name, k->row, k->col);
    int map = as_ydoc_add_collection(y, YAML_MAPPING_NODE);
    if (!key || !map || as_ydoc_add_pair(y, T->root, key, map) != 0 ||
        as_strmap_put(&T->sections, name, (size_t)map, NULL) < 0)
        return 0;
    return map;
}

/* Add the row of key cell k and value cell v (NULL: empty) to the tree. */
static int add_row(reader *R, as_ydoc *y, tree *T, const cell *k, const cell *v)
{
    if (!as_xlsxr_is_text_type(k->type))
        return 0;
    const char *key = as_xlsxr_cell_value(R, k);
    size_t dot;
    if (!key || split_key(R, k, key, &dot) <= 0)
        return 0;
    if (++T->keys > AS_XLSX_MAX_KEYS) {
        as_xlsxr_fail(R, "sheet '%s' has more than %d keys", R->lay->sheet, AS_XLSX_MAX_KEYS);
        return -1;
    }
    char *section = as_arena_strndup(R->tmp, key, dot);
    const char *value = v ? as_xlsxr_cell_value(R, v) : NULL;
    T->kept += strlen(key) + (value ? strlen(value) : 0);
    if (T->kept > AS_XLSX_MAX_KEPT) { /* many cells naming one long shared string */
        as_diags_add(R->d, as_xlsxr_cell_loc(R, k->row, R->lay->value_col),
                     "the keys and values up to this row hold more than %u bytes of text: far "
                     "more than a submission",
                     AS_XLSX_MAX_KEPT);
        return -1;
    }
    int map = section ? section_map(y, T, section, k) : 0;
    int kn = map ? scalar_at(y, key + dot + 1, k->row, k->col) : 0;
    int vn = kn ? scalar_at(y, value ? value : "", k->row, R->lay->value_col) : 0;
    if (!vn || as_ydoc_add_pair(y, map, kn, vn) != 0) {
        as_xlsxr_fail(R, "out of memory");
        return -1;
    }
    if (v && v->type == 'n' && value && (size_t)v->style < R->nxf && R->xf_date[v->style])
        as_ydoc_mark_date(as_ydoc_node(y, vn)); /* a number shown as a date */
    return 0;
}

/* The custom document properties, into the document's memory. */
static int keep_props(reader *R, as_ydoc *y)
{
    for (size_t i = 0; i < R->nprops; i++)
        if (as_ydoc_add_property(y, R->props[i].name, R->props[i].value) != 0) {
            as_xlsxr_fail(R, "out of memory");
            return -1;
        }
    return 0;
}

static int by_position(const void *a, const void *b)
{
    const cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

static int build_tree(reader *R, as_ydoc *y)
{
    if (R->ncells)
        qsort(R->cells, R->ncells, sizeof *R->cells, by_position);
    if (as_ydoc_begin(y) != 0) {
        as_xlsxr_fail(R, "out of memory");
        return -1;
    }
    tree T = {0};
    as_strmap_init(&T.sections);
    int rc = (T.root = as_ydoc_add_collection(y, YAML_MAPPING_NODE)) ? keep_props(R, y) : -1;
    for (size_t i = 0; rc == 0 && i < R->ncells;) {
        const cell *k = NULL, *v = NULL;
        size_t j = i;
        for (; j < R->ncells && R->cells[j].row == R->cells[i].row; j++) {
            const cell *c = &R->cells[j];
            if (j > i && c->col == c[-1].col) {
                as_diags_add(R->d, as_xlsxr_cell_loc(R, c->row, c->col),
                             "damaged workbook: the cell is stored twice");
                rc = -1;
            }
            *(c->col == R->lay->key_col ? &k : &v) = c;
        }
        if (rc == 0 && k)
            rc = add_row(R, y, &T, k, v);
        i = j;
    }
    if (rc == 0 && !T.keys) {
        char col[8];
        as_loc_col_name(R->lay->key_col, col);
        as_diags_add(R->d, as_xlsxr_cell_loc(R, 0, 0),
                     "no row has a 'section.field' key in column %s: the workbook was not made by "
                     "'assess template'",
                     col);
    }
    as_strmap_release(&T.sections);
    return rc;
}

/* ------------------------------------------------------------ entry points */

/* The first bytes of an OLE compound file: an .xls or WPS .et workbook, or
 * a password-protected .xlsx (encrypted into one). */
static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* Names of spreadsheets in other formats, which are refused with the advice
 * to save them as .xlsx (see as_xlsxdoc_is_other_name). */
static const char *const other_exts[] = {".xls", ".xlsm", ".xlsb", ".et", ".ods", ".csv", NULL};

/* The extension of path's file name ("" if none), e.g. ".XLSX". */
static const char *ext_of(const char *path)
{
    const char *base = strrchr(path, '/'), *dot = strrchr(base ? base : path, '.');
    return dot && dot != (base ? base + 1 : path) ? dot : "";
}

bool as_xlsxdoc_is_name(const char *path)
{
    return path && !strcasecmp(ext_of(path), ".xlsx");
}

bool as_xlsxdoc_is_other_name(const char *path)
{
    for (const char *const *x = other_exts; path && *x; x++)
        if (!strcasecmp(ext_of(path), *x))
            return true;
    return false;
}

bool as_xlsxdoc_is_content(const char *path)
{
    unsigned char head[8];
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    bool yes = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
               read(fd, head, sizeof head) == (ssize_t)sizeof head &&
               (!memcmp(head, "PK\3\4", 4) || !memcmp(head, ole, sizeof ole));
    if (fd >= 0)
        close(fd);
    return yes;
}

/* Open the archive over the buffer, with a message a person understands when
 * it is not one. */
static int open_zip(reader *R, const void *data, size_t len)
{
    if (len >= sizeof ole && !memcmp(data, ole, sizeof ole)) {
        as_xlsxr_fail(
            R, "this is an old-format workbook (.xls, or WPS .et) or a password-protected one: "
               "save it in Excel or WPS as an Excel workbook (*.xlsx) without a password");
        return -1;
    }
    if (len < 4 || memcmp(data, "PK", 2) != 0) {
        as_xlsxr_fail(R, "not an Excel workbook (.xlsx): the file is not a zip archive");
        return -1;
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
    if (src && !(R->zip = zip_open_from_source(src, ZIP_RDONLY, &err)))
        zip_source_free(src);
    if (!R->zip) {
        int code = zip_error_code_zip(&err);
        if (code == ZIP_ER_NOZIP && !memcmp(data, "PK\3\4", 4))
            as_xlsxr_fail(R,
                          "damaged workbook: the zip archive is cut short or damaged (its table of "
                          "contents is missing): copy or send the whole file again");
        else if (code == ZIP_ER_NOZIP)
            as_xlsxr_fail(R, "not an Excel workbook (.xlsx): the file is not a zip archive");
        else
            as_xlsxr_fail(R, "damaged workbook: %s", zip_error_strerror(&err));
    }
    zip_error_fini(&err);
    return R->zip ? 0 : -1;
}

static int by_name_nocase(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Refuse an archive in which two entries have one name, also one that
 * differs only in case: OPC part names are compared so, and other programs
 * would read another entry than this reader (the last one, or the one of
 * the exact case), so the same file would show other figures there. */
static int unique_names(reader *R)
{
    zip_int64_t n = zip_get_num_entries(R->zip, 0);
    if (n > MAX_ENTRIES) {
        as_xlsxr_fail(R, "damaged workbook: the archive holds more than %d parts", MAX_ENTRIES);
        return -1;
    }
    const char **names = as_arena_alloc(R->tmp, (size_t)(n > 0 ? n : 1) * sizeof *names);
    if (!names) {
        as_xlsxr_fail(R, "out of memory");
        return -1;
    }
    for (zip_int64_t i = 0; i < n; i++)
        if (!(names[i] = zip_get_name(R->zip, (zip_uint64_t)i, 0))) {
            as_xlsxr_fail(R, "damaged workbook: %s", zip_strerror(R->zip));
            return -1;
        }
    qsort(names, (size_t)n, sizeof *names, by_name_nocase);
    for (zip_int64_t i = 1; i < n; i++) {
        const char *x = names[i - 1], *y = names[i];
        if (strcasecmp(x, y) != 0)
            continue;
        if (!strcmp(x, y))
            as_xlsxr_fail(
                R,
                "damaged workbook: part '%s' is stored twice: other programs may read the other "
                "copy",
                x);
        else /* in byte order, so the message does not depend on the sort */
            as_xlsxr_fail(
                R,
                "damaged workbook: parts '%s' and '%s' have one name (part names do not differ "
                "by case only): other programs may read the other one",
                strcmp(x, y) < 0 ? x : y, strcmp(x, y) < 0 ? y : x);
        return -1;
    }
    return 0;
}

static int read_workbook(reader *R, as_ydoc *y)
{
    const char *sheet = NULL, *sst = NULL;
    if (unique_names(R) != 0 || as_xlsxr_find_parts(R, &sheet, &sst) != 0)
        return -1;
    if (as_xlsxr_read_cells(R, sheet, sst) != 0 || as_xlsxr_read_formats(R) != 0 ||
        as_xlsxr_read_props(R) != 0)
        return -1;
    return build_tree(R, y);
}

int as_xlsxdoc_load_buffer(as_ydoc *y, const char *name, const void *data, size_t len,
                           const as_xlsx_layout *lay, as_arena *a, as_diags *d)
{
    memset(y, 0, sizeof *y);
    y->file = as_arena_strdup(a, name);
    y->sheet = as_arena_strdup(a, lay->sheet);
    reader R = {.file = y->file ? y->file : name, .lay = lay, .d = d};
    size_t before = as_diags_count(d);
    if (!y->file || !y->sheet || !(R.tmp = as_arena_new(0))) {
        as_xlsxr_fail(&R, "out of memory");
        return -1;
    }
    if (open_zip(&R, data, len) == 0) {
        read_workbook(&R, y);
        zip_discard(R.zip);
    }
    if (R.xml)
        XML_ParserFree(R.xml);
    as_arena_free(R.tmp);
    if (as_diags_count(d) != before) {
        as_ydoc_release(y);
        return -1;
    }
    return 0;
}

/* Read a regular file of at most AS_XLSX_MAX_FILE_BYTES into *data
 * (malloc'd), with the YAML loader's messages. */
static int read_file(const char *path, void **data, size_t *len, as_diags *d)
{
    as_loc at = as_loc_make(path, 0, 0);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    *data = NULL;
    *len = 0;
    if (fd < 0 || fstat(fd, &st) != 0) {
        as_diags_add(d, at, "cannot open file: %s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        as_diags_add(d, at, "cannot read file: not a regular file");
    } else if ((unsigned long long)st.st_size > AS_XLSX_MAX_FILE_BYTES) {
        as_diags_add(d, at, "file is larger than %u bytes", AS_XLSX_MAX_FILE_BYTES);
    } else if (!(*data = malloc(st.st_size ? (size_t)st.st_size : 1))) {
        as_diags_add(d, at, "out of memory");
    } else {
        int err = 0;
        while (*len < (size_t)st.st_size && !err) {
            ssize_t n = read(fd, (char *)*data + *len, (size_t)st.st_size - *len);
            if (n > 0)
                *len += (size_t)n;
            else if (n == 0)
                break; /* the file shrank: read what there is */
            else if (errno != EINTR)
                err = errno;
        }
        if (err) {
            as_diags_add(d, at, "cannot read file: %s", strerror(err));
            free(*data);
            *data = NULL;
        }
    }
    if (fd >= 0)
        close(fd);
    return *data ? 0 : -1;
}

int as_xlsxdoc_load(as_ydoc *y, const char *path, const as_xlsx_layout *lay, as_arena *a,
                    as_diags *d)
{
    void *data;
    size_t len;
    memset(y, 0, sizeof *y);
    if (as_xlsxdoc_is_other_name(path)) {
        as_xlsxr_other_format(d, path, ext_of(path));
        return -1;
    }
    if (read_file(path, &data, &len, d) != 0)
        return -1;
    int rc = as_xlsxdoc_load_buffer(y, path, data, len, lay, a, d);
    free(data);
    return rc;
}

int as_xlsxdoc_load_any(as_ydoc *y, const char *path, const as_xlsx_layout *lay, as_arena *a,
                        as_diags *d)
{
    if (as_xlsxdoc_is_name(path) || as_xlsxdoc_is_other_name(path))
        return as_xlsxdoc_load(y, path, lay, a, d);
    as_diags mine;
    as_diags_init(&mine);
    int rc = as_ydoc_load(y, path, a, &mine);
    if (rc != 0 && as_xlsxdoc_is_content(path))
        rc = as_xlsxdoc_load(y, path, lay, a, d);
    else
        as_diags_move(d, &mine);
    as_diags_release(&mine);
    return rc;
}
