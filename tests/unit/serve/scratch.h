/* scratch: a scratch state folder with an open state database for the
 * portal's unit tests, removed afterwards.  Failures abort the test. */
#ifndef AS_TEST_SCRATCH_H
#define AS_TEST_SCRATCH_H

#include <sqlite3.h>

#include "serve/db.h"
#include "serve/portal.h"

typedef struct {
    char dir[64]; /* the folder: STATE in dir/state, a data set in dir/data */
    char state[96];
    char data[96];
    as_db *db;
    sqlite3 *c; /* one connection taken from db */
} scratch;

/* Make the folder and open the database (with 2 connections). */
void scratch_open(scratch *s);

/* Give the connection back, close the database and remove the folder. */
void scratch_close(scratch *s);

/* Open a portal p on the scratch folder (its database instead of s->db,
 * which is given back), with the rules and calendar of the source tree and
 * uploads of at most max_upload bytes; close it with scratch_portal_close. */
void scratch_portal(scratch *s, as_portal *p, uint64_t max_upload);
void scratch_portal_close(scratch *s, as_portal *p);

/* The single integer a query gives (-1 when it gives no row). */
long long scratch_int(sqlite3 *c, const char *sql);

#endif
