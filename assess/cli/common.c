/* common: shared CLI helpers.  Only the CLI prints; this is where it does. */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include "cli/common.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/bundle.h"
#include "base/exit.h"
#include "base/suggest.h"
#include "cli/charset.h"
#include "engine/select.h"

/* ------------------------------------------------------------ a reader gone */

static volatile sig_atomic_t pipe_closed;

static void on_sigpipe(int sig)
{
    (void)sig;
    pipe_closed = 1; /* the write that raised it fails with EPIPE, and so do the next */
}

void as_cli_pipe_watch(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigpipe;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
}

bool as_cli_pipe_closed(void)
{
    return pipe_closed != 0;
}

void as_cli_pipe_end(void)
{
    fflush(stdout);
    fflush(stderr);
    if (!pipe_closed)
        return;
    signal(SIGPIPE, SIG_DFL);
    raise(SIGPIPE);
}

/* ------------------------------------------------------------ defaults */

const char *as_cli_default(const char *cmd, const char *rel, const char *option)
{
    as_diags d;
    as_diags_init(&d);
    const char *p = as_bundle_find(rel, option, &d);
    as_cli_error_diags(cmd, &d);
    as_diags_release(&d);
    return p;
}

/* ------------------------------------------------------------ language */

static as_lang lang = AS_LANG_EN;

/* The value of --lang in argv, or NULL. */
static const char *lang_option(int argc, char **argv)
{
    const char *v = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strncmp(argv[i], "--lang=", 7))
            v = argv[i] + 7;
        else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            v = argv[++i];
    }
    return v;
}

void as_cli_setup_language(int argc, char **argv)
{
    as_lang l = as_lang_from_locale();
    const char *opt = lang_option(argc, argv);
    if (opt)
        as_lang_parse(opt, &l);
    lang = l;
    as_i18n_setup(l, as_bundle_locale_dir());
}

as_lang as_cli_language(void)
{
    return lang;
}

int as_cli_lang_option(const char *cmd, const char *value)
{
    as_lang l;
    if (as_lang_parse(value, &l) == 0)
        return 0;
    as_cli_error(cmd, "--lang takes zh, en or both, got '%s'", value);
    return -1;
}

/* "zh en" for both, kept until exit. */
static const char *joined(const char *zh, const char *en)
{
    size_t n = strlen(zh) + strlen(en) + 2;
    char *s = malloc(n);
    if (!s)
        return en;
    snprintf(s, n, "%s %s", zh, en);
    const char *k = as_bundle_keep(s);
    free(s);
    return k ? k : en;
}

const char *as_cli_label(const char *msgid)
{
    typedef struct {
        const char *id, *text;
    } entry;
    static entry cache[256];
    static size_t ncache;
    if (lang == AS_LANG_EN || !msgid || !*msgid)
        return msgid;
    const char *tr = _(msgid);
    if (lang == AS_LANG_ZH || !strcmp(tr, msgid))
        return tr;
    for (size_t i = 0; i < ncache; i++)
        if (cache[i].id == msgid)
            return cache[i].text;
    const char *text = joined(tr, msgid);
    if (ncache < sizeof cache / sizeof cache[0])
        cache[ncache++] = (entry){msgid, text};
    return text;
}

const char *as_cli_name(const char *zh, const char *en)
{
    if (!zh || !*zh)
        return en ? en : "";
    if (!en || !*en || lang == AS_LANG_ZH)
        return zh;
    if (lang == AS_LANG_EN)
        return en;
    return joined(zh, en);
}

size_t as_cli_langs(bool zh[2])
{
    zh[0] = lang != AS_LANG_EN;
    zh[1] = false;
    return lang == AS_LANG_BOTH ? 2 : 1;
}

const char *as_cli_tr(bool zh, const char *fmt)
{
    return zh ? _(fmt) : fmt;
}

const char *as_cli_name_in(bool zh, const char *name_zh, const char *name_en)
{
    const char *first = zh ? name_zh : name_en, *other = zh ? name_en : name_zh;
    return first && *first ? first : other ? other : "";
}

