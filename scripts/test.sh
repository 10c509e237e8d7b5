#!/usr/bin/env bash
# One command from a fresh Debian machine to a passed test suite: install what
# is missing, check formatting and the sources (scripts/check-source.py: the
# rooms' includes, banned functions, lengths, include circles), build
# (scripts/build.sh), run every test, then again under the address and
# undefined-behaviour sanitizers (leaks fail the run; a test that cannot run
# here, e.g. the backtest without ../shared/realdata, is skipped and says why);
# then build the libFuzzer harnesses with clang, replay every fuzz corpus and fuzz
# each harness briefly (ASSESS_FUZZ_SECONDS each, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests CTest skipped in build folder $1, each with the reason it printed
# ("NAME: skipped: why"): CTest itself names them without a reason.
skipped() {
    grep -h ': skipped: ' "$1/Testing/Temporary/LastTest.log" 2>/dev/null | sort -u || true
}

scripts/install-deps.sh >&2

echo "== format check"
files=$(git ls-files 'assess/*.c' 'assess/*.h' 'tests/*.c' 'tests/*.h' 2>/dev/null || find assess tests -name '*.[ch]')
clang-format --dry-run --Werror $files

echo "== source check: rooms and their includes, banned functions, lengths, include circles"
python3 scripts/check-source.py

echo "== build (scripts/build.sh, as scripts/run-sample.sh builds) and test"
scripts/build.sh
ctest --test-dir build --output-on-failure
skipped build

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DASSESS_WERROR=ON -DASSESS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$(nproc)"
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure
skipped build-asan

echo "== fuzz harnesses: replay every corpus, then fuzz each briefly"
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DASSESS_FUZZ=ON -DASSESS_TESTS=OFF \
    -DASSESS_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)"
tests/fuzz/run.sh build-fuzz 0
tests/fuzz/run.sh build-fuzz "${ASSESS_FUZZ_SECONDS:-10}"
