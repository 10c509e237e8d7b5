/* cmd_evaluate: `assess evaluate`: grade every province of a data set (or
 * those named) for one assessment year or several, print a table per year,
 * and write JSON, Excel reports and, for several years, a summary across
 * them, as one set of outputs.  Usage, options, the year loop (each year
 * evaluated by annual.h, printed by yeartable.h, written by publish.h),
 * status to exit code. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/annual.h"
#include "base/grow.h"
#include "base/bundle.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/progress.h"
#include "cli/written.h"
#include "cli/yeartable.h"
#include "report/output.h"
#include "engine/dataset.h"
#include "engine/rules.h"
#include "engine/select.h"
#include "engine/series.h"
#include "report/evaljson.h"
#include "report/publish.h"
#include "report/summary.h"

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
       "  --draws N        Monte Carlo draws, 2 to 10000000 (default 10000): fewer\n"
       "                   than 100 are warned about (no 95 % interval worth the name),\n"
       "                   more than 1 GiB of kept draws holds are refused (exit 2)\n"
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
static int parse_option(options *o, int ch, const char *arg)
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
    default: /* refused by getopt_long: said by the caller */
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
        if (ch == '?') { /* unknown, or its value missing */
            as_cli_bad_option("evaluate", longopts, argv[optind - 1]);
            return -1;
        }
        int rc = parse_option(o, ch, optarg);
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
    if (o->mc.draws < AS_UNCERTAINTY_FEW_DRAWS) /* +-1.96 sd of a share of 1/2, in points */
        as_cli_warning("evaluate",
                       "%ld draws are too few for a 95 %% interval: its ends rest on the two or "
                       "three most extreme draws, and a probability is known only to about "
                       "+-%.0f points; use %d or more (default %d)",
                       o->mc.draws, 98 / sqrt((double)o->mc.draws), AS_UNCERTAINTY_FEW_DRAWS,
                       AS_UNCERTAINTY_DEFAULT_DRAWS);
    if (o->has_notified && o->nyears > 1) {
        as_cli_error("evaluate",
                     "'--notified' is for one year: with several years, each year's date "
                     "comes from the data set's dataset.yaml (notified:)");
        return -1;
    }
    return 0;
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

/* A year that could not be evaluated, for the JSON of several years. */
typedef struct {
    int year;
    as_diags d; /* what was printed for it */
} failed_year;

/* Everything a run over one year or several shares. */
typedef struct {
    const options *o;
    as_ruleset *r;
    unsigned char *select;   /* per province: named by --province; NULL: every province */
    size_t nunits;           /* provinces evaluated each year */
    bool several;            /* more than one year */
    bool json_stdout;        /* --json - */
    FILE *table;             /* where tables go (NULL: --quiet) */
    as_annual run;           /* the years' evaluation, and the calendar they share */
    as_output *out;          /* the run's outputs, NULL when none are written */
    as_diags d;              /* output problems, printed after the commit */
    char base[PATH_MAX_CLI]; /* --out, or reports: where the years' folders and the summary go */
    as_series *series;       /* what the summary shows, with several years and workbooks */
    bool json_opened;        /* several years: the JSON document was opened (or tried) */
    as_output_stream json;   /* that document */
    as_json jw;              /* its writer */
    failed_year *failed;     /* years not evaluated, for the JSON */
    size_t nfailed, capfailed;
    as_progress bar;
    int asked[AS_SELECT_MAX_YEARS]; /* the years asked (o->years keeps those with data) */
    size_t nasked;
    int empty[AS_SELECT_MAX_YEARS]; /* the years asked without a submission: not evaluated */
    size_t nempty;
    as_written written; /* what was put in place, for the line naming it */
    bool stopped;       /* the reader of the table went away: no more years, nothing put in
                           place (releasing the output set removes what it began) */
} run_ctx;

/* --- the JSON of several years --------------------------------------------- */

