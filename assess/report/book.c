/* book: the workbook, its formats, labels in the chosen language, sheets
 * written top to bottom (measured first when their widths follow their
 * content), the title block and print setup shared by every report sheet.
 * It does not decide what a sheet contains. */
#include "report/book.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CELL_BYTES 32000 /* Excel keeps 32767 characters per cell; cut earlier */
#define LINE_HEIGHT 15.0     /* points per line of 11 pt text */
#define TITLE_ROWS 3         /* title, subtitle, one blank row */

static const lxw_color_t status_fill[AS_REPORT_NSTATUS] = {0xC6EFCE, 0xFFC7CE, 0xFFEB9C, 0xDDEBF7,
                                                           0xD9D9D9};
static const lxw_color_t status_font[AS_REPORT_NSTATUS] = {0x006100, 0x9C0006, 0x9C5700, 0x1F4E79,
                                                           0x404040};

void as_report_check(as_report_book *b, lxw_error e)
{
    as_workbook_check(&b->w, e);
}

char *as_report_keep(as_report_book *b, const char *s)
{
    char *c = as_arena_strdup(b->w.arena, s ? s : "");
    if (!c)
        b->w.oom = true;
    return c;
}

const char *as_report_printf(as_report_book *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = as_arena_vprintf(b->w.arena, fmt, ap);
    va_end(ap);
    if (!s) {
        b->w.oom = true;
        return "";
    }
    return s;
}

const char *as_report_join(as_arena *a, as_report_lang lang, const char *zh, const char *en,
                           char sep)
{
    bool has_zh = zh && *zh, has_en = en && *en;
    if (!has_zh)
        return has_en ? en : "";
    if (!has_en || lang == AS_REPORT_LANG_ZH)
        return zh;
    if (lang == AS_REPORT_LANG_EN)
        return en;
    size_t nz = strlen(zh), ne = strlen(en);
    char *s = as_arena_alloc(a, nz + ne + 2);
    if (!s)
        return NULL;
    memcpy(s, zh, nz);
    s[nz] = sep;
    memcpy(s + nz + 1, en, ne + 1);
    return s;
}

static const char *join2(as_report_book *b, const char *zh, const char *en, char sep)
{
    const char *s = as_report_join(b->w.arena, b->opts->lang, zh, en, sep);
    if (!s) {
        b->w.oom = true;
        return "";
    }
    return s;
}

const char *as_report_lbl(as_report_book *b, const char *zh, const char *en)
{
    return join2(b, zh, en, ' ');
}

const char *as_report_lbl2(as_report_book *b, const char *zh, const char *en)
{
    return join2(b, zh, en, '\n');
}

/* --- formats ------------------------------------------------------------- */

static lxw_format *add_format(as_report_book *b, bool top)
{
    lxw_format *f = workbook_add_format(b->w.wb);
    if (f && top)
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static void make_number_formats(as_report_book *b)
{
    for (int d = 0; d <= AS_REPORT_MAX_DECIMALS; d++) {
        char num[32] = "#,##0", pct[32] = "0";
        if (d > 0) {
            strcat(num, ".");
            strcat(pct, ".");
            for (int i = 0; i < d; i++) {
                strcat(num, "0");
                strcat(pct, "0");
            }
        }
        strcat(pct, "%");
        b->f.num[d] = add_format(b, true);
        format_set_num_format(b->f.num[d], num);
        b->f.pct[d] = add_format(b, true);
        format_set_num_format(b->f.pct[d], pct);
    }
}

static void make_status_formats(as_report_book *b)
{
    for (int st = 0; st < AS_REPORT_NSTATUS; st++) {
        lxw_format *c = add_format(b, true), *x = workbook_add_format(b->w.wb);
        format_set_bg_color(c, status_fill[st]);
        format_set_font_color(c, status_font[st]);
        format_set_border(c, LXW_BORDER_THIN);
        format_set_bg_color(x, status_fill[st]);
        format_set_font_color(x, status_font[st]);
        b->f.status_cell[st] = c;
        b->f.status_dxf[st] = x;
    }
    b->f.borderline = add_format(b, true);
    format_set_bold(b->f.borderline);
    format_set_border(b->f.borderline, LXW_BORDER_MEDIUM_DASHED);
    format_set_border_color(b->f.borderline, 0xED7D31);
}

/* Formats of the title block and of headers. */
static void make_title_formats(as_report_book *b)
{
    as_report_formats *f = &b->f;
    f->title = add_format(b, false);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    f->subtitle = add_format(b, true);
    format_set_font_color(f->subtitle, 0x595959);
    format_set_text_wrap(f->subtitle);
    f->note = add_format(b, true);
    format_set_font_color(f->note, 0x595959);
    f->notice = add_format(b, true);
    format_set_bold(f->notice);
    format_set_font_size(f->notice, 12);
    format_set_font_color(f->notice, 0xC00000);
    format_set_bg_color(f->notice, 0xFFF2CC);
    format_set_border(f->notice, LXW_BORDER_MEDIUM);
    format_set_border_color(f->notice, 0xC00000);
    format_set_text_wrap(f->notice);
    f->header = add_format(b, true);
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xD9E1F2);
    format_set_border(f->header, LXW_BORDER_THIN);
    format_set_text_wrap(f->header);
}

