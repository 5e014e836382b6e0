#!/bin/sh
# test_po.sh: every interface string the code translates (T(r, "...") and the
# role titles) has a non-empty translation in ar.po and az.po, and every .po
# file compiles with msgfmt --check.
cd "$(dirname "$0")/../.." || exit 1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
{ grep -rhoE 'T\(r, "[^"]*"\)' src | sed -E 's/T\(r, "(.*)"\)/\1/'
  sed -n 's/^  {"[a-z_]*", "\([^"]*\)", .*/\1/p' src/domain/user.c; } | sort -u > "$T/ids"
n=$(wc -l < "$T/ids")
[ "$n" -gt 100 ] && echo "ok - found $n interface strings" || echo "not ok - found only $n interface strings"
# A language's catalogue: assets/po/LANG.po and the fragments assets/po/*/LANG.po
# (merged as the build merges them).
for l in ar az en; do
  # shellcheck disable=SC2086
  msgcat --use-first --no-wrap -o "$T/$l.po" "assets/po/$l.po" $(ls assets/po/*/$l.po 2>/dev/null) 2>"$T/err" \
    || { echo "not ok - $l fragments merge"; sed 's/^/#   /' "$T/err"; }
done
for l in ar az; do
  msgfmt --check -o /dev/null "$T/$l.po" 2>"$T/err" && echo "ok - $l.po compiles" || { echo "not ok - $l.po compiles"; sed 's/^/#   /' "$T/err"; }
  # msgid and msgstr of each entry, one per line: "id<TAB>str"
  awk '/^msgid "/{id=substr($0,8,length($0)-8)} /^msgstr "/{print id "\t" substr($0,9,length($0)-9)}' "$T/$l.po" > "$T/$l"
  missing=0
  while IFS= read -r id; do
    str=$(awk -F '\t' -v k="$id" '$1==k{print $2; exit}' "$T/$l")
    if [ -z "$str" ]; then missing=$((missing+1)); echo "#   $l lacks: $id"; fi
  done < "$T/ids"
  [ $missing -eq 0 ] && echo "ok - every string is translated in $l" || echo "not ok - $missing strings untranslated in $l"
done
msgfmt --check -o /dev/null "$T/en.po" && echo "ok - en.po compiles" || echo "not ok - en.po compiles"
