/* cmd_targets: `assess targets review`: the target review of a five-year plan
 * (上下结合).  Loads the plan file and its rule set, the data set's base-year
 * figures and the provinces' proposals, runs the review (analysis/review.h),
 * prints it, and writes the review workbook, the targets it derives and
 * (--json) the review as JSON, as one output set. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/review.h"
#include "base/bundle.h"
#include "base/exit.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/review_table.h"
#include "cli/written.h"
#include "report/approved.h"
#include "report/output.h"
#include "report/reviewbook.h"
#include "report/reviewjson.h"

static const char usage_text[] =
    N_("usage: assess targets review --plan PLAN [--data DIR] [--out DIR] [--json FILE]\n"
       "                             [--no-reports] [--lang zh|en|both]\n\n"
       "The target review of a five-year plan (上下结合): each province proposes its targets\n"
       "and the assumptions they rest on (DIR/targets/proposals/PLAN/<code>.yaml or .xlsx,\n"
       "from 'assess template --proposal').  The review checks that each yearly path\n"
       "compounds to its five-year value, sets each proposal beside its tier, computes the\n"
       "plan's national figures from the provinces' base-year figures (DIR/submissions/\n"
       "<base year>/) and proposals, and where a national goal is missed finds the smallest\n"
       "adjustment under the plan's rule that closes the gap (GSL, Brent's method).  It\n"
       "prints the review and writes a review workbook and the targets it derives, as\n"
       "targets files the evaluation reads, to --out.  See docs/targets.md.\n\n"
       "  --plan PLAN    the plan: an id (15fyp reads rules/plans/15fyp.yaml) or a plan file\n"
       "  --data DIR     the data set (default: data/sample)\n"
       "  --out DIR      folder for the workbook and the targets files (default:\n"
       "                 reports/review-PLAN)\n"
       "  --json FILE|-  also write the review as JSON (- = stdout, then the tables go to\n"
       "                 stderr)\n"
       "  --no-reports   write no workbook and no targets files\n"
       "  --lang L       language of what is printed: zh, en or both (default: the locale)\n\n"
       "exit: 0 reviewed, 1 invalid plan, rules or data set, 2 usage, 3 an output not\n"
       "      written, 4 reviewed, but a proposal or base-year submission has errors (the\n"
       "      province is left out of the national figures) or a file belongs to no province\n");

typedef struct {
    const char *plan, *data, *out, *json;
    bool no_reports;
} options;

/* What one run loaded and wrote. */
typedef struct {
    const options *o;
    as_diags d;
    as_plan *plan;
    as_dataset *base;
    as_proposals *ps;
    as_review *rv;
    as_output *out;
    as_written written; /* what was put in place, for the line naming it */
} run_ctx;

/* ------------------------------------------------------------ outputs */

/* derived_from of the targets files: the review and its adjustments. */
static void describe(const run_ctx *c, char *buf, size_t n)
{
    const as_plan *p = c->plan;
    size_t len = (size_t)snprintf(buf, n, "target review of plan %s (%s) on data set %s", p->id,
                                  p->path, c->o->data);
    for (size_t k = 0; k < p->nadjustments && len < n; k++) {
        const as_review_adjustment *ra = &c->rv->adjustments[k];
        len += (size_t)snprintf(buf + len, n - len, "; %s: %s", p->figures[ra->def->figure].id,
                                !ra->needed  ? "met as proposed"
                                : ra->solved ? as_adjust_rule_name(ra->def->rule)
                                             : "gap not closed");
        if (ra->solved && len < n)
            len += (size_t)snprintf(buf + len, n - len, " adjustment of %s by %.9g",
                                    p->items[ra->def->item].id, ra->def->direction * ra->amount);
    }
}

static int write_reports(run_ctx *c, const char *dir)
{
    char what[2048], path[4096];
    if (as_output_mkdirs(dir) != 0) {
        as_diags_add(&c->d, as_loc_make(dir, 0, 0), "cannot create folder: %s", strerror(errno));
        return -1;
    }
    describe(c, what, sizeof what);
    snprintf(path, sizeof path, "%.3900s/review-%.100s.xlsx", dir, c->plan->id);
    int rc = as_review_workbook(c->rv, path, c->o->data, c->out, &c->d);
    rc |= as_approved_write(c->rv, dir, what, c->out, &c->d);
    return rc;
}

