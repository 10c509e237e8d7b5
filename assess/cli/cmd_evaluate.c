/* cmd_evaluate: `assess evaluate`: grade every province of a data set (or
 * those named) for one assessment year or several, print a table per year,
 * and write JSON, Excel reports and, for several years, a summary across
 * them, as one set of outputs.  Usage, options, one engine run per year,
 * status to exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/trajectory.h"
#include "analysis/uncertainty.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/json_out.h"
#include "cli/progress.h"
#include "engine/calendar.h"
#include "engine/dataset.h"
#include "engine/eval.h"
#include "engine/output.h"
#include "engine/rules.h"
#include "engine/select.h"
#include "engine/series.h"
#include "xlsx/report.h"
#include "xlsx/summary.h"

static const char usage_text[] = /* xgettext:no-c-format */
    N_("usage: assess evaluate [--rules FILE] [--data DIR] [--year YEARS] [--province LIST]\n"
       "                       [--notified DATE] [--json FILE|-] [--out DIR] [--lang both|zh|en]\n"
       "                       [--no-reports] [--calendar DIR] [--quiet]\n"
       "                       [--uncertainty [--draws N] [--seed S]]\n\n"
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
       "  --year YEARS     assessment year, or several: a range (2026-2030), a list\n"
       "                   (2016,2018) or both (2016,2018-2019); default: the first\n"
       "                   year of the rules\n"
       "  --province LIST  only these provinces, comma-separated: codes or names in\n"
       "                   Chinese or English, short or full (110000,宁夏,Inner Mongolia)\n"
       "  --notified DATE  notification date YYYY-MM-DD for the rectification deadlines\n"
       "                   of one year (default: the date in the data set's dataset.yaml)\n"
       "  --json FILE|-    also write the results as JSON (- = stdout, then the table\n"
       "                   goes to stderr); several years make one document with the\n"
       "                   years in it (docs/json.md)\n"
       "  --out DIR        where workbooks go (default: reports/<year>); with several\n"
       "                   years, DIR/<year>/ for each (default: reports/) and the\n"
       "                   summary across them, DIR/summary-<years>.xlsx\n"
       "  --lang L         language of the table and messages (default: the locale) and\n"
       "                   of the workbooks' labels (default: both): zh, en or both\n"
       "  --no-reports     do not write workbooks\n"
       "  --calendar DIR   working-day calendar (default: data/calendar)\n"
       "  --quiet, -q      print only the diagnostics (errors, warnings, notes): no\n"
       "                   table, progress bar or list of files\n"
       "  --uncertainty    Monte Carlo (IPCC 2006 Approach 2) of the errors the rules\n"
       "                   declare (uncertainty:): every check of every province\n"
       "                   evaluated once per draw; per check the mean, 95 % interval,\n"
       "                   probability met and 'borderline', per province the\n"
       "                   probability of each grade; Approach 1 beside it\n"
       "  --draws N        Monte Carlo draws, 2 to 10000000 (default 10000)\n"
       "  --seed S         seed of the generator (GSL MT19937), 1 to 4294967295\n"
       "                   (default 1); the same seed gives the same numbers and files\n\n"
       "Each folder written gets a manifest, assess.sha256, written last: `cd DIR &&\n"
       "sha256sum -c assess.sha256` tells a complete set from one a killed run left.\n"
       "On a terminal, a progress bar on stderr counts the provinces done.\n\n"
       "exit: 0 ok, 1 invalid rules or data set, 2 usage, 3 output not written,\n"
       "      4 done but some provinces' data are invalid (graded 'invalid', or 'fail'\n"
       "      with fraud; every other province is graded) or some files belong to no\n"
       "      province (they are named and not read); with several years, the most\n"
       "      serious of the years' (3, then 1, then 4)\n");

typedef struct {
    const char *rules, *data, *json, *out, *calendar;
    int years[AS_SELECT_MAX_YEARS]; /* the years asked, ascending */
    size_t nyears;                  /* 0: the rules' first year */
    const char *provinces;          /* --province as given, or NULL: every province */
    bool has_notified;              /* --notified given */
    as_date notified;
    as_report_lang lang;
    bool no_reports, quiet;
    bool uncertainty; /* --uncertainty */
    bool has_draws, has_seed;
    as_uncertainty_opts mc; /* --draws, --seed */
} options;

