/* server: libmicrohttpd glue: requests in, responses out, limits, TLS and a
 * gentle stop. */
#include "serve/answer.h"
#include "serve/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "serve/router.h"
#include "serve/say.h"

/* Headers every answer carries. */
static const char csp[] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                          "base-uri 'none'; object-src 'none'";

/* One request on its way. */
typedef struct {
    as_ctx x;
    as_http_req req;
    as_http_resp resp;
    struct MHD_PostProcessor *pp; /* a form's parser, or NULL */
    as_body_kind body;            /* how the body is read */
    uint64_t received;            /* body bytes so far */
    char address[INET6_ADDRSTRLEN];
    char *path; /* the URL's path, copied */
    bool ended; /* as_route_end done */
} request;

/* The server's own state. */
typedef struct {
    as_portal *portal;
    bool tls;          /* serving over TLS */
    atomic_int active; /* requests begun and not yet completed */
} server;

static void end_request(request *r)
{
    if (!r->ended)
        as_route_end(&r->x);
    r->ended = true;
}

/* ------------------------------------------------------------ requests in */

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    request *r = cls;
    if (key && as_http_pair_add(r->req.query, &r->req.nquery, key, value ? value : "",
                                value ? strlen(value) : 0) != 0)
        r->req.malformed = true;
    return MHD_YES;
}

static void client_address(struct MHD_Connection *c, request *r)
{
    const union MHD_ConnectionInfo *i =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = i ? i->client_addr : NULL;
    strcpy(r->address, "?");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->address,
                  sizeof r->address);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->address,
                  sizeof r->address);
}

/* The request's line, headers and cookies as the router reads them. */
static void fill(struct MHD_Connection *c, request *r, const char *url, const char *method,
                 bool tls)
{
    as_http_req *q = &r->req;
    as_http_req_init(q);
    r->path = strdup(url);
    q->method = method;
    q->path = r->path ? r->path : "/";
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query, r);
    q->session_cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "assess_session");
    q->lang_cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "assess_lang");
    q->login_cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "assess_login");
    q->accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
    q->csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    q->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    char *end = NULL;
    long long n = len ? strtoll(len, &end, 10) : -1;
    q->content_length = len && end && !*end && n >= 0 ? n : -1;
    client_address(c, r);
    q->address = r->address;
    q->tls = tls;
}

/* A form's field or a chunk of its file (router.h). */
static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *type, const char *encoding,
                                const char *data, uint64_t off, size_t size)
{
    (void)kind, (void)type, (void)encoding;
    request *r = cls;
    return as_route_form_piece(&r->x, key, filename, data, off, size) ? MHD_YES : MHD_NO;
}

/* ------------------------------------------------------------ responses out */

static enum MHD_Result answer(struct MHD_Connection *c, request *r)
{
    as_http_resp *s = &r->resp;
    end_request(r); /* the database connection goes back before the bytes go out */
    size_t len = 0;
    char *body = as_buf_take(&s->body, &len);
    if (!body && s->status != 303) {
        s->status = 500;
        body = strdup("internal error\n");
        len = body ? strlen(body) : 0;
        s->content_type = "text/plain; charset=utf-8";
    }
    struct MHD_Response *m = MHD_create_response_from_buffer(
        len, body ? body : (char *)"", body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!m) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(m, "Content-Type", s->content_type);
    MHD_add_response_header(m, "Content-Security-Policy", csp);
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "X-Frame-Options", "DENY");
    MHD_add_response_header(m, "Referrer-Policy", "same-origin");
    MHD_add_response_header(m, "Cache-Control", s->cacheable ? "max-age=3600" : "no-store");
    if (r->req.tls)
        MHD_add_response_header(m, "Strict-Transport-Security", "max-age=31536000");
    for (size_t i = 0; i < s->ncookies; i++)
        MHD_add_response_header(m, "Set-Cookie", s->cookies[i]);
    if (s->location[0])
        MHD_add_response_header(m, "Location", s->location);
    if (s->disposition[0])
        MHD_add_response_header(m, "Content-Disposition", s->disposition);
    if (s->retry_after > 0) {
        char ra[24];
        snprintf(ra, sizeof ra, "%d", s->retry_after);
        MHD_add_response_header(m, "Retry-After", ra);
    }
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)s->status, m);
    MHD_destroy_response(m);
    return rc;
}

