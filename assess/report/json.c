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

/* The bytes kept so far, to the stream. */
static void flush(as_json *j)
{
    if (j->len && fwrite(j->buf, 1, j->len, j->f) != j->len && !errno)
        errno = EIO;
    j->len = 0;
}

/* n bytes of s, kept until the buffer is full (one stream call per
 * AS_JSON_BUF bytes instead of one per piece). */
static void put(as_json *j, const char *s, size_t n)
{
    if (j->len + n > sizeof j->buf) {
        flush(j);
        if (n > sizeof j->buf) {
            fwrite(s, 1, n, j->f);
            return;
        }
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
}

static void put_char(as_json *j, char c)
{
    if (j->len == sizeof j->buf)
        flush(j);
    j->buf[j->len++] = c;
}

static void put_str(as_json *j, const char *s)
{
    put(j, s, strlen(s));
}

static void indent(as_json *j, int depth)
{
    /* a new line and two spaces a level, for up to AS_JSON_MAX_DEPTH (32) levels */
    static const char spaces[] =
        "\n                                                                ";
    _Static_assert(sizeof spaces == 2 + 2 * AS_JSON_MAX_DEPTH, "room for every level");
    put(j, spaces, 1 + 2 * (size_t)depth);
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
        put_char(j, ',');
    if (j->depth <= j->wrap)
        indent(j, j->depth);
    else if (more)
        put_char(j, ' ');
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
    put_char(j, open);
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
    put_char(j, object ? '}' : ']');
}

/* s in quotes, escaped (the quote, the backslash and the control
 * characters); the runs between escapes copied whole. */
static void quoted(as_json *j, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    put_char(j, '"');
    for (;;) {
        size_t run = 0;
        while ((unsigned char)s[run] >= 0x20 && s[run] != '"' && s[run] != '\\')
            run++;
        put(j, s, run);
        unsigned char c = (unsigned char)s[run];
        if (!c)
            break;
        char esc[6] = {'\\', (char)c, 0, 0, 0, 0};
        size_t n = 2;
        if (c == '\n') {
            esc[1] = 'n';
        } else if (c < 0x20) {
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        put(j, esc, n);
        s += run + 1;
    }
    put_char(j, '"');
}

void as_json_key(as_json *j, const char *key)
{
    if (j->depth == 0 || !j->object[j->depth] || j->keyed) {
        j->misused = true;
        return;
    }
    separate(j);
    quoted(j, key);
    put(j, ": ", 2);
    j->keyed = true;
}

void as_json_string(as_json *j, const char *s)
{
    value(j);
    if (s)
        quoted(j, s);
    else
        put(j, "null", 4);
}

void as_json_number(as_json *j, bool has, double v)
{
    char buf[40];
    value(j);
    put_str(j, has && as_decimal_shortest(v, buf, sizeof buf) == 0 ? buf : "null");
}

void as_json_integer(as_json *j, bool has, long v)
{
    value(j);
    char buf[24];
    if (has)
        snprintf(buf, sizeof buf, "%ld", v);
    put_str(j, has ? buf : "null");
}

void as_json_bool(as_json *j, bool v)
{
    value(j);
    put_str(j, v ? "true" : "false");
}

void as_json_null(as_json *j)
{
    value(j);
    put(j, "null", 4);
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
    put_char(j, '\n');
    flush(j);
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
