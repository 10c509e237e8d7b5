/* cmd_evaluate: `assess evaluate`: grade every province of a data set, print
 * a table, and write JSON and Excel reports.  Usage, options, one engine
 * run, status to exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "analysis/trajectory.h"
#include "analysis/uncertainty.h"
#include "cli/json_out.h"
#include "engine/calendar.h"
#include "engine/dataset.h"
#include "engine/eval.h"
#include "engine/output.h"
#include "engine/rules.h"
#include "xlsx/report.h"

static const char usage_text[] = /* xgettext:no-c-format */
    N_("usage: assess evaluate [--rules FILE] [--data DIR] [--year YEAR] [--notified DATE]\n"
       "                       [--json FILE|-] [--out DIR] [--lang both|zh|en] [--no-reports]\n"
       "                       [--calendar DIR] [--uncertainty [--draws N] [--seed S]]\n\n"
       "Grades every province of a data set and prints a table: province, grade,\n"
       "missed control/support indicators, rectification deadline, what was missed.\n"
       "Each check is judged by the rounding rule and method of GB/T 8170-2008 its\n"
       "rule file states (rules/2026.yaml: value and target rounded to the indicator's\n"
       "decimals, half to even, then compared: 修约值比较法); the table says which.\n"
       "A province whose data cannot be read or evaluated is graded 'invalid' with\n"
       "every error printed on stderr, or 'fail' when data fraud was found.  The\n"
       "rules' plausibility checks of each province's figures (a part larger than its\n"
       "whole: an error; a change beyond its bound or a likely unit slip: a warning)\n"
       "are printed on stderr too, and counted in the table's last column.\n"
       "Every check the rules mark with a five-year-plan target (plan:) gets a\n"
       "trajectory for every province: the average annual rate still required, a\n"
       "projection of the plan's final year and whether it misses the target (at risk).\n\n"
       "  --rules FILE     rule file (default: rules/2026.yaml)\n"
       "  --data DIR       data set folder (default: data/sample)\n"
       "  --year YEAR      assessment year (default: the first year of the rules)\n"
       "  --notified DATE  notification date YYYY-MM-DD for the rectification deadlines\n"
       "                   (default: the date in the data set's dataset.yaml, if any)\n"
       "  --json FILE|-    also write the results as JSON (- = stdout, then no table)\n"
       "  --out DIR        where workbooks go (default: reports/<year>); each folder written\n"
       "                   gets a manifest, assess.sha256, written last (sha256sum -c reads it)\n"
       "  --lang L         language of the table and messages (default: the locale) and\n"
       "                   of the workbooks' labels (default: both): zh, en or both\n"
       "  --no-reports     do not write workbooks\n"
       "  --calendar DIR   working-day calendar (default: data/calendar)\n"
       "  --uncertainty    Monte Carlo (IPCC 2006 Approach 2) of the errors the rules\n"
       "                   declare (uncertainty:): every check of every province\n"
       "                   evaluated once per draw; per check the mean, 95 % interval,\n"
       "                   probability met and 'borderline', per province the\n"
       "                   probability of each grade; Approach 1 beside it\n"
       "  --draws N        Monte Carlo draws, 2 to 10000000 (default 10000)\n"
       "  --seed S         seed of the generator (GSL MT19937), 1 to 4294967295\n"
       "                   (default 1); the same seed gives the same numbers and files\n\n"
       "exit: 0 ok, 1 invalid rules or data set, 2 usage, 3 output not written,\n"
       "      4 done but some provinces' data are invalid (graded 'invalid', or 'fail'\n"
       "      with fraud; every other province is graded) or some files belong to no\n"
       "      province (they are named and not read)\n");

