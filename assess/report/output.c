/* output: temporary files beside their final names, and per folder two lock
 * files held under an flock for the whole run: the run's own, so a later run
 * can tell a live writer's files from a dead one's, and the folder's, so two
 * runs never write it at once; no open descriptor per file (a run of
 * thousands of workbooks stays far below the limit on open files);
 * one syncfs per file system before the renames; a SHA-256 manifest
 * (OpenSSL's EVP) written last.  Linux-specific where durability needs it
 * (syncfs). */
#define _GNU_SOURCE /* syncfs */
#include "report/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/arena.h"

#define TMP_TAG ".assess-"      /* temporary names: ".<name>.assess-<pid>.tmp" */
#define LOCK_END ".lock"        /* a run's lock in a folder: ".assess-<pid>.lock" */
#define RUN_LOCK ".assess.lock" /* held by whichever run writes the folder, whatever its pid */

typedef struct {
    char *path;      /* final path as given */
    char *tmp;       /* temporary file, NULL when written directly or placed */
    size_t folder;   /* index into folders */
    bool direct;     /* written in place: never renamed, not in the manifest */
    bool ended, ok;  /* as_output_end was called, with ok */
    char sha256[65]; /* of the completed temporary file, hex */
    bool hashed;     /* sha256 was computed while the file was written */
} entry;

typedef struct {
    char *dir; /* as named by the first path in it */
    dev_t dev; /* identity, so "a/b" and "./a/b/" are one folder */
    ino_t ino;
    bool incomplete; /* an output of this folder failed: no new manifest */
    size_t nqueued;  /* outputs begun here that are renamed at commit */
    char *lock_path; /* this run's lock file in the folder, NULL when none */
    int lock;        /* descriptor holding its flock, -1 when none */
    char *run_path;  /* the folder's RUN_LOCK while this run holds it, else NULL */
    int run_lock;    /* descriptor holding its flock, -1 when none */
    bool busy;       /* another run holds RUN_LOCK: this run writes nothing at all */
    int depth;       /* slashes in the folder's real path: a folder inside another is deeper */
    bool placing;    /* at commit: files are renamed into place here */
} folder;

struct as_output {
    as_arena *arena;  /* every path below */
    bool no_manifest; /* as_output_set_manifest(o, false) */
    bool busy;        /* a folder is another run's (folder.busy): nothing is put in place */
    entry *e;
    size_t n, cap;
    folder *f;
    size_t nf, capf;
};

/* ------------------------------------------------------------ helpers */

