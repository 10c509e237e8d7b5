/* cmd_template: `assess template`: print an empty submission for a province
 * and year, with every input of the rule set in its section, its Chinese and
 * English name and unit as comments, so a province can fill it in. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/rules.h"

static const char usage_text[] =
    "usage: assess template --province CODE --year YEAR [--rules FILE] [--illustrative]\n\n"
    "Prints an empty submission file for a province (GB/T 2260 code, e.g. 110000) and\n"
    "year: every input the rules need, as '~' (no data) with its name and unit.\n"
    "Fill in the numbers and check them with 'assess check FILE'.\n\n"
    "  --rules FILE     rule file (default: rules/2026.yaml)\n"
    "  --illustrative   mark the file as illustrative (figures that are not real)\n";

static void print_template(const as_ruleset *r, const as_province *p, long year, bool illus)
{
    printf("# Submission of %s %s (%s) for %ld under %s.\n", p->name_zh, p->name_en, p->code, year,
           r->id);
    printf("# Fill in every value in the unit given; leave '~' where there is no data.\n"
           "# Format: docs/submission-format.md.  Check: assess check THIS_FILE\n");
    printf("submission:\n  province: \"%s\"\n  year: %ld\n  stage: reported\n", p->code, year);
    printf("  illustrative: %s\n  source: \"\"   # where the figures come from\n",
           illus ? "true" : "false");
    for (size_t s = 0; s < r->nsections; s++) {
        printf("%s:\n", r->sections[s]);
        for (size_t i = 0; i < r->ninputs; i++) {
            const as_input *in = &r->inputs[i];
            if (strcmp(in->section, r->sections[s]) != 0)
                continue;
            printf("  %s: ~   # %s | %s [%s]\n", in->id, in->name_zh, in->name_en, in->unit);
        }
    }
}

int as_cmd_template(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"province", required_argument, NULL, 'p'}, {"year", required_argument, NULL, 'y'},
        {"rules", required_argument, NULL, 'r'},    {"illustrative", no_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    const char *code = NULL, *rules = NULL;
    long year = 0;
    bool illus = false;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (ch == 'p')
            code = optarg;
        else if (ch == 'r')
            rules = optarg;
        else if (ch == 'i')
            illus = true;
        else if (ch == 'h') {
            fputs(usage_text, stdout);
            return AS_EXIT_OK;
        } else if (ch == 'y' && as_cli_parse_int(optarg, 1900, 2200, &year) == 0)
            continue;
        else {
            as_cli_error("template", "invalid option or value '%s'", argv[optind - 1]);
            return AS_EXIT_USAGE;
        }
    }
    if (!code || !year || optind < argc) {
        as_cli_error("template", "--province CODE and --year YEAR are required");
        fputs(usage_text, stderr);
        return AS_EXIT_USAGE;
    }
    as_diags d;
    as_diags_init(&d);
    as_ruleset *r = NULL;
    int rc = AS_EXIT_INVALID;
    size_t p;
    rules =
        rules ? as_cli_path(rules) : as_cli_default("template", "rules/2026.yaml", "--rules FILE");
    if (!rules)
        return AS_EXIT_INVALID;
    if (as_rules_load(rules, &r, &d) != 0)
        as_cli_print_diags(&d);
    else if (as_rules_province(r, code, &p) != 0) {
        as_cli_error("template", "unknown province '%s' (use a GB/T 2260 code, e.g. 110000)", code);
        rc = AS_EXIT_USAGE;
    } else {
        print_template(r, &r->provinces[p], year, illus);
        rc = AS_EXIT_OK;
    }
    as_diags_release(&d);
    as_rules_free(r);
    return rc;
}
