#!/usr/bin/env bash
# (Re)create the seed inputs of each fuzz corpus from the repository's own
# files: rules, data sets, calendars and the test fixtures, and the formulas of
# the rule files one per file.  Seeds are named seed-<path>; other files in a
# corpus folder (crashes found, inputs kept for coverage) are left alone.
# Run from anywhere: tests/fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus

seed() { # corpus name, then files
    local name=$1; shift
    mkdir -p "$corpus/$name"
    rm -f "$corpus/$name"/seed-*
    for f in "$@"; do
        cp "$f" "$corpus/$name/seed-$(tr / - <<<"$f")"
    done
}

seed rules rules/*.yaml rules/*/*.yaml tests/fixtures/rules/*.yaml tests/fixtures/rules/*/*.yaml \
    tests/fixtures/cli/*.yaml tests/fixtures/datasets/tiny-rules.yaml
seed rules_include rules/2026/*.yaml rules/common/*.yaml tests/fixtures/rules/bad/*.yaml
seed submission data/sample/submissions/2026/*.yaml tests/fixtures/datasets/submissions/*.yaml \
    tests/fixtures/datasets/*/submissions/*/*.yaml
seed targets data/sample/targets/*.yaml data/backtest-13fyp/targets/*.yaml \
    tests/fixtures/datasets/*/targets/*.yaml tests/fixtures/datasets/bad_sets/*/targets/*.yaml
seed findings data/sample/findings/*.yaml tests/fixtures/datasets/*/findings/*.yaml \
    tests/fixtures/datasets/bad_sets/*/findings/*.yaml
seed verified data/sample/verified/*/*.yaml tests/fixtures/datasets/*/verified/*/*.yaml
seed dataset data/*/dataset.yaml tests/fixtures/datasets/*/dataset.yaml \
    tests/fixtures/datasets/bad_sets/*/dataset.yaml
seed calendar data/calendar/*.yaml tests/fixtures/calendar/*/*.yaml
seed proposal data/sample/targets/proposals/15fyp/*.yaml \
    data/backtest-13fyp/targets/proposals/13fyp/{110000,540000,national}.yaml \
    tests/fixtures/review/data/targets/proposals/test/*.yaml
seed plan rules/plans/*.yaml tests/fixtures/review/plan.yaml

# Formulas: every value of a formula field in the rule files, one per seed.
mkdir -p "$corpus/expr"
rm -f "$corpus/expr"/seed-*
/usr/bin/python3 - "$corpus/expr" rules/*.yaml rules/*/*.yaml tests/fixtures/rules/*/*.yaml <<'PY'
import sys, yaml, hashlib, os
out, files = sys.argv[1], sys.argv[2:]
found = set()
def walk(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("formula", "value", "target", "when") and isinstance(v, str):
                found.add(v)
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
for f in files:
    try:
        walk(yaml.safe_load(open(f, encoding="utf-8")))
    except yaml.YAMLError:
        pass  # the deliberately broken fixtures
for text in sorted(found):
    name = "seed-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    open(os.path.join(out, name), "w", encoding="utf-8").write(text)
PY
for d in "$corpus"/*/; do
    echo "$(basename "$d"): $(ls "$d" | wc -l) inputs"
done