typedef struct {
    const char *rules, *data, *json, *out, *calendar;
    long year;         /* 0: the rules' first year */
    bool has_notified; /* --notified given */
    as_date notified;
    as_report_lang lang;
    bool no_reports;
    bool uncertainty; /* --uncertainty */
    bool has_draws, has_seed;
    as_uncertainty_opts mc; /* --draws, --seed */
} options;

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, 'r'},    {"data", required_argument, NULL, 'd'},
        {"year", required_argument, NULL, 'y'},     {"notified", required_argument, NULL, 'n'},
        {"json", required_argument, NULL, 'j'},     {"out", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},     {"no-reports", no_argument, NULL, 'N'},
        {"calendar", required_argument, NULL, 'c'}, {"uncertainty", no_argument, NULL, 'U'},
        {"draws", required_argument, NULL, 'D'},    {"seed", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'r':
            o->rules = optarg;
            break;
        case 'd':
            o->data = optarg;
            break;
        case 'j':
            o->json = optarg;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'c':
            o->calendar = optarg;
            break;
        case 'N':
            o->no_reports = true;
            break;
        case 'U':
            o->uncertainty = true;
            break;
        case 'D':
            if (as_cli_parse_int(optarg, 2, AS_UNCERTAINTY_MAX_DRAWS, &o->mc.draws) != 0) {
                as_cli_error("evaluate", "invalid number of draws '%s': use 2 to %ld", optarg,
                             AS_UNCERTAINTY_MAX_DRAWS);
                return -1;
            }
            o->has_draws = true;
            break;
        case 'S': {
            long seed = 0;
            if (as_cli_parse_int(optarg, 1, 4294967295L, &seed) != 0) {
                as_cli_error("evaluate", "invalid seed '%s': use 1 to 4294967295", optarg);
                return -1;
            }
            o->mc.seed = (unsigned long)seed;
            o->has_seed = true;
            break;
        }
        case 'h':
            fputs(_(usage_text), stdout);
            return 1;
        case 'y':
            if (as_cli_parse_int(optarg, 1900, 2200, &o->year) != 0) {
                as_cli_error("evaluate", "invalid year '%s'", optarg);
                return -1;
            }
            break;
        case 'n':
            if (as_date_parse(optarg, &o->notified) != 0) {
                as_cli_error("evaluate", "invalid date '%s': use YYYY-MM-DD", optarg);
                return -1;
            }
            o->has_notified = true;
            break;
        case 'l':
            if (!strcmp(optarg, "both"))
                o->lang = AS_REPORT_LANG_BOTH;
            else if (!strcmp(optarg, "zh"))
                o->lang = AS_REPORT_LANG_ZH;
            else if (!strcmp(optarg, "en"))
                o->lang = AS_REPORT_LANG_EN;
            else {
                as_cli_error("evaluate", "invalid language '%s': use both, zh or en", optarg);
                return -1;
            }
            break;
        default:
            as_cli_error("evaluate", "unknown or incomplete option '%s'", argv[optind - 1]);
            return -1;
        }
    }
    if (optind < argc) {
        as_cli_error("evaluate", "unexpected argument '%s'", argv[optind]);
        return -1;
    }
    if ((o->has_draws || o->has_seed) && !o->uncertainty) {
        as_cli_error("evaluate", "'%s' needs '--uncertainty'", o->has_draws ? "--draws" : "--seed");
        return -1;
    }
    return 0;
}

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
        bool zh = as_cli_language() == AS_LANG_ZH && first && first->msg_tr;
        ADD("%s%s: ", len ? "; " : "", as_cli_label(N_("data invalid")));
        if (zh) {
            char where[4200];
            as_loc_print(where, sizeof where, first->loc);
            ADD("%s: %s", where, first->msg_tr);
        } else
            ADD("%s", pr->errors[0]);
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
        fprintf(f, as_cli_tr(zh[l], "Verdicts: %s\n"), zh[l] ? r->judged_zh : r->judged_en);
        for (size_t i = 0; i < r->nindicators; i++)
            for (size_t c = 0; c < r->indicators[i].nchecks; c++) {
                const as_check_def *cd = &r->indicators[i].checks[c];
                if (as_rules_own_method(r, cd))
                    fprintf(f, as_cli_tr(zh[l], "  except %s / %s: %s\n"), r->indicators[i].id,
                            cd->name, zh[l] ? cd->judged_zh : cd->judged_en);
            }
    }
}

