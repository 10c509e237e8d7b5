/* cmd_template: `assess template`: an empty submission for a province and
 * year, with every input of the rule set in its section: printed as YAML
 * (names and units as comments), or written as a fillable workbook with
 * --xlsx.  With --data, the previous year's figures of the data set are shown
 * beside each input. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bundle.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/template_proposal.h"
#include "engine/dataset.h"
#include "engine/rules.h"
#include "input/xlsxdoc.h"
#include "report/template.h"

static const char usage_text[] =
    N_("usage: assess template --province PROVINCE --year YEAR [--xlsx FILE]\n"
       "                       [--data DIR] [--rules FILE] [--illustrative]\n"
       "                       [--lang zh|en|both]\n"
       "       assess template --proposal --plan PLAN --province PROVINCE [--xlsx FILE]\n"
       "                       [--illustrative] [--lang zh|en|both]\n\n"
       "An empty submission for a province (its GB/T 2260 code or its name in Chinese or\n"
       "English, as evaluate takes them: 110000, 北京, Beijing) and year, with\n"
       "every input the rules need, its name and unit.  Without --xlsx it is printed as\n"
       "YAML, each value '~' (no data); with --xlsx FILE it is written as a workbook to\n"
       "fill in Excel, WPS or LibreOffice: one row per input, the cell to fill in column D,\n"
       "validated within the input's range; province, year and rule set locked.\n"
       "Fill it in and check it with 'assess check FILE --data DIR' (see 'assess check\n"
       "--help' for a file that lies in no data set).\n\n"
       "  --xlsx FILE      write a workbook to FILE (.xlsx) instead of printing YAML\n"
       "  --data DIR       show the previous year's figures of this data set beside\n"
       "                   each input\n"
       "  --rules FILE     rule file (default: rules/2026.yaml)\n"
       "  --illustrative   mark the file as illustrative (figures that are not real)\n"
       "  --proposal       instead, a province's proposal for a plan's target review\n"
       "                   (docs/targets.md), with --plan PLAN: an id (15fyp) or a plan file\n"
       "  --lang L         language of the YAML file's comments and of messages: zh, en or\n"
       "                   both (default: the locale); a workbook is always in both\n\n"
       "exit: 0 written, 1 invalid rules or data set, 2 usage, 3 FILE could not be written\n");

typedef struct {
    const char *code, *rules, *xlsx, *data, *plan;
    long year;
    bool illustrative, proposal;
} options;

static void print_previous(const as_dataset *prev, size_t p, int year, size_t i)
{
    double v;
    as_loc loc;
    bool verified;
    if (prev && as_dataset_value(prev, p, year - 1, i, false, &v, &loc, &verified))
        printf("; %d: %.15g", year - 1, v);
}

static void print_template(const as_ruleset *r, size_t p, const options *o, const as_dataset *prev)
{
    const as_province *pv = &r->provinces[p];
    int year = (int)o->year;
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++) {
        printf(as_cli_tr(zh[l], "# Submission of %s (%s) for %d under %s.\n"),
               as_cli_name_in(zh[l], pv->name_zh, pv->name_en), pv->code, year, r->id);
        fputs(as_cli_tr(zh[l], "# Fill in every value in the unit given; write '~' where there "
                               "is no figure.\n"
                               "# 'source' (where the figures come from) is required.  Check "
                               "the file with\n"
                               "#   assess check THIS_FILE --data DIR   (or --targets FILE "
                               "--previous FILE)\n"),
              stdout);
        if (prev) /* by its name: the folder means nothing where the file is filled in */
            printf(as_cli_tr(zh[l], "# The previous year's figures are from data set '%s'.\n"),
                   as_cli_name_in(zh[l], prev->name_zh, prev->name_en));
    }
    printf("submission:\n  province: \"%s\"\n  year: %d\n  rules: %s\n  stage: reported\n",
           pv->code, year, r->id);
    printf("  illustrative: %s\n  source: \"\"   # where the figures come from\n",
           o->illustrative ? "true" : "false");
    for (size_t s = 0; s < r->nsections; s++) {
        printf("%s:", r->sections[s]);
        if (r->section_zh[s])
            printf("   # %s %s", r->section_zh[s], r->section_en[s]);
        putchar('\n');
        for (size_t i = 0; i < r->ninputs; i++) {
            const as_input *in = &r->inputs[i];
            if (strcmp(in->section, r->sections[s]) != 0)
                continue;
            printf("  %s: ~   # %s | %s [%s]", in->id, in->name_zh, in->name_en, in->unit);
            print_previous(prev, p, year, i);
            putchar('\n');
        }
    }
}

