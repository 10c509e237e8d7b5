/* qa_page: a QA result as an HTML fragment in one language, kept with the
 * upload and shown on the envelope's page: the counts and whether the
 * release is blocked, the diagnostics (kind, where in the file, what to
 * fix), and for a self-check what the file was judged against, the grade it
 * would get, and every indicator's checks with value, target, verdict,
 * margin and what it would take.  Everything through html.h; numbers as the
 * library writes them (the check's method, grouped thousands).
 *
 * Ownership: everything is borrowed; the fragment is appended to b. */
#ifndef AS_SERVE_QA_PAGE_H
#define AS_SERVE_QA_PAGE_H

#include "analysis/selfcheck.h"
#include "base/diag.h"
#include "serve/buf.h"
#include "serve/html.h"

/* What a fragment counts. */
typedef struct {
    const char *name;            /* the file as the client named it */
    int errors, warnings, notes; /* diagnostics of each severity */
} as_qa_summary;

/* A file whose QA is its diagnostics alone (verified figures, findings):
 * the lists of d (of n lists). */
void as_qa_page_diags(as_buf *b, as_page_lang lang, const as_qa_summary *s,
                      const as_diags *const *d, size_t n);

/* A self-check. */
void as_qa_page_check(as_buf *b, as_page_lang lang, const as_qa_summary *s,
                      const as_check_item *it);

#endif