/* The folder part of path ("." when there is none), in a. */
static char *dir_of(as_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return as_arena_strdup(a, ".");
    return as_arena_strndup(a, path, slash == path ? 1 : (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void fail(as_diags *d, const char *path, const char *what, int err)
{
    as_diags_add(d, as_loc_make(path, 0, 0), "%s: %s", what, strerror(err));
}

/* fsync a folder, so renames and removals in it are on disk. */
static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int as_output_mkdirs(const char *dir)
{
    char *p = strdup(dir);
    struct stat st;
    if (!p)
        return -1;
    for (char *q = p + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *q = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        errno = ENOTDIR;
        rc = -1;
    }
    return rc;
}

/* ------------------------------------------------------------ leftovers */

/* The pid in name if it ends in "<TMP_TAG><digits><end>" with at least
 * min_head characters before TMP_TAG, else 0. */
static long pid_in(const char *name, const char *end, size_t min_head)
{
    size_t n = strlen(name), tag = strlen(TMP_TAG), el = strlen(end);
    if (n < min_head + tag + 1 + el || name[0] != '.' || strcmp(name + n - el, end) != 0)
        return 0;
    const char *stop = name + n - el, *digits = stop;
    while (digits > name && digits[-1] >= '0' && digits[-1] <= '9')
        digits--;
    if (digits == stop || stop - digits > 9 || (size_t)(digits - name) < min_head + tag ||
        strncmp(digits - tag, TMP_TAG, tag) != 0)
        return 0;
    return strtol(digits, NULL, 10);
}

/* The writer's pid if name is one of our temporary names
 * (".<name>.assess-<pid>.tmp"), else 0. */
static long temp_pid(const char *name)
{
    return pid_in(name, ".tmp", 2);
}

/* The pid if name is a run's lock file (".assess-<pid>.lock"), else 0. */
static long lock_pid(const char *name)
{
    return !strncmp(name, TMP_TAG, strlen(TMP_TAG)) ? pid_in(name, LOCK_END, 0) : 0;
}

static bool writer_gone(long pid)
{
    return pid == (long)getpid() || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

/* Whether someone holds an flock on name in dir (a writer in another pid
 * namespace or on another machine, whose pid means nothing here).  Takes
 * the lock when free and keeps it on *fd for the caller to close. */
static bool held(int dfd, const char *name, int *fd)
{
    struct stat st;
    *fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (*fd < 0)
        return false;
    if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode) || flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        close(*fd);
        *fd = -1;
        return true; /* not ours to touch */
    }
    return false;
}

/* Whether the run with this pid may still be writing in dir: alive here, or
 * holding its lock file there. */
static bool run_alive(int dfd, long pid)
{
    char name[64];
    int fd;
    if (!writer_gone(pid))
        return true;
    snprintf(name, sizeof name, "%s%ld%s", TMP_TAG, pid, LOCK_END);
    bool live = held(dfd, name, &fd);
    if (fd >= 0)
        close(fd);
    return live;
}

/* Remove the temporary files and lock files a killed run left in dir: only
 * names this module makes, only regular files, only when their run is gone
 * (see run_alive) and nobody holds the file's own lock.  Best effort:
 * problems are not reported. */
static void remove_leftovers(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    for (struct dirent *de; (de = readdir(dh));) {
        long tpid = temp_pid(de->d_name), lpid = tpid ? 0 : lock_pid(de->d_name);
        int fd;
        if ((tpid <= 0 && lpid <= 0) || (tpid > 0 && run_alive(dirfd(dh), tpid)) ||
            (lpid > 0 && !writer_gone(lpid)))
            continue;
        if (!held(dirfd(dh), de->d_name, &fd))
            unlinkat(dirfd(dh), de->d_name, 0);
        if (fd >= 0)
            close(fd);
    }
    closedir(dh);
}

/* Take this run's lock in folder f (best effort: without it, the pid check
 * alone protects the run's files). */
static void lock_folder(as_output *o, folder *f)
{
    f->lock = -1;
    f->lock_path =
        as_arena_printf(o->arena, "%s/%s%ld%s", f->dir, TMP_TAG, (long)getpid(), LOCK_END);
    if (!f->lock_path)
        return;
    f->lock = open(f->lock_path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (f->lock < 0)
        f->lock_path = NULL;
    else
        flock(f->lock, LOCK_EX | LOCK_NB);
}

static void unlock_folder(folder *f)
{
    if (f->lock_path)
        unlink(f->lock_path);
    if (f->lock >= 0)
        close(f->lock);
    f->lock_path = NULL;
    f->lock = -1;
    if (f->run_path)
        unlink(f->run_path); /* while still held: a run waiting on it opens a new one */
    if (f->run_lock >= 0)
        close(f->run_lock);
    f->run_path = NULL;
    f->run_lock = -1;
}

/* Take the folder's run lock (an flock on RUN_LOCK, removed when the run
 * ends), so that two runs, in any process or pid namespace, never write one
 * folder at once.  A lock file that the run holding it removed between our
 * open and our flock is opened again.  Returns 0, also when there can be no
 * lock (no lock file can be made: writing there fails and says why; a file
 * system without flock), or -1 when another run holds it. */
static int lock_run(as_output *o, folder *f)
{
    f->run_lock = -1;
    char *path = as_arena_printf(o->arena, "%s/%s", f->dir, RUN_LOCK);
    for (int tries = 0; path && tries < 8; tries++) {
        struct stat held, now;
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0)
            return 0;
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            return e == EWOULDBLOCK ? -1 : 0;
        }
        if (fstat(fd, &held) == 0 && stat(path, &now) == 0 && held.st_dev == now.st_dev &&
            held.st_ino == now.st_ino) {
            f->run_path = path;
            f->run_lock = fd;
            return 0;
        }
        close(fd);
    }
    return 0;
}

/* The number of slashes in dir's real path (0 when it cannot be told). */
static int depth_of(const char *dir)
{
    char *real = realpath(dir, NULL);
    int n = 0;
    for (const char *p = real; p && *p; p++)
        n += *p == '/';
    free(real);
    return n;
}

/* ------------------------------------------------------------ begin / end */

/* The folder of dir in o (added, and cleaned of leftovers, on first use).
 * Returns 0, or -1 with errno set. */
static int find_folder(as_output *o, const char *dir, size_t *idx)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    for (size_t i = 0; i < o->nf; i++)
        if (o->f[i].dev == st.st_dev && o->f[i].ino == st.st_ino) {
            *idx = i;
            return 0;
        }
    folder *nf = as_grow(o->f, &o->capf, o->nf + 1, sizeof *nf, 4, 0);
    if (!nf) {
        errno = ENOMEM;
        return -1;
    }
    o->f = nf;
    char *copy = as_arena_strdup(o->arena, dir);
    if (!copy) {
        errno = ENOMEM;
        return -1;
    }
    folder *f = &o->f[o->nf];
    *f = (folder){.dir = copy, .dev = st.st_dev, .ino = st.st_ino, .lock = -1, .run_lock = -1};
    f->depth = depth_of(dir);
    if (lock_run(o, f) != 0) {
        f->busy = o->busy = true; /* not ours: nothing there is touched */
    } else {
        remove_leftovers(dir);
        lock_folder(o, f);
    }
    *idx = o->nf++;
    return 0;
}

