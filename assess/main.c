/* main: the `assess` program, above every room of assess/: chooses the
 * language of what it prints (--lang or the locale, through gettext) and
 * dispatches to one command from the table of its front-ends' commands: the
 * command line's (cli/commands.h), and the portal's (serve/commands.h) when
 * there is one, so the front-ends never include each other.  Global options
 * are only --help, --version and --lang; everything else belongs to a
 * command (see cli/cmd_*.c). */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "base/suggest.h"
#include "cli/charset.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "serve/commands.h"

typedef struct {
    const char *name;         /* subcommand as typed */
    int (*run)(int, char **); /* entry point, argv[0] = name */
    const char *summary;      /* one line for `assess --help` */
} command;

static const command commands[] = {
    {"evaluate", as_cmd_evaluate, N_("grade every province of a data set and write reports")},
    {"check", as_cmd_check,
     N_("self-check a submission: its mistakes, every indicator, what it would take")},
    {"validate", as_cmd_validate, N_("check rule, data-set, submission or calendar files")},
    {"template", as_cmd_template,
     N_("an empty submission to fill in: YAML, or a workbook with --xlsx")},
    {"deadline", as_cmd_deadline, N_("the rectification deadline N working days after a date")},
    {"targets", as_cmd_targets,
     N_("the target review of a five-year plan: proposals against the national goals")},
    {"serve", as_serve_cmd_serve,
     N_("the delivery portal: provinces deliver, the centre evaluates and publishes")},
    {"accounts", as_serve_cmd_accounts, N_("add, list, disable the portal's accounts")},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* Say that name is no command: the one it probably is, else every command
 * (not the whole help, which would hide the line that matters). */
static int unknown_command(const char *name)
{
    static const char *const options[] = {"--help", "--version", "--lang"};
    const char *names[NCOMMANDS];
    char near[200], all[200] = "";
    for (size_t i = 0, o = 0; i < NCOMMANDS; i++) {
        names[i] = commands[i].name;
        int w = snprintf(all + o, sizeof all - o, "%s%s", i ? ", " : "", names[i]);
        o += w > 0 && (size_t)w < sizeof all - o ? (size_t)w : 0;
    }
    if (name[0] == '-' && as_suggest(name, options, 3, near, sizeof near))
        as_cli_printf(stderr, "assess: error: unknown option '%s': did you mean %s?\n", name, near);
    else if (name[0] == '-')
        as_cli_printf(stderr,
                      "assess: error: unknown option '%s': before a command only --help, "
                      "--version and --lang are known\n",
                      name);
    else if (as_suggest(name, names, NCOMMANDS, near, sizeof near))
        as_cli_printf(stderr, "assess: error: unknown command '%s': did you mean %s?\n", name,
                      near);
    else
        as_cli_printf(stderr,
                      "assess: error: unknown command '%s': the commands are %s ('assess "
                      "--help' describes them)\n",
                      name, all);
    return AS_EXIT_USAGE;
}

static void usage(FILE *out)
{
    fputs(_("usage: assess COMMAND [OPTIONS]\n"
            "       assess --help | --version\n\n"
            "Grades China's provinces under the dual-carbon assessment rules in rules/,\n"
            "using the data sets in data/, and writes Excel reports to reports/.\n"
            "Values are judged against targets as GB/T 8170-2008 (数值修约规则与极限数值的\n"
            "表示和判定) prescribes, by the method each rule file states: rules/2026.yaml\n"
            "rounds both to the indicator's decimals, half to even (四舍六入五成双), then\n"
            "compares them (修约值比较法).\n\n"
            "commands:\n"),
          out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fputs("  ", out);
        as_cli_pad(out, commands[i].name, 10, false);
        fprintf(out, " %s\n", _(commands[i].summary));
    }
    fputs(_("\n'assess COMMAND --help' describes a command.\n\n"
            "Language: what assess prints is in Chinese or English: --lang zh|en|both\n"
            "(any command), else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: zh_CN.UTF-8\n"
            "is Chinese); English in any other locale.\n\n"
            "Paths: a relative path (and the defaults rules/2026.yaml, data/sample,\n"
            "data/calendar) is read from the current folder when it exists there, else\n"
            "from the installed share folder (PREFIX/share/assess), else from the source\n"
            "tree assess was built from.  See assess(1).\n\n"
            "exit codes:\n"
            "  0  success\n"
            "  1  invalid input (rules, data, calendar or submission), reported as\n"
            "     file:line:col: error: ... (a workbook's cell: file.xlsx:Sheet!D15: error: ...);\n"
            "     warnings and notes are printed the same way and change no exit code\n"
            "  2  usage error\n"
            "  3  an output file could not be written (its path and the reason are printed)\n"
            "  4  evaluate finished, but at least one province's data is invalid\n"
            "     (graded 'invalid', or 'fail' when data fraud was found), or a file in\n"
            "     the data set belongs to no province; targets review finished, but a\n"
            "     proposal or base-year figures have errors (left out of the national\n"
            "     figures)\n\n"
            "Each output folder gets a manifest, written last: check a set of reports with\n"
            "  cd FOLDER && sha256sum -c assess.sha256\n"),
          out);
}

int main(int argc, char **argv)
{
    /* A run reads thousands of files, each into a tree that is freed once
     * read: memory freed is kept for the next file instead of being handed
     * back to the system and faulted in again (a third of a large run's page
     * faults).  The peak stays what the largest moment needs. */
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    as_charset_setup(argc, argv); /* before the language: it resets the character type */
    as_cli_setup_language(argc, argv);
    as_cli_pipe_watch();
    /* assess --lang L COMMAND ...: the global form of a command's --lang */
    while (argc > 1 && !strncmp(argv[1], "--lang", 6)) {
        as_lang l;
        const char *v = argv[1][6] == '=' ? argv[1] + 7
                        : argv[1][6]      ? NULL
                        : argc > 2        ? argv[2]
                                          : NULL;
        if (!v || as_lang_parse(v, &l) != 0) {
            as_cli_printf(stderr, "assess: error: --lang takes zh, en or both, got '%s'\n",
                          v ? v : "");
            return AS_EXIT_USAGE;
        }
        int used = argv[1][6] == '=' ? 1 : 2;
        argc -= used;
        argv += used;
    }
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
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], commands[i].name)) {
            int rc = commands[i].run(argc - 1, argv + 1);
            as_cli_pipe_end(); /* a reader gone: SIGPIPE now, the command has cleaned up */
            return rc;
        }
    return unknown_command(argv[1]);
}
