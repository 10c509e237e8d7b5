/* bundle: the share folder and the catalogues' folder from the binary's
 * place (/proc/self/exe), and strings kept until exit. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "base/bundle.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/grow.h"

/* The folder of the binary, resolved, into dir (size n); false when unknown. */
static bool exe_dir(char *dir, size_t n)
{
    ssize_t len = readlink("/proc/self/exe", dir, n - 1);
    if (len <= 0)
        return false;
    dir[len] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return true;
}

/* The installed share folder, from the binary's own location, or "". */
static const char *share_dir(void)
{
    static char dir[4096];
    static bool done;
    if (done)
        return dir;
    done = true;
    char exe[4096], raw[8200];
    if (!exe_dir(exe, sizeof exe))
        return dir;
    int w = snprintf(raw, sizeof raw, "%s/%s", exe, ASSESS_BIN_TO_SHARE);
    char *real = w > 0 && (size_t)w < sizeof raw ? realpath(raw, NULL) : NULL;
    if (real && strlen(real) < sizeof dir)
        memcpy(dir, real, strlen(real) + 1);
    free(real);
    return dir;
}

/* Strings handed out, kept until exit. */
static char **kept;
static size_t nkept, capkept;

const char *as_bundle_keep(const char *s)
{
    char **k = as_grow(kept, &capkept, nkept + 1, sizeof *k, 16, 0);
    if (!k)
        return NULL;
    kept = k;
    if (!(kept[nkept] = strdup(s)))
        return NULL;
    return kept[nkept++];
}

const char *as_bundle_plan(const char *plan)
{
    size_t n = strlen(plan);
    if (n > 5 && !strcmp(plan + n - 5, ".yaml"))
        return as_bundle_path(plan);
    char rel[512];
    snprintf(rel, sizeof rel, "%s/%s.yaml", AS_BUNDLE_PLANS, plan);
    return as_bundle_path(as_bundle_keep(rel));
}

static const char *under(const char *root, const char *path)
{
    char buf[4096];
    if (!root[0])
        return NULL;
    int w = snprintf(buf, sizeof buf, "%s/%s", root, path);
    if (w < 0 || (size_t)w >= sizeof buf || access(buf, F_OK) != 0)
        return NULL;
    return as_bundle_keep(buf);
}

const char *as_bundle_path(const char *path)
{
    if (path[0] == '/' || access(path, F_OK) == 0)
        return path;
    const char *p = under(share_dir(), path);
    if (!p)
        p = under(ASSESS_DEFAULT_ROOT, path);
    return p ? p : path;
}

const char *as_bundle_find(const char *rel, const char *option, as_diags *d)
{
    const char *p = as_bundle_path(rel);
    if (access(p, F_OK) == 0)
        return p;
    as_diags_add(d, as_loc_make(NULL, 0, 0),
                 "cannot find the bundled '%s': looked in the current folder, in '%s' and in "
                 "'%s'; install assess (cmake --install) or give %s",
                 rel, share_dir()[0] ? share_dir() : "(unknown)", ASSESS_DEFAULT_ROOT, option);
    return NULL;
}

const char *as_bundle_locale_dir(void)
{
    static char dir[8300];
    char exe[4096];
    if (!exe_dir(exe, sizeof exe))
        return ASSESS_BUILD_LOCALEDIR;
    char *here = realpath(exe, NULL), *build = realpath(ASSESS_BUILD_DIR, NULL);
    bool in_build = here && build && !strcmp(here, build);
    free(here);
    free(build);
    if (in_build)
        return ASSESS_BUILD_LOCALEDIR;
    snprintf(dir, sizeof dir, "%s/%s", exe, ASSESS_BIN_TO_LOCALE);
    return dir;
}