static void make_formats(as_report_book *b)
{
    as_report_formats *f = &b->f;
    make_title_formats(b);
    f->text = add_format(b, true);
    f->wrap = add_format(b, true);
    format_set_text_wrap(f->wrap);
    f->bold = add_format(b, true);
    format_set_bold(f->bold);
    format_set_text_wrap(f->bold);
    f->strong = add_format(b, true);
    format_set_bold(f->strong);
    f->big = add_format(b, true);
    format_set_bold(f->big);
    format_set_font_size(f->big, 14);
    f->section = add_format(b, true);
    format_set_bold(f->section);
    format_set_bg_color(f->section, 0xDDEBF7);
    format_set_text_wrap(f->section);
    f->date = add_format(b, true);
    format_set_num_format(f->date, "yyyy-mm-dd");
    format_set_align(f->date, LXW_ALIGN_LEFT);
    f->integer = add_format(b, true);
    format_set_num_format(f->integer, "0");
    f->general = add_format(b, true);
    f->pct_full = add_format(b, true);
    format_set_num_format(f->pct_full, "0.0#############%");
    make_number_formats(b);
    for (int i = 0; i <= AS_REPORT_MAX_INDENT; i++) {
        f->indent[i] = add_format(b, true);
        if (i)
            format_set_indent(f->indent[i], (uint8_t)i);
    }
    make_status_formats(b);
}

void as_report_frame_of(as_report_frame *f, const as_evaluation *ev)
{
    memset(f, 0, sizeof *f);
    f->rules = ev->rules;
    f->data_zh = ev->data->name_zh;
    f->data_en = ev->data->name_en;
    f->illustrative = ev->data->illustrative;
    f->notice = ev->data->notice;
    snprintf(f->years, sizeof f->years, "%d", ev->year);
    f->has_notified = ev->has_notified;
    f->notified = ev->notified;
}

int as_report_book_open(as_report_book *b, const char *path, const as_evaluation *ev,
                        const as_report_frame *frame, const as_report_opts *o, as_report_run *run,
                        bool constant_memory)
{
    memset(b, 0, sizeof *b);
    b->ev = ev;
    b->opts = o;
    b->run = run;
    b->frame = *frame;
    if (as_workbook_open(&b->w, path, constant_memory) != 0)
        return -1;
    make_formats(b);
    return 0;
}

int as_report_book_finish(as_report_book *b, const char *path, as_diags *d)
{
    return as_workbook_finish(&b->w, path, d);
}

/* --- cells --------------------------------------------------------------- */

static void track(as_report_sheet *s, lxw_col_t c, double w)
{
    if (c >= AS_REPORT_MAX_COLS)
        return;
    if (w > AS_REPORT_MAX_WIDTH)
        w = AS_REPORT_MAX_WIDTH;
    if (w > s->width[c])
        s->width[c] = w;
    if (c + 1 > s->ncols)
        s->ncols = (lxw_col_t)(c + 1);
}

