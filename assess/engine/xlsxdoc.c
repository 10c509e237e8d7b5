/* xlsxdoc: reading one sheet of an .xlsx workbook into an as_ydoc tree, in
 * steps: open the archive (libzip) from memory and refuse duplicate part
 * names, find the workbook part (_rels/.rels), the sheet by its name
 * (workbook.xml and its relationships), parse the sheet keeping only the key
 * and value columns (expat), read the shared strings they name, then build
 * the tree in row order.  Knows nothing of submissions; every bound is
 * checked while reading, not after. */
#include "engine/xlsxdoc.h"

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

#include "engine/strmap.h"

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
};

/* A kept cell of the key or the value column. */
typedef struct {
    int row, col; /* 1-based */
    char type;    /* 'n' number, 's' shared string, 'i' inline, 'S' formula text, 'b', 'e', 'd' */
    bool formula; /* the cell holds a formula (<f>) */
    bool empty;   /* it has no <v> or inline text at all (before blanks are trimmed) */
    const char *text; /* its <v>, or its inline text cleaned (clean_text); scratch arena */
} cell;

/* One relationship of a part (a .rels file). */
typedef struct {
    const char *id, *type, *target; /* target resolved to a part name */
} rel;

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
} reader;

/* ------------------------------------------------------------ messages */

