/* answer: a request refused, answered as its route speaks: an error page
 * in the visitor's language (the frame and the message, never a path of
 * the server) or the API's {"error": MESSAGE, "status": N}.  The router's
 * refusals and the handlers' come here.
 *
 * Ownership: the response's body is replaced. */
#ifndef AS_SERVE_ANSWER_H
#define AS_SERVE_ANSWER_H

#include "serve/ctx.h"

/* Answer with an error: a page (the frame with the message) or the API's
 * {"error": ...}; the message is a msgid shown in x's language. */
void as_answer_fail(as_ctx *x, int status, const char *msgid);

/* The same with a formatted detail after the message (escaped). */
void as_answer_fail_detail(as_ctx *x, int status, const char *msgid, const char *detail);

#endif
