/* portal: what every part of a running portal shares: where the data set
 * and the state are, the rule set loaded once, the database,
 * the limits, and the lock that keeps releases and readers of the data set
 * apart (a release takes it to write, a QA run, template or evaluation to
 * read, so no reader sees a province with two files at once).
 *
 * Ownership: as_portal_open fills a caller-owned struct that owns the rule
 * set and database until as_portal_close; path strings are
 * borrowed from the command line. */
#ifndef AS_SERVE_PORTAL_H
#define AS_SERVE_PORTAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/calendar.h"
#include "base/diag.h"
#include "engine/rules.h"
#include "serve/db.h"
#include "serve/session.h"

/* The defaults of the limits (the options of `assess serve` change them). */
#define AS_PORTAL_MAX_UPLOAD (10u * 1024u * 1024u) /* bytes of one uploaded file */
enum {
    AS_PORTAL_IDLE = 30 * 60,         /* seconds a session lives without a request */
    AS_PORTAL_LIFETIME = 12 * 60 * 60 /* seconds a session lives at most */
};

typedef struct {
    const char *data_dir;     /* the data set releases go into (as given) */
    const char *state_dir;    /* the state folder (as given) */
    const char *rules_path;   /* the rule file (as given) */
    const char *calendar_dir; /* the working-day calendar (as given) */
    int year;                 /* the assessment year the pages start from */
    uint64_t max_upload;      /* bytes of one upload at most */
    as_session_limits limits; /* session lifetimes */
    bool tls;                 /* served over TLS: cookies are Secure */
    size_t threads;           /* request threads (and database connections - 1) */
} as_portal_opts;

typedef struct {
    as_portal_opts o;           /* as opened */
    as_ruleset *rules;          /* loaded once, read by every request */
    as_db *db;                  /* the state database */
    pthread_rwlock_t data_lock; /* the data set: releases write, readers read */
    int lock_fd;                /* the state folder's lock, held while open */
} as_portal;

/* Open the portal's state: make the state folder (files/, runs/, tmp/),
 * take its lock (one portal per state folder), open and migrate the
 * database, load the rules and check the calendar loads (the evaluations
 * load it when they count deadlines).  Returns 0, or -1 with every
 * problem in d (located at the file or folder concerned).  A portal that
 * serves then settles the releases a stopped one left (release.h). */
int as_portal_open(as_portal *p, const as_portal_opts *o, as_diags *d);

/* Release everything; safe on a portal that failed to open. */
void as_portal_close(as_portal *p);

/* The province of rule-set index i's code, or NULL when code is no province
 * of the rules. */
const as_province *as_portal_province(const as_portal *p, const char *code);

#endif