static void fail(reader *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(reader *R, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd(R->d, as_loc_make(R->file, 0, 0), fmt, ap);
    va_end(ap);
}

/* Refuse a spreadsheet of another format (ext: ".csv", ".ods", ...), saying
 * how to make the workbook this reader reads. */
static void other_format(as_diags *d, const char *path, const char *ext)
{
    as_diags_add(d, as_loc_make(path, 0, 0),
                 "this is a %s file: save it in Excel or WPS as an Excel workbook (*.xlsx)", ext);
}

static as_loc cell_loc(const reader *R, int row, int col)
{
    return as_loc_cell(R->file, R->lay->sheet, row, col);
}

/* ------------------------------------------------------------ small helpers */

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* The value of the attribute whose local name is lname, or NULL. */
static const char *attr(const XML_Char **atts, const char *lname)
{
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (!strcmp(local_name(atts[i]), lname))
            return atts[i + 1];
    return NULL;
}

/* Grow an array in the scratch arena by one slot; NULL when full or out of memory. */
static void *push(reader *R, void **items, size_t *n, size_t *cap, size_t size, size_t max)
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
static int parse_ref(const char *s, int *row, int *col)
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

/* ------------------------------------------------------------ cell text */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Append code point cp as UTF-8; 0 if it is not one a string may hold. */
static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* The length of the blank that the n bytes at s start with (at_end: end
 * with), 0 if none: the blanks trimmed from either end of a cell's text are
 * space, tab, CR, LF, the no-break space (C2 A0) and the ideographic space
 * (E3 80 80).  Byte by byte: it runs once per blank of a 131,072-byte text. */
static size_t blank_len(const char *s, size_t n, bool at_end)
{
    const unsigned char *u = (const unsigned char *)(at_end ? s + n : s);
    if (!n)
        return 0;
    unsigned char c = at_end ? u[-1] : u[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        return 1;
    if (at_end ? n >= 2 && c == 0xA0 && u[-2] == 0xC2 : n >= 2 && c == 0xC2 && u[1] == 0xA0)
        return 2;
    if (at_end ? n >= 3 && c == 0x80 && u[-2] == 0x80 && u[-3] == 0xE3
               : n >= 3 && c == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

/* Spreadsheet text with "_xHHHH_" escapes decoded (OOXML writes control
 * characters so) and blanks at either end removed, in place and in one pass
 * over s (a decoded escape is never longer than its 7 bytes).  Returns the
 * start of the cleaned text within s.  Call it once per text: decoding
 * "_x005F_x0041_" twice would give "A", not "_x0041_". */
static char *clean_text(char *s)
{
    size_t n = 0;
    for (size_t i = 0; s[i];) {
        int h[4] = {0};
        bool esc = s[i] == '_' && s[i + 1] == 'x';
        for (int k = 0; esc && k < 4; k++)
            esc = (h[k] = hexval(s[i + 2 + (size_t)k])) >= 0;
        esc = esc && s[i + 6] == '_';
        size_t w =
            esc ? put_utf8(s + n, (unsigned long)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3])) : 0;
        if (w) {
            n += w;
            i += 7;
        } else {
            s[n++] = s[i++];
        }
    }
    char *b = s;
    for (size_t k; (k = blank_len(b, n, false)) > 0; n -= k)
        b += k;
    for (size_t k; (k = blank_len(b, n, true)) > 0;)
        n -= k;
    b[n] = '\0';
    return b;
}

static bool is_text_type(char t)
{
    return t == 's' || t == 'i' || t == 'S';
}

/* ------------------------------------------------------------ XML parts */

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

static void refuse(xparse *x, as_loc where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void refuse(xparse *x, as_loc where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd(x->R->d, where, fmt, ap);
    va_end(ap);
    x->stopped = true;
    XML_StopParser(x->p, XML_FALSE);
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    xparse *x = ud;
    if (!x->collect || x->stopped || len <= 0)
        return;
    size_t n = (size_t)len;
    if (x->len + n > AS_XLSX_MAX_TEXT) {
        refuse(x, x->where, "text longer than %d bytes", AS_XLSX_MAX_TEXT);
        return;
    }
    if (x->len + n + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 256;
        while (cap < x->len + n + 1)
            cap *= 2;
        char *t = realloc(x->text, cap);
        if (!t) {
            refuse(x, x->where, "out of memory");
            return;
        }
        x->text = t;
        x->cap = cap;
    }
    memcpy(x->text + x->len, s, n);
    x->len += n;
    x->text[x->len] = '\0';
}

/* Start or stop collecting character data.  Expat calls no handler for the
 * text of elements nobody reads (most of a sheet). */
static void collect(xparse *x, bool on)
{
    x->collect = on;
    XML_SetCharacterDataHandler(x->p, on ? on_text : NULL);
}

/* Everything needed has been read: stop parsing and unpacking the part. */
static void finish(xparse *x)
{
    x->done = true;
    XML_StopParser(x->p, XML_FALSE);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int internal)
{
    xparse *x = ud;
    (void)name, (void)sysid, (void)pubid, (void)internal;
    refuse(x, as_loc_make(x->R->file, 0, 0),
           "damaged workbook: part '%s' declares a document type, which workbooks never do",
           x->part);
}

/* Depth bookkeeping shared by every start handler; false if the part is refused. */
static bool enter(xparse *x)
{
    if (x->stopped)
        return false;
    if (++x->depth > MAX_DEPTH) {
        refuse(x, as_loc_make(x->R->file, 0, 0),
               "damaged workbook: part '%s' nests elements deeper than %d", x->part, MAX_DEPTH);
        return false;
    }
    return true;
}

/* The collected text as a scratch-arena string ("" when none). */
static char *take_text(xparse *x)
{
    static char none[1];
    char *s = as_arena_strndup(x->R->tmp, x->text ? x->text : "", x->len);
    x->len = 0;
    if (x->text)
        x->text[0] = '\0';
    if (!s)
        refuse(x, x->where, "out of memory");
    return s ? s : none;
}

/* Refuse parts whose size or packing says they are not what a workbook holds. */
static int check_entry(reader *R, const char *part, const zip_stat_t *st)
{
    if ((st->valid & ZIP_STAT_SIZE) && st->size > AS_XLSX_MAX_PART_BYTES) {
        fail(R, "part '%s' unpacks to %llu bytes, more than the %u allowed", part,
             (unsigned long long)st->size, AS_XLSX_MAX_PART_BYTES);
        return -1;
    }
    if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE) {
        fail(R, "part '%s' is encrypted: save the workbook without a password", part);
        return -1;
    }
    return 0;
}

/* Whether the part, got bytes unpacked so far, is over a bound (reported). */
static bool over_bound(xparse *x, size_t got, zip_uint64_t packed)
{
    reader *R = x->R;
    if (got > AS_XLSX_MAX_PART_BYTES || R->unpacked > AS_XLSX_MAX_TOTAL_BYTES) {
        fail(R, "part '%s' unpacks to more than %u bytes", x->part,
             got > AS_XLSX_MAX_PART_BYTES ? AS_XLSX_MAX_PART_BYTES : AS_XLSX_MAX_TOTAL_BYTES);
        return true;
    }
    if (got > BIG_PART && got / (packed ? packed : 1) > AS_XLSX_MAX_RATIO) {
        fail(R, "part '%s' unpacks to more than %d times its packed size: refused as a zip bomb",
             x->part, AS_XLSX_MAX_RATIO);
        return true;
    }
    return false;
}

static void unpack_failed(xparse *x, zip_file_t *zf)
{
    if (zip_error_code_zip(zip_file_get_error(zf)) == ZIP_ER_CRC)
        fail(x->R,
             "damaged workbook: part '%s' does not match its checksum (CRC): copy or send the "
             "file again",
             x->part);
    else
        fail(x->R, "damaged workbook: cannot unpack part '%s': %s", x->part, zip_file_strerror(zf));
}

/* Unpack the whole entry into one malloc'd buffer (*out, *len), holding
 * every bound as it grows.  Reading to the end is what makes libzip check
 * the entry's CRC, so a part damaged in transit is refused, not read. */
static int unpack(xparse *x, zip_file_t *zf, const zip_stat_t *st, char **out, size_t *len)
{
    zip_uint64_t packed = (st->valid & ZIP_STAT_COMP_SIZE) ? st->comp_size : 0;
    size_t cap = (st->valid & ZIP_STAT_SIZE) ? (size_t)st->size + 1 : CHUNK, got = 0;
    char *buf = malloc(cap);
    for (zip_int64_t n = 1; buf && n > 0;) {
        if (got == cap) {
            char *more = realloc(buf, 2 * cap);
            if (!more)
                break; /* out of memory, reported below */
            buf = more;
            cap *= 2;
        }
        n = zip_fread(zf, buf + got, cap - got < CHUNK ? cap - got : CHUNK);
        if (n < 0) {
            unpack_failed(x, zf);
        } else {
            got += (size_t)n;
            x->R->unpacked += (size_t)n;
            if (!over_bound(x, got, packed))
                continue;
        }
        free(buf);
        return -1;
    }
    if (!buf || got == cap) { /* the loop ends with room left unless memory ran out */
        fail(x->R, "out of memory");
        free(buf);
        return -1;
    }
    *out = buf;
    *len = got;
    return 0;
}

/* Unpack the entry and parse it whole in one call: expat 2.5 scans a token
 * again from its start on every piece fed to it, so a token split over
 * many pieces (a 16 MiB attribute value) would cost time quadratic in its
 * length; given the part at once, it scans each byte once. */
static int feed(xparse *x, zip_file_t *zf, const zip_stat_t *st)
{
    char *buf = NULL;
    size_t len = 0;
    if (unpack(x, zf, st, &buf, &len) != 0)
        return -1;
    int rc = 0;
    if (XML_Parse(x->p, buf, (int)len, XML_TRUE) == XML_STATUS_ERROR && !(x->done && !x->stopped)) {
        if (!x->stopped)
            fail(x->R, "damaged workbook: part '%s' line %lu, column %lu: %s", x->part,
                 (unsigned long)XML_GetCurrentLineNumber(x->p),
                 (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1,
                 XML_ErrorString(XML_GetErrorCode(x->p)));
        rc = -1;
    }
    free(buf);
    return rc;
}

/* Parse the archive's part with the handlers.  Returns 0, 1 if the part is
 * absent (nothing reported), or -1 after reporting a problem. */
static int parse_part(reader *R, const char *part, XML_StartElementHandler start,
                      XML_EndElementHandler end, void *state)
{
    zip_int64_t idx = zip_name_locate(R->zip, part, ZIP_FL_NOCASE);
    if (idx < 0)
        return 1;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(R->zip, (zip_uint64_t)idx, 0, &st) != 0) {
        fail(R, "damaged workbook: %s", zip_strerror(R->zip));
        return -1;
    }
    if (check_entry(R, part, &st) != 0)
        return -1;
    zip_file_t *zf = zip_fopen_index(R->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        fail(R, "damaged workbook: cannot open part '%s': %s", part, zip_strerror(R->zip));
        return -1;
    }
    xparse x = {.R = R, .part = part, .state = state, .where = as_loc_make(R->file, 0, 0)};
    int rc = -1;
    if (R->xml ? !XML_ParserReset(R->xml, NULL) : !(R->xml = XML_ParserCreate(NULL))) {
        fail(R, "out of memory");
    } else {
        x.p = R->xml;
        XML_SetUserData(x.p, &x);
        XML_SetElementHandler(x.p, start, end);
        XML_SetStartDoctypeDeclHandler(x.p, on_doctype);
        rc = feed(&x, zf, &st);
    }
    zip_fclose(zf);
    free(x.text);
    return rc;
}

/* ------------------------------------------------------------ relationships */

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    reader *R = x->R;
    if (!enter(x) || strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && !strcmp(mode, "External")))
        return;
    rel *r = push(R, (void **)&R->rels, &R->nrels, (size_t *)x->state, sizeof *r, MAX_RELS);
    if (!r) {
        refuse(x, as_loc_make(R->file, 0, 0), "damaged workbook: part '%s' has over %d entries",
               x->part, MAX_RELS);
        return;
    }
    r->id = as_arena_strdup(R->tmp, id);
    r->type = as_arena_strdup(R->tmp, type);
    r->target = as_arena_strdup(R->tmp, target);
    if (!r->id || !r->type || !r->target)
        refuse(x, as_loc_make(R->file, 0, 0), "out of memory");
}

