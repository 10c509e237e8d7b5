/* yeartable: what `assess evaluate` prints for one year: the table of
 * provinces (grade, missed counts, deadline, what was missed), the grades
 * counted and the deadlines' rule, the Monte Carlo's probabilities and
 * each plan check's trajectory, in the terminal's language; and every
 * diagnostic of the provinces' data on stderr. */
#include "cli/yeartable.h"

#include <stdlib.h>
#include <string.h>

#include "cli/common.h"
#include "cli/wrap.h"

/* The missed indicators of a province as "id, id (no data)", then fraud,
 * errors and warnings, in the terminal's language. */
static void missed_list(const as_province_result *pr, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
#define ADD(...)                                                                                   \
    do {                                                                                           \
        int w_ = len < n ? snprintf(buf + len, n - len, __VA_ARGS__) : 0;                          \
        len += w_ > 0 ? (size_t)w_ : 0;                                                            \
    } while (0)
    for (size_t i = 0; !pr->nerrors && i < pr->nindicators; i++) {
        const as_indicator_result *ir = &pr->indicators[i];
        if (!ir->counts_missed)
            continue;
        ADD("%s%s", len ? ", " : "", ir->def->id);
        if (ir->status == AS_STATUS_NO_DATA)
            ADD(" (%s)", as_cli_label(N_("no data")));
    }
    if (pr->fraud)
        ADD("%s%s", len ? "; " : "", as_cli_label(N_("data fraud found")));
    if (pr->nerrors) { /* nothing was counted: graded on fraud alone */
        const as_diag *first = NULL;
        for (size_t i = 0; i < pr->ndiags && !first; i++)
            first = pr->diags[i].sev == AS_SEV_ERROR ? &pr->diags[i] : NULL;
        ADD("%s%s: ", len ? "; " : "", as_cli_label(N_("data invalid")));
        if (first) { /* in Chinese its severity too: "file:9:19: 错误：..." */
            char *line = as_diag_format_in(first, as_cli_language() == AS_LANG_ZH);
            ADD("%s", line ? line : "");
            free(line);
        }
        if (pr->nerrors > 1)
            ADD(" %s", as_cli_label(N_("(and more, below)")));
    }
    if (pr->nwarnings)
        ADD("%s%s: %zu", len ? "; " : "", as_cli_label(N_("warnings (below)")), pr->nwarnings);
#undef ADD
    if (!buf[0])
        snprintf(buf, n, "-");
}

/* The rule set's rounding rule and method, and every check judged otherwise. */
static void print_methods(FILE *f, const as_ruleset *r)
{
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++) {
        fprintf(f, as_cli_tr(zh[l], "Verdicts: %s\n"), as_text_get(r->judged, zh[l]));
        for (size_t i = 0; i < r->nindicators; i++)
            for (size_t c = 0; c < r->indicators[i].nchecks; c++) {
                const as_check_def *cd = &r->indicators[i].checks[c];
                if (as_rules_own_method(r, cd))
                    fprintf(f, as_cli_tr(zh[l], "  except %s / %s: %s\n"), r->indicators[i].id,
                            cd->name, as_text_get(cd->judged, zh[l]));
            }
    }
}

/* Every diagnostic of every province (errors, warnings, notes), as
 * file:line:col: error: ... lines. */
static void print_errors(const as_evaluation *ev)
{
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        for (size_t e = 0; e < pr->ndiags; e++)
            as_cli_print_diag(stderr, &pr->diags[e]);
    }
}

/* One row of the table: code, province, grade, counts, deadline, missed. */
static void print_row(FILE *f, const char *code, const char *name, const char *grade,
                      const char *ctl, const char *sup, const char *dl, const char *missed)
{
    as_cli_pad(f, code, 7, false);
    fputc(' ', f);
    as_cli_pad(f, name, as_cli_province_width(), false);
    fputc(' ', f);
    as_cli_pad(f, grade, as_cli_language() == AS_LANG_BOTH ? 18 : 10, false);
    fputc(' ', f);
    as_cli_pad(f, ctl, 4, true);
    fputc(' ', f);
    as_cli_pad(f, sup, 4, true);
    fputs("  ", f);
    as_cli_pad(f, dl, 22, false);
    fprintf(f, " %s\n", missed);
}

