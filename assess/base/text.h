/* text: a sentence a person reads, in English and in the message
 * catalogue's language: a format is looked up in the catalogue when the text
 * is made (see i18n.h) and, when translated, formatted a second time with
 * the same arguments.  This is the one shape every message takes on its way
 * to a person (a diagnostic's, a reason for no data, a deadline's rule);
 * which language is shown is the front-end's choice.  It never prints.
 *
 * Ownership: a text's two strings live in the arena it was made in, or,
 * made without one, are malloc'd for the caller (as_text_release frees
 * them). */
#ifndef AS_TEXT_H
#define AS_TEXT_H

#include <stdarg.h>
#include <stdbool.h>

#include "base/arena.h"

typedef struct {
    const char *en; /* English; "" when it could not be made (out of memory); NULL: no text */
    const char *tr; /* the same in the catalogue's language, or NULL when the catalogue has no
                       translation (or is English) */
} as_text;

/* fmt and its arguments in English and, when the catalogue translates fmt,
 * in its language, in arena a (NULL: malloc'd, see as_text_release).  Out
 * of memory gives {"", NULL} in an arena, {NULL, NULL} without one. */
as_text as_text_printf(as_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
as_text as_text_vprintf(as_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* A copy of t in arena a (NULL: malloc'd); a tr equal to en is dropped.
 * NULL strings stay NULL. */
as_text as_text_copy(as_arena *a, as_text t);

/* Free the strings of a text made without an arena; NULL strings are ok. */
void as_text_release(as_text *t);

/* The text in the catalogue's language when tr is asked for and there is
 * one, else in English ("" for no text). */
static inline const char *as_text_get(as_text t, bool tr)
{
    return tr && t.tr ? t.tr : t.en ? t.en : "";
}

#endif
