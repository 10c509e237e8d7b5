/* qa: the check of an upload, run once and kept as JSON and HTML. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "serve/qa.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/selfcheck.h"
#include "base/arena.h"
#include "base/i18n.h"
#include "engine/dataset.h"
#include "report/checkjson.h"
#include "report/json.h"
#include "serve/qa_page.h"
#include "serve/store.h"

void as_qa_init(as_qa *q)
{
    memset(q, 0, sizeof *q);
    as_buf_init(&q->json);
    as_buf_init(&q->html[0]);
    as_buf_init(&q->html[1]);
}

void as_qa_release(as_qa *q)
{
    as_buf_release(&q->json);
    as_buf_release(&q->html[0]);
    as_buf_release(&q->html[1]);
}

/* ------------------------------------------------------------ scratch folders */

/* A scratch folder for one check: tmp/qa-RANDOM/, with the stored file as
 * rel in it (a name the server makes, so the format is read from it and no
 * client name becomes a path). */
typedef struct {
    char dir[AS_STORE_PATH];
    char path[AS_STORE_PATH + 64];     /* the file checked */
    char links[4][AS_STORE_PATH + 64]; /* the data set's entries linked beside it */
    size_t nlinks;
    bool sub; /* rel is in a subfolder (findings/) */
} scratch;

static int scratch_open(const as_portal *p, const char *blob, const char *rel, scratch *s)
{
    unsigned char r[8];
    char hex[17];
    memset(s, 0, sizeof *s);
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, sizeof hex, r, sizeof r);
    snprintf(s->dir, sizeof s->dir, "%s/tmp/qa-%s", p->o.state_dir, hex);
    snprintf(s->path, sizeof s->path, "%s/%s", s->dir, rel);
    if (mkdir(s->dir, 0700) != 0)
        return -1;
    if (strchr(rel, '/')) {
        char sub[sizeof s->path];
        memcpy(sub, s->path, sizeof sub);
        *strrchr(sub, '/') = '\0';
        s->sub = mkdir(sub, 0700) == 0;
    }
    if (link(blob, s->path) == 0 || as_store_place(blob, s->path, ".copy") == 0)
        return 0;
    return -1;
}

/* Link the data set's entry name (a file or folder) into the scratch folder. */
static void scratch_link(const as_portal *p, scratch *s, const char *name)
{
    char target[AS_STORE_PATH], link_path[sizeof s->links[0]], *real;
    snprintf(target, sizeof target, "%s/%s", p->o.data_dir, name);
    if (s->nlinks >= 4 || !(real = realpath(target, NULL)))
        return;
    snprintf(link_path, sizeof link_path, "%s/%s", s->dir, name);
    if (symlink(real, link_path) == 0)
        memcpy(s->links[s->nlinks++], link_path, sizeof link_path);
    free(real);
}

static void scratch_close(scratch *s)
{
    unlink(s->path);
    for (size_t i = 0; i < s->nlinks; i++)
        unlink(s->links[i]);
    if (s->sub) {
        char sub[sizeof s->path];
        memcpy(sub, s->path, sizeof sub);
        *strrchr(sub, '/') = '\0';
        rmdir(sub);
    }
    rmdir(s->dir);
}

/* ------------------------------------------------------------ naming and counting */

/* The file a diagnostic names, as a person should read it: the checked file
 * by the client's name, another file of the scratch folder by its path in
 * the data set (pointing into the original), anything else as it is. */
static const char *shown(const char *f, const scratch *s, const char *name)
{
    size_t dn = strlen(s->dir);
    if (f && !strcmp(f, s->path))
        return name;
    if (f && !strncmp(f, s->dir, dn) && f[dn] == '/')
        return f + dn + 1;
    return f;
}

/* Rename the files of a list's diagnostics (it owns them: copies). */
static void relabel_list(as_diags *d, const scratch *s, const char *name)
{
    for (size_t i = 0; i < d->n; i++) {
        as_diag *e = &d->items[i];
        const char *f = shown(e->loc.file, s, name);
        char *copy = f != e->loc.file ? strdup(f) : NULL;
        if (copy) {
            free((char *)e->loc.file);
            e->loc.file = copy;
        }
    }
}

static void count(as_qa *q, const as_diag *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        q->errors += items[i].sev == AS_SEV_ERROR;
        q->warnings += items[i].sev == AS_SEV_WARNING;
        q->notes += items[i].sev == AS_SEV_NOTE;
    }
}

/* Write a JSON document into b through the one writer: fn writes it. */
static int write_json(as_buf *b, int wrap, void (*fn)(as_json *j, const void *ctx), const void *ctx)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return -1;
    as_json j;
    as_json_init(&j, f, wrap);
    fn(&j, ctx);
    int rc = as_json_finish(&j);
    rc |= fclose(f);
    if (rc == 0)
        as_buf_add(b, text, len);
    free(text);
    return rc == 0 && !b->failed ? 0 : -1;
}

/* ------------------------------------------------------------ a province's figures */

typedef struct {
    const as_ruleset *r;
    const as_check_item *it;
} check_doc;

static void put_check(as_json *j, const void *ctx)
{
    const check_doc *c = ctx;
    as_checkjson_write(j, c->r, c->it, 1);
}

/* The file must be the envelope's: its province and year. */
static void envelope_guard(as_check_item *it, const as_env_key *key, const as_ruleset *r)
{
    const as_submission *s = it->s;
    if (!s || (!strcmp(r->provinces[s->province].code, key->province) && s->year == key->year))
        return;
    as_diags_add(&it->diags, s->header_loc,
                 "this file is the submission of %s for %d; this envelope is %s's for %d",
                 r->provinces[s->province].code, s->year, key->province, key->year);
    it->status = AS_CHECK_INVALID;
}

