#!/usr/bin/env bash
# End-to-end tests of hostile and careless input on the real binary: each bad
# file in a copy of the sample (or a bad rule file) ends in located errors and
# the documented exit code, never a crash or a hang, and in a batch every
# other province is still graded.  The exact messages are golden files in
# tests/fixtures/hostile/<case>.expected, with the scratch folder written as
# TMP.  $1 = the assess binary; run from the repository root.
set -u
bin=$1
fails=0
pass=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
golden=tests/fixtures/hostile

check() { # name, expected, got
    if [ "$2" == "$3" ]; then
        pass=$((pass + 1))
    else
        fails=$((fails + 1))
        printf 'FAIL %s\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$3"
    fi
}

# case name, expected exit code, command...: stderr, then "CODE: error" for each
# province the table grades invalid, against the golden file (written instead
# when UPDATE_GOLDEN is set)
expect() {
    local name=$1 code=$2
    shift 2
    timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
    check "$name: exit code" "$code" "$?"
    local got
    got=$( (cat "$tmp/err"
            sed -nE 's/^([0-9]{6}) .* invalid .* ([^ ]+: error: .*)$/\1: \2/p' "$tmp/out") |
          sed "s|$tmp|TMP|g")
    [ -n "${UPDATE_GOLDEN:-}" ] && printf '%s\n' "$got" >"$golden/$name.expected"
    check "$name: messages" "$(cat "$golden/$name.expected")" "$got"
}

sample() { # a fresh copy of the sample as $tmp/s
    rm -rf "$tmp/s"
    cp -r data/sample "$tmp/s"
}

evaluate=("$bin" evaluate --rules rules/2026.yaml --data "$tmp/s" --no-reports) # the copy

graded() { # provinces with a grade other than invalid in $tmp/out
    grep -cE '^[0-9]{6} .* (excellent|pass|fail) ' "$tmp/out"
}

# 1. An input without id in a rule file crashed validate, evaluate and check.
for cmd in validate evaluate check; do
    case $cmd in
    validate) args=(tests/fixtures/rules/bad/input_without_id.yaml) ;;
    evaluate) args=(--rules tests/fixtures/rules/bad/input_without_id.yaml --no-reports) ;;
    check) args=(data/sample/submissions/2026/110000.yaml
                 --rules tests/fixtures/rules/bad/input_without_id.yaml) ;;
    esac
    "$bin" $cmd "${args[@]}" >/dev/null 2>&1
    check "input without id: $cmd exits 1" 1 "$?"
done

# 2. A province listed twice in the findings: refused, not the last entry winning.
sample
cat >>"$tmp/s/findings/2026.yaml" <<'EOF'
  "460000":
    fraud: false
    summary: "nothing found"
    found_by: "on-site verification team"
EOF
expect findings_twice 1 "${evaluate[@]}"
expect findings_twice 1 "$bin" validate --rules rules/2026.yaml "$tmp/s"

# 3. 100,000 levels of nesting as one province's submission: Beijing is
# invalid within the bound, the other 30 provinces are graded.
sample
python3 -c 'print("x: " + "[" * 100000 + "]" * 100000)' >"$tmp/s/submissions/2026/110000.yaml"
expect deep_submission 4 "${evaluate[@]}"
check "deep submission: the other provinces are graded" 30 "$(graded)"

# 5. A FIFO in place of a submission, and a link to /dev/zero: refused at once.
sample
rm "$tmp/s/submissions/2026/110000.yaml" "$tmp/s/submissions/2025/120000.yaml"
mkfifo "$tmp/s/submissions/2026/110000.yaml"
ln -s /dev/zero "$tmp/s/submissions/2025/120000.yaml"
expect fifo_submission 4 "${evaluate[@]}"
check "FIFO submission: the other provinces are graded" 29 "$(graded)"

# 7. A province name too long for a report's file name: refused by validate.
mkdir -p "$tmp/rules"
cp -r rules/. "$tmp/rules/"
sed -i "s/name_en: Beijing/name_en: $(printf 'B%.0s' $(seq 400))/" "$tmp/rules/common/provinces.yaml"
expect long_name 1 "$bin" validate "$tmp/rules/2026.yaml"

# 10. Notification dates no deadline can be counted from.
sample
sed -i 's/2026: 2027-06-30/2026: 1901-01-01/' "$tmp/s/dataset.yaml"
expect notified_early 1 "${evaluate[@]}"
sample
sed -i 's/2026: 2027-06-30/2026: 9999-12-31/' "$tmp/s/dataset.yaml"
expect notified_late 1 "${evaluate[@]}" --calendar data/calendar
expect notified_option 2 "$bin" evaluate --no-reports --notified 9999-12-31 --calendar data/calendar

# 11. Stray files in a year folder: evaluate and validate say the same.
sample
cp "$tmp/s/submissions/2026/440000.yaml" "$tmp/s/submissions/2026/999999.yaml"
cp "$tmp/s/submissions/2026/440000.yaml" "$tmp/s/submissions/2026/..440000.yaml"
printf 'not a workbook' >"$tmp/s/verified/2026/99.xlsx"
expect stray_evaluate 4 "${evaluate[@]}"
check "stray files: every province is graded" 31 "$(graded)"
expect stray_validate 1 "$bin" validate --rules rules/2026.yaml "$tmp/s"

# 13. A year past any calendar in the rules: one located message.
expect years_out_of_range 1 "$bin" validate tests/fixtures/rules/bad/years_out_of_range.yaml

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
