/* ydoc_yaml: reading a YAML file or text into the document tree: libyaml's
 * parser events built into nodes with bounds (size, nesting, node count),
 * unique keys and anchors checked, typing mistakes a person makes (a tab, a
 * full-width colon) and encodings other than UTF-8 said where they are.
 * Reads regular files only. */
#include "input/ydoc.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/i18n.h"
#include "base/strmap.h"

static as_loc mark_loc(const char *file, yaml_mark_t m)
{
    return as_loc_make(file, (int)m.line + 1, (int)m.column + 1);
}

/* ------------------------------------------------------------ building the tree */

/* One open collection while the events of a document are read. */
typedef struct {
    int node;      /* its node index (1-based) */
    bool mapping;  /* a mapping, else a sequence */
    int key;       /* mapping: the key waiting for its value, 0 = none */
    size_t anchor; /* index + 1 of the anchor naming it, 0 = none */
} frame;

typedef struct {
    const char *name; /* anchor name, owned by the builder */
    int node;         /* the node it names */
    bool open;        /* the node is a collection still being read */
    int line;         /* 1-based line of the anchor */
} anchor;

/* State of one load: the tree is built in y from parser events. */
typedef struct {
    as_ydoc *y;
    as_diags *d;
    frame stack[AS_YDOC_MAX_DEPTH]; /* open collections, outermost first */
    int depth;                      /* entries used in stack */
    size_t nodes;                   /* nodes and aliases so far */
    anchor *anchors;                /* malloc'd */
    size_t nanchors, capanchors;
    as_strmap anchor_names; /* name -> index into anchors */
    int documents;          /* documents started */
    as_diags dups;          /* keys given twice: reported, in file order, after the whole file */
    const char *text;       /* the text parsed, and its length */
    size_t len;
} builder;

static as_loc offset_loc(const char *file, const char *text, size_t off);

static void parser_error(builder *b, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->error == YAML_READER_ERROR && p->encoding == YAML_UTF8_ENCODING && b->text &&
        p->problem_offset <= b->len)
        /* libyaml locates what its reader refuses by byte offset only */
        as_diags_add(b->d, offset_loc(b->y->file, b->text, p->problem_offset), "%s", problem);
    else if (p->context)
        as_diags_add(b->d, mark_loc(b->y->file, p->problem_mark), "%s (%s at line %zu, column %zu)",
                     problem, p->context, p->context_mark.line + 1, p->context_mark.column + 1);
    else
        as_diags_add(b->d, mark_loc(b->y->file, p->problem_mark), "%s", problem);
}

static int oom(builder *b, yaml_mark_t m)
{
    as_diags_add(b->d, mark_loc(b->y->file, m), "out of memory");
    return -1;
}

/* Record the anchor `name` of node; *idx gets its index + 1 (0 when there is
 * no anchor).  An anchor name given twice is an error. */
static int remember_anchor(builder *b, const yaml_char_t *name, int node, bool open, yaml_mark_t m,
                           size_t *idx)
{
    *idx = 0;
    if (!name)
        return 0;
    anchor *na = as_grow(b->anchors, &b->capanchors, b->nanchors + 1, sizeof *na, 8, 0);
    if (!na)
        return oom(b, m);
    b->anchors = na;
    char *copy = strdup((const char *)name);
    if (!copy)
        return oom(b, m);
    size_t first;
    int put = as_strmap_put(&b->anchor_names, copy, b->nanchors, &first);
    if (put != 0) {
        free(copy);
        if (put < 0)
            return oom(b, m);
        as_diags_add(b->d, mark_loc(b->y->file, m),
                     "anchor '&%s' is given twice (first at line %d)", (const char *)name,
                     b->anchors[first].line);
        return -1;
    }
    b->anchors[b->nanchors++] = (anchor){copy, node, open, (int)m.line + 1};
    *idx = b->nanchors;
    return 0;
}

/* Put node into the collection being read (or make it the root). */
static int attach(builder *b, int node, yaml_mark_t m)
{
    if (b->depth == 0)
        return 0; /* the first node added is the document's root */
    frame *f = &b->stack[b->depth - 1];
    int rc;
    if (!f->mapping)
        rc = as_ydoc_add_item(b->y, f->node, node);
    else if (!f->key) {
        f->key = node;
        rc = 0;
    } else {
        rc = as_ydoc_add_pair(b->y, f->node, f->key, node);
        f->key = 0;
    }
    return rc == 0 ? 0 : oom(b, m);
}

