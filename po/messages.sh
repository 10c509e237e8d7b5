#!/usr/bin/env bash
# Print the message template (.pot) of every message a person reads on the
# terminal and on the portal's pages: the diagnostics of every room, the command
# line's and the portal's words, marked in the C sources with _(), N_() or passed
# to the functions listed below.  The
# workbooks' labels (assess/report/) are written in both languages side by side
# from the rule files and their own two halves, and are not part of the
# catalogue (docs/hacking.md).
set -euo pipefail
cd "$(dirname "$0")/.."
keywords=(_ N_ as_text_printf:2 as_diags_add:3 as_diags_warn:3 as_diags_note:3 as_cli_error:2 as_cli_warning:2 as_cli_printf:2
          as_cli_label as_cli_tr:2 say:2 as_diags_add_sev:4 as_diags_add_word:3 as_xlsxr_fail:2 as_xlsxr_refuse:3 set_error:3 eval_error:4 usage_error:1
          as_say:2 as_log:1 as_html_say:3)
args=(--from-code=UTF-8 --language=C --no-location --sort-output --package-name=assess
      --msgid-bugs-address= --add-comments=TRANSLATORS: -o -)
for k in "${keywords[@]}"; do
    args+=("--keyword=$k")
    case $k in *:*) args+=("--flag=$k:c-format") ;; esac
done
files=$(cd assess && ls main.c */*.c */*.h 2>/dev/null | sed 's|^|assess/|')
# shellcheck disable=SC2086
xgettext "${args[@]}" $files | sed '/^"POT-Creation-Date:/d'
