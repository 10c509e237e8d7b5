/* test_release: envelopes and releases: each upload is a new version that
 * moves the envelope to errors or clean; errors block the release; a
 * release puts the bytes as uploaded into DATA/submissions/YEAR/CODE.ext,
 * removes the other format's file (kept in the store), gives a receipt and
 * refuses further uploads until the centre reopens; a second release keeps
 * the first.  A release a stopped server left at its intent is completed at
 * start-up when its file is in place, else abandoned with its temporary file
 * removed; a data set that cannot be written (read-only, or a full disk)
 * fails the release cleanly. */
#define _GNU_SOURCE /* unshare(2) and its CLONE_ flags */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/output.h"
#include "serve/envelope.h"
#include "serve/release.h"
#include "serve/store.h"

#include "scratch.h"

static scratch s;
static as_portal p;
static const as_history_about clerk = {"nx-clerk", "127.0.0.1", 0, NULL, AS_STAGE_NONE};
static const as_env_key nx = {2026, "640000", AS_STAGE_REPORTED};

static void setup(void)
{
    scratch_open(&s);
    memset(&p, 0, sizeof p);
    p.o.data_dir = s.data;
    p.o.state_dir = s.state;
    p.db = s.db;
    pthread_rwlock_init(&p.data_lock, NULL);
}

static void teardown(void)
{
    pthread_rwlock_destroy(&p.data_lock);
    scratch_close(&s);
}

TestSuite(release, .init = setup, .fini = teardown);

/* Upload text as a version with `errors` QA errors; returns its version. */
static int upload(const char *text, const char *ext, int errors)
{
    char sha[AS_SHA256_HEX];
    cr_assert_eq(as_store_put(s.state, text, strlen(text), sha), 0);
    as_upload u = {0};
    u.name = "宁夏 2026.xlsx";
    u.ext = ext;
    u.size = (int64_t)strlen(text);
    u.sha256 = sha;
    u.qa_sha256 = u.qa_zh_sha256 = u.qa_en_sha256 = sha;
    u.errors = errors;
    cr_assert_eq(as_envelope_add_upload(s.c, &nx, &u, &clerk), AS_ENV_OK);
    return u.version;
}

static as_env_state state_of(const as_env_key *k)
{
    as_envelope e;
    cr_assert_eq(as_envelope_get(s.c, k, &e), 0);
    return e.state;
}

/* The text of data-set file rel, or NULL. */
static char *data_file(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", s.data, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 4096);
    cr_assert_not_null(buf);
    size_t n = fread(buf, 1, 4095, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static as_env_status release(int version, as_receipt *r)
{
    char why[512];
    return as_release_run(&p, s.c, &nx, version, &clerk, r, why, sizeof why);
}

Test(release, moves_the_envelope_with_each_upload_and_blocks_errors)
{
    as_receipt r;
    cr_expect_eq(state_of(&nx), AS_ENV_EMPTY);
    cr_expect_eq(release(0, &r), AS_ENV_NOT_CLEAN);
    cr_expect_eq(upload("coal: twelve\n", "yaml", 1), 1);
    cr_expect_eq(state_of(&nx), AS_ENV_ERRORS);
    cr_expect_eq(release(0, &r), AS_ENV_NOT_CLEAN);
    cr_expect_eq(upload("coal: 12\n", "yaml", 0), 2);
    cr_expect_eq(state_of(&nx), AS_ENV_CLEAN);
    cr_expect_eq(release(1, &r), AS_ENV_NOT_LATEST);
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM history WHERE event IN ('upload', 'qa')"),
                 4);
}

Test(release, puts_the_bytes_in_the_data_set_and_gives_a_receipt)
{
    as_receipt r;
    cr_assert_eq(as_output_mkdirs(strcat(strcpy((char[128]){0}, s.data), "/submissions/2026")), 0);
    FILE *old = fopen(strcat(strcpy((char[128]){0}, s.data), "/submissions/2026/640000.yaml"), "w");
    cr_assert_not_null(old);
    fputs("the sample's file\n", old);
    fclose(old);
    upload("workbook bytes", "xlsx", 0);
    cr_assert_eq(release(1, &r), AS_ENV_OK);
    cr_expect_str_eq(r.path, "submissions/2026/640000.xlsx");
    cr_expect_str_eq(r.name, "宁夏 2026.xlsx");
    cr_expect_eq(r.size, 14);
    cr_expect_eq(r.number, 1);
    cr_expect_str_eq(r.account, "nx-clerk");
    char *text = data_file("submissions/2026/640000.xlsx");
    cr_expect_str_eq(text, "workbook bytes");
    free(text);
    char sha[AS_SHA256_HEX];
    uint64_t size;
    cr_assert_eq(
        as_store_hash_file(strcat(strcpy((char[128]){0}, s.data), "/submissions/2026/640000.xlsx"),
                           sha, &size),
        0);
    cr_expect_str_eq(r.sha256, sha);
    cr_expect_null(data_file("submissions/2026/640000.yaml"), "the other format stays beside it");
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM releases WHERE removed = "
                                  "'submissions/2026/640000.yaml' AND removed_sha256 IS NOT NULL"),
                 1);
    cr_expect_eq(state_of(&nx), AS_ENV_RELEASED);
}

