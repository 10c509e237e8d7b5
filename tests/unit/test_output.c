/* test_output: a run's set of output files in a scratch folder: files appear
 * under their final names only at commit, with a manifest sha256sum reads;
 * an old manifest goes before the first file is replaced and none comes back
 * when an output failed, and in a set of folders every old one goes before
 * the first rename and the top folder's new one comes last; a folder another
 * run is writing is refused; paths that are not regular files are written
 * directly; leftovers of dead writers are removed, nothing else is.  Not
 * tested here: what the files hold (the e2e tests read workbooks and JSON). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/output.h"

#include "support.h"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/test_output.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(output, .init = setup, .fini = teardown);

/* dir/rel, in static storage (one of four slots, used in turn). */
static const char *at(const char *rel)
{
    static char buf[4][512];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", dir, rel);
    return buf[slot];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Begin path, write text to where as_output_begin says, end it. */
static int write_one(as_output *o, const char *path, const char *text, as_diags *d)
{
    const char *file = NULL;
    int i = as_output_begin(o, path, &file, d);
    if (i < 0)
        return -1;
    put(file, text);
    as_output_end(o, i, true);
    return i;
}

/* The names in dir, space-separated, in byte order. */
static char *listing(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "ls -A %s | tr '\\n' ' '", dir);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    char *buf = calloc(1, 4096);
    cr_assert_not_null(buf);
    size_t n = fread(buf, 1, 4095, p);
    buf[n] = '\0';
    pclose(p);
    return buf;
}

static int sha256sum_check(void)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "cd %s && sha256sum --quiet -c %s", dir, AS_OUTPUT_MANIFEST);
    return system(cmd);
}

Test(output, puts_files_in_place_only_at_commit_and_writes_the_manifest_last)
{
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_output_mkdirs(at("sub/deeper")), 0);
    cr_assert_geq(write_one(o, at("r.json"), "{}\n", &d), 0);
    cr_assert_geq(write_one(o, at("sub/b.xlsx"), "bbb", &d), 0);
    cr_expect_not(exists(at("r.json")), "in place before commit");
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    char *got = listing();
    cr_expect_str_eq(got, "assess.sha256 r.json sub ");
    free(got);
    char *manifest = read_text(at(AS_OUTPUT_MANIFEST));
    cr_expect_str_eq(manifest, "ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356  "
                               "r.json\n");
    free(manifest);
    cr_expect_eq(sha256sum_check(), 0);
    cr_expect_eq(d.n, 0);
    as_diags_release(&d);
}