static entry *new_entry(as_output *o)
{
    entry *ne = as_grow(o->e, &o->cap, o->n + 1, sizeof *ne, 16, 0);
    if (!ne)
        return NULL;
    o->e = ne;
    entry *e = &o->e[o->n];
    memset(e, 0, sizeof *e);
    return e;
}

/* Create e's temporary file beside its final name (new and empty). */
static int open_temp(as_output *o, entry *e, as_diags *d)
{
    const folder *f = &o->f[e->folder];
    e->tmp = as_arena_printf(o->arena, "%s/.%s" TMP_TAG "%ld.tmp", f->dir, base_of(e->path),
                             (long)getpid());
    if (!e->tmp) {
        fail(d, e->path, "cannot write file", ENOMEM);
        return -1;
    }
    int fd = open(e->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        fail(d, e->path, "cannot write file", errno);
        e->tmp = NULL;
        return -1;
    }
    close(fd);
    return 0;
}

static bool begun(const as_output *o, size_t folder_idx, const char *path)
{
    for (size_t i = 0; i < o->n; i++)
        if (!o->e[i].direct && o->e[i].folder == folder_idx &&
            !strcmp(base_of(o->e[i].path), base_of(path)))
            return true;
    return false;
}

/* The direct or temporary-file part of as_output_begin.  Returns 0 or -1
 * (reported; the folder is then incomplete). */
static int begin_in(as_output *o, entry *e, const char *dir, as_diags *d)
{
    struct stat st;
    bool exists = lstat(e->path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        e->direct = true; /* a device, FIFO, socket or link: never renamed over */
        return 0;
    }
    size_t had = o->nf;
    if (find_folder(o, dir, &e->folder) != 0) {
        fail(d, e->path, "cannot write file", errno);
        return -1;
    }
    if (o->f[e->folder].busy) {
        if (o->nf > had) /* said once per folder */
            as_diags_add(d, as_loc_make(dir, 0, 0),
                         "cannot write into this folder: another assess run is writing there now "
                         "(it holds '%s'), so this run writes nothing; wait for it to end, or "
                         "write elsewhere",
                         RUN_LOCK);
        return -1;
    }
    int rc = -1;
    if (exists && S_ISDIR(st.st_mode))
        fail(d, e->path, "cannot write file", EISDIR);
    else if (begun(o, e->folder, e->path))
        as_diags_add(d, as_loc_make(e->path, 0, 0), "cannot write file: it is written twice");
    else
        rc = open_temp(o, e, d);
    if (rc != 0)
        o->f[e->folder].incomplete = true; /* its manifest would claim a whole set */
    else
        o->f[e->folder].nqueued++;
    return rc;
}

