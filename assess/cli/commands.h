/* commands: the command-line front-end's entry points, for the subcommand
 * table of the program's main (assess/main.c).  Each command lives in
 * cmd_<name>.c with the same shape: a usage string, option parsing, one
 * library call, status to exit code (base/exit.h). */
#ifndef AS_CLI_COMMANDS_H
#define AS_CLI_COMMANDS_H

#include "base/exit.h"

/* argv[0] is the command name; return an exit code of base/exit.h. */
int as_cmd_evaluate(int argc, char **argv);
int as_cmd_check(int argc, char **argv);
int as_cmd_validate(int argc, char **argv);
int as_cmd_template(int argc, char **argv);
int as_cmd_deadline(int argc, char **argv);
int as_cmd_targets(int argc, char **argv);

#endif
