/* wrap: text and lists printed within a readable width on the terminal
 * (AS_CLI_WIDTH columns, a Chinese character counting two), a line broken
 * between words, between Chinese characters or between the items of a
 * list, never inside an item, and continued indented.  It knows nothing of
 * what it prints; a word or item wider than the line is printed whole. */
#ifndef AS_CLI_WRAP_H
#define AS_CLI_WRAP_H

#include <stdio.h>

/* The widest line the tables and sentences of the analyses print. */
#define AS_CLI_WIDTH 100

/* A list being printed: items joined by a separator, a new line (indented)
 * before an item that would pass AS_CLI_WIDTH. */
typedef struct {
    FILE *f;
    int col;    /* the column the next character goes to */
    int indent; /* columns a continued line starts with */
    int n;      /* items printed */
} as_cli_list;

/* Start a list at column col of the line being printed (what is before it
 * was printed by the caller); continued lines are indented by indent. */
void as_cli_list_begin(as_cli_list *l, FILE *f, int col, int indent);

/* Print item, after sep (", ") unless it is the first; sep's trailing
 * blanks are dropped where the line breaks. */
void as_cli_list_add(as_cli_list *l, const char *sep, const char *item);

/* End the line. */
void as_cli_list_end(as_cli_list *l);

/* Print text from column col, broken at blanks (and between Chinese
 * characters) so that no line passes AS_CLI_WIDTH, continued lines indented
 * by indent, and end the line. */
void as_cli_wrap(FILE *f, const char *text, int col, int indent);

#endif
