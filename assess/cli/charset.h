/* charset: what assess prints, in the character set of the terminal's
 * locale.  Every text is UTF-8 inside the program (files, rule files,
 * messages); a locale that names another set (LANG=zh_CN.GB18030, zh_CN.GBK,
 * installed or not) gets standard output and standard error converted to it
 * as they are written (iconv, a character it cannot hold written as '?'),
 * so a terminal or a file redirected there reads in its own set.  A UTF-8,
 * C or POSIX locale changes nothing; neither does JSON on standard output
 * (`--json -`), which is UTF-8 by definition.  It converts bytes; it
 * decides nothing about the language (i18n.h). */
#ifndef AS_CLI_CHARSET_H
#define AS_CLI_CHARSET_H

/* The character set the locale names for what is printed (LC_ALL, else
 * LC_CTYPE, else LANG: the installed locale's codeset, else the part of the
 * name after '.', e.g. "GB18030"), or NULL when it is UTF-8, the C locale's
 * or not said.  Lives until exit. */
const char *as_charset_of_locale(void);

/* text typed on the command line, from the locale's set to UTF-8: a
 * malloc'd copy the caller frees, or NULL when there is nothing to convert
 * (a UTF-8 locale, text that is UTF-8 already) or it cannot be.  For names
 * matched against the rule files' (--province 宁夏 typed on a GB18030
 * terminal); never for paths, whose bytes name the file. */
char *as_charset_typed(const char *text);

/* Convert standard output (unless argv asks for JSON there: "--json -")
 * and standard error to as_charset_of_locale() from here on, when it names
 * a set iconv knows.  Call once, before anything is printed; at exit what
 * is left is written, the converting streams are closed and the plain ones
 * put back. */
void as_charset_setup(int argc, char **argv);

#endif
