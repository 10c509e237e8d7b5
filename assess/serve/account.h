/* account: the portal's accounts, managed from the command line (`assess
 * accounts`): a name, a role, a province for a province's clerk, and a
 * password kept only as libsodium's Argon2id hash (crypto_pwhash_str).
 * There is no default or built-in password: an account exists only once
 * someone gave it one.  Checking a login takes the same time and gives the
 * same answer for an unknown name, a disabled account and a wrong password.
 * It neither reads passwords from a terminal nor throttles logins (the
 * command and throttle.c do).
 *
 * Ownership: strings passed in are borrowed for the call. */
#ifndef AS_SERVE_ACCOUNT_H
#define AS_SERVE_ACCOUNT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "serve/access.h"

/* Password length in bytes: at least this many, so a guessable one is
 * refused (NIST SP 800-63B asks for 8 at least), and at most 1024. */
enum { AS_PASSWORD_MIN = 10, AS_PASSWORD_MAX = 1024 };

/* Results of the account functions. */
typedef enum {
    AS_ACCOUNT_OK = 0,
    AS_ACCOUNT_EXISTS,       /* add: the name is taken */
    AS_ACCOUNT_UNKNOWN,      /* no such account */
    AS_ACCOUNT_BAD_NAME,     /* a name other than 1-64 of A-Z a-z 0-9 . _ - @ */
    AS_ACCOUNT_BAD_PROVINCE, /* a province role without a province, or another role with one */
    AS_ACCOUNT_WEAK,         /* a password shorter than AS_PASSWORD_MIN (or over the max) */
    AS_ACCOUNT_FAILED        /* the database or the hash failed (logged) */
} as_account_status;

/* One account as listed. */
typedef struct {
    long long id;         /* accounts.id */
    const char *name;     /* login name */
    as_role role;         /* its role */
    const char *province; /* GB/T 2260 code of a province account, else "" */
    bool disabled;        /* may no longer log in */
    long long created;    /* seconds since 1970, UTC */
} as_account;

/* Call sodium_init once; 0, or -1 when libsodium cannot start. */
int as_account_crypto_init(void);

/* Whether name is a valid account name. */
bool as_account_name_ok(const char *name);

/* Add an account.  province is a code for AS_ROLE_PROVINCE (the caller has
 * checked it against the rules) and NULL otherwise. */
as_account_status as_account_add(sqlite3 *c, const char *name, as_role role, const char *province,
                                 const char *password);

/* Give an account a new password; its sessions end. */
as_account_status as_account_passwd(sqlite3 *c, const char *name, const char *password);

/* Disable an account: it cannot log in and its sessions end.  Its history
 * stays. */
as_account_status as_account_disable(sqlite3 *c, const char *name);

/* Call fn for every account in name order; 0 or -1 (logged). */
int as_account_each(sqlite3 *c, void (*fn)(void *ctx, const as_account *a), void *ctx);

/* Check name and password: AS_ACCOUNT_OK with *who filled in (who->name
 * points into name), or AS_ACCOUNT_UNKNOWN for a wrong password, an unknown
 * name or a disabled account alike (a hash is verified in every case), or
 * AS_ACCOUNT_FAILED. */
as_account_status as_account_login(sqlite3 *c, const char *name, const char *password,
                                   as_principal *who);

/* Fill *who for account id if it exists and is not disabled; name is copied
 * into buf (size n).  0, or -1. */
int as_account_principal(sqlite3 *c, long long id, char *buf, size_t n, as_principal *who);

#endif
