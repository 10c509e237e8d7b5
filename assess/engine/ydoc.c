/* ydoc: loading YAML with libyaml's document API and located, typed access.
 * Knows nothing about rules or submissions. */
#include "engine/ydoc.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static as_loc mark_loc(const char *file, yaml_mark_t m)
{
    return as_loc_make(file, (int)m.line + 1, (int)m.column + 1);
}

static int parse_into(as_ydoc *y, yaml_parser_t *p, as_diags *d)
{
    if (!yaml_parser_load(p, &y->doc)) {
        const char *problem = p->problem ? p->problem : "malformed YAML";
        if (p->context)
            as_diags_add(d, mark_loc(y->file, p->problem_mark), "%s (%s at line %zu, column %zu)",
                         problem, p->context, p->context_mark.line + 1, p->context_mark.column + 1);
        else
            as_diags_add(d, mark_loc(y->file, p->problem_mark), "%s", problem);
        return -1;
    }
    y->loaded = true;
    if (!yaml_document_get_root_node(&y->doc)) {
        as_diags_add(d, as_loc_make(y->file, 0, 0), "file is empty");
        as_ydoc_release(y);
        return -1;
    }
    return 0;
}

int as_ydoc_load_string(as_ydoc *y, const char *name, const char *text, size_t len, as_arena *a,
                        as_diags *d)
{
    memset(y, 0, sizeof *y);
    y->file = as_arena_strdup(a, name);
    yaml_parser_t p;
    if (!y->file || !yaml_parser_initialize(&p)) {
        as_diags_add(d, as_loc_make(name, 0, 0), "out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int rc = parse_into(y, &p, d);
    yaml_parser_delete(&p);
    return rc;
}

int as_ydoc_load(as_ydoc *y, const char *path, as_arena *a, as_diags *d)
{
    memset(y, 0, sizeof *y);
    FILE *f = fopen(path, "rb");
    if (!f) {
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot open file: %s", strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len == cap) {
            if (cap >= AS_YDOC_MAX_BYTES) {
                as_diags_add(d, as_loc_make(path, 0, 0), "file is larger than %u bytes",
                             AS_YDOC_MAX_BYTES);
                rc = -1;
                break;
            }
            cap = cap ? cap * 2 : 8192;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                as_diags_add(d, as_loc_make(path, 0, 0), "out of memory");
                rc = -1;
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                as_diags_add(d, as_loc_make(path, 0, 0), "cannot read file: %s", strerror(errno));
                rc = -1;
            }
            break;
        }
    }
    fclose(f);
    if (rc == 0)
        rc = as_ydoc_load_string(y, path, buf ? buf : "", len, a, d);
    free(buf);
    return rc;
}

void as_ydoc_release(as_ydoc *y)
{
    if (y && y->loaded) {
        yaml_document_delete(&y->doc);
        y->loaded = false;
    }
}

yaml_node_t *as_ydoc_root(as_ydoc *y)
{
    return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

yaml_node_t *as_ydoc_node(as_ydoc *y, int index)
{
    return y->loaded ? yaml_document_get_node(&y->doc, index) : NULL;
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
        for (const char *const *a = allowed; a && *a; a++)
            ok = ok || !strcmp(*a, k);
        if (!ok) {
            as_diags_add(d, as_ydoc_loc(y, kn), "unknown field '%s' in %s", k, what);
            problems++;
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            const char *k2 = as_ydoc_scalar(as_ydoc_node(y, q->key));
            if (k2 && !strcmp(k, k2)) {
                as_diags_add(d, as_ydoc_loc(y, kn), "field '%s' given twice in %s", k, what);
                problems++;
                break;
            }
        }
    }
    return problems;
}

static const char *type_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a list";
    default:
        return "text";
    }
}

bool as_ydoc_expect_map(as_ydoc *y, yaml_node_t *n, const char *what, as_diags *d)
{
    if (n && n->type == YAML_MAPPING_NODE)
        return true;
    as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a mapping, got %s", what,
                 n ? type_name(n) : "nothing");
    return false;
}

bool as_ydoc_expect_seq(as_ydoc *y, yaml_node_t *n, const char *what, as_diags *d)
{
    if (n && n->type == YAML_SEQUENCE_NODE)
        return true;
    as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a list, got %s", what,
                 n ? type_name(n) : "nothing");
    return false;
}

int as_ydoc_to_num(as_ydoc *y, yaml_node_t *n, const char *what, double *out, as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (!s || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !*s) {
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a number, got %s", what,
                     s ? (*s ? "quoted text" : "nothing") : type_name(n));
        return -1;
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
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

int as_ydoc_to_int(as_ydoc *y, yaml_node_t *n, const char *what, long *out, as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (!s || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !*s) {
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be an integer, got %s", what,
                     s ? (*s ? "quoted text" : "nothing") : type_name(n));
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
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be text, got %s", what,
                     n ? type_name(n) : "nothing");
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
    as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be true or false, got '%s'", what,
                 s ? s : type_name(n));
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

static bool is_yaml_name(const char *s)
{
    size_t n = strlen(s);
    return s[0] != '.' && n > 5 && !strcmp(s + n - 5, ".yaml");
}

int as_ydoc_list(const char *dir, size_t max, char ***names, size_t *n)
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
        if (!is_yaml_name(e->d_name))
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
