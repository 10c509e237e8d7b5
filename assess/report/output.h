/* output: writing one run's output files so that no reader ever sees a
 * half-written file under a final name, and a folder tells a complete set
 * from one a killed or failed run left behind.  Each file is written to a
 * temporary name beside it; at the end one sync covers every file, the old
 * manifest of every folder is removed, the files are renamed into place and
 * new manifests (AS_OUTPUT_MANIFEST, in the format `sha256sum -c` reads) are
 * written last, the top folder's after those of the folders inside it.
 * Temporary files that an earlier, killed run left behind are removed the
 * first time a folder is used, and no two runs write one folder at once.  It
 * knows nothing of what the files hold, and it never prints.
 *
 * Ownership: an as_output owns its temporary files until as_output_commit
 * puts them in place or as_output_free removes them; paths it hands out live
 * as long as the as_output. */
#ifndef AS_OUTPUT_H
#define AS_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"

/* The manifest of an output folder: "<sha256>  <name>" for every file the
 * last complete run wrote there.  Check a folder with
 * `cd FOLDER && sha256sum -c assess.sha256`. */
#define AS_OUTPUT_MANIFEST "assess.sha256"

typedef struct as_output as_output;

/* Called by as_output_commit for each file put in place, the manifests too
 * (each after the files it lists), with its final path (borrowed for the
 * call). */
typedef void (*as_output_placed_fn)(void *ctx, const char *path);

/* A new, empty set of outputs, or NULL when out of memory. */
as_output *as_output_new(void);

/* Whether as_output_commit writes (and first removes) each folder's
 * manifest: on by default, for a run's set of outputs; off for a single file
 * written on its own (a template), which is no set. */
void as_output_set_manifest(as_output *o, bool on);

/* Remove the temporary files of outputs not put in place, then free the set.
 * NULL is ok. */
void as_output_free(as_output *o);

/* Start the output at path, in a folder that exists (as_output_mkdirs makes
 * one).  Sets *write_path to where the caller writes:
 *   - a new, empty temporary file ".<name>.assess-<pid>.tmp" beside path,
 *     when path is a regular file or does not exist;
 *   - path itself when it is anything else (a device such as /dev/null, a
 *     FIFO, a terminal, a symbolic link such as /dev/stdout): such a path is
 *     written directly, never renamed over, and not in the manifest.
 * The first output in a folder takes the folder's run lock (an flock on
 * ".assess.lock"), removes what killed runs left there and takes this run's
 * lock file, ".assess-<pid>.lock"; as_output_free removes both: no
 * descriptor stays open per output, so a set may hold any number of files.
 * When another run holds the run lock, the folder is not touched, that is
 * reported once (located at the folder) and nothing of the whole set is put
 * in place at commit.  Returns the output's number (>= 0), or -1 after adding
 * a diagnostic located at path that names the operating system's reason. */
int as_output_begin(as_output *o, const char *path, const char **write_path, as_diags *d);

/* Output i is completely written (ok) or has failed: its temporary file is
 * removed now and its folder gets no new manifest. */
void as_output_end(as_output *o, int i, bool ok);

/* Put every completed output in place: one sync of the whole file system
 * holding each folder; then the old manifest of every folder that gets a file
 * is removed (shallowest first) before any file is renamed; then in each
 * folder every temporary file is renamed over its final name and the folder
 * synced; last, the new manifests, deepest folder first, each only when every
 * output begun in its folder was completed and placed.  A run killed at any
 * moment so leaves no old manifest beside a file it replaced, and the top
 * folder without one.  Nothing is put in place when a folder was another
 * run's (as_output_begin).  placed (may be NULL) is called for each file in
 * place.  Returns 0, or -1 after adding one diagnostic per problem (the path
 * and the operating system's reason). */
int as_output_commit(as_output *o, as_output_placed_fn placed, void *ctx, as_diags *d);

/* Create dir and its parents (like mkdir -p).  Returns 0, or -1 with errno
 * set (ENOTDIR when something other than a folder is in the way). */
int as_output_mkdirs(const char *dir);

/* --- one file of a set ----------------------------------------------------
 * The one way a file joins a set: as_output_begin, the caller's writing,
 * as_output_end, and every problem reported with its reason.  With a NULL
 * set the file is written on its own: a set of one without a manifest, put
 * in place at once. */

/* A file written as a stream, kept open across calls (a document written
 * year by year): path "-" is standard output, written directly. */
typedef struct {
    FILE *f;          /* where to write; NULL when it could not be opened */
    const char *path; /* as given */
    as_output *own;   /* the set of one a file written on its own joins, or NULL */
    int i;            /* its output in its set, -1 for standard output */
    bool said;        /* a problem was reported already */
} as_output_stream;

/* Open path for writing as an output of o (see above for NULL and "-").
 * Returns 0, or -1 after reporting why in d (s->f is then NULL). */
int as_output_open(as_output *o, const char *path, as_output_stream *s, as_diags *d);

/* Close s: complete (ok) when everything was written, flushed and closed
 * without an error, else reported in d ("cannot write file: <reason>" at
 * the path, "cannot write: <reason>" at "standard output") unless it was
 * already; a set of one is then put in place.  Returns 0 or -1. */
int as_output_close(as_output *o, as_output_stream *s, bool ok, as_diags *d);

/* Write the file at path at once: fn(ctx, f) writes its whole content to
 * the stream f and returns 0, or -1 with errno set. */
typedef int (*as_output_write_fn)(void *ctx, FILE *f);
int as_output_write(as_output *o, const char *path, as_output_write_fn fn, void *ctx, as_diags *d);

/* Write the file at path that another library writes by its name (a
 * workbook): fn(ctx, file, path, d) writes it at file (a temporary name, or
 * path itself for a device) and reports its own problems, located at path,
 * in d.  Returns 0 or -1. */
typedef int (*as_output_build_fn)(void *ctx, const char *file, const char *path, as_diags *d);
int as_output_build(as_output *o, const char *path, as_output_build_fn fn, void *ctx, as_diags *d);

#endif
