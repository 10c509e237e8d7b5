/* written: what a run put in place, folder by folder, for the line that
 * names it. */
#include "cli/written.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "cli/common.h"
#include "report/output.h"

void as_written_init(as_written *w)
{
    memset(w, 0, sizeof *w);
}

void as_written_release(as_written *w)
{
    for (size_t i = 0; i < w->nfolders; i++) {
        for (size_t k = 0; k < w->folders[i].nnames; k++)
            free(w->folders[i].names[k]);
        free(w->folders[i].names);
        free(w->folders[i].province);
        free(w->folders[i].dir);
    }
    free(w->folders);
    for (size_t i = 0; i < w->nprovincial; i++)
        free(w->provincial[i]);
    free(w->provincial);
    memset(w, 0, sizeof *w);
}

/* s appended to the list (*items, *n, *cap) as a copy; nothing when out of
 * memory (the line then leaves it out). */
static void append(char ***items, size_t *n, size_t *cap, const char *s)
{
    char **p = as_grow(*items, cap, *n + 1, sizeof *p, 16, 0);
    char *copy = p ? strdup(s) : NULL;
    if (p)
        *items = p;
    if (copy)
        (*items)[(*n)++] = copy;
}

void as_written_province(as_written *w, const char *path)
{
    append(&w->provincial, &w->nprovincial, &w->capprovincial, path);
    w->sorted = false;
}

static char *dir_part(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, slash ? path : ".", n);
        d[n] = '\0';
    }
    return d;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static as_written_folder *folder_of(as_written *w, const char *path)
{
    char *dir = dir_part(path);
    if (!dir)
        return NULL;
    for (size_t i = 0; i < w->nfolders; i++)
        if (!strcmp(w->folders[i].dir, dir)) {
            free(dir);
            return &w->folders[i];
        }
    as_written_folder *n = as_grow(w->folders, &w->capfolders, w->nfolders + 1, sizeof *n, 4, 0);
    if (!n) {
        free(dir);
        return NULL;
    }
    w->folders = n;
    n = &w->folders[w->nfolders++];
    memset(n, 0, sizeof *n);
    n->dir = dir;
    return n;
}

void as_written_placed(void *ctx, const char *path)
{
    as_written *w = ctx;
    as_written_folder *f = folder_of(w, path);
    const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
    if (!f)
        return;
    if (!strcmp(name, AS_OUTPUT_MANIFEST)) {
        f->manifest = true;
        return;
    }
    if (!w->sorted && w->nprovincial)
        qsort(w->provincial, w->nprovincial, sizeof *w->provincial, cmp_str);
    w->sorted = true;
    const char *key = path;
    if (w->nprovincial &&
        bsearch(&key, w->provincial, w->nprovincial, sizeof *w->provincial, cmp_str)) {
        if (!f->provinces++) {
            f->province = strdup(name);
            f->first = f->nnames;
        }
        return;
    }
    append(&f->names, &f->nnames, &f->capnames, name);
}

static int cmp_folder(const void *a, const void *b)
{
    return strcmp(((const as_written_folder *)a)->dir, ((const as_written_folder *)b)->dir);
}

/* One folder's line in one language. */
static void print_folder(const as_written_folder *f, bool zh)
{
    const char *sep = "";
    fprintf(stderr, as_cli_tr(zh, "wrote %s: "), f->dir);
    for (size_t k = 0; k <= f->nnames; k++) {
        if (f->provinces && k == f->first) {
            if (f->provinces == 1)
                fprintf(stderr, "%s%s", sep, f->province ? f->province : "");
            else
                fprintf(stderr, as_cli_tr(zh, "%s%zu province workbooks"), sep, f->provinces);
            sep = zh ? "、" : ", ";
        }
        if (k < f->nnames) {
            fprintf(stderr, "%s%s", sep, f->names[k]);
            sep = zh ? "、" : ", ";
        }
    }
    if (f->manifest)
        fprintf(stderr, as_cli_tr(zh, "; listed with their SHA-256 in %s/%s"), f->dir,
                AS_OUTPUT_MANIFEST);
    fputc('\n', stderr);
}

void as_written_print(as_written *w)
{
    if (w->nfolders)
        qsort(w->folders, w->nfolders, sizeof *w->folders, cmp_folder);
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t i = 0; i < w->nfolders; i++)
        for (size_t l = 0; l < nl; l++)
            print_folder(&w->folders[i], zh[l]);
}