Test(release, refuses_uploads_once_released_until_the_centre_reopens)
{
    as_receipt r, first, second;
    const as_history_about centre = {"centre", "127.0.0.1", 0, NULL, AS_STAGE_NONE};
    upload("v1", "yaml", 0);
    cr_assert_eq(release(0, &r), AS_ENV_OK);
    as_upload u = {0};
    u.name = "x.yaml";
    u.ext = "yaml";
    u.sha256 = u.qa_sha256 = u.qa_zh_sha256 = u.qa_en_sha256 = "x";
    cr_expect_eq(as_envelope_add_upload(s.c, &nx, &u, &clerk), AS_ENV_IS_RELEASED);
    cr_expect_eq(release(0, &r), AS_ENV_IS_RELEASED);
    cr_assert_eq(as_envelope_reopen(s.c, &nx, &centre), AS_ENV_OK);
    cr_expect_eq(as_envelope_reopen(s.c, &nx, &centre), AS_ENV_NOT_RELEASED);
    cr_expect_eq(state_of(&nx), AS_ENV_REOPENED);
    upload("v2", "yaml", 0);
    cr_assert_eq(release(0, &r), AS_ENV_OK);
    cr_expect_eq(r.number, 2);
    cr_assert_eq(as_release_receipt(s.c, &nx, 1, &first), 0);
    cr_assert_eq(as_release_receipt(s.c, &nx, 0, &second), 0);
    cr_expect_eq(first.version, 1);
    cr_expect_eq(second.version, 2);
    char path[AS_STORE_PATH];
    cr_assert_eq(as_store_path(s.state, first.sha256, path), 0);
    cr_expect_eq(access(path, R_OK), 0, "the first release's bytes are kept");
    char *text = data_file("submissions/2026/640000.yaml");
    cr_expect_str_eq(text, "v2");
    free(text);
}

/* Leave a release at its intent, as a server killed before the rename. */
static void leave_intent(const char *placed)
{
    upload("released bytes", "yaml", 0);
    cr_assert_eq(sqlite3_exec(s.c,
                              "INSERT INTO releases (envelope, upload, number, path, state, "
                              "account, address, at) VALUES (1, 1, 1, "
                              "'submissions/2026/640000.yaml', 'intent', 'nx-clerk', 'x', 0)",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    char dir[128], tmp[200];
    snprintf(dir, sizeof dir, "%s/submissions/2026", s.data);
    cr_assert_eq(as_output_mkdirs(dir), 0);
    snprintf(tmp, sizeof tmp, "%s/.640000.yaml.assess-release-1.tmp", dir);
    FILE *f = fopen(tmp, "w");
    fputs("released by", f);
    fclose(f);
    if (placed) {
        snprintf(tmp, sizeof tmp, "%s/640000.yaml", dir);
        f = fopen(tmp, "w");
        fputs(placed, f);
        fclose(f);
    }
}

Test(release, completes_at_start_up_an_intent_whose_file_is_in_place)
{
    as_receipt r;
    leave_intent("released bytes");
    cr_expect_eq(as_release_reconcile(&p, s.c), 1);
    cr_expect_eq(state_of(&nx), AS_ENV_RELEASED);
    cr_assert_eq(as_release_receipt(s.c, &nx, 0, &r), 0);
    cr_expect_eq(r.version, 1);
    cr_expect_null(data_file("submissions/2026/.640000.yaml.assess-release-1.tmp"));
    cr_expect_eq(as_release_reconcile(&p, s.c), 0, "settled once");
}

Test(release, abandons_at_start_up_an_intent_whose_file_is_not_in_place)
{
    as_receipt r;
    leave_intent(NULL);
    cr_expect_eq(as_release_reconcile(&p, s.c), 1);
    cr_expect_eq(state_of(&nx), AS_ENV_CLEAN);
    cr_expect_eq(as_release_receipt(s.c, &nx, 0, &r), 1, "no receipt for what is not there");
    cr_expect_null(data_file("submissions/2026/640000.yaml"));
    cr_expect_null(data_file("submissions/2026/.640000.yaml.assess-release-1.tmp"));
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM history WHERE event = 'release_failed'"),
                 1);
}

/* Write text to path; 0 or -1. */
static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int rc = fputs(text, f) < 0 ? -1 : 0;
    return fclose(f) != 0 ? -1 : rc;
}