static int count_node(builder *b, yaml_mark_t m)
{
    if (++b->nodes <= AS_YDOC_MAX_NODES)
        return 0;
    as_diags_add(b->d, mark_loc(b->y->file, m), "more than %d values in one file",
                 AS_YDOC_MAX_NODES);
    return -1;
}

static void set_marks(builder *b, int node, yaml_mark_t start, yaml_mark_t end)
{
    yaml_node_t *n = as_ydoc_node(b->y, node);
    n->start_mark = start;
    n->end_mark = end;
}

static int add_scalar(builder *b, const yaml_event_t *ev)
{
    if (count_node(b, ev->start_mark) != 0)
        return -1;
    yaml_mark_t start = ev->start_mark, end = ev->end_mark;
    int node = as_ydoc_add_scalar(b->y, (const char *)ev->data.scalar.value, ev->data.scalar.length,
                                  ev->data.scalar.style);
    if (!node)
        return oom(b, start);
    set_marks(b, node, start, end);
    size_t named;
    if (remember_anchor(b, ev->data.scalar.anchor, node, false, start, &named) != 0)
        return -1;
    return attach(b, node, start);
}

static int open_collection(builder *b, const yaml_event_t *ev)
{
    bool mapping = ev->type == YAML_MAPPING_START_EVENT;
    if (b->depth == AS_YDOC_MAX_DEPTH) {
        as_diags_add(b->d, mark_loc(b->y->file, ev->start_mark),
                     "values nest deeper than %d levels", AS_YDOC_MAX_DEPTH);
        return -1;
    }
    if (count_node(b, ev->start_mark) != 0)
        return -1;
    int node = as_ydoc_add_collection(b->y, mapping ? YAML_MAPPING_NODE : YAML_SEQUENCE_NODE);
    if (!node)
        return oom(b, ev->start_mark);
    set_marks(b, node, ev->start_mark, ev->end_mark);
    const yaml_char_t *name =
        mapping ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    size_t named;
    if (remember_anchor(b, name, node, true, ev->start_mark, &named) != 0 ||
        attach(b, node, ev->start_mark) != 0)
        return -1;
    b->stack[b->depth++] = (frame){node, mapping, 0, named};
    return 0;
}

#define FEW_KEYS 16 /* mappings this small are checked pair by pair, without a hash map */

static void key_twice(builder *b, yaml_node_t *kn, const yaml_node_t *first)
{
    as_diags_add(&b->dups, mark_loc(b->y->file, kn->start_mark),
                 "key '%s' is given twice (first at line %zu)", as_ydoc_scalar(kn),
                 first->start_mark.line + 1);
}

/* Every plain-text key of a finished mapping must be unique; keys given twice
 * are collected in b->dups and the load goes on, to report them all. */
static int unique_keys(builder *b, yaml_node_t *map)
{
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    size_t n = (size_t)(map->data.mapping.pairs.top - pairs);
    if (n <= FEW_KEYS) {
        for (size_t i = 1; i < n; i++) {
            yaml_node_t *kn = as_ydoc_node(b->y, pairs[i].key);
            const char *k = as_ydoc_scalar(kn);
            for (size_t j = 0; k && j < i; j++) {
                yaml_node_t *fn = as_ydoc_node(b->y, pairs[j].key);
                const char *f = as_ydoc_scalar(fn);
                if (f && !strcmp(f, k)) {
                    key_twice(b, kn, fn);
                    break;
                }
            }
        }
        return 0;
    }
    as_strmap seen;
    as_strmap_init(&seen);
    int rc = 0;
    for (yaml_node_pair_t *p = pairs; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = as_ydoc_node(b->y, p->key);
        const char *k = as_ydoc_scalar(kn);
        size_t first;
        if (!k)
            continue;
        int put = as_strmap_put(&seen, k, (size_t)(p - pairs), &first);
        if (put < 0) {
            rc = oom(b, kn->start_mark);
            break;
        }
        if (put == 1)
            key_twice(b, kn, as_ydoc_node(b->y, pairs[first].key));
    }
    as_strmap_release(&seen);
    return rc;
}

static int close_collection(builder *b, const yaml_event_t *ev)
{
    frame *f = &b->stack[--b->depth];
    yaml_node_t *n = as_ydoc_node(b->y, f->node);
    n->end_mark = ev->end_mark;
    if (f->anchor)
        b->anchors[f->anchor - 1].open = false;
    return f->mapping ? unique_keys(b, n) : 0;
}

