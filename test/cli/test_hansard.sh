#!/bin/sh
# test_hansard.sh MAJLIS_BINARY: the electronic Hansard from the command line,
# end to end, on a demo parliament: speech-recognition segments imported from
# the fixture files in test/fixtures/hansard/ (WebVTT, SRT, whisper.cpp JSON,
# a plain JSON list) with speakers proposed from the speakers' list; bad files
# refused with file and line and nothing changed; re-import changing nothing;
# takes assigned in rotation; status; an edit with a stale version refused;
# certification refused with its reasons; publishing an uncertified record
# refused; then the record cleared, certified, published (provisional, a
# diacritics correction, final), compared, exported as WebVTT and Popolo.
# TAP lines on stdout. Run from the repository root.
set -u
M=${1:?usage: test/cli/test_hansard.sh MAJLIS_BINARY}
case "$M" in /*) ;; *) M="$(pwd)/$M" ;; esac
FX=$(pwd)/test/fixtures/hansard
T=$(mktemp -d "${TMPDIR:-/tmp}/majlis-hansard.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; [ $# -gt 1 ] && printf '#   %s\n' "$2" | head -20; }
check() { if eval "$2"; then ok "$1"; else no "$1" "${3:-}"; fi; }
D="$T/h.db"
q() { sqlite3 "$D" "$1"; }

"$M" demo --db "$D" --date 2026-11-23 >/dev/null 2>&1 || { no "demo"; exit 0; }
# next week's sitting: scheduled, no record yet
S=$(q "select id from sitting where status='scheduled' order by date desc limit 1")
ITEM=$(q "select id from agenda_item where sitting_id=$S order by position limit 1")
P1=$(q "select min(id) from person")
P2=$(q "select min(id) from person where id>$P1")
# the speakers' list: P1 from 09:30:00 for a minute, P2 from 09:31:00 to 09:32:10 (UTC)
T0=$(q "select (strftime('%s', date || ' 09:30:00')) * 1000 from sitting where id=$S")
q "insert into speaker_request(agenda_item_id,person_id,position,status,requested_at,started_ms,ended_ms,seconds_limit)
   values($ITEM,$P1,1,'done','x',$T0,$T0+60000,300),($ITEM,$P2,2,'done','x',$T0+60000,$T0+130000,300)"
DATE=$(q "select date from sitting where id=$S")
out=$("$M" hansard configure --sitting $S --media-start "${DATE}T09:30:00Z" --db "$D" 2>&1)
check "configure: the recording starts at 09:30" 'echo "$out" | grep -q "started ${DATE}T09:30:00Z"' "$out"

# ---- import ----
out=$("$M" import segments "$FX/sitting.vtt" --sitting $S --engine whisper.cpp --engine-version 1.7.4 --db "$D" 2>&1)
rc=$?
check "WebVTT import: counts printed" '[ $rc -eq 0 ] && echo "$out" | grep -q "segments: 5 new" && echo "$out" | grep -q "^speeches: 3$" && echo "$out" | grep -q "^takes: 2 new$" && echo "$out" | grep -q "^flags: 2$"' "$out"
check "speakers proposed from the speakers' list" '[ "$(q "select group_concat(coalesce(person_id,0) || attribution, \" \") from (select * from speech where sitting_id=$S order by position)")" = "${P1}proposed ${P2}proposed 0proposed" ]' "$(q "select person_id, attribution from speech where sitting_id=$S")"
check "AI provenance kept: engine, version, confidence-free VTT, draft text" '[ "$(q "select count(*) from speech where sitting_id=$S and source=\"asr\" and engine=\"whisper.cpp\" and engine_version=\"1.7.4\" and draft_text=text")" = 3 ]'
check "an overlap and an unknown speaker flagged" '[ "$(q "select group_concat(kind) from (select kind from record_flag where sitting_id=$S order by kind)")" = "attribution,overlap" ]'
before="$(q "select count(*) from asr_segment")|$(q "select count(*) from speech")|$(q "select count(*) from record_flag")|$(q "select count(*) from audit")"
out=$("$M" import segments "$FX/sitting.vtt" --sitting $S --engine whisper.cpp --db "$D" 2>&1)
after="$(q "select count(*) from asr_segment")|$(q "select count(*) from speech")|$(q "select count(*) from record_flag")|$(q "select count(*) from audit")"
check "the same file again: nothing changes" 'echo "$out" | grep -q "already imported" && [ "$before" = "$after" ]' "$out $before $after"
for f in bad_timing.vtt:6 bad_number.srt:5 bad_text.json:3; do
  file=${f%%:*}
  line=${f##*:}
  out=$("$M" import segments "$FX/$file" --sitting $S --db "$D" 2>&1)
  rc=$?
  after="$(q "select count(*) from asr_segment")|$(q "select count(*) from speech")|$(q "select count(*) from record_flag")|$(q "select count(*) from audit")"
  check "$file refused with its line ($line), nothing changed" '[ $rc -eq 2 ] && echo "$out" | grep -q "$file:$line: " && [ "$before" = "$after" ]' "$out"
done
out=$("$M" import segments "$FX/sitting.srt" --sitting $S --engine whisper.cpp --format srt --db "$D" 2>&1)
check "SRT import" 'echo "$out" | grep -q "segments: 3 new"' "$out"
out=$("$M" import segments "$FX/whisper.json" --sitting $S --engine whisper.cpp --db "$D" 2>&1)
check "whisper.cpp JSON import; token confidences give a low-confidence flag" 'echo "$out" | grep -q "segments: 2 new" && [ "$(q "select count(*) from record_flag where sitting_id=$S and kind=\"low_confidence\"")" = 1 ]' "$out"
out=$("$M" import segments "$FX/segments.json" --sitting $S --engine faster-whisper --engine-version 1.0.3 --db "$D" 2>&1)
check "plain JSON list import" 'echo "$out" | grep -q "segments: 3 new" && [ "$(q "select count(*) from asr_segment where sitting_id=$S and engine=\"faster-whisper\"")" = 3 ]' "$out"
out=$("$M" import segments "$FX/sitting.vtt" --db "$D" 2>&1)
check "import without --sitting refused" '[ $? -eq 2 ] && echo "$out" | grep -q "sitting"' "$out"

# ---- takes ----
out=$("$M" hansard assign --sitting $S --take-minutes 5 --reporters reporter1,reporter2 --db "$D" 2>&1)
check "assign: five-minute takes in rotation" 'echo "$out" | grep -q "3 takes" && [ "$(q "select group_concat(u.name) from (select reporter_id from take where sitting_id=$S order by number) t join user u on u.id=t.reporter_id")" = "reporter1,reporter2,reporter1" ]' "$out"
out=$("$M" hansard assign --sitting $S --reporters reporter1,nobody --db "$D" 2>&1)
check "assign to an unknown user refused" '[ $? -eq 2 ] && echo "$out" | grep -q "nobody"' "$out"
out=$("$M" hansard status --sitting $S --db "$D" 2>&1)
check "status: record, takes with reporters, open flags" 'echo "$out" | grep -q "record drafting" && echo "$out" | grep -q "take 2 .*reporter2 *draft" && echo "$out" | grep -q "open flags: 4"' "$out"

# ---- editing ----
SP=$(q "select id from speech where sitting_id=$S order by position limit 1")
out=$("$M" hansard edit $SP --version 1 --text "بسم الله الرحمن الرحيم. أفتتح الجلسة." --db "$D" 2>&1)
check "edit with the current version" 'echo "$out" | grep -q "version 2"' "$out"
out=$("$M" hansard edit $SP --version 1 --text "نص قديم" --db "$D" 2>&1)
check "edit with a stale version refused, naming who edited it" '[ $? -ne 0 ] && echo "$out" | grep -q "was changed by cli:" && [ "$(q "select text from speech where id=$SP")" = "بسم الله الرحمن الرحيم. أفتتح الجلسة." ]' "$out"
out=$("$M" hansard certify --sitting $S --db "$D" 2>&1)
check "certify refused with the reasons" '[ $? -ne 0 ] && echo "$out" | grep -q "cannot be certified yet" && echo "$out" | grep -q "open flags" && echo "$out" | grep -q "not reviewed" && echo "$out" | grep -q "proposed speaker"' "$out"
out=$("$M" hansard publish --sitting $S --kind provisional --db "$D" 2>&1)
check "an uncertified record cannot be published" '[ $? -ne 0 ] && echo "$out" | grep -q "uncertified" && [ "$(q "select count(*) from edition where sitting_id=$S")" = 0 ]' "$out"

# ---- clearing, certifying, publishing ----
for f in $(q "select id from record_flag where sitting_id=$S and status='open'"); do
  "$M" hansard resolve $f checked against the recording --db "$D" >/dev/null 2>&1 || no "resolve flag $f"
done
for s in $(q "select id from speech where sitting_id=$S and attribution='proposed'"); do
  p=$(q "select coalesce(person_id,'') from speech where id=$s")
  if [ -n "$p" ]; then "$M" hansard confirm $s --db "$D" >/dev/null 2>&1 || no "confirm $s"
  else "$M" hansard confirm $s --person $P1 --db "$D" >/dev/null 2>&1 || no "confirm $s"; fi
done
for t in $(q "select id from take where sitting_id=$S"); do
  "$M" hansard take $t reviewed --db "$D" >/dev/null 2>&1 || no "take $t reviewed"
done
out=$("$M" hansard review --sitting $S --hours 24 --db "$D" 2>&1)
check "member review opened" 'echo "$out" | grep -q "record member_review" && echo "$out" | grep -q "member review open until"' "$out"
out=$("$M" hansard certify --sitting $S --db "$D" 2>&1)
check "certify refused while the review window is open" '[ $? -ne 0 ] && echo "$out" | grep -q "member review is still open"' "$out"
"$M" hansard review --sitting $S --close --db "$D" >/dev/null 2>&1
out=$("$M" hansard certify --sitting $S --db "$D" 2>&1)
check "certify once everything is cleared" '[ $? -eq 0 ] && [ "$(q "select status from record where sitting_id=$S")" = certified ]' "$out"
out=$("$M" hansard publish --sitting $S --kind provisional --note "مؤقتة" --db "$D" 2>&1)
E1=$(q "select id from edition where sitting_id=$S and number=1")
check "provisional edition published with its sha256" 'echo "$out" | grep -q "published provisional edition 1" && [ "$(q "select length(sha256) from edition where id=$E1")" = 64 ]' "$out"
q "update edition set note='x' where id=$E1" 2>/dev/null
q "delete from edition where id=$E1" 2>/dev/null
check "a published edition cannot change (UPDATE and DELETE refused)" '[ "$(q "select coalesce(note,\"\") || count(*) from edition where id=$E1")" = "مؤقتة1" ]'
V=$(q "select version from speech where id=$SP")
"$M" hansard edit $SP --version $V --text "بسمِ الله الرحمن الرحيم. أفتتح الجلسة." --db "$D" >/dev/null 2>&1
check "a correction after the provisional edition reopens the record" '[ "$(q "select status from record where sitting_id=$S")" = drafting ]'
# AKN and TEI of a published record: its latest edition, not a correction made after it
for fmt in akn parlamint; do
  out=$("$M" export $fmt --sitting "$S" -o "$T/pub.$fmt" --db "$D" 2>&1)
  check "export $fmt after a correction: the provisional edition's text, not the correction" '[ $? -eq 0 ] && ! grep -q "بسمِ" "$T/pub.$fmt" && grep -q "بسم الله الرحمن الرحيم. أفتتح الجلسة." "$T/pub.$fmt"' "$out"
  out=$("$M" export $fmt --sitting "$S" --current -o "$T/cur.$fmt" --db "$D" 2>&1)
  check "export $fmt --current: the text as it stands now" '[ $? -eq 0 ] && grep -q "بسمِ الله" "$T/cur.$fmt"' "$out"
done
check "the AKN of the edition names its kind as the record's lifecycle event" 'grep -q "refersTo=\"#provisional\"" "$T/pub.akn" && grep -q "refersTo=\"#drafting\"" "$T/cur.akn"' "$(grep -m2 eventRef "$T/pub.akn" "$T/cur.akn")"
out=$("$M" hansard publish --sitting $S --kind final --db "$D" 2>&1)
check "and it must be certified again" '[ $? -ne 0 ] && echo "$out" | grep -q "uncertified"' "$out"
"$M" hansard certify --sitting $S --db "$D" >/dev/null 2>&1
out=$("$M" hansard publish --sitting $S --kind final --db "$D" 2>&1)
E2=$(q "select id from edition where sitting_id=$S and number=2")
check "final edition" 'echo "$out" | grep -q "published final edition 2"' "$out"
out=$("$M" export akn --sitting "$S" -o "$T/e2.akn" --db "$D" 2>&1)
check "export akn after the final edition: its text (the correction is in)" '[ $? -eq 0 ] && grep -q "بسمِ الله" "$T/e2.akn" && grep -q "refersTo=\"#final\"" "$T/e2.akn"' "$out"
out=$("$M" export akn --sitting "$S" --edition 1 -o "$T/e1.akn" --db "$D" 2>&1)
check "export akn --edition 1: the provisional edition as it was published" '[ $? -eq 0 ] && ! grep -q "بسمِ" "$T/e1.akn" && grep -q "refersTo=\"#provisional\"" "$T/e1.akn"' "$out"
out=$("$M" export parlamint --sitting "$S" --edition 3 -o "$T/e3.tei" --db "$D" 2>&1)
check "export parlamint --edition 3 (none): refused, nothing written" '[ $? -ne 0 ] && echo "$out" | grep -q "has no edition 3" && [ ! -e "$T/e3.tei" ]' "$out"
out=$("$M" hansard diff $E1 $E2 --db "$D" 2>&1)
check "diff: a diacritics change is reported as marks only" 'echo "$out" | grep -q "0 words inserted, 0 deleted, 1 with changed marks only" && echo "$out" | grep -q "بسمِ"' "$out"
out=$("$M" hansard edit $SP --version $(q "select version from speech where id=$SP") --text "x" --db "$D" 2>&1)
check "after the final edition nothing changes" '[ $? -ne 0 ] && echo "$out" | grep -q "final"' "$out"

# ---- exports ----
"$M" export vtt --sitting $S -o "$T/s.vtt" --db "$D"
check "export vtt: WebVTT with media times and speakers" 'head -1 "$T/s.vtt" | grep -q "^WEBVTT$" && grep -q "^00:00:00.000 --> 00:00:14.000$" "$T/s.vtt" && grep -q "^<v " "$T/s.vtt"' "$(head -20 "$T/s.vtt")"
OTHER=$(q "select min(id) from sitting where status='closed' and id not in (select sitting_id from record)")
CUES=$(grep -c -- " --> " "$T/s.vtt")
out=$("$M" import segments "$T/s.vtt" --sitting $OTHER --engine re-import --db "$D" 2>&1)
check "the exported WebVTT reads back as segments ($CUES cues)" '[ $? -eq 0 ] && [ "$CUES" -gt 3 ] && echo "$out" | grep -q "segments: $CUES new"' "$out"
"$M" export popolo --sitting $S -o "$T/s.json" --db "$D"
check "export popolo --sitting: Popolo speeches with creators, times and provenance" 'grep -q "\"speeches\"" "$T/s.json" && grep -q "\"creator_id\"" "$T/s.json" && grep -q "\"start_ms\": 0" "$T/s.json" && grep -q "\"engine\": \"whisper.cpp\"" "$T/s.json"' "$(head -c 600 "$T/s.json")"
"$M" export popolo -o "$T/all.json" --db "$D"
check "export popolo without --sitting still writes everything" 'grep -q "\"persons\"" "$T/all.json" && grep -q "\"memberships\"" "$T/all.json"'
out=$("$M" export vtt --db "$D" 2>&1)
check "export vtt needs --sitting" '[ $? -eq 2 ] && echo "$out" | grep -q -- "--sitting ID is required"' "$out"

# ---- exports of a record with no published edition: refused, unless --current ----
DR=$(q "select sitting_id from record where status='drafting' order by sitting_id limit 1")
for k in vtt popolo; do
  out=$("$M" export $k --sitting $DR -o "$T/draft.$k" --db "$D" 2>&1)
  rc=$?
  check "export $k of an unpublished record refused, naming --current" '[ $rc -ne 0 ] && echo "$out" | grep -q "no published edition" && echo "$out" | grep -q -- "--current" && [ ! -e "$T/draft.$k" ]' "$out"
  out=$("$M" export $k --sitting $DR --current -o "$T/draft.$k" --db "$D" 2>&1)
  check "export $k --current: the text as it stands, for the staff" '[ $? -eq 0 ] && [ -s "$T/draft.$k" ]' "$out"
done
check "the --current WebVTT holds the draft: a cue per timed speech" 'head -1 "$T/draft.vtt" | grep -q "^WEBVTT$" && [ "$(grep -c -- " --> " "$T/draft.vtt")" = "$(q "select count(*) from speech where sitting_id=$DR and media_start_ms is not null")" ] && [ "$(grep -c -- " --> " "$T/draft.vtt")" -gt 0 ]' "$(head -5 "$T/draft.vtt")"
NOREC=$(q "select min(id) from sitting where status='closed' and id not in (select sitting_id from record)")
out=$("$M" export vtt --sitting $NOREC -o "$T/norec.vtt" --db "$D" 2>&1)
check "export vtt of a sitting without a Hansard edition refused" '[ $? -ne 0 ] && echo "$out" | grep -q "no published edition" && [ ! -e "$T/norec.vtt" ]' "$out"
out=$("$M" export vtt --sitting 99999 --db "$D" 2>&1)
check "export vtt of no such sitting says so" '[ $? -ne 0 ] && echo "$out" | grep -q "no sitting 99999"' "$out"

# ---- error messages ----
for args in "" "nonsense x.json"; do
  # shellcheck disable=SC2086
  out=$("$M" import $args --db "$D" 2>&1)
  rc=$?
  check "import ${args:-(no kind)}: the usage lists every kind" '[ $rc -eq 2 ] && for k in popolo members-csv akn parlamint parlparse segments; do echo "$out" | grep -q -- "$k" || exit 1; done' "$out"
done
out=$("$M" import nonsense x.json --db "$D" 2>&1)
check "import of an unknown kind names it" 'echo "$out" | grep -q "unknown kind .nonsense."' "$out"
out=$("$M" import segments "$FX/sitting.vtt" --db "$D" 2>&1)
check "import segments without --sitting: --sitting ID is required" '[ $? -eq 2 ] && echo "$out" | grep -q -- "--sitting ID is required" && ! echo "$out" | grep -q "positive whole number"' "$out"
out=$("$M" hansard assign --sitting $NOREC --db "$D" 2>&1)
check "assign without a known duration names --duration-minutes; nothing created" '[ $? -ne 0 ] && echo "$out" | grep -q -- "--duration-minutes N" && [ "$(q "select count(*) from record where sitting_id=$NOREC")" = 0 ]' "$out"
before="$(q "select count(*) from asr_segment")|$(q "select count(*) from speech")"
out=$("$M" import segments "$T/s.vtt" --sitting $S --engine re-import --db "$D" 2>&1)
check "segments imported into another sitting, into a final one: the target is final" '[ $? -ne 0 ] && echo "$out" | grep -q "sitting $S is final" && [ "$before" = "$(q "select count(*) from asr_segment")|$(q "select count(*) from speech")" ]' "$out"

# ---- sections tied to agenda items, in Akoma Ntoso ----
DATA=${MAJLIS_DATA:-$(pwd)/../shared/data}
XSD="$DATA/akoma-ntoso/schema/akomantoso30.xsd"
titles() { q "select replace(replace(replace(title,'&','&amp;'),'<','&lt;'),'>','&gt;') from agenda_item where sitting_id=$1 order by position"; }
headings() { sed -n 's/^ *<heading>\(.*\)<\/heading>$/\1/p' "$1"; }
PUB=$(q "select sitting_id from record where status='final' and sitting_id<>$S order by sitting_id limit 1")
for sit in "$PUB" "$NOREC"; do
  "$M" export akn --sitting "$sit" -o "$T/sec$sit.xml" --db "$D" >/dev/null 2>&1
  n=$(q "select count(*) from agenda_item where sitting_id=$sit")
  secs=$(grep -c '^ *<\(debateSection\|questions\) ' "$T/sec$sit.xml")
  check "AKN of sitting $sit: a section per agenda item ($n), headed by its title, in order" '[ "$n" -ge 2 ] && [ "$(headings "$T/sec$sit.xml")" = "$(titles "$sit")" ] && [ "$secs" -ge "$n" ]' "$(headings "$T/sec$sit.xml" | head -3) / $(titles "$sit" | head -3)"
  if [ -r "$XSD" ] && command -v xmllint >/dev/null 2>&1; then
    check "AKN of sitting $sit validates against the OASIS schema" 'xmllint --noout --schema "$XSD" "$T/sec$sit.xml" >/dev/null 2>&1' "$(xmllint --noout --schema "$XSD" "$T/sec$sit.xml" 2>&1 | tail -3)"
  else
    echo "# skip: the Akoma Ntoso schema is not in $DATA (set MAJLIS_DATA)"
  fi
done
# the closed votes, as AKN votings: counts and outcome as stored, linked to an eId of the body
nv=$(q "select count(*) from vote_event where sitting_id=$PUB and status='closed'")
want=$(q "select coalesce(yes_count,-1)||'/'||coalesce(no_count,-1)||'/'||coalesce(abstain_count,-1)||'/'||result from vote_event where sitting_id=$PUB and status='closed' order by closed_at, id" | tr '\n' ' ')
got=$(awk '/<voting /{match($0,/outcome="#vote_[a-z]+"/); o=substr($0,RSTART+15,RLENGTH-16); y=n=a=""} /<count /{match($0,/value="[0-9]+"/); v=substr($0,RSTART+7,RLENGTH-8); if ($0 ~ /#vote_yes/) y=v; if ($0 ~ /#vote_no/) n=v; if ($0 ~ /#vote_abstain/) a=v} /<\/voting>/{printf "%s/%s/%s/%s ", y, n, a, (o=="passed"?"pass":"fail")}' "$T/sec$PUB.xml")
check "AKN of sitting $PUB: a voting per closed vote ($nv), with its counts and outcome" '[ "$nv" -ge 1 ] && [ "$got" = "$want" ]' "got: $got want: $want"
hrefs=$(sed -n 's/.*<voting [^>]*href="#\([^"]*\)".*/\1/p' "$T/sec$PUB.xml")
check "each voting links to its agenda item's section in the body" '[ -n "$hrefs" ] && for h in $hrefs; do grep -q "eId=\"$h\"" "$T/sec$PUB.xml" || exit 1; done' "$hrefs"
# a person whose identifier ends in the record's state keeps the state's eId free
if [ -r "$XSD" ]; then
  "$M" export akn --sitting "$NOREC" --current -o "$T/st.akn" --db "$D" >/dev/null 2>&1
  pid=$(sed -n 's#.*href="/akn/ontology/person/majlis/\([0-9]*\)".*#\1#p' "$T/st.akn" | head -1)
  sed "s/$(q "select date from sitting where id=$NOREC")/2024-03-03/g; s#person/majlis/$pid\"#person/majlis/drafting\"#" "$T/st.akn" >"$T/st2.akn"
  "$M" import akn "$T/st2.akn" --db "$D" >/dev/null 2>&1
  SD=$(q "select max(id) from sitting")
  out=$("$M" export akn --sitting "$SD" --validate -o "$T/st3.akn" --db "$D" 2>&1)
  rc=$?
  check "AKN: a person whose eId would be the record's state (drafting) gets another; the export validates" '[ -n "$pid" ] && [ $rc -eq 0 ] && [ "$(grep -c "eId=\"drafting\"" "$T/st3.akn")" = 1 ] && grep -q "person/majlis/drafting" "$T/st3.akn"' "$out"
else
  echo "# skip: the Akoma Ntoso schema is not in $DATA (set MAJLIS_DATA)"
fi
EDSEC=$(q "select sitting_id from record where sitting_id not in (select sitting_id from edition) and sitting_id in (select sitting_id from speech) limit 1")
out=$("$M" export akn --sitting "$EDSEC" -o "$T/ed.akn" --db "$D" 2>&1)
check "export akn of a record with no edition writes it as it stands, and says so" '[ $? -eq 0 ] && echo "$out" | grep -q "no published edition of its record: writing it as it stands" && grep -q "<debateBody>" "$T/ed.akn"' "$out"
check "the published demo sitting's sections are stored, one per item" '[ "$(q "select count(*) from record_section where sitting_id=$PUB and agenda_item_id is not null")" = "$(q "select count(*) from agenda_item where sitting_id=$PUB")" ]'
check "the never-opened sitting's sections are derived, not stored" '[ "$(q "select count(*) from record_section where sitting_id=$NOREC")" = 0 ]'
out=$("$M" check --db "$D" 2>&1)
check "the database and the audit chain check out" 'echo "$out" | grep -q "check passed"' "$out"