/* ------------------------------------------------------------ the handler */

/* The headers are in: route, check, and prepare to read the body. */
static enum MHD_Result begin(server *sv, struct MHD_Connection *c, request *r)
{
    r->body = as_route_begin(&r->x, sv->portal, &r->req, &r->resp);
    if (r->x.done)
        return answer(c, r);
    if (r->body == AS_BODY_FORM &&
        !(r->pp = MHD_create_post_processor(c, 16 * 1024, on_field, r))) {
        as_answer_fail(&r->x, 415, N_("send the form as multipart/form-data or urlencoded"));
        return answer(c, r);
    }
    if (r->body == AS_BODY_FILE && as_store_tmp_open(sv->portal->o.state_dir, &r->req.file) != 0) {
        as_answer_fail(&r->x, 500, N_("the upload could not be stored"));
        return answer(c, r);
    }
    r->req.has_file = r->body == AS_BODY_FILE;
    return MHD_YES;
}

/* A piece of the body.  MHD_NO closes the connection: an undeclared body
 * past its cap, or one for a route that takes none. */
static enum MHD_Result take(request *r, const char *data, size_t n)
{
    r->received += n;
    if (r->received > as_route_body_cap(&r->x)) {
        as_log("%s %s from %s: body over its cap, connection closed", r->req.method, r->req.path,
               r->address);
        return MHD_NO;
    }
    if (r->body == AS_BODY_FORM)
        return MHD_post_process(r->pp, data, n) == MHD_YES || r->req.too_large ? MHD_YES : MHD_NO;
    if (r->body == AS_BODY_FILE)
        return as_store_tmp_write(&r->req.file, data, n) == 0 ? MHD_YES : MHD_NO;
    if (r->body == AS_BODY_JSON && as_buf_add(&r->req.json, data, n) != 0)
        r->req.too_large = true;
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *size, void **con_cls)
{
    (void)version;
    server *sv = cls;
    request *r = *con_cls;
    if (!r) {
        if (!(r = calloc(1, sizeof *r)))
            return MHD_NO;
        *con_cls = r;
        atomic_fetch_add(&sv->active, 1);
        as_http_resp_init(&r->resp);
        fill(c, r, url, method, sv->tls);
        return begin(sv, c, r);
    }
    if (*size) {
        enum MHD_Result rc = take(r, data, *size);
        *size = 0;
        return rc;
    }
    if (r->pp)
        MHD_destroy_post_processor(r->pp);
    r->pp = NULL;
    as_route_finish(&r->x);
    return answer(c, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c, (void)toe;
    server *sv = cls;
    request *r = *con_cls;
    if (!r)
        return;
    if (r->pp)
        MHD_destroy_post_processor(r->pp);
    end_request(r);
    as_http_req_release(&r->req);
    as_http_resp_release(&r->resp);
    free(r->path);
    free(r);
    *con_cls = NULL;
    atomic_fetch_sub(&sv->active, 1);
}

/* ------------------------------------------------------------ the daemon */

__attribute__((format(printf, 2, 0))) static void on_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    as_log("libmicrohttpd: %s", line);
}

