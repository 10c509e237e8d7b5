/* test_db: the state database: a new state folder gets the whole schema, an
 * existing one is opened as it is, one written by a newer assess is refused,
 * and what happened cannot be rewritten: history rows, uploaded versions,
 * evaluations, publications and notification dates refuse UPDATE and
 * DELETE, and a release only moves on from its intent, once. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "serve/db.h"
#include "serve/history.h"

#include "scratch.h"

static scratch s;

static void setup(void)
{
    scratch_open(&s);
}

static void teardown(void)
{
    scratch_close(&s);
}

TestSuite(db, .init = setup, .fini = teardown);

Test(db, gives_a_new_state_the_whole_schema)
{
    cr_expect_eq(scratch_int(s.c, "PRAGMA user_version"), as_db_schema_version());
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                  "name IN ('accounts', 'sessions', 'envelopes', 'uploads', "
                                  "'releases', 'history', 'evaluations', 'publications')"),
                 8);
    cr_expect_eq(scratch_int(s.c, "SELECT 1 FROM pragma_journal_mode WHERE journal_mode = 'wal'"),
                 1);
}

Test(db, opens_an_existing_state_as_it_is)
{
    as_history_about a = {"centre", "127.0.0.1", 2026, "640000", AS_STAGE_REPORTED};
    cr_assert_eq(as_history_add(s.c, &a, "reopen", "%s", "kept"), 0);
    as_db *again = NULL;
    char err[4400];
    cr_assert_eq(as_db_open(s.state, 1, &again, err, sizeof err), 0, "%s", err);
    sqlite3 *c = as_db_get(again);
    cr_expect_eq(scratch_int(c, "SELECT count(*) FROM history WHERE detail = 'kept'"), 1);
    as_db_put(again, c);
    as_db_close(again);
}

Test(db, refuses_a_state_written_by_a_newer_assess)
{
    char sql[64], err[4400];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", as_db_schema_version() + 1);
    cr_assert_eq(as_db_exec(s.c, sql), 0);
    as_db *again = NULL;
    cr_expect_eq(as_db_open(s.state, 1, &again, err, sizeof err), -1);
    cr_expect_not_null(strstr(err, "newer assess"), "%s", err);
}

/* The SQLite result of running sql on c. */
static int try_sql(sqlite3 *c, const char *sql)
{
    return sqlite3_exec(c, sql, NULL, NULL, NULL);
}

Test(db, refuses_to_change_or_delete_history)
{
    as_history_about a = {"nx", "127.0.0.1", 2026, "640000", AS_STAGE_REPORTED};
    cr_assert_eq(as_history_add(s.c, &a, "upload", "version %d", 1), 0);
    cr_expect_neq(try_sql(s.c, "UPDATE history SET detail = 'forged'"), SQLITE_OK);
    cr_expect_str_eq(sqlite3_errmsg(s.c), "history rows are never changed");
    cr_expect_neq(try_sql(s.c, "DELETE FROM history"), SQLITE_OK);
    cr_expect_eq(scratch_int(s.c, "SELECT count(*) FROM history WHERE detail = 'version 1'"), 1);
}

Test(db, refuses_to_change_uploads_evaluations_publications_and_dates)
{
    cr_assert_eq(try_sql(s.c,
                         "INSERT INTO envelopes VALUES (1, 2026, '640000', 'reported', 'clean');"
                         "INSERT INTO uploads VALUES (1, 1, 1, 'a.xlsx', 'xlsx', 3, 'x', 'q', "
                         "'z', 'e', 0, 0, 0, 'nx', '127.0.0.1', 0);"
                         "INSERT INTO evaluations VALUES (1, 2026, NULL, 'runs/1', 'c', 0, NULL);"
                         "INSERT INTO publications VALUES (1, 2026, 1, 'c', 0);"
                         "INSERT INTO notified VALUES (1, 2026, '2027-06-30', 'c', 0);"),
                 SQLITE_OK, "%s", sqlite3_errmsg(s.c));
    static const char *const refused[] = {
        "UPDATE uploads SET sha256 = 'y'",         "DELETE FROM uploads",
        "UPDATE evaluations SET year = 2027",      "DELETE FROM evaluations",
        "UPDATE publications SET evaluation = 2",  "DELETE FROM publications",
        "UPDATE notified SET date = '2027-07-01'", "DELETE FROM notified"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        cr_expect_neq(try_sql(s.c, refused[i]), SQLITE_OK, "%s went through", refused[i]);
}

Test(db, lets_a_release_move_on_from_its_intent_once)
{
    cr_assert_eq(try_sql(s.c,
                         "INSERT INTO envelopes VALUES (1, 2026, '640000', 'reported', 'clean');"
                         "INSERT INTO uploads VALUES (1, 1, 1, 'a.xlsx', 'xlsx', 3, 'x', 'q', "
                         "'z', 'e', 0, 0, 0, 'nx', '127.0.0.1', 0);"
                         "INSERT INTO releases VALUES (1, 1, 1, 1, 'submissions/2026/640000.xlsx',"
                         " NULL, NULL, NULL, 'intent', 'nx', '127.0.0.1', 0);"),
                 SQLITE_OK, "%s", sqlite3_errmsg(s.c));
    cr_expect_neq(try_sql(s.c, "UPDATE releases SET path = 'elsewhere', state = 'done'"),
                  SQLITE_OK);
    cr_expect_eq(try_sql(s.c, "UPDATE releases SET state = 'done'"), SQLITE_OK);
    cr_expect_neq(try_sql(s.c, "UPDATE releases SET state = 'abandoned'"), SQLITE_OK);
    cr_expect_neq(try_sql(s.c, "DELETE FROM releases"), SQLITE_OK);
}
