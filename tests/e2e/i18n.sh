#!/usr/bin/env bash
# The message catalogue covers every word assess prints: po/assess.pot is the
# template of the sources as they are (po/messages.sh), every message of it is
# translated in each po/<lang>.po (none untranslated or fuzzy, none left over), msgfmt
# --check accepts each translation's printf conversions, and the binary speaks each
# language, from the build tree (the installed copy: tests/e2e/install.sh); both man
# pages name every option of every --help.
# $1 = the assess binary; run from the repository root.
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

po/messages.sh >"$tmp/now.pot" 2>/dev/null
check "po/assess.pot is the sources' template (run po/update.sh)" "" \
    "$(diff po/assess.pot "$tmp/now.pot" | head -20)"
while read -r lang; do
    case $lang in '#'* | '') continue ;; esac
    msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/now.pot"
    stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
    check "$lang: every message translated" "$(grep -c '^msgid' "$tmp/now.pot" | awk '{print $1 - 1}') translated messages." "$stats"
    check "$lang: no message left over" "" "$(msgattrib --only-obsolete "$tmp/$lang.po" 2>/dev/null | grep '^#~ msgid' | head -5)"
    msgfmt --check -o /dev/null "po/$lang.po"
    check "$lang: msgfmt --check" 0 "$?"
done <po/LINGUAS

# the language of the terminal
check "--lang zh" "assess check: 错误：应给出报送文件 FILE" \
    "$("$bin" check --lang zh 2>&1 | head -1)"
check "LANG=zh_CN.UTF-8 (installed or not)" "assess check: 错误：应给出报送文件 FILE" \
    "$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$bin" check 2>&1 | head -1)"
check "LANG=fr_FR.UTF-8 is English" "assess check: error: expected a submission FILE" \
    "$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 "$bin" check 2>&1 | head -1)"
check "LC_ALL wins over LANG" "assess check: error: expected a submission FILE" \
    "$(env -u LANGUAGE LC_ALL=C LANG=zh_CN.UTF-8 "$bin" check 2>&1 | head -1)"
check "--lang wins over the locale" "assess check: error: expected a submission FILE" \
    "$(env LANG=zh_CN.UTF-8 "$bin" check --lang en 2>&1 | head -1)"
check "assess --lang zh COMMAND" "用法：assess validate [--rules FILE] [--lang zh|en|both] 路径..." \
    "$("$bin" --lang zh validate --help | head -1)"
check "--lang both: Chinese, then English" \
    "assess check: 错误：应给出报送文件 FILE
assess check: error: expected a submission FILE" "$("$bin" check --lang both 2>&1 | head -2)"
"$bin" check --lang fr x.yaml 2>/dev/null
check "--lang fr is a usage error" 2 "$?"
for c in evaluate check validate template deadline targets; do
    check "$c --help in Chinese" 1 "$("$bin" $c --help --lang zh | grep -c '^用法：assess')"
done
# a message the engine formats (the lists of --year and --province) in both languages
check "evaluate --year 2016..2019, both languages" \
    "assess evaluate: 错误：无效的年度列表 '2016..2019'：区间请用 '-' 表示，如 '2016-2019'
assess evaluate: error: invalid year list '2016..2019': write a range with '-', as in '2016-2019'" \
    "$("$bin" evaluate --lang both --year 2016..2019 2>&1)"
check "evaluate --province named twice, both languages" \
    "assess evaluate: 错误：省份 640000 宁夏回族自治区 Ningxia 在 '宁夏,宁夏回族自治区' 中出现了两次
assess evaluate: error: province 640000 宁夏回族自治区 Ningxia is named twice in '宁夏,宁夏回族自治区'" \
    "$("$bin" evaluate --lang both --province 宁夏,宁夏回族自治区 --no-reports 2>&1)"
check "numbers are read with '.' whatever the locale" "ok: 1 path valid" \
    "$(LC_ALL=de_DE.UTF-8 "$bin" validate --lang en data/sample/submissions/2026/110000.yaml 2>&1)"