static void any_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    (void)name;
    x->depth--;
}

/* The part a relationship target names: absolute ("/xl/a.xml") or relative
 * to the folder of part from, with "." and ".." resolved. */
static const char *resolve(reader *R, const char *from, const char *target)
{
    const char *slash = strrchr(from, '/');
    char *joined = target[0] == '/'
                       ? as_arena_strdup(R->tmp, target + 1)
                       : as_arena_printf(R->tmp, "%.*s%s%s", slash ? (int)(slash - from) : 0, from,
                                         slash ? "/" : "", target);
    if (!joined)
        return NULL;
    char *out = joined, *w = joined;
    for (char *seg = joined; *seg;) {
        char *next = strchr(seg, '/');
        size_t n = next ? (size_t)(next - seg) : strlen(seg);
        if (n == 2 && !strncmp(seg, "..", 2)) {
            while (w > out && *--w != '/')
                ;
        } else if (n && !(n == 1 && seg[0] == '.')) {
            if (w > out)
                *w++ = '/';
            memmove(w, seg, n);
            w += n;
        }
        seg += n + (next ? 1 : 0);
    }
    *w = '\0';
    return out;
}

/* Read the relationships of part (its _rels/<name>.rels) into R->rels.
 * Returns 0, 1 when there are none, -1 after reporting. */