/* Parse "HOST:PORT" (an IPv4 address, or [IPv6]) into *ss.  0 or -1. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[64];
    const char *colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= sizeof host)
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return -1;
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)ss;
    size_t hl = strlen(host);
    if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        *len = sizeof *v6;
        return inet_pton(AF_INET6, host + 1, &v6->sin6_addr) == 1 ? 0 : -1;
    }
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    *len = sizeof *v4;
    return inet_pton(AF_INET, host, &v4->sin_addr) == 1 ? 0 : -1;
}

/* The PEM file at path into b, or -1 with the reason in d. */
static int read_pem(const char *path, as_buf *b, as_diags *d)
{
    as_buf_init_cap(b, 1024 * 1024);
    if (as_buf_read_file(b, path) != 0)
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot read it: %s", strerror(errno));
    else if (!b->len)
        as_diags_add(d, as_loc_make(path, 0, 0), "the file is empty");
    else
        return 0;
    return -1;
}
static struct MHD_Daemon *start(server *sv, const as_server_opts *o, as_buf *cert, as_buf *key,
                                struct sockaddr_storage *ss)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (ss->ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (sv->tls)
        flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, cert->data},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key->data},
        {MHD_OPTION_END, 0, NULL},
    };
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, sv, MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL,
        MHD_OPTION_SOCK_ADDR, ss, MHD_OPTION_THREAD_POOL_SIZE, o->threads,
        MHD_OPTION_CONNECTION_LIMIT, o->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        o->per_address, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, sv, MHD_OPTION_ARRAY, sv->tls ? tls_opts : tls_opts + 2, MHD_OPTION_END);
}

/* Wait for SIGTERM or SIGINT. */
static int wait_for_signal(const sigset_t *set)
{
    int sig = 0;
    while (sigwait(set, &sig) != 0)
        ;
    return sig;
}

/* Stop gently: no new connections, requests in flight finish (up to grace
 * seconds), then everything closes. */
static void stop(struct MHD_Daemon *m, server *sv, unsigned grace)
{
    MHD_socket fd = MHD_quiesce_daemon(m);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    struct timespec tick = {0, 50 * 1000 * 1000};
    for (unsigned i = 0; atomic_load(&sv->active) > 0 && i < grace * 20; i++)
        nanosleep(&tick, NULL);
    MHD_stop_daemon(m);
}

static void say_listening(struct MHD_Daemon *m, const as_server_opts *o, bool tls)
{
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(m, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    const char *colon = strrchr(o->listen, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
    as_say(stderr, "assess serve: listening on %s://%s:%u/\n", tls ? "https" : "http", host,
           i ? (unsigned)i->port : 0);
}

/* Free the certificate and key, the key's bytes overwritten first. */
static void forget(as_buf *cert, as_buf *key)
{
    if (key->data)
        sodium_memzero(key->data, key->len);
    as_buf_release(key);
    as_buf_release(cert);
}

int as_server_run(as_portal *p, const as_server_opts *o, as_diags *d)
{
    struct sockaddr_storage ss;
    socklen_t len;
    as_buf cert, key;
    server sv = {p, o->tls_cert != NULL, 0};
    as_buf_init(&cert);
    as_buf_init(&key);
    if (parse_listen(o->listen, &ss, &len) != 0) {
        as_diags_add(d, as_loc_make(NULL, 0, 0),
                     "--listen takes HOST:PORT (an IPv4 address or [IPv6]), got '%s'", o->listen);
        return -1;
    }
    if (sv.tls && (read_pem(o->tls_cert, &cert, d) != 0 || read_pem(o->tls_key, &key, d) != 0)) {
        forget(&cert, &key);
        return -1;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* the server's threads inherit it */
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *m = start(&sv, o, &cert, &key, &ss);
    if (!m) {
        as_diags_add(d, as_loc_make(NULL, 0, 0), "cannot listen on '%s': %s", o->listen,
                     strerror(errno));
        forget(&cert, &key);
        return -1;
    }
    say_listening(m, o, sv.tls);
    int sig = wait_for_signal(&set);
    as_log("signal %d: finishing the requests in flight, then stopping", sig);
    stop(m, &sv, o->grace);
    as_log("stopped");
    forget(&cert, &key);
    return 0;
}