int as_output_begin(as_output *o, const char *path, const char **write_path, as_diags *d)
{
    *write_path = NULL;
    if (!*path || path[strlen(path) - 1] == '/') {
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write file: the name is a folder's");
        return -1;
    }
    entry *e = new_entry(o);
    char *dir = dir_of(o->arena, path);
    int rc = -1;
    if (!e || !dir || !(e->path = as_arena_strdup(o->arena, path)))
        fail(d, path, "cannot write file", ENOMEM);
    else
        rc = begin_in(o, e, dir, d);
    if (rc != 0)
        return -1;
    *write_path = e->direct ? e->path : e->tmp;
    return (int)o->n++;
}

static void drop_temp(entry *e)
{
    if (e->tmp)
        unlink(e->tmp);
    e->tmp = NULL;
}

void as_output_end(as_output *o, int i, bool ok)
{
    if (i < 0 || (size_t)i >= o->n)
        return;
    entry *e = &o->e[i];
    e->ended = true;
    e->ok = ok;
    if (!ok && !e->direct) {
        drop_temp(e);
        o->f[e->folder].incomplete = true;
    }
}

/* ------------------------------------------------------------ commit */

static void hex_of(const unsigned char *md, unsigned int n, char hex[65])
{
    for (unsigned int i = 0; i < n && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static int sha256_file(const char *path, char hex[65])
{
    unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    ssize_t got;
    while (ok && (got = read(fd, buf, sizeof buf)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        ok = got > 0 && EVP_DigestUpdate(ctx, buf, (size_t)got);
    }
    ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) && mdlen == 32;
    int e = errno;
    EVP_MD_CTX_free(ctx);
    close(fd);
    if (!ok) {
        errno = e ? e : EIO;
        return -1;
    }
    hex_of(md, mdlen, hex);
    return 0;
}

/* Hash each completed temporary file; a file that cannot be read fails. */
static void hash_all(as_output *o, as_diags *d)
{
    for (size_t i = 0; i < o->n; i++) {
        entry *e = &o->e[i];
        if (e->direct || !e->tmp)
            continue;
        if (!e->ended || !e->ok) {
            drop_temp(e);
            o->f[e->folder].incomplete = true;
        } else if (!o->no_manifest && !e->hashed && sha256_file(e->tmp, e->sha256) != 0) {
            fail(d, e->path, "cannot read back file", errno);
            drop_temp(e);
            o->f[e->folder].incomplete = true;
        }
    }
}

/* One syncfs for each file system the folders are on: the data of every
 * temporary file is on disk before any rename makes it visible. */
static int sync_all(as_output *o, as_diags *d)
{
    int rc = 0;
    for (size_t i = 0; i < o->nf; i++) {
        bool done = false;
        for (size_t j = 0; j < i; j++)
            done = done || o->f[j].dev == o->f[i].dev;
        if (done || !o->f[i].nqueued)
            continue;
        int fd = open(o->f[i].dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || syncfs(fd) != 0) {
            fail(d, o->f[i].dir, "cannot sync folder", errno);
            for (size_t j = i; j < o->nf; j++)
                if (o->f[j].dev == o->f[i].dev)
                    o->f[j].nqueued = 0; /* nothing renamed there: the old set stays whole */
            rc = -1;
        }
        if (fd >= 0)
            close(fd);
    }
    return rc;
}

/* One line of a manifest, escaped as sha256sum does for '\\' and newlines. */
static void manifest_line(FILE *f, const entry *e)
{
    const char *name = base_of(e->path);
    bool esc = strpbrk(name, "\\\n") != NULL;
    fprintf(f, "%s%s  ", esc ? "\\" : "", e->sha256);
    for (const char *p = name; *p; p++) {
        if (*p == '\\')
            fputs("\\\\", f);
        else if (*p == '\n')
            fputs("\\n", f);
        else
            fputc(*p, f);
    }
    fputc('\n', f);
}

/* Write folder fi's manifest (every file placed there), last of all; placed
 * is told of it. */
static int write_manifest(as_output *o, size_t fi, as_output_placed_fn placed, void *ctx,
                          as_diags *d)
{
    const folder *f = &o->f[fi];
    char *path = as_arena_printf(o->arena, "%s/%s", f->dir, AS_OUTPUT_MANIFEST);
    char *tmp = as_arena_printf(o->arena, "%s/.%s" TMP_TAG "%ld.tmp", f->dir, AS_OUTPUT_MANIFEST,
                                (long)getpid());
    int rc = -1;
    FILE *out = tmp ? fopen(tmp, "wx") : NULL;
    if (path && out) {
        for (size_t i = 0; i < o->n; i++)
            if (o->e[i].folder == fi && !o->e[i].direct)
                manifest_line(out, &o->e[i]);
        if (fflush(out) == 0 && fsync(fileno(out)) == 0 && !ferror(out))
            rc = 0;
    }
    int err = errno;
    if (out && fclose(out) != 0 && rc == 0) {
        err = errno;
        rc = -1;
    }
    if (rc == 0 && (rename(tmp, path) != 0 || sync_dir(f->dir) != 0)) {
        err = errno;
        rc = -1;
    }
    if (rc != 0) {
        fail(d, path ? path : f->dir, "cannot write manifest", err);
        if (tmp)
            unlink(tmp);
    } else if (placed) {
        placed(ctx, path);
    }
    return rc;
}

/* Remove folder fi's old manifest, before any file of the run is replaced
 * anywhere.  Returns 0, or -1 (reported): the folder then gets no file. */
static int unmanifest(as_output *o, size_t fi, as_diags *d)
{
    folder *f = &o->f[fi];
    char *manifest = as_arena_printf(o->arena, "%s/%s", f->dir, AS_OUTPUT_MANIFEST);
    if (o->no_manifest ||
        (manifest && (unlink(manifest) == 0 || errno == ENOENT) && sync_dir(f->dir) == 0))
        return 0;
    /* renaming now would leave an old manifest that does not match */
    fail(d, manifest ? manifest : f->dir, "cannot remove the old manifest",
         manifest ? errno : ENOMEM);
    f->incomplete = true;
    f->placing = false;
    return -1;
}

/* Put the completed files of folder fi in place. */
static int place_files(as_output *o, size_t fi, as_output_placed_fn placed, void *ctx, as_diags *d)
{
    folder *f = &o->f[fi];
    int rc = 0;
    for (size_t i = 0; i < o->n; i++) {
        entry *e = &o->e[i];
        if (e->folder != fi || e->direct || !e->tmp)
            continue;
        if (rename(e->tmp, e->path) != 0) {
            fail(d, e->path, "cannot put file in place", errno);
            drop_temp(e);
            f->incomplete = true;
            rc = -1;
            continue;
        }
        e->tmp = NULL;
        if (placed)
            placed(ctx, e->path);
    }
    if (sync_dir(f->dir) != 0) {
        fail(d, f->dir, "cannot sync folder", errno);
        f->incomplete = true;
        return -1;
    }
    return rc;
}

/* Whether folder fi has a file to put in place (else its old set and its
 * manifest stay as they were). */
static bool has_files(const as_output *o, size_t fi)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->e[i].folder == fi && !o->e[i].direct && o->e[i].tmp)
            return true;
    return false;
}

