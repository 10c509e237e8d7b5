/* xlsx_floor: the benchmark's writer floor.  Reads a dump of workbooks (the
 * sheets, cells, formats, merged ranges, column widths and row heights that
 * tools/bench.py extracts from assess's own output) and writes the same
 * workbooks with libxlsxwriter, computing nothing.  It times only the
 * writing (workbook_new to workbook_close), in wall-clock and in processor
 * time, and prints the totals, so reading the dump costs nothing in the
 * figures.  Not part of assess.
 *
 * usage: xlsx_floor DUMP OUTDIR
 *
 * The dump is text, one record a line, fields separated by tabs, with '\\',
 * tab and newline in strings written as \\\\, \\t and \\n:
 *   B <name> <constant_memory 0|1>           a workbook, written to OUTDIR/<name>
 *   F <num_format> <bold> <size> <font_rgb> <fill_rgb> <border> <wrap>
 *     <valign> <halign> <indent>             one format per style index, in order
 *   X <font_rgb> <fill_rgb>                  one conditional-format colour, in order
 *   P <title> <subject> <author> <company> <category> <keywords> <comments>
 *     <status> <created, seconds since 1970> the document properties
 *   p <s|i|b> <name> <value>                 a custom property
 *   S <name>                                 a worksheet
 *   Z <row> <col>                            frozen panes
 *   A <row> <col> <last_row> <last_col>      an autofilter
 *   T <row> <last_row>                       rows repeated on every printed page
 *   L <paper> <landscape> <fit> <fit_height> <left> <right> <top> <bottom>
 *     <gridlines>                            page setup
 *   Q <header> <footer>                      page header and footer
 *   K <row> <col> <last_row> <last_col> <dxf> <text>
 *                                            cells equal to text get colour dxf
 *   W <col> <width>                          a column width
 *   H <row> <height>                         a row height
 *   M <row> <first_col> <last_col>           a merged range of one row
 *   s <row> <col> <style> <text>             a string cell
 *   n <row> <col> <style> <number>           a number cell
 *   b <row> <col> <style>                    a blank cell
 *   E                                        end of the workbook
 * Rows and columns are 0-based; rgb -1 means unset. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

typedef struct {
    char kind;    /* the record letter */
    long a, b, c; /* row, column, style or last column */
    double x;     /* number or width or height */
    char *text;   /* string, name, or the record's other fields, tab-separated */
} record;

typedef struct {
    record *r;
    size_t n, cap;
} book;

static void die(const char *msg)
{
    fprintf(stderr, "xlsx_floor: %s\n", msg);
    exit(1);
}

/* Undo the dump's escapes in place. */
static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s != '\\' || !s[1]) {
            *o++ = *s;
            continue;
        }
        s++;
        *o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
    }
    *o = '\0';
}

/* The tab-separated fields of line, at most max; returns how many. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static void push(book *bk, record r)
{
    if (bk->n == bk->cap) {
        bk->cap = bk->cap ? bk->cap * 2 : 4096;
        bk->r = realloc(bk->r, bk->cap * sizeof *bk->r);
        if (!bk->r)
            die("out of memory");
    }
    bk->r[bk->n++] = r;
}

static char *copy(const char *s)
{
    char *c = strdup(s);
    if (!c)
        die("out of memory");
    return c;
}

/* Read the records of one workbook (up to E); false at the end of the dump. */
static int read_book(FILE *in, book *bk)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    bk->n = 0;
    while ((len = getline(&line, &cap, in)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        char *f[12];
        int nf = split(line, f, 12);
        record r = {.kind = f[0][0]};
        switch (r.kind) {
        case 'B':
        case 'S':
            if (nf < 2)
                die("bad B or S record");
            unescape(f[1]);
            r.text = copy(f[1]);
            r.a = nf > 2 ? strtol(f[2], NULL, 10) : 0;
            break;
        case 'F':
        case 'X':
        case 'P':
        case 'p':
        case 'Z':
        case 'A':
        case 'T':
        case 'L':
        case 'Q':
        case 'K':
            /* keep the fields joined by tabs again, parsed when used */
            for (int i = 1; i < nf - 1; i++)
                f[i][strlen(f[i])] = '\t';
            r.text = copy(nf > 1 ? f[1] : "");
            break;
        case 'W':
        case 'H':
            r.a = strtol(f[1], NULL, 10);
            r.x = strtod(f[2], NULL);
            break;
        case 'M':
            r.a = strtol(f[1], NULL, 10);
            r.b = strtol(f[2], NULL, 10);
            r.c = strtol(f[3], NULL, 10);
            break;
        case 's':
        case 'n':
        case 'b':
            r.a = strtol(f[1], NULL, 10);
            r.b = strtol(f[2], NULL, 10);
            r.c = strtol(f[3], NULL, 10);
            if (r.kind == 's') {
                unescape(nf > 4 ? f[4] : "");
                r.text = copy(nf > 4 ? f[4] : "");
            } else if (r.kind == 'n') {
                r.x = strtod(f[4], NULL);
            }
            break;
        case 'E':
            free(line);
            return 1;
        default:
            die("unknown record");
        }
        push(bk, r);
    }
    free(line);
    if (bk->n)
        die("dump ends inside a workbook");
    return 0;
}