static void print_table(FILE *f, const as_evaluation *ev)
{
    const as_dataset *ds = ev->data;
    char nb[11];
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++)
        fprintf(f, as_cli_tr(zh[l], "Assessment %d: rules %s (%s), data %s\n"), ev->year,
                ev->rules->path, ev->rules->id, ds->dir);
    if (ds->illustrative && ds->notice)
        fprintf(f, "%s\n", ds->notice);
    for (size_t l = 0; l < nl; l++) {
        if (ev->has_notified)
            fprintf(f, as_cli_tr(zh[l], "Notified: %s\n"), as_date_format(ev->notified, nb));
        else
            fputs(as_cli_tr(zh[l], "Notified: not given (no deadlines)\n"), f);
    }
    print_methods(f, ev->rules);
    fputc('\n', f);
    print_row(f, as_cli_label(N_("code")), as_cli_label(N_("province")), as_cli_label(N_("grade")),
              as_cli_label(N_("ctl")), as_cli_label(N_("sup")), as_cli_label(N_("deadline")),
              as_cli_label(N_("missed")));
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        char missed[2048], dl[80];
        missed_list(pr, missed, sizeof missed);
        if (pr->has_deadline)
            snprintf(dl, sizeof dl, "%s%s%s", as_date_format(pr->deadline.date, nb),
                     pr->deadline.provisional ? " " : "",
                     pr->deadline.provisional ? as_cli_label(N_("provisional")) : "");
        else
            snprintf(dl, sizeof dl, "%s", pr->deadline_error ? as_cli_label(N_("error")) : "-");
        char ctl[12] = "-", sup[12] = "-";
        if (!pr->nerrors) {
            snprintf(ctl, sizeof ctl, "%d", pr->control_missed);
            snprintf(sup, sizeof sup, "%d", pr->support_missed);
        }
        const char *name = as_cli_name(pr->province->name_zh, pr->province->name_en);
        if (pr->invalid)
            print_row(f, pr->province->code, name, as_cli_label(N_("invalid")), ctl, sup, "-",
                      missed);
        else
            print_row(f, pr->province->code, name,
                      pr->grade ? as_cli_name(pr->grade->name_zh, pr->grade->id) : "?", ctl, sup,
                      dl, missed);
    }
}

static void print_summary(FILE *f, const as_evaluation *ev)
{
    const as_ruleset *r = ev->rules;
    fputc('\n', f);
    for (size_t g = 0; g < r->ngrades; g++) {
        size_t n = 0;
        for (size_t i = 0; i < ev->nprovinces; i++)
            n += ev->provinces[i].grade == &r->grades[g];
        fprintf(f, "%s%s: %zu", g ? ", " : "",
                as_cli_name(r->grades[g].name_zh, r->grades[g].name_en), n);
    }
    if (ev->ninvalid)
        fprintf(f, ", %s: %zu", as_cli_label(N_("invalid")), ev->ninvalid);
    fputc('\n', f);
    const as_province_result *furthest = NULL; /* the deadline reaching furthest */
    bool provisional = false;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        if (!pr->has_deadline)
            continue;
        provisional = provisional || pr->deadline.provisional;
        if (!furthest || strlen(pr->deadline_years.en) > strlen(furthest->deadline_years.en))
            furthest = pr;
    }
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; furthest && l < nl; l++)
        fprintf(f, as_cli_tr(zh[l], "Deadlines: %s\n%s\n"),
                as_text_get(furthest->deadline_rule, zh[l]),
                as_text_get(furthest->deadline_years, zh[l]));
    for (size_t l = 0; provisional && l < nl; l++)
        fputs(as_cli_tr(zh[l], "Deadlines marked provisional use a year whose official holiday "
                               "schedule is not yet published.\n"),
              f);
}

/* A heading of the analyses: a blank line, then the sentence wrapped. */
static void heading(FILE *f, const char *text)
{
    fputc('\n', f);
    as_cli_wrap(f, text, 0, 0);
}

/* The width of a grade's column: its name in the terminal's language. */
static int grade_width(const as_grade_def *g)
{
    int w = as_cli_width(as_cli_name(g->name_zh, g->name_en));
    return w > 10 ? w : 10;
}

/* The borderline checks of province i: counted (list NULL), or listed on
 * lines of their own below its row, wrapped. */
