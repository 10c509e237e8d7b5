/* scratch: scratch state folders for the portal's unit tests. */
#include "scratch.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "report/output.h"
#include "serve/store.h"

void scratch_open(scratch *s)
{
    char err[4400];
    snprintf(s->dir, sizeof s->dir, "/tmp/test_serve.XXXXXX");
    cr_assert_not_null(mkdtemp(s->dir));
    snprintf(s->state, sizeof s->state, "%s/state", s->dir);
    snprintf(s->data, sizeof s->data, "%s/data", s->dir);
    cr_assert_eq(as_store_init(s->state), 0);
    cr_assert_eq(as_output_mkdirs(s->data), 0);
    cr_assert_eq(as_db_open(s->state, 2, &s->db, err, sizeof err), 0, "%s", err);
    s->c = as_db_get(s->db);
}

void scratch_close(scratch *s)
{
    char cmd[128];
    as_db_put(s->db, s->c);
    as_db_close(s->db);
    snprintf(cmd, sizeof cmd, "rm -rf %s", s->dir);
    cr_expect_eq(system(cmd), 0);
}

long long scratch_int(sqlite3 *c, const char *sql)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(c));
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

void scratch_portal(scratch *s, as_portal *p, uint64_t max_upload)
{
    as_diags d;
    as_portal_opts o = {.data_dir = s->data,
                        .state_dir = s->state,
                        .rules_path = ASSESS_SOURCE_DIR "/rules/2026.yaml",
                        .calendar_dir = ASSESS_SOURCE_DIR "/data/calendar",
                        .year = 2026,
                        .max_upload = max_upload,
                        .limits = {1800, 43200},
                        .threads = 1};
    as_db_put(s->db, s->c); /* the portal opens its own */
    s->c = NULL;
    as_diags_init(&d);
    cr_assert_eq(as_portal_open(p, &o, &d), 0);
    as_diags_release(&d);
}

void scratch_portal_close(scratch *s, as_portal *p)
{
    as_portal_close(p);
    s->c = as_db_get(s->db);
}
