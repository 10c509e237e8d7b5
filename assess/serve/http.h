/* http: a request and a response as the portal's handlers see them, without
 * the HTTP library: server.c fills a request from libmicrohttpd and sends
 * the response back; tests and fuzzers can fill one by hand.  A request
 * carries only what the portal reads: method, path, query, the few headers
 * and cookies it uses, the client's address, and the body parsed as its
 * route declared (form fields and an uploaded file, a raw file, or a small
 * JSON text).
 *
 * Ownership: the request's strings belong to whoever filled it, for the
 * request's life; an uploaded file's temporary copy belongs to the request
 * and is removed by as_http_req_release unless a handler kept it.  The
 * response owns its body buffer. */
#ifndef AS_SERVE_HTTP_H
#define AS_SERVE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "serve/buf.h"
#include "serve/store.h"

/* Caps on what a request may bring besides an uploaded file. */
enum {
    AS_HTTP_MAX_FIELDS = 32,      /* query arguments, and form fields */
    AS_HTTP_MAX_TEXT = 64 * 1024, /* bytes of form fields, or of a JSON body */
    AS_HTTP_MAX_COOKIES = 3       /* cookies a response sets */
};

/* How a route's body is read. */
typedef enum {
    AS_BODY_NONE = 0, /* no body is read (one sent is refused) */
    AS_BODY_FORM,     /* an HTML form: urlencoded or multipart, with at most one file */
    AS_BODY_FILE,     /* the raw body is a file (the API's uploads) */
    AS_BODY_JSON      /* the raw body is a small JSON text */
} as_body_kind;

typedef struct {
    char *name, *value; /* malloc'd by whoever added the pair */
} as_http_pair;

typedef struct {
    const char *method;                     /* "GET", "POST", "DELETE", ... */
    const char *path;                       /* the URL's path, percent-decoded */
    as_http_pair query[AS_HTTP_MAX_FIELDS]; /* its query arguments, decoded */
    size_t nquery;
    const char *session_cookie;  /* the session token sent, or NULL */
    const char *lang_cookie;     /* "zh" or "en" chosen earlier, or NULL */
    const char *login_cookie;    /* the login form's token (before a session), or NULL */
    const char *accept_language; /* the Accept-Language header, or NULL */
    const char *csrf_header;     /* X-CSRF-Token, or NULL */
    const char *content_type;    /* Content-Type, or NULL */
    const char *address;         /* the client's address as text */
    bool tls;                    /* it came over TLS */
    int64_t content_length;      /* Content-Length, -1 when not sent */
    /* The body, as its route declared it: */
    as_http_pair form[AS_HTTP_MAX_FIELDS]; /* form fields (without the file) */
    size_t nform;
    size_t form_bytes;  /* bytes of form fields so far */
    as_store_tmp file;  /* the uploaded file, received into the state's tmp/;
                           file.fd = -1 and file.path "" when none */
    bool has_file;      /* a file came */
    bool file_unread;   /* it came before the form's CSRF token: not read */
    bool file_refused;  /* it is not kept (unread, or it could not be written) */
    struct {            /* the form's part being read (as_route_form_piece): */
        char key[64];   /* its name, */
        bool file;      /* whether it is a file, */
        uint64_t bytes; /* its bytes so far, */
        bool upload;    /* whether it is the form's file */
    } part;
    char file_name[256]; /* the name the client gave it (not trusted, not a path) */
    as_buf json;         /* a JSON body */
    bool too_large;      /* the body passed a cap: refused with 413 */
    bool malformed;      /* the body could not be parsed as declared */
} as_http_req;

typedef struct {
    int status;                             /* HTTP status */
    const char *content_type;               /* e.g. "text/html; charset=utf-8" */
    as_buf body;                            /* what is sent */
    char location[512];                     /* Location of a redirect, or "" */
    char cookies[AS_HTTP_MAX_COOKIES][320]; /* Set-Cookie values */
    size_t ncookies;
    char disposition[1024]; /* Content-Disposition of a download, or "" */
    int retry_after;        /* seconds, for 429 and 503; 0: none */
    bool cacheable;         /* may be cached (the stylesheet); else no-store */
} as_http_resp;

void as_http_req_init(as_http_req *r);

/* Free the pairs and the JSON body, remove an uploaded file not kept. */
void as_http_req_release(as_http_req *r);

void as_http_resp_init(as_http_resp *r);
void as_http_resp_release(as_http_resp *r);

/* Add a pair to a list of at most AS_HTTP_MAX_FIELDS (copies both).  0, or
 * -1 when the list is full or memory is out. */
int as_http_pair_add(as_http_pair *list, size_t *n, const char *name, const char *value,
                     size_t value_len);

/* The value of the first pair called name, or NULL. */
const char *as_http_query(const as_http_req *r, const char *name);
const char *as_http_field(const as_http_req *r, const char *name);

/* Add a cookie to the response: name=value with Path=/, HttpOnly,
 * SameSite=Strict, and Secure when tls; max_age seconds (0: a session
 * cookie; -1: delete it now). */
void as_http_set_cookie(as_http_resp *r, const char *name, const char *value, int max_age,
                        bool tls);

/* A 303 redirect to a path on this server. */
void as_http_redirect(as_http_resp *r, const char *path);

/* Make the response an attachment download called name (its UTF-8 name
 * percent-encoded as RFC 6266 says; an ASCII stand-in for old clients). */
void as_http_attachment(as_http_resp *r, const char *name);

/* A whole decimal count, 1 to 10^9, from a form, a query or a path: 0 with
 * *out, or -1. */
int as_http_count(const char *s, long *out);

/* Whether s is a path on this server that a redirect may go to: starts
 * with one '/', has no backslash or control character. */
bool as_http_local_path(const char *s);

#endif
