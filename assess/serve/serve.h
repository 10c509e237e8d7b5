/* serve: the portal's commands, `assess serve` and `assess accounts`, as the
 * command table of assess/cli/main.c dispatches them: argv[0] is the
 * command's name; each returns an exit code (AS_SAY_EXIT_*, the CLI's). */
#ifndef AS_SERVE_SERVE_H
#define AS_SERVE_SERVE_H

int as_serve_cmd_serve(int argc, char **argv);
int as_serve_cmd_accounts(int argc, char **argv);

#endif
