/* release: intent, atomic placement into the data set, receipt, and the
 * reconciliation of intents at start-up. */
#include "serve/release.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/output.h"
#include "serve/db.h"
#include "serve/say.h"

/* A release between its intent and its end. */
typedef struct {
    long long id;                     /* releases.id */
    long long envelope;               /* envelopes.id */
    as_receipt r;                     /* what the receipt will say */
    char ext[8];                      /* "xlsx" or "yaml" */
    char previous_sha[AS_SHA256_HEX]; /* what was at r.path before, or "" */
    char removed[96];                 /* the other format's file removed, or "" */
    char removed_sha[AS_SHA256_HEX];  /* its bytes, kept in the store */
} intent;

void as_release_path(const as_env_key *key, const char *ext, char *out, size_t n)
{
    if (key->stage == AS_STAGE_FINDINGS) {
        snprintf(out, n, "findings/%d.yaml", key->year);
        return;
    }
    snprintf(out, n, "%s/%d/%s.%s", key->stage == AS_STAGE_VERIFIED ? "verified" : "submissions",
             key->year, key->province, ext);
}

static void data_path(const as_portal *p, const char *rel, char out[AS_STORE_PATH])
{
    snprintf(out, AS_STORE_PATH, "%s/%s", p->o.data_dir, rel);
}

static void tmp_name(const intent *i, char *out, size_t n)
{
    snprintf(out, n, ".%s.%s.assess-release-%lld.tmp", i->r.key.province, i->ext, i->id);
}

/* Keep the file at data-set path rel in the store when there is one: its
 * SHA-256 into sha, "" when there is no file.  0 or -1 (reason in why). */
static int keep_existing(const as_portal *p, const char *rel, char sha[AS_SHA256_HEX], char *why,
                         size_t n)
{
    char abs[AS_STORE_PATH];
    struct stat st;
    sha[0] = '\0';
    data_path(p, rel, abs);
    if (stat(abs, &st) != 0 && errno == ENOENT)
        return 0;
    if (as_store_put_file(p->o.state_dir, abs, sha) == 0)
        return 0;
    snprintf(why, n, "%s: %s", rel, strerror(errno));
    return -1;
}

static void take_upload(void *ctx, const as_upload *u)
{
    intent *i = ctx;
    i->r.version = u->errors ? -1 : u->version;
    snprintf(i->r.name, sizeof i->r.name, "%s", u->name);
    snprintf(i->ext, sizeof i->ext, "%s", u->ext);
    snprintf(i->r.sha256, sizeof i->r.sha256, "%s", u->sha256);
    i->r.size = u->size;
}