/* Every diagnostic of every province (errors, warnings, notes), as
 * file:line:col: error: ... lines. */
static void print_errors(const as_evaluation *ev)
{
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        size_t shown = 0;
        for (size_t e = 0; e < pr->ndiags; e++) {
            as_cli_print_diag(stderr, &pr->diags[e]);
            shown += pr->diags[e].sev == AS_SEV_ERROR;
        }
        for (size_t e = shown; e < pr->nerrors; e++) /* errors the engine did not keep */
            fprintf(stderr, "%s\n", pr->errors[e]);
    }
}

/* One row of the table: code, province, grade, counts, deadline, missed. */
static void print_row(FILE *f, const char *code, const char *name, const char *grade,
                      const char *ctl, const char *sup, const char *dl, const char *missed)
{
    as_cli_pad(f, code, 7, false);
    fputc(' ', f);
    as_cli_pad(f, name, as_cli_language() == AS_LANG_BOTH ? 24 : 15, false);
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
        if (!furthest || strlen(pr->deadline_years) > strlen(furthest->deadline_years))
            furthest = pr;
    }
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; furthest && l < nl; l++)
        fprintf(f, as_cli_tr(zh[l], "Deadlines: %s\n%s\n"),
                zh[l] ? furthest->deadline_rule_zh : furthest->deadline_rule,
                zh[l] ? furthest->deadline_years_zh : furthest->deadline_years);
    for (size_t l = 0; provisional && l < nl; l++)
        fputs(as_cli_tr(zh[l], "Deadlines marked provisional use a year whose official holiday "
                               "schedule is not yet published.\n"),
              f);
}

/* Per province: the probability of each grade, and its borderline checks. */
static void print_uncertainty(FILE *f, const as_evaluation *ev, const as_uncertainty *mc)
{
    const as_ruleset *r = ev->rules;
    if (!mc)
        return;
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++)
        fprintf(f,
                as_cli_tr(zh[l], "\nUncertainty: Monte Carlo (IPCC 2006 Vol. 1 ch. 3, Approach "
                                 "2), %ld draws, seed %lu (%s), errors as the rules declare; "
                                 "P(grade) and the checks whose 95 %% interval straddles the "
                                 "target (borderline)\n"),
                mc->draws, mc->seed, mc->rng);
    as_cli_pad(f, as_cli_label(N_("code")), 7, false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_label(N_("province")), 15, false);
    for (size_t g = 0; g < r->ngrades; g++)
        fprintf(f, " %10.10s", r->grades[g].id);
    fprintf(f, "  %s\n", as_cli_label(N_("borderline")));
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        const as_uncertainty_province *up = as_uncertainty_province_of(mc, i);
        as_cli_pad(f, pr->province->code, 7, false);
        fputc(' ', f);
        as_cli_pad(f, as_cli_name(pr->province->name_zh, pr->province->name_en), 15, false);
        if (!up) {
            fprintf(f, " %s\n", as_cli_label(N_("not analysed: its data have errors")));
            continue;
        }
        for (size_t g = 0; g < r->ngrades; g++)
            fprintf(f, " %10.4f", up->p_grade[g]);
        const char *sep = "  ";
        for (size_t k = 0; k < pr->nindicators; k++)
            for (size_t c = 0; c < pr->indicators[k].nchecks; c++) {
                const as_uncertainty_check *uc = as_uncertainty_check_of(mc, i, k, c);
                if (!uc || !uc->borderline)
                    continue;
                fprintf(f, "%s%s/%s (P %.2f)", sep, pr->indicators[k].def->id,
                        pr->indicators[k].checks[c].def->name, uc->p_met);
                sep = ", ";
            }
        fprintf(f, "%s\n", *sep == ' ' ? "  -" : "");
    }
}

/* Per plan check: every province's observed value, required rate and
 * projection of the final year. */
