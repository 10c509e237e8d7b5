/* i18n: choosing the language of the message catalogue once for the
 * process, and finding the catalogue from the binary's place. */
#include "base/i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strmap.h"

int as_lang_parse(const char *s, as_lang *out)
{
    static const char *const names[] = {"en", "zh", "both"};
    int i = as_name_index(names, 3, s);
    if (i < 0)
        return -1;
    *out = (as_lang)i;
    return 0;
}

static bool names_zh(const char *v)
{
    return v && v[0] == 'z' && v[1] == 'h';
}

static bool is_c_locale(const char *l)
{
    return !l || !strcmp(l, "C") || !strcmp(l, "POSIX");
}

as_lang as_lang_from_locale(void)
{
    /* Only the character type and the messages follow the locale: numbers
     * are read and written with '.', and files are listed in byte order,
     * whatever it says. */
    const char *ctype = setlocale(LC_CTYPE, "");
    if (!ctype || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8"); /* the text we read and print is UTF-8 */
    const char *messages = setlocale(LC_MESSAGES, "");
    const char *v = getenv("LANGUAGE");
    if (v && *v && !is_c_locale(messages))
        return names_zh(v) ? AS_LANG_ZH : AS_LANG_EN;
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if ((v = getenv(vars[i])) && *v)
            return names_zh(v) ? AS_LANG_ZH : AS_LANG_EN;
    return AS_LANG_EN;
}

void as_i18n_setup(as_lang lang, const char *dir)
{
    /* A Chinese locale that is not installed is still Chinese here: gettext
     * needs a messages locale other than C to read a catalogue at all. */
    if (lang != AS_LANG_EN && is_c_locale(setlocale(LC_MESSAGES, NULL)))
        setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", lang == AS_LANG_EN ? "en" : "zh_CN", 1);
    bindtextdomain(AS_TEXTDOMAIN, dir);
    bind_textdomain_codeset(AS_TEXTDOMAIN, "UTF-8");
}
