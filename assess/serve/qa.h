/* qa: the automatic QA of an uploaded file: the self-check `assess check`
 * runs, against the portal's data set, with the envelope's province, year
 * and stage required of the file.  Its result is kept three ways, all made
 * at upload and never again: the JSON of `assess check --json` (the API's
 * answer), and an HTML fragment in Chinese and one in English (the
 * envelope's page), every diagnostic located at its cell or line of the file
 * as the client named it.  Errors block the release; warnings and notes do
 * not.
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
    as_buf json;                 /* the check --json document */
    as_buf html[2];              /* the fragment per as_page_lang */
} as_qa;

void as_qa_init(as_qa *q);
void as_qa_release(as_qa *q);

/* Check the stored file blob (a path in the store) as key's submission in
 * format ext ("xlsx" or "yaml"), shown as `name`.  0, or -1 when the QA
 * could not run at all (out of memory, the scratch folder unwritable);
 * problems with the file itself are its result, not a failure. */
int as_qa_run(as_portal *p, const as_env_key *key, const char *blob, const char *ext,
              const char *name, as_qa *out);

#endif