static int insert_intent(sqlite3 *c, intent *i, const as_history_about *who)
{
    sqlite3_stmt *st = as_db_prepare(
        c, "INSERT INTO releases (envelope, upload, number, path, previous_sha256, removed, "
           "removed_sha256, state, account, address, at) VALUES (?1, (SELECT id FROM uploads "
           "WHERE envelope = ?1 AND version = ?2), (SELECT COALESCE(MAX(number), 0) + 1 FROM "
           "releases WHERE envelope = ?1), ?3, NULLIF(?4, ''), NULLIF(?5, ''), NULLIF(?6, ''), "
           "'intent', ?7, ?8, ?9) RETURNING id, number");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, i->envelope);
    sqlite3_bind_int(st, 2, i->r.version);
    sqlite3_bind_text(st, 3, i->r.path, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, i->previous_sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, i->removed, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, i->removed_sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, who->account, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, who->address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 9, i->r.at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        i->id = sqlite3_column_int64(st, 0);
        i->r.number = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* What to release and what it replaces, checked and committed as the
 * release's intent. */
static as_env_status begin_intent(as_portal *p, sqlite3 *c, int version,
                                  const as_history_about *who, intent *i, char *why, size_t n)
{
    as_envelope e;
    char other[96];
    if (as_db_begin(c) != 0 || as_envelope_get(c, &i->r.key, &e) != 0)
        goto failed;
    if (e.state == AS_ENV_RELEASED) {
        as_db_rollback(c);
        return AS_ENV_IS_RELEASED;
    }
    i->envelope = e.id;
    i->r.version = 0;
    if (!e.id || as_envelope_upload(c, e.id, 0, take_upload, i) < 0)
        goto failed_or_empty;
    if (i->r.version <= 0 || e.state != AS_ENV_CLEAN) {
        as_db_rollback(c);
        return AS_ENV_NOT_CLEAN;
    }
    if (version > 0 && version != i->r.version) {
        as_db_rollback(c);
        return AS_ENV_NOT_LATEST;
    }
    as_release_path(&i->r.key, i->ext, i->r.path, sizeof i->r.path);
    as_release_path(&i->r.key, strcmp(i->ext, "xlsx") ? "xlsx" : "yaml", other, sizeof other);
    if (keep_existing(p, i->r.path, i->previous_sha, why, n) != 0 ||
        (strcmp(other, i->r.path) != 0 && keep_existing(p, other, i->removed_sha, why, n) != 0))
        goto failed;
    if (i->removed_sha[0])
        snprintf(i->removed, sizeof i->removed, "%s", other);
    snprintf(i->r.account, sizeof i->r.account, "%s", who->account);
    i->r.at = as_db_now();
    if (insert_intent(c, i, who) != 0 || as_db_commit(c) != 0)
        goto failed;
    return AS_ENV_OK;
failed_or_empty:
    if (!e.id) {
        as_db_rollback(c);
        return AS_ENV_NOT_CLEAN;
    }
failed:
    as_db_rollback(c);
    if (!why[0])
        snprintf(why, n, "state database");
    return AS_ENV_FAILED;
}

/* Put the released bytes in place and remove the other format's file. */
static int place(const as_portal *p, const intent *i, char *why, size_t n)
{
    char blob[AS_STORE_PATH], dest[AS_STORE_PATH], folder[AS_STORE_PATH], tmp[128];
    data_path(p, i->r.path, dest);
    snprintf(folder, sizeof folder, "%s", dest);
    *strrchr(folder, '/') = '\0';
    tmp_name(i, tmp, sizeof tmp);
    if (as_store_path(p->o.state_dir, i->r.sha256, blob) != 0 || as_output_mkdirs(folder) != 0 ||
        as_store_place(blob, dest, tmp) != 0) {
        snprintf(why, n, "%s: %s", i->r.path, strerror(errno));
        return -1;
    }
    if (i->removed[0]) {
        data_path(p, i->removed, dest);
        if ((unlink(dest) != 0 && errno != ENOENT) || as_store_sync_parent(dest) != 0) {
            snprintf(why, n, "%s: %s", i->removed, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* Mark the release done (or abandoned), with its history row. */
static int conclude(sqlite3 *c, const intent *i, const as_history_about *who, bool done,
                    const char *note)
{
    as_history_about a = as_envelope_about(&i->r.key, who);
    if (as_db_begin(c) != 0)
        return -1;
    sqlite3_stmt *st = as_db_prepare(c, "UPDATE releases SET state = ? WHERE id = ?");
    int rc = st ? 0 : -1;
    if (st) {
        sqlite3_bind_text(st, 1, done ? "done" : "abandoned", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, i->id);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    if (rc == 0 && done)
        rc = as_envelope_set_state(c, i->envelope, AS_ENV_RELEASED) |
             as_history_add(c, &a, "release",
                            "release %d: version %d as %s (%s), %lld bytes, sha256 %s%s%s%s",
                            i->r.number, i->r.version, i->r.path, i->r.name, (long long)i->r.size,
                            i->r.sha256, i->removed[0] ? "; removed " : "", i->removed, note);
    else if (rc == 0)
        rc = as_history_add(c, &a, "release_failed", "release %d of version %d: %s", i->r.number,
                            i->r.version, note);
    if (rc != 0) {
        as_db_rollback(c);
        return -1;
    }
    return as_db_commit(c);
}

as_env_status as_release_run(as_portal *p, sqlite3 *c, const as_env_key *key, int version,
                             const as_history_about *who, as_receipt *out, char *why, size_t n)
{
    intent i;
    memset(&i, 0, sizeof i);
    i.r.key = *key;
    why[0] = '\0';
    pthread_rwlock_wrlock(&p->data_lock);
    as_env_status s = begin_intent(p, c, version, who, &i, why, n);
    if (s == AS_ENV_OK && place(p, &i, why, n) != 0) {
        as_log("release of %s %d %s failed: %s", key->province, key->year,
               as_stage_name(key->stage), why);
        conclude(c, &i, who, false, why);
        s = AS_ENV_FAILED;
    } else if (s == AS_ENV_OK && conclude(c, &i, who, true, "") != 0) {
        snprintf(why, n, "state database");
        s = AS_ENV_FAILED; /* the file is in place: the next start completes the release */
    }
    pthread_rwlock_unlock(&p->data_lock);
    if (s == AS_ENV_OK)
        *out = i.r;
    return s;
}

/* ------------------------------------------------------------ reconciling at start-up */

static const char intent_columns[] =
    "r.id, r.envelope, r.number, r.path, COALESCE(r.previous_sha256, ''), "
    "COALESCE(r.removed, ''), COALESCE(r.removed_sha256, ''), r.account, r.address, r.at, "
    "u.version, u.name, u.ext, u.size, u.sha256, e.year, e.province, e.stage";

static void row_to_intent(sqlite3_stmt *st, intent *i)
{
    int k = 0;
    memset(i, 0, sizeof *i);
    i->id = sqlite3_column_int64(st, k++);
    i->envelope = sqlite3_column_int64(st, k++);
    i->r.number = sqlite3_column_int(st, k++);
    snprintf(i->r.path, sizeof i->r.path, "%s", as_db_text(st, k++));
    snprintf(i->previous_sha, sizeof i->previous_sha, "%s", as_db_text(st, k++));
    snprintf(i->removed, sizeof i->removed, "%s", as_db_text(st, k++));
    snprintf(i->removed_sha, sizeof i->removed_sha, "%s", as_db_text(st, k++));
    snprintf(i->r.account, sizeof i->r.account, "%s", as_db_text(st, k++));
    k++; /* the address: the history row of a reconciled release names start-up */
    i->r.at = sqlite3_column_int64(st, k++);
    i->r.version = sqlite3_column_int(st, k++);
    snprintf(i->r.name, sizeof i->r.name, "%s", as_db_text(st, k++));
    snprintf(i->ext, sizeof i->ext, "%s", as_db_text(st, k++));
    i->r.size = sqlite3_column_int64(st, k++);
    snprintf(i->r.sha256, sizeof i->r.sha256, "%s", as_db_text(st, k++));
    i->r.key.year = sqlite3_column_int(st, k++);
    snprintf(i->r.key.province, sizeof i->r.key.province, "%s", as_db_text(st, k++));
    as_stage_parse(as_db_text(st, k), &i->r.key.stage);
}

/* Complete one intent whose file is in place, or abandon it. */
static int settle(as_portal *p, sqlite3 *c, intent *i)
{
    char abs[AS_STORE_PATH + 160], sha[AS_SHA256_HEX] = "", tmp[128], folder[AS_STORE_PATH];
    uint64_t size;
    as_history_about who = {i->r.account, "start-up", 0, NULL, AS_STAGE_NONE};
    data_path(p, i->r.path, folder);
    bool in_place = as_store_hash_file(folder, sha, &size) == 0 && !strcmp(sha, i->r.sha256);
    *strrchr(folder, '/') = '\0';
    tmp_name(i, tmp, sizeof tmp);
    snprintf(abs, sizeof abs, "%s/%s", folder, tmp);
    unlink(abs);
    if (in_place && i->removed[0]) {
        data_path(p, i->removed, folder);
        unlink(folder);
        as_store_sync_parent(folder);
    }
    if (in_place)
        as_log("release %d of %s %d %s was left at its intent, its file in place: completed",
               i->r.number, i->r.key.province, i->r.key.year, as_stage_name(i->r.key.stage));
    else
        as_log("release %d of %s %d %s was left at its intent, its file not in place: abandoned",
               i->r.number, i->r.key.province, i->r.key.year, as_stage_name(i->r.key.stage));
    return conclude(c, i, &who, in_place,
                    in_place ? "; completed at start-up"
                             : "the portal stopped before the file was in place");
}

int as_release_reconcile(as_portal *p, sqlite3 *c)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT %s FROM releases r JOIN uploads u ON u.id = r.upload JOIN envelopes e ON "
             "e.id = r.envelope WHERE r.state = 'intent' ORDER BY r.id LIMIT 1",
             intent_columns);
    int n = 0;
    for (;;) { /* one at a time: settling one changes what the next query sees */
        sqlite3_stmt *st = as_db_prepare(c, sql);
        if (!st)
            return -1;
        intent i;
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            row_to_intent(st, &i);
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE)
            return n;
        if (rc != SQLITE_ROW || settle(p, c, &i) != 0)
            return -1;
        n++;
    }
}

/* ------------------------------------------------------------ receipts */

static int each_done(sqlite3 *c, const as_env_key *key, int number,
                     void (*fn)(void *ctx, const as_receipt *r), void *ctx)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT %s FROM releases r JOIN uploads u ON u.id = r.upload JOIN envelopes e ON "
             "e.id = r.envelope WHERE r.state = 'done' AND e.year = ?1 AND e.province = ?2 AND "
             "e.stage = ?3 AND (?4 = 0 OR r.number = ?4) ORDER BY r.number %s",
             intent_columns, number < 0 ? "DESC LIMIT 1" : "");
    sqlite3_stmt *st = as_db_prepare(c, sql);
    if (!st)
        return -1;
    as_envelope_bind_key(st, key);
    sqlite3_bind_int(st, 4, number > 0 ? number : 0);
    int rc, found = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        intent i;
        row_to_intent(st, &i);
        fn(ctx, &i.r);
        found++;
    }
    sqlite3_finalize(st);
    return rc != SQLITE_DONE ? -1 : found ? 0 : 1;
}

static void copy_receipt(void *ctx, const as_receipt *r)
{
    *(as_receipt *)ctx = *r;
}

int as_release_receipt(sqlite3 *c, const as_env_key *key, int number, as_receipt *out)
{
    return each_done(c, key, number > 0 ? number : -1, copy_receipt, out);
}

int as_release_each(sqlite3 *c, const as_env_key *key, void (*fn)(void *ctx, const as_receipt *r),
                    void *ctx)
{
    return each_done(c, key, 0, fn, ctx) < 0 ? -1 : 0;
}
