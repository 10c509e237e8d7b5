/* cmd_check: placeholder until the command is written. */
#include <stdio.h>

#include "cli/commands.h"

int as_cmd_check(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "assess: '%s' is not available yet\n", argv[0]);
    return AS_EXIT_USAGE;
}