/* "'--year' is given twice: ..." for an option that takes everything in one. */
static int twice(const char *opt, const char *example)
{
    as_cli_error("evaluate", "'%s' is given twice: give everything in one, as in '%s %s'", opt, opt,
                 example);
    return -1;
}

static int parse_years(options *o, const char *text)
{
    as_diags d;
    if (o->nyears)
        return twice("--year", "2016,2018-2019");
    as_diags_init(&d);
    int rc = as_select_years(text, o->years, AS_SELECT_MAX_YEARS, &o->nyears, &d);
    as_cli_error_diags("evaluate", &d);
    as_diags_release(&d);
    return rc;
}

static int parse_lang(options *o, const char *text)
{
    if (!strcmp(text, "both"))
        o->lang = AS_REPORT_LANG_BOTH;
    else if (!strcmp(text, "zh"))
        o->lang = AS_REPORT_LANG_ZH;
    else if (!strcmp(text, "en"))
        o->lang = AS_REPORT_LANG_EN;
    else {
        as_cli_error("evaluate", "invalid language '%s': use both, zh or en", text);
        return -1;
    }
    return 0;
}

/* One option with its argument; 0, 1 (help shown) or -1 (reported). */
static int parse_option(options *o, int ch, const char *arg, const char *given)
{
    switch (ch) {
    case 'r':
        o->rules = arg;
        return 0;
    case 'd':
        o->data = arg;
        return 0;
    case 'j':
        o->json = arg;
        return 0;
    case 'o':
        o->out = arg;
        return 0;
    case 'c':
        o->calendar = arg;
        return 0;
    case 'N':
        o->no_reports = true;
        return 0;
    case 'q':
        o->quiet = true;
        return 0;
    case 'h':
        fputs(_(usage_text), stdout);
        return 1;
    case 'y':
        return parse_years(o, arg);
    case 'p':
        if (o->provinces)
            return twice("--province", "110000,宁夏");
        o->provinces = arg;
        return 0;
    case 'n':
        if (as_date_parse(arg, &o->notified) != 0) {
            as_cli_error("evaluate", "invalid date '%s': use YYYY-MM-DD", arg);
            return -1;
        }
        o->has_notified = true;
        return 0;
    case 'l':
        return parse_lang(o, arg);
    case 'U':
        o->uncertainty = true;
        return 0;
    case 'D':
        if (as_cli_parse_int(arg, 2, AS_UNCERTAINTY_MAX_DRAWS, &o->mc.draws) != 0) {
            as_cli_error("evaluate", "invalid number of draws '%s': use 2 to %ld", arg,
                         AS_UNCERTAINTY_MAX_DRAWS);
            return -1;
        }
        o->has_draws = true;
        return 0;
    case 'S': {
        long seed = 0;
        if (as_cli_parse_int(arg, 1, 4294967295L, &seed) != 0) {
            as_cli_error("evaluate", "invalid seed '%s': use 1 to 4294967295", arg);
            return -1;
        }
        o->mc.seed = (unsigned long)seed;
        o->has_seed = true;
        return 0;
    }
    default:
        as_cli_error("evaluate", "unknown or incomplete option '%s'", given);
        return -1;
    }
}

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, 'r'},    {"data", required_argument, NULL, 'd'},
        {"year", required_argument, NULL, 'y'},     {"province", required_argument, NULL, 'p'},
        {"notified", required_argument, NULL, 'n'}, {"json", required_argument, NULL, 'j'},
        {"out", required_argument, NULL, 'o'},      {"lang", required_argument, NULL, 'l'},
        {"no-reports", no_argument, NULL, 'N'},     {"calendar", required_argument, NULL, 'c'},
        {"quiet", no_argument, NULL, 'q'},          {"uncertainty", no_argument, NULL, 'U'},
        {"draws", required_argument, NULL, 'D'},    {"seed", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        int rc = parse_option(o, ch, optarg, argv[optind - 1]);
        if (rc != 0)
            return rc;
    }
    if (optind < argc) {
        as_cli_error("evaluate", "unexpected argument '%s'", argv[optind]);
        return -1;
    }
    if ((o->has_draws || o->has_seed) && !o->uncertainty) {
        as_cli_error("evaluate", "'%s' needs '--uncertainty'", o->has_draws ? "--draws" : "--seed");
        return -1;
    }
    if (o->has_notified && o->nyears > 1) {
        as_cli_error("evaluate",
                     "'--notified' is for one year: with several years, each year's date "
                     "comes from the data set's dataset.yaml (notified:)");
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
        bool zh = as_cli_language() == AS_LANG_ZH && first && first->text.tr;
        ADD("%s%s: ", len ? "; " : "", as_cli_label(N_("data invalid")));
        if (zh) {
            char where[4200];
            as_loc_print(where, sizeof where, first->loc);
            ADD("%s: %s", where, first->text.tr);
        } else if (first) {
            char *line = as_diag_format(first);
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

/* The exit code of a run over several years: the most serious of the years'
 * (an output not written, then invalid input, then invalid provinces). */
static int worse(int a, int b)
{
    static const int rank[] = {[AS_EXIT_OK] = 0,
                               [AS_EXIT_PARTIAL] = 1,
                               [AS_EXIT_INVALID] = 2,
                               [AS_EXIT_USAGE] = 3,
                               [AS_EXIT_OUTPUT] = 4};
    return rank[b] > rank[a] ? b : a;
}

#define PATH_MAX_CLI 4096 /* bytes of a folder named on the command line */

/* The files one folder got, for the line naming them. */
typedef struct {
    char *dir;    /* the folder as named */
    char **names; /* files other than province workbooks, in the order placed */
    size_t nnames;
    size_t provinces; /* province workbooks */
    size_t first;     /* names placed before the first of them */
    char *province;   /* the first one's name (the one when there is one only) */
    bool manifest;    /* the folder's manifest was written */
} placed_folder;

/* Everything a run over one year or several shares. */
typedef struct {
    const options *o;
    as_ruleset *r;
    unsigned char *select; /* per province: named by --province; NULL: every province */
    size_t nunits;         /* provinces evaluated each year */
    bool several;          /* more than one year */
    bool json_stdout;      /* --json - */
    FILE *table;           /* where tables go (NULL: --quiet) */
    const char *cal_dir;
    as_calendar *cal;        /* loaded when a deadline needs it */
    as_output *out;          /* the run's outputs, NULL when none are written */
    as_diags d;              /* output problems, printed after the commit */
    char base[PATH_MAX_CLI]; /* --out, or reports: where the years' folders and the summary go */
    as_series *series;       /* what the summary shows, with several years and workbooks */
    FILE *json;              /* several years: the JSON document being written, or NULL */
    int json_out;            /* its output, -1 on stdout */
    bool json_failed;        /* writing it failed */
    bool json_said;          /* and that was reported */
    size_t json_years;       /* year documents written into it */
    as_json_failed *failed;  /* years not evaluated, for the JSON */
    size_t nfailed;
    as_progress bar;
    char **provincial; /* paths of the province workbooks written (malloc'd each) */
    size_t nprovincial, capprovincial;
    placed_folder *folders; /* what was put in place, by folder */
    size_t nfolders;
} run_ctx;

/* Write the JSON of one year to path ("-": standard output) as one of the
 * run's outputs; problems go to d. */
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

/* Several years: open the JSON document (once) and write its head. */
static int json_open(run_ctx *c)
{
    const char *path = c->o->json;
    if (c->json || c->json_failed)
        return c->json ? 0 : -1;
    c->json_out = -1;
    if (c->json_stdout) {
        c->json = stdout;
    } else {
        const char *file;
        c->json_out = as_output_begin(c->out, path, &file, &c->d);
        c->json = c->json_out < 0 ? NULL : fopen(file, "wb");
        if (c->json_out >= 0 && !c->json)
            as_diags_add(&c->d, as_loc_make(path, 0, 0), "cannot write file: %s", strerror(errno));
        c->json_said = !c->json; /* by as_output_begin, or just now */
    }
    if (c->json && as_json_years_begin(c->json, c->o->years, c->o->nyears) == 0)
        return 0;
    c->json_failed = true;
    return -1;
}

/* Several years: the year's document into the open one. */
static void json_year(run_ctx *c, const as_evaluation *ev, const as_json_analyses *an)
{
    if (json_open(c) != 0)
        return;
    if (as_json_years_next(c->json, c->json_years++) != 0 || as_json_write(c->json, ev, an) != 0)
        c->json_failed = true;
}

/* Several years: the document's end; it is complete, or failed. */
static int json_close(run_ctx *c)
{
    if (!c->o->json || !c->several)
        return 0;
    json_open(c);
    errno = 0;
    int rc = c->json && !c->json_failed && as_json_years_end(c->json, c->failed, c->nfailed) == 0 &&
                     fflush(c->json) == 0
                 ? 0
                 : -1;
    int err = errno;
    if (c->json && !c->json_stdout && fclose(c->json) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    c->json = NULL;
    if (rc != 0 && !c->json_said)
        as_diags_add(&c->d, as_loc_make(c->json_stdout ? "standard output" : c->o->json, 0, 0),
                     "cannot write file: %s", strerror(err ? err : EIO));
    if (c->json_out >= 0)
        as_output_end(c->out, c->json_out, rc == 0);
    return rc;
}

/* Remember a year that could not be evaluated, with its errors, for the JSON. */
static void note_failed(run_ctx *c, int year, const as_diags *d)
{
    as_json_failed *f = realloc(c->failed, (c->nfailed + 1) * sizeof *f);
    if (!f)
        return;
    c->failed = f;
    f = &c->failed[c->nfailed++];
    f->year = year;
    f->nerrors = 0;
    f->errors = calloc(d->n ? d->n : 1, sizeof *f->errors);
    for (size_t i = 0; f->errors && i < d->n; i++)
        if ((f->errors[f->nerrors] = as_diag_format(&d->items[i])))
            f->nerrors++;
}

/* --- what was written ------------------------------------------------------ */

static char *dir_part(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, slash ? path : ".", n);
        d[n] = '\0';
    }
    return d;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Told of every workbook written: province workbooks are counted in the
 * progress bar and recognised when placed. */
static void on_written(void *ctx, const char *path, bool province, bool ok)
{
    run_ctx *c = ctx;
    if (!province)
        return;
    as_progress_add(&c->bar, 1);
    if (!ok)
        return;
    if (c->nprovincial == c->capprovincial) {
        size_t cap = c->capprovincial ? 2 * c->capprovincial : 64;
        char **n = realloc(c->provincial, cap * sizeof *n);
        if (!n)
            return;
        c->provincial = n;
        c->capprovincial = cap;
    }
    char *copy = strdup(path);
    if (copy)
        c->provincial[c->nprovincial++] = copy;
}

static placed_folder *folder_of(run_ctx *c, const char *path)
{
    char *dir = dir_part(path);
    if (!dir)
        return NULL;
    for (size_t i = 0; i < c->nfolders; i++)
        if (!strcmp(c->folders[i].dir, dir)) {
            free(dir);
            return &c->folders[i];
        }
    placed_folder *n = realloc(c->folders, (c->nfolders + 1) * sizeof *n);
    if (!n) {
        free(dir);
        return NULL;
    }
    c->folders = n;
    n = &c->folders[c->nfolders++];
    memset(n, 0, sizeof *n);
    n->dir = dir;
    return n;
}

static void on_placed(void *ctx, const char *path)
{
    run_ctx *c = ctx;
    placed_folder *f = folder_of(c, path);
    const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
    if (!f)
        return;
    if (!strcmp(name, AS_OUTPUT_MANIFEST)) {
        f->manifest = true;
        return;
    }
    const char *key = path;
    if (c->nprovincial &&
        bsearch(&key, c->provincial, c->nprovincial, sizeof *c->provincial, cmp_str)) {
        if (!f->provinces++) {
            f->province = strdup(name);
            f->first = f->nnames;
        }
        return;
    }
    char **n = realloc(f->names, (f->nnames + 1) * sizeof *n);
    if (n && (n[f->nnames] = strdup(name))) {
        f->names = n;
        f->nnames++;
    } else if (n) {
        f->names = n;
    }
}

static int cmp_folder(const void *a, const void *b)
{
    return strcmp(((const placed_folder *)a)->dir, ((const placed_folder *)b)->dir);
}

/* "wrote DIR: a.xlsx, 31 province workbooks, b.json; listed with their
 * SHA-256 in DIR/assess.sha256", one line per folder, in name order. */
static void print_placed(run_ctx *c)
{
    if (c->nfolders)
        qsort(c->folders, c->nfolders, sizeof *c->folders, cmp_folder);
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t i = 0; i < c->nfolders; i++) {
        const placed_folder *f = &c->folders[i];
        for (size_t l = 0; l < nl; l++) {
            const char *sep = "";
            fprintf(stderr, as_cli_tr(zh[l], "wrote %s: "), f->dir);
            for (size_t k = 0; k <= f->nnames; k++) {
                if (f->provinces && k == f->first) {
                    if (f->provinces == 1)
                        fprintf(stderr, "%s%s", sep, f->province ? f->province : "");
                    else
                        fprintf(stderr, as_cli_tr(zh[l], "%s%zu province workbooks"), sep,
                                f->provinces);
                    sep = zh[l] ? "、" : ", ";
                }
                if (k < f->nnames) {
                    fprintf(stderr, "%s%s", sep, f->names[k]);
                    sep = zh[l] ? "、" : ", ";
                }
            }
            if (f->manifest)
                fprintf(stderr, as_cli_tr(zh[l], "; listed with their SHA-256 in %s/%s"), f->dir,
                        AS_OUTPUT_MANIFEST);
            fputc('\n', stderr);
        }
    }
}

static void release_placed(run_ctx *c)
{
    for (size_t i = 0; i < c->nfolders; i++) {
        for (size_t k = 0; k < c->folders[i].nnames; k++)
            free(c->folders[i].names[k]);
        free(c->folders[i].names);
        free(c->folders[i].province);
        free(c->folders[i].dir);
    }
    free(c->folders);
    for (size_t i = 0; i < c->nprovincial; i++)
        free(c->provincial[i]);
    free(c->provincial);
}

/* The longest rectification period must be countable from the notification
 * date on the calendar, else the date (or the calendar) is wrong: say so where
 * the date was given (into d; --notified: printed at once), before anything of
 * the year is printed or written.  Returns 0, or an exit code. */
static int check_countable(const as_evaluation *ev, const as_calendar *cal, const options *o,
                           as_diags *d)
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
        const char *why = cd.n ? cd.items[0].text.en : "out of memory";
        const char *where = cd.n && cd.items[0].loc.file ? cd.items[0].loc.file : "";
        as_date_format(notified, nb);
        if (o->has_notified) {
            as_cli_error("evaluate", "no deadline can be counted from --notified %s: %s in '%s'",
                         nb, why, where);
            rc = AS_EXIT_USAGE;
        } else {
            as_diags_add(d, ev->data->notified_loc,
                         "no deadline can be counted from notification date '%s': %s in '%s'", nb,
                         why, where);
            rc = AS_EXIT_INVALID;
        }
    }
    as_diags_release(&cd);
    return rc;
}

