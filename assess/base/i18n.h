/* i18n: message formats in the "assess" catalogue of GNU gettext.  Code marks
 * what a person reads with _("...") (looked up now) or N_("...") (only marked,
 * for a table of formats looked up later); po/ holds the translations and
 * CMake compiles them.  Looking a format up is all the library does: which
 * language is shown is a front-end's choice, made once at its start with
 * as_i18n_setup (the catalogue found from the binary's place); the rooms
 * below the front-ends never set a locale.  The workbooks do not go through
 * the catalogue: they write both languages side by side from their own
 * labels and the rule files (see docs/hacking.md). */
#ifndef AS_I18N_H
#define AS_I18N_H

#include <libintl.h>

#define AS_TEXTDOMAIN "assess"

/* The translation of msgid in the current catalogue, or msgid itself.  An
 * empty msgid is returned as it is (gettext would give the catalogue's
 * header). */
__attribute__((format_arg(1))) static inline const char *as_tr(const char *msgid)
{
    return msgid && *msgid ? dgettext(AS_TEXTDOMAIN, msgid) : msgid;
}

#define _(s) as_tr(s)
#define N_(s) s

/* The language of what a person reads. */
typedef enum {
    AS_LANG_EN = 0,  /* English (the default outside a Chinese locale) */
    AS_LANG_ZH = 1,  /* Chinese (simplified), from the zh_CN message catalogue */
    AS_LANG_BOTH = 2 /* both: labels "中文 English", lines in Chinese then in English */
} as_lang;

/* Parse "zh", "en" or "both".  Returns 0, or -1 for anything else. */
int as_lang_parse(const char *s, as_lang *out);

/* The language the locale asks for, as gettext reads it: LANGUAGE (unless
 * the messages locale is C), else LC_ALL, LC_MESSAGES, LANG; Chinese when it
 * names zh, else English.  Sets the program's LC_CTYPE (UTF-8) and
 * LC_MESSAGES from the environment first. */
as_lang as_lang_from_locale(void);

/* Make the catalogue of lang, in the folder dir (as_bundle_locale_dir: the
 * installed one, or the build tree's), the one _() reads, for the whole
 * process.  For both languages the Chinese catalogue is read (English needs
 * none).  Call once, before any thread. */
void as_i18n_setup(as_lang lang, const char *dir);

#endif
