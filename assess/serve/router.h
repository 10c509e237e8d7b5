/* router: from a request to a handler, through the one access decision.
 * A route is a method, a path pattern ("/envelopes/{year}/{code}/{stage}"),
 * the action it performs (access.h), how its body is read and whether it
 * answers JSON (the API) or pages.  For every request the router, in this
 * order: finds the route (404, or 405 for a known path with another
 * method); checks the path's parameters (a year of the rules, a province
 * of the rules, a stage); finds the session; asks as_access_decide (401,
 * 403 or 404); and for a request that changes state (any method but GET)
 * checks the session's CSRF token (403).  Only then is the body read, and
 * only then does the handler run.  A handler cannot be reached another way.
 *
 * The router is split in two around the body: as_route_begin before it
 * (so a refused upload is refused before it is read) and as_route_finish
 * after it.  Neither knows the HTTP library.
 *
 * Ownership: the context (ctx.h) borrows the portal, request and response,
 * and holds a database connection from as_route_begin to as_route_end. */
#ifndef AS_SERVE_ROUTER_H
#define AS_SERVE_ROUTER_H

#include <stdbool.h>
#include <stdint.h>

#include "serve/ctx.h"

/* Start a request: find its route, session and access.  Returns the body
 * kind to read, or AS_BODY_NONE with x->done set when the request is
 * answered already (a refusal).  Takes a database connection. */
as_body_kind as_route_begin(as_ctx *x, as_portal *p, as_http_req *req, as_http_resp *resp);

/* The most bytes the body of x's route may have (0 when it takes none). */
uint64_t as_route_body_cap(const as_ctx *x);

/* Whether the form's "csrf" field so far is the session's token (or the
 * route needs none): a file in a form is refused before it is read when
 * the token did not come first. */
bool as_route_form_csrf_ok(const as_ctx *x);

/* One piece of a form's body, as libmicrohttpd's form parser gives them:
 * a field's value or a chunk of a file (filename not NULL), off bytes into
 * its part.  Fields go to x->req->form (a long value in several pieces
 * joined); the first file named "file" into the request's temporary file,
 * unless the form's CSRF token did not come before it (then it is not read
 * and the form is refused); any other file is not read, and a second
 * "file" makes the form malformed.  false: stop reading (the fields passed
 * their cap, or memory ran out). */
bool as_route_form_piece(as_ctx *x, const char *key, const char *filename, const char *data,
                         uint64_t off, size_t size);

/* The body was read: check the form's CSRF token and the body's caps, then
 * run the handler (unless x->done). */
void as_route_finish(as_ctx *x);

/* Give the database connection back.  Always called, once. */
void as_route_end(as_ctx *x);

#endif
