/* text: formatting a message in English and in the catalogue's language. */
#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"

static char *copy(as_arena *a, const char *s)
{
    if (!s)
        return NULL;
    if (a)
        return as_arena_strdup(a, s);
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

__attribute__((format(printf, 2, 0))) static char *vformat(as_arena *a, const char *fmt, va_list ap)
{
    if (a)
        return as_arena_vprintf(a, fmt, ap);
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = len < 0 ? NULL : malloc((size_t)len + 1);
    if (s)
        vsnprintf(s, (size_t)len + 1, fmt, ap);
    return s;
}

as_text as_text_vprintf(as_arena *a, const char *fmt, va_list ap)
{
    as_text t = {NULL, NULL};
    if (as_tr(fmt) != fmt && strcmp(as_tr(fmt), fmt) != 0) {
        va_list ap2;
        va_copy(ap2, ap);
        t.tr = vformat(a, as_tr(fmt), ap2); /* the catalogue's formats: msgfmt --check */
        va_end(ap2);
    }
    t.en = vformat(a, fmt, ap);
    if (!t.en) {
        if (!a)
            free((char *)t.tr);
        return (as_text){a ? "" : NULL, NULL};
    }
    return t;
}

as_text as_text_printf(as_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_text t = as_text_vprintf(a, fmt, ap);
    va_end(ap);
    return t;
}

as_text as_text_copy(as_arena *a, as_text t)
{
    as_text c = {copy(a, t.en), NULL};
    if (t.tr && t.en && strcmp(t.tr, t.en) != 0)
        c.tr = copy(a, t.tr);
    return c;
}

void as_text_release(as_text *t)
{
    free((char *)t->en);
    free((char *)t->tr);
    t->en = t->tr = NULL;
}