static int add_alias(builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    size_t idx;
    anchor *a = as_strmap_get(&b->anchor_names, name, &idx) == 0 ? &b->anchors[idx] : NULL;
    if (count_node(b, ev->start_mark) != 0)
        return -1;
    if (!a) {
        as_diags_add(b->d, mark_loc(b->y->file, ev->start_mark),
                     "alias '*%s' has no anchor '&%s' before it", name, name);
        return -1;
    }
    if (a->open) {
        as_diags_add(b->d, mark_loc(b->y->file, ev->start_mark),
                     "alias '*%s' is inside the value it names", name);
        return -1;
    }
    return attach(b, a->node, ev->start_mark);
}

static int start_document(builder *b, const yaml_event_t *ev)
{
    if (b->documents++) {
        as_diags_add(b->d, mark_loc(b->y->file, ev->start_mark),
                     "a second YAML document in one file: give one document per file");
        return -1;
    }
    return as_ydoc_begin(b->y) == 0 ? 0 : oom(b, ev->start_mark);
}

/* Handle one event (a scalar's text is copied into the tree): 1 at the end
 * of the stream, 0 to go on, -1 on error. */
static int on_event(builder *b, yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        return 1;
    case YAML_DOCUMENT_START_EVENT:
        return start_document(b, ev);
    case YAML_SCALAR_EVENT:
        return add_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return open_collection(b, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_collection(b, ev);
    case YAML_ALIAS_EVENT:
        return add_alias(b, ev);
    default:
        return 0;
    }
}

static int by_position(const void *a, const void *b)
{
    const as_loc *x = &((const as_diag *)a)->loc, *y = &((const as_diag *)b)->loc;
    return x->line != y->line ? (x->line > y->line) - (x->line < y->line)
                              : (x->col > y->col) - (x->col < y->col);
}

/* Read events into y's tree.  libyaml's own document loader has no bound on
 * nesting and slows down with its square, so a file of deeply nested lists
 * could stall a batch for minutes; here depth and node count are bounded and
 * the first problem stops the load. */
static int parse_into(as_ydoc *y, yaml_parser_t *p, const char *text, size_t len, as_diags *d)
{
    builder b = {.y = y, .d = d, .text = text, .len = len};
    as_diags_init(&b.dups);
    as_strmap_init(&b.anchor_names);
    int rc = 0;
    while (rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(p, &ev)) {
            parser_error(&b, p);
            rc = -1;
            break;
        }
        rc = on_event(&b, &ev);
        yaml_event_delete(&ev);
    }
    as_strmap_release(&b.anchor_names);
    for (size_t i = 0; i < b.nanchors; i++)
        free((char *)b.anchors[i].name);
    free(b.anchors);
    if (b.dups.n) {
        qsort(b.dups.items, b.dups.n, sizeof *b.dups.items, by_position);
        rc = -1;
    }
    as_diags_move(d, &b.dups);
    if (rc < 0) {
        as_ydoc_release(y);
        return -1;
    }
    if (!as_ydoc_root(y)) {
        as_diags_add(d, as_loc_make(y->file, 0, 0), "file is empty");
        as_ydoc_release(y);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ typing mistakes */

static bool key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

/* Whether a line's content (before a comment) opens a block scalar: it
 * ends in '|' or '>', maybe with a chomping or indentation indicator. */
static bool opens_block(const char *s, size_t n)
{
    if (!memchr(s, '|', n) && !memchr(s, '>', n))
        return false; /* most lines: no need to look for a comment */
    size_t end = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '#' && (i == 0 || s[i - 1] == ' ')) {
            end = i;
            break;
        }
    while (end && (s[end - 1] == ' ' || s[end - 1] == '\r'))
        end--;
    while (end &&
           (s[end - 1] == '-' || s[end - 1] == '+' || (s[end - 1] >= '1' && s[end - 1] <= '9')))
        end--;
    return end && (s[end - 1] == '|' || s[end - 1] == '>') && (end == 1 || s[end - 2] == ' ');
}

/* One line: a tab in its indentation, a full-width colon or a colon without
 * a space after a key.  Returns 1 when one was reported. */
