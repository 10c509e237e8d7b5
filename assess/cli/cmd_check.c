/* cmd_check: `assess check FILE...`: a province's self-check of a submission
 * before it is sent: the file's mistakes and what to write instead, the
 * rules' plausibility checks, every indicator's value, target, verdict and
 * margin in the indicator's unit, and what it would take (the break-even
 * value of each input).  It first names the data set, targets and
 * previous-year figures it judges against; it takes them from the data set
 * the file lies in, from --data, or from --targets and --previous, and never
 * judges a real submission against the illustrative sample.  Verified
 * figures and findings are not applied: this is what the province reports.
 * Usage, options, one self-check per file (selfcheck.h), printed
 * (check_out.h) and written as JSON (checkjson.h), status to exit code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/selfcheck.h"
#include "base/bundle.h"
#include "base/grow.h"
#include "cli/check_out.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/rules.h"
#include "report/checkjson.h"

static const char usage_text[] =
    N_("usage: assess check FILE... [--data DIR | --targets FILE... --previous FILE...]\n"
       "                            [--rules FILE] [--json FILE|-] [--no-what-if]\n"
       "                            [--lang zh|en|both]\n\n"
       "Self-check of a submission before it is sent: a YAML file or a workbook made by\n"
       "'assess template --xlsx'.  It reports the file's mistakes with what to write\n"
       "instead (a mistyped field with the names it may mean, a number with a unit or\n"
       "a percent sign, a full-width colon, a tab, a file not saved as UTF-8, inputs\n"
       "left out), the rules' plausibility checks (a part larger than its whole, a\n"
       "change from the previous year beyond its bound, a likely unit slip), then every\n"
       "indicator's value, target, status and margin (positive = on the met side, in\n"
       "the indicator's unit: percentage points for shares and rates) as the check's\n"
       "rounding rule and judgement method of GB/T 8170-2008 compare them, and what it\n"
       "would take: for every check, met or missed, the value of each input it reads\n"
       "at which its verdict would flip, the other figures as reported.  A check with\n"
       "a five-year-plan target also shows where the province is heading: the rate\n"
       "still required each year and the projection of the plan's final year.\n\n"
       "It first names what it judges against: the targets and the previous years'\n"
       "figures come from the data set the file lies in (DIR/submissions/<year>/FILE\n"
       "with DIR/dataset.yaml; the file's province and year must then match its name\n"
       "and folder), from --data DIR, or from --targets and --previous.  A file that\n"
       "lies in no data set is checked against the bundled illustrative sample only\n"
       "when it says 'illustrative: true'; otherwise name its data set.\n\n"
       "  --data DIR        data set with the approved targets and earlier years\n"
       "  --targets FILE    an approved-targets file (as in DIR/targets/); repeat for more\n"
       "  --previous FILE   an earlier year's submission of the province (its header says\n"
       "                    which year); repeat for more\n"
       "  --rules FILE      rule file (default: rules/2026.yaml)\n"
       "  --json FILE|-     also write the results as JSON (- = stdout, the report then on\n"
       "                    stderr); see docs/json.md\n"
       "  --no-what-if      leave out what it would take (quicker for many files)\n"
       "  --lang L          language of what is printed: zh, en or both (default: the\n"
       "                    locale)\n\n"
       "exit: 0 checked (whatever the verdicts; warnings and notes do not count),\n"
       "      1 a file, the rules or the data have errors, 2 usage (also: nothing to\n"
       "      judge a file against)\n");

typedef struct {
    const char *rules;
    const char *data;
    const char **targets, **previous, **files;
    size_t ntargets, nprevious, nfiles;
    size_t captargets, capprevious, capfiles;
    const char *json;
    bool no_what_if;
} options;

/* ------------------------------------------------------------ options */

