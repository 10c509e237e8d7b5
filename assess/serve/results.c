/* results: evaluations, publication and notification dates. */
#include "serve/results.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/annual.h"
#include "base/i18n.h"
#include "engine/dataset.h"
#include "engine/eval.h"
#include "report/output.h"
#include "report/publish.h"
#include "serve/db.h"
#include "serve/html.h"
#include "serve/say.h"
#include "serve/store.h"

int as_results_published(sqlite3 *c, int year, long long *evaluation)
{
    sqlite3_stmt *st = as_db_prepare(
        c, "SELECT evaluation FROM publications WHERE year = ? ORDER BY id DESC LIMIT 1");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && evaluation)
        *evaluation = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int as_results_notified(sqlite3 *c, int year, as_date *d)
{
    sqlite3_stmt *st =
        as_db_prepare(c, "SELECT date FROM notified WHERE year = ? ORDER BY id DESC LIMIT 1");
    if (!st)
        return 0;
    sqlite3_bind_int(st, 1, year);
    int found = sqlite3_step(st) == SQLITE_ROW && as_date_parse(as_db_text(st, 0), d) == 0;
    sqlite3_finalize(st);
    return found;
}

int as_results_set_notified(sqlite3 *c, int year, as_date d, const as_history_about *who)
{
    char text[11];
    as_date_format(d, text);
    as_history_about a = *who;
    a.year = year;
    if (as_db_begin(c) != 0)
        return -1;
    sqlite3_stmt *st =
        as_db_prepare(c, "INSERT INTO notified (year, date, account, at) VALUES (?, ?, ?, ?)");
    int rc = st ? 0 : -1;
    if (st) {
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, who->account, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 4, as_db_now());
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    if (rc != 0 || as_history_add(c, &a, "notified", "notification date %s", text) != 0) {
        as_db_rollback(c);
        return -1;
    }
    return as_db_commit(c);
}

int as_results_publish(sqlite3 *c, int year, long long id, const as_history_about *who)
{
    as_history_about a = *who;
    a.year = year;
    if (as_db_begin(c) != 0)
        return -1;
    sqlite3_stmt *st = as_db_prepare(c, "INSERT INTO publications (year, evaluation, account, at) "
                                        "SELECT year, id, ?, ? FROM evaluations WHERE id = ? AND "
                                        "year = ?");
    int rc = st ? 0 : -1;
    if (st) {
        sqlite3_bind_text(st, 1, who->account, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, as_db_now());
        sqlite3_bind_int64(st, 3, id);
        sqlite3_bind_int(st, 4, year);
        rc = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(c) == 1 ? 0 : -1;
        sqlite3_finalize(st);
    }
    if (rc != 0 || as_history_add(c, &a, "publish", "evaluation %lld published", id) != 0) {
        as_db_rollback(c);
        return -1;
    }
    return as_db_commit(c);
}