/* Load the calendar (once, the first time a year needs it) and fill
 * deadlines when some grade needs one; problems go to d.  Returns 0, or an
 * exit code. */
static int fill_deadlines(as_evaluation *ev, const options *o, const char *cal_dir,
                          as_calendar **cal, as_diags *d)
{
    bool has = o->has_notified || ev->data->has_notified;
    if (!has || !needs_deadline(ev))
        return 0;
    if (!*cal && as_calendar_load(cal_dir, cal, d) != 0)
        return AS_EXIT_INVALID;
    int rc = check_countable(ev, *cal, o, d);
    if (rc == 0)
        as_evaluation_set_deadlines(ev, *cal, o->has_notified ? o->notified : ev->data->notified);
    return rc;
}

/* The folder of a year's workbooks (cut at n bytes: a path that long cannot
 * be made, and says so). */
static void year_dir(const run_ctx *c, int year, char *dir, size_t n)
{
    if (c->several)
        snprintf(dir, n, "%s/%d", c->base, year);
    else if (c->o->out)
        snprintf(dir, n, "%s", c->o->out);
    else
        snprintf(dir, n, "reports/%d", year);
}

static as_report_opts report_opts(run_ctx *c, const char *dir, const as_json_analyses *an)
{
    return (as_report_opts){.out_dir = dir,
                            .uncertainty = an ? an->uncertainty : NULL,
                            .trajectories = an ? an->trajectories : NULL,
                            .lang = c->o->lang,
                            .calendar = c->cal,
                            .rules_path = c->o->rules,
                            .data_dir = c->o->data,
                            .calendar_dir = c->cal ? c->cal_dir : NULL,
                            .output = c->out,
                            .written = on_written,
                            .written_ctx = c};
}

