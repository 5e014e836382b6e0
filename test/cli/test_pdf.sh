#!/bin/sh
# test_pdf.sh MAJLIS_BINARY: `majlis export pdf`, the record of a sitting as
# a print-ready PDF, checked with poppler's pdfinfo and pdftotext:
#   - refused, with a reason and no file, before any edition is published,
#     and for bad arguments;
#   - an A4 file with pages, its metadata, and every speech of the edition:
#     each speech's words in order, every speaker's name, the running header
#     with "page n of m" on every page;
#   - an Arabic word comes out of pdftotext in logical order (what a reader
#     copies or a search engine indexes), not letter-reversed;
#   - --edition picks an edition, --lang the page strings.
# pdftotext does not keep spaces faithfully inside Arabic lines (it guesses
# word breaks from glyph gaps), so the text is compared with white space and
# bidirectional marks removed, word by word in reading order.
# TAP lines on stdout. Run from the repository root.
set -u
M=${1:?usage: test/cli/test_pdf.sh MAJLIS_BINARY}
case "$M" in /*) ;; *) M="$(pwd)/$M" ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/majlis-pdf.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; [ $# -gt 1 ] && [ -n "$2" ] && echo "$2" | head -n 8 | sed 's/^/#   /'; }
check() { if eval "$2"; then ok "$1"; else no "$1" "${3:-}"; fi; }
q() { sqlite3 "$T/d.db" "$1"; }

if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
  echo "not ok - pdftotext and pdfinfo (poppler-utils) are needed: run tools/deps.sh check"
  exit 0
fi
if ! "$M" demo --db "$T/d.db" --date 2026-11-23 >"$T/demo.out" 2>&1; then
  no "demo database" "$(cat "$T/demo.out")"
  exit 0
fi
S=$(q "SELECT s.id FROM sitting s WHERE s.status='closed' AND (SELECT count(*) FROM speech p WHERE p.sitting_id=s.id) >= 20
       AND NOT EXISTS (SELECT 1 FROM record r WHERE r.sitting_id=s.id) ORDER BY s.id LIMIT 1")
check "a closed sitting with speeches" '[ -n "$S" ]'

# ---- refused before publication, and bad arguments ----
out=$("$M" export pdf --sitting "$S" -o "$T/none.pdf" --db "$T/d.db" 2>&1)
rc=$?
check "no edition: refused with a reason" '[ $rc -ne 0 ] && echo "$out" | grep -q "no published edition" && [ ! -e "$T/none.pdf" ]' "$out"
for bad in "--sitting abc" "--sitting 0" "--sitting 99999" "--sitting $S --edition x" "--sitting $S --lang fr" ""; do
  # shellcheck disable=SC2086
  out=$("$M" export pdf $bad -o "$T/bad.pdf" --db "$T/d.db" 2>&1)
  rc=$?
  check "refused: export pdf $bad" '[ $rc -ne 0 ] && [ -n "$out" ] && [ ! -e "$T/bad.pdf" ]' "$out"
done
out=$("$M" export pdf --sitting "$S" --db "$T/d.db" 2>&1)
check "refused without -o" '[ $? -ne 0 ] && echo "$out" | grep -q -- "-o FILE"' "$out"

# ---- publish edition 1 through the Hansard workflow ----
out=$("$M" hansard certify --sitting "$S" --db "$T/d.db" 2>&1) &&
  out2=$("$M" hansard publish --sitting "$S" --kind provisional --db "$T/d.db" 2>&1)
check "edition 1 published" '[ $? -eq 0 ]' "$out ${out2:-}"

out=$("$M" export pdf --sitting "$S" -o "$T/r.pdf" --db "$T/d.db" 2>"$T/err")
rc=$?
check "export pdf writes the file" '[ $rc -eq 0 ] && [ -s "$T/r.pdf" ] && echo "$out" | grep -q "pages"' "$out $(cat "$T/err")"
check "the font is Amiri (no fallback warning)" '! grep -q "warning" "$T/err" && echo "$out" | grep -q "font Amiri"' "$(cat "$T/err")"
pdfinfo "$T/r.pdf" >"$T/info" 2>&1
pages=$(sed -n 's/^Pages: *\([0-9]*\)$/\1/p' "$T/info")
check "pdfinfo reads it: pages > 0" '[ -n "$pages" ] && [ "$pages" -gt 0 ]' "$(cat "$T/info")"
check "A4 pages" 'grep -q "^Page size: *595.27[0-9]* x 841.8[0-9]* pts (A4)" "$T/info"' "$(cat "$T/info")"
check "metadata: title and creation date of the edition" \
  'grep -q "^Title: *الجلسة" "$T/info" && grep -q "^Creator: *Majlis" "$T/info" && grep -q "^CreationDate:" "$T/info"' "$(cat "$T/info")"

pdftotext -enc UTF-8 "$T/r.pdf" "$T/r.txt"
# white space, form feeds and the bidirectional marks pdftotext adds, removed;
# and the Arabic vowel marks (harakat), which pdftotext gives back beside
# their letter rather than after it (the PDF maps every mark glyph to its
# character; the extractor orders them by position)
marks() { LC_ALL=C sed -e 's/\xd9[\x8b-\x92]//g' -e 's/\xd9\xb0//g'; }
norm() { LC_ALL=C sed -e 's/\xe2\x80[\x8e\x8f\xaa-\xae]//g' -e 's/\xe2\x81[\xa6-\xa9]//g' | marks | LC_ALL=C tr -d ' \t\r\n\f'; }
norm <"$T/r.txt" >"$T/flat"

# the published text of the edition, one speech a line (paragraphs joined)
q "SELECT replace(json_extract(j.value,'$.text'), char(10), ' ') FROM edition e, json_each(e.content,'$.speeches') j
   WHERE e.sitting_id=$S AND e.number=1 ORDER BY json_extract(j.value,'$.position')" | marks >"$T/speeches"
n=$(wc -l <"$T/speeches")
# each speech's words, punctuation stripped, found in order in the extracted text
LC_ALL=C awk -v flatfile="$T/flat" '
  BEGIN { getline flat < flatfile; pos = 1; bad = 0; words = 0 }
  {
    n = split($0, w, /[ \t]+/)
    for (i = 1; i <= n; i++) {
      x = w[i]
      gsub(/[][()!"#$%&*+,.\/:;<=>?@\\^_`{|}~-]/, "", x)
      gsub(/\xd8\x8c|\xd8\x9b|\xd8\x9f|\xc2\xab|\xc2\xbb|\xe2\x80\x9c|\xe2\x80\x9d/, "", x)
      if (x == "") continue
      words++
      k = index(substr(flat, pos), x)
      if (!k) { if (bad < 5) printf "speech %d: \"%s\" not found after offset %d\n", NR, x, pos; bad++; continue }
      pos += k + length(x) - 1
    }
  }
  END { printf "%d words, %d missing\n", words, bad; exit bad > 0 }' "$T/speeches" >"$T/words" 2>&1
check "the words of all $n speeches, in reading order" '[ $? -eq 0 ] && [ "$n" -ge 20 ]' "$(cat "$T/words")"
grep -q " 0 missing" "$T/words" && echo "# $(tail -n 1 "$T/words")"

# every speaker, as printed (the person's Arabic name, else the label)
q "SELECT DISTINCT coalesce(json_extract(j.value,'$.person.name'), json_extract(j.value,'$.label'))
   FROM edition e, json_each(e.content,'$.speeches') j WHERE e.sitting_id=$S AND e.number=1" | grep -v '^$' >"$T/speakers"
missing=""
while IFS= read -r who; do
  f=$(printf '%s' "$who" | norm)
  grep -qF -- "$f" "$T/flat" || missing="$missing [$who]"
done <"$T/speakers"
check "every speaker's name ($(wc -l <"$T/speakers") speakers)" '[ -s "$T/speakers" ] && [ -z "$missing" ]' "missing:$missing"

# the running header on every page: "الصفحة n من m"
hdr=0
i=1
while [ "$i" -le "${pages:-0}" ]; do
  pdftotext -f "$i" -l "$i" -enc UTF-8 "$T/r.pdf" - | norm | grep -q "الصفحة${i}من${pages}\|الصفحة${pages}من${i}" && hdr=$((hdr + 1))
  i=$((i + 1))
done
check "page n of m on every page ($hdr of $pages)" '[ "$hdr" -eq "${pages:-0}" ] && [ "$hdr" -gt 0 ]'

# logical order: a word pdftotext gives back as written, spaces kept
word=$(grep -o "الرئيس\|المجلس\|الجلسة" "$T/speeches" | head -n 1)
rev=$(printf '%s' "$word" | LC_ALL=C.UTF-8 awk '{ s = ""; for (i = length($0); i > 0; i--) s = s substr($0, i, 1); print s }')
check "an Arabic word ($word) extracted in logical order" \
  '[ -n "$word" ] && grep -q -- "$word" "$T/r.txt" && ! grep -q -- "$rev" "$T/r.txt"'

# ---- editions and languages ----
out=$("$M" export pdf --sitting "$S" --edition 2 -o "$T/e2.pdf" --db "$T/d.db" 2>&1)
check "--edition 2 before it exists: refused" '[ $? -ne 0 ] && echo "$out" | grep -q "no edition 2" && [ ! -e "$T/e2.pdf" ]' "$out"
"$M" export pdf --sitting "$S" --edition 1 -o "$T/e1.pdf" --db "$T/d.db" >/dev/null 2>&1
check "--edition 1 gives the same file as the latest (same edition)" 'cmp -s "$T/e1.pdf" "$T/r.pdf"'
"$M" export pdf --sitting "$S" --lang en -o "$T/en.pdf" --db "$T/d.db" >/dev/null 2>&1
pdftotext -enc UTF-8 "$T/en.pdf" - | norm >"$T/en.flat"
check "--lang en: English page strings" 'grep -q "Page1of" "$T/en.flat" && grep -q "Provisionaledition1" "$T/en.flat"'
check "stdout: -o -" '"$M" export pdf --sitting "$S" -o - --db "$T/d.db" 2>/dev/null | head -c 5 | grep -q "%PDF-"'
