/* qa: the self-check of an upload, rendered once in each language. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "serve/qa.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/arena.h"
#include "engine/dataset.h"
#include "engine/i18n.h"
#include "serve/api.h"

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

/* Name every diagnostic's file as the client named it rather than by the
 * scratch copy's path, and any other file of the scratch folder by its path
 * in the data set: no path of the server reaches a page. */
static void relabel(as_diags *d, const char *dir, const char *path, const char *name)
{
    size_t dn = strlen(dir);
    for (size_t i = 0; i < d->n; i++) {
        as_diag *e = &d->items[i];
        const char *f = e->loc.file;
        char *copy = NULL;
        if (f && !strcmp(f, path))
            copy = strdup(name);
        else if (f && !strncmp(f, dir, dn) && f[dn] == '/')
            copy = strdup(f + dn + 1);
        if (copy) {
            free((char *)e->loc.file);
            e->loc.file = copy;
        }
    }
}

/* Where in the file, as its reader names it: a workbook's "Sheet!D15", a
 * text file's line and column, or nothing for the whole file. */
static void where(const as_diag *e, as_page_lang lang, char *out, size_t n)
{
    as_loc l = e->loc;
    out[0] = '\0';
    if (l.sheet) {
        l.file = "";
        as_loc_print(out, n, l);
        if (out[0] == ':')
            memmove(out, out + 1, strlen(out));
    } else if (l.line > 0 && l.col > 0)
        snprintf(out, n, as_page_tr(lang, N_("line %d, column %d")), l.line, l.col);
    else if (l.line > 0)
        snprintf(out, n, as_page_tr(lang, N_("line %d")), l.line);
}

static const char *sev_label(as_page_lang lang, as_severity s)
{
    return as_page_tr(lang, s == AS_SEV_ERROR     ? N_("error")
                            : s == AS_SEV_WARNING ? N_("warning")
                                                  : N_("note"));
}

/* The diagnostics as a table in lang. */
static void render(const as_diags *d, const char *name, const as_qa *q, as_page_lang lang,
                   as_buf *b)
{
    as_html(b, "<section class=\"qa\"><h2>%s</h2><p class=\"%s\">", as_page_tr(lang, N_("QA")),
            q->errors ? "bad" : "good");
    as_html_say(b, lang, "%s: %d errors, %d warnings, %d notes", name, q->errors, q->warnings,
                q->notes);
    as_html(b, " %s</p>\n",
            q->errors ? as_page_tr(lang, N_("Errors block the release: fix them and upload again."))
                      : as_page_tr(lang, N_("No errors: this version may be released.")));
    if (!d->n) {
        as_html(b, "</section>\n");
        return;
    }
    as_html(b,
            "<table class=\"diags\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
            "<tbody>\n",
            as_page_tr(lang, N_("kind")), as_page_tr(lang, N_("where")),
            as_page_tr(lang, N_("what to fix")));
    for (size_t i = 0; i < d->n; i++) {
        const as_diag *e = &d->items[i];
        char at[512];
        where(e, lang, at, sizeof at);
        const char *msg = lang == AS_PAGE_ZH && e->msg_tr ? e->msg_tr : e->msg;
        as_html(b, "<tr class=\"%s\"><td>%s</td><td class=\"at\">%s</td><td>%s</td></tr>\n",
                as_severity_name(e->sev), sev_label(lang, e->sev), at, msg);
    }
    if (d->dropped)
        as_html(b, "<tr><td colspan=\"3\">… %zu</td></tr>\n", d->dropped);
    as_html(b, "</tbody></table></section>\n");
}

/* The diagnostics of one severity as a JSON list of located lines. */
static void json_list(as_buf *b, const as_diags *d, as_severity sev)
{
    bool first = true;
    as_buf_puts(b, "[");
    for (size_t i = 0; i < d->n; i++) {
        if (d->items[i].sev != sev)
            continue;
        char *line = as_diag_format(&d->items[i]);
        as_buf_puts(b, first ? "" : ", ");
        as_api_str(b, line ? line : "");
        free(line);
        first = false;
    }
    as_buf_puts(b, "]");
}

