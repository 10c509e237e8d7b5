/* common: shared CLI helpers.  Only the CLI prints; this is where it does. */
#include "cli/common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *as_cli_default_path(const char *rel, int slot)
{
    static char buf[4][4096];
    if (slot < 0 || slot > 3)
        slot = 0;
    if (access(rel, F_OK) == 0)
        return rel;
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", ASSESS_DEFAULT_ROOT, rel);
    return access(buf[slot], F_OK) == 0 ? buf[slot] : rel;
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
