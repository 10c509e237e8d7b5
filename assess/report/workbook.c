/* workbook: opening, closing and failing a libxlsxwriter workbook, its
 * captured stderr, and text measured in character cells. */
#include "report/workbook.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int as_workbook_open(as_workbook *w, const char *file, bool constant_memory)
{
    memset(w, 0, sizeof *w);
    w->arena = as_arena_new(0);
    if (!w->arena)
        return -1;
    as_workbook_capture_begin(&w->cap);
    lxw_workbook_options wo = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE};
    w->wb = workbook_new_opt(file, &wo);
    if (!w->wb) {
        as_workbook_capture_end(&w->cap);
        as_arena_free(w->arena);
        w->arena = NULL;
        return -1;
    }
    return 0;
}

lxw_error as_workbook_close(as_workbook *w)
{
    lxw_error e = workbook_close(w->wb);
    as_workbook_capture_end(&w->cap);
    w->wb = NULL;
    as_arena_free(w->arena);
    w->arena = NULL;
    if (w->err != LXW_NO_ERROR)
        return w->err;
    if (w->oom)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    return e;
}

int as_workbook_finish(as_workbook *w, const char *path, as_diags *d)
{
    lxw_error e = as_workbook_close(w);
    if (e == LXW_NO_ERROR)
        return 0;
    as_workbook_failed(e, w->cap.said, path, d);
    return -1;
}

void as_workbook_check(as_workbook *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR)
        w->err = e;
}

const char *as_workbook_printf(as_workbook *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = as_arena_vprintf(w->arena, fmt, ap);
    va_end(ap);
    if (!s) {
        w->oom = true;
        return "";
    }
    return s;
}

const char *as_workbook_clip(as_workbook *w, const char *s, size_t max)
{
    size_t chars = 0, i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
            break; /* s[i] starts character max + 1 */
    if (!s[i])
        return s;
    char *c = as_arena_strndup(w->arena, s, i);
    if (!c)
        w->oom = true;
    return c ? c : "";
}

/* ------------------------------------------------------------ libxlsxwriter's stderr */

void as_workbook_capture_begin(as_workbook_capture *c)
{
    c->saved_stderr = -1;
    c->said[0] = '\0';
    c->captured = tmpfile();
    if (!c->captured)
        return;
    fflush(stderr);
    c->saved_stderr = dup(STDERR_FILENO);
    if (c->saved_stderr < 0 || dup2(fileno(c->captured), STDERR_FILENO) < 0) {
        if (c->saved_stderr >= 0)
            close(c->saved_stderr);
        c->saved_stderr = -1;
        fclose(c->captured);
        c->captured = NULL;
    }
}

void as_workbook_capture_end(as_workbook_capture *c)
{
    if (!c->captured)
        return;
    fflush(stderr);
    dup2(c->saved_stderr, STDERR_FILENO);
    close(c->saved_stderr);
    c->saved_stderr = -1;
    rewind(c->captured);
    size_t n = fread(c->said, 1, sizeof c->said - 1, c->captured);
    c->said[n] = '\0';
    fclose(c->captured);
    c->captured = NULL;
}

const char *as_workbook_os_reason(const char *said, char *buf, size_t n)
{
    const char *p = NULL;
    for (const char *q = said; (q = strstr(q, "rror = ")); q += 7)
        p = q + 7; /* the last: workbook_close()'s own line, about the whole file */
    if (!p)
        return NULL;
    size_t len = strcspn(p, "\n");
    while (len && (p[len - 1] == '.' || p[len - 1] == ' '))
        len--;
    if (!len)
        return NULL;
    snprintf(buf, n, "%.*s", (int)len, p);
    return buf;
}

/* ------------------------------------------------------------ failures */

static const char *lxw_reason(lxw_error e)
{
    switch (e) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return "out of memory";
    case LXW_ERROR_CREATING_XLSX_FILE:
        return "cannot create the file";
    case LXW_ERROR_CREATING_TMPFILE:
        return "cannot create libxlsxwriter's temporary file (check TMPDIR)";
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        return "cannot write the zip archive";
    default:
        return lxw_strerror(e);
    }
}

void as_workbook_failed(lxw_error e, const char *said, const char *path, as_diags *d)
{
    char buf[512];
    const char *why = as_workbook_os_reason(said, buf, sizeof buf);
    as_diags_add(d, as_loc_make(path, 0, 0), "cannot write workbook: %s",
                 why ? why : lxw_reason(e));
}

/* ------------------------------------------------------------ text width */

static bool is_wide(unsigned long cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Decode one UTF-8 sequence at *p (advancing it); invalid bytes count as one. */
static unsigned long next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned long cp = s[0];
    int n = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
    if (n) {
        cp &= 0x3Fu >> n;
        for (int i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80) {
                *p = s + 1;
                return '?';
            }
            cp = (cp << 6) | (s[i] & 0x3Fu);
        }
    }
    *p = s + 1 + n;
    return cp;
}

/* Width of the line starting at *p; leaves *p on its '\n' or final NUL. */
static double line_width(const unsigned char **p)
{
    size_t w = 0;
    for (;;) {
        unsigned char c = **p;
        if (c >= 0x80) {
            w += is_wide(next_cp(p)) ? 2 : 1;
        } else if (c && c != '\n') { /* ASCII: one cell, nothing to decode */
            w++;
            (*p)++;
        } else {
            return (double)w;
        }
    }
}

double as_workbook_text_width(const char *s)
{
    double best = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        double w = line_width(&p);
        best = w > best ? w : best;
        if (*p)
            p++;
    }
    return best;
}

double as_workbook_text_lines(const char *s, double w)
{
    double lines = 0;
    const unsigned char *p = (const unsigned char *)s;
    if (w < 1)
        w = 1;
    for (;;) {
        double lw = line_width(&p);
        lines += lw > 0 ? ceil(lw / w) : 1;
        if (!*p)
            return lines;
        p++;
    }
}

#define PAPER_MIN_SCALE (8.0 / 11) /* the least print scale of a sheet for paper */
enum { PAPER_A4 = 9, PAPER_A3 = 8 };

double as_workbook_column_points(double w)
{
    return (7 * w + 5) * 0.75;
}

/* The width a page leaves for the table, in points. */
static double printable(uint8_t paper, bool landscape)
{
    double mm = paper == PAPER_A3 ? (landscape ? 420 : 297) : (landscape ? 297 : 210);
    return mm / 25.4 * 72 - 2 * AS_WORKBOOK_PRINT_MARGIN * 72;
}

bool as_workbook_print_paper(lxw_worksheet *ws, double table_pt)
{
    static const struct {
        uint8_t paper;
        bool landscape;
    } pages[] = {{PAPER_A4, false}, {PAPER_A4, true}, {PAPER_A3, true}};
    double table = table_pt > 0 ? table_pt : 1;
    worksheet_set_margins(ws, AS_WORKBOOK_PRINT_MARGIN, AS_WORKBOOK_PRINT_MARGIN, 0.6, 0.6);
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        if (printable(pages[i].paper, pages[i].landscape) / table >= PAPER_MIN_SCALE) {
            worksheet_set_paper(ws, pages[i].paper);
            if (pages[i].landscape)
                worksheet_set_landscape(ws);
            else
                worksheet_set_portrait(ws);
            worksheet_fit_to_pages(ws, 1, 0);
            return true;
        }
    worksheet_set_paper(ws, PAPER_A3);
    worksheet_set_landscape(ws);
    worksheet_set_print_scale(ws, (uint16_t)ceil(PAPER_MIN_SCALE * 100));
    return false;
}