static size_t borderline(FILE *list, const as_province_result *pr, const as_uncertainty *mc,
                         size_t i)
{
    as_cli_list l;
    as_cli_list_begin(&l, list, 8, 8);
    size_t n = 0;
    for (size_t k = 0; k < pr->nindicators; k++)
        for (size_t c = 0; c < pr->indicators[k].nchecks; c++) {
            const as_uncertainty_check *uc = as_uncertainty_check_of(mc, i, k, c);
            if (!uc || !uc->borderline)
                continue;
            if (n++, !list)
                continue;
            char item[512];
            snprintf(item, sizeof item, "%s/%s (P %.2f)", pr->indicators[k].def->id,
                     pr->indicators[k].checks[c].def->name, uc->p_met);
            if (l.n == 0)
                fputs("        ", list);
            as_cli_list_add(&l, ", ", item);
        }
    if (list && l.n)
        as_cli_list_end(&l);
    return n;
}

/* Per province: the probability of each grade, and its borderline checks. */
static void print_uncertainty(FILE *f, const as_evaluation *ev, const as_uncertainty *mc)
{
    const as_ruleset *r = ev->rules;
    if (!mc)
        return;
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++) {
        char text[1024];
        snprintf(text, sizeof text,
                 as_cli_tr(zh[l], "Uncertainty: Monte Carlo (IPCC 2006 Vol. 1 ch. 3, Approach 2), "
                                  "%ld draws, seed %lu (%s), errors as the rules declare: the "
                                  "probability of each grade, and the checks whose 95 %% interval "
                                  "straddles the target (borderline), each with its probability "
                                  "met"),
                 mc->draws, mc->seed, mc->rng);
        heading(f, text);
    }
    as_cli_pad(f, as_cli_label(N_("code")), 7, false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_label(N_("province")), as_cli_province_width(), false);
    for (size_t g = 0; g < r->ngrades; g++) {
        fputc(' ', f);
        as_cli_pad(f, as_cli_name(r->grades[g].name_zh, r->grades[g].name_en),
                   grade_width(&r->grades[g]), true);
    }
    fprintf(f, "  %s\n", as_cli_label(N_("borderline")));
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        const as_uncertainty_province *up = as_uncertainty_province_of(mc, i);
        as_cli_pad(f, pr->province->code, 7, false);
        fputc(' ', f);
        as_cli_pad(f, as_cli_name(pr->province->name_zh, pr->province->name_en),
                   as_cli_province_width(), false);
        if (!up) {
            fprintf(f, " %s\n", as_cli_label(N_("not analysed: its data have errors")));
            continue;
        }
        for (size_t g = 0; g < r->ngrades; g++) {
            char p[32];
            snprintf(p, sizeof p, "%.4f", up->p_grade[g]);
            fputc(' ', f);
            as_cli_pad(f, p, grade_width(&r->grades[g]), true);
        }
        size_t n = borderline(NULL, pr, mc, i);
        if (n)
            fprintf(f, "  %zu\n", n);
        else
            fputs("  -\n", f);
        borderline(f, pr, mc, i);
    }
}

/* How plan j projects, in words: what the value is and which method. */
static void trajectory_heading(FILE *f, const as_trajectory *first)
{
    const as_check_def *cd = first->cd;
    const char *measure = cd->plan.measure == AS_PLAN_REDUCTION
                              ? N_("a cumulative reduction, projected on the log of the intensity")
                              : N_("a level, projected on its log");
    const char *method = as_traj_method_label(
        cd->plan.projection == AS_PLAN_CARRIED ? AS_TRAJ_CARRIED : AS_TRAJ_FIT, true);
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++) {
        char text[2048];
        snprintf(text, sizeof text,
                 as_cli_tr(zh[l], "Trajectory: %s / %s against its plan target in %d: %s; "
                                  "projection: %s; required: the average annual rate still "
                                  "needed"),
                 first->ind->id, cd->name, first->final_year, as_cli_tr(zh[l], measure),
                 as_cli_tr(zh[l], method));
        heading(f, text);
    }
}

enum { TRAJ_NUM = 8, TRAJ_INTERVAL = 22 }; /* columns of the table */