void as_cli_printf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    if (lang != AS_LANG_EN) {
        va_start(ap, fmt);
        vfprintf(f, _(fmt), ap);
        va_end(ap);
    }
    if (lang == AS_LANG_EN || (lang == AS_LANG_BOTH && strcmp(_(fmt), fmt) != 0)) {
        va_start(ap, fmt);
        vfprintf(f, fmt, ap);
        va_end(ap);
    }
}

/* Columns one character takes on a terminal. */
static int char_width(wchar_t c)
{
    int w = wcwidth(c);
    if (w >= 0)
        return w;
    /* no width known (no UTF-8 locale): East Asian wide ranges are 2 */
    return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
                   (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
                   (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
                   (c >= 0xffe0 && c <= 0xffe6)
               ? 2
               : 1;
}

int as_cli_province_width(void)
{
    return lang == AS_LANG_BOTH ? 27 : 16;
}

int as_cli_width(const char *s)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    int w = 0;
    size_t left = strlen(s);
    while (left) {
        wchar_t c;
        size_t k = mbrtowc(&c, s, left, &st);
        if (k == (size_t)-1 || k == (size_t)-2) { /* not UTF-8 here: a byte a column */
            memset(&st, 0, sizeof st);
            k = 1;
            c = L'?';
        }
        if (k == 0)
            break;
        w += char_width(c);
        s += k;
        left -= k;
    }
    return w;
}

void as_cli_pad(FILE *f, const char *s, int width, bool right)
{
    int pad = width - as_cli_width(s);
    if (right)
        for (int i = 0; i < pad; i++)
            fputc(' ', f);
    fputs(s, f);
    if (!right)
        for (int i = 0; i < pad; i++)
            fputc(' ', f);
}

/* ------------------------------------------------------------ diagnostics */

/* One diagnostic line in Chinese (zh) or in English. */
static void diag_line(FILE *f, const as_diag *e, bool zh)
{
    char *line = as_diag_format_in(e, zh);
    if (line)
        fprintf(f, "%s\n", line);
    else
        fputs("assess: error: out of memory\n", f);
    free(line);
}

void as_cli_print_diag(FILE *f, const as_diag *e)
{
    if (lang != AS_LANG_EN)
        diag_line(f, e, true);
    if (lang == AS_LANG_EN || (lang == AS_LANG_BOTH && e->text.tr))
        diag_line(f, e, false);
}

void as_cli_print_diags(const as_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        as_cli_print_diag(stderr, &d->items[i]);
    if (d->dropped)
        as_cli_printf(stderr, "assess: %zu more problems not shown\n", d->dropped);
}

/* Whether an error's line in Chinese (pass 0) or in English (pass 1) is
 * printed: both print the English line only when it differs (translated). */
static bool error_line(int pass, bool translated)
{
    return pass == 0 ? lang != AS_LANG_EN
                     : lang == AS_LANG_EN || (lang == AS_LANG_BOTH && translated);
}

/* "assess CMD: error: MSG" (or warning), in the terminal's language. */
__attribute__((format(printf, 3, 0))) static void command_line(const char *cmd, bool warning,
                                                               const char *fmt, va_list ap)
{
    bool translated = strcmp(_(fmt), fmt) != 0;
    for (int pass = 0; pass < 2; pass++) {
        bool zh = pass == 0;
        if (!error_line(pass, translated))
            continue;
        if (warning)
            fprintf(stderr, zh ? _("assess %s: warning: ") : "assess %s: warning: ", cmd);
        else
            fprintf(stderr, zh ? _("assess %s: error: ") : "assess %s: error: ", cmd);
        va_list aq;
        va_copy(aq, ap);
        vfprintf(stderr, zh ? _(fmt) : fmt, aq);
        va_end(aq);
        fputc('\n', stderr);
    }
}

void as_cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    command_line(cmd, false, fmt, ap);
    va_end(ap);
}

void as_cli_warning(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    command_line(cmd, true, fmt, ap);
    va_end(ap);
}

void as_cli_error_diags(const char *cmd, const as_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        as_text t = d->items[i].text;
        for (int pass = 0; pass < 2; pass++) {
            bool zh = pass == 0;
            if (!error_line(pass, t.tr != NULL))
                continue;
            fprintf(stderr, zh ? _("assess %s: error: ") : "assess %s: error: ", cmd);
            fprintf(stderr, "%s\n", as_text_get(t, zh));
        }
    }
}

