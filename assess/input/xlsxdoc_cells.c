/* xlsxdoc_cells: the cells of the key and value columns kept while the
 * sheet streams by, their text cleaned (escapes, blanks), the shared
 * strings they name read once each, and what each cell shows. */
#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/xlsxdoc_read.h"

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

bool as_xlsxr_is_text_type(char t)
{
    return t == 's' || t == 'i' || t == 'S';
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
    if (!as_xlsxr_enter(x))
        return;
    const char *n = as_xlsxr_local_name(name);
    if (!strcmp(n, "si")) {
        S->in_si = true;
        S->want = x->R->strings[S->next] != NULL;
        x->len = 0;
    } else if (!strcmp(n, "rPh")) {
        S->in_rph++;
    } else if (!strcmp(n, "t") && S->in_si && S->want && !S->in_rph) {
        as_xlsxr_collect(x, true);
    }
}

static void sst_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    sst_state *S = x->state;
    reader *R = x->R;
    const char *n = as_xlsxr_local_name(name);
    x->depth--;
    if (!strcmp(n, "t")) {
        as_xlsxr_collect(x, false);
    } else if (!strcmp(n, "rPh")) {
        S->in_rph--;
    } else if (!strcmp(n, "si") && S->in_si) {
        S->in_si = false;
        if (S->want)
            R->strings[S->next] = clean_text(as_xlsxr_take_text(x));
        if (++S->next == R->nstrings)
            as_xlsxr_finish(x);
    }
}

static const char unread[] = ""; /* a shared string wanted but not (yet) read */

/* The shared string a cell of type 's' names: 0 with *k set; 1 when its <v>
 * is a number no workbook may hold (AS_XLSX_MAX_STRINGS or more, however
 * many digits); -1 when it is no plain number at all ("-1", " 5", "").
 * Each is reported at the cell (as_xlsxr_cell_value). */
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
        as_xlsxr_fail(R, "out of memory");
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
    const char *r = as_xlsxr_attr(atts, "r");
    char *end = NULL;
    long v = r ? strtol(r, &end, 10) : S->row + 1;
    if ((r && (end == r || *end)) || v < 1 || v > MAX_ROW) {
        as_xlsxr_refuse(x, as_loc_make(x->R->file, 0, 0),
                        "damaged workbook: bad row number '%s' in '%s'", r ? r : "", x->part);
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
    const char *ref = as_xlsxr_attr(atts, "r"), *t = as_xlsxr_attr(atts, "t"),
               *style = as_xlsxr_attr(atts, "s");
    int row = S->row, col = S->col + 1;
    if (++R->seen > AS_XLSX_MAX_CELLS) {
        as_xlsxr_refuse(x, as_loc_make(R->file, 0, 0), "sheet '%s' has more than %d cells",
                        R->lay->sheet, AS_XLSX_MAX_CELLS);
        return;
    }
    if ((ref && as_xlsxr_parse_ref(ref, &row, &col) != 0) || row < 1 || col > MAX_COL) {
        as_xlsxr_refuse(x, as_loc_make(R->file, 0, 0),
                        "damaged workbook: bad cell reference '%s' in '%s'", ref ? ref : "",
                        x->part);
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
    char *end = NULL;
    S->c.style = style ? strtol(style, &end, 10) : 0;
    if (style && (end == style || *end || S->c.style < 0))
        S->c.style = 0; /* a format index that is no number: as none */
    x->where = as_xlsxr_cell_loc(R, row, col);
    x->len = 0;
    if (!S->c.type)
        as_xlsxr_refuse(x, x->where, "damaged workbook: unknown cell type '%s'", t);
}

static void end_cell(xparse *x, sheet_state *S)
{
    reader *R = x->R;
    size_t cap = R->capcells;
    cell *c = as_xlsxr_push(R, (void **)&R->cells, &R->ncells, &cap, sizeof *c, AS_XLSX_MAX_CELLS);
    R->capcells = cap;
    S->keep = false;
    char *text = as_xlsxr_take_text(x);
    S->c.empty = !*text;
    S->c.text = as_xlsxr_is_text_type(S->c.type) && S->c.type != 's' ? clean_text(text) : text;
    if (!c)
        as_xlsxr_refuse(x, x->where, "out of memory");
    else
        *c = S->c;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    sheet_state *S = x->state;
    if (!as_xlsxr_enter(x))
        return;
    const char *n = as_xlsxr_local_name(name);
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
        as_xlsxr_collect(x, true);
    else if (!strcmp(n, "f"))
        S->c.formula = true;
    else if (!strcmp(n, "is"))
        S->in_is = true;
    else if (!strcmp(n, "rPh"))
        S->in_rph++;
    else if (!strcmp(n, "t") && S->in_is && !S->in_rph)
        as_xlsxr_collect(x, true);
}

static void sheet_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    sheet_state *S = x->state;
    const char *n = as_xlsxr_local_name(name);
    x->depth--;
    if (!S->in_data)
        return;
    if (!strcmp(n, "sheetData"))
        as_xlsxr_finish(x); /* the rest (validations, layout) is not read */
    else if (!S->keep)
        return;
    else if (!strcmp(n, "v") || !strcmp(n, "t"))
        as_xlsxr_collect(x, false);
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
        as_diags_add(R->d, as_xlsxr_cell_loc(R, c->row, c->col),
                     "damaged workbook: the cell names shared string '%s', more than the %d a "
                     "workbook may hold",
                     c->text, AS_XLSX_MAX_STRINGS);
    else
        as_diags_add(R->d, as_xlsxr_cell_loc(R, c->row, c->col),
                     "damaged workbook: the cell names shared string '%s', which is missing",
                     c->text);
    return NULL;
}

/* What a kept cell shows, as the text of a scalar; NULL for an empty cell or
 * one that holds no usable value (reported). */
const char *as_xlsxr_cell_value(reader *R, const cell *c)
{
    const char *s = c->type == 's' ? shared_string(R, c) : c->text;
    if (!s)
        return NULL;
    if (c->type == 'e') {
        as_diags_add(R->d, as_xlsxr_cell_loc(R, c->row, c->col),
                     "cell holds the error '%s': type a figure", s);
        return NULL;
    }
    if (c->type == 'b')
        return !strcmp(s, "1") ? "true" : !strcmp(s, "0") ? "false" : s;
    if (c->formula && c->empty) {
        as_diags_add(R->d, as_xlsxr_cell_loc(R, c->row, c->col),
                     "cell holds a formula without a saved result: type the figure, or save the "
                     "workbook in Excel or LibreOffice");
        return NULL;
    }
    return *s ? s : NULL;
}

/* ------------------------------------------------------------ reading both */

int as_xlsxr_read_cells(reader *R, const char *sheet, const char *sst)
{
    sheet_state sh = {0};
    int rc = as_xlsxr_parse_part(R, sheet, sheet_start, sheet_end, &sh);
    if (rc == 1)
        as_xlsxr_fail(R, "damaged workbook: part '%s' of sheet '%s' is missing", sheet,
                      R->lay->sheet);
    if (rc != 0 || needed_strings(R) != 0)
        return -1;
    sst_state ss = {0};
    if (R->nstrings && sst && as_xlsxr_parse_part(R, sst, sst_start, sst_end, &ss) < 0)
        return -1;
    return 0;
}
