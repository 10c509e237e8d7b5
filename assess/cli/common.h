/* common: what every subcommand shares: the terminal's language and the
 * words printed in it, printing diagnostics, the bundled defaults named or
 * refused as a command's, parsing numbers from the command line.  Where the
 * bundled files are is bundle.h's; output files are written through
 * output.h. */
#ifndef AS_CLI_COMMON_H
#define AS_CLI_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "base/date.h"
#include "base/diag.h"
#include "engine/eval.h"
#include "base/i18n.h"

/* A reader that goes away (`assess evaluate | head`): SIGPIPE is caught
 * instead of killing the run mid-write, so a command can stop at its next
 * step and leave nothing behind (its output set removes the temporary and
 * lock files it made); as_cli_pipe_end then ends the process by SIGPIPE
 * after all, as a pipeline expects.  as_cli_pipe_watch once, first. */
void as_cli_pipe_watch(void);

/* Whether a write to standard output or error found its reader gone. */
bool as_cli_pipe_closed(void);

/* Flush standard output and error; when a reader went away, end the process
 * by SIGPIPE (exit status 141 in a shell).  Else return. */
void as_cli_pipe_end(void);

/* A bundled default (e.g. AS_BUNDLE_RULES) found by as_bundle_path, or NULL
 * after printing "assess CMD: error: cannot find the bundled ..." naming
 * every place looked in and the option (e.g. "--rules FILE") to give. */
const char *as_cli_default(const char *cmd, const char *rel, const char *option);

/* Choose the terminal's language, once, before any command runs: --lang L
 * or --lang=L anywhere in argv (zh, en or both; an invalid value is left to
 * the command to refuse), else the locale (as_lang_from_locale), and set up
 * its message catalogue (as_i18n_setup). */
void as_cli_setup_language(int argc, char **argv);

/* The language chosen. */
as_lang as_cli_language(void);

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

/* Print fmt with its arguments: its translation (zh), fmt itself (en), or
 * the translation and then fmt (both).  fmt ends with its own newline. */
void as_cli_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The columns s takes on a terminal (a Chinese character counts two). */
int as_cli_width(const char *s);

/* The columns of a province's name in a table, in the language printed:
 * the widest, 新疆维吾尔自治区, takes 16, with Xinjiang 27. */
int as_cli_province_width(void);

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

/* The same as a warning: "assess CMD: warning: MSG" (the command goes on). */
void as_cli_warning(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The same for every diagnostic of d, which the engine made for a command
 * line's values (its list parsers): their location is the command's. */
void as_cli_error_diags(const char *cmd, const as_diags *d);

/* Match the province list text against r (as_select_provinces) into chosen
 * and *n.  Returns 0, or AS_EXIT_USAGE after printing "assess CMD: error:
 * ..." and, for a name near no province, the rules' provinces below it, a
 * few to a line in the terminal's language ("640000 宁夏回族自治区"). */
int as_cli_select_provinces(const char *cmd, const as_ruleset *r, const char *text,
                            unsigned char *chosen, size_t *n);

/* The one province text names for command cmd's --province (a code or a
 * name, as as_cli_select_provinces matches them): 0 with *p its index in r,
 * or -1 after saying what is wrong (unknown, or not exactly one). */
int as_cli_one_province(const char *cmd, const as_ruleset *r, const char *text, size_t *p);

struct option; /* getopt.h */

/* Say why getopt_long refused the argument given (argv[optind - 1]) of
 * command cmd, whose options are longopts: "assess CMD: error: option
 * '--year' needs a value", or "unknown option '--yaer': did you mean
 * '--year'?" (the nearest of longopts, by as_suggest), or without a near one
 * "unknown option '--x' (see 'assess CMD --help')".  Always returns
 * AS_EXIT_USAGE. */
int as_cli_bad_option(const char *cmd, const struct option *longopts, const char *given);

/* Parse a whole decimal integer within [lo, hi]; 0 ok, -1 otherwise. */
int as_cli_parse_int(const char *s, long lo, long hi, long *out);

/* A number of check cd of indicator ind as its method shows it, in buf (of
 * size n): the check's decimals for the rounded-value comparison, every digit
 * for the full-value one; "4.66 %" for percent display.  Returns buf. */
const char *as_cli_judged(const as_check_def *cd, const as_indicator *ind, double x, char *buf,
                          size_t n);

#endif