static void free_book(book *bk)
{
    for (size_t i = 0; i < bk->n; i++)
        free(bk->r[i].text);
    bk->n = 0;
}

/* A format from its dump fields. */
static lxw_format *make_format(lxw_workbook *wb, char *spec)
{
    char *f[10];
    int nf = split(spec, f, 10);
    lxw_format *fmt = workbook_add_format(wb);
    if (nf < 10)
        return fmt;
    unescape(f[0]);
    if (*f[0])
        format_set_num_format(fmt, f[0]);
    if ((int)strtol(f[1], NULL, 10))
        format_set_bold(fmt);
    double size = strtod(f[2], NULL);
    if (size > 0 && size != 11)
        format_set_font_size(fmt, size);
    long font = strtol(f[3], NULL, 16), fill = strtol(f[4], NULL, 16);
    if (font >= 0)
        format_set_font_color(fmt, (lxw_color_t)font);
    if (fill >= 0)
        format_set_bg_color(fmt, (lxw_color_t)fill);
    int border = (int)strtol(f[5], NULL, 10);
    if (border)
        format_set_border(fmt, (uint8_t)border);
    if ((int)strtol(f[6], NULL, 10))
        format_set_text_wrap(fmt);
    int valign = (int)strtol(f[7], NULL, 10), halign = (int)strtol(f[8], NULL, 10),
        indent = (int)strtol(f[9], NULL, 10);
    if (valign)
        format_set_align(fmt, (uint8_t)valign);
    if (halign)
        format_set_align(fmt, (uint8_t)halign);
    if (indent)
        format_set_indent(fmt, (uint8_t)indent);
    return fmt;
}

static long num(const char *s)
{
    return strtol(s, NULL, 10);
}

static lxw_format *make_dxf(lxw_workbook *wb, char *spec)
{
    char *f[2];
    lxw_format *fmt = workbook_add_format(wb);
    if (split(spec, f, 2) < 2)
        return fmt;
    long font = strtol(f[0], NULL, 16), fill = strtol(f[1], NULL, 16);
    if (font >= 0)
        format_set_font_color(fmt, (lxw_color_t)font);
    if (fill >= 0)
        format_set_bg_color(fmt, (lxw_color_t)fill);
    return fmt;
}

/* The document properties (P) or one custom property (p). */
static void set_properties(lxw_workbook *wb, char kind, char *spec)
{
    char *f[9];
    int nf = split(spec, f, 9);
    for (int i = 0; i < nf; i++)
        unescape(f[i]);
    if (kind == 'P' && nf == 9) {
        lxw_doc_properties p = {.title = f[0],
                                .subject = f[1],
                                .author = f[2],
                                .company = f[3],
                                .category = f[4],
                                .keywords = f[5],
                                .comments = f[6],
                                .status = f[7],
                                .created = (time_t)strtoll(f[8], NULL, 10)};
        workbook_set_properties(wb, &p);
    } else if (kind == 'p' && nf == 3) {
        if (*f[0] == 's')
            workbook_set_custom_property_string(wb, f[1], f[2]);
        else if (*f[0] == 'i')
            workbook_set_custom_property_integer(wb, f[1], (int32_t)num(f[2]));
        else
            workbook_set_custom_property_boolean(wb, f[1], !strcmp(f[2], "true"));
    }
}