/* Open the document (once) and write its head; 0, or -1 when it cannot be. */
static int json_open(run_ctx *c)
{
    if (c->json_opened)
        return c->json.f ? 0 : -1;
    c->json_opened = true;
    if (as_output_open(c->out, c->o->json, &c->json, &c->d) != 0)
        return -1;
    as_json_init(&c->jw, c->json.f, AS_EVALJSON_WRAP + 2);
    as_evaljson_years_begin(&c->jw, c->asked, c->nasked);
    return 0;
}

static void json_year(run_ctx *c, const as_annual_year *y)
{
    as_json_analyses an = {y->mc, y->traj};
    if (json_open(c) == 0)
        as_evaljson_year(&c->jw, y->ev, &an);
}

/* The document's end; it is complete, or failed (and said so). */
static int json_close(run_ctx *c)
{
    if (!c->o->json || !c->several)
        return 0;
    if (json_open(c) != 0)
        return as_output_close(c->out, &c->json, false, &c->d);
    as_json_failed *f = calloc(c->nfailed + 1, sizeof *f);
    for (size_t i = 0; f && i < c->nfailed; i++)
        f[i] = (as_json_failed){c->failed[i].year, c->failed[i].d.items, c->failed[i].d.n};
    as_evaljson_years_end(&c->jw, f, f ? c->nfailed : 0, c->empty, c->nempty);
    free(f);
    errno = 0;
    return as_output_close(c->out, &c->json, as_json_finish(&c->jw) == 0, &c->d);
}

/* Remember a year that could not be evaluated, with what was said about it. */
static void note_failed(run_ctx *c, int year, const as_diags *d)
{
    failed_year *f = as_grow(c->failed, &c->capfailed, c->nfailed + 1, sizeof *f, 4, 0);
    if (!f)
        return;
    c->failed = f;
    f = &c->failed[c->nfailed++];
    f->year = year;
    as_diags_init(&f->d);
    for (size_t i = 0; i < d->n; i++)
        as_diags_copy(&f->d, &d->items[i]);
}

/* --- one year ------------------------------------------------------------ */

/* Told of every workbook written: province workbooks are counted in the
 * progress bar and recognised when placed. */
static void on_written(void *ctx, const char *path, bool province, bool ok)
{
    run_ctx *c = ctx;
    if (!province)
        return;
    as_progress_add(&c->bar, 1);
    if (ok)
        as_written_province(&c->written, path);
}

static as_publish_opts publish_opts(run_ctx *c)
{
    return (as_publish_opts){.lang = c->o->lang,
                             .rules_path = c->o->rules,
                             .data_dir = c->o->data,
                             .written = on_written,
                             .written_ctx = c};
}

/* The year's workbooks and JSON, and its part of the summary. */
static int write_year(run_ctx *c, const as_annual_year *y)
{
    char dir[PATH_MAX_CLI + 16]; /* cut at its size: a path that long cannot be made, and says so */
    if (c->several)
        snprintf(dir, sizeof dir, "%s/%d", c->base, y->year);
    else if (c->o->out)
        snprintf(dir, sizeof dir, "%s", c->o->out);
    else
        snprintf(dir, sizeof dir, "reports/%d", y->year);
    as_publish_opts po = publish_opts(c);
    po.dir = c->o->no_reports ? NULL : dir;
    po.json = c->several ? NULL : c->o->json;
    int rc = as_publish_year(&c->run, y, &po, c->out, &c->d);
    if (c->series && as_series_add(c->series, y->ev) != 0) {
        as_diags_add(&c->d, as_loc_make(c->base, 0, 0), "cannot write the summary: out of memory");
        rc = -1;
    }
    if (c->o->json && c->several)
        json_year(c, y);
    return rc;
}

/* The year printed and written; its exit code. */
static int show_year(run_ctx *c, const as_annual_year *y)
{
    as_progress_clear(&c->bar);
    if (c->table) {
        if (c->several && y->year != c->o->years[0])
            fputc('\n', c->table);
        as_yeartable_print(c->table, y);
    }
    as_yeartable_diags(y);
    if (as_cli_pipe_closed()) { /* `| head` has read enough: nothing more is written */
        c->stopped = true;
        return AS_EXIT_OUTPUT;
    }
    as_progress_add(&c->bar, 0); /* drawn while the year's workbooks are written */
    int rc = y->ev->nerrored || as_diags_count(&y->ds->stray) ? AS_EXIT_PARTIAL : AS_EXIT_OK;
    if (c->o->no_reports)
        as_progress_add(&c->bar, c->nunits);
    if (c->out && write_year(c, y) != 0)
        rc = AS_EXIT_OUTPUT;
    return rc;
}

