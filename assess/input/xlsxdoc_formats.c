/* xlsxdoc_formats: what a workbook says beside its cells: which cell
 * formats show a number as a date (styles.xml: a figure typed as 8-8 is
 * stored as the date's serial number), and the custom document properties
 * (docProps/custom.xml: `assess template` records the province, year and
 * rule set it locked in).  Each part is read only when a kept cell needs it,
 * within the reader's bounds. */
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/xlsxdoc_read.h"

/* ------------------------------------------------------------ date formats */

bool as_xlsxdoc_date_format(long id, const char *code)
{
    if (!code)
        return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
               (id >= 50 && id <= 58);
    for (const char *p = code; *p; p++) {
        char c = (char)(*p | 0x20); /* ASCII letters in lower case */
        if (*p == '"') {            /* quoted text */
            const char *q = strchr(p + 1, '"');
            if (!q)
                return false;
            p = q;
        } else if (*p == '\\' || *p == '_' || *p == '*') { /* an escaped, spaced or fill char */
            if (!*++p)
                return false;
        } else if (*p == '[') { /* [Red], [$-804], [DBNum1]; but [h], [mm], [ss] are times */
            const char *q = strchr(p, ']');
            if (!q)
                return false;
            char t = (char)(p[1] | 0x20);
            if (t == 'h' || t == 'm' || t == 's')
                return true;
            p = q;
        } else if (!strncasecmp(p, "general", 7)) {
            p += 6;
        } else if (c == 'e' && (p[1] == '+' || p[1] == '-')) { /* 0.00E+00 */
            p++;
        } else if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's' || c == 'e') {
            return true;
        }
    }
    return false;
}

/* A number format styles.xml defines. */
typedef struct {
    long id;   /* its numFmtId */
    bool date; /* it shows a date or a time */
} numfmt;

/* The number formats styles.xml defines, and its cell formats' ids. */
typedef struct {
    int in_xfs; /* inside <cellXfs> */
    numfmt *fmts;
    size_t nfmts, capfmts;
    long *xf_fmt; /* per cell format: its number format's id */
    size_t nxf, capxf;
} styles_state;

/* The numFmtId attribute of atts: 0 (General) when absent or no number. */
static long fmt_id(const XML_Char **atts)
{
    const char *id = as_xlsxr_attr(atts, "numFmtId");
    char *end = NULL;
    long v = id ? strtol(id, &end, 10) : 0;
    return id && end != id && !*end ? v : 0;
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    styles_state *S = x->state;
    if (!as_xlsxr_enter(x))
        return;
    const char *n = as_xlsxr_local_name(name);
    if (!strcmp(n, "cellXfs")) {
        S->in_xfs++;
    } else if (!strcmp(n, "numFmt")) {
        numfmt *f =
            as_xlsxr_push(x->R, (void **)&S->fmts, &S->nfmts, &S->capfmts, sizeof *f, MAX_NUMFMTS);
        const char *code = as_xlsxr_attr(atts, "formatCode");
        if (f)
            *f = (numfmt){fmt_id(atts), as_xlsxdoc_date_format(0, code ? code : "")};
        else
            as_xlsxr_refuse(x, as_loc_make(x->R->file, 0, 0),
                            "damaged workbook: part '%s' defines more than %d number formats",
                            x->part, MAX_NUMFMTS);
    } else if (!strcmp(n, "xf") && S->in_xfs) {
        long *f = as_xlsxr_push(x->R, (void **)&S->xf_fmt, &S->nxf, &S->capxf, sizeof *f, MAX_XFS);
        if (f)
            *f = fmt_id(atts);
        else
            as_xlsxr_refuse(x, as_loc_make(x->R->file, 0, 0),
                            "damaged workbook: part '%s' has more than %d cell formats", x->part,
                            MAX_XFS);
    }
}

static void styles_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    styles_state *S = x->state;
    x->depth--;
    if (!strcmp(as_xlsxr_local_name(name), "cellXfs") && --S->in_xfs == 0)
        as_xlsxr_finish(x); /* the rest (fonts after it, cell styles, colours) is not read */
}

/* Whether a kept numeric cell of the value column has a cell format. */
static bool formats_needed(const reader *R)
{
    for (size_t i = 0; i < R->ncells; i++)
        if (R->cells[i].col == R->lay->value_col && R->cells[i].type == 'n' &&
            R->cells[i].style > 0)
            return true;
    return false;
}

int as_xlsxr_read_formats(reader *R)
{
    if (!R->styles || !formats_needed(R))
        return 0;
    styles_state S = {0};
    int rc = as_xlsxr_parse_part(R, R->styles, styles_start, styles_end, &S);
    if (rc < 0)
        return -1;
    R->nxf = S.nxf;
    R->xf_date = as_arena_alloc(R->tmp, S.nxf ? S.nxf : 1);
    if (!R->xf_date) {
        as_xlsxr_fail(R, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < S.nxf; i++) {
        size_t k = 0; /* a format it defines, else a built-in one */
        while (k < S.nfmts && S.fmts[k].id != S.xf_fmt[i])
            k++;
        R->xf_date[i] = k < S.nfmts ? S.fmts[k].date : as_xlsxdoc_date_format(S.xf_fmt[i], NULL);
    }
    return 0;
}

/* ------------------------------------------------------------ custom properties */

typedef struct {
    int depth;        /* of the <property> being read, 0 when outside one */
    const char *name; /* its name */
} props_state;

static void props_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    props_state *S = x->state;
    if (!as_xlsxr_enter(x))
        return;
    if (!strcmp(as_xlsxr_local_name(name), "property")) {
        const char *n = as_xlsxr_attr(atts, "name");
        S->depth = x->depth;
        S->name = n ? as_arena_strdup(x->R->tmp, n) : NULL;
    } else if (S->depth && x->depth == S->depth + 1) {
        x->len = 0;
        as_xlsxr_collect(x, true); /* its value: <vt:lpwstr>, <vt:i4>, ... */
    }
}

static void props_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    props_state *S = x->state;
    reader *R = x->R;
    if (S->depth && x->depth == S->depth + 1) { /* the end of a property's value */
        as_xlsxr_collect(x, false);
        const char *value = as_xlsxr_take_text(x);
        prop *p = S->name ? as_xlsxr_push(R, (void **)&R->props, &R->nprops, &R->capprops,
                                          sizeof *p, MAX_PROPS)
                          : NULL;
        if (p)
            *p = (prop){S->name, value};
    } else if (!strcmp(as_xlsxr_local_name(name), "property")) {
        S->depth = 0;
    }
    x->depth--;
}

int as_xlsxr_read_props(reader *R)
{
    props_state S = {0};
    if (!R->custom)
        return 0;
    return as_xlsxr_parse_part(R, R->custom, props_start, props_end, &S) < 0 ? -1 : 0;
}