/* Give this test process mounts of its own, so it can mount a read-only or
 * a full file system over a folder of its scratch data set: a new mount
 * namespace (in a new user namespace when not root).  Criterion runs each
 * test in a process of its own, so nothing outlives the test.  0, or -1
 * when the system allows no such namespace. */
static int own_mounts(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    char map[64];
    if (uid == 0) {
        if (unshare(CLONE_NEWNS) != 0)
            return -1;
    } else {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0 ||
            write_text("/proc/self/setgroups", "deny") != 0)
            return -1;
        snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
        if (write_text("/proc/self/uid_map", map) != 0)
            return -1;
        snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
        if (write_text("/proc/self/gid_map", map) != 0)
            return -1;
    }
    return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

/* Release a clean version into a data set whose submissions/2026 cannot
 * take it: the release fails with the system's reason at the file, the
 * envelope stays clean, the release is abandoned, and once the folder takes
 * files again a release goes through. */
static void release_refused(const char *dir, const char *reason, void (*heal)(const char *dir))
{
    as_receipt r;
    char why[512], expected[128];
    upload("bytes", "xlsx", 0);
    cr_expect_eq(as_release_run(&p, s.c, &nx, 0, &clerk, &r, why, sizeof why), AS_ENV_FAILED);
    heal(dir);
    snprintf(expected, sizeof expected, "submissions/2026/640000.xlsx: %s", reason);
    cr_expect_not_null(strstr(why, expected), "%s", why);
    cr_expect_eq(state_of(&nx), AS_ENV_CLEAN);
    cr_expect_null(data_file("submissions/2026/640000.xlsx"));
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM releases WHERE state = 'abandoned'"), 1);
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM history WHERE event = 'release_failed'"),
                 1);
    cr_expect_eq(release(0, &r), AS_ENV_OK, "a later release goes through");
    char *text = data_file("submissions/2026/640000.xlsx");
    cr_expect_str_eq(text, "bytes");
    free(text);
}

static void unmount(const char *dir)
{
    cr_assert_eq(umount2(dir, MNT_DETACH), 0);
}

static void make_writable(const char *dir)
{
    cr_assert_eq(chmod(dir, 0755), 0);
}

static void make_room(const char *dir)
{
    char filler[160];
    snprintf(filler, sizeof filler, "%s/filler", dir);
    cr_assert_eq(unlink(filler), 0);
}

Test(release, fails_cleanly_when_the_data_set_is_read_only)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/submissions/2026", s.data);
    cr_assert_eq(as_output_mkdirs(dir), 0);
    if (own_mounts() == 0) {
        /* A read-only bind mount: refused even to root. */
        cr_assert_eq(mount(dir, dir, NULL, MS_BIND, NULL), 0);
        cr_assert_eq(mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), 0);
        release_refused(dir, "Read-only file system", unmount);
    } else if (geteuid() != 0) {
        cr_assert_eq(chmod(dir, 0555), 0);
        release_refused(dir, "Permission denied", make_writable);
    } else
        cr_skip_test("root without a mount namespace writes into any folder");
}

Test(release, fails_cleanly_when_the_disk_is_full)
{
    char dir[128], filler[160], block[4096];
    snprintf(dir, sizeof dir, "%s/submissions/2026", s.data);
    cr_assert_eq(as_output_mkdirs(dir), 0);
    if (own_mounts() != 0)
        cr_skip_test("no mount namespace to make a full file system in");
    cr_assert_eq(mount("tmpfs", dir, "tmpfs", 0, "size=64k"), 0);
    snprintf(filler, sizeof filler, "%s/filler", dir);
    FILE *f = fopen(filler, "w");
    cr_assert_not_null(f);
    memset(block, 'x', sizeof block);
    setvbuf(f, NULL, _IONBF, 0);
    while (fwrite(block, 1, sizeof block, f) == sizeof block)
        ;
    fclose(f);
    release_refused(dir, "No space left on device", make_room);
    unmount(dir);
}
