#!/usr/bin/env bash
# The one build configuration both README commands use: install what is
# missing, configure build/ (warnings are errors, optimised with debug info)
# and build.  Everything it prints goes to stderr, so the stdout of the
# commands that call it carries only the tool's own output.  When nothing
# needs rebuilding it prints nothing: CMake's report of configuring and of
# each target already built is shown only when configuring fails or warns,
# and of the build only the lines of what was compiled or linked.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! cmake -S . -B build -DASSESS_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$log" 2>&1 ||
    grep -q 'CMake Warning' "$log"; then
    cat "$log" >&2
fi
grep -q '^-- Build files have been written' "$log" || exit 1
cmake --build build -j"$(nproc)" 2>&1 |
    { grep -v -E '^\[ *[0-9]+%\] Built target |^Consolidate compiler generated dependencies' || true; } >&2