/* The folders, shallowest first (a folder before every folder inside it). */
static size_t *by_depth(const as_output *o)
{
    size_t *order = malloc((o->nf ? o->nf : 1) * sizeof *order);
    for (size_t i = 0; order && i < o->nf; i++) {
        size_t j = i;
        for (; j > 0 && o->f[order[j - 1]].depth > o->f[i].depth; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    return order;
}

/* Every folder's old manifest goes (the top folder's first) before the
 * first file of the run is renamed in any folder, and the new manifests are
 * written after every rename, each folder's before the folder holding it:
 * a run killed at any moment leaves the top folder without a manifest, and
 * no old manifest beside files it does not describe. */
static int place_all(as_output *o, const size_t *order, as_output_placed_fn placed, void *ctx,
                     as_diags *d)
{
    int rc = 0;
    for (size_t k = 0; k < o->nf; k++) {
        folder *f = &o->f[order[k]];
        f->placing = f->nqueued && has_files(o, order[k]);
        if (f->placing && unmanifest(o, order[k], d) != 0)
            rc = -1;
    }
    for (size_t fi = 0; fi < o->nf; fi++)
        if (o->f[fi].placing && place_files(o, fi, placed, ctx, d) != 0)
            rc = -1;
    for (size_t k = o->nf; k-- > 0;) {
        const folder *f = &o->f[order[k]];
        if (f->placing && !f->incomplete && !o->no_manifest &&
            write_manifest(o, order[k], placed, ctx, d) != 0)
            rc = -1;
    }
    return rc;
}

int as_output_commit(as_output *o, as_output_placed_fn placed, void *ctx, as_diags *d)
{
    size_t before = as_diags_count(d);
    if (o->busy) { /* reported at the folder: another run's set is not touched */
        for (size_t i = 0; i < o->n; i++)
            drop_temp(&o->e[i]);
        return -1;
    }
    hash_all(o, d);
    sync_all(o, d);
    size_t *order = by_depth(o);
    const char *first = o->nf ? o->f[0].dir : NULL;
    if (!order)
        fail(d, first, "cannot put files in place", ENOMEM);
    else
        place_all(o, order, placed, ctx, d);
    free(order);
    return as_diags_count(d) == before ? 0 : -1;
}

/* ------------------------------------------------------------ lifecycle */

void as_output_set_manifest(as_output *o, bool on)
{
    o->no_manifest = !on;
}

as_output *as_output_new(void)
{
    as_output *o = calloc(1, sizeof *o);
    if (o && !(o->arena = as_arena_new(0))) {
        free(o);
        return NULL;
    }
    return o;
}

void as_output_free(as_output *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++)
        drop_temp(&o->e[i]);
    for (size_t i = 0; i < o->nf; i++)
        unlock_folder(&o->f[i]);
    free(o->e);
    free(o->f);
    as_arena_free(o->arena);
    free(o);
}

/* ------------------------------------------------------------ one file */

/* A file written through a stream whose every byte is hashed on its way
 * to the file (fopencookie), so the manifest needs no second read of it:
 * output i of set o gets the digest when the stream is closed after every
 * write succeeded. */
typedef struct {
    int fd;         /* the temporary file */
    EVP_MD_CTX *md; /* SHA-256 of the bytes written so far */
    as_output *o;   /* whose output ... */
    int i;          /* ... i it is (its entry is looked up at the end: the set's array grows) */
    bool failed;    /* a write or the digest failed: no digest is kept */
} hashing;

static ssize_t hashing_write(void *cookie, const char *buf, size_t n)
{
    hashing *h = cookie;
    if (!h->failed && !EVP_DigestUpdate(h->md, buf, n))
        h->failed = true;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(h->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            h->failed = true;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

static int hashing_close(void *cookie)
{
    hashing *h = cookie;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    int rc = close(h->fd);
    if (!h->failed && rc == 0 && EVP_DigestFinal_ex(h->md, md, &mdlen) && mdlen == 32) {
        entry *e = &h->o->e[h->i];
        hex_of(md, mdlen, e->sha256);
        e->hashed = true;
    }
    EVP_MD_CTX_free(h->md);
    free(h);
    return rc;
}

/* The temporary file of output i of o opened for writing: hashed on the
 * way when o writes a manifest and the file is its own (not a device),
 * else a plain stream.  NULL with errno set when it cannot be opened. */
static FILE *open_output(as_output *o, int i, const char *file)
{
    if (o->no_manifest || o->e[i].direct)
        return fopen(file, "wb");
    hashing *h = calloc(1, sizeof *h);
    if (!h || !(h->md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) ||
        (h->fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0) {
        int e = h && h->md ? errno : ENOMEM;
        if (h)
            EVP_MD_CTX_free(h->md);
        free(h);
        errno = e ? e : ENOMEM;
        return NULL;
    }
    h->o = o;
    h->i = i;
    FILE *f = fopencookie(h, "wb",
                          (cookie_io_functions_t){.write = hashing_write, .close = hashing_close});
    if (!f) {
        int e = errno;
        close(h->fd);
        EVP_MD_CTX_free(h->md);
        free(h);
        errno = e;
        return NULL;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    return f;
}

int as_output_open(as_output *o, const char *path, as_output_stream *s, as_diags *d)
{
    const char *file;
    *s = (as_output_stream){.path = path, .i = -1};
    if (!strcmp(path, "-")) {
        s->f = stdout;
        return 0;
    }
    if (!o && (o = s->own = as_output_new()) != NULL)
        as_output_set_manifest(o, false);
    if (!o)
        fail(d, path, "cannot write file", ENOMEM);
    s->i = o ? as_output_begin(o, path, &file, d) : -1;
    s->said = s->i < 0;
    if (s->i >= 0 && !(s->f = open_output(o, s->i, file))) {
        fail(d, path, "cannot write file", errno);
        s->said = true;
        as_output_end(o, s->i, false);
    }
    return s->f ? 0 : -1;
}

int as_output_close(as_output *o, as_output_stream *s, bool ok, as_diags *d)
{
    bool std = s->i < 0 && s->f == stdout;
    int err = ok ? 0 : errno ? errno : EIO;
    if (s->f && !std && fclose(s->f) != 0 && ok) {
        ok = false;
        err = errno;
    } else if (std && fflush(stdout) != 0 && ok) {
        ok = false;
        err = errno;
    }
    s->f = NULL;
    if (!ok && !s->said && std)
        as_diags_add(d, as_loc_make("standard output", 0, 0), "cannot write: %s", strerror(err));
    else if (!ok && !s->said)
        as_diags_add(d, as_loc_make(s->path, 0, 0), "cannot write file: %s", strerror(err));
    s->said = s->said || !ok;
    as_output *set = s->own ? s->own : o;
    if (s->i >= 0)
        as_output_end(set, s->i, ok);
    if (s->own && ok && s->i >= 0 && as_output_commit(s->own, NULL, NULL, d) != 0)
        ok = false;
    as_output_free(s->own);
    s->own = NULL;
    return ok ? 0 : -1;
}

int as_output_write(as_output *o, const char *path, as_output_write_fn fn, void *ctx, as_diags *d)
{
    as_output_stream s;
    if (as_output_open(o, path, &s, d) != 0)
        return as_output_close(o, &s, false, d);
    errno = 0;
    bool ok = fn(ctx, s.f) == 0;
    return as_output_close(o, &s, ok, d);
}

int as_output_build(as_output *o, const char *path, as_output_build_fn fn, void *ctx, as_diags *d)
{
    as_output *own = NULL;
    const char *file;
    if (!o && (o = own = as_output_new()) != NULL)
        as_output_set_manifest(o, false);
    if (!o) {
        fail(d, path, "cannot write file", ENOMEM);
        return -1;
    }
    int i = as_output_begin(o, path, &file, d);
    int rc = i < 0 ? -1 : fn(ctx, file, path, d);
    as_output_end(o, i, rc == 0);
    if (own && rc == 0 && as_output_commit(own, NULL, NULL, d) != 0)
        rc = -1;
    as_output_free(own);
    return rc;
}