static int read_rels(reader *R, const char *part)
{
    const char *slash = strrchr(part, '/');
    const char *path =
        slash ? as_arena_printf(R->tmp, "%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1)
              : as_arena_printf(R->tmp, "_rels/%s.rels", part);
    size_t cap = 0;
    R->rels = NULL;
    R->nrels = 0;
    if (!path) {
        fail(R, "out of memory");
        return -1;
    }
    int rc = parse_part(R, path, rels_start, any_end, &cap);
    for (size_t i = 0; rc == 0 && i < R->nrels; i++)
        if (!(R->rels[i].target = resolve(R, part, R->rels[i].target))) {
            fail(R, "out of memory");
            return -1;
        }
    return rc;
}

/* The target of the first relationship whose type ends in "/suffix" (or, when
 * id is given, whose Id is id), or NULL. */
static const char *find_rel(const reader *R, const char *suffix, const char *id)
{
    size_t n = suffix ? strlen(suffix) : 0;
    for (size_t i = 0; i < R->nrels; i++) {
        const rel *r = &R->rels[i];
        size_t tn = strlen(r->type);
        if (id ? !strcmp(r->id, id)
               : (tn > n && r->type[tn - n - 1] == '/' && !strcmp(r->type + tn - n, suffix)))
            return r->target;
    }
    return NULL;
}

/* ------------------------------------------------------------ workbook */

static void book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    reader *R = x->R;
    if (!enter(x))
        return;
    const char *n = local_name(name);
    if (x->depth == 1 && strcmp(n, "workbook") != 0) {
        refuse(x, as_loc_make(R->file, 0, 0),
               "not an Excel workbook (.xlsx): its main part '%s' is a '%s'", x->part, n);
        return;
    }
    const char *sname = attr(atts, "name"), *id = attr(atts, "id");
    if (strcmp(n, "sheet") != 0 || !sname || !id)
        return;
    sheet_ref *sr = push(R, (void **)&R->sheets, &R->nsheets, x->state, sizeof *sr, MAX_SHEETS);
    if (!sr)
        refuse(x, as_loc_make(R->file, 0, 0), "workbook has more than %d sheets", MAX_SHEETS);
    else if (!(sr->name = as_arena_strdup(R->tmp, sname)) ||
             !(sr->rel_id = as_arena_strdup(R->tmp, id)))
        refuse(x, as_loc_make(R->file, 0, 0), "out of memory");
}