static void print_trajectories(FILE *f, const as_evaluation *ev, const as_trajectories *t)
{
    for (size_t j = 0; t && j < t->nplans; j++) {
        const as_trajectory *first = as_trajectory_of(t, 0, j);
        if (!first)
            continue;
        const as_check_def *cd = first->cd;
        const as_indicator *ind = first->ind;
        bool zh[2];
        size_t nl = as_cli_langs(zh);
        for (size_t l = 0; l < nl; l++)
            fprintf(f,
                    as_cli_tr(zh[l], "\nTrajectory: %s / %s against its plan target in %d (%s; "
                                     "required: the average annual rate still needed)\n"),
                    ind->id, cd->name, first->final_year, as_plan_measure_name(cd->plan.measure));
        as_cli_pad(f, as_cli_label(N_("code")), 7, false);
        fputc(' ', f);
        as_cli_pad(f, as_cli_label(N_("province")), 15, false);
        static const char *const heads[] = {N_("last"),
                                            N_("observed"),
                                            N_("target"),
                                            N_("required"),
                                            N_("projected"),
                                            /* xgettext:no-c-format */ N_("95 % interval"),
                                            N_("method"),
                                            N_("at risk")};
        static const int widths[] = {5, 10, 10, 10, 10, 23, 15, 0};
        for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
            fputs(k == 5 ? "  " : " ", f);
            as_cli_pad(f, as_cli_label(heads[k]), widths[k], k < 5);
        }
        fputc('\n', f);
        for (size_t i = 0; i < ev->nprovinces; i++) {
            const as_trajectory *tr = as_trajectory_of(t, i, j);
            const as_province_result *pr = &ev->provinces[i];
            char a[40], b[40], c[40], e[40], lo[40], hi[40], iv[60] = "-", risk[40];
            as_cli_pad(f, pr->province->code, 7, false);
            fputc(' ', f);
            as_cli_pad(f, as_cli_name(pr->province->name_zh, pr->province->name_en), 15, false);
            if (tr->error) {
                fprintf(f, " %s: %s\n", as_cli_label(N_("no trajectory")), tr->error);
                continue;
            }
            double l, h;
            as_traj_basis basis = as_trajectory_interval(tr, NULL, &l, &h);
            if (basis != AS_TRAJ_BASIS_NONE)
                snprintf(iv, sizeof iv, "[%s, %s]", as_cli_judged(cd, ind, l, lo, sizeof lo),
                         as_cli_judged(cd, ind, h, hi, sizeof hi));
            snprintf(risk, sizeof risk, "%s",
                     !tr->has_target ? "-"
                     : tr->at_risk   ? as_cli_label(N_("yes"))
                                     : as_cli_label(N_("no")));
            if (tr->has_draws && tr->has_target)
                snprintf(risk + strlen(risk), sizeof risk - strlen(risk), " (P %.2f)",
                         tr->p_at_risk);
            fprintf(f, " %5d %10s %10s %10s %10s  %-23s %-15s %s\n", tr->last_year,
                    as_cli_judged(cd, ind, tr->values[tr->nobs - 1], a, sizeof a),
                    tr->has_target ? as_cli_judged(cd, ind, tr->target, b, sizeof b) : "-",
                    tr->has_required_rate ? as_cli_judged(cd, ind, tr->required_rate, c, sizeof c)
                                          : "-",
                    as_cli_judged(cd, ind, tr->proj.value, e, sizeof e), iv,
                    as_traj_method_name(tr->proj.method), risk);
        }
    }
}

static bool needs_deadline(const as_evaluation *ev)
{
    for (size_t i = 0; i < ev->nprovinces; i++)
        if (ev->provinces[i].grade && ev->provinces[i].grade->rectification_days > 0)
            return true;
    return false;
}

/* Write the JSON to path ("-": standard output) as one of the run's outputs;
 * problems go to d. */