Test(output, escapes_names_in_the_manifest_as_sha256sum_does)
{
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    cr_assert_geq(write_one(o, at("a\\b.json"), "", &d), 0);
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    char *manifest = read_text(at(AS_OUTPUT_MANIFEST));
    cr_expect_str_eq(manifest, "\\e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                               "  a\\\\b.json\n");
    free(manifest);
    cr_expect_eq(sha256sum_check(), 0);
    as_diags_release(&d);
}

Test(output, gives_no_manifest_when_an_output_failed_and_removes_the_old_one)
{
    put(at(AS_OUTPUT_MANIFEST), "old\n");
    put(at("a.json"), "old a");
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    cr_assert_geq(write_one(o, at("a.json"), "new a", &d), 0);
    const char *file;
    int i = as_output_begin(o, at("b.json"), &file, &d);
    cr_assert_geq(i, 0);
    as_output_end(o, i, false); /* b could not be written */
    cr_expect_not(exists(file), "the failed temporary file is still there");
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    char *got = listing(), *a = read_text(at("a.json"));
    cr_expect_str_eq(got, "a.json ");
    cr_expect_str_eq(a, "new a");
    free(got);
    free(a);
    as_diags_release(&d);
}

Test(output, keeps_the_old_set_and_its_manifest_when_nothing_is_replaced)
{
    put(at(AS_OUTPUT_MANIFEST), "old\n");
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    const char *file;
    int i = as_output_begin(o, at("a.json"), &file, &d);
    as_output_end(o, i, false);
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    cr_expect(exists(at(AS_OUTPUT_MANIFEST)));
    as_diags_release(&d);
}

Test(output, refuses_a_folder_in_the_way_and_then_gives_that_folder_no_manifest)
{
    cr_assert_eq(mkdir(at("n.xlsx"), 0777), 0);
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    const char *file;
    cr_expect_eq(as_output_begin(o, at("n.xlsx"), &file, &d), -1);
    cr_assert_geq(write_one(o, at("p.xlsx"), "p", &d), 0);
    cr_expect_eq(write_one(o, at("p.xlsx"), "p again", &d), -1);
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    char *got = joined_diags(&d), exp[512];
    snprintf(exp, sizeof exp,
             "%s/n.xlsx: error: cannot write file: Is a directory\n"
             "%s/p.xlsx: error: cannot write file: it is written twice\n",
             dir, dir);
    cr_expect_str_eq(got, exp);
    free(got);
    got = listing();
    cr_expect_str_eq(got, "n.xlsx p.xlsx ");
    free(got);
    as_diags_release(&d);
}

Test(output, writes_a_fifo_directly_and_leaves_it_a_fifo)
{
    cr_assert_eq(mkfifo(at("r.json"), 0600), 0);
    int rfd = open(at("r.json"), O_RDONLY | O_NONBLOCK); /* a reader, so writing does not wait */
    cr_assert_geq(rfd, 0);
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    const char *file;
    int i = as_output_begin(o, at("r.json"), &file, &d);
    cr_assert_geq(i, 0);
    cr_expect_str_eq(file, at("r.json"));
    put(file, "{}\n");
    as_output_end(o, i, true);
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    char buf[8] = {0};
    cr_expect_eq(read(rfd, buf, sizeof buf - 1), 3);
    cr_expect_str_eq(buf, "{}\n");
    close(rfd);
    struct stat st;
    cr_assert_eq(lstat(at("r.json"), &st), 0);
    cr_expect(S_ISFIFO(st.st_mode));
    cr_expect_not(exists(at(AS_OUTPUT_MANIFEST)), "a FIFO is not a file of the set");
    as_diags_release(&d);
}

Test(output, writes_through_a_symbolic_link_and_keeps_the_link)
{
    put(at("real.json"), "old");
    cr_assert_eq(symlink("real.json", at("link.json")), 0);
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    cr_assert_geq(write_one(o, at("link.json"), "new", &d), 0);
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    struct stat st;
    cr_assert_eq(lstat(at("link.json"), &st), 0);
    cr_expect(S_ISLNK(st.st_mode));
    char *text = read_text(at("real.json"));
    cr_expect_str_eq(text, "new");
    free(text);
    as_diags_release(&d);
}

/* The pid of a process that has exited. */
static pid_t dead_pid(void)
{
    pid_t p = fork();
    cr_assert_geq(p, 0);
    if (p == 0)
        _exit(0);
    waitpid(p, NULL, 0);
    return p;
}

Test(output, removes_only_its_own_leftovers_of_writers_that_are_gone)
{
    char dead[96], live[96], locked[96];
    snprintf(dead, sizeof dead, ".a.xlsx.assess-%ld.tmp", (long)dead_pid());
    snprintf(live, sizeof live, ".b.xlsx.assess-%ld.tmp", (long)getppid()); /* alive */
    snprintf(locked, sizeof locked, ".c.xlsx.assess-%ld.tmp", (long)dead_pid());
    put(at(dead), "x");
    put(at(live), "x");
    put(at(locked), "x"); /* held, as a writer in another pid namespace would */
    int lock = open(at(locked), O_RDONLY);
    cr_assert_eq(flock(lock, LOCK_EX), 0);
    /* names this module does not make, and a FIFO, all of a dead writer's pid */
    long gone = (long)dead_pid();
    char others[4][96], fifo[96];
    snprintf(others[0], sizeof others[0], ".a.xlsx.%ld.tmp", gone);
    snprintf(others[1], sizeof others[1], "a.xlsx.assess-%ld.tmp", gone);
    snprintf(others[2], sizeof others[2], ".a.xlsx.assess-%ldx.tmp", gone);
    snprintf(others[3], sizeof others[3], ".a.xlsx.assess-%ld.tmp~", gone);
    for (size_t i = 0; i < 4; i++)
        put(at(others[i]), "x");
    snprintf(fifo, sizeof fifo, ".f.assess-%ld.tmp", gone);
    cr_assert_eq(mkfifo(at(fifo), 0600), 0);
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    cr_assert_geq(write_one(o, at("r.json"), "{}", &d), 0);
    cr_expect_not(exists(at(dead)), "a dead writer's file stays");
    cr_expect(exists(at(live)), "a live writer's file was removed");
    cr_expect(exists(at(locked)), "a locked file was removed");
    for (size_t i = 0; i < 4; i++)
        cr_expect(exists(at(others[i])), "%s was removed", others[i]);
    cr_expect(exists(at(fifo)), "a FIFO was removed");
    close(lock);
    as_output_free(o);
    as_diags_release(&d);
}

Test(output, keeps_the_files_of_a_run_that_holds_its_folder_lock_and_removes_a_dead_runs_lock)
{
    /* a run in another pid namespace: its pid is gone here, its lock is held */
    long far = (long)dead_pid(), dead = (long)dead_pid();
    char file[96], far_lock[96], dead_file[96], dead_lock[96];
    snprintf(file, sizeof file, ".a.xlsx.assess-%ld.tmp", far);
    snprintf(far_lock, sizeof far_lock, ".assess-%ld.lock", far);
    snprintf(dead_file, sizeof dead_file, ".b.xlsx.assess-%ld.tmp", dead);
    snprintf(dead_lock, sizeof dead_lock, ".assess-%ld.lock", dead);
    put(at(file), "x");
    put(at(far_lock), "");
    put(at(dead_file), "x");
    put(at(dead_lock), "");
    int lock = open(at(far_lock), O_RDONLY);
    cr_assert_eq(flock(lock, LOCK_EX), 0);
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    cr_assert_geq(write_one(o, at("r.json"), "{}", &d), 0);
    cr_expect(exists(at(file)), "the file of a run holding its lock was removed");
    cr_expect(exists(at(far_lock)), "a held lock was removed");
    cr_expect_not(exists(at(dead_file)), "a dead run's file stays");
    cr_expect_not(exists(at(dead_lock)), "a dead run's lock stays");
    char own[96];
    snprintf(own, sizeof own, ".assess-%ld.lock", (long)getpid());
    cr_expect(exists(at(own)), "no lock of its own while it writes");
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    cr_expect_not(exists(at(own)), "its lock stays after it is freed");
    close(lock);
    as_diags_release(&d);
}

/* Records the names placed, space-separated. */
static void note_placed(void *ctx, const char *path)
{
    char *names = ctx;
    const char *base = strrchr(path, '/');
    snprintf(names + strlen(names), 512 - strlen(names), "%s ", base ? base + 1 : path);
}

Test(output, writes_a_set_of_more_files_than_it_may_open_at_once)
{
    struct rlimit old, low = {.rlim_cur = 32, .rlim_max = 0};
    cr_assert_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
    low.rlim_max = old.rlim_max;
    cr_assert_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    int ok = 0;
    for (int i = 0; i < 200; i++) {
        char name[32];
        snprintf(name, sizeof name, "u%03d.xlsx", i);
        ok += write_one(o, at(name), "x", &d) >= 0;
    }
    char placed[512] = "";
    int rc = as_output_commit(o, NULL, NULL, &d);
    as_output_free(o);
    setrlimit(RLIMIT_NOFILE, &old);
    char *msgs = joined_diags(&d);
    cr_expect_eq(ok, 200, "%s", msgs);
    cr_expect_eq(rc, 0, "%s", msgs);
    free(msgs);
    cr_expect_eq(sha256sum_check(), 0);
    as_diags_release(&d);
    /* the manifest is named to the caller too, after the files */
    as_diags_init(&d);
    o = as_output_new();
    write_one(o, at("r.json"), "{}", &d);
    cr_expect_eq(as_output_commit(o, note_placed, placed, &d), 0);
    as_output_free(o);
    cr_expect_str_eq(placed, "r.json assess.sha256 ");
    as_diags_release(&d);
}

Test(output, removes_its_temporary_files_when_freed_without_commit)
{
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    cr_assert_geq(write_one(o, at("r.json"), "{}", &d), 0);
    as_output_free(o);
    char *got = listing();
    cr_expect_str_eq(got, "");
    free(got);
    as_diags_release(&d);
}

Test(output, names_the_path_and_the_reason_when_a_file_cannot_be_made)
{
    char name[300], path[400], exp[1024];
    memset(name, 'x', 255);
    strcpy(name + 255, ".json");
    snprintf(path, sizeof path, "%s/%s", dir, name);
    put(at("file"), "");
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    const char *file;
    cr_expect_eq(as_output_begin(o, path, &file, &d), -1);
    cr_expect_eq(as_output_begin(o, at("file/r.json"), &file, &d), -1);
    cr_expect_eq(as_output_begin(o, at("none/r.json"), &file, &d), -1);
    cr_expect_eq(as_output_mkdirs(at("file/sub")), -1);
    cr_expect_eq(errno, ENOTDIR);
    as_output_free(o);
    char *got = joined_diags(&d);
    snprintf(exp, sizeof exp,
             "%s: error: cannot write file: File name too long\n"
             "%s/file/r.json: error: cannot write file: Not a directory\n"
             "%s/none/r.json: error: cannot write file: No such file or directory\n",
             path, dir, dir);
    cr_expect_str_eq(got, exp);
    free(got);
    as_diags_release(&d);
}

/* Records the names placed, and whether any of the old manifests of top,
 * 2026 and 2027 was still there when the first file was placed. */
typedef struct {
    char names[512];
    bool old_manifest_at_first_rename;
} order_log;

static void note_order(void *ctx, const char *path)
{
    order_log *log = ctx;
    static const char *const manifests[] = {AS_OUTPUT_MANIFEST, "2026/" AS_OUTPUT_MANIFEST,
                                            "2027/" AS_OUTPUT_MANIFEST};
    if (!log->names[0])
        for (size_t i = 0; i < 3; i++)
            log->old_manifest_at_first_rename |= exists(at(manifests[i]));
    const char *rel = path + strlen(dir) + 1;
    snprintf(log->names + strlen(log->names), sizeof log->names - strlen(log->names), "%s ", rel);
}

Test(output, removes_every_old_manifest_before_the_first_rename_and_writes_the_top_one_last)
{
    /* an older complete set of two years: each folder with its manifest */
    cr_assert_eq(as_output_mkdirs(at("2026")), 0);
    cr_assert_eq(as_output_mkdirs(at("2027")), 0);
    static const char *const files[] = {"summary.xlsx", "2027/b.xlsx", "2026/a.xlsx"};
    for (int run = 0; run < 2; run++) {
        as_output *o = as_output_new();
        as_diags d;
        as_diags_init(&d);
        for (size_t i = 0; i < 3; i++)
            cr_assert_geq(write_one(o, at(files[i]), run ? "new" : "old", &d), 0);
        order_log log = {0};
        cr_expect_eq(as_output_commit(o, note_order, &log, &d), 0);
        as_output_free(o);
        as_diags_release(&d);
        if (!run)
            continue;
        cr_expect_not(log.old_manifest_at_first_rename, "an old manifest outlived a rename");
        cr_expect_str_eq(log.names, "summary.xlsx 2027/b.xlsx 2026/a.xlsx 2026/assess.sha256 "
                                    "2027/assess.sha256 assess.sha256 ");
    }
}

Test(output, refuses_a_folder_another_run_is_writing_and_puts_nothing_in_place)
{
    int ready[2], done[2];
    cr_assert_eq(pipe(ready), 0);
    cr_assert_eq(pipe(done), 0);
    cr_assert_eq(as_output_mkdirs(at("2026")), 0);
    put(at("2026/a.xlsx"), "older");
    pid_t other = fork(); /* another run, writing the folder 2026 until told to stop */
    cr_assert_geq(other, 0);
    if (other == 0) {
        as_output *o = as_output_new();
        as_diags d;
        as_diags_init(&d);
        write_one(o, at("2026/b.xlsx"), "its own", &d);
        char c = 'r';
        if (write(ready[1], &c, 1) != 1 || read(done[0], &c, 1) != 1)
            _exit(2);
        as_output_free(o);
        _exit(d.n ? 1 : 0);
    }
    char c;
    cr_assert_eq(read(ready[0], &c, 1), 1);
    as_output *o = as_output_new();
    as_diags d;
    as_diags_init(&d);
    cr_expect_geq(write_one(o, at("r.json"), "{}", &d), 0, "a folder nobody writes");
    const char *file;
    cr_expect_eq(as_output_begin(o, at("2026/a.xlsx"), &file, &d), -1);
    cr_expect_eq(as_output_begin(o, at("2026/c.xlsx"), &file, &d), -1);
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), -1);
    as_output_free(o);
    char *got = joined_diags(&d), exp[512];
    snprintf(exp, sizeof exp,
             "%s/2026: error: cannot write into this folder: another assess run is writing there "
             "now (it holds '.assess.lock'), so this run writes nothing; wait for it to end, or "
             "write elsewhere\n",
             dir);
    cr_expect_str_eq(got, exp, "said once for the folder");
    cr_expect_not(exists(at("r.json")), "a file was put in place beside the refused folder");
    char *older = read_text(at("2026/a.xlsx"));
    cr_expect_str_eq(older, "older");
    free(older);
    cr_assert_eq(write(done[1], "x", 1), 1);
    int status;
    cr_assert_eq(waitpid(other, &status, 0), other);
    cr_expect_eq(WEXITSTATUS(status), 0, "the other run was disturbed");
    cr_expect_not(exists(at("2026/.assess.lock")), "the run lock stays after its run");
    /* once it is gone, the folder can be written */
    o = as_output_new();
    cr_expect_geq(write_one(o, at("2026/a.xlsx"), "newer", &d), 0);
    cr_expect_eq(as_output_commit(o, NULL, NULL, &d), 0);
    as_output_free(o);
    free(got);
    as_diags_release(&d);
}
