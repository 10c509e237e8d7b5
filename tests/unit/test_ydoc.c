/* test_ydoc: loading YAML files as hostile input: the bounds on nesting,
 * values and size, keys given twice, aliases, a second document, and files
 * that are not regular (FIFO, device, folder) refused without waiting.  The
 * exact located messages are golden files beside the bad inputs in
 * tests/fixtures/ydoc/bad/.  Not tested here: what any document means (the
 * loaders' own tests do that). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/ydoc.h"

#include "support.h"

static void setup(void)
{
    cr_assert_eq(chdir(ASSESS_SOURCE_DIR), 0);
}

TestSuite(ydoc, .init = setup);

/* Load the file at path, or text (len bytes, named "mem.yaml") when path is
 * NULL, and return the messages (malloc'd); *rc gets the result. */
static char *messages(const char *path, const char *text, size_t len, int *rc)
{
    as_arena *a = as_arena_new(0);
    as_diags d;
    as_ydoc y;
    as_diags_init(&d);
    *rc = path ? as_ydoc_load(&y, path, a, &d)
               : as_ydoc_load_string(&y, "mem.yaml", text, len, a, &d);
    if (*rc == 0)
        as_ydoc_release(&y);
    char *got = joined_diags(&d);
    as_diags_release(&d);
    as_arena_free(a);
    return got;
}

static char *load_messages(const char *path, int *rc)
{
    return messages(path, NULL, 0, rc);
}

static char *string_messages(const char *text, size_t len, int *rc)
{
    return messages(NULL, text, len, rc);
}

Test(ydoc, reports_each_bad_file_at_its_line_and_column)
{
    static const char names[][32] = {"alias_cycle",   "anchor_twice",  "deep",
                                     "duplicate_key", "two_documents", "unknown_alias"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256], expected[256];
        snprintf(path, sizeof path, "tests/fixtures/ydoc/bad/%s.yaml", names[i]);
        snprintf(expected, sizeof expected, "tests/fixtures/ydoc/bad/%s.expected", names[i]);
        int rc;
        char *got = load_messages(path, &rc), *exp = golden_text(expected, got);
        cr_expect_eq(rc, -1, "%s: accepted", path);
        cr_expect_str_eq(got, exp, "%s:\nexp:\n%sgot:\n%s", path, exp, got);
        free(got);
        free(exp);
    }
}

/* libyaml's own document loader took minutes over this (the time grows with
 * the square of the depth); the bound stops it at level 65. */
Test(ydoc, stops_at_the_depth_bound_in_a_hundred_thousand_levels)
{
    size_t levels = 100000, len = 3 + 2 * levels;
    char *text = malloc(len + 1);
    cr_assert_not_null(text);
    memcpy(text, "x: ", 3);
    memset(text + 3, '[', levels);
    memset(text + 3 + levels, ']', levels);
    text[len] = '\0';
    int rc;
    char *got = string_messages(text, len, &rc);
    cr_expect_eq(rc, -1);
    cr_expect_str_eq(got, "mem.yaml:1:67: error: values nest deeper than 64 levels\n");
    free(got);
    free(text);
}

Test(ydoc, refuses_more_values_than_its_bound)
{
    size_t n = AS_YDOC_MAX_NODES, len = 0;
    char *text = malloc(4 + 2 * n + 2);
    cr_assert_not_null(text);
    len += (size_t)sprintf(text, "x: [");
    for (size_t i = 0; i < n; i++) {
        text[len++] = '0';
        text[len++] = ',';
    }
    text[len - 1] = ']';
    text[len] = '\0';
    int rc;
    char *got = string_messages(text, len, &rc);
    cr_expect_eq(rc, -1);
    /* the mapping, its key and the list are 3 values: the 500,001st is the 499,998th item */
    cr_expect_str_eq(got, "mem.yaml:1:999999: error: more than 500000 values in one file\n");
    free(got);
    free(text);
}

/* Anchors were looked up and closed by scanning every anchor so far: 200,000
 * of them with as many aliases took minutes. */
Test(ydoc, loads_many_anchors_and_aliases_in_one_pass)
{
    size_t n = 200000, len = 0, cap = 32 * n;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    len += (size_t)snprintf(text, cap, "x: [");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "&a%zu [], ", i);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "*a%zu, ", n - 1 - i);
    len += (size_t)snprintf(text + len, cap - len, "]\n");
    as_arena *a = as_arena_new(0);
    as_diags d;
    as_ydoc y;
    as_diags_init(&d);
    cr_assert_eq(as_ydoc_load_string(&y, "mem.yaml", text, len, a, &d), 0);
    yaml_node_t *list = as_ydoc_get(&y, as_ydoc_root(&y), "x");
    cr_expect_eq(list->data.sequence.items.top - list->data.sequence.items.start, 2 * (long)n);
    cr_expect_eq(list->data.sequence.items.start[0], list->data.sequence.items.start[2 * n - 1]);
    as_ydoc_release(&y);
    as_diags_release(&d);
    as_arena_free(a);
    free(text);
}

