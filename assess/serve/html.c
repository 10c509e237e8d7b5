/* html: escaping, markup templates and sentences for the portal's pages. */
#include "serve/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"

/* The longest sentence as_html_say writes. */
#define AS_HTTP_SENTENCE_MAX (64u * 1024u)

const char *as_page_tr(as_page_lang lang, const char *msgid)
{
    return lang == AS_PAGE_ZH ? as_tr(msgid) : msgid;
}

/* The weight of one Accept-Language entry ("en;q=0.8" -> 0.8). */
static double weight(const char *entry, size_t n)
{
    const char *q = memchr(entry, ';', n);
    if (!q || (size_t)(q - entry) + 3 > n || q[1] != 'q' || q[2] != '=')
        return 1.0;
    char num[16];
    size_t len = n - (size_t)(q + 3 - entry);
    snprintf(num, sizeof num, "%.*s", (int)(len < 15 ? len : 15), q + 3);
    char *end;
    double w = strtod(num, &end);
    return end != num && w >= 0 && w <= 1 ? w : 0;
}

as_page_lang as_page_choose(const char *chosen, const char *accept_language)
{
    if (chosen && !strcmp(chosen, "en"))
        return AS_PAGE_EN;
    if (chosen && !strcmp(chosen, "zh"))
        return AS_PAGE_ZH;
    double best = -1;
    as_page_lang lang = AS_PAGE_ZH;
    for (const char *p = accept_language; p && *p;) {
        p += strspn(p, " ,");
        size_t n = strcspn(p, ",");
        double w = weight(p, n);
        bool zh = n >= 2 && (p[0] == 'z' || p[0] == 'Z') && (p[1] == 'h' || p[1] == 'H');
        bool en = n >= 2 && (p[0] == 'e' || p[0] == 'E') && (p[1] == 'n' || p[1] == 'N');
        if ((zh || en) && w > best) {
            best = w;
            lang = zh ? AS_PAGE_ZH : AS_PAGE_EN;
        }
        p += n;
    }
    return lang;
}

void as_html_escape(as_buf *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (; *s; s++) {
        const char *ref = NULL;
        switch (*s) {
        case '&':
            ref = "&amp;";
            break;
        case '<':
            ref = "&lt;";
            break;
        case '>':
            ref = "&gt;";
            break;
        case '"':
            ref = "&quot;";
            break;
        case '\'':
            ref = "&#39;";
            break;
        default:
            continue;
        }
        as_buf_add(b, run, (size_t)(s - run));
        as_buf_puts(b, ref);
        run = s + 1;
    }
    as_buf_add(b, run, (size_t)(s - run));
}

/* One numeric conversion of as_html: its length modifier and type; the
 * number of format characters it takes (0: not one). */
static size_t number(as_buf *b, const char *f, va_list *ap)
{
    if (f[0] == 'd') {
        as_buf_printf(b, "%d", va_arg(*ap, int));
        return 1;
    }
    if (f[0] == 'u') {
        as_buf_printf(b, "%u", va_arg(*ap, unsigned));
        return 1;
    }
    if (f[0] == 'l' && f[1] == 'd') {
        as_buf_printf(b, "%ld", va_arg(*ap, long));
        return 2;
    }
    if (f[0] == 'l' && f[1] == 'l' && f[2] == 'd') {
        as_buf_printf(b, "%lld", va_arg(*ap, long long));
        return 3;
    }
    if (f[0] == 'z' && f[1] == 'u') {
        as_buf_printf(b, "%zu", va_arg(*ap, size_t));
        return 2;
    }
    return 0;
}

void as_html(as_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *run = fmt;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%')
            continue;
        as_buf_add(b, run, (size_t)(f - run));
        size_t used;
        if (f[1] == 's') {
            as_html_escape(b, va_arg(ap, const char *));
            used = 1;
        } else if (f[1] == '%') {
            as_buf_puts(b, "%");
            used = 1;
        } else if (!(used = number(b, f + 1, &ap))) {
            b->failed = true; /* a conversion the template may not use */
            break;
        }
        f += used;
        run = f + 1;
    }
    if (!b->failed)
        as_buf_puts(b, run);
    va_end(ap);
}

void as_html_say(as_buf *b, as_page_lang lang, const char *msgid, ...)
{
    va_list ap;
    as_buf text;
    as_buf_init_cap(&text, AS_HTTP_SENTENCE_MAX);
    va_start(ap, msgid);
    as_buf_vprintf(&text, as_page_tr(lang, msgid), ap);
    va_end(ap);
    if (text.failed)
        b->failed = true;
    else
        as_html_escape(b, text.data);
    as_buf_release(&text);
}

void as_html_fragment(as_buf *b, const char *html, size_t n)
{
    as_buf_add(b, html, n);
}

void as_html_time(long long unix_seconds, char *out, size_t n)
{
    time_t t = (time_t)(unix_seconds + 8 * 3600); /* China Standard Time: UTC+8, no DST */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
}

void as_html_bytes(long long n, char *out, size_t size)
{
    char plain[32];
    snprintf(plain, sizeof plain, "%lld", n);
    size_t len = strlen(plain), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i && (len - i) % 3 == 0 && plain[0] != '-')
            out[o++] = ',';
        out[o++] = plain[i];
    }
    out[o] = '\0';
}