/* text cut to what a cell holds, at a UTF-8 character boundary */
static const char *cell_text(as_report_book *b, const char *text)
{
    size_t n = strlen(text);
    if (n <= MAX_CELL_BYTES)
        return text;
    n = MAX_CELL_BYTES;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    char *cut = as_arena_strndup(b->w.arena, text, n);
    if (!cut) {
        b->w.oom = true;
        return "";
    }
    return cut;
}

static double column_width(const as_report_sheet *s, lxw_col_t c)
{
    if (c < AS_REPORT_MAX_COLS && s->fixed[c] > 0)
        return s->fixed[c];
    double w = c < AS_REPORT_MAX_COLS ? s->width[c] + 2 : 10;
    return w < 8 ? 8 : w > AS_REPORT_MAX_WIDTH + 2 ? AS_REPORT_MAX_WIDTH + 2 : w;
}

/* Make row r, the row being written, at least height points tall: set at
 * once, since the row goes to the file when the next one starts. */
static void raise_row(as_report_sheet *s, lxw_row_t r, double height)
{
    if (s->measure)
        return;
    if (r != s->tall_row) {
        s->tall_row = r;
        s->tall = 0;
    }
    if (height <= s->tall || height <= LINE_HEIGHT + 2.5)
        return;
    s->tall = height;
    as_report_check(s->b, worksheet_set_row(s->ws, r, height, NULL));
}

/* Make row r tall enough for text wrapped over columns c0..c1 (their widths
 * are known: the sheet was measured first, or its widths are fixed). */
static void fit_text(as_report_sheet *s, lxw_row_t r, lxw_col_t c0, lxw_col_t c1, const char *text,
                     double line_height)
{
    double w = 0;
    for (lxw_col_t c = c0; c <= c1; c++)
        w += column_width(s, c);
    /* Text runs about 10% narrower than its width estimate (which counts
     * every ASCII character as a full digit width). */
    raise_row(s, r, line_height * as_workbook_text_lines(text, (w - 1) / 0.9) + 3);
}

static bool wraps(const as_report_book *b, const lxw_format *fmt)
{
    const as_report_formats *f = &b->f;
    return fmt == f->wrap || fmt == f->header || fmt == f->bold || fmt == f->section ||
           fmt == f->subtitle || fmt == f->notice;
}

void as_report_text(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const char *text, lxw_format *fmt)
{
    if (!text)
        return;
    bool plain = !fmt || fmt == s->b->f.text;
    /* plain text wraps when it has a newline or is wider than a column may be;
     * text is never wider than its bytes, so short text needs no measuring */
    bool newline = plain && strchr(text, '\n');
    double w = s->measure || (plain && !newline && (double)strlen(text) > AS_REPORT_MAX_WIDTH)
                   ? as_workbook_text_width(text)
                   : 0;
    if (plain)
        fmt = newline || w > AS_REPORT_MAX_WIDTH ? s->b->f.wrap : s->b->f.text;
    if (s->measure) {
        track(s, c, w);
        return;
    }
    text = cell_text(s->b, text);
    if (wraps(s->b, fmt))
        fit_text(s, r, c, c, text, LINE_HEIGHT);
    as_report_check(s->b, worksheet_write_string(s->ws, r, c, text, fmt));
}

void as_report_row_min(as_report_sheet *s, lxw_row_t r, double height)
{
    raise_row(s, r, height);
}

void as_report_number(as_report_sheet *s, lxw_row_t r, lxw_col_t c, double v, lxw_format *fmt)
{
    if (!isfinite(v))
        return;
    if (s->measure) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.4f", v);
        track(s, c, (double)strlen(buf) + 2);
        return;
    }
    as_report_check(s->b, worksheet_write_number(s->ws, r, c, v, fmt ? fmt : s->b->f.general));
}

