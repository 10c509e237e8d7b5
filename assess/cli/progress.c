/* progress: one line on stderr, redrawn in place with a carriage return:
 *   [##########----------]  1200/3000 units  40%  12 s elapsed, about 18 s left */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "cli/progress.h"

#include "cli/common.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define BAR 24       /* characters of the bar */
#define LINE 79      /* characters the line may take, blanked when erased */
#define INTERVAL 0.1 /* seconds between drawings */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void as_progress_init(as_progress *p, size_t total, const char *units, bool want)
{
    p->on = want && total > 0 && isatty(STDERR_FILENO);
    p->shown = false;
    p->total = total;
    p->done = 0;
    p->start = p->last = now();
    p->units = units;
}

/* "12 s", "3 min 05 s" (Chinese when zh) */
static void duration(bool zh, double s, char *buf, size_t n)
{
    long t = (long)(s + 0.5);
    if (t < 60)
        snprintf(buf, n, as_cli_tr(zh, "%ld s"), t);
    else
        snprintf(buf, n, as_cli_tr(zh, "%ld min %02ld s"), t / 60, t % 60);
}

static void draw(as_progress *p, double t)
{
    /* one line, so one language: Chinese only when the terminal's is Chinese alone */
    bool zh = as_cli_language() == AS_LANG_ZH;
    char bar[BAR + 1], elapsed[32], left[64] = "";
    size_t fill = p->total ? p->done * BAR / p->total : 0;
    for (size_t i = 0; i < BAR; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[BAR] = '\0';
    duration(zh, t - p->start, elapsed, sizeof elapsed);
    if (p->done && p->done < p->total) {
        char est[32];
        duration(zh, (t - p->start) / (double)p->done * (double)(p->total - p->done), est,
                 sizeof est);
        snprintf(left, sizeof left, as_cli_tr(zh, ", about %s left"), est);
    }
    fputc('\r', stderr);
    fprintf(stderr, as_cli_tr(zh, "[%s] %zu/%zu %s  %3zu%%  %s elapsed%s"), bar, p->done, p->total,
            as_cli_tr(zh, p->units), p->total ? p->done * 100 / p->total : 100, elapsed, left);
    fflush(stderr);
    p->shown = true;
    p->last = t;
}

void as_progress_add(as_progress *p, size_t n)
{
    p->done += n;
    if (p->done > p->total)
        p->done = p->total;
    if (!p->on)
        return;
    double t = now();
    if (t - p->last >= INTERVAL || p->done == p->total || !p->shown)
        draw(p, t);
}

void as_progress_clear(as_progress *p)
{
    if (!p->shown)
        return;
    fprintf(stderr, "\r%*s\r", LINE, "");
    fflush(stderr);
    p->shown = false;
}
