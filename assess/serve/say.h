/* say: what the portal's commands print on the terminal (`assess serve`,
 * `assess accounts`) and the server's log on stderr, in the terminal's
 * language (base/i18n.h: English, Chinese, or both, Chinese first), as
 * --lang or the locale chose it.  The formats are English msgids of the
 * "assess" catalogue.  Pages speak the visitor's language instead (html.h).
 *
 * The portal keeps the Chinese catalogue loaded while it serves (the checks'
 * diagnostics carry their Chinese text from it), so the terminal's language
 * is recorded once, by as_say_setup, before that. */
#ifndef AS_SERVE_SAY_H
#define AS_SERVE_SAY_H

#include <stdio.h>

#include "base/diag.h"
#include "base/i18n.h"

/* Record the terminal's language: lang_opt is a command's --lang value
 * ("zh", "en", "both") or NULL for what the program chose from the locale
 * (LANGUAGE as it set it up).  Returns 0, or -1 for an unknown value. */
int as_say_setup(const char *lang_opt);

/* Load the Chinese catalogue for what follows (the portal's pages and the
 * diagnostics of the checks it runs); the terminal keeps its language. */
void as_say_catalogue_zh(void);

/* Print fmt with its arguments in the terminal's language; fmt ends with
 * its own newline. */
void as_say(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct option; /* getopt.h */

/* Say why getopt_long refused the argument given of command cmd ("serve"),
 * whose options are longopts: "assess CMD: error: unknown option '--lisen':
 * did you mean '--listen'?" (as_suggest_option), else "invalid option or
 * value '...'". */
void as_say_bad_option(const char *cmd, const struct option *longopts, const char *given);

/* One line of the server's log on stderr: "YYYY-MM-DD HH:MM:SS UTC assess
 * serve: " and fmt (without a newline) in the terminal's language. */
void as_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print every diagnostic of d on stderr as "file:line:col: error: ..." in
 * the terminal's language (both: the Chinese line, then the English). */
void as_say_diags(const as_diags *d);

#endif