/* Say when the data set named has no previous-year submission to show. */
static void note_previous(const options *o, const as_dataset *prev, size_t p)
{
    if (prev && !as_dataset_submission(prev, p, (int)o->year - 1, false))
        as_cli_printf(stderr,
                      "assess template: note: %s has no submission of %s for %ld: no "
                      "previous-year figures are shown\n",
                      o->data, prev->rules->provinces[p].code, o->year - 1);
}

static int run(const options *o)
{
    as_diags d;
    as_diags_init(&d);
    as_ruleset *r = NULL;
    as_dataset *prev = NULL;
    int rc = AS_EXIT_INVALID;
    size_t p = 0;
    if (as_rules_load(o->rules, &r, &d) != 0) {
        as_cli_print_diags(&d);
    } else if (as_cli_one_province("template", r, o->code, &p) != 0) {
        rc = AS_EXIT_USAGE;
    } else if (o->data && as_dataset_load(r, o->data, (int)o->year - 1, &prev, &d) != 0) {
        as_cli_print_diags(&d);
    } else if (!o->xlsx) {
        note_previous(o, prev, p);
        print_template(r, p, o, prev);
        rc = AS_EXIT_OK;
    } else {
        note_previous(o, prev, p);
        as_template_opts to = {r, p, (int)o->year, o->illustrative, prev};
        rc = as_template_write(&to, o->xlsx, &d) == 0 ? AS_EXIT_OK : AS_EXIT_OUTPUT;
        as_cli_print_diags(&d);
    }
    as_diags_release(&d);
    as_dataset_free(prev);
    as_rules_free(r);
    return rc;
}

int as_cmd_template(int argc, char **argv)
{
    static const struct option longopts[] = {{"province", required_argument, NULL, 'p'},
                                             {"year", required_argument, NULL, 'y'},
                                             {"rules", required_argument, NULL, 'r'},
                                             {"xlsx", required_argument, NULL, 'x'},
                                             {"data", required_argument, NULL, 'd'},
                                             {"illustrative", no_argument, NULL, 'i'},
                                             {"proposal", no_argument, NULL, 'P'},
                                             {"plan", required_argument, NULL, 'l'},
                                             {"lang", required_argument, NULL, 'L'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    options o = {0};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (ch == 'p')
            o.code = optarg;
        else if (ch == 'r')
            o.rules = optarg;
        else if (ch == 'x')
            o.xlsx = optarg;
        else if (ch == 'd')
            o.data = optarg;
        else if (ch == 'i')
            o.illustrative = true;
        else if (ch == 'P')
            o.proposal = true;
        else if (ch == 'l')
            o.plan = optarg;
        else if (ch == 'h') {
            fputs(_(usage_text), stdout);
            return AS_EXIT_OK;
        } else if (ch == 'y' && as_cli_parse_int(optarg, 1900, 2200, &o.year) != 0) {
            as_cli_error("template", "invalid year '%s': use a year from 1900 to 2200", optarg);
            return AS_EXIT_USAGE;
        } else if (ch == 'L' && as_cli_lang_option("template", optarg) != 0)
            return AS_EXIT_USAGE;
        else if (ch != 'y' && ch != 'L') /* --lang was applied before the command ran */
            return as_cli_bad_option("template", longopts, argv[optind - 1]);
    }
    if (o.proposal && (!o.plan || !o.code || o.year || o.data || o.rules || optind < argc)) {
        as_cli_error("template", "--proposal needs --plan PLAN and --province PROVINCE (and "
                                 "takes no --year, --data or --rules)");
        return AS_EXIT_USAGE;
    }
    if (o.xlsx && !as_xlsxdoc_is_name(o.xlsx)) {
        as_cli_error("template", "'%s' must end in .xlsx: workbooks are read by that name", o.xlsx);
        return AS_EXIT_USAGE;
    }
    if (o.proposal)
        return as_cli_template_proposal(o.plan, o.code, o.xlsx, o.illustrative);
    if (optind < argc) {
        as_cli_error("template", "unexpected argument '%s'", argv[optind]);
        return AS_EXIT_USAGE;
    }
    if (!o.code || !o.year) {
        as_cli_error("template", "--province PROVINCE and --year YEAR are required");
        fputs(_(usage_text), stderr);
        return AS_EXIT_USAGE;
    }
    o.rules = o.rules ? as_bundle_path(o.rules)
                      : as_cli_default("template", "rules/2026.yaml", "--rules FILE");
    if (!o.rules)
        return AS_EXIT_INVALID;
    if (o.data)
        o.data = as_bundle_path(o.data);
    return run(&o);
}