/* The year's workbooks and JSON, and its part of the summary. */
static int write_year(run_ctx *c, const as_evaluation *ev, const as_json_analyses *an)
{
    char dir[PATH_MAX_CLI + 16];
    int rc = 0;
    year_dir(c, ev->year, dir, sizeof dir);
    as_report_opts ro = report_opts(c, dir, an);
    if (!c->o->no_reports && as_report_write(ev, &ro, &c->d) != 0)
        rc = -1; /* first: it makes the folder, which the JSON may go into */
    if (c->series && as_series_add(c->series, ev) != 0) {
        as_diags_add(&c->d, as_loc_make(c->base, 0, 0), "cannot write the summary: out of memory");
        rc = -1;
    }
    if (c->o->json && c->several)
        json_year(c, ev, an);
    else if (c->o->json && write_json(ev, an, c->o->json, c->out, &c->d) != 0)
        rc = -1;
    return rc;
}

/* The analyses of the year: trajectories against the plan, and with
 * --uncertainty the Monte Carlo (each plan's projection in every draw).
 * Returns 0, or -1 with the problem in d. */
static int analyse(run_ctx *c, const as_evaluation *ev, const as_eval_opts *eo,
                   as_trajectories **traj, as_uncertainty **mc, as_diags *d)
{
    if (as_trajectory_compute(ev, eo, traj, d) != 0)
        return -1;
    if (!c->o->uncertainty)
        return 0;
    as_uncertainty_opts uo = c->o->mc;
    uo.on_draw = as_trajectory_add_draw;
    uo.on_draw_ctx = *traj;
    if (as_uncertainty_run(ev, eo, &uo, mc, d) != 0)
        return -1;
    as_trajectory_summarise(*traj);
    return 0;
}