/* Report that the sheet is missing, naming the sheets there are. */
static void no_sheet(reader *R)
{
    char names[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < R->nsheets && i < MAX_NAMES_SHOWN && len < sizeof names; i++)
        len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'", i ? ", " : "",
                                R->sheets[i].name);
    if (R->nsheets > MAX_NAMES_SHOWN && len < sizeof names)
        snprintf(names + len, sizeof names - len, ", ...");
    fail(R, "no sheet named '%s' (the workbook has %s): keep the template's sheet names",
         R->lay->sheet, R->nsheets ? names : "none");
}

/* Whether the archive is an OpenDocument file (an .ods under another name):
 * its first entry "mimetype" says so. */
static bool opendocument(reader *R)
{
    static const char kind[] = "application/vnd.oasis.opendocument";
    char head[sizeof kind - 1];
    zip_file_t *zf = zip_fopen(R->zip, "mimetype", 0);
    bool yes = zf && zip_fread(zf, head, sizeof head) == (zip_int64_t)sizeof head &&
               !memcmp(head, kind, sizeof head);
    if (zf)
        zip_fclose(zf);
    return yes;
}

/* Find the workbook part, the sheet's part and the shared strings' part. */
static int find_parts(reader *R, const char **sheet_part, const char **sst_part)
{
    const char *book = NULL;
    int rc = read_rels(R, "");
    if (rc < 0)
        return -1;
    book = rc == 0 ? find_rel(R, "officeDocument", NULL) : "xl/workbook.xml";
    size_t cap = 0;
    if (!book || (rc = parse_part(R, book, book_start, any_end, &cap)) == 1) {
        if (opendocument(R))
            other_format(R->d, R->file, ".ods");
        else
            fail(R, "not an Excel workbook (.xlsx): the archive holds no workbook part");
        return -1;
    }
    if (rc < 0 || read_rels(R, book) < 0)
        return -1;
    const char *id = NULL;
    size_t same = 0; /* sheets of the name without regard to case, as Excel compares them */
    for (size_t i = 0; i < R->nsheets; i++) {
        if (!id && !strcmp(R->sheets[i].name, R->lay->sheet))
            id = R->sheets[i].rel_id;
        same += !strcasecmp(R->sheets[i].name, R->lay->sheet);
    }
    if (same > 1) {
        fail(R,
             "damaged workbook: %zu sheets are named '%s' (sheet names do not differ by case "
             "only): other programs may show another one; keep only the template's",
             same, R->lay->sheet);
        return -1;
    }
    if (!id) {
        no_sheet(R);
        return -1;
    }
    *sheet_part = find_rel(R, NULL, id);
    *sst_part = find_rel(R, "sharedStrings", NULL);
    if (!*sheet_part) {
        fail(R, "damaged workbook: sheet '%s' has no part", R->lay->sheet);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ shared strings */

/* Only the strings the kept cells name are read, and reading stops after
 * the last of them: a template's labels and instructions are never copied. */
typedef struct {
    bool in_si;  /* inside <si> */
    bool want;   /* the current string is needed */
    int in_rph;  /* inside <rPh> (phonetic text, not part of the string) */
    size_t next; /* index of the next <si> */
} sst_state;

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    sst_state *S = x->state;
    (void)atts;
    if (!enter(x))
        return;
    const char *n = local_name(name);
    if (!strcmp(n, "si")) {
        S->in_si = true;
        S->want = x->R->strings[S->next] != NULL;
        x->len = 0;
    } else if (!strcmp(n, "rPh")) {
        S->in_rph++;
    } else if (!strcmp(n, "t") && S->in_si && S->want && !S->in_rph) {
        collect(x, true);
    }
}

static void sst_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    sst_state *S = x->state;
    reader *R = x->R;
    const char *n = local_name(name);
    x->depth--;
    if (!strcmp(n, "t")) {
        collect(x, false);
    } else if (!strcmp(n, "rPh")) {
        S->in_rph--;
    } else if (!strcmp(n, "si") && S->in_si) {
        S->in_si = false;
        if (S->want)
            R->strings[S->next] = clean_text(take_text(x));
        if (++S->next == R->nstrings)
            finish(x);
    }
}

