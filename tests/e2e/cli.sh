#!/usr/bin/env bash
# End-to-end tests of the assess command line: help, version, usage errors,
# exit codes, and the exact error messages of `assess validate` on bad rule
# files (golden files beside each fixture).  $1 = the assess binary; run from
# the repository root.
set -u
bin=$1
fails=0
pass=0

check() { # name, expected, got
    if [ "$2" == "$3" ]; then
        pass=$((pass + 1))
    else
        fails=$((fails + 1))
        printf 'FAIL %s\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$3"
    fi
}

out=$("$bin" --help); rc=$?
check "--help exits 0" 0 "$rc"
check "--help lists evaluate" 1 "$(grep -c '^  evaluate' <<<"$out")"
check "--version" "assess 0.1.0" "$("$bin" --version)"

"$bin" frobnicate 2>/dev/null; check "unknown command exits 2" 2 "$?"
check "unknown command message" "assess: unknown command 'frobnicate'" \
    "$("$bin" frobnicate 2>&1 | head -1)"
"$bin" evaluate --year abc 2>/dev/null; check "bad year exits 2" 2 "$?"
check "bad year message" \
    "assess evaluate: error: invalid year 'abc': use a year (2026), a range (2026-2030) or a list (2016,2018)" \
    "$("$bin" evaluate --year abc 2>&1)"
check "bad date message" "assess evaluate: error: invalid date '2026-02-30': use YYYY-MM-DD" \
    "$("$bin" evaluate --notified 2026-02-30 2>&1)"
"$bin" validate 2>/dev/null; check "validate without PATH exits 2" 2 "$?"
for c in evaluate check validate template deadline targets; do
    "$bin" $c --help >/dev/null; check "$c --help exits 0" 0 "$?"
done

# The bundled rules are valid.
check "validate bundled rules" "ok: 2 paths valid" \
    "$("$bin" validate rules/2026.yaml rules/13fyp-backtest.yaml 2>&1)"

# Golden error messages: each bad rule file with its .expected beside it
# (written instead when UPDATE_GOLDEN is set).
for f in tests/fixtures/cli/bad-*.yaml; do
    got=$("$bin" validate "$f" 2>&1 >/dev/null); rc=$?
    check "validate $f exits 1" 1 "$rc"
    [ -n "${UPDATE_GOLDEN:-}" ] && printf '%s\n' "$got" >"${f%.yaml}.expected"
    check "validate $f messages" "$(cat "${f%.yaml}.expected")" "$got"
done

# A missing rule file names the file.
check "missing rules file" "no/such.yaml: error: cannot open file: No such file or directory" \
    "$("$bin" evaluate --rules no/such.yaml 2>&1)"

# template prints a submission that validates, for a known province only.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" template --province 440000 --year 2027 >"$tmp/t.yaml"
check "template exits 0" 0 "$?"
check "template validates" "ok: 1 path valid" "$("$bin" validate "$tmp/t.yaml" 2>&1)"
check "template has every input" 26 "$(grep -c ': ~   #' "$tmp/t.yaml")"
"$bin" template --province 999999 --year 2027 2>/dev/null
check "template unknown province exits 2" 2 "$?"

# check: a province's self-assessment, inside the sample and from outside it.
out=$("$bin" check data/sample/submissions/2026/640000.yaml); rc=$?
check "check exits 0 for a failing self-assessment" 0 "$rc"
check "check states the grade it would get" \
    "Missed: 2 control, 1 support -> would be graded Fail ('fail'), before departmental verification and on-site checks." \
    "$(grep '^Missed:' <<<"$out")"
check "check shows a check's margin in percentage points" \
    "  annual                 missed          2.30% >=        3.50%        -1.20  pp" \
    "$(grep -m1 '^  annual' <<<"$out" | sed 's/ *$//')"
cp -r data/sample "$tmp/s"
cp data/sample/submissions/2026/320000.yaml "$tmp/mine.yaml"
sed -i 's/^  coal: /  coal: x #/' "$tmp/s/submissions/2025/320000.yaml"
got=$("$bin" check "$tmp/mine.yaml" --data "$tmp/s" 2>&1 >/dev/null); rc=$?
check "check with a broken previous year exits 1" 1 "$rc"
check "check names the broken previous-year file" \
    "$tmp/s/submissions/2025/320000.yaml:9:9: error: 'coal' must be a number in 10^4 tce (万吨标准煤), got 'x'" "$got"

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
