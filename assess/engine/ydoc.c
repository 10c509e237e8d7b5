/* ydoc: loading YAML from libyaml's parser events into a tree of libyaml's node type,
 * with bounds (size, nesting, node count) and unique keys, and located, typed
 * access.  Reads regular files only.  Knows nothing about rules or submissions. */
#include "engine/ydoc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/decimal.h"
#include "engine/i18n.h"
#include "engine/numtext.h"
#include "engine/strmap.h"
#include "engine/suggest.h"

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
    if (b->nanchors == b->capanchors) {
        size_t cap = b->capanchors ? b->capanchors * 2 : 8;
        anchor *na = realloc(b->anchors, cap * sizeof *na);
        if (!na)
            return oom(b, m);
        b->anchors = na;
        b->capanchors = cap;
    }
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
    size_t cap = (size_t)size + 1, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        as_diags_add(d, as_loc_make(path, 0, 0), "out of memory");
        return -1;
    }
    for (;;) {
        if (n == cap) { /* the file grew while we read it */
            if (cap > AS_YDOC_MAX_BYTES)
                break;
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb)
                break;
            buf = nb;
        }
        ssize_t got = read(fd, buf + n, cap - n);
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

/* ------------------------------------------------------------ the tree's memory */

/* Nodes are one array (realloc'd as it grows); scalars' text and the arrays of
 * collections' items live in the ydoc's own arena, so releasing a tree is two
 * frees however many values it holds, and the parser's own allocations are
 * not kept alive by the tree. */

int as_ydoc_begin(as_ydoc *y)
{
    as_ydoc_release(y);
    y->mem = as_arena_new(0);
    if (!y->mem)
        return -1;
    y->loaded = true;
    return 0;
}

static yaml_node_t *new_node(as_ydoc *y, yaml_node_type_t type, int *index)
{
    *index = 0;
    if (!y->loaded || y->nnodes >= INT_MAX)
        return NULL;
    if (y->nnodes == y->capnodes) {
        size_t cap = y->capnodes ? y->capnodes * 2 : 64;
        yaml_node_t *grown = realloc(y->nodes, cap * sizeof *grown);
        if (!grown)
            return NULL;
        y->nodes = grown;
        y->capnodes = cap;
    }
    yaml_node_t *n = &y->nodes[y->nnodes++];
    memset(n, 0, sizeof *n);
    n->type = type;
    *index = (int)y->nnodes;
    return n;
}

int as_ydoc_add_scalar(as_ydoc *y, const char *text, size_t len, yaml_scalar_style_t style)
{
    char *copy = as_arena_strndup(y->mem, text, len);
    int index;
    yaml_node_t *n = copy ? new_node(y, YAML_SCALAR_NODE, &index) : NULL;
    if (!n)
        return 0;
    n->data.scalar.value = (yaml_char_t *)copy;
    n->data.scalar.length = len;
    n->data.scalar.style = style;
    return index;
}

int as_ydoc_add_collection(as_ydoc *y, yaml_node_type_t type)
{
    int index;
    return new_node(y, type, &index) ? index : 0;
}

/* A copy of the n elements of `size` bytes at old, in an arena array with room
 * for twice as many (4 at first); *cap gets its room. */
static void *bigger(as_ydoc *y, const void *old, size_t n, size_t size, size_t *cap)
{
    *cap = n ? n * 2 : 4;
    void *p = as_arena_alloc(y->mem, *cap * size);
    if (p && n)
        memcpy(p, old, n * size);
    return p;
}

int as_ydoc_add_item(as_ydoc *y, int seq, int item)
{
    yaml_node_t *n = as_ydoc_node(y, seq);
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return -1;
    yaml_node_item_t *items = n->data.sequence.items.start;
    size_t used = items ? (size_t)(n->data.sequence.items.top - items) : 0;
    if (n->data.sequence.items.top == n->data.sequence.items.end) {
        size_t cap;
        if (!(items = bigger(y, items, used, sizeof *items, &cap)))
            return -1;
        n->data.sequence.items.start = items;
        n->data.sequence.items.end = items + cap;
    }
    items[used] = item;
    n->data.sequence.items.top = items + used + 1;
    return 0;
}

