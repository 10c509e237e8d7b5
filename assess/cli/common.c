/* common: shared CLI helpers.  Only the CLI prints; this is where it does. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli/common.h"

#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The installed share folder, from the binary's own location, or "". */
static const char *share_dir(void)
{
    static char dir[4096];
    static bool done;
    if (done)
        return dir;
    done = true;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return dir;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return dir;
    *slash = '\0';
    char raw[8200];
    int w = snprintf(raw, sizeof raw, "%s/%s", exe, ASSESS_BIN_TO_SHARE);
    char *real = w > 0 && (size_t)w < sizeof raw ? realpath(raw, NULL) : NULL;
    if (real && strlen(real) < sizeof dir)
        memcpy(dir, real, strlen(real) + 1);
    free(real);
    return dir;
}

/* Strings handed out by as_cli_path, kept until exit. */
static char **kept;
static size_t nkept;

static const char *keep(const char *s)
{
    char **k = realloc(kept, (nkept + 1) * sizeof *k);
    if (!k)
        return NULL;
    kept = k;
    size_t n = strlen(s) + 1;
    if (!(kept[nkept] = malloc(n)))
        return NULL;
    memcpy(kept[nkept], s, n);
    return kept[nkept++];
}

static const char *under(const char *root, const char *path)
{
    char buf[4096];
    if (!root[0])
        return NULL;
    int w = snprintf(buf, sizeof buf, "%s/%s", root, path);
    if (w < 0 || (size_t)w >= sizeof buf || access(buf, F_OK) != 0)
        return NULL;
    return keep(buf);
}

const char *as_cli_path(const char *path)
{
    if (path[0] == '/' || access(path, F_OK) == 0)
        return path;
    const char *p = under(share_dir(), path);
    if (!p)
        p = under(ASSESS_DEFAULT_ROOT, path);
    return p ? p : path;
}

const char *as_cli_default(const char *cmd, const char *rel, const char *option)
{
    const char *p = as_cli_path(rel);
    if (access(p, F_OK) == 0)
        return p;
    as_cli_error(cmd,
                 "cannot find the bundled '%s': looked in the current folder, in '%s' and in "
                 "'%s'; install assess (cmake --install) or give %s",
                 rel, share_dir()[0] ? share_dir() : "(unknown)", ASSESS_DEFAULT_ROOT, option);
    return NULL;
}

void as_cli_print_diags(const as_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        char *s = as_diag_format(&d->items[i]);
        fprintf(stderr, "%s\n", s ? s : "assess: error: out of memory");
        free(s);
    }
    if (d->dropped)
        fprintf(stderr, "assess: error: %zu more errors not shown\n", d->dropped);
}

void as_cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "assess %s: error: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int as_cli_parse_int(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s)
        return -1;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno == ERANGE || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

const char *as_cli_judged(const as_check_def *cd, const as_indicator *ind, double x, char *buf,
                          size_t n)
{
    bool pct = ind->display == AS_DISPLAY_PERCENT;
    if (as_eval_compared_text(cd, x, pct ? 2 : 0, buf, n) != 0)
        snprintf(buf, n, "?");
    else if (pct && strlen(buf) + 3 < n)
        strcat(buf, " %");
    return buf;
}
