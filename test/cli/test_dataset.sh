#!/bin/sh
# test_dataset.sh MAJLIS_BINARY: `majlis dataset` end to end with the
# fixtures in test/fixtures/opendata: define (JSON and SDMX-ML), loads good
# and bad (refused whole, with file:line and reason), publish with an
# embargo (seen by the public from the release second, not before), list,
# show, export (SDMX-CSV, other formats), revise, the release calendar and
# the built-in flows of a demo parliament. TAP lines on stdout. Run from the
# repository root.
set -u
M=${1:?usage: test/cli/test_dataset.sh MAJLIS_BINARY}
case "$M" in /*) ;; *) M="$(pwd)/$M" ;; esac
F=test/fixtures/opendata
T=$(mktemp -d "${TMPDIR:-/tmp}/majlis-dataset.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; [ $# -gt 1 ] && echo "#   $(echo "$2" | head -5 | tr '\n' ' ')"; }
check() { if eval "$2"; then ok "$1"; else no "$1" "${3:-}"; fi; }
q() { sqlite3 "$T/d.db" "$1"; }
D="--db $T/d.db"

"$M" init $D >/dev/null
out=$("$M" help settings 2>&1)
check "help settings lists the open-data settings" '(for k in opendata_max_cells opendata_rate_limit opendata_license opendata_contact_name opendata_contact_email; do echo "$out" | grep -q "$k" || exit 1; done)' "$out"
out=$("$M" dataset define $F/training.json $D 2>&1)
check "define a dataflow from JSON: draft 1.0" '[ $? -eq 0 ] && echo "$out" | grep -q "defined MAJLIS,DF_TRAINING (versions: 1.0 draft)"' "$out"
out=$("$M" dataset define $F/structure.xml $D 2>&1)
check "define a dataflow from SDMX-ML 2.1" '[ $? -eq 0 ] && echo "$out" | grep -q "defined MAJLIS,DF_VISITS"' "$out"
printf '{"id":"DF_BAD","name":"x","access":"secret","structure":{"dimensions":[{"id":"FREQ"}]}}' >"$T/bad.json"
out=$("$M" dataset define "$T/bad.json" $D 2>&1)
rc=$?
check "a bad definition is refused with the reason, nothing written" '[ $rc -ne 0 ] && echo "$out" | grep -q "\"access\" is public, restricted or non_public" && [ "$(q "select count(*) from od_dataflow where code=\"DF_BAD\"")" = 0 ]' "$out"

# ---- loads ----
for bad in "training_bad_code.csv:4: 'COOKING' is not a code of PROGRAMME" \
           "training_bad_period.csv:3: '2025-Q5' is not a reporting period" \
           "training_bad_value.csv:4: OBS_VALUE '12a' is not a number"; do
  file=${bad%%:*}
  out=$("$M" dataset load DF_TRAINING $F/$file $D 2>&1)
  rc=$?
  check "bad load $file refused whole with line and reason" '[ $rc -ne 0 ] && echo "$out" | grep -qF "$bad" && [ "$(q "select count(*) from od_obs")" = 0 ]' "$out"
done
out=$("$M" dataset load $F/training.csv $D 2>&1)
check "good SDMX-CSV load (flow from the file)" '[ $? -eq 0 ] && echo "$out" | grep -q "12 rows, 12 observations added" && [ "$(q "select count(*) from od_obs")" = 12 ]' "$out"
out=$("$M" dataset load DF_TRAINING $F/training_plain.csv --map year=TIME_PERIOD,programme=PROGRAMME,sex=SEX,participants=OBS_VALUE --fixed FREQ=A,UNIT_MEASURE=PERSONS $D 2>&1)
check "plain CSV with --map and --fixed" '[ $? -eq 0 ] && echo "$out" | grep -q "3 rows, 3 observations added" && [ "$(q "select count(*) from od_obs where period=\"2025\"")" = 3 ]' "$out"
out=$("$M" dataset load DF_TRAINING $F/training_plain.csv $D 2>&1)
check "plain CSV without --map: told how" 'echo "$out" | grep -q "not SDMX-CSV" && echo "$out" | grep -q -- "--map"' "$out"

# ---- publish with an embargo ----
REL=$(date -u -d "+2 hours" +%Y-%m-%dT%H:%M:%SZ)
BEFORE=$(date -u -d "+2 hours -1 second" +%Y-%m-%dT%H:%M:%SZ)
out=$("$M" dataset publish DF_TRAINING --release-at "$REL" --note "first release" $D 2>&1)
check "publish with --release-at: embargoed, disclosure control applied" '[ $? -eq 0 ] && echo "$out" | grep -q "public from $REL (embargoed until then)" && echo "$out" | grep -q "cells suppressed (1 below the threshold"' "$out"
out=$("$M" dataset list --as public $D 2>&1)
check "the public does not see an embargoed flow now" 'echo "$out" | grep -q "^0 dataflows" && ! echo "$out" | grep -q DF_TRAINING' "$out"
out=$("$M" dataset list --as public --at "$BEFORE" $D 2>&1)
check "nor one second before the release" 'echo "$out" | grep -q "^0 dataflows"' "$out"
out=$("$M" dataset list --as public --at "$REL" $D 2>&1)
check "the public sees it at the release second" 'echo "$out" | grep -q "MAJLIS,DF_TRAINING  *1.0  *published" && echo "$out" | grep -q "^1 dataflow$"' "$out"
out=$("$M" dataset list $D 2>&1)
check "the data officer sees it embargoed, and the draft flows" 'echo "$out" | grep -q "DF_TRAINING .*embargoed" && echo "$out" | grep -q "DF_VISITS .*draft"' "$out"
out=$("$M" dataset export DF_TRAINING --as public $D 2>&1)
rc=$?
check "export as the public during the embargo: not found" '[ $rc -ne 0 ] && echo "$out" | grep -q "no dataflow"' "$out"
out=$("$M" dataset export DF_TRAINING --as public --at "$REL" $D 2>&1)
check "SDMX-CSV export at release: header, rows, suppressed cells marked" 'echo "$out" | head -1 | grep -q "^STRUCTURE,STRUCTURE_ID,ACTION,FREQ,PROGRAMME,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,COMMENT,OBS_STATUS,CONF_STATUS$" && echo "$out" | grep -q "^dataflow,MAJLIS:DF_TRAINING(1.0),I,A,_T,_T,2024,76,PERSONS,,A,F$" && echo "$out" | grep -q "^dataflow,MAJLIS:DF_TRAINING(1.0),I,A,BUDGET,F,2024,,PERSONS,\"a small, new group\",Q,C$" && [ "$(echo "$out" | grep -c ",Q,C$")" = 4 ] && [ "$(echo "$out" | wc -l)" = 16 ]' "$out"
out=$("$M" dataset export DF_TRAINING --key A.LEGIS. --start-period 2025 -o "$T/legis.csv" $D 2>&1)
check "export with a key and a period to a file" '[ $? -eq 0 ] && [ "$(wc -l <"$T/legis.csv")" = 4 ] && grep -q "LEGIS,_T,2025,30" "$T/legis.csv"' "$out"
out=$("$M" dataset export DF_TRAINING --format jsonstat $D 2>&1)
check "export --format jsonstat (the writers of src/formats)" '[ $? -eq 0 ] && echo "$out" | grep -q "\"version\"" && echo "$out" | grep -q "\"dataset\""' "$out"
out=$("$M" dataset show DF_TRAINING --lang en $D 2>&1)
check "show: structure, code lists, versions" 'echo "$out" | grep -q "structure    MAJLIS:DSD_TRAINING(1.0)" && echo "$out" | grep -q "dimension  PROGRAMME.*MAJLIS:CL_PROGRAMME(1.0), 4 codes" && echo "$out" | grep -q "1.0    published release $REL"' "$out"
out=$("$M" dataset calendar --as public $D 2>&1)
check "calendar: the embargoed release is announced (not its figures)" 'echo "$out" | grep -q "$REL  *MAJLIS,DF_TRAINING  *1.0  *upcoming"' "$out"

# ---- immutability and revision ----
out=$("$M" dataset load $F/training.csv $D 2>&1)
check "a published version takes no load" '[ $? -ne 0 ] && echo "$out" | grep -q "majlis dataset revise DF_TRAINING"' "$out"
out=$("$M" dataset revise DF_TRAINING --note "corrected" $D 2>&1)
check "revise: draft 1.1 copied" '[ $? -eq 0 ] && echo "$out" | grep -q "started revision 1.1" && [ "$(q "select count(*) from od_obs o join od_series s on s.id=o.series_id join od_version v on v.id=s.version_id where v.version=\"1.1\"")" = 15 ]' "$out"
printf 'DATAFLOW,FREQ,PROGRAMME,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\nMAJLIS:DF_TRAINING(1.1),A,DIGITAL,M,2024,19,PERSONS\n' >"$T/fix.csv"
"$M" dataset load "$T/fix.csv" $D >/dev/null 2>&1
# 1.1 is a copy of 1.0, which is under embargo until $REL: releasing 1.1
# before $REL would publish 1.0's figures early, so it is refused on every
# path (now, one second before), with both times named, and nothing changes
out=$("$M" dataset publish DF_TRAINING $D 2>&1)
rc=$?
check "a revision of an embargoed version cannot be released now" '[ $rc -ne 0 ] && echo "$out" | grep -q "version 1.1 cannot be released at .*: version 1.0, whose figures a revision copies, is under embargo until $REL" && [ "$(q "select status from od_version where version=\"1.1\"")" = draft ]' "$out"
out=$("$M" dataset publish DF_TRAINING --release-at "$BEFORE" $D 2>&1)
rc=$?
check "nor one second before the embargo ends" '[ $rc -ne 0 ] && echo "$out" | grep -q "cannot be released at $BEFORE" && echo "$out" | grep -q "release it at $REL or later" && [ "$(q "select count(*) from od_version where status=\"published\"")" = 1 ] && [ "$(q "select count(*) from audit where action=\"dataset.publish\"")" = 1 ]' "$out"
out=$("$M" dataset publish DF_TRAINING --release-at "$REL" $D 2>&1)
check "the revision is released with the version it revises" '[ $? -eq 0 ] && echo "$out" | grep -q "version 1.1: public from $REL (embargoed until then)"' "$out"
out=$("$M" dataset export DF_TRAINING --as public --at "$BEFORE" $D 2>&1)
rc=$?
check "no version of it is public a second before" '[ $rc -ne 0 ] && echo "$out" | grep -q "no dataflow"' "$out"
old=$("$M" dataset export MAJLIS,DF_TRAINING,1.0 --at "$REL" --as public $D 2>&1 | grep "DIGITAL,M,2024")
new=$("$M" dataset export DF_TRAINING --as public --at "$REL" $D 2>&1 | grep "DIGITAL,M,2024")
check "history kept: 1.0 says 18, latest says 19" 'echo "$old" | grep -q ",18,PERSONS" && echo "$new" | grep -q "(1.1),I,A,DIGITAL,M,2024,19,"' "$old / $new"
check "every step is audited" '[ "$(q "select count(*) from audit where action like \"dataset.%\"")" -ge 8 ] && [ "$(q "select count(*) from audit where action=\"dataset.publish\"")" = 2 ]'

# ---- restricted flows ----
"$M" dataset define $F/survey.json $D >/dev/null 2>&1
"$M" dataset load DF_STAFF_SURVEY $F/survey.csv $D >/dev/null 2>&1
out=$("$M" dataset publish DF_STAFF_SURVEY $D 2>&1)
check "publishing a restricted flow says to whom it is released" '[ $? -eq 0 ] && echo "$out" | grep -q "version 1.0: released to restricted readers from 20" && ! echo "$out" | grep -q "public from"' "$out"
check "and so does its audit row" '[ "$(q "select count(*) from audit where action=\"dataset.publish\" and object=\"DF_STAFF_SURVEY\" and summary like \"%released to restricted readers from%\"")" = 1 ]'
a=$("$M" dataset export DF_STAFF_SURVEY --as public $D 2>&1)
b=$("$M" dataset export DF_STAFF_SURVEY --as researcher $D 2>&1)
check "restricted: hidden from the public, open to a researcher, download audited" 'echo "$a" | grep -q "no dataflow" && echo "$b" | grep -q "2024-Q2,33" && [ "$(q "select count(*) from audit where action=\"dataset.download\" and object=\"DF_STAFF_SURVEY\"")" = 1 ]' "$a"

# ---- built-in flows in a demo ----
"$M" demo --db "$T/demo.db" --date 2025-03-10 >/dev/null 2>&1
out=$("$M" dataset list --as public --db "$T/demo.db" 2>&1)
all_builtin() {
  for c in DF_SITTINGS DF_ATTENDANCE DF_VOTES DF_SPEAKING_TIME DF_QUESTIONS DF_DOCUMENTS; do
    echo "$1" | grep -q "MAJLIS,$c .*published" || return 1
  done
}
check "the demo has the six built-in flows, published" 'all_builtin "$out"' "$out"
closed=$(sqlite3 "$T/demo.db" "select count(*) from sitting where status='closed'")
sum=$("$M" dataset export DF_SITTINGS --db "$T/demo.db" 2>&1 | awk -F, 'NR>1 {s+=$9} END {print s}')
check "DF_SITTINGS adds up to the closed sittings ($closed)" '[ "$sum" = "$closed" ]' "$sum"
out=$("$M" dataset refresh --db "$T/demo.db" 2>&1)
check "refresh with nothing new changes nothing" 'echo "$out" | grep -q "6 checked, 0 new versions published, 6 unchanged"' "$out"
out=$("$M" dataset list --as public --db "$T/demo.db" 2>&1)
check "the demo's custom dataset is published, the embargoed one is not listed" 'echo "$out" | grep -q "DF_TRAINING" && ! echo "$out" | grep -q "DF_VISITORS"' "$out"
out=$("$M" dataset list --db "$T/demo.db" 2>&1)
check "the data officer sees the embargoed demo dataset" 'echo "$out" | grep -q "DF_VISITORS .*embargoed"' "$out"
