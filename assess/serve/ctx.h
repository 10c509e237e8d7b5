/* ctx: a request on its way through the portal, as the router (router.h)
 * fills it and every handler reads it: the portal, the request and its
 * response, the database connection, the session and account, the page's
 * language, and the path's parameters.  It decides nothing.
 *
 * Ownership: a context borrows the portal, request and response; its
 * database connection is the router's (as_route_begin .. as_route_end). */
#ifndef AS_SERVE_CTX_H
#define AS_SERVE_CTX_H

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
typedef struct as_ctx {
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

/* The envelope x's path names (its year, code and stage). */
as_env_key as_ctx_key(const as_ctx *x);

/* Who x is, for the history: its account and address. */
as_history_about as_ctx_who(const as_ctx *x);

#endif
