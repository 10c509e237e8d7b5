#!/usr/bin/env bash
# The one build configuration both README commands use: install what is
# missing, configure build/ (warnings are errors, optimised with debug info)
# and build.  Everything it prints goes to stderr, so the stdout of the
# commands that call it carries only the tool's own output.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
cmake -S . -B build -DASSESS_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build build -j"$(nproc)" >&2