void as_report_int(as_report_sheet *s, lxw_row_t r, lxw_col_t c, long v)
{
    if (s->measure) {
        char buf[32];
        snprintf(buf, sizeof buf, "%ld", v);
        track(s, c, (double)strlen(buf));
        return;
    }
    as_report_check(s->b, worksheet_write_number(s->ws, r, c, (double)v, s->b->f.integer));
}

void as_report_date(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_date d)
{
    if (s->measure) {
        track(s, c, 10);
        return;
    }
    lxw_datetime dt = {0};
    as_date_to_ymd(d, &dt.year, &dt.month, &dt.day);
    as_report_check(s->b, worksheet_write_datetime(s->ws, r, c, &dt, s->b->f.date));
}

void as_report_comment(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const char *note)
{
    if (note && !s->measure)
        as_report_check(s->b, worksheet_write_comment(s->ws, r, c, cell_text(s->b, note)));
}

void as_report_probability(as_report_sheet *s, lxw_row_t r, lxw_col_t c, double p)
{
    as_report_number(s, r, c, p, s->b->f.pct[1]);
}

static lxw_format *value_format(as_report_book *b, const as_indicator *ind)
{
    int d = ind->decimals;
    if (ind->display == AS_DISPLAY_PERCENT) {
        d = d < 0 ? 2 : d - 2;
        d = d < 0 ? 0 : d > AS_REPORT_MAX_DECIMALS ? AS_REPORT_MAX_DECIMALS : d;
        return b->f.pct[d];
    }
    if (d < 0)
        return b->f.general;
    return b->f.num[d > AS_REPORT_MAX_DECIMALS ? AS_REPORT_MAX_DECIMALS : d];
}

void as_report_value(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const as_indicator *ind,
                     bool has, double v)
{
    if (has)
        as_report_number(s, r, c, v, value_format(s->b, ind));
}

void as_report_full_value(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const as_indicator *ind,
                          bool has, double v)
{
    if (has)
        as_report_number(s, r, c, v,
                         ind->display == AS_DISPLAY_PERCENT ? s->b->f.pct_full : s->b->f.general);
}

static void merged_at(as_report_sheet *s, lxw_row_t r, lxw_col_t c0, lxw_col_t c1, const char *text,
                      lxw_format *fmt, double line_height)
{
    if (s->measure)
        return;
    text = cell_text(s->b, text);
    fit_text(s, r, c0, c1, text, line_height);
    if (c1 > c0)
        as_report_check(s->b, worksheet_merge_range(s->ws, r, c0, r, c1, text, fmt));
    else
        as_report_check(s->b, worksheet_write_string(s->ws, r, c0, text, fmt));
}

void as_report_merged(as_report_sheet *s, lxw_row_t r, lxw_col_t c0, lxw_col_t c1, const char *text,
                      lxw_format *fmt)
{
    if (!text)
        return;
    if (c1 + 1 > s->ncols)
        s->ncols = (lxw_col_t)(c1 + 1);
    merged_at(s, r, c0, c1, text, fmt ? fmt : s->b->f.wrap, LINE_HEIGHT);
}

void as_report_header(as_report_sheet *s, const as_report_col *cols, size_t n,
                      lxw_col_t freeze_cols, bool filter)
{
    for (size_t i = 0; i < n; i++)
        as_report_text(s, s->row, (lxw_col_t)i, as_report_lbl2(s->b, cols[i].zh, cols[i].en),
                       s->b->f.header);
    s->has_table = true;
    s->table_row = s->row;
    s->table_last = s->row;
    s->table_cols = (lxw_col_t)n;
    s->freeze_cols = freeze_cols;
    s->filter = filter;
    /* set while the header is the row being written: the rows below are not
     * written yet, and the table's extent is known from measuring */
    if (filter && !s->measure && s->measured && s->measured_last > s->table_row)
        as_report_check(s->b, worksheet_autofilter(s->ws, s->table_row, 0, s->measured_last,
                                                   (lxw_col_t)(n - 1)));
    s->row++;
}

void as_report_table_end(as_report_sheet *s)
{
    if (s->has_table && s->row > s->table_row + 1)
        s->table_last = s->row - 1;
}

