/* select: year lists and ranges, and province lists matched against a rule
 * set's codes and names.  Items are cut at separators and trimmed here;
 * numbers go through strtol with an end pointer, never atoi. */
#include "engine/select.h"

#include "base/i18n.h"
#include "base/suggest.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEM_MAX 256 /* bytes of one item; longer ones are refused */

/* What is wrong with a list, built in pieces: in English and in the message
 * catalogue's language (the same text when it has no translation). */
typedef struct {
    char en[4096];
    char tr[4096];
} msg;

/* Append fmt with its arguments to both texts of m: in English and in the
 * catalogue's language; a text that is full stays as it is. */
static void append(msg *m, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void append(msg *m, const char *fmt, va_list ap)
{
    for (int tr = 0; tr < 2; tr++) {
        char *buf = tr ? m->tr : m->en;
        size_t o = strlen(buf);
        va_list again;
        va_copy(again, ap);
        if (o + 1 < sizeof m->en)
            vsnprintf(buf + o, sizeof m->en - o, tr ? _(fmt) : fmt, again);
        va_end(again);
    }
}

/* Append to both texts of m (a format to translate is marked N_()). */
static void add(msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(msg *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(m, fmt, ap);
    va_end(ap);
}

/* Append a province's code and names to both texts of m (nothing to translate). */
static void add_names(msg *m, const char *sep, const as_province *p)
{
    add(m, "%s%s %s %s", sep, p->code, p->name_zh, p->name_en);
}

/* Start m's texts with fmt and its arguments; returns -1. */
static int say(msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int say(msg *m, const char *fmt, ...)
{
    va_list ap;
    m->en[0] = m->tr[0] = '\0';
    va_start(ap, fmt);
    append(m, fmt, ap);
    va_end(ap);
    return -1;
}

/* Length of the separator at p (',' or, with wide, the full-width '，' or
 * '、'), or 0. */
static size_t separator(const char *p, bool wide)
{
    if (*p == ',')
        return 1;
    if (wide && (!strncmp(p, "\xef\xbc\x8c", 3) || !strncmp(p, "\xe3\x80\x81", 3)))
        return 3;
    return 0;
}

/* The next item of a list at *p, trimmed of spaces, into buf (size ITEM_MAX);
 * advances *p past its separator.  Returns 1 for an item, 0 at the end, -1
 * when it does not fit. */
static int next_item(const char **p, bool wide, char *buf)
{
    const char *s = *p;
    if (!*s)
        return 0;
    size_t len = 0, sep;
    while (s[len] && !(sep = separator(s + len, wide)))
        len++;
    *p = s[len] ? s + len + sep : s + len;
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len >= ITEM_MAX)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return 1;
}

/* ------------------------------------------------------------ years */

/* A whole year in [AS_SELECT_YEAR_MIN, AS_SELECT_YEAR_MAX] from s..end. */
static int year_of(const char *s, const char *end, int *out)
{
    if (s == end || end - s > 4)
        return -1;
    for (const char *c = s; c < end; c++)
        if (*c < '0' || *c > '9')
            return -1;
    char buf[8];
    memcpy(buf, s, (size_t)(end - s));
    buf[end - s] = '\0';
    errno = 0;
    long v = strtol(buf, NULL, 10);
    if (errno || v < AS_SELECT_YEAR_MIN || v > AS_SELECT_YEAR_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The hint for "a..b": the text with every ".." as "-". */
static int dots_hint(const char *text, msg *m)
{
    char fixed[ITEM_MAX];
    size_t o = 0;
    for (const char *p = text; *p && o + 1 < sizeof fixed; p++) {
        if (p[0] == '.' && p[1] == '.') {
            fixed[o++] = '-';
            while (p[1] == '.')
                p++;
        } else {
            fixed[o++] = *p;
        }
    }
    fixed[o] = '\0';
    return say(m, "invalid year list '%s': write a range with '-', as in '%s'", text, fixed);
}

/* Add the years of one item ("2026" or "2026-2030") to years. */
static int add_item(const char *text, const char *item, int *years, size_t max, size_t *n, msg *m)
{
    const char *dash = strchr(item, '-');
    int first, last;
    const char *end = dash ? dash : item + strlen(item);
    bool single = !strcmp(text, item);
    if (year_of(item, end, &first) != 0 ||
        (dash && year_of(dash + 1, dash + 1 + strlen(dash + 1), &last) != 0))
        return single ? say(m,
                            "invalid year '%s': use a year (2026), a range (2026-2030) or a "
                            "list (2016,2018)",
                            item)
                      : say(m,
                            "invalid year '%s' in '%s': use a year (2026), a range (2026-2030) "
                            "or a list (2016,2018)",
                            item, text);
    if (!dash)
        last = first;
    if (last < first)
        return say(m, "year range '%s' runs backwards: write '%d-%d'", item, last, first);
    if ((size_t)(last - first) + 1 > max - *n)
        return say(m, "too many years in '%s': at most %zu", text, max);
    for (int y = first; y <= last; y++)
        years[(*n)++] = y;
    return 0;
}

static int parse_years(const char *text, int *years, size_t max, size_t *n, msg *m)
{
    char item[ITEM_MAX];
    const char *p = text;
    int got;
    *n = 0;
    if (strstr(text, ".."))
        return dots_hint(text, m);
    while ((got = next_item(&p, false, item)) != 0) {
        if (got < 0)
            return say(m, "invalid year list '%s': an item is too long", text);
        if (!*item)
            return say(m, "empty item in year list '%s'", text);
        if (add_item(text, item, years, max, n, m) != 0)
            return -1;
    }
    if (!*n)
        return say(m, "empty year list: use a year (2026), a range (2026-2030) or a "
                      "list (2016,2018)");
    qsort(years, *n, sizeof *years, cmp_int);
    for (size_t i = 1; i < *n; i++)
        if (years[i] == years[i - 1])
            return say(m, "year %d is given twice in '%s'", years[i], text);
    return 0;
}

/* Room for a list's problem (malloc'd: it is large), or NULL after saying
 * memory ran out. */
static msg *new_msg(as_diags *d)
{
    msg *m = calloc(1, sizeof *m);
    if (!m)
        as_diags_add(d, as_loc_make(NULL, 0, 0), "out of memory");
    return m;
}

/* A parse's result rc, with its problem m as one diagnostic of d when it
 * failed, located nowhere (the list was typed, not read from a file); m is
 * freed. */
static int reported(as_diags *d, msg *m, int rc)
{
    if (rc != 0)
        as_diags_add_text(d, AS_SEV_ERROR, as_loc_make(NULL, 0, 0), (as_text){m->en, m->tr});
    free(m);
    return rc;
}

int as_select_years(const char *text, int *years, size_t max, size_t *n, as_diags *d)
{
    msg *m = new_msg(d);
    return m ? reported(d, m, parse_years(text, years, max, n, m)) : -1;
}

int as_select_years_in_rules(const as_ruleset *r, const int *years, size_t n, as_diags *d)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (years[i] < r->year_from || years[i] > r->year_to) {
            as_diags_add(d, as_loc_make(r->path, 0, 0),
                         "the rules apply to assessment years %d-%d, not %d", r->year_from,
                         r->year_to, years[i]);
            rc = -1;
        }
    return rc;
}

int as_select_years_text(const int *years, size_t n, const char *join, char *buf, size_t len)
{
    size_t o = 0;
    if (!len)
        return -1;
    buf[0] = '\0';
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && years[j + 1] == years[j] + 1)
            j++;
        int w = j > i ? snprintf(buf + o, len - o, "%s%d-%d", i ? join : "", years[i], years[j])
                      : snprintf(buf + o, len - o, "%s%d", i ? join : "", years[i]);
        if (w < 0 || (size_t)w >= len - o)
            return -1;
        o += (size_t)w;
        i = j + 1;
    }
    return 0;
}

/* ------------------------------------------------------------ provinces */

static char fold(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c == '-' || c == '_' ? ' ' : c;
}

/* English names equal but for case and ' ' / '-' / '_'. */
static bool same_en(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (fold(*a) != fold(*b))
            return false;
    return !*a && !*b;
}

/* Characters (UTF-8 code points) in s, and whether any is not ASCII. */
static size_t chars(const char *s, bool *wide)
{
    size_t n = 0;
    *wide = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        n += (*p & 0xC0) != 0x80;
        *wide = *wide || *p >= 0x80;
    }
    return n;
}