static int write_json(const as_evaluation *ev, const as_json_analyses *an, const char *path,
                      as_output *out, as_diags *d)
{
    if (!strcmp(path, "-")) {
        if (as_json_write(stdout, ev, an) == 0 && fflush(stdout) == 0)
            return 0;
        as_diags_add(d, as_loc_make("standard output", 0, 0), "cannot write: %s", strerror(errno));
        return -1;
    }
    const char *file;
    int i = as_output_begin(out, path, &file, d);
    if (i < 0)
        return -1;
    FILE *f = fopen(file, "wb");
    int rc = f && as_json_write(f, ev, an) == 0 ? 0 : -1;
    int err = errno;
    if (f && fclose(f) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0)
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write file: %s", strerror(err));
    as_output_end(out, i, rc == 0);
    return rc;
}

typedef struct {
    size_t workbooks; /* .xlsx files put in place */
} placed_count;

static void on_placed(void *ctx, const char *path)
{
    size_t n = strlen(path);
    if (n > 5 && !strcmp(path + n - 5, ".xlsx"))
        ((placed_count *)ctx)->workbooks++;
}

/* Write the JSON and the workbooks asked for, then put them all in place at
 * once.  Returns 0, or -1 after printing why. */
static int write_outputs(const as_evaluation *ev, const as_json_analyses *an, const options *o,
                         const as_calendar *cal, const char *cal_dir)
{
    char dir[4096];
    if (o->out)
        snprintf(dir, sizeof dir, "%s", o->out);
    else
        snprintf(dir, sizeof dir, "reports/%d", ev->year);
    as_output *out = as_output_new();
    as_diags d;
    as_diags_init(&d);
    int rc = 0;
    if (!out) {
        as_diags_add(&d, as_loc_make(dir, 0, 0), "out of memory");
        rc = -1;
    }
    as_report_opts ro = {.out_dir = dir,
                         .lang = o->lang,
                         .calendar = cal,
                         .rules_path = o->rules,
                         .data_dir = o->data,
                         .calendar_dir = cal ? cal_dir : NULL,
                         .output = out,
                         .uncertainty = an->uncertainty,
                         .trajectories = an->trajectories};
    if (out && !o->no_reports && as_report_write(ev, &ro, &d) != 0)
        rc = -1; /* first: it makes the folder, which the JSON may go into */
    if (out && o->json && write_json(ev, an, o->json, out, &d) != 0)
        rc = -1;
    placed_count placed = {0};
    if (out && as_output_commit(out, on_placed, &placed, &d) != 0)
        rc = -1;
    as_output_free(out);
    as_cli_print_diags(&d);
    as_diags_release(&d);
    if (placed.workbooks)
        as_cli_printf(stderr,
                      placed.workbooks == 1 ? N_("wrote %zu workbook in %s\n")
                                            : N_("wrote %zu workbooks in %s\n"),
                      placed.workbooks, dir);
    return rc;
}

/* The longest rectification period must be countable from the notification
 * date on the calendar, else the date (or the calendar) is wrong: say so where
 * the date was given, before anything is printed or written.  Returns 0, or an
 * exit code. */
static int check_countable(const as_evaluation *ev, const as_calendar *cal, const options *o)
{
    int days = 0;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        if (!pr->invalid && pr->grade && pr->grade->rectification_days > days)
            days = pr->grade->rectification_days;
    }
    as_date notified = o->has_notified ? o->notified : ev->data->notified;
    as_deadline dl;
    as_diags cd;
    as_diags_init(&cd);
    int rc = 0;
    if (as_calendar_deadline(cal, notified, days, true, &dl, &cd) != 0) {
        char nb[11];
        const char *why = cd.n ? cd.items[0].msg : "out of memory";
        const char *where = cd.n && cd.items[0].loc.file ? cd.items[0].loc.file : "";
        as_date_format(notified, nb);
        if (o->has_notified) {
            as_cli_error("evaluate", "no deadline can be counted from --notified %s: %s in '%s'",
                         nb, why, where);
            rc = AS_EXIT_USAGE;
        } else {
            as_diags d;
            as_diags_init(&d);
            as_diags_add(&d, ev->data->notified_loc,
                         "no deadline can be counted from notification date '%s': %s in '%s'", nb,
                         why, where);
            as_cli_print_diags(&d);
            as_diags_release(&d);
            rc = AS_EXIT_INVALID;
        }
    }
    as_diags_release(&cd);
    return rc;
}