void as_report_kv(as_report_sheet *s, const char *zh, const char *en, const char *value)
{
    as_report_text(s, s->row, 0, as_report_lbl(s->b, zh, en), s->b->f.bold);
    as_report_text(s, s->row, 1, value ? value : "", NULL);
    s->row++;
}

void as_report_line(as_report_sheet *s, const char *text, lxw_format *fmt)
{
    as_report_line_at(s, 0, text, fmt);
}

void as_report_line_at(as_report_sheet *s, lxw_col_t c, const char *text, lxw_format *fmt)
{
    if (text && !s->measure)
        as_report_check(s->b, worksheet_write_string(s->ws, s->row, c, cell_text(s->b, text),
                                                     fmt ? fmt : s->b->f.text));
    s->row++;
}

/* --- conditional colours ------------------------------------------------- */

void as_report_colour_equal(as_report_sheet *s, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                            lxw_col_t c1, const char *text, lxw_format *dxf)
{
    /* An Excel string literal: quoted, inner quotes doubled. */
    size_t n = strlen(text), q = 0;
    for (size_t i = 0; i < n; i++)
        q += text[i] == '"';
    char *lit = as_arena_alloc(s->b->w.arena, n + q + 3);
    if (!lit) {
        s->b->w.oom = true;
        return;
    }
    char *o = lit;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '"')
            *o++ = '"';
        *o++ = text[i];
    }
    *o++ = '"';
    *o = '\0';
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                 .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
                                 .value_string = lit,
                                 .format = dxf};
    as_report_check(s->b, worksheet_conditional_format_range(s->ws, r0, c0, r1, c1, &cf));
}

/* --- sheets -------------------------------------------------------------- */

static const char *subtitle_text(as_report_book *b)
{
    const as_report_frame *f = &b->frame;
    char date[11] = "";
    if (f->has_notified)
        as_date_format(f->notified, date);
    const char *s = as_report_printf(
        b, "%s: %s (%s)  |  %s: %s  |  %s: %s", as_report_lbl(b, "规则", "Rules"),
        as_report_lbl(b, f->rules->title_zh, f->rules->title_en), f->rules->id,
        as_report_lbl(b, "数据", "Data"), as_report_lbl(b, f->data_zh, f->data_en),
        as_report_lbl(b, "考核年度", f->several ? "Assessment years" : "Assessment year"),
        f->years);
    if (f->several)
        return s;
    return as_report_printf(b, "%s  |  %s: %s", s, as_report_lbl(b, "通知日期", "Notified"),
                            f->has_notified ? date : as_report_lbl(b, "未定", "not set"));
}

static const char *notice_text(as_report_book *b)
{
    const char *head =
        as_report_lbl(b, "示例数据，并非真实统计", "ILLUSTRATIVE DATA, not real statistics");
    const char *n = b->frame.notice;
    return n && *n ? as_report_printf(b, "%s\n%s", head, n) : head;
}

void as_report_sheet_begin(as_report_sheet *s, as_report_book *b, const char *name,
                           const char *title, const double *widths, size_t n)
{
    memset(s, 0, sizeof *s);
    s->b = b;
    s->name = name;
    s->title = title;
    s->measured = !widths;
    if (n > AS_REPORT_MAX_COLS)
        n = AS_REPORT_MAX_COLS;
    for (size_t c = 0; widths && c < n; c++)
        s->fixed[c] = widths[c];
    if (widths)
        s->ncols = (lxw_col_t)n;
}

static void write_title_block(as_report_sheet *s)
{
    as_report_book *b = s->b;
    lxw_col_t last = s->title_cols  ? (lxw_col_t)(s->title_cols - 1)
                     : s->ncols > 2 ? (lxw_col_t)(s->ncols - 1)
                                    : 1;
    merged_at(s, 0, 0, last, s->title, b->f.title, 20);
    merged_at(s, 1, 0, last, subtitle_text(b), b->f.subtitle, LINE_HEIGHT);
    if (b->frame.illustrative)
        merged_at(s, 2, 0, last, notice_text(b), b->f.notice, 17);
}

