#!/usr/bin/env bash
# One command from a fresh Debian machine to the graded sample: install what is
# missing, build (scripts/build.sh, the same build as scripts/test.sh), and
# evaluate the bundled illustrative data set for 2026.  Workbooks land in
# reports/2026/.  Arguments go to `assess evaluate`; stdout carries only its
# output (e.g. `scripts/run-sample.sh --json -` prints just the JSON).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
exec ./build/assess evaluate "$@"