/* The self-check `assess check --data DATA` runs. */
static int check_reported(as_portal *p, const as_env_key *key, const scratch *s, const char *name,
                          as_qa *out)
{
    as_check_opts o = {.rules = p->rules, .data = p->o.data_dir};
    as_check_run *run = as_check_new(&o);
    as_check_item it;
    if (!run)
        return -1;
    pthread_rwlock_rdlock(&p->data_lock);
    as_check_file(run, s->path, &it);
    pthread_rwlock_unlock(&p->data_lock);
    envelope_guard(&it, key, p->rules);
    it.file = name;
    relabel_list(&it.diags, s, name);
    as_province_result *pr = it.pr ? it.ev->provinces + (it.pr - it.ev->provinces) : NULL;
    for (size_t i = 0; pr && i < pr->ndiags; i++) /* the evaluation's own copies */
        pr->diags[i].loc.file = shown(pr->diags[i].loc.file, s, name);
    count(out, it.problems.items, it.problems.n);
    count(out, it.diags.items, it.diags.n);
    if (it.pr)
        count(out, it.pr->diags, it.pr->ndiags);
    out->errors += (int)(it.diags.dropped_errors + it.problems.dropped_errors);
    check_doc doc = {p->rules, &it};
    int rc = write_json(&out->json, AS_CHECKJSON_WRAP, put_check, &doc);
    as_qa_summary sum = {name, out->errors, out->warnings, out->notes};
    as_qa_page_check(&out->html[AS_PAGE_ZH], AS_PAGE_ZH, &sum, &it);
    as_qa_page_check(&out->html[AS_PAGE_EN], AS_PAGE_EN, &sum, &it);
    as_check_item_release(&it);
    as_check_free(run);
    return rc;
}

/* ------------------------------------------------------------ verified figures and findings */

/* Verified figures, read as the data set reads them. */
static void read_verified(as_portal *p, const as_env_key *key, const scratch *s, as_diags *d)
{
    as_arena *a = as_arena_new(0);
    as_submission *sub = NULL;
    if (!a) {
        as_diags_add(d, as_loc_make(s->path, 0, 0), "out of memory");
        return;
    }
    pthread_rwlock_rdlock(&p->data_lock);
    as_submission_load(p->rules, s->path, a, key->province, key->year, true, &sub, d);
    pthread_rwlock_unlock(&p->data_lock);
    as_arena_free(a);
}

/* The year's findings: the data set loaded with this file as its findings. */
static void read_findings(as_portal *p, const as_env_key *key, scratch *s, as_diags *d)
{
    static const char *const entries[] = {"dataset.yaml", "targets", "submissions", "verified"};
    as_dataset *ds = NULL;
    for (size_t i = 0; i < 4; i++)
        scratch_link(p, s, entries[i]);
    pthread_rwlock_rdlock(&p->data_lock);
    as_dataset_load(p->rules, s->dir, key->year, &ds, d);
    pthread_rwlock_unlock(&p->data_lock);
    as_dataset_free(ds);
}

static void put_list(as_json *j, const as_diags *d, as_severity sev)
{
    as_json_begin_array(j);
    for (size_t i = 0; i < d->n; i++) {
        char *line = d->items[i].sev == sev ? as_diag_format(&d->items[i]) : NULL;
        if (line)
            as_json_string(j, line);
        free(line);
    }
    as_json_end(j);
}

static void put_lists(as_json *j, const void *ctx)
{
    const as_diags *d = ctx;
    as_json_begin_object(j);
    as_json_key(j, "errors");
    put_list(j, d, AS_SEV_ERROR);
    as_json_key(j, "warnings");
    put_list(j, d, AS_SEV_WARNING);
    as_json_key(j, "notes");
    put_list(j, d, AS_SEV_NOTE);
    as_json_end(j);
}

static int check_other(as_portal *p, const as_env_key *key, scratch *s, const char *name,
                       as_qa *out)
{
    as_diags d;
    as_diags_init(&d);
    if (key->stage == AS_STAGE_FINDINGS)
        read_findings(p, key, s, &d);
    else
        read_verified(p, key, s, &d);
    relabel_list(&d, s, name);
    count(out, d.items, d.n);
    out->errors += (int)d.dropped_errors;
    int rc = write_json(&out->json, 2, put_lists, &d);
    as_qa_summary sum = {name, out->errors, out->warnings, out->notes};
    const as_diags *lists[] = {&d};
    as_qa_page_diags(&out->html[AS_PAGE_ZH], AS_PAGE_ZH, &sum, lists, 1);
    as_qa_page_diags(&out->html[AS_PAGE_EN], AS_PAGE_EN, &sum, lists, 1);
    as_diags_release(&d);
    return rc;
}

int as_qa_run(as_portal *p, const as_env_key *key, const char *blob, const char *ext,
              const char *name, as_qa *out)
{
    char rel[64];
    scratch s;
    if (key->stage == AS_STAGE_FINDINGS)
        snprintf(rel, sizeof rel, "findings/%d.yaml", key->year);
    else
        snprintf(rel, sizeof rel, "%s.%s", key->province, ext);
    int rc = scratch_open(p, blob, rel, &s);
    if (rc == 0 && key->stage == AS_STAGE_REPORTED)
        rc = check_reported(p, key, &s, name, out);
    else if (rc == 0)
        rc = check_other(p, key, &s, name, out);
    scratch_close(&s);
    return rc;
}
