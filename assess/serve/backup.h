/* backup: a consistent copy of a portal's state folder, taken while the
 * portal runs: the database through SQLite's online backup API (a snapshot
 * of one instant, whatever is being written), then the stored files and the
 * evaluations' outputs, which are only ever added, so every file the
 * snapshot names is there.  The copy is a state folder: a portal started on
 * it (with the data set) shows the same envelopes, history and files.
 *
 * Ownership: paths are borrowed for the call. */
#ifndef AS_SERVE_BACKUP_H
#define AS_SERVE_BACKUP_H

#include "base/diag.h"

/* Copy state folder `state` into the new folder `dest` (it must not exist,
 * or be empty).  Returns 0, or -1 with the problem in d (located at the
 * path concerned, with the system's or SQLite's reason). */
int as_backup_state(const char *state, const char *dest, as_diags *d);

#endif