# a terminal in another character set (installed or not) reads its own: what is printed,
# on either stream, converted from UTF-8; names typed in it are read; JSON stays UTF-8
gb() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LC_CTYPE LANG=zh_CN.GB18030 "$bin" "$@"; }
utf() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LC_CTYPE LANG=zh_CN.UTF-8 "$bin" "$@"; }
check "LANG=zh_CN.GB18030: a message on stderr in GB18030" \
    "$(utf check --no-what-if --data data/sample tests/fixtures/mistakes/percent.yaml 2>&1 >/dev/null)" \
    "$(gb check --no-what-if --data data/sample tests/fixtures/mistakes/percent.yaml 2>&1 >/dev/null | iconv -f GB18030 -t UTF-8)"
check "LANG=zh_CN.GB18030: not UTF-8 bytes" 1 \
    "$(gb check --no-what-if --data data/sample tests/fixtures/mistakes/percent.yaml 2>&1 >/dev/null | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; echo $?)"
check "LANG=zh_CN.GB18030: the table on stdout in GB18030" \
    "$(utf evaluate --no-reports --province 宁夏 2>/dev/null)" \
    "$(gb evaluate --no-reports --province "$(printf '宁夏' | iconv -t GB18030)" 2>/dev/null | iconv -f GB18030 -t UTF-8)"
check "LC_ALL=zh_CN.GBK: GBK" "assess check: 错误：应给出报送文件 FILE" \
    "$(env -u LANGUAGE LC_ALL=zh_CN.GBK "$bin" check 2>&1 | iconv -f GBK -t UTF-8 | head -1)"
check "LANG=zh_CN.GB18030: JSON on stdout stays UTF-8" "$(utf evaluate --no-reports --json - 2>/dev/null)" \
    "$(gb evaluate --no-reports --json - 2>/dev/null)"
# Both man pages (docs/assess.1, docs/assess.zh_CN.1: man -L zh_CN assess) name every
# option that a command's --help lists, so neither falls behind the program.
for page in docs/assess.1 docs/assess.zh_CN.1; do
    named=$(sed 's/\\-/-/g' "$page" | grep -o -- '--[a-z][a-z-]*' | sort -u)
    missing=""
    for c in "" evaluate check validate template deadline targets serve accounts; do
        for opt in $("$bin" $c --help --lang en 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u); do
            grep -qx -- "$opt" <<<"$named" || missing="$missing ${c:-assess} $opt;"
        done
    done
    check "$page names every option of --help" "" "$missing"
done
# a diagnostic quoted inside a table in Chinese says 错误, not error (issue 23)
notes=$("$bin" check --lang zh --no-what-if --data tests/fixtures/datasets/eval \
    tests/fixtures/datasets/eval/submissions/2026/120000.yaml 2>/dev/null | grep '除数为零')
check "check --lang zh: a check's error in its note is Chinese" "2 0" \
    "$(grep -c ': 错误：除数为零' <<<"$notes") $(grep -c 'error:' <<<"$notes")"
row=$("$bin" evaluate --lang zh --rules tests/fixtures/json/rules.yaml --data tests/fixtures/json/data \
    --calendar tests/fixtures/json/calendar --no-reports 2>/dev/null | grep '^130000')
check "evaluate --lang zh: an invalid province's error in the table is Chinese" "1 0" \
    "$(grep -c '130000.yaml:9:19: 错误：数据不合理' <<<"$row") $(grep -c 'error:' <<<"$row")"
# the deadline's usage line after an error, in the language of the error
check "deadline usage line in Chinese" \
    "assess deadline: 错误：DATE 必须是按 YYYY-MM-DD 书写的真实日期，实际为 'x'
用法：assess deadline 日期 [--days N] [--allow-provisional] [--calendar DIR] [--explain] [--lang zh|en|both]" \
    "$("$bin" deadline x --lang zh 2>&1)"

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
