/* page_results: the centre's and departments' status matrix of every
 * province and stage, the results of a year (the national table, or a
 * province's own row once published), and the centre's forms: the
 * notification date, evaluating and publishing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "serve/answer.h"
#include "serve/handlers.h"
#include "serve/frame.h"
#include "serve/release.h"
#include "serve/results.h"

#define B (&x->resp->body)

/* ------------------------------------------------------------ the status matrix */

/* Every province envelope's state of a year being gathered. */
typedef struct {
    const as_ruleset *r;
    as_stage_states *states; /* per rule-set province */
} matrix;

static void take_state(void *ctx, const as_envelope *e)
{
    matrix *m = ctx;
    size_t i;
    if (e->key.stage <= AS_STAGE_VERIFIED && as_rules_province(m->r, e->key.province, &i) == 0)
        m->states[i][e->key.stage] = e->state;
}

as_stage_states *as_page_states(const as_ctx *x)
{
    matrix m = {x->portal->rules, calloc(x->portal->rules->nprovinces, sizeof *m.states)};
    if (m.states && as_envelope_each(x->c, x->year, take_state, &m) != 0) {
        free(m.states);
        m.states = NULL;
    }
    return m.states;
}

/* Whether the data set holds a file for key that no release put there. */
bool as_page_on_file(const as_portal *p, const as_env_key *k)
{
    static const char *const exts[] = {"yaml", "xlsx"};
    for (int i = 0; i < 2; i++) {
        char rel[96], abs[AS_STORE_PATH];
        struct stat st;
        as_release_path(k, exts[i], rel, sizeof rel);
        snprintf(abs, sizeof abs, "%s/%s", p->o.data_dir, rel);
        if (stat(abs, &st) == 0 && S_ISREG(st.st_mode))
            return true;
    }
    return false;
}

static void matrix_cell(as_ctx *x, const as_province *pv, as_stage s, as_env_state st)
{
    as_env_key k = {x->year, "", s};
    char href[128];
    snprintf(k.province, sizeof k.province, "%s", pv->code);
    as_frame_env_path(&k, "", href, sizeof href);
    as_html(B, "<td class=\"state %s\"><a href=\"%s\">%s</a>", as_env_state_name(st), href,
            as_frame_state(x, st));
    if (st != AS_ENV_RELEASED && as_page_on_file(x->portal, &k))
        as_html(B, " <small class=\"onfile\">%s</small>",
                as_page_tr(x->lang, N_("· a file is in the data set")));
    as_html(B, "</td>");
}

/* The year's findings envelope. */
static void findings_line(as_ctx *x)
{
    as_env_key k = {x->year, AS_NATIONAL_CODE, AS_STAGE_FINDINGS};
    as_envelope e;
    char href[64];
    if (as_envelope_get(x->c, &k, &e) != 0)
        return;
    as_frame_env_path(&k, "", href, sizeof href);
    as_html(B, "<p class=\"counts\"><strong>%s</strong> <a class=\"state %s\" href=\"%s\">%s</a>",
            as_frame_stage(x, AS_STAGE_FINDINGS), as_env_state_name(e.state), href,
            as_frame_state(x, e.state));
    if (e.state != AS_ENV_RELEASED && as_page_on_file(x->portal, &k))
        as_html(B, " <small class=\"onfile\">%s</small>",
                as_page_tr(x->lang, N_("· a file is in the data set")));
    as_html(B, "</p>\n");
}

/* How many envelopes of each stage are in each state. */
static void counts(as_ctx *x, as_stage_states *states, size_t n)
{
    for (int st = AS_STAGE_REPORTED; st <= AS_STAGE_VERIFIED; st++) {
        size_t in[5] = {0};
        for (size_t i = 0; i < n; i++)
            in[states[i][st]]++;
        as_html(B, "<p class=\"counts\"><strong>%s</strong>", as_frame_stage(x, (as_stage)st));
        for (int s = 0; s < 5; s++)
            as_html(B, " <span class=\"state %s\">%s %zu</span>",
                    as_env_state_name((as_env_state)s), as_frame_state(x, (as_env_state)s), in[s]);
        as_html(B, "</p>\n");
    }
}

void as_page_status(as_ctx *x)
{
    const as_ruleset *r = x->portal->rules;
    as_stage_states *states = as_page_states(x);
    char t[120];
    if (!states) {
        as_answer_fail(x, 500, N_("the state database failed"));
        return;
    }
    snprintf(t, sizeof t, "%s · %d", as_page_tr(x->lang, N_("Deliveries")), x->year);
    as_frame_begin(x, t);
    findings_line(x);
    counts(x, states, r->nprovinces);
    as_html(B,
            "<table class=\"matrix\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
            "</tr></thead><tbody>\n",
            as_page_tr(x->lang, N_("code")), as_page_tr(x->lang, N_("province")),
            as_frame_stage(x, AS_STAGE_REPORTED), as_frame_stage(x, AS_STAGE_VERIFIED));
    for (size_t i = 0; i < r->nprovinces; i++) {
        as_html(B, "<tr><td>%s</td><td>%s</td>", r->provinces[i].code,
                as_frame_province(x, &r->provinces[i]));
        matrix_cell(x, &r->provinces[i], AS_STAGE_REPORTED, states[i][AS_STAGE_REPORTED]);
        matrix_cell(x, &r->provinces[i], AS_STAGE_VERIFIED, states[i][AS_STAGE_VERIFIED]);
        as_html(B, "</tr>\n");
    }
    as_html(B, "</tbody></table>\n");
    as_frame_end(x);
    free(states);
}