static int scan_line(const char *file, int line, const char *s, size_t n, as_diags *d)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && s[i] == '\t') {
        as_diags_add(d, as_loc_make(file, line, (int)i + 1),
                     "a tab in the indentation: indent with spaces (YAML does not allow tabs)");
        return 1;
    }
    while (i + 1 < n && s[i] == '-' && s[i + 1] == ' ')
        for (i += 2; i < n && s[i] == ' ';)
            i++;
    size_t k = i;
    if (k >= n || !((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || s[k] == '_'))
        return 0;
    while (k < n && key_char(s[k]))
        k++;
    int len = (int)(k - i);
    if (k + 2 < n && (unsigned char)s[k] == 0xef && (unsigned char)s[k + 1] == 0xbc &&
        (unsigned char)s[k + 2] == 0x9a) {
        as_diags_add(d, as_loc_make(file, line, (int)k + 1),
                     "full-width colon '：' after '%.*s': write an ASCII colon ':' and a space",
                     len, s + i);
        return 1;
    }
    if (k + 1 < n && s[k] == ':' && s[k + 1] != ' ' && s[k + 1] != '\t' && s[k + 1] != '\r' &&
        s[k + 1] != ':' && s[k + 1] != '/') {
        as_diags_add(d, as_loc_make(file, line, (int)k + 2),
                     "no space after the colon of '%.*s': write '%.*s: ' and then the value", len,
                     s + i, len, s + i);
        return 1;
    }
    return 0;
}

/* Mistakes of typing YAML by hand that libyaml would report as something
 * else, often at another line: a tab in the indentation, a full-width colon
 * '：' (U+FF1A, from a Chinese input method) or a colon without a space after
 * a key.  Lines inside block scalars (| and >) are not looked at.  Returns
 * how many were reported. */
static int scan_typing(const char *file, const char *text, size_t len, as_diags *d)
{
    int found = 0, line = 0;
    long block = -1; /* indentation of the key opening a block scalar, -1 = none */
    for (size_t at = 0; at < len && found < 100;) {
        const char *s = text + at;
        const char *nl = memchr(s, '\n', len - at);
        size_t n = nl ? (size_t)(nl - s) : len - at;
        at += n + 1;
        line++;
        size_t indent = 0;
        while (indent < n && s[indent] == ' ')
            indent++;
        if (block >= 0 && (indent == n || (long)indent > block))
            continue;
        block = -1;
        if (indent < n && s[indent] == '#')
            continue;
        found += scan_line(file, line, s, n, d);
        if (opens_block(s, n))
            block = (long)indent;
    }
    return found;
}

/* ------------------------------------------------------------ encodings */

/* Convert text from encoding `from` to UTF-8 with iconv.  Returns a malloc'd
 * buffer (*out_len set), or NULL: *bad is then the offset of the first byte
 * that is not valid `from` (or len when out of memory or no converter). */
static char *convert(const char *from, const char *text, size_t len, size_t *out_len, size_t *bad)
{
    *bad = len;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16, left_in = len, left_out = cap;
    char *out = malloc(cap + 1), *in = (char *)text, *o = out;
    size_t r = out ? iconv(cd, &in, &left_in, &o, &left_out) : (size_t)-1;
    if (r != (size_t)-1)
        r = iconv(cd, NULL, NULL, &o, &left_out); /* end of the input: no half character */
    iconv_close(cd);
    if (r == (size_t)-1 || left_in) {
        *bad = out ? (size_t)(in - text) : len;
        free(out);
        return NULL;
    }
    *out_len = cap - left_out;
    out[*out_len] = '\0';
    return out;
}

/* Line and column (1-based, in characters) of byte offset off of text. */
static as_loc offset_loc(const char *file, const char *text, size_t off)
{
    int line = 1, col = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xc0) != 0x80) {
            col++;
        }
    }
    return as_loc_make(file, line, col);
}

/* The text as UTF-8: as it is when it is UTF-8 (or UTF-16/32 with a byte
 * order mark, which libyaml reads), converted with a note when it is
 * GB18030 (GBK, GB2312), as Chinese Windows editors save it; else an error
 * at the first byte that is neither.  *conv is a malloc'd converted copy or
 * NULL.  Returns 0 or -1. */
static int as_utf8(const char *file, const char *text, size_t len, char **conv, size_t *conv_len,
                   as_diags *d)
{
    *conv = NULL;
    const unsigned char *u = (const unsigned char *)text;
    if (len >= 2 && ((u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff && u[1] == 0xfe)))
        return 0;
    if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff)
        return 0;
    size_t bad, bad_gb, same_len;
    char *same = convert("UTF-8", text, len, &same_len, &bad); /* only to find a bad byte */
    bool utf8 = same != NULL;
    free(same);
    if (utf8)
        return 0;
    *conv = convert("GB18030", text, len, conv_len, &bad_gb);
    if (*conv) {
        as_diags_note(d, as_loc_make(file, 0, 0),
                      "the file is not UTF-8: read it as GB18030 (GBK); save it as UTF-8");
        return 0;
    }
    as_diags_add(d, offset_loc(file, text, bad),
                 "the file is neither UTF-8 nor GB18030 (GBK) from here on: save it as UTF-8");
    return -1;
}

