/* scratch: a scratch state folder with an open state database for the
 * portal's unit tests, removed afterwards.  Failures abort the test. */
#ifndef AS_TEST_SCRATCH_H
#define AS_TEST_SCRATCH_H

#include <sqlite3.h>

#include "serve/db.h"

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

/* The single integer a query gives (-1 when it gives no row). */
long long scratch_int(sqlite3 *c, const char *sql);

#endif
