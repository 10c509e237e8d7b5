/* i18n: message formats in the "assess" catalogue of GNU gettext.  Code marks
 * what a person reads with _("...") (looked up now) or N_("...") (only marked,
 * for a table of formats looked up later); po/ holds the translations and
 * CMake compiles them.  Looking a format up is all the engine does: which
 * language is shown, and where the catalogue is, is the program's choice
 * (setlocale, bindtextdomain); the engine never sets a locale. */
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

#endif
