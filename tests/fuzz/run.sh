#!/usr/bin/env bash
# Replay the fuzz corpora, or fuzz each harness for a while.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [NAME...]
#
# BUILD_DIR  a build made with -DCMAKE_C_COMPILER=clang -DASSESS_FUZZ=ON
# SECONDS    0: run every input of each corpus once (a regression test);
#            N: fuzz each harness for N seconds, one after another
# NAME       harnesses to run, e.g. "rules submission" (default: all)
#
# Fuzzing starts from tests/fuzz/corpus/NAME/ (with the dictionary
# tests/fuzz/NAME.dict when there is one) and puts new inputs in a scratch
# corpus ($ASSESS_FUZZ_WORK/NAME if set, else a temporary folder removed at the
# end), so the repository's corpus only changes when a crash is found: libFuzzer
# then writes crash-*, leak-* or timeout-* into tests/fuzz/corpus/NAME/, where
# it stays as a regression input once the bug is fixed.  Exits non-zero if any
# harness fails; prints each harness's executions and coverage.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS [NAME...]}
seconds=${2:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS [NAME...]}
shift 2
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for f in "$here"/fuzz_*.c; do
        n=$(basename "$f" .c)
        names+=("${n#fuzz_}")
    done
fi

work=${ASSESS_FUZZ_WORK:-}
cleanup=""
if [ -z "$work" ]; then
    work=$(mktemp -d)
    cleanup=$work
fi
trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT

# Inputs may be whole rule files; a slow input (over 10 s) is a bug to fix.
common=(-max_len=65536 -timeout=10 -print_final_stats=1)
failed=0
for n in "${names[@]}"; do
    bin="$build/tests/fuzz/fuzz_$n"
    corpus="$here/corpus/$n"
    if [ ! -x "$bin" ]; then
        echo "$n: no harness $bin (configure with -DASSESS_FUZZ=ON)" >&2
        failed=1
        continue
    fi
    log="$work/$n.log"
    dict=() # tests/fuzz/NAME.dict: tokens the mutations insert, when there is one
    [ -f "$here/$n.dict" ] && dict=(-dict="$here/$n.dict")
    if [ "$seconds" -eq 0 ]; then
        "$bin" "${common[@]}" "${dict[@]}" -runs=0 "$corpus" >"$log" 2>&1
    else
        mkdir -p "$work/$n"
        "$bin" "${common[@]}" "${dict[@]}" -max_total_time="$seconds" \
            -artifact_prefix="$corpus/" "$work/$n" "$corpus" >"$log" 2>&1
    fi
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$')
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' <<<"$last")
    ft=$(grep -o 'ft: [0-9]*' <<<"$last")
    if [ $rc -ne 0 ]; then
        failed=1
        echo "$n: FAILED (exit $rc)"
        grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$log" | head -20
    else
        echo "$n: ok, ${runs:-?} executions, ${cov:-cov: ?}, ${ft:-ft: ?}"
    fi
done
exit $failed