static void trajectory_head(FILE *f)
{
    static const char *const heads[] = {
        N_("year"),          N_("observed"),  N_("target"),
        N_("required"),      N_("projected"), /* xgettext:no-c-format */
        N_("95 % interval"), N_("at risk")};
    static const int widths[] = {4, TRAJ_NUM, TRAJ_NUM, TRAJ_NUM, TRAJ_NUM, TRAJ_INTERVAL, 0};
    as_cli_pad(f, as_cli_label(N_("code")), 6, false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_label(N_("province")), as_cli_province_width(), false);
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
        fputc(' ', f);
        as_cli_pad(f, as_cli_label(heads[k]), widths[k], k > 0 && k < 5);
    }
    fputc('\n', f);
}

/* One province's trajectory; true when its interval is marked uninformative. */
static bool trajectory_row(FILE *f, const as_province_result *pr, const as_trajectory *tr)
{
    const as_check_def *cd = tr->cd;
    const as_indicator *ind = tr->ind;
    as_cli_pad(f, pr->province->code, 6, false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_name(pr->province->name_zh, pr->province->name_en),
               as_cli_province_width(), false);
    if (tr->why.en) {
        char text[4200];
        bool zh = as_cli_language() != AS_LANG_EN;
        snprintf(text, sizeof text, as_cli_tr(zh, "no trajectory: %s"), as_text_get(tr->why, zh));
        fputc(' ', f);
        int left = 6 + 1 + as_cli_province_width() + 1; /* code, province */
        as_cli_wrap(f, text, left, left);
        return false;
    }
    char a[40], b[40], c[40], e[40], lo[40], hi[40], iv[100] = "-", risk[60];
    double l, h;
    bool marked = false;
    if (as_trajectory_interval(tr, NULL, &l, &h) != AS_TRAJ_BASIS_NONE) {
        marked = as_traj_uninformative(&tr->proj);
        snprintf(iv, sizeof iv, "[%s, %s]%s", as_cli_judged(cd, ind, l, lo, sizeof lo),
                 as_cli_judged(cd, ind, h, hi, sizeof hi), marked ? "*" : "");
    }
    snprintf(risk, sizeof risk, "%s",
             !tr->has_target ? "-"
             : tr->at_risk   ? as_cli_label(N_("yes"))
                             : as_cli_label(N_("no")));
    if (tr->has_draws && tr->has_target)
        snprintf(risk + strlen(risk), sizeof risk - strlen(risk), " (P %.2f)", tr->p_at_risk);
    fprintf(f, " %4d %*s %*s %*s %*s ", tr->last_year, TRAJ_NUM,
            as_cli_judged(cd, ind, tr->values[tr->nobs - 1], a, sizeof a), TRAJ_NUM,
            tr->has_target ? as_cli_judged(cd, ind, tr->target, b, sizeof b) : "-", TRAJ_NUM,
            tr->has_required_rate ? as_cli_judged(cd, ind, tr->required_rate, c, sizeof c) : "-",
            TRAJ_NUM, as_cli_judged(cd, ind, tr->proj.value, e, sizeof e));
    as_cli_pad(f, iv, TRAJ_INTERVAL, false);
    fprintf(f, " %s\n", risk);
    return marked;
}

/* Per plan check: every province's observed value, required rate,
 * projection of the final year and its interval, within AS_CLI_WIDTH. */
static void print_trajectories(FILE *f, const as_evaluation *ev, const as_trajectories *t)
{
    for (size_t j = 0; t && j < t->nplans; j++) {
        const as_trajectory *first = as_trajectory_of(t, 0, j);
        if (!first)
            continue;
        trajectory_heading(f, first);
        trajectory_head(f);
        bool marked = false;
        for (size_t i = 0; i < ev->nprovinces; i++)
            marked = trajectory_row(f, &ev->provinces[i], as_trajectory_of(t, i, j)) || marked;
        bool zh[2];
        size_t nl = as_cli_langs(zh);
        for (size_t l = 0; marked && l < nl; l++)
            as_cli_wrap(f,
                        as_cli_tr(zh[l], "* uninformative: a line through three years (the base "
                                         "year and two since: one degree of freedom, Student's "
                                         "t 12.7) cannot tell the trend yet"),
                        0, 2);
    }
}

void as_yeartable_print(FILE *f, const as_annual_year *y)
{
    print_table(f, y->ev);
    print_summary(f, y->ev);
    print_uncertainty(f, y->ev, y->mc);
    print_trajectories(f, y->ev, y->traj);
    fflush(f);
}

void as_yeartable_diags(const as_annual_year *y)
{
    print_errors(y->ev);
    as_cli_print_diags(&y->ds->stray);
}
