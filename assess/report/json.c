/* json: separators, indentation, escapes and number forms of the streaming
 * JSON writer. */
#include "report/json.h"

#include <errno.h>
#include <string.h>

#include "base/decimal.h"

void as_json_init(as_json *j, FILE *f, int wrap)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->wrap = wrap;
}

static void indent(as_json *j, int depth)
{
    fputc('\n', j->f);
    for (int i = 0; i < depth; i++)
        fputs("  ", j->f);
}

/* What comes before a member (a key, or an element of an array): its comma,
 * and a new line with its indent when its container wraps its members. */
static void separate(as_json *j)
{
    if (j->depth == 0)
        return;
    bool more = j->member[j->depth];
    j->member[j->depth] = true;
    if (more)
        fputc(',', j->f);
    if (j->depth <= j->wrap)
        indent(j, j->depth);
    else if (more)
        fputc(' ', j->f);
}

/* Before a value: right after its key in an object, else as an element. */
static void value(as_json *j)
{
    if (j->keyed)
        j->keyed = false;
    else if (j->depth > 0 && j->object[j->depth])
        j->misused = true; /* a value in an object needs its key */
    else
        separate(j);
}

static void begin(as_json *j, char open, bool object)
{
    value(j);
    if (j->depth == AS_JSON_MAX_DEPTH) {
        j->misused = true;
        return;
    }
    fputc(open, j->f);
    j->depth++;
    j->member[j->depth] = false;
    j->object[j->depth] = object;
}

void as_json_begin_object(as_json *j)
{
    begin(j, '{', true);
}

void as_json_begin_array(as_json *j)
{
    begin(j, '[', false);
}

void as_json_end(as_json *j)
{
    if (j->depth == 0 || j->keyed) {
        j->misused = true;
        return;
    }
    bool object = j->object[j->depth], wrapped = j->depth <= j->wrap && j->member[j->depth];
    j->depth--;
    if (wrapped)
        indent(j, j->depth);
    fputc(object ? '}' : ']', j->f);
}

static void quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

void as_json_key(as_json *j, const char *key)
{
    if (j->depth == 0 || !j->object[j->depth] || j->keyed) {
        j->misused = true;
        return;
    }
    separate(j);
    quoted(j->f, key);
    fputs(": ", j->f);
    j->keyed = true;
}

void as_json_string(as_json *j, const char *s)
{
    value(j);
    if (s)
        quoted(j->f, s);
    else
        fputs("null", j->f);
}

void as_json_number(as_json *j, bool has, double v)
{
    char buf[40];
    value(j);
    fputs(has && as_decimal_shortest(v, buf, sizeof buf) == 0 ? buf : "null", j->f);
}

void as_json_integer(as_json *j, bool has, long v)
{
    value(j);
    if (has)
        fprintf(j->f, "%ld", v);
    else
        fputs("null", j->f);
}

void as_json_bool(as_json *j, bool v)
{
    value(j);
    fputs(v ? "true" : "false", j->f);
}

void as_json_null(as_json *j)
{
    value(j);
    fputs("null", j->f);
}

void as_json_put_string(as_json *j, const char *key, const char *s)
{
    as_json_key(j, key);
    as_json_string(j, s);
}

void as_json_put_number(as_json *j, const char *key, bool has, double v)
{
    as_json_key(j, key);
    as_json_number(j, has, v);
}

void as_json_put_integer(as_json *j, const char *key, bool has, long v)
{
    as_json_key(j, key);
    as_json_integer(j, has, v);
}

void as_json_put_bool(as_json *j, const char *key, bool v)
{
    as_json_key(j, key);
    as_json_bool(j, v);
}

void as_json_put_null(as_json *j, const char *key)
{
    as_json_key(j, key);
    as_json_null(j);
}

void as_json_put_object(as_json *j, const char *key)
{
    as_json_key(j, key);
    as_json_begin_object(j);
}

void as_json_put_array(as_json *j, const char *key)
{
    as_json_key(j, key);
    as_json_begin_array(j);
}

int as_json_finish(as_json *j)
{
    fputc('\n', j->f);
    if (fflush(j->f) != 0 || ferror(j->f)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    if (j->depth || j->keyed || j->misused) {
        errno = EINVAL;
        return -1;
    }
    return 0;
}
