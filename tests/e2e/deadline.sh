#!/usr/bin/env bash
# e2e/deadline: runs `assess deadline` on the shipped data/calendar and checks the exact
# stdout and exit code of each call (expected dates listed by hand from the notices), plus
# the first stderr line of the failures.  Usage: deadline.sh PATH/TO/assess (from the repo root).
set -u
assess=${1:?usage: deadline.sh PATH/TO/assess}
failures=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# check EXP_RC EXP_STDOUT EXP_STDERR_LINE1 ARGS...  (EXP_STDERR_LINE1 "-" = not checked)
check() {
    local exp_rc=$1 exp_out=$2 exp_err=$3
    shift 3
    "$assess" deadline "$@" >"$out" 2>"$err"
    local rc=$? got_out got_err
    got_out=$(cat "$out")
    got_err=$(head -n 1 "$err")
    if [[ $rc != "$exp_rc" || $got_out != "$exp_out" ||
          ($exp_err != "-" && $got_err != "$exp_err") ]]; then
        echo "FAIL: assess deadline $*"
        echo "  exit:   exp $exp_rc got $rc"
        echo "  stdout: exp '$exp_out'"
        echo "          got '$got_out'"
        [[ $exp_err != "-" ]] && echo "  stderr: exp '$exp_err'" && echo "          got '$got_err'"
        failures=$((failures + 1))
    fi
}

# Spring Festival 2024, Labour Day + Dragon Boat 2025, National Day 2026 (default N = 30).
check 0 2024-03-19 - 2024-02-01
check 0 2025-06-11 - 2025-04-25 --days 30
check 0 2026-11-05 - 2026-09-18
# Notified on a holiday, on a make-up Saturday; the day after is a make-up Saturday.
check 0 2025-10-09 - 2025-10-01 --days 1
check 0 2026-03-02 - 2026-02-28 --days=1
check 0 2026-02-14 - --days 1 2026-02-13
# N = 0 is the notification day.
check 0 2026-02-15 - 2026-02-15 --days 0
# Into provisional 2027: refused unless allowed.
check 1 "" "data/calendar: error: counting 30 working days after 2026-12-15 reaches 2027, whose holiday schedule is not official yet (only a provisional estimate)" 2026-12-15
check 0 "2027-01-27 provisional" - 2026-12-15 --allow-provisional
# A year with no schedule at all is always an error.
check 1 "" "data/calendar: error: counting 30 working days after 2030-12-20 reaches 2031, which has neither an official nor a provisional holiday schedule" 2030-12-20 --allow-provisional
# Usage errors.
check 2 "" "assess deadline: error: DATE must be a real day written YYYY-MM-DD, got '2026-02-30'" 2026-02-30
check 2 "" "assess deadline: error: --days needs a whole number from 0 to 100000, got '-1'" 2026-01-05 --days -1
check 2 "" "assess deadline: error: --days needs a whole number from 0 to 100000, got '3x'" 2026-01-05 --days 3x
check 2 "" "assess deadline: error: missing DATE (the notification date, YYYY-MM-DD)"
check 2 "" "assess deadline: error: unknown option '--bogus'" 2026-01-05 --bogus
# A calendar directory with a year given twice: located error, exit 1.
check 1 "" "tests/fixtures/calendar/twice/b.yaml:3:3: error: calendar year 2026 is given twice (also at tests/fixtures/calendar/twice/a.yaml:3:3)" 2026-01-05 --calendar tests/fixtures/calendar/twice

# The rule and the years used: on stderr by default, after the date with --explain.
"$assess" deadline 2026-12-15 --allow-provisional >"$out" 2>"$err"
if ! grep -q "^calendar: 2026 official (.*); 2027 provisional (" "$err" ||
   ! grep -q "notification day not counted (Civil Code art. 201)" "$err"; then
    echo "FAIL: the rule and calendar years are not on stderr:"; cat "$err"
    failures=$((failures + 1))
fi
"$assess" deadline 2026-09-18 --explain >"$out" 2>"$err"
if [[ $(head -n 1 "$out") != 2026-11-05 || $(wc -l <"$out") != 5 ]] ||
   ! grep -q "^日历：2026年 正式（国务院办公厅关于2026年部分节假日安排的通知" "$out"; then
    echo "FAIL: --explain output:"; cat "$out"
    failures=$((failures + 1))
fi
"$assess" deadline --help >"$out" 2>"$err"
if [[ $? != 0 ]] || ! grep -q "^usage: assess deadline DATE" "$out"; then
    echo "FAIL: --help"; failures=$((failures + 1))
fi

if ((failures)); then
    echo "deadline: $failures check(s) failed"
    exit 1
fi
echo "deadline: all checks passed"
