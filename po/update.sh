#!/usr/bin/env bash
# Regenerate po/assess.pot from the sources and merge it into every po/<lang>.po
# (new messages arrive untranslated, changed ones fuzzy: translate them, then
# build; tests/e2e/i18n.sh fails while any message is untranslated or fuzzy).
# Needs xgettext and msgmerge (Debian package gettext).
set -euo pipefail
cd "$(dirname "$0")/.."
po/messages.sh >po/assess.pot
while read -r lang; do
    case $lang in '#'* | '') continue ;; esac
    msgmerge --quiet --update --backup=none --no-fuzzy-matching "po/$lang.po" po/assess.pot
done <po/LINGUAS
