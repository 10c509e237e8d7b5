/* progress: a progress bar on stderr for long runs — units done of the
 * total, elapsed time and an estimate of what is left — drawn only when
 * stderr is a terminal and not asked to be quiet, at most ten times a
 * second, and erased before anything else is printed.  It knows nothing of
 * what a unit is. */
#ifndef AS_CLI_PROGRESS_H
#define AS_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool on;           /* drawing at all: stderr is a terminal, not --quiet, total > 0 */
    bool shown;        /* a bar is on the screen now */
    size_t total;      /* units the run has */
    size_t done;       /* units finished */
    double start;      /* when the run started, seconds (monotonic clock) */
    double last;       /* when the bar was last drawn */
    const char *units; /* what a unit is called, plural (a msgid, N_("provinces")) */
} as_progress;

/* Start counting total units; draw only when want is true and stderr is a
 * terminal. */
void as_progress_init(as_progress *p, size_t total, const char *units, bool want);

/* n more units are done; redraw if the last drawing is old enough. */
void as_progress_add(as_progress *p, size_t n);

/* Erase the bar, if it is shown, so other text can be printed; the next
 * as_progress_add draws it again. */
void as_progress_clear(as_progress *p);

#endif
