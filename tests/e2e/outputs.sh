#!/usr/bin/env bash
# End-to-end tests of where `assess evaluate` writes: a folder of reports with
# its SHA-256 manifest; JSON to a FIFO, a device or an inherited descriptor,
# written directly and never replaced; write errors that name the path and
# the operating system's reason, with none of libxlsxwriter's own "[ERROR]"
# lines; a failed run that leaves the older complete set as it was.  Device
# nodes are made in a scratch folder when running as root, so a regression
# can never replace a real /dev entry.  $1 = the assess binary.
set -u
bin=$1
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

run() { # evaluate the sample with extra arguments; stderr in $tmp/err, exit code echoed
    "$bin" evaluate --rules rules/2026.yaml --data data/sample "$@" >"$tmp/out" 2>"$tmp/err"
    echo $?
}

temps() { # temporary files left in a folder
    find "$1" -maxdepth 1 -name '.*.tmp' | wc -l
}

# A complete run: every file listed in the manifest, which sha256sum accepts.
check "complete run exits 0" 0 "$(run --out "$tmp/r" --json "$tmp/r/results.json")"
check "complete run: manifest lists the JSON and 32 workbooks" 33 \
    "$(wc -l <"$tmp/r/assess.sha256")"
check "complete run: sha256sum -c accepts the manifest" 0 \
    "$(cd "$tmp/r" && sha256sum --quiet -c assess.sha256 >/dev/null 2>&1; echo $?)"
check "complete run: no temporary file left" 0 "$(temps "$tmp/r")"
check "complete run: names what it wrote" \
    "wrote $tmp/r: assessment-2026.xlsx, 31 province workbooks, results.json; listed with their SHA-256 in $tmp/r/assess.sha256" \
    "$(tail -1 "$tmp/err")"

# JSON into a FIFO: written directly, the FIFO stays a FIFO.
mkfifo "$tmp/fifo.json"
python3 -c 'import json,sys; json.load(open(sys.argv[1])); print("parsed")' "$tmp/fifo.json" \
    >"$tmp/fifo.out" &
reader=$!
check "JSON to a FIFO exits 0" 0 "$(run --no-reports --json "$tmp/fifo.json")"
wait $reader
check "the reader of the FIFO got the JSON" parsed "$(cat "$tmp/fifo.out")"
check "the FIFO is still a FIFO" fifo "$(stat -c %F "$tmp/fifo.json" | sed 's/.*fifo/fifo/')"

# JSON to a descriptor through /proc/self/fd, a symbolic link: written directly.
"$bin" evaluate --no-reports --json /proc/self/fd/3 3>"$tmp/fd.json" >/dev/null 2>&1
check "JSON through /proc/self/fd/3 exits 0" 0 "$?"
check "JSON through /proc/self/fd/3 parses" ok \
    "$(python3 -c 'import json,sys; json.load(open(sys.argv[1])); print("ok")' "$tmp/fd.json")"

# Devices: private copies of /dev/null and /dev/full when root, the real ones
# otherwise (a user who is not root cannot replace them).
if [ "$(id -u)" -eq 0 ]; then
    mknod "$tmp/null" c 1 3 && mknod "$tmp/full" c 1 7
    null=$tmp/null full=$tmp/full
else
    null=/dev/null full=/dev/full
fi
check "JSON to a null device exits 0" 0 "$(run --no-reports --json "$null")"
check "the null device is still a character device" "character special file" \
    "$(stat -c %F "$null")"
check "JSON to a full device exits 3" 3 "$(run --no-reports --json "$full")"
check "JSON to a full device: path and reason" \
    "$full: error: cannot write file: No space left on device" "$(cat "$tmp/err")"
check "the full device is still a character device" "character special file" \
    "$(stat -c %F "$full")"

# A name too long for the file system: the operating system's reason.
long=$tmp/$(printf 'x%.0s' $(seq 255)).json
check "JSON with a too long name exits 3" 3 "$(run --no-reports --json "$long")"
check "JSON with a too long name: path and reason" \
    "$long: error: cannot write file: File name too long" "$(cat "$tmp/err")"

# JSON into a folder that does not exist: not made up (only --out folders are).
check "JSON into a missing folder exits 3" 3 "$(run --no-reports --json "$tmp/none/r.json")"
check "JSON into a missing folder: path and reason" \
    "$tmp/none/r.json: error: cannot write file: No such file or directory" "$(cat "$tmp/err")"

# Files that cannot grow past 20 KiB (RLIMIT_FSIZE, SIGXFSZ ignored): every
# workbook fails with the reason, libxlsxwriter's own lines are not shown, and
# the complete set written before is left whole with its manifest.
cp -r "$tmp/r" "$tmp/before"
rc=$(trap '' XFSZ; ulimit -f 20; run --out "$tmp/r" --json "$tmp/r/results.json")
check "files that cannot grow exit 3" 3 "$rc"
check "files that cannot grow: one located reason per file" 33 \
    "$(grep -c ': error: cannot write \(file\|workbook\): File too large$' "$tmp/err")"
check "files that cannot grow: no line of libxlsxwriter's own" 0 "$(grep -c '\[ERROR\]' "$tmp/err")"
check "files that cannot grow: nothing else on stderr" 33 "$(wc -l <"$tmp/err")"
check "files that cannot grow: no temporary file left" 0 "$(temps "$tmp/r")"
check "files that cannot grow: the older set is untouched" "" "$(diff -r "$tmp/before" "$tmp/r")"

# One workbook that cannot be put in place: the others are replaced, the old
# manifest is gone and no new one claims a complete set.
rm "$tmp/r/assessment-2026.xlsx" && mkdir "$tmp/r/assessment-2026.xlsx"
check "a folder in place of a workbook exits 3" 3 "$(run --out "$tmp/r")"
check "a folder in place of a workbook: path and reason" \
    "$tmp/r/assessment-2026.xlsx: error: cannot write file: Is a directory" \
    "$(head -1 "$tmp/err")"
check "a folder in place of a workbook: no manifest" no \
    "$([ -e "$tmp/r/assess.sha256" ] && echo yes || echo no)"

# A template written on its own into a folder with a complete set: the set's
# manifest is left as it was (a template is no part of it).
rmdir "$tmp/r/assessment-2026.xlsx"
run --out "$tmp/r" >/dev/null
cp "$tmp/r/assess.sha256" "$tmp/manifest.before"
"$bin" template --province 110000 --year 2026 --xlsx "$tmp/r/110000.xlsx" 2>"$tmp/err"
check "a template beside a set exits 0" 0 "$?"
check "a template beside a set: the manifest is unchanged" "" \
    "$(diff "$tmp/manifest.before" "$tmp/r/assess.sha256")"
check "a template beside a set: the set still checks" 0 \
    "$(cd "$tmp/r" && sha256sum --quiet -c assess.sha256 >/dev/null 2>&1; echo $?)"

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
