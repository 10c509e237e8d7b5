#!/usr/bin/env bash
# Install what building and testing assess needs on Debian, if it is missing.
# Uses apt-get (through sudo when not root).  Safe to run repeatedly.
set -euo pipefail

# libreoffice-calc-nogui: the workbook round-trip test re-saves templates with it (the test
# skips that part, saying so, where it is missing).  clang and libclang-rt-dev (libFuzzer)
# build the fuzz harnesses that CI replays.  gettext: msgfmt compiles the message
# catalogues (po/) at build time; xgettext and msgmerge check them in the tests.
# python3-numpy: tools/mc_numpy.py, the NumPy peer tools/bench.py --mc times the Monte Carlo
# against (no test needs it).
# The portal (assess serve): libmicrohttpd (HTTP, with GnuTLS for --tls-cert), SQLite (its
# state), libsodium (password hashes, tokens); its browser test drives Debian's chromium
# through chromium-driver and python3-selenium; its TLS test makes a certificate with openssl.
packages=(gcc make cmake pkg-config libyaml-dev libxlsxwriter-dev zlib1g-dev libgsl-dev
          libzip-dev libexpat1-dev libssl-dev libcriterion-dev python3 python3-openpyxl
          python3-yaml libreoffice-calc-nogui clang-format clang libclang-rt-dev
          libmicrohttpd-dev libsqlite3-dev libsodium-dev chromium chromium-driver
          python3-selenium openssl python3-numpy
          dpkg-dev file groff-base gettext)  # cpack -G DEB computes dependencies; the man page is checked

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
# Everything goes to stderr: callers' stdout carries only assess's output.
{
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
} >&2
