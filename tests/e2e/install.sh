#!/usr/bin/env bash
# End-to-end test of the installed tool: `cmake --install` into a temporary
# prefix, then the README's commands run from another folder with the
# installed binary (it finds its rules, calendar and sample under
# PREFIX/share/assess, and its message catalogue under PREFIX/share/locale),
# again after the whole prefix is moved, the man page
# renders without warnings, and `cpack -G DEB` builds a package whose
# dependencies name the libraries the binary links.  $1 = the assess binary
# inside its build folder; run from the repository root.
set -u
bin=$1
build=$(cd "$(dirname "$bin")" && pwd)
fails=0
pass=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected, got
    if [ "$2" == "$3" ]; then
        pass=$((pass + 1))
    else
        fails=$((fails + 1))
        printf 'FAIL %s\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$3"
    fi
}

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
check "install exits 0" 0 "$?"
for f in bin/assess share/assess/rules/2026.yaml share/assess/rules/2026/inputs.yaml \
    share/assess/rules/13fyp-backtest.yaml share/assess/data/sample/dataset.yaml \
    share/assess/data/calendar/2026.yaml share/assess/data/backtest-13fyp/dataset.yaml \
    share/assess/rules/plans/15fyp.yaml share/assess/data/sample/targets/proposals/15fyp/110000.yaml \
    share/doc/assess/docs/targets.md \
    share/man/man1/assess.1 share/man/zh_CN/man1/assess.1 share/doc/assess/README.md share/doc/assess/docs/rules-format.md \
    share/locale/zh_CN/LC_MESSAGES/assess.mo; do
    check "installed $f" yes "$([ -e "$tmp/prefix/$f" ] && echo yes || echo no)"
done

# The README's commands, from a folder that has no rules/ or data/.
run_readme() { # prefix, label
    local a=$1/bin/assess share=$1/share/assess label=$2 out rc
    mkdir -p "$tmp/elsewhere" && cd "$tmp/elsewhere" || return
    out=$("$a" evaluate --no-reports 2>&1); rc=$?
    check "$label: evaluate exits 0" 0 "$rc"
    check "$label: evaluate reads the installed rules" \
        "Assessment 2026: rules $share/rules/2026.yaml (cn-dual-carbon-2026), data $share/data/sample" \
        "$(head -1 <<<"$out")"
    "$a" evaluate --json results.json --out reports >/dev/null 2>&1
    check "$label: evaluate writes JSON and workbooks here" "yes yes" \
        "$([ -s results.json ] && echo yes) $([ -s reports/assessment-2026.xlsx ] && echo yes)"
    "$a" check data/sample/submissions/2026/110000.yaml >/dev/null 2>&1
    check "$label: check a bundled submission exits 0" 0 "$?"
    check "$label: template" 'submission:' \
        "$("$a" template --province 110000 --year 2027 2>&1 | grep -m1 '^submission:')"
    check "$label: validate" "ok: 3 paths valid" \
        "$("$a" validate rules/2026.yaml data/sample data/calendar 2>&1)"
    check "$label: deadline" "2026-11-17" "$("$a" deadline 2026-09-30 2>/dev/null)"
    check "$label: Chinese from the installed catalogue" "assess check: 错误：应给出报送文件 FILE" \
        "$(LANG=zh_CN.UTF-8 "$a" check 2>&1 | head -1)"
    "$a" evaluate --rules rules/13fyp-backtest.yaml --data data/backtest-13fyp --year 2016 \
        --no-reports >/dev/null 2>&1
    check "$label: backtest exits 0" 0 "$?"
    "$a" evaluate --uncertainty --draws 200 --seed 1 --no-reports >/dev/null 2>&1
    check "$label: evaluate --uncertainty reads the installed declarations" 0 "$?"
    out=$("$a" targets review --plan 15fyp --no-reports 2>&1); rc=$?
    check "$label: targets review reads the installed plan" \
        "0 Target review of plan 15fyp: 15th FYP review of the provinces' proposed targets (top-down and bottom-up) ($share/rules/plans/15fyp.yaml)" \
        "$rc $(head -1 <<<"$out")"
    "$a" targets review --plan 13fyp --data data/backtest-13fyp --out review >/dev/null 2>&1
    check "$label: the 13th FYP review writes its workbook and targets here" "0 yes yes" \
        "$? $([ -s review/review-13fyp.xlsx ] && echo yes) $([ -s review/targets-13fyp.yaml ] && echo yes)"
    check "$label: proposal template" 'proposal:' \
        "$("$a" template --proposal --plan 15fyp --province 110000 2>&1 | grep -m1 '^proposal:')"
    # a batch: two years, two provinces by name, quietly
    "$a" evaluate --rules rules/13fyp-backtest.yaml --data data/backtest-13fyp \
        --year 2016-2017 --province 宁夏,Beijing --out batch --quiet >batch.out 2>&1
    check "$label: batch exits 0 and prints nothing" "0 " "$? $(cat batch.out)"
    check "$label: batch writes each year and the summary" \
        "2016/2016-110000-Beijing.xlsx 2016/2016-640000-Ningxia.xlsx 2016/assess.sha256 2016/assessment-2016.xlsx 2017/2017-110000-Beijing.xlsx 2017/2017-640000-Ningxia.xlsx 2017/assess.sha256 2017/assessment-2017.xlsx assess.sha256 summary-2016-2017.xlsx" \
        "$(cd batch && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')"
    check "$label: batch manifests check" "0 0 0" \
        "$(for f in batch batch/2016 batch/2017; do (cd "$f" && sha256sum --quiet -c assess.sha256 >/dev/null 2>&1; echo $?); done | tr '\n' ' ' | sed 's/ $//')"
    cd - >/dev/null || return
}
run_readme "$tmp/prefix" installed
# README's province section, in a fresh folder, with the installed assess on the PATH
out=$("${PYTHON:-python3}" tests/e2e/province.py "$tmp/prefix/bin/assess" 2>&1); rc=$?
check "installed: README's province section works ($(tail -3 <<<"$out"))" 0 "$rc"
mv "$tmp/prefix" "$tmp/moved"
run_readme "$tmp/moved" "moved prefix"

