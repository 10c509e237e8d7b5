#!/usr/bin/env bash
# scripts/run-sample.sh (and so scripts/build.sh) prints nothing of the build
# when nothing needs rebuilding: run twice, the second run's stderr is empty
# and its stdout is assess's own.  Skipped (exit 77, saying why) where build/
# is not configured, rather than building everything inside a test.
# $1 = the assess binary (not used: the script builds and runs build/assess);
# run from the repository root.
set -u
if [ ! -f build/CMakeCache.txt ]; then
    echo "e2e.quiet_build: skipped: build/ is not configured (scripts/build.sh makes it)" >&2
    exit 77
fi
fails=0
scripts/run-sample.sh --no-reports --quiet >/dev/null 2>&1 # whatever needed rebuilding
errfile=$(mktemp)
out=$(scripts/run-sample.sh --no-reports --quiet 2>"$errfile")
rc=$?
err=$(cat "$errfile")
rm -f "$errfile"
if [ "$rc" != 0 ] || [ -n "$err" ] || [ -n "$out" ]; then
    printf 'FAIL run-sample.sh with nothing to rebuild\n--- exit\n%s\n--- stderr\n%s\n--- stdout\n%s\n' \
        "$rc" "$err" "$out"
    fails=1
fi
echo "quiet_build: $((1 - fails)) passed, $fails failed"
exit $fails