/* The table's width in points as a spreadsheet prints it. */
static double table_points(const as_report_sheet *s)
{
    double pt = 0;
    for (lxw_col_t c = 0; c < s->ncols; c++)
        pt += as_workbook_column_points(column_width(s, c));
    return pt;
}

/* A sheet for paper at 8 pt or more; split over pages, the frozen columns
 * (code, name) repeat on each. */
static void paper_setup(as_report_sheet *s)
{
    if (!as_workbook_print_paper(s->ws, table_points(s)) && s->has_table && !s->no_freeze &&
        s->freeze_cols > 0)
        as_report_check(s->b, worksheet_repeat_columns(s->ws, 0, s->freeze_cols - 1));
}

static void page_setup(as_report_sheet *s)
{
    as_report_book *b = s->b;
    if (s->screen) {
        worksheet_set_landscape(s->ws);
        worksheet_set_paper(s->ws, 9); /* A4 */
        worksheet_fit_to_pages(s->ws, 1, 0);
        worksheet_set_margins(s->ws, AS_WORKBOOK_PRINT_MARGIN, AS_WORKBOOK_PRINT_MARGIN, 0.6, 0.6);
    } else {
        paper_setup(s);
    }
    worksheet_gridlines(s->ws,
                        s->no_gridlines ? LXW_SHOW_SCREEN_GRIDLINES : LXW_SHOW_ALL_GRIDLINES);
    if (s->has_table && !s->no_freeze)
        as_report_check(b, worksheet_repeat_rows(s->ws, s->table_row, s->table_row));
    const char *mark =
        b->frame.illustrative ? as_report_lbl(b, "示例数据", "ILLUSTRATIVE DATA") : "";
    const char *use =
        s->screen
            ? as_report_printf(b, " — %s", as_report_lbl(b, "宜在屏幕上查看", "for the screen"))
            : "";
    as_report_check(b, worksheet_set_header(s->ws, as_report_printf(b, "&L&A%s&C&B%s&B&R%s", use,
                                                                    mark, b->frame.years)));
    as_report_check(b, worksheet_set_footer(
                           s->ws, as_report_printf(b, "&Lassess %s&R&P / &N", ASSESS_VERSION)));
}

/* Frozen panes, the filter and the print setup, once every row is written. */
static void finish(as_report_sheet *s)
{
    if (s->has_table && !s->no_freeze)
        worksheet_freeze_panes(s->ws, s->table_row + 1, s->freeze_cols);
    page_setup(s);
}

/* Add the worksheet with its column widths and title block. */
static void open_sheet(as_report_sheet *s)
{
    as_report_book *b = s->b;
    s->ws = workbook_add_worksheet(b->w.wb, s->name);
    if (!s->ws) {
        as_report_check(b, LXW_ERROR_PARAMETER_VALIDATION);
        /* keep going on a throwaway sheet so callers need no checks */
        s->ws = workbook_add_worksheet(b->w.wb, NULL);
    }
    for (lxw_col_t c = 0; c < s->ncols; c++)
        as_report_check(b, worksheet_set_column(s->ws, c, c, column_width(s, c), NULL));
    write_title_block(s);
}

bool as_report_sheet_next(as_report_sheet *s)
{
    s->pass = s->pass == 0 && !s->measured ? 2 : s->pass + 1;
    s->measure = s->pass == 1;
    if (s->pass > 2) {
        finish(s);
        return false;
    }
    /* the body lays itself out again; the widths it measured are kept */
    s->measured_last = s->has_table && !s->no_freeze ? s->table_last : 0;
    s->row = TITLE_ROWS + (s->b->frame.illustrative ? 1 : 0);
    s->has_table = s->filter = s->no_freeze = false;
    s->table_row = s->table_last = 0;
    s->table_cols = s->freeze_cols = 0;
    s->tall_row = 0;
    s->tall = 0;
    if (s->pass == 2)
        open_sheet(s);
    return true;
}
