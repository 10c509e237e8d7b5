/* common: what every subcommand shares: default locations of the bundled
 * rules, data and calendar, the terminal's language and the words printed in
 * it, printing diagnostics, parsing numbers and dates from the command line.
 * Output files are written through engine/output.h. */
#ifndef AS_CLI_COMMON_H
#define AS_CLI_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/date.h"
#include "engine/error.h"
#include "engine/eval.h"
#include "engine/i18n.h"

/* Where a file or folder named on the command line (or a bundled default
 * such as "rules/2026.yaml") is: the path itself when it exists or is
 * absolute; else, for a relative path, the same path under the installed
 * share folder (<folder of the binary>/ASSESS_BIN_TO_SHARE, e.g.
 * /usr/share/assess) and then under the source tree the binary was built
 * from.  When none exists the path is returned as given, so the loader's
 * "cannot open" names what the user typed.  The result lives until exit. */
const char *as_cli_path(const char *path);

/* The plan file --plan names: PLAN itself when it ends in ".yaml", else
 * rules/plans/PLAN.yaml, found as as_cli_path finds a path. */
const char *as_cli_plan_path(const char *plan);

/* A copy of s that lives until exit (NULL when out of memory). */
const char *as_cli_keep(const char *s);

/* A bundled default (e.g. "rules/2026.yaml") found by as_cli_path, or NULL
 * after printing "assess CMD: error: cannot find the bundled ..." naming
 * every place looked in and the option (e.g. "--rules FILE") to give. */
const char *as_cli_default(const char *cmd, const char *rel, const char *option);

/* The language of what assess prints on the terminal. */
typedef enum {
    AS_LANG_EN = 0,  /* English (the default outside a Chinese locale) */
    AS_LANG_ZH = 1,  /* Chinese (simplified), from the zh_CN message catalogue */
    AS_LANG_BOTH = 2 /* both: labels "中文 English", lines in Chinese then in English */
} as_cli_lang;

/* Choose the terminal's language, once, before any command runs: --lang L
 * or --lang=L anywhere in argv (zh, en or both; an invalid value is left to
 * the command to refuse), else the locale as gettext reads it (LANGUAGE,
 * then LC_ALL, LC_MESSAGES, LANG: Chinese when it names zh, else English).
 * Sets up the message catalogue: the installed one (PREFIX/share/locale,
 * found from the binary's place) or the build tree's. */
void as_cli_setup_language(int argc, char **argv);

/* The language chosen. */
as_cli_lang as_cli_language(void);

/* Parse the value of --lang: "zh", "en" or "both"; 0 or -1. */
int as_cli_parse_lang(const char *s, as_cli_lang *out);

/* A command's --lang value (the language was applied before the command
 * ran): 0 when it is zh, en or both, else -1 after printing "assess CMD:
 * error: --lang takes zh, en or both, got '...'". */
int as_cli_lang_option(const char *cmd, const char *value);

/* A short label (a heading, a status) in the terminal's language: msgid's
 * translation, msgid itself, or both as "中文 English".  Lives until exit. */
const char *as_cli_label(const char *msgid);

/* A name the rule files give in both languages, in the terminal's language
 * ("北京市", "Beijing" or "北京市 Beijing"); a missing one gives the other.
 * Lives until exit. */
const char *as_cli_name(const char *zh, const char *en);

/* The languages a sentence is printed in, in order: zh[i] true for Chinese
 * (both: Chinese, then English).  Returns how many (1 or 2). */
size_t as_cli_langs(bool zh[2]);

/* fmt's translation when zh, else fmt itself: for a sentence printed once
 * per language with its own arguments (names from the rule files). */
const char *as_cli_tr(bool zh, const char *fmt) __attribute__((format_arg(2)));

/* A name in one language (zh, else en; a missing one gives the other). */
const char *as_cli_name_in(bool zh, const char *name_zh, const char *name_en);

/* A plain number ("-21532.5") with its thousands grouped ("-21,532.5"), as
 * statistics print them, into out (size n). */
void as_cli_group(const char *plain, char *out, size_t n);

/* Print fmt with its arguments: its translation (zh), fmt itself (en), or
 * the translation and then fmt (both).  fmt ends with its own newline. */
void as_cli_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print s padded with spaces to width columns of the terminal (Chinese
 * characters count two), or as it is when wider; left-aligned, or
 * right-aligned when right is true. */
void as_cli_pad(FILE *f, const char *s, int width, bool right);

/* Print one diagnostic, "file:line:col: error: ..." (warning, note), in the
 * terminal's language (both: the Chinese line, then the English one). */
void as_cli_print_diag(FILE *f, const as_diag *e);

/* Print every diagnostic of d on stderr, then a count of dropped ones. */
void as_cli_print_diags(const as_diags *d);

/* Print "assess CMD: error: MSG" on stderr, in the terminal's language. */
void as_cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The same for a message already formatted in English (en) and in the
 * catalogue's language (tr), as the engine's list parsers give them. */
void as_cli_error_text(const char *cmd, const char *en, const char *tr);

/* Parse a whole decimal integer within [lo, hi]; 0 ok, -1 otherwise. */
int as_cli_parse_int(const char *s, long lo, long hi, long *out);

/* A number of check cd of indicator ind as its method shows it, in buf (of
 * size n): the check's decimals for the rounded-value comparison, every digit
 * for the full-value one; "4.66 %" for percent display.  Returns buf. */
const char *as_cli_judged(const as_check_def *cd, const as_indicator *ind, double x, char *buf,
                          size_t n);

#endif