int as_results_get(sqlite3 *c, int year, long long id, bool published,
                   void (*fn)(void *ctx, const as_run *r), void *ctx)
{
    sqlite3_stmt *st = as_db_prepare(
        c, published ? "SELECT e.id, e.year, COALESCE(e.notified, ''), e.folder, e.account, e.at, "
                       "COALESCE(e.notice, '') "
                       "FROM publications p JOIN evaluations e ON e.id = p.evaluation WHERE "
                       "p.year = ?1 ORDER BY p.id DESC LIMIT 1"
                     : "SELECT id, year, COALESCE(notified, ''), folder, account, at, "
                       "COALESCE(notice, '') FROM "
                       "evaluations WHERE year = ?1 AND (?2 = 0 OR id = ?2) ORDER BY id DESC "
                       "LIMIT 1");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    if (!published)
        sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        as_run r = {sqlite3_column_int64(st, 0),
                    sqlite3_column_int(st, 1),
                    as_db_text(st, 2),
                    as_db_text(st, 3),
                    as_db_text(st, 4),
                    sqlite3_column_int64(st, 5),
                    as_db_text(st, 6)};
        fn(ctx, &r);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int as_results_rows(sqlite3 *c, long long id, const char *province,
                    void (*fn)(void *ctx, const as_result_row *r), void *ctx)
{
    sqlite3_stmt *st = as_db_prepare(
        c, "SELECT province, COALESCE(grade, ''), COALESCE(grade_zh, ''), COALESCE(grade_en, ''), "
           "invalid, fraud, control_missed, support_missed, COALESCE(deadline, ''), provisional, "
           "missed, COALESCE(workbook, '') FROM evaluation_rows WHERE evaluation = ?1 AND (?2 IS "
           "NULL OR province = ?2) ORDER BY province");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (province)
        sqlite3_bind_text(st, 2, province, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        as_result_row r = {as_db_text(st, 0),
                           as_db_text(st, 1),
                           as_db_text(st, 2),
                           as_db_text(st, 3),
                           sqlite3_column_int(st, 4) != 0,
                           sqlite3_column_int(st, 5) != 0,
                           sqlite3_column_int(st, 6),
                           sqlite3_column_int(st, 7),
                           as_db_text(st, 8),
                           sqlite3_column_int(st, 9) != 0,
                           as_db_text(st, 10),
                           as_db_text(st, 11)};
        fn(ctx, &r);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ------------------------------------------------------------ an evaluation run */

/* One run: what it evaluated and wrote. */
typedef struct {
    as_annual a;         /* the run (its calendar) */
    as_annual_year y;    /* the year as evaluated */
    as_evaluation *ev;   /* y.ev, once evaluated */
    char folder[96];     /* relative to the state folder */
    char *workbooks[64]; /* per province index (at most 64 provinces kept): its file's name */
    as_diags d;          /* what went wrong */
} run_ctx;

static void on_written(void *ctx, const char *path, bool province, bool ok)
{
    run_ctx *r = ctx;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!province || !ok)
        return;
    for (size_t i = 0; i < r->ev->nprovinces && i < 64; i++) {
        char prefix[24];
        snprintf(prefix, sizeof prefix, "%d-%s-", r->ev->year, r->ev->provinces[i].province->code);
        if (!strncmp(base, prefix, strlen(prefix)) && !r->workbooks[i])
            r->workbooks[i] = strdup(base);
    }
}

/* Each province's own document, "CODE.json": the year evaluated for it alone,
 * as `assess evaluate --province CODE --json` writes it. */
static int province_documents(as_portal *p, const as_annual_opts *ao, int year, const char *dir,
                              as_output *out, as_diags *d)
{
    const as_ruleset *r = p->rules;
    unsigned char *one = calloc(r->nprovinces, 1);
    int rc = one ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < r->nprovinces; i++) {
        char path[AS_STORE_PATH + 16];
        as_annual_opts o = *ao;
        as_annual a;
        as_annual_year y;
        memset(one, 0, r->nprovinces);
        one[i] = 1;
        o.select = one;
        snprintf(path, sizeof path, "%s/%s.json", dir, r->provinces[i].code);
        as_publish_opts po = {
            .json = path, .rules_path = p->o.rules_path, .data_dir = p->o.data_dir};
        as_annual_init(&a, &o);
        pthread_rwlock_rdlock(&p->data_lock);
        rc = as_annual_run(&a, year, &y, d) == AS_ANNUAL_OK ? 0 : -1;
        pthread_rwlock_unlock(&p->data_lock);
        if (rc == 0)
            rc = as_publish_year(&a, &y, &po, out, d);
        as_annual_year_release(&y);
        as_annual_release(&a);
    }
    free(one);
    return rc;
}

/* Evaluate the data set for year as `assess evaluate` does and write its
 * workbooks and JSON into the run's folder (results.json, and each
 * province's CODE.json).  0, or -1 with the problems in r->d. */
static int evaluate(as_portal *p, int year, bool has_notified, as_date notified, run_ctx *r)
{
    char dir[AS_STORE_PATH], json[AS_STORE_PATH + 16];
    as_annual_opts ao = {.rules = p->rules,
                         .data_dir = p->o.data_dir,
                         .calendar_dir = p->o.calendar_dir,
                         .has_notified = has_notified,
                         .notified = notified};
    as_annual_init(&r->a, &ao);
    pthread_rwlock_rdlock(&p->data_lock);
    int rc = as_annual_run(&r->a, year, &r->y, &r->d) == AS_ANNUAL_OK ? 0 : -1;
    pthread_rwlock_unlock(&p->data_lock);
    if (rc != 0)
        return -1;
    r->ev = r->y.ev;
    snprintf(dir, sizeof dir, "%s/%s", p->o.state_dir, r->folder);
    snprintf(json, sizeof json, "%s/results.json", dir);
    as_publish_opts po = {.dir = dir,
                          .json = json,
                          .rules_path = p->o.rules_path,
                          .data_dir = p->o.data_dir,
                          .written = on_written,
                          .written_ctx = r};
    as_output *out = as_output_new();
    rc = !out || as_output_mkdirs(dir) != 0 ||
                 as_publish_year(&r->a, &r->y, &po, out, &r->d) != 0 ||
                 province_documents(p, &ao, year, dir, out, &r->d) != 0 ||
                 as_output_commit(out, NULL, NULL, &r->d) != 0
             ? -1
             : 0;
    as_output_free(out);
    return rc;
}

/* The missed indicators of a province, "id, id (no data)". */
static void missed_list(const as_province_result *pr, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; !pr->nerrors && i < pr->nindicators && len < n; i++) {
        const as_indicator_result *ir = &pr->indicators[i];
        if (!ir->counts_missed)
            continue;
        int w = snprintf(buf + len, n - len, "%s%s%s", len ? ", " : "", ir->def->id,
                         ir->status == AS_STATUS_NO_DATA ? " (no data)" : "");
        len += w > 0 ? (size_t)w : 0;
    }
}

