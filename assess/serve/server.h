/* server: the portal on the network, through libmicrohttpd (the only code
 * that includes microhttpd.h): a pool of threads, a limit on connections in
 * total and per address, a timeout for idle and slow clients, optional TLS
 * (GnuTLS, through libmicrohttpd).  It turns each request into an
 * as_http_req for the router (refusing an upload over its cap with 413
 * before reading it when its size is declared, and closing the connection
 * when an undeclared one passes it), and the as_http_resp back, adding the
 * headers every answer carries (Content-Security-Policy, nosniff,
 * frame-ancestors, no caching).  SIGTERM or SIGINT stop it gently: no new
 * connections, the requests in flight finish, then it returns.
 *
 * Ownership: the portal is borrowed while the server runs. */
#ifndef AS_SERVE_SERVER_H
#define AS_SERVE_SERVER_H

#include <stdbool.h>

#include "base/diag.h"
#include "serve/portal.h"

typedef struct {
    const char *listen;       /* "HOST:PORT", an IPv4 address or [IPv6]; port 0: any free */
    const char *tls_cert;     /* PEM certificate file, or NULL: plain HTTP */
    const char *tls_key;      /* PEM key file, with tls_cert */
    unsigned threads;         /* threads answering requests */
    unsigned max_connections; /* connections at once, in total */
    unsigned per_address;     /* connections at once from one address */
    unsigned timeout;         /* seconds a connection may stay idle or stall */
    unsigned grace;           /* seconds stopping waits for requests in flight */
} as_server_opts;

/* Serve p until SIGTERM or SIGINT.  Prints "listening on URL" on stderr
 * once ready (with the port chosen when it was 0).  Returns 0 after a
 * gentle stop, or -1 with the problem in d (an address that cannot be used,
 * an unreadable certificate). */
int as_server_run(as_portal *p, const as_server_opts *o, as_diags *d);

#endif
