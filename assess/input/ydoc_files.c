/* ydoc_files: the YAML (and workbook) files of a folder, in byte order of
 * their names, hidden files skipped, so every folder is read in the same
 * order everywhere. */
#include "input/ydoc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/grow.h"

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
        char **nv = as_grow(v, &cap, *n + 1, sizeof *nv, 16, 0);
        if (!nv) {
            err = ENOMEM;
            break;
        }
        v = nv;
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