/* ------------------------------------------------------------ results */

/* What the results page shows of an evaluation. */
typedef struct {
    as_ctx *x;
    long long id;      /* the evaluation, 0 when none */
    char folder[128];  /* its outputs, relative to the state folder */
    char notified[16]; /* the notification date it used, "" when none */
    char by[72];
    long long at;
    char notice[512]; /* the data set's illustrative-data notice, "" when real */
} run_info;

static void take_run(void *ctx, const as_run *r)
{
    run_info *i = ctx;
    i->id = r->id;
    snprintf(i->folder, sizeof i->folder, "%s", r->folder);
    snprintf(i->notified, sizeof i->notified, "%s", r->notified);
    snprintf(i->by, sizeof i->by, "%s", r->account);
    i->at = r->at;
    snprintf(i->notice, sizeof i->notice, "%s", r->notice);
}

/* The missed indicators ("id, id (no data)") by their names in the page's
 * language, and the fraud finding. */
static void missed_names(as_ctx *x, const as_result_row *r)
{
    const as_ruleset *rules = x->portal->rules;
    const char *p = r->missed;
    bool first = true;
    while (*p) {
        size_t n = strcspn(p, ",");
        char id[128];
        snprintf(id, sizeof id, "%.*s", (int)(n < 127 ? n : 127), p);
        char *paren = strstr(id, " (no data)");
        if (paren)
            *paren = '\0';
        const char *name = id;
        for (size_t i = 0; i < rules->nindicators; i++)
            if (!strcmp(rules->indicators[i].id, id))
                name = x->lang == AS_PAGE_ZH ? rules->indicators[i].name_zh
                                             : rules->indicators[i].name_en;
        as_html(B, "%s%s%s",
                first                   ? ""
                : x->lang == AS_PAGE_ZH ? "、"
                                        : "; ",
                name, paren ? as_page_tr(x->lang, N_(" (no data)")) : "");
        first = false;
        p += n + strspn(p + n, ", ");
    }
    if (r->fraud)
        as_html(B, "%s%s",
                first                   ? ""
                : x->lang == AS_PAGE_ZH ? "；"
                                        : "; ",
                as_page_tr(x->lang, N_("data fraud found")));
}

static void result_row(void *ctx, const as_result_row *r)
{
    run_info *i = ctx;
    as_ctx *x = i->x;
    const as_province *pv = as_portal_province(x->portal, r->province);
    char href[96];
    const char *grade = r->invalid              ? as_page_tr(x->lang, N_("invalid"))
                        : x->lang == AS_PAGE_ZH ? r->grade_zh
                                                : r->grade_en;
    as_html(B, "<tr class=\"grade-%s\"><td>%s</td><td>%s</td><td>%s</td>",
            r->invalid ? "invalid" : r->grade, r->province, as_frame_province(x, pv), grade);
    as_html(
        B, "<td class=\"num\">%d</td><td class=\"num\">%d</td><td>%s%s%s</td><td class=\"missed\">",
        r->control_missed, r->support_missed, r->deadline[0] ? r->deadline : "-",
        r->provisional ? " " : "", r->provisional ? as_page_tr(x->lang, N_("(provisional)")) : "");
    missed_names(x, r);
    as_html(B, "</td>");
    snprintf(href, sizeof href, "/results/%d/%s/workbook", x->year, r->province);
    if (r->workbook[0])
        as_html(B, "<td><a href=\"%s\">%s</a></td></tr>\n", href,
                as_page_tr(x->lang, N_("workbook")));
    else
        as_html(B, "<td>-</td></tr>\n");
}

static void table(as_ctx *x, run_info *i, const char *province)
{
    as_html(B,
            "<table class=\"results\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            as_page_tr(x->lang, N_("code")), as_page_tr(x->lang, N_("province")),
            as_page_tr(x->lang, N_("grade")), as_page_tr(x->lang, N_("control missed")),
            as_page_tr(x->lang, N_("support missed")),
            as_page_tr(x->lang, N_("rectification deadline")), as_page_tr(x->lang, N_("missed")),
            as_page_tr(x->lang, N_("workbook")));
    as_results_rows(x->c, i->id, province, result_row, i);
    as_html(B, "</tbody></table>\n");
}

