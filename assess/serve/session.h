/* session: logged-in sessions.  A session is named by a token of 256 random
 * bits (libsodium's randombytes_buf) that only the browser keeps, in a
 * cookie; the database keeps its SHA-256, so a copy of the state folder
 * opens no session.  A new token is made at every login (no fixation), a
 * session ends after an idle time and after an absolute lifetime, and
 * logging out ends it in the database.  Each session has its own CSRF token,
 * which every state-changing request must send back.  It does not decide
 * what a session may do (access.h).
 *
 * Ownership: the caller owns every buffer passed in. */
#ifndef AS_SERVE_SESSION_H
#define AS_SERVE_SESSION_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "serve/access.h"

/* A token as text: 32 bytes in unpadded URL-safe base64, 43 characters and
 * a '\0'. */
enum { AS_TOKEN_TEXT = 44 };

/* How long sessions live, in seconds. */
typedef struct {
    int64_t idle; /* ended after this long without a request */
    int64_t max;  /* ended this long after login, however busy */
} as_session_limits;

/* A live session, as found. */
typedef struct {
    long long id;             /* sessions.id */
    as_principal who;         /* its account (who.name points into name) */
    char name[72];            /* the account name */
    char csrf[AS_TOKEN_TEXT]; /* the session's CSRF token */
} as_session;

/* A new random token as text into out. */
void as_session_token(char out[AS_TOKEN_TEXT]);

/* Start a session for account at address: a new token (into token) and a
 * new CSRF token (into csrf).  0, or -1 (logged). */
int as_session_start(sqlite3 *c, long long account, const char *address, char token[AS_TOKEN_TEXT],
                     char csrf[AS_TOKEN_TEXT]);

/* The live session of token: 0 with *out filled in (and its last use set to
 * now), 1 when there is none (unknown, ended, idle or too old, or its
 * account disabled; an expired one is ended now), or -1 (logged). */
int as_session_find(sqlite3 *c, const char *token, const as_session_limits *lim, as_session *out);

/* Remove the sessions that have ended, by logout or by age (lim->max
 * after their start): a token of theirs finds nothing either way. */
void as_session_sweep(sqlite3 *c, const as_session_limits *lim);

/* End session id now.  0 or -1 (logged). */
int as_session_end(sqlite3 *c, long long id);

/* Whether the CSRF token a request sent (NULL: none) is the session's,
 * compared in constant time. */
bool as_session_csrf_ok(const as_session *s, const char *sent);

#endif
