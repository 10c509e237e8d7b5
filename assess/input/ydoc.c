/* ydoc: the located document tree — nodes of libyaml's type in memory of
 * their own — built by the YAML reader (ydoc_yaml.c) or the workbook reader
 * (xlsxdoc.c), and its located, typed access: fields, numbers, figures a
 * person typed, text and booleans, each problem located at its node.
 * Knows nothing about rules or submissions. */
#include "input/ydoc.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/decimal.h"
#include "base/i18n.h"
#include "input/numtext.h"
#include "base/suggest.h"

static as_loc mark_loc(const char *file, yaml_mark_t m)
{
    return as_loc_make(file, (int)m.line + 1, (int)m.column + 1);
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
        yaml_node_t *grown =
            as_grow(y->nodes, &y->capnodes, y->nnodes + 1, sizeof *grown, 64, INT_MAX);
        if (!grown)
            return NULL;
        y->nodes = grown;
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
    free(y->props);
    as_arena_free(y->mem);
    y->nodes = NULL;
    y->props = NULL;
    y->mem = NULL;
    y->nnodes = y->capnodes = y->nprops = y->capprops = 0;
    y->loaded = false;
}

int as_ydoc_add_property(as_ydoc *y, const char *name, const char *value)
{
    const char *n = y->loaded ? as_arena_strdup(y->mem, name) : NULL;
    const char *v = n ? as_arena_strdup(y->mem, value) : NULL;
    const char **p =
        v ? as_grow(y->props, &y->capprops, 2 * (y->nprops + 1), sizeof *p, 8, 0) : NULL;
    if (!p)
        return -1;
    y->props = p;
    p[2 * y->nprops] = n;
    p[2 * y->nprops + 1] = v;
    y->nprops++;
    return 0;
}

const char *as_ydoc_property(const as_ydoc *y, const char *name)
{
    for (size_t i = 0; i < y->nprops; i++)
        if (!strcmp(y->props[2 * i], name))
            return y->props[2 * i + 1];
    return NULL;
}

/* The tag that marks a scalar a date (no YAML document's tag: the YAML
 * reader keeps none). */
static const char date_tag[] = "tag:assess:workbook-date";

void as_ydoc_mark_date(yaml_node_t *n)
{
    if (n && n->type == YAML_SCALAR_NODE)
        n->tag = (yaml_char_t *)(uintptr_t)date_tag;
}

bool as_ydoc_is_date(const yaml_node_t *n)
{
    return n && n->tag == (const yaml_char_t *)date_tag;
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

int as_ydoc_to_amount(as_ydoc *y, yaml_node_t *n, const char *what, const char *unit,
                      const char *unit_zh, double *out, as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (!s) {
        if (n && n->type == YAML_MAPPING_NODE)
            as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a number in %s%.0s, got a mapping",
                         what, unit, unit_zh);
        else
            as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a number in %s%.0s, got a list", what,
                         unit, unit_zh);
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
        as_diags_add(d, loc, "'%s' must be a number in %s%.0s, got nothing", what, unit, unit_zh);
        break;
    case AS_NUMTEXT_PERCENT:
        as_diags_add(d, loc,
                     "'%s' is written as a percentage ('%s'): give the amount in %s%.0s, not a "
                     "share or a rate",
                     what, s, unit, unit_zh);
        break;
    case AS_NUMTEXT_UNIT:
        as_diags_add(d, loc,
                     "'%s' has text after the number ('%s'): give the number alone, in %s%.0s",
                     what, s, unit, unit_zh);
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
        as_diags_add(d, loc, "'%s' must be a number in %s%.0s, got '%s'", what, unit, unit_zh, s);
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

int as_ydoc_get_choice(as_ydoc *y, yaml_node_t *map, const char *key, const char *what,
                       const char *const *names, size_t n, bool required, as_arena *a, int *out,
                       as_diags *d)
{
    const char *s = NULL;
    int rc = as_ydoc_get_str(y, map, key, what, required, a, &s, d);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, names[i])) {
            *out = (int)i;
            return 0;
        }
    char list[256] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof list; i++) {
        int w = snprintf(list + len, sizeof list - len, "%s'%s'",
                         i == 0       ? ""
                         : i + 1 == n ? " or "
                                      : ", ",
                         names[i]);
        len += w > 0 ? (size_t)w : 0;
    }
    as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, map, key)), "unknown %s '%s': use %s", key, s,
                 list);
    return -1;
}
