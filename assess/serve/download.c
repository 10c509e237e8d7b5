/* download: the files the portal hands out, the same for its pages and its
 * API: an envelope's template workbook (made now by the template writer,
 * with the previous year's released figures) and its uploaded versions
 * (the bytes as uploaded), a receipt as text, and the workbooks of an
 * evaluation (the published one, for everyone but the centre). */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/dataset.h"
#include "base/i18n.h"
#include "serve/answer.h"
#include "serve/apidoc.h"
#include "serve/handlers.h"
#include "serve/frame.h"
#include "serve/release.h"
#include "serve/results.h"
#include "serve/say.h"
#include "report/workbooks.h"
#include "report/template.h"

#define B (&x->resp->body)

static const char xlsx_type[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/* Answer with the file at path as a download called name. */
static void send_file(as_ctx *x, const char *path, const char *name, const char *type)
{
    as_buf_release(B);
    if (as_buf_read_file(B, path) != 0) {
        as_log("cannot read '%s': %s", path, strerror(errno));
        as_answer_fail(x, 500, N_("the file could not be read"));
        return;
    }
    x->resp->content_type = type;
    as_http_attachment(x->resp, name);
}

/* Write the template of x's envelope to path. */
static int write_template(as_ctx *x, const char *path, as_diags *d)
{
    as_portal *p = x->portal;
    as_dataset *prev = NULL;
    size_t i;
    as_rules_province(p->rules, x->code, &i);
    pthread_rwlock_rdlock(&p->data_lock);
    as_diags ignored; /* no previous year's figures is no reason to refuse the template */
    as_diags_init(&ignored);
    if (as_dataset_load(p->rules, p->o.data_dir, x->year - 1, &prev, &ignored) != 0)
        prev = NULL;
    pthread_rwlock_unlock(&p->data_lock);
    as_diags_release(&ignored);
    /* the sheet names the data set by its name, never by the portal's folder */
    as_template_opts o = {p->rules, i, x->year, prev && prev->illustrative, prev};
    int rc = as_template_write(&o, path, d);
    as_dataset_free(prev);
    return rc;
}

void as_get_template(as_ctx *x)
{
    char path[AS_STORE_PATH], name[64], hex[17];
    unsigned char r[8];
    as_diags d;
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, sizeof hex, r, sizeof r);
    snprintf(path, sizeof path, "%s/tmp/template-%s.xlsx", x->portal->o.state_dir, hex);
    snprintf(name, sizeof name, "%s-%d-%s.xlsx", x->code, x->year, as_stage_name(x->stage));
    as_diags_init(&d);
    if (write_template(x, path, &d) != 0) {
        char *why = d.n ? as_diag_format(&d.items[0]) : NULL;
        as_log("cannot make a template: %s", why ? why : "out of memory");
        free(why);
        as_answer_fail(x, 500, N_("the template could not be made"));
    } else
        send_file(x, path, name, xlsx_type);
    unlink(path);
    as_diags_release(&d);
}

/* ------------------------------------------------------------ versions */

typedef struct {
    char sha[AS_SHA256_HEX], name[256], ext[8];
} version_file;

static void take_version(void *ctx, const as_upload *u)
{
    version_file *v = ctx;
    snprintf(v->sha, sizeof v->sha, "%s", u->sha256);
    snprintf(v->name, sizeof v->name, "%s", u->name);
    snprintf(v->ext, sizeof v->ext, "%s", u->ext);
}

void as_get_file(as_ctx *x)
{
    as_env_key k = as_ctx_key(x);
    as_envelope e;
    version_file v;
    char path[AS_STORE_PATH];
    if (as_envelope_get(x->c, &k, &e) != 0 || !e.id ||
        as_envelope_upload(x->c, e.id, (int)x->n, take_version, &v) != 0 ||
        as_store_path(x->portal->o.state_dir, v.sha, path) != 0) {
        as_answer_fail(x, 404, N_("there is no such version"));
        return;
    }
    send_file(x, path, v.name,
              !strcmp(v.ext, "xlsx") ? xlsx_type : "application/yaml; charset=utf-8");
}