int as_ydoc_add_pair(as_ydoc *y, int map, int key, int value)
{
    yaml_node_t *n = as_ydoc_node(y, map);
    if (!n || n->type != YAML_MAPPING_NODE)
        return -1;
    yaml_node_pair_t *pairs = n->data.mapping.pairs.start;
    size_t used = pairs ? (size_t)(n->data.mapping.pairs.top - pairs) : 0;
    if (n->data.mapping.pairs.top == n->data.mapping.pairs.end) {
        size_t cap;
        if (!(pairs = bigger(y, pairs, used, sizeof *pairs, &cap)))
            return -1;
        n->data.mapping.pairs.start = pairs;
        n->data.mapping.pairs.end = pairs + cap;
    }
    pairs[used] = (yaml_node_pair_t){key, value};
    n->data.mapping.pairs.top = pairs + used + 1;
    return 0;
}

void as_ydoc_release(as_ydoc *y)
{
    if (!y)
        return;
    free(y->nodes);
    as_arena_free(y->mem);
    y->nodes = NULL;
    y->mem = NULL;
    y->nnodes = y->capnodes = 0;
    y->loaded = false;
}

yaml_node_t *as_ydoc_root(as_ydoc *y)
{
    return y->loaded && y->nnodes ? &y->nodes[0] : NULL;
}

yaml_node_t *as_ydoc_node(as_ydoc *y, int index)
{
    return y->loaded && index > 0 && (size_t)index <= y->nnodes ? &y->nodes[index - 1] : NULL;
}

as_loc as_ydoc_loc(const as_ydoc *y, const yaml_node_t *n)
{
    if (y->sheet && n && n->type == YAML_SCALAR_NODE)
        return as_loc_cell(y->file, y->sheet, (int)n->start_mark.line + 1,
                           (int)n->start_mark.column + 1);
    if (y->sheet)
        return as_loc_cell(y->file, y->sheet, 0, 0);
    if (!n)
        return as_loc_make(y->file, 0, 0);
    return mark_loc(y->file, n->start_mark);
}

as_loc as_ydoc_text_loc(const as_ydoc *y, const yaml_node_t *n, size_t off)
{
    as_loc l = as_ydoc_loc(y, n);
    if (!n || n->type != YAML_SCALAR_NODE || y->sheet)
        return l;
    yaml_scalar_style_t st = n->data.scalar.style;
    if (st == YAML_LITERAL_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE)
        return l;
    if (n->start_mark.line != n->end_mark.line)
        return l;
    int quote = (st == YAML_SINGLE_QUOTED_SCALAR_STYLE || st == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    l.col += quote + (int)off;
    return l;
}

const char *as_ydoc_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

bool as_ydoc_is_null(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)n->data.scalar.value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

yaml_node_t *as_ydoc_get(as_ydoc *y, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *k = as_ydoc_scalar(as_ydoc_node(y, p->key));
        if (k && !strcmp(k, key))
            return as_ydoc_node(y, p->value);
    }
    return NULL;
}

int as_ydoc_check_keys(as_ydoc *y, yaml_node_t *map, const char *what, const char *const *allowed,
                       as_diags *d)
{
    int problems = 0;
    if (!map || map->type != YAML_MAPPING_NODE)
        return 0;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = as_ydoc_node(y, p->key);
        const char *k = as_ydoc_scalar(kn);
        if (!k) {
            as_diags_add(d, as_ydoc_loc(y, kn), "keys of %s must be plain text", what);
            problems++;
            continue;
        }
        bool ok = false;
        size_t nallowed = 0;
        for (const char *const *a = allowed; a && *a; a++, nallowed++)
            ok = ok || !strcmp(*a, k);
        char near[200];
        if (ok)
            continue;
        if (as_suggest(k, allowed, nallowed, near, sizeof near))
            as_diags_add(d, as_ydoc_loc(y, kn), "unknown field '%s' in %s: did you mean %s?", k,
                         what, near);
        else
            as_diags_add(d, as_ydoc_loc(y, kn), "unknown field '%s' in %s", k, what);
        problems++;
    }
    return problems;
}

static const char *type_name(const yaml_node_t *n)
{
    if (!n)
        return N_("nothing");
    switch (n->type) {
    case YAML_MAPPING_NODE:
        return N_("a mapping");
    case YAML_SEQUENCE_NODE:
        return N_("a list");
    default:
        return N_("text");
    }
}

/* What a scalar that should be a number holds instead: quoted text,
 * nothing, or another type. */
static const char *not_number(const yaml_node_t *n, const char *s)
{
    return s ? (*s ? N_("quoted text") : N_("nothing")) : type_name(n);
}

