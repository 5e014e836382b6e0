#!/bin/sh
# test_popolo.sh MAJLIS_BINARY: Popolo import and export from the command
# line. Small fixtures written here always run; the shared data (Bahrain 40
# persons, Azerbaijan 125 members, UK ministers 2,890 memberships) and the
# ajv schema validation run when present, else print '# skip: ...'.
# TAP lines on stdout. Run from the repository root.
set -u
M=${1:?usage: test/cli/test_popolo.sh MAJLIS_BINARY}
case "$M" in /*) ;; *) M="$(pwd)/$M" ;; esac
ROOT=$(pwd)
DATA=${MAJLIS_DATA:-$ROOT/../shared/data}
T=$(mktemp -d "${TMPDIR:-/tmp}/majlis-popolo.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; [ $# -gt 1 ] && echo "#   $2"; }
check() { if eval "$2"; then ok "$1"; else no "$1" "${3:-}"; fi; }
q() { sqlite3 "$1" "$2"; }

# ---- fixtures ----
cat >"$T/small.json" <<'J'
{"persons":[{"id":"p1","name":"أحمد علي","other_names":[{"name":"Ahmed Ali","lang":"en"}]},
            {"id":"p2","name":"Məmməd Əliyev"}],
 "organizations":[{"id":"o1","name":"مجلس النواب","classification":"legislature","seats":40}],
 "memberships":[{"person_id":"p1","organization_id":"o1","start_date":"2014-12-14"},
                {"person_id":"p2","organization_id":"o1","start_date":"2014-12-14","role":"Speaker"}]}
J
"$M" init --db "$T/s.db" >/dev/null
out=$("$M" import popolo "$T/small.json" --db "$T/s.db" 2>&1)
check "small file imports" '[ $? -eq 0 ] && echo "$out" | grep -q "persons: 2 added"' "$out"
out=$("$M" import popolo "$T/small.json" --db "$T/s.db" 2>&1)
check "re-import: unchanged, no duplicates" 'echo "$out" | grep -q "persons: 0 added, 0 updated, 2 unchanged" && [ "$(q "$T/s.db" "select count(*) from membership")" = 2 ]' "$out"
sed 's/Ahmed Ali/Ahmad Ali/' "$T/small.json" >"$T/changed.json"
out=$("$M" import popolo "$T/changed.json" --db "$T/s.db" 2>&1)
check "changed English name: updated and reported" 'echo "$out" | grep -q "updated person p1: name_en \"Ahmed Ali\" -> \"Ahmad Ali\"" && echo "$out" | grep -q "persons: 0 added, 1 updated"' "$out"
sed 's/أحمد علي/محمود حسن/' "$T/small.json" >"$T/conflict.json"
out=$("$M" import popolo "$T/conflict.json" --db "$T/s.db" 2>&1)
check "different Arabic name: conflict reported, record kept" 'echo "$out" | grep -q "conflict: person p1" && [ "$(q "$T/s.db" "select name_ar from person where ident=\"p1\"")" = "أحمد علي" ]' "$out"
printf '{"persons":[{"id":"x","name":"X"}],"memberships":[{"person_id":"ghost","organization_id":"o1","start_date":"2020"}]}' >"$T/ghost.json"
out=$("$M" import popolo "$T/ghost.json" --db "$T/s.db" 2>&1)
rc=$?
check "unknown person: refused (exit 2), nothing imported" '[ $rc -eq 2 ] && echo "$out" | grep -q "memberships\[0\] (person_id \"ghost\")" && [ "$(q "$T/s.db" "select count(*) from person where ident=\"x\"")" = 0 ]' "$out"
printf '{"persons":[{"id":"x","name":"X"}' >"$T/trunc.json"
out=$("$M" import popolo "$T/trunc.json" --db "$T/s.db" 2>&1)
check "truncated JSON refused with its position" 'echo "$out" | grep -q "trunc.json:1:.*not valid JSON"' "$out"
printf 'id,name,group,group_id,term\nz1,"Zaur ""Z"" Əliyev",Independent,IND,1\nz2,"open\n' >"$T/bad.csv"
out=$("$M" import members-csv "$T/bad.csv" --body o1 --db "$T/s.db" 2>&1)
check "bad CSV row refused with file:line" 'echo "$out" | grep -q "bad.csv:3: a quoted field is not closed" && [ "$(q "$T/s.db" "select count(*) from person where ident=\"z1\"")" = 0 ]' "$out"
"$M" export popolo -o "$T/s-export.json" --db "$T/s.db"
check "export writes JSON with persons and memberships" 'grep -q "\"persons\"" "$T/s-export.json" && grep -q "\"role\":\"Speaker\"" "$T/s-export.json"'

# ---- ajv validation ----
VALIDATE=""
if ! command -v node >/dev/null 2>&1; then
  echo "# skip: node is missing; the export is not validated against the Popolo schemas"
elif [ ! -d "$DATA/popolo/popolo_spec/schemas" ]; then
  echo "# skip: $DATA/popolo not found (set MAJLIS_DATA); schema validation and shared-data imports skipped"
else
  if [ ! -d "$ROOT/test/popolo/node_modules/ajv" ]; then
    echo "# installing ajv (npm ci)" >&2
    (cd "$ROOT/test/popolo" && npm ci --no-audit --no-fund --loglevel=error) >&2 || no "npm ci in test/popolo"
  fi
  [ -d "$ROOT/test/popolo/node_modules/ajv" ] && VALIDATE=1
fi
validate() { # FILE NAME
  [ -n "$VALIDATE" ] || return 0
  v=$(MAJLIS_DATA="$DATA" node "$ROOT/test/popolo/validate.mjs" "$1" 2>&1)
  check "$2 validates against the Popolo schemas (ajv)" '[ $? -eq 0 ] && ! echo "$v" | grep -q "^not ok"' "$(echo "$v" | grep -A1 '^not ok' | head -4 | tr '\n' ' ')"
}
validate "$T/s-export.json" "small export"

# ---- the specification's examples: single objects and embedded ones ----
EX="$DATA/popolo/popolo_spec/examples"
if [ -f "$EX/person.json" ]; then
  "$M" init --db "$T/ex.db" >/dev/null
  for f in person embedding-organization embedding-post embedding-person membership post embedding-membership; do
    out=$("$M" import popolo "$EX/$f.json" --db "$T/ex.db" 2>&1)
    check "the Popolo example $f.json imports" '[ $? -eq 0 ]' "$out"
  done
  check "the examples, read in order, make 1 person, 2 posts and 2 memberships (no duplicates)" \
    '[ "$(q "$T/ex.db" "select count(*) from person")" = 1 ] && [ "$(q "$T/ex.db" "select count(*) from post")" = 2 ] && [ "$(q "$T/ex.db" "select count(*) from membership")" = 2 ]'
  out=$("$M" import popolo "$EX/organization.json" --db "$T/ex.db" 2>&1)
  check "organization.json names a parent that no file has: refused, saying which" '[ $? -ne 0 ] && echo "$out" | grep -q "parent_id \"holding-company-corp\""' "$out"
else
  echo "# skip: the Popolo examples are not at $EX"
fi

# ---- shared data ----
BH="$DATA/popolo/everypolitician_bahrain_council_of_representatives/ep-popolo-v1.0.json"
AZ="$DATA/popolo/everypolitician_azerbaijan_national_assembly/term-5.csv"
UK="$DATA/popolo/uk_parlparse_members/ministers.json"
if [ -f "$BH" ]; then
  "$M" init --db "$T/bh.db" >/dev/null
  out=$("$M" import popolo "$BH" --db "$T/bh.db" 2>&1)
  check "Bahrain: 40 persons, 40 memberships" 'echo "$out" | grep -q "persons: 40 added" && echo "$out" | grep -q "memberships: 40 added"' "$out"
  echo "# bahrain: $(echo "$out" | head -1)"
  out=$("$M" import popolo "$BH" --db "$T/bh.db" 2>&1)
  check "Bahrain re-import: all unchanged" 'echo "$out" | grep -q "persons: 0 added, 0 updated, 40 unchanged" && [ "$(q "$T/bh.db" "select count(*) from person")" = 40 ]' "$out"
  "$M" export popolo -o "$T/bh-export.json" --db "$T/bh.db"
  validate "$T/bh-export.json" "Bahrain export"
  "$M" init --db "$T/rt.db" >/dev/null
  out=$("$M" import popolo "$T/bh-export.json" --db "$T/rt.db" 2>&1)
  check "round trip: the export re-imports into a fresh database with the same counts" \
    'echo "$out" | grep -q "persons: 40 added" && echo "$out" | grep -q "organisations: 2 added" && echo "$out" | grep -q "memberships: 40 added"' "$out"
  check "round trip: same names" '[ "$(q "$T/bh.db" "select group_concat(name_ar) from (select name_ar from person order by ident)")" = "$(q "$T/rt.db" "select group_concat(name_ar) from (select name_ar from person order by ident)")" ]'
else
  echo "# skip: $BH not found (set MAJLIS_DATA)"
fi
if [ -f "$AZ" ]; then
  "$M" init --db "$T/az.db" >/dev/null
  printf '{"organizations":[{"id":"az/milli-majlis","name":"Milli Məclis","classification":"legislature","seats":125}]}' >"$T/az-body.json"
  "$M" import popolo "$T/az-body.json" --db "$T/az.db" >/dev/null
  out=$("$M" import members-csv "$AZ" --body az/milli-majlis --term-start 2015-11-30 --db "$T/az.db" 2>&1)
  check "Azerbaijan: 125 members" 'echo "$out" | grep -q "persons: 125 added" && echo "$out" | grep -q "memberships: 125 added"' "$out"
  echo "# azerbaijan: $(echo "$out" | head -1)"
  n=$(q "$T/az.db" "select count(*) from person where name_az like '%ə%'")
  check "Azerbaijan: names keep ə ($n with ə)" '[ "$n" -gt 50 ] && [ "$(q "$T/az.db" "select count(*) from person where name_az=\"Adil Abış oğlu Əliyev\"")" = 1 ]'
  check "Azerbaijan: parties with on_behalf_of" '[ "$(q "$T/az.db" "select count(*) from membership m join organization o on o.id=m.on_behalf_of_id where o.classification=\"party\"")" = 125 ]'
  out=$("$M" import members-csv "$AZ" --body az/milli-majlis --term-start 2015-11-30 --db "$T/az.db" 2>&1)
  check "Azerbaijan re-import: unchanged" 'echo "$out" | grep -q "memberships: 0 added, 0 updated, 125 unchanged"' "$out"
  "$M" export popolo -o "$T/az-export.json" --db "$T/az.db"
  validate "$T/az-export.json" "Azerbaijan export"
else
  echo "# skip: $AZ not found (set MAJLIS_DATA)"
fi
if [ -f "$UK" ]; then
  "$M" init --db "$T/uk.db" >/dev/null
  out=$("$M" import popolo "$UK" --db "$T/uk.db" 2>&1)
  check "UK ministers without persons: refused unless --placeholders" '[ $? -eq 2 ] && echo "$out" | grep -q "pass --placeholders"' "$out"
  s=$(date +%s%N)
  out=$("$M" import popolo "$UK" --placeholders --db "$T/uk.db" 2>&1)
  ms=$(( ($(date +%s%N) - s) / 1000000 ))
  check "UK ministers: 2,890 memberships in ${ms} ms (< 10 s)" 'echo "$out" | grep -q "memberships: 2890 added" && [ $ms -lt 10000 ]' "$out"
  echo "# uk: $(echo "$out" | grep -v '^note' | head -1)"
  out=$("$M" import popolo "$UK" --placeholders --db "$T/uk.db" 2>&1)
  check "UK re-import: 2,890 unchanged" 'echo "$out" | grep -q "memberships: 0 added, 0 updated, 2890 unchanged"' "$out"
  "$M" export popolo -o "$T/uk-export.json" --db "$T/uk.db"
  validate "$T/uk-export.json" "UK export"
else
  echo "# skip: $UK not found (set MAJLIS_DATA)"
fi
# A demo parliament: motions, vote events and speeches in the export.
if "$M" demo --db "$T/demo.db" >/dev/null 2>&1; then
  "$M" export popolo -o "$T/demo-export.json" --db "$T/demo.db"
  check "demo export has vote events and speeches" 'grep -q "\"vote_events\"" "$T/demo-export.json" && grep -q "majlis:speech/" "$T/demo-export.json"'
  validate "$T/demo-export.json" "demo export (votes, speeches)"
  # the same document from the JSON API, whole and one list
  # a free port: a port someone else holds makes the server exit, so try another
  for try in 1 2 3 4 5; do
    PORT=$((30000 + ($$ * 7 + try * 997) % 20000))
    "$M" serve --db "$T/demo.db" --listen 127.0.0.1:$PORT --quiet 2>"$T/serve.err" &
    SRV=$!
    i=0; while [ $i -lt 200 ] && kill -0 $SRV 2>/dev/null && ! curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; do i=$((i+1)); sleep 0.05; done
    kill -0 $SRV 2>/dev/null && break
    echo "# port $PORT: $(cat "$T/serve.err")"
  done
  curl -sf "http://127.0.0.1:$PORT/api/v1/popolo" -o "$T/api-export.json"
  check "GET /api/v1/popolo is the same document as 'majlis export popolo'" 'cmp -s "$T/api-export.json" "$T/demo-export.json"'
  curl -sf "http://127.0.0.1:$PORT/api/v1/popolo/persons" -o "$T/api-persons.json"
  check "GET /api/v1/popolo/persons has the persons only" 'grep -q "^{\"persons\": \[" "$T/api-persons.json" && ! grep -q "\"vote_events\"" "$T/api-persons.json"'
  st=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT/api/v1/popolo/nope")
  check "an unknown list is 404" '[ "$st" = 404 ]'
  kill -TERM $SRV; wait $SRV 2>/dev/null
else
  no "majlis demo builds a parliament to export"
fi