/* The deadlines cannot be counted from --notified: said as the option's
 * problem, before anything of the year.  Returns the exit code. */
static int notified_error(run_ctx *c, as_diags *d)
{
    char date[11];
    const as_diag *e = d->n ? &d->items[0] : NULL;
    as_cli_error("evaluate", "no deadline can be counted from --notified %s: %s in '%s'",
                 as_date_format(c->o->notified, date), e ? e->text.en : "out of memory",
                 e && e->loc.file ? e->loc.file : "");
    as_diags_release(d);
    as_diags_init(d);
    return AS_EXIT_USAGE;
}

/* Evaluate, print and write one year.  Returns its exit code. */
static int run_year(run_ctx *c, int year)
{
    as_diags d;
    as_diags_init(&d);
    as_annual_year y;
    int rc;
    as_annual_status st = as_annual_run(&c->run, year, &y, &d);
    if (st == AS_ANNUAL_OK)
        rc = show_year(c, &y);
    else if (st == AS_ANNUAL_OPTIONS) { /* --draws too many for this year's checks */
        as_cli_error_diags("evaluate", &d);
        as_diags_release(&d);
        as_diags_init(&d);
        rc = AS_EXIT_USAGE;
    } else {
        rc = st == AS_ANNUAL_NOTIFIED ? notified_error(c, &d) : AS_EXIT_INVALID;
        note_failed(c, year, &d);
        as_progress_add(&c->bar, c->nunits);
    }
    as_progress_clear(&c->bar);
    as_cli_print_diags(&d);
    as_diags_release(&d);
    as_annual_year_release(&y);
    return rc;
}

/* --- the run ------------------------------------------------------------- */

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
    as_publish_opts po = publish_opts(c);
    as_report_opts ro = as_publish_report_opts(&c->run, NULL, &po, c->base, c->out);
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
    if (c->out && as_output_commit(c->out, as_written_placed, &c->written, &c->d) != 0)
        rc = -1;
    as_progress_clear(&c->bar);
    as_cli_print_diags(&c->d);
    if (c->table || (c->json_stdout && !c->o->quiet))
        as_written_print(&c->written);
    return rc;
}

/* Take the years whose data set has no submission out of the run (each
 * said in one line, where it was looked for, with the years there are):
 * nothing is evaluated or written for them.  With one year asked that is
 * an error; with several, a warning, unless none is left.  Returns 0, or
 * AS_EXIT_INVALID when no year is left. */
static int drop_empty_years(run_ctx *c, options *o)
{
    size_t kept = 0;
    char text[256];
    as_dataset_submission_years_text(o->data, text, sizeof text);
    as_diags d;
    as_diags_init(&d);
    as_severity sev = c->nasked > 1 ? AS_SEV_WARNING : AS_SEV_ERROR;
    for (size_t i = 0; i < o->nyears; i++) {
        int y = o->years[i];
        if (!as_dataset_year_empty(o->data, y)) {
            o->years[kept++] = y;
            continue;
        }
        c->empty[c->nempty++] = y;
        char dir[PATH_MAX_CLI + 32];
        snprintf(dir, sizeof dir, "%s/submissions/%d", o->data, y);
        if (text[0])
            as_diags_add_sev(&d, sev, as_loc_make(dir, 0, 0),
                             "no submission for %d: the year is not evaluated and no workbook is "
                             "written for it (the data set has submissions for %s)",
                             y, text);
        else
            as_diags_add_sev(&d, sev, as_loc_make(dir, 0, 0),
                             "no submission for %d: the year is not evaluated and no workbook is "
                             "written for it (the data set has no submission at all)",
                             y);
    }
    o->nyears = kept;
    as_cli_print_diags(&d);
    as_diags_release(&d);
    if (!kept && c->nasked > 1)
        as_cli_error("evaluate",
                     "none of the years asked has a submission in '%s': nothing was "
                     "evaluated",
                     o->data);
    return kept ? 0 : AS_EXIT_INVALID;
}