bool as_ydoc_expect_map(as_ydoc *y, yaml_node_t *n, const char *what, as_diags *d)
{
    if (n && n->type == YAML_MAPPING_NODE)
        return true;
    as_diags_add_word(d, as_ydoc_loc(y, n), "'%s' must be a mapping, got %s", what, type_name(n));
    return false;
}

bool as_ydoc_expect_seq(as_ydoc *y, yaml_node_t *n, const char *what, as_diags *d)
{
    if (n && n->type == YAML_SEQUENCE_NODE)
        return true;
    as_diags_add_word(d, as_ydoc_loc(y, n), "'%s' must be a list, got %s", what, type_name(n));
    return false;
}

int as_ydoc_to_num(as_ydoc *y, yaml_node_t *n, const char *what, double *out, as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (!s || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !*s) {
        as_diags_add_word(d, as_ydoc_loc(y, n), "'%s' must be a number, got %s", what,
                          not_number(n, s));
        return -1;
    }
    char *end = NULL;
    errno = 0;
    double v = as_decimal_read(s, &end);
    if (end == s || *end != '\0') {
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a number, got '%s'", what, s);
        return -1;
    }
    if (errno == ERANGE || !isfinite(v)) {
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' is out of range: '%s'", what, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* Say how a figure that needed fixing was read. */
static void note_amount(as_ydoc *y, yaml_node_t *n, const char *what, const as_numtext *t,
                        as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    bool quoted = !y->sheet && n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    if (!t->fullwidth && !t->separators && !quoted)
        return; /* the usual case: nothing to say, so no number to write */
    char v[40];
    if (as_decimal_shortest(t->value, v, sizeof v) != 0)
        snprintf(v, sizeof v, "%g", t->value);
    as_loc loc = as_ydoc_loc(y, n);
    if (t->fullwidth && t->separators)
        as_diags_note(d, loc,
                      "'%s' is written with full-width characters and thousands separators "
                      "('%s'): read as %s",
                      what, s, v);
    else if (t->fullwidth)
        as_diags_note(d, loc, "'%s' is written with full-width characters ('%s'): read as %s", what,
                      s, v);
    else if (t->separators)
        as_diags_note(d, loc, "'%s' is written with thousands separators ('%s'): read as %s", what,
                      s, v);
    else
        as_diags_note(d, loc, "'%s' is quoted text ('%s'): read as the number %s", what, s, v);
}

int as_ydoc_to_amount(as_ydoc *y, yaml_node_t *n, const char *what, const char *unit, double *out,
                      as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (!s) {
        if (n && n->type == YAML_MAPPING_NODE)
            as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a number in %s, got a mapping", what,
                         unit);
        else
            as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a number in %s, got a list", what,
                         unit);
        return -1;
    }
    as_numtext t;
    as_loc loc = as_ydoc_loc(y, n);
    switch (as_numtext_parse(s, &t)) {
    case AS_NUMTEXT_OK:
        note_amount(y, n, what, &t, d);
        *out = t.value;
        return 0;
    case AS_NUMTEXT_EMPTY:
        as_diags_add(d, loc, "'%s' must be a number in %s, got nothing", what, unit);
        break;
    case AS_NUMTEXT_PERCENT:
        as_diags_add(d, loc,
                     "'%s' is written as a percentage ('%s'): give the amount in %s, not a "
                     "share or a rate",
                     what, s, unit);
        break;
    case AS_NUMTEXT_UNIT:
        as_diags_add(d, loc, "'%s' has text after the number ('%s'): give the number alone, in %s",
                     what, s, unit);
        break;
    case AS_NUMTEXT_AMBIGUOUS:
        as_diags_add(d, loc,
                     "'%s' is '%s': a comma there could be a thousands separator or a decimal "
                     "comma; write the number without separators, with '.' before decimals",
                     what, s);
        break;
    case AS_NUMTEXT_RANGE:
        as_diags_add(d, loc, "'%s' is out of range: '%s'", what, s);
        break;
    default:
        as_diags_add(d, loc, "'%s' must be a number in %s, got '%s'", what, unit, s);
        break;
    }
    return -1;
}

