#!/usr/bin/env bash
# A clone without ../shared/realdata beside it: the backtest, which recomputes the
# 13th FYP from the source files there, says it is skipped and why and exits 77
# (CTest's "skipped", as tests/CMakeLists.txt declares), so scripts/test.sh goes on
# to the sanitizer and fuzz stages instead of stopping at a failure.
# $1 = the assess binary; run from the repository root.
set -u
bin=$1
fails=0
py=${PYTHON:-/usr/bin/python3}
missing=$(mktemp -d)/realdata # a folder that is not there
err=$(ASSESS_REALDATA=$missing "$py" tests/e2e/backtest.py "$bin" 2>&1 >/dev/null)
rc=$?
exp="e2e.backtest: skipped: real data folder '$missing' not found (set ASSESS_REALDATA): this test recomputes the 13th FYP backtest by hand from the CEADs and NBS source files there"
if [ "$rc" != 77 ] || [ "$err" != "$exp" ]; then
    printf 'FAIL backtest without the real data\n--- expected\n77\n%s\n--- got\n%s\n%s\n' \
        "$exp" "$rc" "$err"
    fails=1
fi
rmdir "$(dirname "$missing")"
echo "no_shared: $((1 - fails)) passed, $fails failed"
exit $fails
