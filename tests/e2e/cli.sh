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
check "unknown command message: the commands, not the whole help" \
    "assess: error: unknown command 'frobnicate': the commands are evaluate, check, validate, template, deadline, targets, serve, accounts ('assess --help' describes them)" \
    "$("$bin" --lang en frobnicate 2>&1)"
# a typing mistake gets the command or option it was meant to be, in either language
check "a mistyped command" "assess: error: unknown command 'evalute': did you mean 'evaluate'?" \
    "$("$bin" --lang en evalute 2>&1)"
check "a mistyped command, in Chinese" "assess: 错误：未知命令 'evalute'：您指的是 'evaluate' 吗？" \
    "$("$bin" --lang zh evalute 2>&1)"
check "a mistyped global option" "assess: error: unknown option '--versoin': did you mean '--version'?" \
    "$("$bin" --lang en --versoin 2>&1)"
"$bin" evaluate --yaer 2026 2>/dev/null; check "a mistyped option exits 2" 2 "$?"
check "a mistyped option" "assess evaluate: error: unknown option '--yaer': did you mean '--year'?" \
    "$("$bin" evaluate --lang en --yaer 2026 2>&1)"
check "a mistyped option, in Chinese" "assess evaluate: 错误：未知选项 '--yaer'：您指的是 '--year' 吗？" \
    "$("$bin" evaluate --lang zh --yaer 2026 2>&1)"
check "a mistyped option of check" "assess check: error: unknown option '--jsn': did you mean '--json'?" \
    "$("$bin" check --lang en --jsn x.json f.yaml 2>&1)"
check "a mistyped option of template" \
    "assess template: error: unknown option '--provnce': did you mean '--province'?" \
    "$("$bin" template --lang en --provnce 110000 --year 2026 2>&1)"
check "a mistyped option of deadline" "assess deadline: error: unknown option '--dyas': did you mean '--days'?" \
    "$("$bin" deadline --lang en 2026-09-30 --dyas 5 2>&1 | head -1)"
check "an option near none" "assess validate: error: unknown option '--frob' (see 'assess validate --help')" \
    "$("$bin" validate --lang en --frob 2>&1)"
check "a single-dash word is named as getopt read it" \
    "assess evaluate: error: unknown option '-y' (see 'assess evaluate --help')" \
    "$("$bin" evaluate --lang en -year 2026 2>&1)"
# the portal's commands, too
"$bin" serve --lisen 127.0.0.1:1 2>/dev/null; check "a mistyped option of serve exits 2" 2 "$?"
check "a mistyped option of serve" "assess serve: error: unknown option '--lisen': did you mean '--listen'?" \
    "$("$bin" serve --lang en --lisen=127.0.0.1:1 2>&1)"
check "a mistyped option of accounts, in Chinese" \
    "assess accounts：错误：未知选项 '--usr'：您指的是 '--user' 吗？" \
    "$("$bin" accounts --lang zh add --usr x 2>&1)"
check "an option of serve near none" "assess serve: error: invalid option or value '--frob'" \
    "$("$bin" serve --lang en --frob 2>&1)"
check "an option without its value" "assess template: error: option '--year' needs a value" \
    "$("$bin" template --lang en --province 110000 --year 2>&1)"
check "a value where none is taken" "assess evaluate: error: option '--quiet' takes no value" \
    "$("$bin" evaluate --lang en --quiet=yes 2>&1)"
# a province mistyped: the one meant; a name near none: every province, a few to a line
check "a mistyped province" \
    "assess evaluate: error: unknown province '宁厦': did you mean 640000 宁夏回族自治区 Ningxia?" \
    "$("$bin" evaluate --lang en --province 宁厦 2>&1)"
check "a mistyped province, in Chinese" \
    "assess evaluate: 错误：未知省份 '宁厦'：您指的是 640000 宁夏回族自治区 Ningxia 吗？" \
    "$("$bin" evaluate --lang zh --province 宁厦 2>&1)"
for l in en zh both; do
    list=$("$bin" evaluate --lang $l --province Atlantis 2>&1 | grep -v '^assess evaluate: ')
    check "an unknown province ($l): the 31 codes listed below the error" 31 \
        "$(grep -oE '\b[1-6][0-9]0000\b' <<<"$list" | sort -u | wc -l)"
    check "an unknown province ($l): a few to a line" 1 "$(($(wc -l <<<"$list") <= 16))"
    check "an unknown province ($l): no line wider than 78 columns (a Chinese character is 2)" "" \
        "$(LC_ALL=C.UTF-8 sed 's/[^\x00-\x7f]/xx/g' <<<"$list" | awk 'length($0) > 78')"
done
check "an unknown province: the error line" \
    "assess evaluate: error: unknown province 'Atlantis': give the code or the name (Chinese or English) of one of the 31 below" \
    "$("$bin" evaluate --lang en --province Atlantis 2>&1 | head -1)"
check "an unknown province, in Chinese: the error line" \
    "assess evaluate: 错误：未知省份 'Atlantis'：请给出下列 31 个省份之一的代码或名称（中文或英文）" \
    "$("$bin" evaluate --lang zh --province Atlantis 2>&1 | head -1)"
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

# template takes a province by code or name, as evaluate does, and only one
check "template by a Chinese name" "$("$bin" template --lang en --province 640000 --year 2026)" \
    "$("$bin" template --lang en --province 宁夏 --year 2026)"
check "template by an English name" "$("$bin" template --lang en --province 640000 --year 2026)" \
    "$("$bin" template --lang en --province ningxia --year 2026)"
check "a proposal template by a Chinese name" \
    "$("$bin" template --lang en --proposal --plan 15fyp --province 640000)" \
    "$("$bin" template --lang en --proposal --plan 15fyp --province 宁夏)"
check "a proposal template for a mistyped province" \
    "assess template: error: unknown province '宁厦': did you mean 640000 宁夏回族自治区 Ningxia?" \
    "$("$bin" template --lang en --proposal --plan 15fyp --province 宁厦 2>&1)"
check "template takes one province" "assess template: error: --province takes one province, got 2 in '北京,天津'" \
    "$("$bin" template --lang en --province 北京,天津 --year 2026 2>&1)"

# template prints a submission that validates, for a known province only.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" template --province 440000 --year 2027 >"$tmp/t.yaml"
check "template exits 0" 0 "$?"
# its 'source' is required: the template's own "" is refused at its line until filled in
check "template's empty source is refused" \
    "$tmp/t.yaml:11:11: error: 'source' (数据来源) is empty: it is required; say where the figures come from, e.g. the provincial statistics bureau's energy balance sheet" \
    "$("$bin" validate --lang en "$tmp/t.yaml" 2>&1)"
sed -i 's/^  source: ""/  source: "provincial statistics bureau"/' "$tmp/t.yaml"
check "template validates once its source is given" "ok: 1 path valid" \
    "$("$bin" validate "$tmp/t.yaml" 2>&1)"
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