int as_ydoc_to_int(as_ydoc *y, yaml_node_t *n, const char *what, long *out, as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (!s || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !*s) {
        as_diags_add_word(d, as_ydoc_loc(y, n), "'%s' must be an integer, got %s", what,
                          not_number(n, s));
        return -1;
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0') {
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be an integer, got '%s'", what, s);
        return -1;
    }
    if (errno == ERANGE || v > 1000000000LL || v < -1000000000LL) {
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' is out of range: '%s'", what, s);
        return -1;
    }
    *out = (long)v;
    return 0;
}

int as_ydoc_to_str(as_ydoc *y, yaml_node_t *n, const char *what, as_arena *a, const char **out,
                   as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (!s) {
        as_diags_add_word(d, as_ydoc_loc(y, n), "'%s' must be text, got %s", what, type_name(n));
        return -1;
    }
    *out = as_arena_strdup(a, s);
    if (!*out) {
        as_diags_add(d, as_ydoc_loc(y, n), "out of memory");
        return -1;
    }
    return 0;
}

int as_ydoc_to_bool(as_ydoc *y, yaml_node_t *n, const char *what, bool *out, as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "yes")) {
            *out = true;
            return 0;
        }
        if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "no")) {
            *out = false;
            return 0;
        }
    }
    if (s)
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be true or false, got '%s'", what, s);
    else
        as_diags_add_word(d, as_ydoc_loc(y, n), "'%s' must be true or false, got %s", what,
                          type_name(n));
    return -1;
}

static yaml_node_t *get_field(as_ydoc *y, yaml_node_t *map, const char *key, const char *what,
                              bool required, int *rc, as_diags *d)
{
    yaml_node_t *n = as_ydoc_get(y, map, key);
    if (n) {
        *rc = 0;
        return n;
    }
    if (required) {
        as_diags_add(d, as_ydoc_loc(y, map), "missing field '%s' in %s", key, what);
        *rc = -1;
    } else {
        *rc = 1;
    }
    return NULL;
}

int as_ydoc_get_num(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                    double *out, as_diags *d)
{
    int rc;
    yaml_node_t *n = get_field(y, map, key, what, required, &rc, d);
    return n ? as_ydoc_to_num(y, n, key, out, d) : rc;
}

int as_ydoc_get_int(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                    long *out, as_diags *d)
{
    int rc;
    yaml_node_t *n = get_field(y, map, key, what, required, &rc, d);
    return n ? as_ydoc_to_int(y, n, key, out, d) : rc;
}

int as_ydoc_get_str(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                    as_arena *a, const char **out, as_diags *d)
{
    int rc;
    yaml_node_t *n = get_field(y, map, key, what, required, &rc, d);
    return n ? as_ydoc_to_str(y, n, key, a, out, d) : rc;
}

int as_ydoc_get_bool(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                     bool *out, as_diags *d)
{
    int rc;
    yaml_node_t *n = get_field(y, map, key, what, required, &rc, d);
    return n ? as_ydoc_to_bool(y, n, key, out, d) : rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Not hidden, and a non-empty name before one of the suffixes exts, in any
 * case ("640000.XLSX", as some Windows tools save it). */
static bool listed_name(const char *s, const char *const *exts)
{
    size_t n = strlen(s);
    for (const char *const *x = exts; s[0] != '.' && *x; x++) {
        size_t k = strlen(*x);
        if (n > k && !strcasecmp(s + n - k, *x))
            return true;
    }
    return false;
}

int as_ydoc_list(const char *dir, size_t max, char ***names, size_t *n)
{
    static const char *const yaml[] = {".yaml", NULL};
    return as_ydoc_list_ext(dir, yaml, max, names, n);
}

int as_ydoc_list_ext(const char *dir, const char *const *exts, size_t max, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *dh = opendir(dir);
    if (!dh)
        return -1;
    char **v = NULL;
    size_t cap = 0;
    int err = 0;
    for (struct dirent *e; !err && (e = readdir(dh));) {
        if (!listed_name(e->d_name, exts))
            continue;
        if (*n == max) {
            err = E2BIG;
            break;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                err = ENOMEM;
                break;
            }
            v = nv;
        }
        size_t len = strlen(e->d_name) + 1;
        if (!(v[*n] = malloc(len)))
            err = ENOMEM;
        else
            memcpy(v[(*n)++], e->d_name, len);
    }
    closedir(dh);
    if (err) {
        as_ydoc_names_free(v, *n);
        *n = 0;
        errno = err;
        return -1;
    }
    if (*n)
        qsort(v, *n, sizeof *v, by_name);
    *names = v;
    return 0;
}

void as_ydoc_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}
