/* diag: storage and formatting of located diagnostics with severities, each
 * in English and in the catalogue's translation; no printing. */
#include "base/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/i18n.h"

void as_diags_init(as_diags *d)
{
    memset(d, 0, sizeof *d);
    d->max = 1000;
}

static void free_diag(as_diag *e)
{
    as_text_release(&e->text);
    free((char *)e->loc.file);
    free((char *)e->loc.sheet);
}

void as_diags_release(as_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free_diag(&d->items[i]);
    free(d->items);
    d->items = NULL;
    d->n = d->cap = d->dropped = d->errors = d->dropped_errors = 0;
}

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static int grow(as_diags *d)
{
    as_diag *p = as_grow(d->items, &d->cap, d->n + 1, sizeof *p, 8, 0);
    if (!p)
        return -1;
    d->items = p;
    return 0;
}

static void count_dropped(as_diags *d, as_severity sev)
{
    d->dropped++;
    d->dropped_errors += sev == AS_SEV_ERROR;
}

/* A slot for one more diagnostic, or NULL (counted as dropped). */
static as_diag *slot(as_diags *d, as_severity sev)
{
    if (d->max == 0)
        d->max = 1000;
    if (d->n >= d->max || grow(d) != 0) {
        count_dropped(d, sev);
        return NULL;
    }
    return &d->items[d->n];
}

/* ------------------------------------------------------------ control characters */

/* The length of the control character at s shown escaped, and its escape
 * in esc: a C0 control or DEL (one byte, "\x1b") or a C1 control (U+0080 to
 * U+009F, two bytes of UTF-8, "\u009b"); 0 for anything else. */
static size_t control_at(const char *s, char esc[8])
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x20 || c == 0x7F) {
        snprintf(esc, 8, "\\x%02x", c);
        return 1;
    }
    unsigned char c1 = (unsigned char)s[1];
    if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F) {
        snprintf(esc, 8, "\\u%04x", c1);
        return 2;
    }
    return 0;
}

/* s with every control character escaped, like snprintf: writes at most n
 * bytes of it to buf (n may be 0 with buf NULL) and returns its length.
 * Text a submission or a file name brings into a message is shown so on
 * every terminal, log and report: an escape sequence in a cell cannot
 * clear the operator's screen or retitle the terminal. */
static size_t escape_controls(char *buf, size_t n, const char *s)
{
    size_t len = 0;
    for (char esc[8]; *s;) {
        size_t k = control_at(s, esc);
        const char *piece = k ? esc : s;
        size_t m = k ? strlen(esc) : 1;
        for (size_t i = 0; i < m; i++, len++)
            if (len + 1 < n)
                buf[len] = piece[i];
        s += k ? k : 1;
    }
    if (n)
        buf[len < n ? len : n - 1] = '\0';
    return len;
}

/* msg with its control characters escaped (msg itself when it has none,
 * else a new string and msg freed); NULL for NULL or out of memory. */
static char *escaped(char *msg)
{
    if (!msg)
        return NULL;
    size_t len = escape_controls(NULL, 0, msg);
    if (len == strlen(msg))
        return msg;
    char *out = malloc(len + 1);
    if (out)
        escape_controls(out, len + 1, msg);
    free(msg);
    return out;
}

/* Take text t (malloc'd; t.tr may be NULL) as the next diagnostic: the one
 * place every diagnostic's texts pass, so the one place they are escaped. */
static void put(as_diags *d, as_severity sev, as_loc loc, as_text t)
{
    t.en = escaped((char *)t.en);
    t.tr = escaped((char *)t.tr);
    as_diag *e = t.en ? slot(d, sev) : NULL;
    if (!e) {
        if (!t.en)
            count_dropped(d, sev);
        as_text_release(&t);
        return;
    }
    d->n++;
    d->errors += sev == AS_SEV_ERROR;
    e->sev = sev;
    e->text = t;
    e->loc = loc;
    e->loc.file = escaped(dup_or_null(loc.file)); /* a file name may hold them too */
    e->loc.sheet = escaped(dup_or_null(loc.sheet));
}

void as_diags_vadd_sev(as_diags *d, as_severity sev, as_loc loc, const char *fmt, va_list ap)
{
    if (d->n >= (d->max ? d->max : 1000)) { /* do not format what cannot be kept */
        count_dropped(d, sev);
        return;
    }
    put(d, sev, loc, as_text_vprintf(NULL, fmt, ap));
}

void as_diags_vadd(as_diags *d, as_loc loc, const char *fmt, va_list ap)
{
    as_diags_vadd_sev(d, AS_SEV_ERROR, loc, fmt, ap);
}

void as_diags_add(as_diags *d, as_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd_sev(d, AS_SEV_ERROR, loc, fmt, ap);
    va_end(ap);
}

void as_diags_warn(as_diags *d, as_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd_sev(d, AS_SEV_WARNING, loc, fmt, ap);
    va_end(ap);
}

void as_diags_add_sev(as_diags *d, as_severity sev, as_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd_sev(d, sev, loc, fmt, ap);
    va_end(ap);
}

void as_diags_note(as_diags *d, as_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd_sev(d, AS_SEV_NOTE, loc, fmt, ap);
    va_end(ap);
}

void as_diags_add_text(as_diags *d, as_severity sev, as_loc loc, as_text t)
{
    put(d, sev, loc, as_text_copy(NULL, (as_text){t.en ? t.en : "", t.tr}));
}

