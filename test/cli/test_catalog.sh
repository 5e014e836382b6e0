#!/bin/sh
# test_catalog.sh MAJLIS: the DCAT-AP catalogue as a JSON-LD processor and a
# Turtle parser read it. A fresh database gets three dataflows by SQL (two
# public, one restricted; structure of schema 9, code lists seeded by 0013);
# the server serves /catalog.jsonld and /catalog.ttl; test/jsonld/check.mjs
# expands the JSON-LD with the npm package jsonld (pinned in
# test/jsonld/package.json, installed into $BUILD/jsonld), checks the DCAT-AP
# mandatory and recommended properties in the expanded form, parses the
# Turtle with n3 and compares the two graphs. Then the same checks run on
# the catalogue of a real demonstration database (majlis demo: the six
# built-in flows and DF_TRAINING; DF_VISITORS is under embargo), so the
# built-in flows cannot lose a DCAT-AP property (their contact point comes
# from the settings opendata_contact_name/_email, by default the
# secretariat), and Last-Modified and the 304 of the catalogue are checked.
# Prints TAP lines.
set -u
majlis=${1:?usage: test/cli/test_catalog.sh MAJLIS}
build=${BUILD:-build}
case "$majlis" in /*) ;; *) majlis="$(pwd)/$majlis" ;; esac
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "# skip: node or npm missing (the JSON-LD and Turtle checks need them)"
  exit 0
fi
for t in curl sqlite3; do
  command -v $t >/dev/null 2>&1 || { echo "# skip: $t missing (tools/deps.sh check)"; exit 0; }
done
mods="$build/jsonld"
mkdir -p "$mods"
cp test/jsonld/package.json test/jsonld/check.mjs "$mods/"
if [ ! -d "$mods/node_modules/jsonld" ] || [ ! -d "$mods/node_modules/n3" ]; then
  echo "# installing jsonld and n3 (npm install into $mods)" >&2
  if ! (cd "$mods" && npm install --no-audit --no-fund --loglevel=error) >&2; then
    echo "not ok - npm install in $mods failed (see the error log)"
    exit 0
  fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/majlis-catalog.XXXXXX") || exit 1
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

db="$tmp/cat.db"
if ! "$majlis" init --db "$db" >"$tmp/init.out" 2>&1; then
  cat "$tmp/init.out" >&2
  echo "not ok - majlis init failed"
  exit 0
fi
sqlite3 "$db" <<'SQL' || { echo "not ok - the fixture SQL failed"; exit 0; }
INSERT INTO od_agency(id, name_ar, name_en) VALUES('BH', 'البحرين', 'Bahrain');
INSERT INTO od_dsd(agency, code, version, name_ar, name_en) VALUES('BH', 'DSD_S', '1.0', 'هيكل', 'Structure');
INSERT INTO od_component(dsd_id, code, kind, position, codelist_id, attachment) VALUES
  (1, 'FREQ', 'dimension', 1, (SELECT id FROM od_codelist WHERE code='CL_FREQ'), NULL),
  (1, 'SEX', 'dimension', 2, (SELECT id FROM od_codelist WHERE code='CL_SEX'), NULL),
  (1, 'TIME_PERIOD', 'time', 3, NULL, NULL), (1, 'OBS_VALUE', 'measure', 4, NULL, NULL),
  (1, 'OBS_STATUS', 'attribute', 5, (SELECT id FROM od_codelist WHERE code='CL_OBS_STATUS'), 'observation');
INSERT INTO od_dataflow(agency, code, dsd_id, name_ar, name_en, name_az, description_ar, description_en, access, themes, keywords,
  contact_name, contact_email, license, created_at, created_by) VALUES
  ('BH', 'DF_A', 1, 'الجلسات', 'Sittings', 'İclaslar', 'عدد الجلسات', 'Sittings per year', 'public', '["GOVE"]',
   '[{"lang":"ar","value":"جلسات"},{"lang":"en","value":"sittings"}]', 'Secretariat', 'data@example.org',
   'https://creativecommons.org/licenses/by/4.0/', '2020-01-01T00:00:00Z', 'test'),
  ('BH', 'DF_B', 1, 'الأصوات', 'Votes "roll-call"', NULL, 'وصف', 'Votes by sex\nof the member', 'public', '["GOVE","SOCI"]',
   '[{"lang":"en","value":"votes"}]', 'Secretariat', 'data@example.org', NULL, '2020-01-01T00:00:00Z', 'test'),
  ('BH', 'DF_R', 1, 'مقيدة', 'Restricted', NULL, NULL, NULL, 'restricted', '[]', '[]', NULL, NULL, NULL, '2020-01-01T00:00:00Z', 'test');
INSERT INTO od_version(dataflow_id, version, created_at, updated_at) SELECT id, '1.0', '2020-02-01T00:00:00Z', '2021-02-01T00:00:00Z' FROM od_dataflow;
INSERT INTO od_series(version_id, key) SELECT v.id, k.key FROM od_version v, (SELECT 'A.M' key UNION ALL SELECT 'A.F') k;
INSERT INTO od_obs(series_id, period, period_start, period_end, value, updated_at)
  SELECT s.id, y.y, y.y || '-01-01', y.y || '-12-31', 10 + s.id, 1600000000 FROM od_series s,
  (SELECT '2019' y UNION ALL SELECT '2020' UNION ALL SELECT '2021') y;
UPDATE od_version SET status='published', release_at='2021-03-01T00:00:00Z', published_at='2021-03-01T00:00:00Z';
SQL

# serve DB: starts the server on a free port; sets pid and base (1: failed)
serve() {
  : >"$tmp/serve.err"
  "$majlis" serve --db "$1" --listen 127.0.0.1:0 --quiet >"$tmp/serve.out" 2>"$tmp/serve.err" &
  pid=$!
  port=""
  i=0
  while [ -z "$port" ] && [ $i -lt 100 ]; do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.err" | head -n 1)
    [ -z "$port" ] && sleep 0.1
    i=$((i + 1))
  done
  if [ -z "$port" ]; then
    cat "$tmp/serve.err" >&2
    echo "not ok - the server did not start on $1"
    return 1
  fi
  base="http://127.0.0.1:$port"
}
stop() {
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=""
}
serve "$db" || exit 0
code=$(curl -s -o "$tmp/catalog.jsonld" -w '%{http_code} %{content_type}' "$base/catalog.jsonld")
case "$code" in "200 application/ld+json"*) echo "ok - /catalog.jsonld is served as application/ld+json" ;;
  *) echo "not ok - /catalog.jsonld: $code" ;; esac
code=$(curl -s -o "$tmp/catalog.ttl" -w '%{http_code} %{content_type}' "$base/catalog.ttl")
case "$code" in "200 text/turtle"*) echo "ok - /catalog.ttl is served as text/turtle" ;;
  *) echo "not ok - /catalog.ttl: $code" ;; esac
# two public datasets for the anonymous reader; the restricted one is not listed
grep -q 'DF_R' "$tmp/catalog.jsonld" && echo "not ok - the restricted dataset is listed for the anonymous" \
  || echo "ok - the restricted dataset is not listed for the anonymous"
node "$mods/check.mjs" "$tmp/catalog.jsonld" "$tmp/catalog.ttl" 2 2>"$tmp/check.err" || {
  cat "$tmp/check.err" >&2
  grep -q . "$tmp/check.err" && echo "not ok - check.mjs failed: $(head -c 300 "$tmp/check.err" | tr '\n' ' ')"
}
stop

# ---- the demo's catalogue: built-in flows included ----
demo="$tmp/demo.db"
if ! "$majlis" demo --db "$demo" >"$tmp/demo.out" 2>&1; then
  cat "$tmp/demo.out" >&2
  echo "not ok - majlis demo failed"
  exit 0
fi
serve "$demo" || exit 0
curl -s -D "$tmp/demo.hdr" -o "$tmp/demo.jsonld" "$base/catalog.jsonld"
curl -s -o "$tmp/demo.ttl" "$base/catalog.ttl"
n=0
for f in DF_SITTINGS DF_ATTENDANCE DF_VOTES DF_SPEAKING_TIME DF_QUESTIONS DF_DOCUMENTS DF_TRAINING; do
  grep -q "\"MAJLIS:$f\"" "$tmp/demo.jsonld" && n=$((n + 1))
done
[ $n -eq 7 ] && echo "ok - the demo's catalogue lists the six built-in flows and DF_TRAINING" \
  || echo "not ok - the demo's catalogue lists $n of the 7 expected flows"
grep -q 'DF_VISITORS' "$tmp/demo.jsonld" && echo "not ok - the embargoed DF_VISITORS is in the demo's catalogue" \
  || echo "ok - the embargoed DF_VISITORS is not in the demo's catalogue"
# the built-in flows' contact: the default, naming the secretariat of the instance
c=$(grep -c '"vcard:fn": "Secretariat — مجلس النواب"' "$tmp/demo.jsonld")
[ "$c" -eq 6 ] && echo "ok - the six built-in flows name the secretariat as their contact point" \
  || echo "not ok - $c built-in flows name the secretariat as their contact point (want 6)"
echo "# check.mjs on the demo's catalogue"
node "$mods/check.mjs" "$tmp/demo.jsonld" "$tmp/demo.ttl" 7 2>"$tmp/check.err" | sed 's/^\(not \)\{0,1\}ok - /&demo: /' || {
  cat "$tmp/check.err" >&2
  grep -q . "$tmp/check.err" && echo "not ok - check.mjs on the demo failed: $(head -c 300 "$tmp/check.err" | tr '\n' ' ')"
}
# Last-Modified (the newest version change or release), and 304 by the ETag
lm=$(sed -n 's/^[Ll]ast-[Mm]odified: *\(.*[^\r]\)\r*$/\1/p' "$tmp/demo.hdr")
case "$lm" in *", "*" GMT") echo "ok - the catalogue has Last-Modified ($lm)" ;;
  *) echo "not ok - the catalogue has no Last-Modified: '$lm'" ;; esac
etag=$(sed -n 's/^[Ee][Tt]ag: *\(.*[^\r]\)\r*$/\1/p' "$tmp/demo.hdr")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/catalog.jsonld")
[ "$code" = 304 ] && echo "ok - the catalogue answers 304 to its ETag" || echo "not ok - If-None-Match gave $code"
# a data contact set in the settings reaches the built-in flows at once (and
# changes the ETag); a bad e-mail is refused and changes nothing
if "$majlis" settings --db "$demo" opendata_contact_email 'not an address' >"$tmp/set.out" 2>&1; then
  echo "not ok - a bad opendata_contact_email was accepted"
else
  grep -q 'opendata_contact_email is an e-mail address' "$tmp/set.out" && echo "ok - a bad opendata_contact_email is refused" \
    || echo "not ok - the refusal says: $(cat "$tmp/set.out")"
fi
"$majlis" settings --db "$demo" opendata_contact_name 'Statistics unit' >/dev/null 2>&1
"$majlis" settings --db "$demo" opendata_contact_email 'stats@parliament.example' >/dev/null 2>&1
code=$(curl -s -o "$tmp/demo2.jsonld" -w '%{http_code}' -H "If-None-Match: $etag" "$base/catalog.jsonld")
c=$(grep -c '"@id": "mailto:stats@parliament.example"' "$tmp/demo2.jsonld")
[ "$code" = 200 ] && [ "$c" -eq 6 ] && echo "ok - the new data contact is in the catalogue for the six built-in flows" \
  || echo "not ok - after setting the contact: $code, $c built-in flows with its e-mail"
stop
sqlite3 "$demo" "SELECT count(*) FROM od_dataflow WHERE builtin=1 AND contact_name='Statistics unit' AND contact_email='stats@parliament.example'" \
  >"$tmp/n.out" 2>&1
[ "$(cat "$tmp/n.out")" = 6 ] && echo "ok - the built-in flows carry the data contact" || echo "not ok - built-in flows with the contact: $(cat "$tmp/n.out")"
n=$(sqlite3 "$demo" "SELECT count(*) FROM audit WHERE action='dataset.update' AND object='builtin' AND summary LIKE '%stats@parliament.example%'")
[ "$n" = 1 ] && echo "ok - the change of the built-in flows' contact is audited" || echo "not ok - audit rows for the contact: $n"
exit 0
