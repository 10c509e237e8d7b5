/* template_proposal: the proposal branch of `assess template` (--proposal):
 * an empty proposal of a province for a plan's target review, as YAML on
 * stdout or as a workbook. */
#ifndef AS_CLI_TEMPLATE_PROPOSAL_H
#define AS_CLI_TEMPLATE_PROPOSAL_H

#include <stdbool.h>

/* The proposal template of province code for plan (an id or a plan file):
 * printed as YAML, or written to xlsx when it is not NULL; illustrative
 * marks it so.  Returns an exit code (commands.h). */
int as_cli_template_proposal(const char *plan, const char *code, const char *xlsx,
                             bool illustrative);

#endif