static int write_outputs(run_ctx *c)
{
    const options *o = c->o;
    char dir[4096];
    int rc = 0;
    if (o->no_reports && !o->json)
        return 0;
    if (!(c->out = as_output_new())) {
        as_diags_add(&c->d, as_loc_make(o->out ? o->out : "reports", 0, 0), "out of memory");
        return -1;
    }
    snprintf(dir, sizeof dir, "%s", o->out ? o->out : "");
    if (!o->out)
        snprintf(dir, sizeof dir, "reports/review-%s", c->plan->id);
    if (!o->no_reports && write_reports(c, dir) != 0)
        rc = -1;
    if (o->json && as_review_json_file(c->out, o->json, c->rv, o->data, &c->d) != 0)
        rc = -1;
    if (as_output_commit(c->out, as_written_placed, &c->written, &c->d) != 0)
        rc = -1;
    as_written_print(&c->written);
    return rc;
}

/* ------------------------------------------------------------ the run */

static int load(run_ctx *c)
{
    const options *o = c->o;
    if (as_plan_load(o->plan, &c->plan, &c->d) != 0)
        return -1;
    if (as_dataset_load(c->plan->rules, o->data, c->plan->base_year, &c->base, &c->d) != 0)
        return -1;
    if (as_proposals_load(c->plan, o->data, c->base->illustrative, &c->ps, &c->d) != 0)
        return -1;
    return as_review_run(c->plan, c->base, c->ps, &c->rv, &c->d);
}

static int run(const options *o)
{
    run_ctx c = {.o = o};
    as_diags_init(&c.d);
    as_written_init(&c.written);
    int rc = AS_EXIT_INVALID;
    if (load(&c) == 0) {
        size_t errors = as_cli_review_diags(c.rv);
        bool json_stdout = o->json && !strcmp(o->json, "-");
        as_cli_review_print(json_stdout ? stderr : stdout, c.rv, o->data);
        int wrc = write_outputs(&c);
        rc = wrc != 0 ? AS_EXIT_OUTPUT : errors ? AS_EXIT_PARTIAL : AS_EXIT_OK;
    }
    as_cli_print_diags(&c.d);
    as_written_release(&c.written);
    as_output_free(c.out);
    as_review_free(c.rv);
    as_proposals_free(c.ps);
    as_dataset_free(c.base);
    as_plan_free(c.plan);
    as_diags_release(&c.d);
    return rc;
}

static int parse(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"plan", required_argument, NULL, 'p'}, {"data", required_argument, NULL, 'd'},
        {"out", required_argument, NULL, 'o'},  {"json", required_argument, NULL, 'j'},
        {"no-reports", no_argument, NULL, 'n'}, {"lang", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (ch == 'p')
            o->plan = optarg;
        else if (ch == 'd')
            o->data = optarg;
        else if (ch == 'o')
            o->out = optarg;
        else if (ch == 'j')
            o->json = optarg;
        else if (ch == 'n')
            o->no_reports = true;
        else if (ch == 'L' && as_cli_lang_option("targets", optarg) != 0)
            return AS_EXIT_USAGE;
        else if (ch == 'L')
            continue; /* applied before the command ran */
        else if (ch == 'h') {
            fputs(_(usage_text), stdout);
            return -1;
        } else
            return as_cli_bad_option("targets", longopts, argv[optind - 1]);
    }
    if (!o->plan || optind < argc) {
        as_cli_error("targets", "review needs --plan PLAN (e.g. --plan 15fyp)");
        fputs(_(usage_text), stderr);
        return AS_EXIT_USAGE;
    }
    return 0;
}

int as_cmd_targets(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(_(usage_text), argc < 2 ? stderr : stdout);
        return argc < 2 ? AS_EXIT_USAGE : AS_EXIT_OK;
    }
    if (strcmp(argv[1], "review") != 0) {
        as_cli_error("targets", "unknown subcommand '%s': use 'assess targets review'", argv[1]);
        return AS_EXIT_USAGE;
    }
    options o = {0};
    int rc = parse(argc - 1, argv + 1, &o);
    if (rc != 0)
        return rc < 0 ? AS_EXIT_OK : rc;
    o.plan = as_bundle_plan(o.plan);
    o.data =
        o.data ? as_bundle_path(o.data) : as_cli_default("targets", AS_BUNDLE_SAMPLE, "--data DIR");
    if (!o.data)
        return AS_EXIT_INVALID;
    return run(&o);
}
