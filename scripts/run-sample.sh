#!/usr/bin/env bash
# One command from a fresh Debian machine to the graded sample: install what is
# missing, build, and evaluate the bundled illustrative data set for 2026.
# Workbooks land in reports/2026/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DASSESS_WERROR=OFF >/dev/null
cmake --build build -j"$(nproc)"
exec ./build/assess evaluate "$@"