/* Load, evaluate, print and write one year.  Returns its exit code. */
static int run_year(run_ctx *c, int year)
{
    as_diags d;
    as_diags_init(&d);
    as_dataset *ds = NULL;
    as_evaluation *ev = NULL;
    as_trajectories *traj = NULL;
    as_uncertainty *mc = NULL;
    as_eval_opts eo = as_eval_defaults();
    eo.select = c->select;
    eo.no_trace = true; /* each province's trail is evaluated again for its workbook alone */
    int rc = AS_EXIT_INVALID;
    if (as_dataset_load(c->r, c->o->data, year, &ds, &d) != 0 ||
        as_evaluate(c->r, ds, year, &eo, &ev, &d) != 0 ||
        (rc = fill_deadlines(ev, c->o, c->cal_dir, &c->cal, &d)) != 0 ||
        (rc = analyse(c, ev, &eo, &traj, &mc, &d) ? AS_EXIT_INVALID : 0) != 0) {
        note_failed(c, year, &d);
        as_progress_add(&c->bar, c->nunits);
        goto done;
    }
    as_progress_clear(&c->bar);
    if (c->table) {
        if (c->several && year != c->o->years[0])
            fputc('\n', c->table);
        print_table(c->table, ev);
        print_summary(c->table, ev);
        print_uncertainty(c->table, ev, mc);
        print_trajectories(c->table, ev, traj);
        fflush(c->table);
    }
    print_errors(ev);
    as_cli_print_diags(&ds->stray);
    as_progress_add(&c->bar, 0); /* drawn while the year's workbooks are written */
    rc = ev->nerrored || as_diags_count(&ds->stray) ? AS_EXIT_PARTIAL : AS_EXIT_OK;
    if (c->o->no_reports)
        as_progress_add(&c->bar, c->nunits);
    as_json_analyses an = {mc, traj};
    if (c->out && write_year(c, ev, &an) != 0)
        rc = AS_EXIT_OUTPUT;
done:
    as_progress_clear(&c->bar);
    as_cli_print_diags(&d);
    as_diags_release(&d);
    as_uncertainty_free(mc);
    as_trajectory_free(traj);
    as_evaluation_free(ev);
    as_dataset_free(ds);
    return rc;
}