/* Exact matches: code, Chinese name, English name.  Returns the province's
 * index or -1. */
static long exact(const as_ruleset *r, const char *item)
{
    size_t i;
    if (as_rules_province(r, item, &i) == 0)
        return (long)i;
    for (i = 0; i < r->nprovinces; i++) {
        const as_province *p = &r->provinces[i];
        if (!strcmp(p->name_zh, item) || same_en(p->name_en, item))
            return (long)i;
    }
    return -1;
}

/* "110000 北京市 Beijing, ..." for the first `max` provinces whose name_zh
 * begins with prefix, appended to m. */
static void list_provinces(const as_ruleset *r, const char *prefix, size_t max, msg *m)
{
    size_t shown = 0, plen = strlen(prefix);
    for (size_t i = 0; i < r->nprovinces && shown < max; i++) {
        const as_province *p = &r->provinces[i];
        if (strncmp(p->name_zh, prefix, plen) != 0)
            continue;
        add_names(m, shown ? ", " : "", p);
        shown++;
    }
}

/* The code point of UTF-8 text at *s, advancing *s past it (a stray byte
 * is a code point of its own). */
static unsigned long next_char(const char **s)
{
    const unsigned char *u = (const unsigned char *)*s;
    int n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    unsigned long c = n == 1 ? u[0] : (unsigned long)(u[0] & (0x3F >> (n - 1)));
    int k = 1;
    for (; k < n && (u[k] & 0xC0) == 0x80; k++)
        c = c << 6 | (unsigned long)(u[k] & 0x3F);
    *s += k;
    return c;
}