__attribute__((format(printf, 3, 4))) static void print_into(char *buf, size_t n, const char *fmt,
                                                             ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

void as_diags_add_word(as_diags *d, as_loc loc, const char *fmt, const char *what, const char *word)
{
    char en[1000], tr[2000];
    const char *tfmt = as_tr(fmt), *tword = as_tr(word);
/* fmt is checked where it is written (the format attribute) and its
 * translation by msgfmt --check: it cannot be a literal here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (what) {
        print_into(en, sizeof en, fmt, what, word);
        print_into(tr, sizeof tr, tfmt, what, tword);
    } else { /* fmt takes the word only */
        print_into(en, sizeof en, fmt, word);
        print_into(tr, sizeof tr, tfmt, tword);
    }
#pragma GCC diagnostic pop
    as_diags_add_text(d, AS_SEV_ERROR, loc,
                      (as_text){en, tfmt != fmt || tword != word ? tr : NULL});
}

void as_diags_copy(as_diags *d, const as_diag *e)
{
    as_diags_add_text(d, e->sev, e->loc, e->text);
}

void as_diags_move(as_diags *dst, as_diags *src)
{
    for (size_t i = 0; i < src->n; i++) {
        as_diag *e = &src->items[i];
        as_diag *to = slot(dst, e->sev);
        if (!to) {
            free_diag(e);
            continue;
        }
        *to = *e;
        dst->n++;
        dst->errors += e->sev == AS_SEV_ERROR;
    }
    dst->dropped += src->dropped;
    dst->dropped_errors += src->dropped_errors;
    free(src->items);
    src->items = NULL;
    src->n = src->cap = src->dropped = src->errors = src->dropped_errors = 0;
}

void as_diags_drop_file(as_diags *d, const char *file)
{
    size_t keep = 0;
    d->errors = 0;
    for (size_t i = 0; i < d->n; i++) {
        as_diag *e = &d->items[i];
        if (file && e->loc.file && !strcmp(e->loc.file, file)) {
            free_diag(e);
            continue;
        }
        d->errors += e->sev == AS_SEV_ERROR;
        d->items[keep++] = *e;
    }
    d->n = keep;
}

size_t as_diags_count(const as_diags *d)
{
    return d->errors + d->dropped_errors;
}

size_t as_diags_total(const as_diags *d)
{
    return d->n + d->dropped;
}

const char *as_severity_name(as_severity s)
{
    static const char *const names[] = {"error", "warning", "note"};
    return s >= AS_SEV_ERROR && s <= AS_SEV_NOTE ? names[s] : "error";
}

void as_loc_col_name(int col, char out[8])
{
    char rev[8];
    int n = 0;
    for (; col > 0 && n < 7; col = (col - 1) / 26)
        rev[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    out[n] = '\0';
}

int as_loc_print(char *buf, size_t n, as_loc l)
{
    const char *file = l.file ? l.file : "assess";
    if (l.sheet) {
        char col[8];
        as_loc_col_name(l.col, col);
        if (l.line > 0)
            return snprintf(buf, n, "%s:%s!%s%d", file, l.sheet, col, l.line);
        return snprintf(buf, n, "%s:%s", file, l.sheet);
    }
    if (l.line > 0)
        return snprintf(buf, n, "%s:%d:%d", file, l.line, l.col);
    return snprintf(buf, n, "%s", file);
}

char *as_diag_format_in(const as_diag *d, bool tr)
{
    const char *msg = as_text_get(d->text, tr), *fmt;
    switch (d->sev) { /* the catalogue's words for the severity too: a Chinese line is Chinese */
    case AS_SEV_WARNING:
        fmt = tr ? _("%s: warning: %s") : "%s: warning: %s";
        break;
    case AS_SEV_NOTE:
        fmt = tr ? _("%s: note: %s") : "%s: note: %s";
        break;
    default:
        fmt = tr ? _("%s: error: %s") : "%s: error: %s";
        break;
    }
    int head = as_loc_print(NULL, 0, d->loc);
    char *where = head < 0 ? NULL : malloc((size_t)head + 1);
    if (!where)
        return NULL;
    as_loc_print(where, (size_t)head + 1, d->loc);
/* fmt is one of the three literals above or the catalogue's translation of
 * one, which msgfmt --check holds to the same conversions. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    int len = snprintf(NULL, 0, fmt, where, msg);
    char *out = len < 0 ? NULL : malloc((size_t)len + 1);
    if (out)
        snprintf(out, (size_t)len + 1, fmt, where, msg);
#pragma GCC diagnostic pop
    free(where);
    return out;
}

char *as_diag_format(const as_diag *d)
{
    return as_diag_format_in(d, false);
}

as_diag as_diag_copy(as_arena *a, const as_diag *e)
{
    as_diag c = *e;
    c.text = as_text_copy(a, e->text);
    if (!c.text.en)
        c.text.en = "";
    c.loc.file = as_arena_strdup(a, e->loc.file);
    c.loc.sheet = as_arena_strdup(a, e->loc.sheet);
    return c;
}

as_loc as_loc_make(const char *file, int line, int col)
{
    as_loc l = {file, line, col, NULL};
    return l;
}

as_loc as_loc_cell(const char *file, const char *sheet, int row, int col)
{
    as_loc l = {file, row, col, sheet};
    return l;
}
