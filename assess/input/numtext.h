/* numtext: reading a number as a person types it into a form: ASCII digits,
 * or full-width ones (９９５９．３) from a Chinese input method, with or without
 * thousands separators (9,959.3), blanks (also the ideographic space U+3000)
 * around it.  It says what it had to overlook, so the caller can note it, and
 * tells a percentage, a unit or an ambiguous comma from plain nonsense, so
 * the caller's error can say what to write instead.  It knows nothing of
 * files, locations or units. */
#ifndef AS_NUMTEXT_H
#define AS_NUMTEXT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    AS_NUMTEXT_OK = 0,    /* a number (maybe after the fixes flagged in as_numtext) */
    AS_NUMTEXT_EMPTY,     /* nothing but blanks */
    AS_NUMTEXT_PERCENT,   /* a number followed by a percent sign: "12%", "12 ％" */
    AS_NUMTEXT_UNIT,      /* a number followed by other text, e.g. "9959.3万吨" */
    AS_NUMTEXT_AMBIGUOUS, /* a comma that could be a thousands separator or a decimal comma,
                             e.g. "9,959" or "1,5" */
    AS_NUMTEXT_RANGE,     /* a number too large for a double */
    AS_NUMTEXT_BAD        /* not a number at all */
} as_numtext_status;

typedef struct {
    double value;     /* the number when status is OK (PERCENT, UNIT: the number before) */
    bool fullwidth;   /* full-width digits or signs were read as ASCII ones */
    bool separators;  /* thousands separators were dropped */
    bool blanks;      /* blanks around it were ignored */
    char ascii[128];  /* the number as read, in ASCII (what strtod consumed) */
    const char *rest; /* PERCENT, UNIT: where the text after the number starts in the input */
} as_numtext;

/* Read s (UTF-8, NUL-terminated).  Returns the status and fills *out.
 * Thousands separators (',' or '，') count only in the unambiguous form:
 * groups of exactly three digits after a first group of one to three, with
 * a decimal point after them or at least two separators ("9,959.3",
 * "1,234,567"); any other comma between digits is AS_NUMTEXT_AMBIGUOUS. */
as_numtext_status as_numtext_parse(const char *s, as_numtext *out);

#endif
