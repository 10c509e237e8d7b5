/* charset: standard output and error replaced by streams (glibc's
 * fopencookie) that convert UTF-8 to the locale's set with iconv and write
 * to the same descriptors, so a descriptor redirected later (libxlsxwriter's
 * stderr, captured in report/workbook.c) still receives what is written. */
#define _GNU_SOURCE /* fopencookie, newlocale */
#include "cli/charset.h"

#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include "base/bundle.h"

/* A stream's state: the descriptor written, the conversion, and the bytes
 * of a character cut by the end of the last write (at most 3 of 4). */
typedef struct {
    int fd;
    iconv_t cd;
    char pending[4];
    size_t npending;
} conv;

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Convert the n bytes at in and write them; a byte that is no UTF-8 or a
 * character the set cannot hold is written as '?', an incomplete character
 * at the end is kept for the next write.  false when the write failed. */
static bool convert(conv *c, char *in, size_t n)
{
    char out[4096];
    while (n) {
        char *o = out;
        size_t room = sizeof out;
        size_t rc = iconv(c->cd, &in, &n, &o, &room);
        int e = rc == (size_t)-1 ? errno : 0;
        if (o > out && !write_all(c->fd, out, (size_t)(o - out)))
            return false;
        if (e == EINVAL) { /* a character cut by the end: its first bytes wait */
            memcpy(c->pending, in, n);
            c->npending = n;
            return true;
        }
        if (e == EILSEQ) {
            if (!write_all(c->fd, "?", 1))
                return false;
            unsigned char b = (unsigned char)*in;
            size_t skip = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            skip = skip > n ? n : skip;
            in += skip;
            n -= skip;
        }
    }
    return true;
}

static ssize_t conv_write(void *cookie, const char *buf, size_t n)
{
    conv *c = cookie;
    size_t total = c->npending + n;
    char *in = malloc(total ? total : 1);
    if (!in)
        return -1;
    memcpy(in, c->pending, c->npending);
    memcpy(in + c->npending, buf, n);
    c->npending = 0;
    bool ok = convert(c, in, total);
    free(in);
    return ok ? (ssize_t)n : -1;
}

/* ------------------------------------------------------------ the locale */

static bool is_utf8(const char *set)
{
    return !strcasecmp(set, "UTF-8") || !strcasecmp(set, "UTF8");
}

/* The locale's set, worked out from the environment (see the header). */
static const char *charset_of(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    const char *name = NULL;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !name; i++) {
        const char *v = getenv(vars[i]);
        name = v && *v ? v : NULL;
    }
    if (!name)
        return NULL;
    char set[64] = "";
    locale_t loc = newlocale(LC_CTYPE_MASK, name, (locale_t)0);
    if (loc) { /* installed: its own codeset (zh_CN alone is GB2312) */
        snprintf(set, sizeof set, "%s", nl_langinfo_l(CODESET, loc));
        freelocale(loc);
    } else if (strchr(name, '.')) { /* not installed: the set the name says */
        const char *dot = strchr(name, '.') + 1;
        snprintf(set, sizeof set, "%.*s", (int)strcspn(dot, "@"), dot);
    }
    if (!set[0] || is_utf8(set) || !strcmp(set, "ANSI_X3.4-1968"))
        return NULL;
    return as_bundle_keep(set);
}

const char *as_charset_of_locale(void)
{
    static const char *set;
    static bool known;
    if (!known) { /* once: the environment is not changed meanwhile */
        set = charset_of();
        known = true;
    }
    return set;
}

/* Whether s is valid UTF-8. */
static bool valid_utf8(const char *s)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    locale_t u = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!u)
        return true;
    locale_t old = uselocale(u);
    size_t n = mbsrtowcs(NULL, &s, 0, &st);
    uselocale(old);
    freelocale(u);
    return n != (size_t)-1;
}

char *as_charset_typed(const char *text)
{
    const char *set = as_charset_of_locale();
    if (!set || valid_utf8(text))
        return NULL;
    iconv_t cd = iconv_open("UTF-8", set);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t n = strlen(text), room = 4 * n + 1;
    char *out = malloc(room), *o = out, *in = (char *)(uintptr_t)text;
    if (out && iconv(cd, &in, &n, &o, &room) == (size_t)-1) {
        free(out);
        out = NULL;
    } else if (out) {
        *o = '\0';
    }
    iconv_close(cd);
    return out;
}

static int conv_close(void *cookie)
{
    conv *c = cookie;
    iconv_close(c->cd);
    free(c);
    return 0;
}

/* ------------------------------------------------------------ the streams */

static FILE *plain_out, *plain_err; /* the streams replaced, put back at exit */
static FILE *conv_out, *conv_err;   /* the converting streams, or NULL */

/* At exit: what is left written, the converting streams closed (their
 * conversions freed) and the plain ones back for whatever writes after. */
static void restore(void)
{
    if (conv_out) {
        fflush(conv_out);
        stdout = plain_out;
        fclose(conv_out);
        conv_out = NULL;
    }
    if (conv_err) {
        fflush(conv_err);
        stderr = plain_err;
        fclose(conv_err);
        conv_err = NULL;
    }
}

/* A stream writing to fd through cd, or NULL. */
static FILE *converting(int fd, iconv_t cd, int mode)
{
    conv *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    c->cd = cd;
    cookie_io_functions_t io = {.write = conv_write, .close = conv_close};
    FILE *f = fopencookie(c, "w", io);
    if (!f) {
        free(c);
        return NULL;
    }
    setvbuf(f, NULL, mode, BUFSIZ);
    return f; /* c lives until the stream is closed, at exit (restore) */
}

/* Whether argv asks for JSON on standard output. */
static bool json_to_stdout(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "--json=-") ||
            (!strcmp(argv[i], "--json") && i + 1 < argc && !strcmp(argv[i + 1], "-")))
            return true;
    }
    return false;
}

void as_charset_setup(int argc, char **argv)
{
    const char *set = as_charset_of_locale();
    if (!set)
        return;
    char to[80];
    snprintf(to, sizeof to, "%s//TRANSLIT", set);
    iconv_t out = iconv_open(to, "UTF-8"), err = iconv_open(to, "UTF-8");
    if (out == (iconv_t)-1 || err == (iconv_t)-1) { /* a set iconv does not know: as it is */
        if (out != (iconv_t)-1)
            iconv_close(out);
        if (err != (iconv_t)-1)
            iconv_close(err);
        return;
    }
    plain_out = stdout;
    plain_err = stderr;
    if (!json_to_stdout(argc, argv) &&
        (conv_out = converting(STDOUT_FILENO, out, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF)))
        stdout = conv_out;
    else
        iconv_close(out);
    if ((conv_err = converting(STDERR_FILENO, err, _IOLBF)))
        stderr = conv_err;
    else
        iconv_close(err);
    if (conv_out || conv_err)
        atexit(restore);
}