/* Check the years against the rules, drop those without data and resolve
 * --province.  Returns 0, or an exit code. */
static int prepare(run_ctx *c, options *o)
{
    as_diags d;
    as_diags_init(&d);
    if (!o->nyears)
        o->years[o->nyears++] = c->r->year_from;
    int rc = as_select_years_in_rules(c->r, o->years, o->nyears, &d) ? AS_EXIT_INVALID : 0;
    as_cli_print_diags(&d);
    as_diags_release(&d);
    memcpy(c->asked, o->years, o->nyears * sizeof *o->years);
    c->nasked = o->nyears;
    c->several = o->nyears > 1; /* as asked, whatever years have data */
    c->nunits = c->r->nprovinces;
    if (rc || (rc = drop_empty_years(c, o)) != 0 || !o->provinces)
        return rc;
    c->select = malloc(c->r->nprovinces ? c->r->nprovinces : 1);
    if (!c->select) {
        as_cli_error("evaluate", "out of memory");
        return AS_EXIT_INVALID;
    }
    return as_cli_select_provinces("evaluate", c->r, o->provinces, c->select, &c->nunits);
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

static void release(run_ctx *c)
{
    as_diags_release(&c->d);
    as_written_release(&c->written);
    for (size_t i = 0; i < c->nfailed; i++)
        as_diags_release(&c->failed[i].d);
    free(c->failed);
    as_output_free(c->out);
    as_series_free(c->series);
    as_annual_release(&c->run);
    free(c->select);
    as_rules_free(c->r);
}

static int run(options *o)
{
    as_diags d;
    as_diags_init(&d);
    run_ctx c = {.o = o};
    as_diags_init(&c.d);
    as_written_init(&c.written);
    c.json_stdout = o->json && !strcmp(o->json, "-");
    c.table = o->quiet ? NULL : c.json_stdout ? stderr : stdout;
    int rc = AS_EXIT_INVALID;
    if (as_rules_load(o->rules, &c.r, &d) == 0 && (rc = prepare(&c, o)) == 0)
        rc = open_outputs(&c);
    if (rc == 0) {
        as_annual_opts ao = {.rules = c.r,
                             .data_dir = o->data,
                             .calendar_dir =
                                 as_bundle_path(o->calendar ? o->calendar : "data/calendar"),
                             .select = c.select,
                             .has_notified = o->has_notified,
                             .notified = o->notified,
                             .uncertainty = o->uncertainty,
                             .mc = o->mc};
        as_annual_init(&c.run, &ao);
        as_progress_init(&c.bar, o->nyears * c.nunits, N_("provinces"), !o->quiet);
        for (size_t y = 0; y < o->nyears && !c.stopped && rc != AS_EXIT_USAGE; y++)
            rc = worse(rc, run_year(&c, o->years[y]));
        if (!c.stopped && finish_outputs(&c) != 0)
            rc = worse(rc, AS_EXIT_OUTPUT);
    }
    as_cli_print_diags(&d);
    as_diags_release(&d);
    release(&c);
    return rc;
}

int as_cmd_evaluate(int argc, char **argv)
{
    options o = {.mc = as_uncertainty_defaults()};
    int p = parse_options(argc, argv, &o);
    if (p != 0)
        return p > 0 ? AS_EXIT_OK : AS_EXIT_USAGE;
    o.rules = o.rules ? as_bundle_path(o.rules)
                      : as_cli_default("evaluate", "rules/2026.yaml", "--rules FILE");
    o.data =
        o.data ? as_bundle_path(o.data) : as_cli_default("evaluate", "data/sample", "--data DIR");
    return o.rules && o.data ? run(&o) : AS_EXIT_INVALID;
}
