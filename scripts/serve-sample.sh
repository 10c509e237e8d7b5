#!/usr/bin/env bash
# Try the delivery portal on the bundled illustrative sample: install what is missing,
# build (scripts/build.sh), make a folder (DIR, default a new one under /tmp) holding a copy
# of data/sample as the portal's data set and a state folder with accounts: one per role
# (centre, department) and one per province (p110000 ... p650000), each with a random
# password printed once, here; then start `assess serve` on 127.0.0.1 (port $PORT, default
# 8080) until Ctrl-C.  Run it again with the same DIR to start the same portal again (its
# accounts and passwords stay as they were).
#
# usage: scripts/serve-sample.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
bin=$PWD/build/assess
dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/assess-portal.XXXXXX")}
port=${PORT:-8080}

if [ ! -e "$dir/state/assess.sqlite" ]; then
    mkdir -p "$dir"
    rm -rf "$dir/data"
    cp -r data/sample "$dir/data"
    # One account per role and per province; the password is random and shown once.
    accounts=(centre:centre: department:department:)
    while read -r code; do
        accounts+=("p$code:province:$code")
    done < <(grep -oE 'code: "[0-9]{6}"' rules/common/provinces.yaml | grep -oE '[0-9]{6}')
    printf '%-10s %-11s %-9s %s\n' account role province password
    for a in "${accounts[@]}"; do
        IFS=: read -r user role code <<<"$a"
        password=$(head -c 15 /dev/urandom | base64 | tr '+/' '-_')
        args=(accounts add --state "$dir/state" --user "$user" --role "$role" --lang en)
        [ -n "$code" ] && args+=(--province "$code")
        printf '%s\n' "$password" | "$bin" "${args[@]}"
        printf '%-10s %-11s %-9s %s\n' "$user" "$role" "${code:--}" "$password"
    done
    echo "(the passwords are not kept anywhere else: note the ones you need)"
fi
echo "data set: $dir/data   state: $dir/state"
echo "open http://127.0.0.1:$port/ (Ctrl-C stops the portal)"
exec "$bin" serve --data "$dir/data" --state "$dir/state" --listen "127.0.0.1:$port"
