/* main: the `assess` command: dispatches to one subcommand from a table.
 * Global options are only --help and --version; everything else belongs to a
 * subcommand (see cmd_*.c). */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

typedef struct {
    const char *name;         /* subcommand as typed */
    int (*run)(int, char **); /* entry point, argv[0] = name */
    const char *summary;      /* one line for `assess --help` */
} command;

static const command commands[] = {
    {"evaluate", as_cmd_evaluate, "grade every province of a data set and write reports"},
    {"check", as_cmd_check, "self-assess one submission: every indicator against its target"},
    {"validate", as_cmd_validate, "check rule, data-set, submission or calendar files"},
    {"template", as_cmd_template,
     "an empty submission to fill in: YAML, or a workbook with --xlsx"},
    {"deadline", as_cmd_deadline, "the rectification deadline N working days after a date"},
};

static void usage(FILE *out)
{
    fputs("usage: assess COMMAND [OPTIONS]\n"
          "       assess --help | --version\n\n"
          "Grades China's provinces under the dual-carbon assessment rules in rules/,\n"
          "using the data sets in data/, and writes Excel reports to reports/.\n"
          "Values are judged against targets as GB/T 8170-2008 (数值修约规则与极限数值的\n"
          "表示和判定) prescribes, by the method each rule file states: rules/2026.yaml\n"
          "rounds both to the indicator's decimals, half to even (四舍六入五成双), then\n"
          "compares them (修约值比较法).\n\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'assess COMMAND --help' describes a command.\n\n"
          "Paths: a relative path (and the defaults rules/2026.yaml, data/sample,\n"
          "data/calendar) is read from the current folder when it exists there, else\n"
          "from the installed share folder (PREFIX/share/assess), else from the source\n"
          "tree assess was built from.  See assess(1).\n\n"
          "exit codes:\n"
          "  0  success\n"
          "  1  invalid input (rules, data, calendar or submission), reported as\n"
          "     file:line:col: error: ... (a workbook's cell: file.xlsx:Sheet!D15: error: ...)\n"
          "  2  usage error\n"
          "  3  an output file could not be written (its path and the reason are printed)\n"
          "  4  evaluate finished, but at least one province's data is invalid\n"
          "     (graded 'invalid', or 'fail' when data fraud was found), or a file in\n"
          "     the data set belongs to no province\n\n"
          "Each output folder gets a manifest, written last: check a set of reports with\n"
          "  cd FOLDER && sha256sum -c assess.sha256\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return AS_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return AS_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("assess %s\n", ASSESS_VERSION);
        return AS_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "assess: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return AS_EXIT_USAGE;
}