/* The summary across the years, beside their folders. */
static int write_summary(run_ctx *c)
{
    char years[256], path[PATH_MAX_CLI + 300];
    if (as_select_years_text(c->o->years, c->o->nyears, "_", years, sizeof years) != 0)
        snprintf(years, sizeof years, "%d-%d", c->o->years[0], c->o->years[c->o->nyears - 1]);
    snprintf(path, sizeof path, "%s/summary-%s.xlsx", c->base, years);
    if (as_output_mkdirs(c->base) != 0) {
        as_diags_add(&c->d, as_loc_make(c->base, 0, 0), "cannot create folder: %s",
                     strerror(errno));
        return -1;
    }
    as_report_opts ro = report_opts(c, c->base, NULL);
    return as_report_summary(c->series, path, &ro, &c->d);
}

/* After the years: the summary, the JSON's end, then every output put in
 * place at once and named.  Returns 0, or -1 when something was not written. */
static int finish_outputs(run_ctx *c)
{
    int rc = 0;
    if (c->series && write_summary(c) != 0)
        rc = -1;
    if (json_close(c) != 0)
        rc = -1;
    if (c->nprovincial)
        qsort(c->provincial, c->nprovincial, sizeof *c->provincial, cmp_str);
    if (c->out && as_output_commit(c->out, on_placed, c, &c->d) != 0)
        rc = -1;
    as_progress_clear(&c->bar);
    as_cli_print_diags(&c->d);
    if (c->table || (c->json_stdout && !c->o->quiet))
        print_placed(c);
    return rc;
}