/* Load the calendar and fill deadlines when some grade needs one.  Returns 0,
 * or an exit code. */
static int fill_deadlines(as_evaluation *ev, const options *o, const char *cal_dir,
                          as_calendar **cal)
{
    bool has = o->has_notified || ev->data->has_notified;
    if (!has || !needs_deadline(ev))
        return 0;
    as_diags d;
    as_diags_init(&d);
    if (as_calendar_load(cal_dir, cal, &d) != 0) {
        as_cli_print_diags(&d);
        as_diags_release(&d);
        return AS_EXIT_INVALID;
    }
    as_diags_release(&d);
    int rc = check_countable(ev, *cal, o);
    if (rc == 0)
        as_evaluation_set_deadlines(ev, *cal, o->has_notified ? o->notified : ev->data->notified);
    return rc;
}

static int run(options *o)
{
    as_diags d;
    as_diags_init(&d);
    as_ruleset *r = NULL;
    as_dataset *ds = NULL;
    as_evaluation *ev = NULL;
    as_calendar *cal = NULL;
    as_uncertainty *mc = NULL;
    as_trajectories *traj = NULL;
    const char *cal_dir = as_cli_path(o->calendar ? o->calendar : "data/calendar");
    int rc = AS_EXIT_INVALID;
    if (as_rules_load(o->rules, &r, &d) != 0)
        goto done;
    int year = o->year ? (int)o->year : r->year_from;
    as_eval_opts eo = as_eval_defaults();
    if (as_dataset_load(r, o->data, year, &ds, &d) != 0 ||
        as_evaluate(r, ds, year, &eo, &ev, &d) != 0)
        goto done;
    int drc = fill_deadlines(ev, o, cal_dir, &cal);
    if (drc != 0) {
        rc = drc;
        goto done;
    }
    if (as_trajectory_compute(ev, &eo, &traj, &d) != 0)
        goto done;
    if (o->uncertainty) {
        o->mc.on_draw = as_trajectory_add_draw; /* each plan's projection in every draw */
        o->mc.on_draw_ctx = traj;
        if (as_uncertainty_run(ev, &eo, &o->mc, &mc, &d) != 0)
            goto done;
        as_trajectory_summarise(traj);
    }
    bool json_stdout = o->json && !strcmp(o->json, "-");
    FILE *out = json_stdout ? stderr : stdout;
    print_table(out, ev);
    print_summary(out, ev);
    print_uncertainty(out, ev, mc);
    print_trajectories(out, ev, traj);
    fflush(stdout);
    print_errors(ev);
    as_cli_print_diags(&ds->stray);
    rc = ev->nerrored || as_diags_count(&ds->stray) ? AS_EXIT_PARTIAL : AS_EXIT_OK;
    as_json_analyses an = {mc, traj};
    if ((o->json || !o->no_reports) && write_outputs(ev, &an, o, cal, cal_dir) != 0)
        rc = AS_EXIT_OUTPUT;
done:
    as_cli_print_diags(&d);
    as_diags_release(&d);
    as_uncertainty_free(mc);
    as_trajectory_free(traj);
    as_evaluation_free(ev);
    as_dataset_free(ds);
    as_calendar_free(cal);
    as_rules_free(r);
    return rc;
}

int as_cmd_evaluate(int argc, char **argv)
{
    options o = {.mc = as_uncertainty_defaults()};
    int p = parse_options(argc, argv, &o);
    if (p != 0)
        return p > 0 ? AS_EXIT_OK : AS_EXIT_USAGE;
    o.rules = o.rules ? as_cli_path(o.rules)
                      : as_cli_default("evaluate", "rules/2026.yaml", "--rules FILE");
    o.data = o.data ? as_cli_path(o.data) : as_cli_default("evaluate", "data/sample", "--data DIR");
    return o.rules && o.data ? run(&o) : AS_EXIT_INVALID;
}