static int add_arg(const char ***list, size_t *n, size_t *cap, const char *arg)
{
    const char **l = as_grow(*list, cap, *n + 1, sizeof *l, 8, 0);
    if (!l)
        return -1;
    l[(*n)++] = arg;
    *list = l;
    return 0;
}

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {{"rules", required_argument, NULL, 'r'},
                                             {"data", required_argument, NULL, 'd'},
                                             {"targets", required_argument, NULL, 't'},
                                             {"previous", required_argument, NULL, 'p'},
                                             {"json", required_argument, NULL, 'j'},
                                             {"no-what-if", no_argument, NULL, 'W'},
                                             {"lang", required_argument, NULL, 'L'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int bad = 0;
        if (ch == 'r')
            o->rules = as_bundle_path(optarg);
        else if (ch == 'd')
            o->data = as_bundle_path(optarg);
        else if (ch == 't')
            bad = add_arg(&o->targets, &o->ntargets, &o->captargets, as_bundle_path(optarg));
        else if (ch == 'p')
            bad = add_arg(&o->previous, &o->nprevious, &o->capprevious, as_bundle_path(optarg));
        else if (ch == 'j')
            o->json = optarg;
        else if (ch == 'W')
            o->no_what_if = true;
        else if (ch == 'L' && as_cli_lang_option("check", optarg) != 0)
            return AS_EXIT_USAGE;
        else if (ch == 'h') {
            fputs(_(usage_text), stdout);
            return -1;
        } else if (ch != 'L') {
            return as_cli_bad_option("check", longopts, argv[optind - 1]);
        }
        if (bad)
            return AS_EXIT_INVALID;
    }
    if (o->data && (o->ntargets || o->nprevious)) {
        as_cli_error("check", "give --data DIR, or --targets and --previous, not both");
        return AS_EXIT_USAGE;
    }
    for (int i = optind; i < argc; i++)
        if (add_arg(&o->files, &o->nfiles, &o->capfiles, as_bundle_path(argv[i])) != 0)
            return AS_EXIT_INVALID;
    if (!o->nfiles) {
        as_cli_error("check", "expected a submission FILE");
        fputs(_(usage_text), stderr);
        return AS_EXIT_USAGE;
    }
    return 0;
}

/* Print what was found about one file; returns its exit code. */
static int show(const options *o, const as_check_item *it)
{
    if (it->status == AS_CHECK_NO_SOURCE) {
        as_cli_error_diags("check", &it->problems);
        as_cli_print_diags(&it->diags);
        return AS_EXIT_USAGE;
    }
    if (it->ev)
        as_check_print(it, o->json && !strcmp(o->json, "-") ? stderr : stdout);
    else
        as_cli_print_diags(&it->diags);
    as_cli_print_diags(&it->problems);
    return it->status == AS_CHECK_OK ? AS_EXIT_OK : AS_EXIT_INVALID;
}

static int run(options *o)
{
    as_diags d;
    as_diags_init(&d);
    as_ruleset *r = NULL;
    if (as_rules_load(o->rules, &r, &d) != 0) {
        as_cli_print_diags(&d);
        as_diags_release(&d);
        return AS_EXIT_INVALID;
    }
    as_check_opts co = {.rules = r,
                        .data = o->data,
                        .targets = o->targets,
                        .ntargets = o->ntargets,
                        .previous = o->previous,
                        .nprevious = o->nprevious,
                        .sample = true,
                        .no_what_if = o->no_what_if};
    as_check_run *cr = as_check_new(&co);
    as_check_item *items = cr ? calloc(o->nfiles, sizeof *items) : NULL;
    int rc = items ? AS_EXIT_OK : AS_EXIT_INVALID;
    size_t done = 0; /* files checked: all, unless the reader went away (`| head`) */
    for (; items && done < o->nfiles && !as_cli_pipe_closed(); done++) {
        as_check_file(cr, o->files[done], &items[done]);
        int frc = show(o, &items[done]);
        rc = frc > rc ? frc : rc;
    }
    if (items && done == o->nfiles && o->json && !as_cli_pipe_closed() &&
        as_checkjson_file(NULL, o->json, r, items, o->nfiles, &d) != 0)
        rc = AS_EXIT_OUTPUT;
    as_cli_print_diags(&d);
    as_diags_release(&d);
    for (size_t i = 0; items && i < o->nfiles; i++)
        as_check_item_release(&items[i]);
    free(items);
    as_check_free(cr);
    as_rules_free(r);
    return rc;
}

int as_cmd_check(int argc, char **argv)
{
    options o = {0};
    int p = parse_options(argc, argv, &o);
    if (p != 0) {
        free(o.targets);
        free(o.previous);
        free(o.files);
        return p < 0 ? AS_EXIT_OK : p;
    }
    o.rules = o.rules ? o.rules : as_cli_default("check", AS_BUNDLE_RULES, "--rules FILE");
    int rc = o.rules ? run(&o) : AS_EXIT_INVALID;
    free(o.targets);
    free(o.previous);
    free(o.files);
    return rc;
}