/* Check the years against the rules and resolve --province.  Returns 0, or
 * an exit code. */
static int prepare(run_ctx *c, options *o)
{
    as_diags d;
    as_diags_init(&d);
    if (!o->nyears)
        o->years[o->nyears++] = c->r->year_from;
    int rc = as_select_years_in_rules(c->r, o->years, o->nyears, &d) ? AS_EXIT_INVALID : 0;
    as_cli_print_diags(&d);
    as_diags_release(&d);
    c->nunits = c->r->nprovinces;
    if (rc || !o->provinces)
        return rc;
    c->select = malloc(c->r->nprovinces ? c->r->nprovinces : 1);
    if (!c->select) {
        as_cli_error("evaluate", "out of memory");
        return AS_EXIT_INVALID;
    }
    as_diags_init(&d);
    rc = as_select_provinces(c->r, o->provinces, c->select, &c->nunits, &d) ? AS_EXIT_USAGE : 0;
    as_cli_error_diags("evaluate", &d);
    as_diags_release(&d);
    return rc;
}

/* What the run writes and where; 0, or an exit code. */
static int open_outputs(run_ctx *c)
{
    const options *o = c->o;
    snprintf(c->base, sizeof c->base, "%s", o->out ? o->out : "reports");
    if (!o->json && o->no_reports)
        return 0;
    if (!(c->out = as_output_new())) {
        as_cli_error("evaluate", "out of memory");
        return AS_EXIT_OUTPUT;
    }
    if (c->several && !o->no_reports &&
        !(c->series = as_series_new(c->r, o->years, o->nyears, c->select))) {
        as_cli_error("evaluate", "out of memory");
        return AS_EXIT_OUTPUT;
    }
    return 0;
}

static int run(options *o)
{
    as_diags d;
    as_diags_init(&d);
    run_ctx c = {.o = o, .json_out = -1};
    as_diags_init(&c.d);
    c.cal_dir = as_cli_path(o->calendar ? o->calendar : "data/calendar");
    c.json_stdout = o->json && !strcmp(o->json, "-");
    c.table = o->quiet ? NULL : c.json_stdout ? stderr : stdout;
    int rc = AS_EXIT_INVALID;
    if (as_rules_load(o->rules, &c.r, &d) != 0)
        goto done;
    if ((rc = prepare(&c, o)) != 0)
        goto done;
    c.several = o->nyears > 1;
    if ((rc = open_outputs(&c)) != 0)
        goto done;
    as_progress_init(&c.bar, o->nyears * c.nunits, N_("provinces"), !o->quiet);
    for (size_t y = 0; y < o->nyears; y++)
        rc = worse(rc, run_year(&c, o->years[y]));
    if (finish_outputs(&c) != 0)
        rc = worse(rc, AS_EXIT_OUTPUT);
done:
    as_cli_print_diags(&d);
    as_diags_release(&d);
    as_diags_release(&c.d);
    release_placed(&c);
    for (size_t i = 0; i < c.nfailed; i++) {
        for (size_t e = 0; e < c.failed[i].nerrors; e++)
            free(c.failed[i].errors[e]);
        free(c.failed[i].errors);
    }
    free(c.failed);
    if (c.json && !c.json_stdout)
        fclose(c.json);
    as_output_free(c.out);
    as_series_free(c.series);
    as_calendar_free(c.cal);
    free(c.select);
    as_rules_free(c.r);
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