static int insert_row(sqlite3 *c, long long id, const run_ctx *r, size_t i)
{
    const as_province_result *pr = &r->ev->provinces[i];
    char missed[1024], dl[11] = "";
    missed_list(pr, missed, sizeof missed);
    if (pr->has_deadline)
        as_date_format(pr->deadline.date, dl);
    sqlite3_stmt *st = as_db_prepare(
        c,
        "INSERT INTO evaluation_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?, ?)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, pr->province->code, -1, SQLITE_TRANSIENT);
    if (!pr->invalid && pr->grade) {
        sqlite3_bind_text(st, 3, pr->grade->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, pr->grade->name_zh, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, pr->grade->name_en, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int(st, 6, pr->invalid);
    sqlite3_bind_int(st, 7, pr->fraud);
    sqlite3_bind_int(st, 8, pr->nerrors ? 0 : pr->control_missed);
    sqlite3_bind_int(st, 9, pr->nerrors ? 0 : pr->support_missed);
    sqlite3_bind_text(st, 10, dl, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 11, pr->has_deadline && pr->deadline.provisional);
    sqlite3_bind_text(st, 12, missed, -1, SQLITE_TRANSIENT);
    if (i < 64 && r->workbooks[i])
        sqlite3_bind_text(st, 13, r->workbooks[i], -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Keep the run: its row, its table, its history row. */
static int record(sqlite3 *c, const run_ctx *r, bool has_notified, as_date notified,
                  const as_history_about *who, long long *id)
{
    char nd[11] = "";
    if (has_notified)
        as_date_format(notified, nd);
    else if (r->ev->has_notified)
        as_date_format(r->ev->notified, nd);
    as_history_about a = *who;
    a.year = r->ev->year;
    if (as_db_begin(c) != 0)
        return -1;
    sqlite3_stmt *st =
        as_db_prepare(c, "INSERT INTO evaluations (year, notified, folder, "
                         "account, at, notice) VALUES (?, NULLIF(?, ''), ?, ?, ?, ?)");
    int rc = st ? 0 : -1;
    if (st) {
        sqlite3_bind_int(st, 1, r->ev->year);
        sqlite3_bind_text(st, 2, nd, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, r->folder, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, who->account, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, as_db_now());
        const as_dataset *ds = r->ev->data;
        if (ds && ds->illustrative && ds->notice)
            sqlite3_bind_text(st, 6, ds->notice, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
        *id = sqlite3_last_insert_rowid(c);
    }
    for (size_t i = 0; rc == 0 && i < r->ev->nprovinces; i++)
        rc = insert_row(c, *id, r, i);
    if (rc != 0 || as_history_add(c, &a, "evaluate", "evaluation %lld: %zu provinces, %zu invalid",
                                  *id, r->ev->nprovinces, r->ev->ninvalid) != 0) {
        as_db_rollback(c);
        return -1;
    }
    return as_db_commit(c);
}

/* Whether the data set has no released submission for year (as
 * `assess evaluate` finds an empty year): then why (size n) says so in
 * lang, with the years there are. */
static bool year_empty(as_portal *p, int year, as_page_lang lang, char *why, size_t n)
{
    char have[256];
    pthread_rwlock_rdlock(&p->data_lock);
    bool empty = as_dataset_year_empty(p->o.data_dir, year);
    if (empty)
        as_dataset_submission_years_text(p->o.data_dir, have, sizeof have);
    pthread_rwlock_unlock(&p->data_lock);
    if (!empty)
        return false;
    if (have[0])
        snprintf(why, n,
                 as_page_tr(lang, N_("no submission for %d has been released: nothing was "
                                     "evaluated, written or published (released submissions "
                                     "are for %s)")),
                 year, have);
    else
        snprintf(why, n,
                 as_page_tr(lang, N_("no submission for %d has been released: nothing was "
                                     "evaluated, written or published (no submission has been "
                                     "released for any year)")),
                 year);
    return true;
}

int as_results_run(as_portal *p, sqlite3 *c, int year, as_page_lang lang,
                   const as_history_about *who, long long *id, char *why, size_t n)
{
    if (year_empty(p, year, lang, why, n))
        return -1;
    run_ctx r;
    memset(&r, 0, sizeof r);
    as_diags_init(&r.d);
    as_date notified = 0;
    bool has = as_results_notified(c, year, &notified) == 1;
    unsigned char rnd[4];
    char hex[9];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    snprintf(r.folder, sizeof r.folder, "runs/%d-%lld-%s", year, (long long)as_db_now(), hex);
    int rc = evaluate(p, year, has, notified, &r);
    if (rc == 0 && record(c, &r, has, notified, who, id) != 0) {
        snprintf(why, n, "state database");
        rc = -1;
    } else if (rc != 0) {
        char *first = r.d.n ? as_diag_format(&r.d.items[0]) : NULL;
        snprintf(why, n, "%s", first ? first : "out of memory");
        free(first);
    }
    for (size_t i = 0; i < 64; i++)
        free(r.workbooks[i]);
    as_diags_release(&r.d);
    as_annual_year_release(&r.y);
    as_annual_release(&r.a);
    return rc;
}
