/* backup: SQLite's online backup, then the content-addressed files. */
#include "serve/backup.h"

#include <dirent.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/output.h"
#include "serve/db.h"
#include "serve/store.h"

/* The database at src copied into the new file dst, a page at a time,
 * taking turns with the running portal's writers. */
static int copy_database(const char *src, const char *dst, as_diags *d)
{
    sqlite3 *from = NULL, *to = NULL;
    int rc = sqlite3_open_v2(src, &from, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(to, "main", from, "main") : NULL;
    if (b) {
        do {
            rc = sqlite3_backup_step(b, 256);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        rc = sqlite3_backup_finish(b) == SQLITE_OK && rc == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    } else if (rc == SQLITE_OK)
        rc = SQLITE_ERROR;
    if (rc != SQLITE_OK)
        as_diags_add(d, as_loc_make(src, 0, 0), "cannot back up the database: %s",
                     to     ? sqlite3_errmsg(to)
                     : from ? sqlite3_errmsg(from)
                            : "out of memory");
    sqlite3_close(from);
    sqlite3_close(to);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Copy the regular files of folder src into dst, and its folders in turn
 * (depth levels deep). */
static int copy_tree(const char *src, const char *dst, int depth, as_diags *d)
{
    DIR *dir = opendir(src);
    struct dirent *e;
    int rc = 0;
    if (!dir)
        return errno == ENOENT ? 0 : -1;
    if (as_output_mkdirs(dst) != 0)
        rc = -1;
    while (rc == 0 && (e = readdir(dir))) {
        char from[AS_STORE_PATH], to[AS_STORE_PATH];
        struct stat st;
        if (e->d_name[0] == '.')
            continue; /* also a temporary file of a writer at work */
        snprintf(from, sizeof from, "%s/%s", src, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dst, e->d_name);
        if (lstat(from, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth > 0)
            rc = copy_tree(from, to, depth - 1, d);
        else if (S_ISREG(st.st_mode) && as_store_place(from, to, ".backup.tmp") != 0) {
            as_diags_add(d, as_loc_make(to, 0, 0), "cannot copy '%s': %s", from, strerror(errno));
            rc = -1;
        }
    }
    closedir(dir);
    return rc;
}

int as_backup_state(const char *state, const char *dest, as_diags *d)
{
    char src[AS_STORE_PATH], dst[AS_STORE_PATH];
    if (mkdir(dest, 0700) != 0 &&
        !(errno == EEXIST && rmdir(dest) == 0 && mkdir(dest, 0700) == 0)) {
        as_diags_add(d, as_loc_make(dest, 0, 0),
                     "cannot make the backup folder (it must not exist, or be empty): %s",
                     strerror(errno));
        return -1;
    }
    snprintf(src, sizeof src, "%s/%s", state, AS_DB_FILE);
    snprintf(dst, sizeof dst, "%s/%s", dest, AS_DB_FILE);
    if (copy_database(src, dst, d) != 0)
        return -1;
    static const char *const trees[] = {"files", "runs"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(src, sizeof src, "%s/%s", state, trees[i]);
        snprintf(dst, sizeof dst, "%s/%s", dest, trees[i]);
        if (copy_tree(src, dst, 1, d) != 0) {
            if (!d->n)
                as_diags_add(d, as_loc_make(src, 0, 0), "cannot copy: %s", strerror(errno));
            return -1;
        }
    }
    return 0;
}
