/* wrap: lines kept within AS_CLI_WIDTH columns, broken between words,
 * Chinese characters or list items. */
#include "cli/wrap.h"

#include <stdbool.h>
#include <string.h>
#include <wchar.h>

#include "cli/common.h"

void as_cli_list_begin(as_cli_list *l, FILE *f, int col, int indent)
{
    *l = (as_cli_list){.f = f, .col = col, .indent = indent};
}

void as_cli_list_add(as_cli_list *l, const char *sep, const char *item)
{
    int w = as_cli_width(item);
    if (l->n) {
        int ws = as_cli_width(sep);
        size_t keep = strlen(sep); /* the separator without its trailing blanks: it ends a line */
        while (keep && sep[keep - 1] == ' ')
            keep--;
        /* room for the item and for the separator that may follow it at a break */
        if (l->col + ws + w + (int)keep > AS_CLI_WIDTH && l->col > l->indent) {
            fprintf(l->f, "%.*s\n%*s", (int)keep, sep, l->indent, "");
            l->col = l->indent;
        } else {
            fputs(sep, l->f);
            l->col += ws;
        }
    }
    fputs(item, l->f);
    l->col += w;
    l->n++;
}

void as_cli_list_end(as_cli_list *l)
{
    fputc('\n', l->f);
    l->col = 0;
}

/* Punctuation that closes: kept with the character before it, so that no
 * line starts with it. */
static int closing(wchar_t c)
{
    static const wchar_t marks[] = L"，。、：；！？）》」』”’";
    return c && wcschr(marks, c) != NULL;
}

/* The next unit of text at s: a run of narrow characters without blanks,
 * or one wide character with the closing marks after it.  Its length in
 * bytes (0 at the end); *blank says whether blanks came before it (they
 * are skipped). */
static size_t unit(const char **s, int *blank)
{
    *blank = 0;
    while (**s == ' ') {
        (*s)++;
        *blank = 1;
    }
    const char *p = *s;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    bool wide = false;
    while (*p && *p != ' ') {
        wchar_t c;
        size_t k = mbrtowc(&c, p, strlen(p), &st);
        if (k == (size_t)-1 || k == (size_t)-2) {
            memset(&st, 0, sizeof st);
            k = 1;
            c = L'?';
        }
        char one[8] = "";
        memcpy(one, p, k < sizeof one ? k : sizeof one - 1);
        bool w = as_cli_width(one) > 1;
        if (p > *s && (w || wide) && !closing(c))
            break; /* a wide character stands alone, with its closing marks */
        wide = wide || w;
        p += k;
    }
    return (size_t)(p - *s);
}

void as_cli_wrap(FILE *f, const char *text, int col, int indent)
{
    as_cli_list l;
    as_cli_list_begin(&l, f, col, indent);
    char buf[1024];
    int blank;
    for (size_t k; (k = unit(&text, &blank)) > 0; text += k) {
        if (k >= sizeof buf) { /* a word that long: printed as it is */
            as_cli_list_add(&l, blank ? " " : "", "");
            fwrite(text, 1, k, f);
            l.col += (int)k;
            continue;
        }
        memcpy(buf, text, k);
        buf[k] = '\0';
        as_cli_list_add(&l, blank ? " " : "", buf);
    }
    as_cli_list_end(&l);
}
