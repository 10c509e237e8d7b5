/* say: the portal's terminal messages in the terminal's language. */
#include "serve/say.h"

#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/bundle.h"
#include "base/i18n.h"
#include "base/suggest.h"

static as_lang lang = AS_LANG_EN;
static bool catalogue_zh; /* the catalogue now answers in Chinese whatever lang is */

int as_say_setup(const char *lang_opt)
{
    if (lang_opt)
        return as_lang_parse(lang_opt, &lang);
    const char *v = getenv("LANGUAGE");
    lang = v && v[0] == 'z' && v[1] == 'h' ? AS_LANG_ZH : AS_LANG_EN;
    return 0;
}

void as_say_catalogue_zh(void)
{
    as_i18n_setup(AS_LANG_ZH, as_bundle_locale_dir());
    catalogue_zh = true;
}

/* The format shown first: its translation when the terminal is Chinese (or
 * both), else fmt itself (before the Chinese catalogue is loaded for the
 * pages, an English terminal's catalogue answers in English anyway). */
__attribute__((format_arg(1))) static const char *first_of(const char *fmt)
{
    return lang != AS_LANG_EN || !catalogue_zh ? dgettext(AS_TEXTDOMAIN, fmt) : fmt;
}

/* Whether the English follows the first (both, and a translation). */
static bool english_too(const char *fmt)
{
    return lang == AS_LANG_BOTH && strcmp(first_of(fmt), fmt) != 0;
}

__attribute__((format(printf, 2, 0))) static void say_v(FILE *f, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    vfprintf(f, first_of(fmt), aq);
    va_end(aq);
    if (english_too(fmt))
        vfprintf(f, fmt, ap);
}

void as_say(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say_v(f, fmt, ap);
    va_end(ap);
}

void as_say_bad_option(const char *cmd, const struct option *longopts, const char *given)
{
    char near[200], letter[3];
    if (given[0] != '-' && optopt > ' ' && optopt < 127) { /* "-year": getopt's '-y' */
        snprintf(letter, sizeof letter, "-%c", optopt);
        given = letter;
    }
    if (as_suggest_option(longopts, given, near, sizeof near))
        as_say(stderr, "assess %s: error: unknown option '%.*s': did you mean %s?\n", cmd,
               (int)strcspn(given, "="), given, near);
    else
        as_say(stderr, "assess %s: error: invalid option or value '%s'\n", cmd, given);
}

void as_log(const char *fmt, ...)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S UTC", &tm);
    /* One line per call: the two languages of "both" go on one line. */
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    flockfile(stderr);
    fprintf(stderr, "%s assess serve: ", stamp);
    vfprintf(stderr, first_of(fmt), ap);
    if (english_too(fmt)) {
        fputs(" | ", stderr);
        vfprintf(stderr, fmt, aq);
    }
    fputc('\n', stderr);
    funlockfile(stderr);
    va_end(aq);
    va_end(ap);
}

static void diag_line(const as_diag *e, const char *where, bool zh)
{
    const char *m = as_text_get(e->text, zh);
    if (e->sev == AS_SEV_WARNING)
        fprintf(stderr, zh ? _("%s: warning: %s\n") : "%s: warning: %s\n", where, m);
    else if (e->sev == AS_SEV_NOTE)
        fprintf(stderr, zh ? _("%s: note: %s\n") : "%s: note: %s\n", where, m);
    else
        fprintf(stderr, zh ? _("%s: error: %s\n") : "%s: error: %s\n", where, m);
}

void as_say_diags(const as_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const as_diag *e = &d->items[i];
        char where[4200];
        as_loc_print(where, sizeof where, e->loc);
        if (lang != AS_LANG_EN)
            diag_line(e, where, true);
        if (lang == AS_LANG_EN || (lang == AS_LANG_BOTH && e->text.tr))
            diag_line(e, where, false);
    }
    if (d->dropped)
        as_say(stderr, "assess: %zu more problems not shown\n", d->dropped);
}
