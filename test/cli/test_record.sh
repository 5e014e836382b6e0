#!/bin/sh
# test_record.sh MAJLIS_BINARY: the Hansard record formats from the command
# line: majlis import akn|parlamint|parlparse and majlis export
# akn|parlamint. The project's own fixtures (test/fixtures/record) always
# run; the shared data (the OASIS Kenya debate and the 2016 drafts, the
# not-namespaced Malaysian files, ParlaMint-TR, a UK ParlParse week) runs
# when present, else '# skip: ...'. Round trips: import, export AKN,
# validate with xmllint against the OASIS schema, import the export into a
# fresh database and compare speeches, speakers and paragraphs (counts and
# texts). TAP lines on stdout. Run from the repository root.
set -u
M=${1:?usage: test/cli/test_record.sh MAJLIS_BINARY}
case "$M" in /*) ;; *) M="$(pwd)/$M" ;; esac
ROOT=$(pwd)
DATA=${MAJLIS_DATA:-$ROOT/../shared/data}
export MAJLIS_DATA="$DATA"
FX="$ROOT/test/fixtures/record"
XSD="$DATA/akoma-ntoso/schema/akomantoso30.xsd"
T=$(mktemp -d "${TMPDIR:-/tmp}/majlis-record.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; [ $# -gt 1 ] && echo "#   $(echo "$2" | head -c 600)"; }
check() { if eval "$2"; then ok "$1"; else no "$1" "${3:-}"; fi; }
q() { sqlite3 "$1" "$2"; }
newdb() { rm -f "$1" "$1-wal" "$1-shm"; "$M" init --db "$1" >/dev/null; }
# What a round trip must keep, per sitting: each speech in order with its
# kind, speaker, role, printed label and text (paragraphs are its lines).
record() {
  q "$1" "select s.kind, coalesce(p.name_ar,''), coalesce(s.role,''), coalesce(s.label,''), s.text from speech s
          left join person p on p.id=s.person_id where s.sitting_id=$2 order by s.position" | md5sum | cut -c1-32
}
counts() {
  q "$1" "select count(*), count(distinct person_id), coalesce(sum(length(text)-length(replace(text,char(10),''))+1),0)
          from speech where sitting_id=$2"
}
xsd_ok() { [ -r "$XSD" ] && xmllint --noout --schema "$XSD" "$1" >/dev/null 2>&1; }

# ---- fixtures: AKN ----
newdb "$T/f.db"
out=$("$M" import akn "$FX/akn_debate.xml" --db "$T/f.db" 2>&1)
rc=$?
check "akn fixture imports with its counts" '[ $rc -eq 0 ] && echo "$out" | grep -q "3 sections, 5 speeches, 2 speakers (2 new persons)"' "$out"
out=$("$M" import akn "$FX/akn_debate.xml" --db "$T/f.db" 2>&1)
check "akn fixture again: nothing changes" 'echo "$out" | grep -q "already imported" && [ "$(q "$T/f.db" "select count(*) from speech")" = 5 ] && [ "$(q "$T/f.db" "select count(*) from person")" = 2 ]' "$out"
out=$("$M" import akn "$FX/akn_wd17.xml" --db "$T/f.db" 2>&1)
check "2016 draft namespace accepted; same speakers matched" '[ $? -eq 0 ] && [ "$(q "$T/f.db" "select count(*) from sitting")" = 2 ] && [ "$(q "$T/f.db" "select count(*) from person")" = 2 ]' "$out"
out=$("$M" import akn "$FX/akn_act.xml" --db "$T/f.db" 2>&1)
rc=$?
check "a non-debate document is refused with file, line and reason" '[ $rc -ne 0 ] && echo "$out" | grep -q "akn_act.xml:3: this is an Akoma Ntoso <act>, not a <debate>"' "$out"
out=$("$M" import akn "$FX/akn_malformed.xml" --db "$T/f.db" 2>&1)
rc=$?
check "malformed XML is refused with its line" '[ $rc -ne 0 ] && echo "$out" | grep -q "akn_malformed.xml:6: not well-formed XML" && [ "$(q "$T/f.db" "select count(*) from sitting")" = 2 ]' "$out"
out=$("$M" import akn "$FX/akn_nonamespace.xml" --db "$T/f.db" 2>&1)
rc=$?
check "no namespace and no date: refused, asks for --date" '[ $rc -ne 0 ] && echo "$out" | grep -q -- "--date"' "$out"
out=$("$M" import akn "$FX/akn_nonamespace.xml" --date 2020-07-15 --body 1 --db "$T/f.db" 2>&1)
check "no namespace with --date: read leniently" '[ $? -eq 0 ] && echo "$out" | grep -q "no Akoma Ntoso namespace" && [ "$(q "$T/f.db" "select count(*) from sitting where date=\"2020-07-15\"")" = 1 ]' "$out"
out=$("$M" export akn --sitting 1 --db "$T/f.db" -o "$T/f1.xml" 2>&1)
check "export akn writes the sitting" '[ $? -eq 0 ] && grep -q "<debateBody>" "$T/f1.xml" && grep -q "رئيس المجلس" "$T/f1.xml"' "$out"
out=$("$M" export parlamint --sitting 1 --db "$T/f.db" -o "$T/f1.tei.xml" 2>&1)
check "export parlamint writes a checked TEI document" '[ $? -eq 0 ] && grep -q "<listPerson>" "$T/f1.tei.xml" && [ "$(grep -c "<u " "$T/f1.tei.xml")" = 3 ]' "$out"
out=$("$M" export akn --sitting 99 --db "$T/f.db" 2>&1)
check "export of a missing sitting: clear error" '[ $? -ne 0 ] && echo "$out" | grep -q "no sitting 99"' "$out"
out=$("$M" export akn --db "$T/f.db" 2>&1)
check "export without --sitting: clear error" '[ $? -ne 0 ] && echo "$out" | grep -q -- "--sitting ID"' "$out"

# ---- fixtures: ParlParse and TEI ----
newdb "$T/p.db"
out=$("$M" import parlparse "$FX/pp_debates2009-10-26a.xml" "$FX/pp_debates2009-10-26b.xml" "$FX/divisions2009-10-26b.xml" --db "$T/p.db" 2>&1)
rc=$?
check "parlparse: latest only, divisions merged, votes counted" '[ $rc -eq 0 ] && echo "$out" | grep -q "1 skipped, 0 failed" && [ "$(q "$T/p.db" "select count(*) from vote_event")" = 2 ] && [ "$(q "$T/p.db" "select count(*) from ballot")" = 8 ] && [ "$(q "$T/p.db" "select count(*) from speech")" = 3 ]' "$out"
check "parlparse: malformed time repaired with a warning" 'echo "$out" | grep -q "malformed time \"015:47:00\" read as 15:47:00" && [ "$(q "$T/p.db" "select count(*) from speech where start_time=\"15:47:00\"")" = 1 ]' "$out"
out=$("$M" check --db "$T/p.db" 2>&1)
check "parlparse: majlis check passes after the import (persons with identifiers)" '[ $? -eq 0 ] && [ "$(q "$T/p.db" "select count(*) from person_identifier")" -gt 0 ]' "$out"
check "parlparse: ISO-8859-1 and entities decoded" '[ "$(q "$T/p.db" "select heading from record_section where parent_id is null")" = "Café Licensing" ] && q "$T/p.db" "select text from speech" | grep -q "£5 a year"' "$out"
out=$("$M" import parlparse "$FX/pp_undeclared_entity.xml" --db "$T/p.db" 2>&1)
check "parlparse: an undeclared entity is refused with its line" '[ $? -ne 0 ] && echo "$out" | grep -q "pp_undeclared_entity.xml:11:"' "$out"
newdb "$T/t.db"
out=$("$M" import parlamint "$FX/tei_corpus.xml" --db "$T/t.db" 2>&1)
check "parlamint: corpus root, its persons and its included sitting" '[ $? -eq 0 ] && [ "$(q "$T/t.db" "select count(*) from person_identifier where scheme=\"parlamint\"")" = 2 ] && [ "$(q "$T/t.db" "select count(*) from speech")" = 6 ] && echo "$out" | grep -q "tei_missing_sitting.xml is not there"' "$out"
check "parlamint: utterances attributed to the corpus persons" '[ "$(q "$T/t.db" "select count(*) from speech s join person p on p.id=s.person_id where p.name_ar=\"Ayşe Yılmaz\"")" = 1 ]'

# ---- shared data ----
KE="$DATA/akoma-ntoso/examples/ke_Debate_Bungeni_2011-06-10.an.xml"
if [ -r "$KE" ] && [ -r "$XSD" ]; then
  newdb "$T/k.db"
  out=$("$M" import akn "$KE" --db "$T/k.db" 2>&1)
  check "Kenya debate imports" '[ $? -eq 0 ] && echo "$out" | grep -q "20 sections, 24 speeches, 6 speakers"' "$out"
  out=$("$M" import akn "$KE" --db "$T/k.db" 2>&1)
  check "Kenya debate twice: no change" 'echo "$out" | grep -q "already imported" && [ "$(q "$T/k.db" "select count(*) from speech")" = 24 ]' "$out"
  out=$("$M" export akn --sitting 1 --db "$T/k.db" -o "$T/k.xml" --validate 2>&1)
  check "Kenya: export validates (majlis --validate)" '[ $? -eq 0 ] && echo "$out" | grep -q validated' "$out"
  check "Kenya: export validates (xmllint --schema)" 'xsd_ok "$T/k.xml"' "$(xmllint --noout --schema "$XSD" "$T/k.xml" 2>&1 | tail -3)"
  newdb "$T/k2.db"
  out=$("$M" import akn "$T/k.xml" --db "$T/k2.db" 2>&1)
  check "Kenya: the export re-imports" '[ $? -eq 0 ]' "$out"
  check "Kenya round trip: speeches, speakers, paragraphs" '[ "$(counts "$T/k.db" 1)" = "$(counts "$T/k2.db" 1)" ] && [ "$(counts "$T/k.db" 1)" = "24|6|29" ]' "$(counts "$T/k.db" 1) vs $(counts "$T/k2.db" 1)"
  check "Kenya round trip: texts, kinds, speakers, roles, labels" '[ "$(record "$T/k.db" 1)" = "$(record "$T/k2.db" 1)" ]'
  check "Kenya round trip: sections" '[ "$(q "$T/k.db" "select group_concat(name||\":\"||coalesce(heading,\"\"),\"|\") from record_section")" = "$(q "$T/k2.db" "select group_concat(name||\":\"||coalesce(heading,\"\"),\"|\") from record_section")" ]'
  WD="$DATA/akoma-ntoso/examples-draft-2016/ke_Debate_Bungeni_2011-06-10.xml"
  newdb "$T/wd.db"
  out=$("$M" import akn "$WD" --db "$T/wd.db" 2>&1)
  check "Kenya 2016 draft (WD17 namespace) imports the same record" '[ $? -eq 0 ] && [ "$(counts "$T/wd.db" 1)" = "24|6|29" ]' "$out"
  out=$("$M" import akn "$WD" --db "$T/k.db" 2>&1)
  check "another version of an imported debate: refused, --replace named" '[ $? -ne 0 ] && echo "$out" | grep -q -- "--replace"' "$out"
  for f in "$DATA"/akoma-ntoso/examples-draft-2016/*.xml; do
    case "$f" in *ke_Debate*) continue ;; esac
    out=$("$M" import akn "$f" --db "$T/wd.db" 2>&1)
    rc=$?
    check "non-debate $(basename "$f") refused with a clear message" '[ $rc -eq 2 ] && echo "$out" | grep -q "not a <debate>"' "$out"
  done
  # The Malaysian converter's files: a debate without namespace, date or
  # chamber is read leniently when --date and --body say what it lacks; a
  # file whose root is not akomaNtoso is refused; never a crash.
  for f in "$DATA"/akoma-ntoso/not-namespaced/*.xml; do
    b=$(basename "$f")
    out=$("$M" import akn "$f" --db "$T/wd.db" 2>&1)
    rc=$?
    if grep -q '<akomaNtoso' "$f"; then
      check "not-namespaced $b: clear refusal without --date" '[ $rc -eq 2 ] && echo "$out" | grep -q "$b:[0-9]*: no sitting date"' "$out"
      out=$("$M" import akn "$f" --date 2020-07-15 --db "$T/wd.db" 2>&1)
      check "not-namespaced $b: without a chamber, --body is asked for" '[ $? -eq 2 ] && echo "$out" | grep -q -- "--body ID"' "$out"
      out=$("$M" import akn "$f" --date 2020-07-15 --body 1 --db "$T/wd.db" 2>&1)
      rc=$?
      n=$(grep -c '<speech\|<question\|<answer' "$f")
      check "not-namespaced $b: lenient import with --date --body keeps its $n speeches" '[ $rc -eq 0 ] && [ "$(q "$T/wd.db" "select count(*) from speech where sitting_id=(select max(id) from sitting) and kind in (\"speech\",\"question\",\"answer\")")" = "$n" ]' "$out"
    else
      check "not-namespaced $b (root $(grep -o '<[a-zA-Z]*' "$f" | sed -n 2p)): refused, not crashed" '[ $rc -eq 2 ] && echo "$out" | grep -q "$b:[0-9]*: the root element is"' "$out"
    fi
  done
  sid=$(q "$T/wd.db" "select max(id) from sitting")
  out=$("$M" export akn --sitting "$sid" --db "$T/wd.db" -o "$T/my.xml" 2>&1)
  check "a leniently imported sitting exports valid AKN" 'xsd_ok "$T/my.xml"' "$out"
else
  echo "# skip: the OASIS Kenya debate or the AKN schema is not in $DATA (set MAJLIS_DATA)"
fi

TR="$DATA/parlamint-tr"
if [ -r "$TR/ParlaMint-TR.xml" ] && [ -r "$XSD" ]; then
  newdb "$T/tr.db"
  out=$("$M" import parlamint "$TR/ParlaMint-TR.xml" --db "$T/tr.db" 2>&1)
  check "ParlaMint-TR: corpus and both sittings import" '[ $? -eq 0 ] && [ "$(q "$T/tr.db" "select count(*) from sitting")" = 2 ] && [ "$(q "$T/tr.db" "select count(*) from person")" = 164 ]' "$out"
  u1=$(grep -c '<u ' "$TR/ParlaMint-TR_T27-tbmm-2018-07-07.xml")
  s1=$(grep -c '<seg' "$TR/ParlaMint-TR_T27-tbmm-2018-07-07.xml")
  check "ParlaMint-TR: every utterance and segment of 2018-07-07 ($u1, $s1)" '[ "$(q "$T/tr.db" "select count(*), sum(length(text)-length(replace(text,char(10),\"\"))+1) from speech where sitting_id=1 and kind=\"speech\"")" = "$u1|$s1" ]'
  out=$("$M" import parlamint "$TR/ParlaMint-TR.xml" "$TR/ParlaMint-TR_T27-tbmm-2020-05-27.xml" --db "$T/tr.db" 2>&1)
  check "ParlaMint-TR again: no change" '[ $? -eq 0 ] && echo "$out" | grep -q "0 sittings added, 2 unchanged" && [ "$(q "$T/tr.db" "select count(*) from speech")" = "$(q "$T/tr.db" "select count(*) from speech")" ] && [ "$(q "$T/tr.db" "select count(*) from membership")" = 685 ]' "$out"
  for s in 1 2; do
    out=$("$M" export akn --sitting $s --db "$T/tr.db" -o "$T/tr$s.xml" --validate 2>&1)
    check "ParlaMint-TR sitting $s: AKN export validates" '[ $? -eq 0 ] && xsd_ok "$T/tr$s.xml"' "$out"
    out=$("$M" export parlamint --sitting $s --db "$T/tr.db" -o "$T/tr$s.tei.xml" 2>&1)
    check "ParlaMint-TR sitting $s: TEI export passes its checks" '[ $? -eq 0 ]' "$out"
    newdb "$T/trr$s.db"
    out=$("$M" import akn "$T/tr$s.xml" --db "$T/trr$s.db" 2>&1)
    check "ParlaMint-TR sitting $s round trip: speeches, speakers, paragraphs" '[ "$(counts "$T/tr.db" $s)" = "$(counts "$T/trr$s.db" 1)" ]' "$(counts "$T/tr.db" $s) vs $(counts "$T/trr$s.db" 1) $out"
    check "ParlaMint-TR sitting $s round trip: texts, kinds, speakers, labels" '[ "$(record "$T/tr.db" $s)" = "$(record "$T/trr$s.db" 1)" ]'
    newdb "$T/trt$s.db"
    out=$("$M" import parlamint "$T/tr$s.tei.xml" --db "$T/trt$s.db" 2>&1)
    check "ParlaMint-TR sitting $s: our TEI re-imports with the same utterances" '[ "$(q "$T/tr.db" "select count(*) from speech where sitting_id=$s and kind=\"speech\"")" = "$(q "$T/trt$s.db" "select count(*) from speech where kind=\"speech\"")" ]' "$out"
  done
  check "ParlaMint-TR: the 2018-07-07 export has $u1 utterances" '[ "$(grep -c "<u " "$T/tr1.tei.xml")" = "$u1" ]'
else
  echo "# skip: ParlaMint-TR or the AKN schema is not in $DATA (set MAJLIS_DATA)"
fi

UK="$DATA/uk-hansard-parlparse/parldata/scrapedxml"
if [ -d "$UK/debates" ]; then
  newdb "$T/uk.db"
  out=$("$M" import parlparse "$UK/debates" "$UK/divisionsonly" "$UK/lordsdivisionsonly" --db "$T/uk.db" 2>"$T/uk.err")
  rc=$?
  err=$(cat "$T/uk.err")
  latest=$(grep -l 'latest="yes"' "$UK"/debates/*.xml "$UK"/divisionsonly/*.xml "$UK"/lordsdivisionsonly/*.xml)
  notlatest=$(grep -L 'latest="yes"' "$UK"/debates/*.xml "$UK"/divisionsonly/*.xml "$UK"/lordsdivisionsonly/*.xml | wc -l)
  # every named vote of every division, once (divisions-only files repeat the debates')
  divs=$(for f in $latest; do grep -o '<division [^>]*' "$f" | grep -o ' id="[^"]*"'; done | sort -u | wc -l)
  votes=$(for f in $(grep -l 'latest="yes"' "$UK"/debates/*.xml "$UK"/lordsdivisionsonly/*.xml); do grep -c '<mpname\|<lord ' "$f"; done | awk '{s+=$1} END {print s}')
  check "UK week: imports, only latest=\"yes\" files ($notlatest others skipped)" '[ $rc -eq 0 ] && echo "$out" | grep -q "$notlatest skipped, 0 failed"' "$out $err"
  check "UK week: every division ($divs)" '[ "$(q "$T/uk.db" "select count(*) from vote_event")" = "$divs" ]'
  check "UK week: every named vote ($votes)" '[ "$(q "$T/uk.db" "select count(*) from ballot")" = "$votes" ]'
  ayes=$(for f in $(grep -l 'latest="yes"' "$UK"/debates/*.xml "$UK"/lordsdivisionsonly/*.xml); do grep -c 'vote="aye"\|vote="content"' "$f"; done | awk '{s+=$1} END {print s}')
  lists=$(for f in $(grep -l 'latest="yes"' "$UK"/debates/*.xml "$UK"/lordsdivisionsonly/*.xml); do grep -c '<mplist vote="aye"\|<lordlist vote="content"' "$f"; done | awk '{s+=$1} END {print s}')
  check "UK week: ayes and contents as yes ($((ayes - lists)))" '[ "$(q "$T/uk.db" "select count(*) from ballot where option=\"yes\"")" = "$((ayes - lists))" ]'
  out=$("$M" check --db "$T/uk.db" 2>&1)
  check "UK week: majlis check passes after the import" '[ $? -eq 0 ] && echo "$out" | grep -q "check passed"' "$out"
  check "UK week: the malformed time 015:47:00 repaired" 'echo "$err" | grep -q "malformed time \"015:47:00\" read as 15:47:00"' "$err"
  sp=$(q "$T/uk.db" "select count(*) from speech")
  out=$("$M" import parlparse "$UK/debates" "$UK/divisionsonly" "$UK/lordsdivisionsonly" --db "$T/uk.db" 2>&1)
  check "UK week again: nothing duplicated" '[ "$(q "$T/uk.db" "select count(*) from speech")" = "$sp" ] && [ "$(q "$T/uk.db" "select count(*) from ballot")" = "$votes" ] && [ "$(q "$T/uk.db" "select count(*) from sitting")" = 8 ]' "$out"
  out=$("$M" export akn --sitting 3 --db "$T/uk.db" -o "$T/uk3.xml" 2>&1)
  check "UK sitting exports valid AKN" '[ $? -eq 0 ] && { [ ! -r "$XSD" ] || xsd_ok "$T/uk3.xml"; }' "$out"
else
  echo "# skip: the UK ParlParse week is not in $DATA (set MAJLIS_DATA)"
fi