/* The provinces of r, as many to a line as fit in 78 columns, each padded
 * to the widest: "  110000 北京市       120000 天津市 ...". */
static void list_provinces(FILE *f, const as_ruleset *r)
{
    enum { LINE = 78, GAP = 2 };
    char buf[300];
    int w = 0;
    for (size_t i = 0; i < r->nprovinces; i++) {
        const as_province *p = &r->provinces[i];
        snprintf(buf, sizeof buf, "%s %s", p->code, as_cli_name(p->name_zh, p->name_en));
        int tw = as_cli_width(buf);
        w = tw > w ? tw : w;
    }
    size_t per_line = (size_t)((LINE - GAP) / (w + GAP));
    per_line = per_line ? per_line : 1;
    for (size_t i = 0; i < r->nprovinces; i++) {
        const as_province *p = &r->provinces[i];
        bool last = i + 1 == r->nprovinces || (i + 1) % per_line == 0;
        snprintf(buf, sizeof buf, "%s %s", p->code, as_cli_name(p->name_zh, p->name_en));
        fputs("  ", f); /* the indent, or the gap after the column before */
        if (last)
            fprintf(f, "%s\n", buf);
        else
            as_cli_pad(f, buf, w, false);
    }
}

int as_cli_select_provinces(const char *cmd, const as_ruleset *r, const char *text,
                            unsigned char *chosen, size_t *n)
{
    as_diags d;
    as_diags_init(&d);
    char *utf8 = as_charset_typed(text); /* typed on a GB18030 terminal */
    int rc = as_select_provinces(r, utf8 ? utf8 : text, chosen, n, &d);
    free(utf8);
    as_cli_error_diags(cmd, &d);
    as_diags_release(&d);
    if (rc == AS_SELECT_UNKNOWN)
        list_provinces(stderr, r);
    return rc ? AS_EXIT_USAGE : 0;
}

int as_cli_one_province(const char *cmd, const as_ruleset *r, const char *text, size_t *p)
{
    size_t n = r->nprovinces ? r->nprovinces : 1, count = 0;
    unsigned char *chosen = calloc(n, 1);
    int rc = chosen ? as_cli_select_provinces(cmd, r, text, chosen, &count) : -1;
    if (!chosen)
        as_cli_error(cmd, "out of memory");
    else if (rc == 0 && count != 1)
        as_cli_error(cmd, "--province takes one province, got %zu in '%s'", count, text);
    for (size_t i = 0; rc == 0 && count == 1 && i < r->nprovinces; i++)
        if (chosen[i])
            *p = i;
    free(chosen);
    return rc == 0 && count == 1 ? 0 : -1;
}

int as_cli_bad_option(const char *cmd, const struct option *longopts, const char *given)
{
    char word[64], near[200], letter[3];
    if (given[0] != '-' && optopt > ' ' && optopt < 127) { /* "-year": getopt's '-y' */
        snprintf(letter, sizeof letter, "-%c", optopt);
        given = letter;
    }
    size_t len = strcspn(given, "=");
    snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1), given);
    for (const struct option *o = longopts; o->name; o++) {
        if (strncmp(word, "--", 2) != 0 || strcmp(word + 2, o->name) != 0)
            continue;
        if (o->has_arg == no_argument && given[len])
            as_cli_error(cmd, "option '%s' takes no value", word);
        else
            as_cli_error(cmd, "option '%s' needs a value", word);
        return AS_EXIT_USAGE;
    }
    if (as_suggest_option(longopts, given, near, sizeof near))
        as_cli_error(cmd, "unknown option '%s': did you mean %s?", word, near);
    else
        as_cli_error(cmd, "unknown option '%s' (see 'assess %s --help')", word, cmd);
    return AS_EXIT_USAGE;
}

int as_cli_parse_int(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s)
        return -1;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno == ERANGE || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

const char *as_cli_judged(const as_check_def *cd, const as_indicator *ind, double x, char *buf,
                          size_t n)
{
    bool pct = ind->display == AS_DISPLAY_PERCENT;
    if (as_eval_compared_text(cd, x, pct ? 2 : 0, buf, n) != 0)
        snprintf(buf, n, "?");
    else if (pct && strlen(buf) + 3 < n)
        strcat(buf, " %");
    return buf;
}