static const char unread[] = ""; /* a shared string wanted but not (yet) read */

/* The shared string a cell of type 's' names: 0 with *k set; 1 when its <v>
 * is a number no workbook may hold (AS_XLSX_MAX_STRINGS or more, however
 * many digits); -1 when it is no plain number at all ("-1", " 5", "").
 * Each is reported at the cell (cell_value). */
static int string_index(const cell *c, size_t *k)
{
    size_t v = 0;
    const char *p = c->text;
    for (; *p >= '0' && *p <= '9'; p++)
        if (v < AS_XLSX_MAX_STRINGS)
            v = v * 10 + (size_t)(*p - '0');
    if (p == c->text || *p)
        return -1;
    *k = v;
    return v >= AS_XLSX_MAX_STRINGS;
}

/* Mark the shared strings the kept cells name (R->strings[i] = "" until read,
 * NULL if not needed).  Returns 0, or -1 out of memory. */
static int needed_strings(reader *R)
{
    size_t max = 0, k;
    bool any = false;
    for (size_t i = 0; i < R->ncells; i++)
        if (R->cells[i].type == 's' && string_index(&R->cells[i], &k) == 0) {
            max = k > max ? k : max;
            any = true;
        }
    R->nstrings = any ? max + 1 : 0;
    R->strings = as_arena_alloc(R->tmp, (R->nstrings ? R->nstrings : 1) * sizeof *R->strings);
    if (!R->strings) {
        fail(R, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < R->ncells; i++)
        if (R->cells[i].type == 's' && string_index(&R->cells[i], &k) == 0)
            R->strings[k] = unread; /* wanted; replaced when read */
    return 0;
}

/* ------------------------------------------------------------ the sheet */

typedef struct {
    bool in_data; /* inside <sheetData> */
    int row, col; /* the current row and the last cell's column */
    bool keep;    /* the current cell is in the key or value column */
    bool in_is;   /* inside an inline string <is> */
    int in_rph;   /* inside <rPh> */
    cell c;       /* the current cell */
} sheet_state;

static void start_row(xparse *x, sheet_state *S, const XML_Char **atts)
{
    const char *r = attr(atts, "r");
    char *end = NULL;
    long v = r ? strtol(r, &end, 10) : S->row + 1;
    if ((r && (end == r || *end)) || v < 1 || v > MAX_ROW) {
        refuse(x, as_loc_make(x->R->file, 0, 0), "damaged workbook: bad row number '%s' in '%s'",
               r ? r : "", x->part);
        return;
    }
    S->row = (int)v;
    S->col = 0;
}

static char cell_type(const char *t)
{
    if (!t || !strcmp(t, "n"))
        return 'n';
    if (!strcmp(t, "s"))
        return 's';
    if (!strcmp(t, "inlineStr"))
        return 'i';
    if (!strcmp(t, "str"))
        return 'S';
    if (!strcmp(t, "b") || !strcmp(t, "e") || !strcmp(t, "d"))
        return t[0];
    return 0;
}

static void start_cell(xparse *x, sheet_state *S, const XML_Char **atts)
{
    reader *R = x->R;
    const char *ref = attr(atts, "r"), *t = attr(atts, "t");
    int row = S->row, col = S->col + 1;
    if (++R->seen > AS_XLSX_MAX_CELLS) {
        refuse(x, as_loc_make(R->file, 0, 0), "sheet '%s' has more than %d cells", R->lay->sheet,
               AS_XLSX_MAX_CELLS);
        return;
    }
    if ((ref && parse_ref(ref, &row, &col) != 0) || row < 1 || col > MAX_COL) {
        refuse(x, as_loc_make(R->file, 0, 0), "damaged workbook: bad cell reference '%s' in '%s'",
               ref ? ref : "", x->part);
        return;
    }
    S->col = col;
    S->keep = col == R->lay->key_col || col == R->lay->value_col;
    if (!S->keep)
        return;
    memset(&S->c, 0, sizeof S->c);
    S->c.row = row;
    S->c.col = col;
    S->c.type = cell_type(t);
    x->where = cell_loc(R, row, col);
    x->len = 0;
    if (!S->c.type)
        refuse(x, x->where, "damaged workbook: unknown cell type '%s'", t);
}

static void end_cell(xparse *x, sheet_state *S)
{
    reader *R = x->R;
    size_t cap = R->capcells;
    cell *c = push(R, (void **)&R->cells, &R->ncells, &cap, sizeof *c, AS_XLSX_MAX_CELLS);
    R->capcells = cap;
    S->keep = false;
    char *text = take_text(x);
    S->c.empty = !*text;
    S->c.text = is_text_type(S->c.type) && S->c.type != 's' ? clean_text(text) : text;
    if (!c)
        refuse(x, x->where, "out of memory");
    else
        *c = S->c;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    sheet_state *S = x->state;
    if (!enter(x))
        return;
    const char *n = local_name(name);
    if (!strcmp(n, "sheetData"))
        S->in_data = true;
    else if (!S->in_data)
        return;
    else if (!strcmp(n, "row"))
        start_row(x, S, atts);
    else if (!strcmp(n, "c"))
        start_cell(x, S, atts);
    else if (!S->keep)
        return;
    else if (!strcmp(n, "v"))
        collect(x, true);
    else if (!strcmp(n, "f"))
        S->c.formula = true;
    else if (!strcmp(n, "is"))
        S->in_is = true;
    else if (!strcmp(n, "rPh"))
        S->in_rph++;
    else if (!strcmp(n, "t") && S->in_is && !S->in_rph)
        collect(x, true);
}

static void sheet_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    sheet_state *S = x->state;
    const char *n = local_name(name);
    x->depth--;
    if (!S->in_data)
        return;
    if (!strcmp(n, "sheetData"))
        finish(x); /* the rest (validations, layout) is not read */
    else if (!S->keep)
        return;
    else if (!strcmp(n, "v") || !strcmp(n, "t"))
        collect(x, false);
    else if (!strcmp(n, "is"))
        S->in_is = false;
    else if (!strcmp(n, "rPh"))
        S->in_rph--;
    else if (!strcmp(n, "c"))
        end_cell(x, S);
}

