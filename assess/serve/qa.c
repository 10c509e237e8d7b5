/* qa: the self-check of an upload, rendered once in each language. */
#include "serve/qa.h"

#include <errno.h>
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

/* Name every diagnostic's file as the client named it, not by the scratch
 * copy's path. */
static void relabel(as_diags *d, const char *path, const char *name)
{
    for (size_t i = 0; i < d->n; i++) {
        as_diag *e = &d->items[i];
        if (e->loc.file && !strcmp(e->loc.file, path)) {
            char *copy = strdup(name);
            if (copy) {
                free((char *)e->loc.file);
                e->loc.file = copy;
            }
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

/* A scratch copy of the stored file named CODE.EXT, so the file's format is
 * read from its name and no client name becomes a path. */
static int scratch_copy(const as_portal *p, const as_env_key *key, const char *blob,
                        const char *ext, char *dir, size_t dn, char *path, size_t pn)
{
    unsigned char r[8];
    char hex[17];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, sizeof hex, r, sizeof r);
    snprintf(dir, dn, "%s/tmp/qa-%s", p->o.state_dir, hex);
    snprintf(path, pn, "%s/%s.%s", dir, key->province, ext);
    if (mkdir(dir, 0700) != 0)
        return -1;
    if (link(blob, path) == 0 || as_store_place(blob, path, ".copy") == 0)
        return 0;
    rmdir(dir);
    return -1;
}

int as_qa_run(as_portal *p, const as_env_key *key, const char *blob, const char *ext,
              const char *name, as_qa *out)
{
    char dir[AS_STORE_PATH], path[AS_STORE_PATH + 32];
    if (scratch_copy(p, key, blob, ext, dir, sizeof dir, path, sizeof path) != 0)
        return -1;
    as_diags d;
    as_diags_init(&d);
    as_arena *a = as_arena_new(0);
    as_submission *s = NULL;
    pthread_rwlock_rdlock(&p->data_lock);
    if (a)
        as_submission_load(p->rules, path, a, key->province, key->year,
                           key->stage == AS_STAGE_VERIFIED, &s, &d);
    pthread_rwlock_unlock(&p->data_lock);
    unlink(path);
    rmdir(dir);
    relabel(&d, path, name);
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
    as_arena_free(a);
    return a ? 0 : (errno = ENOMEM, -1);
}