/* Whether a Chinese item of two or more characters is the beginning of
 * name_zh with one character wrong (宁厦 for 宁夏回族自治区). */
static bool near_zh(const char *item, const char *name_zh)
{
    const char *a = item, *b = name_zh;
    size_t n = 0, wrong = 0;
    while (*a && *b) {
        wrong += next_char(&a) != next_char(&b);
        n++;
    }
    return !*a && n >= 2 && wrong == 1;
}

/* Append to m the provinces an unknown item was probably meant to name: a
 * Chinese name with one character wrong, an English name or a code a
 * keystroke or two away (as_suggest).  Returns how many. */
static size_t near_provinces(const as_ruleset *r, const char *item, msg *m)
{
    size_t found = 0;
    for (size_t i = 0; i < r->nprovinces; i++) {
        const as_province *p = &r->provinces[i];
        const char *names[] = {p->name_en, p->code};
        char buf[200];
        bool wide;
        bool near = chars(item, &wide) && wide ? near_zh(item, p->name_zh)
                                               : as_suggest(item, names, 2, buf, sizeof buf) > 0;
        if (near && found < 3) {
            if (found)
                add(m, N_(" or ")); /* in each language its own */
            add_names(m, "", p);
        }
        found += near;
    }
    return found;
}

/* The province an item names: exact, else the one Chinese name it begins. */
static long match(const as_ruleset *r, const char *item, msg *m)
{
    long i = exact(r, item);
    bool wide;
    if (i >= 0)
        return i;
    size_t len = strlen(item), found = 0;
    if (chars(item, &wide) >= 2 && wide)
        for (size_t p = 0; p < r->nprovinces; p++)
            if (!strncmp(r->provinces[p].name_zh, item, len)) {
                i = (long)p;
                found++;
            }
    if (found == 1)
        return i;
    if (found > 1) {
        say(m, "province '%s' is ambiguous: ", item);
        list_provinces(r, item, 10, m);
        add(m, N_("; give its code or more of its name"));
        return -1;
    }
    msg near = {{0}, {0}};
    if (near_provinces(r, item, &near)) {
        say(m, "unknown province '%s': did you mean %s?", item, near.en);
        snprintf(m->tr, sizeof m->tr, _("unknown province '%s': did you mean %s?"), item, near.tr);
        return -1;
    }
    say(m,
        "unknown province '%s': give the code or the name (Chinese or English) of one of the %zu "
        "below",
        item, r->nprovinces);
    return AS_SELECT_UNKNOWN;
}

static int match_provinces(const as_ruleset *r, const char *text, unsigned char *chosen, size_t *n,
                           msg *m)
{
    char item[ITEM_MAX];
    const char *p = text;
    int got;
    *n = 0;
    memset(chosen, 0, r->nprovinces);
    while ((got = next_item(&p, true, item)) != 0) {
        if (got < 0)
            return say(m, "invalid province list '%s': an item is too long", text);
        if (!*item)
            return say(m, "empty item in province list '%s'", text);
        long i = match(r, item, m);
        if (i < 0)
            return (int)i;
        const as_province *pv = &r->provinces[i];
        if (chosen[i])
            return say(m, "province %s %s %s is named twice in '%s'", pv->code, pv->name_zh,
                       pv->name_en, text);
        chosen[i] = 1;
        (*n)++;
    }
    if (!*n)
        return say(m, "empty province list: give codes or names, as in '110000,宁夏'");
    return 0;
}

int as_select_provinces(const as_ruleset *r, const char *text, unsigned char *chosen, size_t *n,
                        as_diags *d)
{
    msg *m = new_msg(d);
    return m ? reported(d, m, match_provinces(r, text, chosen, n, m)) : -1;
}