/* Look for typing mistakes, then parse text (UTF-8, or UTF-16/32 with a byte
 * order mark) into y. */
static int parse_text(as_ydoc *y, const char *text, size_t len, as_diags *d)
{
    if (scan_typing(y->file, text, len, d) > 0)
        return -1; /* libyaml would only report the same mistakes elsewhere */
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        as_diags_add(d, as_loc_make(y->file, 0, 0), "out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int rc = parse_into(y, &p, text, len, d);
    yaml_parser_delete(&p);
    return rc;
}

int as_ydoc_load_string(as_ydoc *y, const char *name, const char *text, size_t len, as_arena *a,
                        as_diags *d)
{
    memset(y, 0, sizeof *y);
    y->file = as_arena_strdup(a, name);
    if (!y->file) {
        as_diags_add(d, as_loc_make(name, 0, 0), "out of memory");
        return -1;
    }
    /* Nearly every file is UTF-8 without a mistake, and libyaml's reader
     * rejects text that is not UTF-8: such a file is parsed as it is.  Only
     * when that fails is the text's encoding looked at, and the text parsed
     * again, so that what is reported is the same either way. */
    as_diags first;
    as_diags_init(&first);
    int rc = parse_text(y, text, len, &first);
    if (rc == 0)
        as_diags_move(d, &first);
    as_diags_release(&first);
    if (rc == 0)
        return 0;
    char *conv = NULL;
    size_t conv_len = 0;
    if (as_utf8(y->file, text, len, &conv, &conv_len, d) != 0)
        return -1;
    rc = conv ? parse_text(y, conv, conv_len, d) : parse_text(y, text, len, d);
    free(conv);
    return rc;
}

/* ------------------------------------------------------------ reading files */

static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return N_("a folder");
    if (S_ISFIFO(m))
        return N_("a FIFO");
    if (S_ISCHR(m))
        return N_("a character device");
    if (S_ISBLK(m))
        return N_("a block device");
    if (S_ISSOCK(m))
        return N_("a socket");
    return N_("not a regular file");
}

/* The whole content of the regular file open as fd, at most AS_YDOC_MAX_BYTES. */
static int read_all(int fd, const char *path, off_t size, char **out, size_t *len, as_diags *d)
{
    size_t bytes = 0, n = 0; /* room in buf (the last byte for a NUL), bytes read */
    char *buf = as_grow(NULL, &bytes, (size_t)size + 2, 1, 0, 0);
    if (!buf) {
        as_diags_add(d, as_loc_make(path, 0, 0), "out of memory");
        return -1;
    }
    for (;;) {
        if (n + 1 == bytes) { /* the file grew while we read it */
            char *nb = as_grow(buf, &bytes, bytes + 1, 1, 0, (size_t)AS_YDOC_MAX_BYTES + 2);
            if (!nb)
                break;
            buf = nb;
        }
        ssize_t got = read(fd, buf + n, bytes - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            as_diags_add(d, as_loc_make(path, 0, 0), "cannot read file: %s", strerror(errno));
            free(buf);
            return -1;
        }
        if (got == 0) {
            *out = buf;
            *len = n;
            return 0;
        }
        n += (size_t)got;
    }
    as_diags_add(d, as_loc_make(path, 0, 0), "file is larger than %u bytes", AS_YDOC_MAX_BYTES);
    free(buf);
    return -1;
}

int as_ydoc_load(as_ydoc *y, const char *path, as_arena *a, as_diags *d)
{
    memset(y, 0, sizeof *y);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot open file: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    int rc = -1;
    if (fstat(fd, &st) != 0)
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot read file: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        as_diags_add_word(d, as_loc_make(path, 0, 0), "cannot read %s: only regular files are read",
                          NULL, file_kind(st.st_mode));
    else if (st.st_size > (off_t)AS_YDOC_MAX_BYTES)
        as_diags_add(d, as_loc_make(path, 0, 0), "file is larger than %u bytes", AS_YDOC_MAX_BYTES);
    else
        rc = read_all(fd, path, st.st_size, &buf, &len, d);
    close(fd);
    if (rc == 0)
        rc = as_ydoc_load_string(y, path, buf, len, a, d);
    free(buf);
    return rc;
}
