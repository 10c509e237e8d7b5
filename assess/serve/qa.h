/* qa: the automatic QA of an uploaded file, run once at upload and kept.
 * A province's figures (the reported stage) get the self-check `assess
 * check` runs (analysis/selfcheck.h) against the portal's data set: the
 * file's mistakes, the rules' plausibility checks, every check's value,
 * target, verdict and margin, and what it would take; the envelope's
 * province and year are required of the file.  Verified figures are read as
 * the data set reads them (stage verified, the envelope's province and
 * year), and the year's findings by loading the data set with them, as
 * `evaluate` would.  The result is kept three ways: JSON (the self-check's
 * is the document of `assess check --json`; the others give its errors,
 * warnings and notes), and an HTML fragment in Chinese and one in English,
 * every diagnostic located at its cell or line of the file as the client
 * named it, never at a path of the server.  Errors block the release;
 * warnings and notes do not.
 *
 * Ownership: an as_qa owns its buffers until as_qa_release. */
#ifndef AS_SERVE_QA_H
#define AS_SERVE_QA_H

#include "serve/buf.h"
#include "serve/envelope.h"
#include "serve/html.h"
#include "serve/portal.h"

typedef struct {
    int errors, warnings, notes; /* diagnostics of each severity */
    as_buf json;                 /* the JSON document */
    as_buf html[2];              /* the fragment per as_page_lang */
} as_qa;

void as_qa_init(as_qa *q);
void as_qa_release(as_qa *q);

/* Check the stored file blob (a path in the store) as key's delivery in
 * format ext ("xlsx" or "yaml"), shown as `name`.  0, or -1 when the QA
 * could not run at all (out of memory, the scratch folder unwritable);
 * problems with the file itself are its result, not a failure. */
int as_qa_run(as_portal *p, const as_env_key *key, const char *blob, const char *ext,
              const char *name, as_qa *out);

#endif