/* ------------------------------------------------------------ scratch folders */

/* A scratch folder for one check: tmp/qa-RANDOM/, with the stored file as
 * rel in it (a name the server makes, so the format is read from it and no
 * client name becomes a path). */
typedef struct {
    char dir[AS_STORE_PATH];
    char path[AS_STORE_PATH + 64];     /* the file checked */
    char links[4][AS_STORE_PATH + 64]; /* the data set's files linked beside it */
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
        char sub[AS_STORE_PATH + 64];
        snprintf(sub, sizeof sub, "%s", s->path);
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
    char target[AS_STORE_PATH], *real;
    snprintf(target, sizeof target, "%s/%s", p->o.data_dir, name);
    if (s->nlinks >= 4 || !(real = realpath(target, NULL)))
        return;
    char link_path[sizeof s->links[0]];
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

/* ------------------------------------------------------------ the checks */

/* A submission: read as `assess check` reads it, its header required to
 * name the envelope's province, year and stage. */
static int check_submission(as_portal *p, const as_env_key *key, const scratch *s, as_diags *d)
{
    as_arena *a = as_arena_new(0);
    as_submission *sub = NULL;
    if (!a)
        return -1;
    pthread_rwlock_rdlock(&p->data_lock);
    as_submission_load(p->rules, s->path, a, key->province, key->year,
                       key->stage == AS_STAGE_VERIFIED, &sub, d);
    pthread_rwlock_unlock(&p->data_lock);
    as_arena_free(a);
    return 0;
}

/* The year's findings: the data set loaded with this file as its findings,
 * as `assess validate` and `evaluate` read it. */
static int check_findings(as_portal *p, const as_env_key *key, scratch *s, as_diags *d)
{
    static const char *const entries[] = {"dataset.yaml", "targets", "submissions", "verified"};
    as_dataset *ds = NULL;
    for (size_t i = 0; i < 4; i++)
        scratch_link(p, s, entries[i]);
    pthread_rwlock_rdlock(&p->data_lock);
    as_dataset_load(p->rules, s->dir, key->year, &ds, d);
    pthread_rwlock_unlock(&p->data_lock);
    as_dataset_free(ds);
    return 0;
}

int as_qa_run(as_portal *p, const as_env_key *key, const char *blob, const char *ext,
              const char *name, as_qa *out)
{
    char rel[64];
    scratch s;
    as_diags d;
    if (key->stage == AS_STAGE_FINDINGS)
        snprintf(rel, sizeof rel, "findings/%d.yaml", key->year);
    else
        snprintf(rel, sizeof rel, "%s.%s", key->province, ext);
    as_diags_init(&d);
    int rc = scratch_open(p, blob, rel, &s);
    if (rc == 0)
        rc = key->stage == AS_STAGE_FINDINGS ? check_findings(p, key, &s, &d)
                                             : check_submission(p, key, &s, &d);
    scratch_close(&s);
    if (rc != 0) {
        as_diags_release(&d);
        return -1;
    }
    relabel(&d, s.dir, s.path, name);
    for (size_t i = 0; i < d.n; i++) {
        out->errors += d.items[i].sev == AS_SEV_ERROR;
        out->warnings += d.items[i].sev == AS_SEV_WARNING;
        out->notes += d.items[i].sev == AS_SEV_NOTE;
    }
    out->errors += (int)d.dropped_errors;
    as_buf_puts(&out->json, "{\"errors\": ");
    json_list(&out->json, &d, AS_SEV_ERROR);
    as_buf_puts(&out->json, ", \"warnings\": ");
    json_list(&out->json, &d, AS_SEV_WARNING);
    as_buf_puts(&out->json, ", \"notes\": ");
    json_list(&out->json, &d, AS_SEV_NOTE);
    as_buf_puts(&out->json, "}");
    render(&d, name, out, AS_PAGE_ZH, &out->html[AS_PAGE_ZH]);
    render(&d, name, out, AS_PAGE_EN, &out->html[AS_PAGE_EN]);
    as_diags_release(&d);
    return 0;
}