Test(ydoc, keeps_an_alias_as_the_node_its_anchor_names)
{
    static const char text[] = "a: &shared {k: 1}\nb: *shared\n";
    as_arena *a = as_arena_new(0);
    as_diags d;
    as_ydoc y;
    as_diags_init(&d);
    cr_assert_eq(as_ydoc_load_string(&y, "mem.yaml", text, sizeof text - 1, a, &d), 0);
    yaml_node_t *root = as_ydoc_root(&y);
    yaml_node_t *na = as_ydoc_get(&y, root, "a"), *nb = as_ydoc_get(&y, root, "b");
    cr_expect_eq(na, nb);
    cr_expect_str_eq(as_ydoc_scalar(as_ydoc_get(&y, nb, "k")), "1");
    as_loc l = as_ydoc_loc(&y, as_ydoc_get(&y, nb, "k"));
    cr_expect_eq(l.line, 1);
    cr_expect_eq(l.col, 16);
    as_ydoc_release(&y);
    as_diags_release(&d);
    as_arena_free(a);
}

/* Scratch folder for files that cannot live in the repository. */
static void scratch(char *dir, size_t n)
{
    snprintf(dir, n, "/tmp/test_ydoc.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

Test(ydoc, refuses_a_fifo_without_waiting_for_a_writer)
{
    char dir[64], path[96];
    scratch(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/110000.yaml", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    int rc;
    char *got = load_messages(path, &rc), exp[160];
    snprintf(exp, sizeof exp, "%s: error: cannot read a FIFO: only regular files are read\n", path);
    cr_expect_eq(rc, -1);
    cr_expect_str_eq(got, exp);
    free(got);
    unlink(path);
    rmdir(dir);
}

Test(ydoc, refuses_devices_and_folders)
{
    static const struct {
        char path[32], exp[128];
    } cases[] = {
        {"/dev/zero", "/dev/zero: error: cannot read a character device: only regular files are "
                      "read\n"},
        {"tests/fixtures", "tests/fixtures: error: cannot read a folder: only regular files are "
                           "read\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc;
        char *got = load_messages(cases[i].path, &rc);
        cr_expect_eq(rc, -1, "%s", cases[i].path);
        cr_expect_str_eq(got, cases[i].exp);
        free(got);
    }
}

Test(ydoc, refuses_a_file_past_the_size_bound_without_reading_it)
{
    char dir[64], path[96], exp[160];
    scratch(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert(fd >= 0);
    cr_assert_eq(ftruncate(fd, (off_t)AS_YDOC_MAX_BYTES + 1), 0); /* sparse: no disk used */
    close(fd);
    int rc;
    char *got = load_messages(path, &rc);
    snprintf(exp, sizeof exp, "%s: error: file is larger than 16777216 bytes\n", path);
    cr_expect_eq(rc, -1);
    cr_expect_str_eq(got, exp);
    free(got);
    unlink(path);
    rmdir(dir);
}

/* A file is parsed as it is first and its encoding looked at only when that
 * fails: what is reported must not depend on that order.  A GB18030 file
 * with a full-width colon (A3 BA) gets the note and the typing mistake; a
 * syntax error before a byte that is no text at all reports that byte; a
 * GB18030 file that parses reads its text converted; a control character in
 * UTF-8 text is libyaml's message, at the character. */
Test(ydoc, reports_the_same_whichever_route_the_text_takes)
{
    static const char gb_colon[] = "name\xa3\xba \xb1\xb1\xbe\xa9\n";
    int rc;
    char *got = string_messages(gb_colon, sizeof gb_colon - 1, &rc);
    cr_expect_eq(rc, -1);
    cr_expect_str_eq(got,
                     "mem.yaml: note: the file is not UTF-8: read it as GB18030 (GBK); save it as "
                     "UTF-8\n"
                     "mem.yaml:1:5: error: full-width colon '：' after 'name': write an ASCII "
                     "colon ':' and a space\n");
    free(got);

    static const char bad_late[] = "a: [1, 2\nb: 2\nc: \xff\xfe\xff\n";
    got = string_messages(bad_late, sizeof bad_late - 1, &rc);
    cr_expect_eq(rc, -1);
    cr_expect_str_eq(got, "mem.yaml:3:4: error: the file is neither UTF-8 nor GB18030 (GBK) from "
                          "here on: save it as UTF-8\n");
    free(got);

    static const char gb_ok[] = "name: \xb1\xb1\xbe\xa9\n";
    as_arena *a = as_arena_new(0);
    as_diags d;
    as_ydoc y;
    as_diags_init(&d);
    cr_assert_eq(as_ydoc_load_string(&y, "mem.yaml", gb_ok, sizeof gb_ok - 1, a, &d), 0);
    cr_expect_str_eq(as_ydoc_scalar(as_ydoc_get(&y, as_ydoc_root(&y), "name")), "北京");
    cr_expect_eq(as_diags_total(&d), 1); /* the note */
    as_ydoc_release(&y);
    as_diags_release(&d);
    as_arena_free(a);

    static const char control[] = "a: 1\nb: \x01\n";
    got = string_messages(control, sizeof control - 1, &rc);
    cr_expect_eq(rc, -1);
    cr_expect_str_eq(got, "mem.yaml:2:4: error: control characters are not allowed\n");
    free(got);
}