static void run_line(as_ctx *x, const run_info *i, bool published)
{
    char at[32];
    as_html_time(i->at, at, sizeof at);
    as_html(B, "<p class=\"run\">");
    if (published)
        as_html_say(B, x->lang, "Published: evaluation %lld of %s by %s.", i->id, at, i->by);
    else
        as_html_say(B, x->lang, "Latest: evaluation %lld of %s by %s.", i->id, at, i->by);
    as_html(B, " ");
    if (i->notified[0])
        as_html_say(B, x->lang, "Notification date: %s.", i->notified);
    else
        as_html(B, "%s", as_page_tr(x->lang, N_("No notification date: no deadlines.")));
    as_html(B, "</p>\n");
    if (i->notice[0]) /* the data set's own words, in both languages */
        as_html(B, "<p class=\"illustrative\">%s</p>\n", i->notice);
}

/* The centre's tools: the notification date, evaluating, publishing. */
static void centre_forms(as_ctx *x, const run_info *latest, long long published)
{
    char action[64];
    as_date d;
    char date[11] = "";
    if (as_results_notified(x->c, x->year, &d) == 1)
        as_date_format(d, date);
    snprintf(action, sizeof action, "/results/%d/notified", x->year);
    as_html(B, "<form class=\"inline\" method=\"post\" action=\"%s\">", action);
    as_frame_csrf(x);
    as_html(B,
            "<label>%s <input type=\"date\" name=\"date\" value=\"%s\" required></label>"
            "<button type=\"submit\">%s</button></form>\n",
            as_page_tr(x->lang, N_("Notification date")), date,
            as_page_tr(x->lang, N_("Set the date")));
    snprintf(action, sizeof action, "/results/%d/evaluate", x->year);
    as_frame_button(x, action, N_("Evaluate the released data set"), "primary");
    if (latest->id && latest->id != published) {
        snprintf(action, sizeof action, "/results/%d/publish", x->year);
        as_html(B, "<form class=\"inline\" method=\"post\" action=\"%s\">", action);
        as_frame_csrf(x);
        as_html(B, "<input type=\"hidden\" name=\"evaluation\" value=\"%lld\">", latest->id);
        as_html(B, "<button type=\"submit\">");
        as_html_say(B, x->lang, "Publish evaluation %lld", latest->id);
        as_html(B, "</button></form>\n");
    }
}

void as_page_results(as_ctx *x)
{
    char t[120];
    long long published = 0;
    run_info latest = {x, 0, "", "", "", 0, ""}, pub = {x, 0, "", "", "", 0, ""};
    as_results_published(x->c, x->year, &published);
    as_results_get(x->c, x->year, 0, true, take_run, &pub);
    snprintf(t, sizeof t, "%s · %d", as_page_tr(x->lang, N_("Results")), x->year);
    as_frame_begin(x, t);
    if (x->who.role == AS_ROLE_CENTRE) {
        as_results_get(x->c, x->year, 0, false, take_run, &latest);
        centre_forms(x, &latest, published);
        if (pub.id)
            run_line(x, &pub, true);
        else
            as_html(B, "<p>%s</p>\n", as_page_tr(x->lang, N_("Nothing is published yet.")));
        if (latest.id) {
            if (latest.id != pub.id)
                run_line(x, &latest, false);
            as_html(B,
                    "<p><a class=\"download\" href=\"/results/%d/workbook\">%s</a> "
                    "<a class=\"download\" href=\"/api/v1/results/%d\">%s</a></p>\n",
                    x->year, as_page_tr(x->lang, N_("National workbook")), x->year,
                    as_page_tr(x->lang, N_("JSON (as assess evaluate --json)")));
            table(x, &latest, NULL);
        }
    } else if (pub.id) {
        run_line(x, &pub, true);
        table(x, &pub, x->who.role == AS_ROLE_PROVINCE ? x->who.province : NULL);
    }
    as_frame_end(x);
}

/* ------------------------------------------------------------ the centre's forms */

static void back_to_results(as_ctx *x)
{
    char back[64];
    snprintf(back, sizeof back, "/results/%d", x->year);
    as_http_redirect(x->resp, back);
}

void as_page_evaluate(as_ctx *x)
{
    long long id;
    char why[1024];
    as_history_about who = as_ctx_who(x);
    if (as_results_run(x->portal, x->c, x->year, x->lang, &who, &id, why, sizeof why) != 0)
        as_answer_fail_detail(x, 409, N_("the data set cannot be evaluated"), why);
    else
        back_to_results(x);
}

void as_page_publish(as_ctx *x)
{
    long id = 0;
    as_history_about who = as_ctx_who(x);
    if (as_http_count(as_http_field(x->req, "evaluation"), &id) != 0)
        as_answer_fail(x, 400, N_("the form names no evaluation"));
    else if (as_results_publish(x->c, x->year, id, &who) != 0)
        as_answer_fail(x, 404, N_("there is no such evaluation of this year"));
    else
        back_to_results(x);
}

void as_page_notified(as_ctx *x)
{
    as_date d;
    as_history_about who = as_ctx_who(x);
    const char *text = as_http_field(x->req, "date");
    if (!text || as_date_parse(text, &d) != 0 || as_date_year(d) <= x->year)
        as_answer_fail(x, 400, N_("give a real day after the assessed year, as YYYY-MM-DD"));
    else if (as_results_set_notified(x->c, x->year, d, &who) != 0)
        as_answer_fail(x, 500, N_("the state database failed"));
    else
        back_to_results(x);
}