/* A sheet's settings: Z, A, T, L, Q or K. */
static void sheet_setting(lxw_worksheet *ws, char kind, char *spec, lxw_format **dxf, size_t ndxf)
{
    char *f[9];
    int nf = split(spec, f, 9);
    if (kind == 'Z' && nf == 2) {
        worksheet_freeze_panes(ws, (lxw_row_t)num(f[0]), (lxw_col_t)num(f[1]));
    } else if (kind == 'A' && nf == 4) {
        worksheet_autofilter(ws, (lxw_row_t)num(f[0]), (lxw_col_t)num(f[1]), (lxw_row_t)num(f[2]),
                             (lxw_col_t)num(f[3]));
    } else if (kind == 'T' && nf == 2) {
        worksheet_repeat_rows(ws, (lxw_row_t)num(f[0]), (lxw_row_t)num(f[1]));
    } else if (kind == 'L' && nf == 9) {
        if (num(f[0]))
            worksheet_set_paper(ws, (uint8_t)num(f[0]));
        if (num(f[1]))
            worksheet_set_landscape(ws);
        if (num(f[2]))
            worksheet_fit_to_pages(ws, 1, (uint16_t)num(f[3]));
        worksheet_set_margins(ws, strtod(f[4], NULL), strtod(f[5], NULL), strtod(f[6], NULL),
                              strtod(f[7], NULL));
        worksheet_gridlines(ws, num(f[8]) ? LXW_SHOW_ALL_GRIDLINES : LXW_SHOW_SCREEN_GRIDLINES);
    } else if (kind == 'Q' && nf == 2) {
        unescape(f[0]);
        unescape(f[1]);
        worksheet_set_header(ws, f[0]);
        worksheet_set_footer(ws, f[1]);
    } else if (kind == 'K' && nf == 6) {
        unescape(f[5]);
        size_t d = (size_t)num(f[4]);
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                     .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
                                     .value_string = f[5],
                                     .format = d < ndxf ? dxf[d] : NULL};
        worksheet_conditional_format_range(ws, (lxw_row_t)num(f[0]), (lxw_col_t)num(f[1]),
                                           (lxw_row_t)num(f[2]), (lxw_col_t)num(f[3]), &cf);
    }
}

static double seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Write one workbook; adds the seconds spent to *wall and *cpu. */
static void write_book(const book *bk, const char *outdir, double *wall, double *cpu)
{
    char path[4096];
    const record *head = &bk->r[0];
    snprintf(path, sizeof path, "%s/%s", outdir, head->text);
    lxw_format **fmts = calloc(bk->n + 1, sizeof *fmts), **dxf = calloc(bk->n + 1, sizeof *dxf);
    size_t nfmt = 0, ndxf = 0;
    if (!fmts || !dxf)
        die("out of memory");
    double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    lxw_workbook_options opt = {.constant_memory = (uint8_t)head->a};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        die("cannot create a workbook");
    lxw_worksheet *ws = NULL;
    long merge_row = -1, merge_first = -1, merge_last = -1;
    for (size_t i = 1; i < bk->n; i++) {
        const record *r = &bk->r[i];
        lxw_format *fmt = r->c >= 0 && (size_t)r->c < nfmt ? fmts[r->c] : NULL;
        switch (r->kind) {
        case 'F':
        case 'X':
        case 'P':
        case 'p':
        case 'Z':
        case 'A':
        case 'T':
        case 'L':
        case 'Q':
        case 'K': {
            char *spec = copy(r->text);
            if (r->kind == 'F')
                fmts[nfmt++] = make_format(wb, spec);
            else if (r->kind == 'X')
                dxf[ndxf++] = make_dxf(wb, spec);
            else if (r->kind == 'P' || r->kind == 'p')
                set_properties(wb, r->kind, spec);
            else
                sheet_setting(ws, r->kind, spec, dxf, ndxf);
            free(spec);
            break;
        }
        case 'S':
            ws = workbook_add_worksheet(wb, r->text);
            break;
        case 'W':
            worksheet_set_column(ws, (lxw_col_t)r->a, (lxw_col_t)r->a, r->x, NULL);
            break;
        case 'H':
            worksheet_set_row(ws, (lxw_row_t)r->a, r->x, NULL);
            break;
        case 'M':
            merge_row = r->a;
            merge_first = r->b;
            merge_last = r->c;
            break;
        case 's':
            if (r->a == merge_row && r->b == merge_first)
                worksheet_merge_range(ws, (lxw_row_t)r->a, (lxw_col_t)r->b, (lxw_row_t)r->a,
                                      (lxw_col_t)merge_last, r->text, fmt);
            else if (r->a != merge_row || r->b < merge_first || r->b > merge_last)
                worksheet_write_string(ws, (lxw_row_t)r->a, (lxw_col_t)r->b, r->text, fmt);
            break;
        case 'n':
            worksheet_write_number(ws, (lxw_row_t)r->a, (lxw_col_t)r->b, r->x, fmt);
            break;
        case 'b':
            if (r->a != merge_row || r->b < merge_first || r->b > merge_last)
                worksheet_write_blank(ws, (lxw_row_t)r->a, (lxw_col_t)r->b, fmt);
            break;
        default:
            break;
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR)
        die("cannot write a workbook");
    *wall += seconds(CLOCK_MONOTONIC) - w0;
    *cpu += seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    free(fmts);
    free(dxf);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: xlsx_floor DUMP OUTDIR\n", stderr);
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in)
        die("cannot open the dump");
    book bk = {0};
    double wall = 0, cpu = 0;
    long n = 0;
    while (read_book(in, &bk)) {
        write_book(&bk, argv[2], &wall, &cpu);
        free_book(&bk);
        n++;
    }
    free(bk.r);
    fclose(in);
    printf("%ld workbooks written in %.6f s (processor %.6f s)\n", n, wall, cpu);
    return 0;
}
