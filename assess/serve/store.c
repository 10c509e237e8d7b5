/* store: content-addressed files under the state folder. */
#include "serve/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/output.h"

static int join(char out[AS_STORE_PATH], const char *a, const char *b)
{
    int w = snprintf(out, AS_STORE_PATH, "%s/%s", a, b);
    if (w < 0 || w >= AS_STORE_PATH) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* Remove every regular file in folder dir. */
static void empty_folder(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[AS_STORE_PATH];
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..") != 0))
            if (join(p, dir, e->d_name) == 0)
                unlink(p);
    if (d)
        closedir(d);
}

int as_store_init(const char *dir)
{
    static const char *const sub[] = {"files", "runs", "tmp"};
    char p[AS_STORE_PATH];
    if (as_output_mkdirs(dir) != 0)
        return -1;
    for (size_t i = 0; i < 3; i++)
        if (join(p, dir, sub[i]) != 0 || as_output_mkdirs(p) != 0)
            return -1;
    join(p, dir, "tmp");
    empty_folder(p);
    return 0;
}

int as_store_sync_parent(const char *path)
{
    char copy[AS_STORE_PATH];
    snprintf(copy, sizeof copy, "%s", path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int as_store_tmp_open(const char *dir, as_store_tmp *t)
{
    unsigned char r[12];
    char name[64], hex[25];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, sizeof hex, r, sizeof r);
    snprintf(name, sizeof name, "tmp/part-%s", hex);
    memset(t, 0, sizeof *t);
    t->fd = -1;
    if (join(t->path, dir, name) != 0)
        return -1;
    t->fd = open(t->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (t->fd < 0)
        return -1;
    crypto_hash_sha256_init(&t->sha);
    return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

int as_store_tmp_write(as_store_tmp *t, const void *p, size_t n)
{
    if (t->fd < 0) {
        errno = EBADF;
        return -1;
    }
    crypto_hash_sha256_update(&t->sha, p, n);
    t->size += n;
    return write_all(t->fd, p, n);
}

void as_store_tmp_discard(as_store_tmp *t)
{
    if (t->fd >= 0)
        close(t->fd);
    if (t->path[0])
        unlink(t->path);
    t->fd = -1;
    t->path[0] = '\0';
}

static void to_hex(const unsigned char h[crypto_hash_sha256_BYTES], char sha[AS_SHA256_HEX])
{
    sodium_bin2hex(sha, AS_SHA256_HEX, h, crypto_hash_sha256_BYTES);
}

int as_store_path(const char *dir, const char *sha, char out[AS_STORE_PATH])
{
    if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) {
        errno = EINVAL;
        return -1;
    }
    int w = snprintf(out, AS_STORE_PATH, "%s/files/%.2s/%s", dir, sha, sha);
    return w > 0 && w < AS_STORE_PATH ? 0 : (errno = ENAMETOOLONG, -1);
}

/* Move the synced temporary file tmp into the store as sha. */
static int file_away(const char *dir, const char *tmp, const char *sha)
{
    char dest[AS_STORE_PATH], sub[AS_STORE_PATH];
    struct stat st;
    if (as_store_path(dir, sha, dest) != 0)
        return -1;
    snprintf(sub, sizeof sub, "%s", dest);
    *strrchr(sub, '/') = '\0';
    if (stat(dest, &st) == 0) { /* the same bytes are kept already */
        unlink(tmp);
        return 0;
    }
    if (as_output_mkdirs(sub) != 0 || rename(tmp, dest) != 0)
        return -1;
    return as_store_sync_parent(dest);
}

int as_store_tmp_keep(const char *dir, as_store_tmp *t, char sha[AS_SHA256_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&t->sha, h);
    to_hex(h, sha);
    int rc = t->fd >= 0 && fsync(t->fd) == 0 ? 0 : -1;
    int err = errno;
    if (t->fd >= 0 && close(t->fd) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    t->fd = -1;
    if (rc == 0 && file_away(dir, t->path, sha) != 0) {
        rc = -1;
        err = errno;
    }
    as_store_tmp_discard(t);
    errno = err;
    return rc;
}

int as_store_put(const char *dir, const void *p, size_t n, char sha[AS_SHA256_HEX])
{
    as_store_tmp t;
    if (as_store_tmp_open(dir, &t) != 0)
        return -1;
    if (as_store_tmp_write(&t, p, n) != 0) {
        int err = errno;
        as_store_tmp_discard(&t);
        errno = err;
        return -1;
    }
    return as_store_tmp_keep(dir, &t, sha);
}

int as_store_put_file(const char *dir, const char *path, char sha[AS_SHA256_HEX])
{
    as_store_tmp t;
    char chunk[65536];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (as_store_tmp_open(dir, &t) != 0) {
        close(fd);
        return -1;
    }
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        if (as_store_tmp_write(&t, chunk, (size_t)n) != 0)
            break;
    int err = errno;
    close(fd);
    if (n != 0) {
        as_store_tmp_discard(&t);
        errno = err;
        return -1;
    }
    return as_store_tmp_keep(dir, &t, sha);
}

int as_store_hash_file(const char *path, char sha[AS_SHA256_HEX], uint64_t *size)
{
    crypto_hash_sha256_state s;
    unsigned char h[crypto_hash_sha256_BYTES], chunk[65536];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    crypto_hash_sha256_init(&s);
    *size = 0;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) {
        crypto_hash_sha256_update(&s, chunk, (size_t)n);
        *size += (uint64_t)n;
    }
    int err = errno;
    close(fd);
    if (n < 0) {
        errno = err;
        return -1;
    }
    crypto_hash_sha256_final(&s, h);
    to_hex(h, sha);
    return 0;
}

/* Copy src into the new file tmp, synced. */
static int copy_synced(const char *src, const char *tmp)
{
    char chunk[65536];
    ssize_t n;
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        int err = errno;
        close(in);
        errno = err;
        return -1;
    }
    while ((n = read(in, chunk, sizeof chunk)) > 0)
        if (write_all(out, chunk, (size_t)n) != 0) {
            n = -1;
            break;
        }
    int rc = n == 0 && fsync(out) == 0 ? 0 : -1, err = errno;
    close(in);
    if (close(out) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    errno = err;
    return rc;
}

int as_store_place(const char *src, const char *dest, const char *tmp_name)
{
    char tmp[AS_STORE_PATH], folder[AS_STORE_PATH];
    snprintf(folder, sizeof folder, "%s", dest);
    char *slash = strrchr(folder, '/');
    if (slash)
        *slash = '\0';
    if ((slash ? join(tmp, folder, tmp_name) : (snprintf(tmp, sizeof tmp, "%s", tmp_name), 0)) != 0)
        return -1;
    if (copy_synced(src, tmp) != 0 || rename(tmp, dest) != 0) {
        int err = errno;
        unlink(tmp);
        errno = err;
        return -1;
    }
    return as_store_sync_parent(dest);
}
