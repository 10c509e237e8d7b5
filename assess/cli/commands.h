/* commands: the subcommand table's entry points and the exit codes they use.
 * Each command lives in cmd_<name>.c with the same shape: a usage string,
 * option parsing, one engine call, status-to-exit-code. */
#ifndef AS_CLI_COMMANDS_H
#define AS_CLI_COMMANDS_H

/* Exit codes, documented in README.md and `assess --help`. */
enum {
    AS_EXIT_OK = 0,      /* success */
    AS_EXIT_INVALID = 1, /* invalid input: rules, data, calendar or a submission */
    AS_EXIT_USAGE = 2,   /* bad command line */
    AS_EXIT_OUTPUT = 3,  /* an output file could not be written */
    AS_EXIT_PARTIAL = 4  /* evaluate finished, but some provinces are invalid */
};

/* argv[0] is the command name; return an exit code from the enum above. */
int as_cmd_evaluate(int argc, char **argv);
int as_cmd_check(int argc, char **argv);
int as_cmd_validate(int argc, char **argv);
int as_cmd_template(int argc, char **argv);
int as_cmd_deadline(int argc, char **argv);

/* The delivery portal's commands (assess/serve/serve.h), declared here until
 * the command table can name a second front-end's commands without the CLI
 * including it. */
int as_serve_cmd_serve(int argc, char **argv);
int as_serve_cmd_accounts(int argc, char **argv);

#endif
