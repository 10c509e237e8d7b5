/* support: shared unit-test helpers (see support.h). */
#include "support.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *joined(const as_diags *d, bool errors_only)
{
    size_t cap = 1, n = 0;
    char *out = calloc(1, 1);
    cr_assert_not_null(out);
    for (size_t i = 0; i < d->n; i++) {
        if (errors_only && d->items[i].sev != AS_SEV_ERROR)
            continue;
        char *line = as_diag_format(&d->items[i]);
        cr_assert_not_null(line);
        cap += strlen(line) + 1;
        out = realloc(out, cap);
        cr_assert_not_null(out);
        n += (size_t)snprintf(out + n, cap - n, "%s\n", line);
        free(line);
    }
    return out;
}

char *joined_diags(const as_diags *d)
{
    return joined(d, false);
}

char *joined_errors(const as_diags *d)
{
    return joined(d, true);
}

char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    char *buf = calloc(1, 65536);
    cr_assert_not_null(buf);
    size_t n = fread(buf, 1, 65535, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

char *replaced(char *text, const char *from, const char *to)
{
    char *at = strstr(text, from);
    cr_assert_not_null(at, "'%s' is in the text", from);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1, head = (size_t)(at - text);
    char *out = malloc(n);
    cr_assert_not_null(out);
    snprintf(out, n, "%.*s%s%s", (int)head, text, to, at + strlen(from));
    free(text);
    return out;
}

void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

void make_folder(char *dir, size_t n, const char *name)
{
    snprintf(dir, n, "/tmp/%s.XXXXXX", name);
    cr_assert_not_null(mkdtemp(dir));
}

void remove_folder(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

char *golden_text(const char *path, const char *got)
{
    if (getenv("UPDATE_GOLDEN"))
        write_text(path, got);
    return read_text(path);
}

const char *diag_line(const as_diag *e)
{
    static char lines[4][8192];
    static size_t next;
    char *out = lines[next++ % 4];
    char *line = e ? as_diag_format(e) : NULL;
    snprintf(out, sizeof lines[0], "%s", line ? line : "");
    free(line);
    return out;
}

const char *error_line(const as_province_result *pr, size_t i)
{
    for (size_t k = 0; k < pr->ndiags; k++)
        if (pr->diags[k].sev == AS_SEV_ERROR && i-- == 0)
            return diag_line(&pr->diags[k]);
    return "";
}

double cpu_seconds(void)
{
    struct timespec t;
    cr_assert_eq(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t), 0);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
