/* store: the files the portal keeps in its state folder, each named by the
 * SHA-256 of its bytes (files/ab/abcdef...), never by what a client called
 * it: every uploaded version, every data-set file a release replaced, every
 * QA result.  A file lands by temporary name, fsync and rename, so a crash
 * leaves either the whole file or none; the same bytes are kept once.  Also
 * the scratch folder (tmp/, emptied at start-up) and placing a file into the
 * data set atomically.  It knows nothing of envelopes.
 *
 * Paths are built into caller buffers of AS_STORE_PATH bytes. */
#ifndef AS_SERVE_STORE_H
#define AS_SERVE_STORE_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { AS_STORE_PATH = 4096, AS_SHA256_HEX = 65 };

/* A file being received: written to tmp/ while its SHA-256 is computed. */
typedef struct {
    int fd;                       /* open for writing, -1 when closed */
    char path[AS_STORE_PATH];     /* its temporary path */
    crypto_hash_sha256_state sha; /* of the bytes so far */
    uint64_t size;                /* bytes so far */
} as_store_tmp;

/* Make the state folder's files/, runs/ and tmp/ (and dir itself), and
 * empty tmp/ of what a killed server left.  0, or -1 with errno set. */
int as_store_init(const char *dir);

/* Start receiving a file into dir's tmp/.  0, or -1 with errno set. */
int as_store_tmp_open(const char *dir, as_store_tmp *t);

/* Append n bytes.  0, or -1 with errno set. */
int as_store_tmp_write(as_store_tmp *t, const void *p, size_t n);

/* Finish receiving: sync the file, close it and put it in the store under
 * its SHA-256 (hex into sha).  0, or -1 with errno set (the temporary file
 * is removed either way). */
int as_store_tmp_keep(const char *dir, as_store_tmp *t, char sha[AS_SHA256_HEX]);

/* Close and remove a file being received; safe to call twice. */
void as_store_tmp_discard(as_store_tmp *t);

/* Store bytes p[0..n) / the file at path under their SHA-256 (hex into
 * sha).  0, or -1 with errno set. */
int as_store_put(const char *dir, const void *p, size_t n, char sha[AS_SHA256_HEX]);
int as_store_put_file(const char *dir, const char *path, char sha[AS_SHA256_HEX]);

/* The path of the stored file sha into out.  0, or -1 when sha is not 64
 * lowercase hex digits. */
int as_store_path(const char *dir, const char *sha, char out[AS_STORE_PATH]);

/* The SHA-256 of the file at path (hex into sha) and its size.  0, or -1
 * with errno set. */
int as_store_hash_file(const char *path, char sha[AS_SHA256_HEX], uint64_t *size);

/* Copy the file src to dest atomically: to a temporary name beside dest
 * (tmp_name, a hidden name in dest's folder that reconciliation can find),
 * fsync, rename over dest, fsync the folder.  0, or -1 with errno set (the
 * temporary file is removed). */
int as_store_place(const char *src, const char *dest, const char *tmp_name);

/* Sync the folder holding path (after a rename or unlink in it). */
int as_store_sync_parent(const char *path);

#endif
