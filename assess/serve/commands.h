/* commands: the portal's entry points, `assess serve` and `assess
 * accounts`, for the command table of the program's main (assess/main.c),
 * beside the command line's: argv[0] is the command's name; each returns an
 * exit code of base/exit.h. */
#ifndef AS_SERVE_COMMANDS_H
#define AS_SERVE_COMMANDS_H

#include "base/exit.h"

int as_serve_cmd_serve(int argc, char **argv);
int as_serve_cmd_accounts(int argc, char **argv);

#endif
