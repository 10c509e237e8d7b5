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
 * Ownership: the context borrows the portal, request and response, and
 * holds a database connection from as_route_begin to as_route_end. */
#ifndef AS_SERVE_ROUTER_H
#define AS_SERVE_ROUTER_H

#include <sqlite3.h>
#include <stdbool.h>

#include "serve/access.h"
#include "serve/envelope.h"
#include "serve/history.h"
#include "serve/html.h"
#include "serve/http.h"
#include "serve/portal.h"
#include "serve/session.h"

typedef struct as_route as_route;

/* A request on its way through the portal. */
typedef struct {
    as_portal *portal;
    as_http_req *req;
    as_http_resp *resp;
    const as_route *route; /* the route found, or NULL */
    sqlite3 *c;            /* the request's database connection */
    as_session session;    /* the session, when has_session */
    bool has_session;
    as_principal who;  /* the account (role AS_ROLE_NONE without a session) */
    as_page_lang lang; /* the language of pages and messages */
    bool api;          /* the route answers JSON */
    /* The path's parameters, when the pattern has them: */
    int year;                    /* {year} */
    char code[8];                /* {code}: a province of the rules */
    const as_province *province; /* its entry in the rules */
    as_stage stage;              /* {stage} */
    long n;                      /* {n}: a version or release number */
    char name[128];              /* {name}: a file name */
    bool published;              /* the year's results are published */
    bool done;                   /* a response was decided (a refusal, or the handler's) */
} as_ctx;

/* A handler: fills x->resp.  Runs only after every check passed. */
typedef void (*as_handler)(as_ctx *x);

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

/* The body was read: check the form's CSRF token and the body's caps, then
 * run the handler (unless x->done). */
void as_route_finish(as_ctx *x);

/* Give the database connection back.  Always called, once. */
void as_route_end(as_ctx *x);

/* Answer with an error: a page (the frame with the message) or the API's
 * {"error": ...}; the message is a msgid shown in x's language. */
void as_route_fail(as_ctx *x, int status, const char *msgid);

/* The same with a formatted detail after the message (escaped). */
void as_route_fail_detail(as_ctx *x, int status, const char *msgid, const char *detail);

/* The envelope x's path names (its year, code and stage). */
as_env_key as_ctx_key(const as_ctx *x);

/* Who x is, for the history: its account and address. */
as_history_about as_ctx_who(const as_ctx *x);

#endif