/* ------------------------------------------------------------ cell values */

/* The shared string cell c names, or NULL after reporting at the cell an
 * index no workbook holds or one the workbook lacks. */
static const char *shared_string(reader *R, const cell *c)
{
    size_t i = 0;
    int bad = string_index(c, &i);
    if (!bad && i < R->nstrings && R->strings[i] != unread)
        return R->strings[i];
    if (bad > 0)
        as_diags_add(R->d, cell_loc(R, c->row, c->col),
                     "damaged workbook: the cell names shared string '%s', more than the %d a "
                     "workbook may hold",
                     c->text, AS_XLSX_MAX_STRINGS);
    else
        as_diags_add(R->d, cell_loc(R, c->row, c->col),
                     "damaged workbook: the cell names shared string '%s', which is missing",
                     c->text);
    return NULL;
}

/* What a kept cell shows, as the text of a scalar; NULL for an empty cell or
 * one that holds no usable value (reported). */
static const char *cell_value(reader *R, const cell *c)
{
    const char *s = c->type == 's' ? shared_string(R, c) : c->text;
    if (!s)
        return NULL;
    if (c->type == 'e') {
        as_diags_add(R->d, cell_loc(R, c->row, c->col), "cell holds the error '%s': type a figure",
                     s);
        return NULL;
    }
    if (c->type == 'b')
        return !strcmp(s, "1") ? "true" : !strcmp(s, "0") ? "false" : s;
    if (c->formula && c->empty) {
        as_diags_add(R->d, cell_loc(R, c->row, c->col),
                     "cell holds a formula without a saved result: type the figure, or save the "
                     "workbook in Excel or LibreOffice");
        return NULL;
    }
    return *s ? s : NULL;
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
        as_diags_add(R->d, cell_loc(R, k->row, k->col),
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
    if (!is_text_type(k->type))
        return 0;
    const char *key = cell_value(R, k);
    size_t dot;
    if (!key || split_key(R, k, key, &dot) <= 0)
        return 0;
    if (++T->keys > AS_XLSX_MAX_KEYS) {
        fail(R, "sheet '%s' has more than %d keys", R->lay->sheet, AS_XLSX_MAX_KEYS);
        return -1;
    }
    char *section = as_arena_strndup(R->tmp, key, dot);
    const char *value = v ? cell_value(R, v) : NULL;
    T->kept += strlen(key) + (value ? strlen(value) : 0);
    if (T->kept > AS_XLSX_MAX_KEPT) { /* many cells naming one long shared string */
        as_diags_add(R->d, cell_loc(R, k->row, R->lay->value_col),
                     "the keys and values up to this row hold more than %u bytes of text: far "
                     "more than a submission",
                     AS_XLSX_MAX_KEPT);
        return -1;
    }
    int map = section ? section_map(y, T, section, k) : 0;
    int kn = map ? scalar_at(y, key + dot + 1, k->row, k->col) : 0;
    int vn = kn ? scalar_at(y, value ? value : "", k->row, R->lay->value_col) : 0;
    if (!vn || as_ydoc_add_pair(y, map, kn, vn) != 0) {
        fail(R, "out of memory");
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
        fail(R, "out of memory");
        return -1;
    }
    tree T = {0};
    as_strmap_init(&T.sections);
    int rc = (T.root = as_ydoc_add_collection(y, YAML_MAPPING_NODE)) ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < R->ncells;) {
        const cell *k = NULL, *v = NULL;
        size_t j = i;
        for (; j < R->ncells && R->cells[j].row == R->cells[i].row; j++) {
            const cell *c = &R->cells[j];
            if (j > i && c->col == c[-1].col) {
                as_diags_add(R->d, cell_loc(R, c->row, c->col),
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
        as_diags_add(R->d, cell_loc(R, 0, 0),
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
        fail(R, "this is an old-format workbook (.xls, or WPS .et) or a password-protected one: "
                "save it in Excel or WPS as an Excel workbook (*.xlsx) without a password");
        return -1;
    }
    if (len < 4 || memcmp(data, "PK", 2) != 0) {
        fail(R, "not an Excel workbook (.xlsx): the file is not a zip archive");
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
            fail(R, "damaged workbook: the zip archive is cut short or damaged (its table of "
                    "contents is missing): copy or send the whole file again");
        else if (code == ZIP_ER_NOZIP)
            fail(R, "not an Excel workbook (.xlsx): the file is not a zip archive");
        else
            fail(R, "damaged workbook: %s", zip_error_strerror(&err));
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
        fail(R, "damaged workbook: the archive holds more than %d parts", MAX_ENTRIES);
        return -1;
    }
    const char **names = as_arena_alloc(R->tmp, (size_t)(n > 0 ? n : 1) * sizeof *names);
    if (!names) {
        fail(R, "out of memory");
        return -1;
    }
    for (zip_int64_t i = 0; i < n; i++)
        if (!(names[i] = zip_get_name(R->zip, (zip_uint64_t)i, 0))) {
            fail(R, "damaged workbook: %s", zip_strerror(R->zip));
            return -1;
        }
    qsort(names, (size_t)n, sizeof *names, by_name_nocase);
    for (zip_int64_t i = 1; i < n; i++) {
        const char *x = names[i - 1], *y = names[i];
        if (strcasecmp(x, y) != 0)
            continue;
        if (!strcmp(x, y))
            fail(R,
                 "damaged workbook: part '%s' is stored twice: other programs may read the other "
                 "copy",
                 x);
        else /* in byte order, so the message does not depend on the sort */
            fail(R,
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
    if (unique_names(R) != 0 || find_parts(R, &sheet, &sst) != 0)
        return -1;
    sheet_state sh = {0};
    int rc = parse_part(R, sheet, sheet_start, sheet_end, &sh);
    if (rc == 1)
        fail(R, "damaged workbook: part '%s' of sheet '%s' is missing", sheet, R->lay->sheet);
    if (rc != 0 || needed_strings(R) != 0)
        return -1;
    sst_state ss = {0};
    if (R->nstrings && sst && parse_part(R, sst, sst_start, sst_end, &ss) < 0)
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
        fail(&R, "out of memory");
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
        other_format(d, path, ext_of(path));
        return -1;
    }
    if (read_file(path, &data, &len, d) != 0)
        return -1;
    int rc = as_xlsxdoc_load_buffer(y, path, data, len, lay, a, d);
    free(data);
    return rc;
}
