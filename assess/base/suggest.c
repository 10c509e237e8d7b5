/* suggest: optimal-string-alignment distance between short ASCII names. */
#include "base/suggest.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { MAX_NAME = 64 };

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* Edit distance of a and b, each at most MAX_NAME bytes (longer: far). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAX_NAME || lb > MAX_NAME)
        return (size_t)-1;
    size_t d[MAX_NAME + 1][MAX_NAME + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
            d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]) && d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1; /* two neighbours swapped */
        }
    return d[la][lb];
}

size_t as_suggest(const char *word, const char *const *cands, size_t n, char *buf, size_t size)
{
    if (size)
        buf[0] = '\0';
    size_t len = word ? strlen(word) : 0;
    if (!len || !size)
        return 0;
    size_t limit = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3, best = limit + 1;
    for (size_t i = 0; i < n; i++)
        if (cands[i]) {
            size_t dist = distance(word, cands[i]);
            best = dist < best ? dist : best;
        }
    if (best > limit)
        return 0;
    size_t shown = 0, used = 0;
    for (size_t i = 0; i < n && shown < 3; i++) {
        if (!cands[i] || distance(word, cands[i]) != best)
            continue;
        int w = snprintf(buf + used, size - used, "%s'%s'", shown ? ", " : "", cands[i]);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
        shown++;
    }
    return shown;
}

size_t as_suggest_option(const struct option *longopts, const char *given, char *buf, size_t size)
{
    enum { MAX_OPTIONS = 32 };
    char word[MAX_NAME], names[MAX_OPTIONS][MAX_NAME];
    const char *cands[MAX_OPTIONS];
    size_t n = 0, len = strcspn(given, "=");
    if (size)
        buf[0] = '\0';
    if (given[0] != '-' || len >= sizeof word)
        return 0;
    snprintf(word, sizeof word, "%.*s", (int)len, given);
    for (const struct option *o = longopts; o->name && n < MAX_OPTIONS; o++, n++) {
        snprintf(names[n], sizeof names[n], "--%s", o->name);
        cands[n] = names[n];
        if (!strcmp(names[n], word))
            return 0; /* an option itself, not mistyped */
    }
    return as_suggest(word, cands, n, buf, size);
}