# A path that is neither here nor installed is reported as typed.
cd "$tmp/elsewhere" || exit 1
check "missing rules named as typed" \
    "no/such.yaml: error: cannot open file: No such file or directory" \
    "$("$tmp/moved/bin/assess" validate --rules no/such.yaml data/sample 2>&1 | head -1)"
cd - >/dev/null || exit 1

# The man pages render without warnings, and man finds the Chinese one by -L zh_CN.
if command -v groff >/dev/null; then
    for page in docs/assess.1 docs/assess.zh_CN.1; do
        warn=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)
        check "$page renders without warnings" "" "$warn"
    done
else
    echo "skip: groff not installed"
fi
if command -v man >/dev/null; then
    check "man -L zh_CN assess shows the Chinese page" 1 \
        "$(MANPATH="$tmp/moved/share/man" LANG=C.UTF-8 man -L zh_CN -E UTF-8 assess 2>/dev/null |
            grep -c '按碳达峰碳中和综合评价考核规则评定各省份')"
    check "man assess shows the English page" 1 \
        "$(MANPATH="$tmp/moved/share/man" LANG=C.UTF-8 man -E UTF-8 assess 2>/dev/null |
            grep -c "grade China's provinces under the dual-carbon assessment rules")"
else
    echo "skip: man not installed"
fi

# A Debian package, with dependencies computed from the linked libraries.
if command -v cpack >/dev/null && command -v dpkg-shlibdeps >/dev/null; then
    (cd "$build" && cpack -G DEB -B "$tmp/pkg" >/dev/null 2>&1)
    deb=$(ls "$tmp"/pkg/*.deb 2>/dev/null | head -1)
    check "cpack builds a .deb" yes "$([ -n "$deb" ] && echo yes || echo no)"
    if [ -n "$deb" ]; then
        # Every shared library the binary needs comes from a package it depends on.
        deps=$(dpkg-deb -f "$deb" Depends)
        for so in $(objdump -p "$bin" | awk '/NEEDED/ {print $2}'); do
            path=$(ldd "$bin" | awk -v so="$so" '$1 == so {print $3}')
            pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
            check "package depends on $pkg (for $so)" 1 "$(grep -c "\b$pkg\b" <<<"$deps")"
        done
        files=$(dpkg-deb -c "$deb")
        for f in ./usr/bin/assess ./usr/share/assess/rules/2026.yaml \
            ./usr/share/man/man1/assess.1 ./usr/share/man/zh_CN/man1/assess.1 \
            ./usr/share/locale/zh_CN/LC_MESSAGES/assess.mo; do
            check "package holds $f" 1 "$(grep -c " $f\$" <<<"$files")"
        done
    fi
else
    echo "skip: cpack or dpkg-shlibdeps not installed"
fi

echo "install: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