/* ------------------------------------------------------------ receipts */

/* A receipt as text, in both languages: it is printed and filed. */
static void receipt_text(as_ctx *x, const as_receipt *r)
{
    char at[32], iso[32], size[32];
    const as_province *pv = x->province;
    as_html_time(r->at, at, sizeof at);
    as_apidoc_time(r->at, iso, sizeof iso);
    as_html_bytes(r->size, size, sizeof size);
    as_buf_printf(B,
                  "回执 Receipt\n"
                  "省份 Province:        %s %s %s\n"
                  "年度 Year:            %d\n"
                  "阶段 Stage:           %s\n"
                  "发布 Release:         %d (version %d)\n"
                  "数据集文件 File:      %s\n"
                  "上传文件名 Uploaded:  %s\n"
                  "大小 Size:            %s bytes\n"
                  "SHA-256:              %s\n"
                  "时间 Time:            %s (UTC+8), %s\n"
                  "账户 Account:         %s\n",
                  r->key.province, pv->name_zh, pv->name_en, r->key.year,
                  as_stage_name(r->key.stage), r->number, r->version, r->path, r->name, size,
                  r->sha256, at, iso, r->account);
}

void as_get_receipt(as_ctx *x)
{
    as_env_key k = as_ctx_key(x);
    as_receipt r;
    char name[96];
    if (as_release_receipt(x->c, &k, (int)x->n, &r) != 0) {
        as_answer_fail(x, 404, N_("there is no such receipt"));
        return;
    }
    as_buf_release(B);
    if (x->api) {
        as_apidoc d;
        if (as_apidoc_begin(&d) == 0)
            as_apidoc_receipt(&d.j, &r);
        as_apidoc_send(x, &d, 0);
        return;
    }
    receipt_text(x, &r);
    x->resp->content_type = "text/plain; charset=utf-8";
    snprintf(name, sizeof name, "receipt-%d-%s-%s-%d.txt", r.key.year, r.key.province,
             as_stage_name(r.key.stage), r.number);
    as_http_attachment(x->resp, name);
}

/* ------------------------------------------------------------ workbooks */

/* The evaluation x may download from: the published one, or for the centre
 * the latest. */
typedef struct {
    long long id;
    char folder[128];
    char workbook[200];
} run_files;

static void take_run(void *ctx, const as_run *r)
{
    run_files *f = ctx;
    f->id = r->id;
    snprintf(f->folder, sizeof f->folder, "%s", r->folder);
}

static void take_row(void *ctx, const as_result_row *r)
{
    run_files *f = ctx;
    snprintf(f->workbook, sizeof f->workbook, "%s", r->workbook);
}

static int find_run(as_ctx *x, run_files *f)
{
    memset(f, 0, sizeof *f);
    return as_results_get(x->c, x->year, 0, x->who.role != AS_ROLE_CENTRE, take_run, f);
}

void as_get_province_workbook(as_ctx *x)
{
    run_files f;
    char path[AS_STORE_PATH + 256];
    if (find_run(x, &f) != 0 || as_results_rows(x->c, f.id, x->code, take_row, &f) != 0 ||
        !f.workbook[0]) {
        as_answer_fail(x, 404, N_("there is no such workbook"));
        return;
    }
    snprintf(path, sizeof path, "%s/%s/%s", x->portal->o.state_dir, f.folder, f.workbook);
    send_file(x, path, f.workbook, xlsx_type);
}

void as_get_national_workbook(as_ctx *x)
{
    run_files f;
    char path[AS_STORE_PATH + 256], name[64];
    if (find_run(x, &f) != 0 || as_report_national_name(x->year, name, sizeof name) != 0) {
        as_answer_fail(x, 404, N_("there is no such workbook"));
        return;
    }
    snprintf(path, sizeof path, "%s/%s/%s", x->portal->o.state_dir, f.folder, name);
    send_file(x, path, name, xlsx_type);
}
