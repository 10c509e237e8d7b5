/* throttle: a growing delay after failed logins, counted per account name
 * (as typed, known or not) and per address, so guessing passwords of one
 * account, or of many from one place, slows down to one try in 15 minutes.
 * The first AS_THROTTLE_FREE failures cost nothing; then each failure
 * doubles the wait, from 1 s up to AS_THROTTLE_MAX_WAIT.  A success clears
 * the name's count, not the address's; a count is forgotten after a day
 * without failures.  Kept in the database, so a restart forgets nothing. */
#ifndef AS_SERVE_THROTTLE_H
#define AS_SERVE_THROTTLE_H

#include <sqlite3.h>
#include <stdint.h>

enum { AS_THROTTLE_FREE = 5, AS_THROTTLE_MAX_WAIT = 900, AS_THROTTLE_FORGET = 86400 };

/* Seconds to wait before name may be tried again from address (0: now), the
 * longer of the two counts' waits; 0 also when the database fails. */
int64_t as_throttle_wait(sqlite3 *c, const char *name, const char *address);

/* Count a failed login of name from address. */
void as_throttle_fail(sqlite3 *c, const char *name, const char *address);

/* A successful login of name: its count starts again. */
void as_throttle_clear(sqlite3 *c, const char *name);

/* The wait after `failures` failures, the last at `last`, at time now. */
int64_t as_throttle_delay(int64_t failures, int64_t last, int64_t now);

#endif
