#!/bin/sh
# test_search_migrate.sh MAJLIS: a database at schema 13 (our search index
# in schema 10's layout) with speeches is migrated to schema 14 (the
# compact layout, src/store/migrations/0014_search_compact.sql) and on to
# schema 18 (lengths per speech, no term lists, BEFORE triggers, the
# dictionary keyed by its text: 0018_search_lean.sql) when it
# is opened: the index is built again from the speeches, `majlis check` finds
# it equal to a fresh build, and searching works. The schema-13 file is made
# from a demo database by putting the search tables back in schema 10's
# layout (with rows in it, as a real file has) and the version back to 13.
# Prints TAP lines; exits 0.
M=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; }
t() { # name, then a command that must succeed
  name=$1; shift
  if "$@" >"$T/out" 2>"$T/err"; then ok "$name"; else no "$name"; sed 's/^/#   /' "$T/err" | head -5; fi
}
eq() { # name, got, expected
  if [ "$2" = "$3" ]; then ok "$1"; else no "$1"; echo "#   got '$2', expected '$3'"; fi
}
command -v sqlite3 >/dev/null || { echo "# skip: the sqlite3 shell is not installed"; exit 0; }

D="$T/m.db"
"$M" demo --db "$D" --date 2026-11-23 >/dev/null 2>&1
n=$(sqlite3 "$D" "SELECT count(*) FROM speech")
[ "${n:-0}" -gt 0 ] && ok "the demo has speeches ($n)" || no "the demo has speeches"
V=$("$M" version | sed -n 's/.*schema \([0-9]*\).*/\1/p')
[ "${V:-0}" -ge 14 ] && ok "this majlis is at schema 14 or later ($V)" || no "this majlis is at schema 14 or later ($V)"
eq "a new database is at the current schema" "$(sqlite3 "$D" 'PRAGMA user_version')" "$V"

# back to schema 13: schema 10's tables (no docs, pos in search_term), with
# the dictionary and the block rows of the new file in them
sqlite3 "$D" <<'EOF'
BEGIN;
CREATE TABLE old_term AS SELECT id, term, stem, df, coalesce(bound, x'000000ffffff') FROM search_term;
CREATE TABLE old_block AS SELECT k >> 32 AS term, k & 4294967295 AS first, last, n, bound, docs FROM search_block;
CREATE TABLE old_pos AS SELECT k >> 32 AS term, k & 4294967295 AS first, pos FROM search_pos;
CREATE TABLE old_doc AS SELECT * FROM search_doc;
DROP TABLE search_term; DROP TABLE search_block; DROP TABLE search_pos; DROP TABLE search_doc; DROP TABLE search_stat;
DROP TABLE search_norm;
CREATE TABLE search_term(id INTEGER PRIMARY KEY, term TEXT NOT NULL, stem TEXT, df INTEGER NOT NULL,
  bound BLOB NOT NULL);
CREATE UNIQUE INDEX search_term_term ON search_term(term);
CREATE INDEX search_term_stem ON search_term(stem) WHERE stem IS NOT NULL;
CREATE TABLE search_block(term INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
  n INTEGER NOT NULL, bound BLOB NOT NULL, docs BLOB NOT NULL, PRIMARY KEY(term, first)) WITHOUT ROWID;
CREATE TABLE search_pos(term INTEGER NOT NULL, first INTEGER NOT NULL, pos BLOB NOT NULL,
  PRIMARY KEY(term, first)) WITHOUT ROWID;
CREATE TABLE search_doc(id INTEGER PRIMARY KEY, len BLOB NOT NULL, terms BLOB NOT NULL);
CREATE TABLE search_stat(id INTEGER PRIMARY KEY CHECK(id = 1), docs INTEGER NOT NULL,
  len0 INTEGER NOT NULL, len1 INTEGER NOT NULL, len2 INTEGER NOT NULL,
  nf0 INTEGER NOT NULL, nf1 INTEGER NOT NULL, nf2 INTEGER NOT NULL);
INSERT INTO search_term SELECT * FROM old_term;
INSERT INTO search_block SELECT * FROM old_block;
INSERT INTO search_pos SELECT * FROM old_pos;
INSERT INTO search_doc SELECT * FROM old_doc;
INSERT INTO search_stat VALUES(1, 0, 0, 0, 0, 0, 0, 0);
DROP TABLE old_term; DROP TABLE old_block; DROP TABLE old_pos; DROP TABLE old_doc;
-- and what the later migrations add that cannot be added twice
ALTER TABLE saved_search DROP COLUMN recency;
ALTER TABLE saved_search DROP COLUMN literal;
PRAGMA user_version=13;
COMMIT;
EOF
eq "the file is at schema 13" "$(sqlite3 "$D" 'PRAGMA user_version')" 13
eq "with schema 10's dictionary (no docs column)" \
  "$(sqlite3 "$D" "SELECT count(*) FROM pragma_table_info('search_term') WHERE name='docs'")" 0
eq "and no field lengths per speech (search_norm)" \
  "$(sqlite3 "$D" "SELECT count(*) FROM sqlite_schema WHERE name='search_norm'")" 0

# opening it migrates; check compares the index with a fresh build
t "majlis check migrates and passes" "$M" check --db "$D"
grep -qF "search index: ok ($n speeches" "$T/out" && ok "every speech is indexed" ||
  { no "every speech is indexed"; sed 's/^/#   /' "$T/out" | head -5; }
eq "the file is at the current schema" "$(sqlite3 "$D" 'PRAGMA user_version')" "$V"
eq "rare terms keep their postings in their row" \
  "$(sqlite3 "$D" "SELECT count(*) > 0 FROM search_term WHERE docs IS NOT NULL AND df <= 128")" 1
eq "and have no block rows" \
  "$(sqlite3 "$D" "SELECT count(*) FROM search_block b JOIN search_term t ON t.id = b.k >> 32 WHERE t.df <= 128")" 0
eq "a term in more than 128 speeches is in blocks" \
  "$(sqlite3 "$D" "SELECT count(*) > 0 FROM search_term WHERE df > 128 AND docs IS NULL AND bound IS NOT NULL")" 1
eq "and none of them in its row" \
  "$(sqlite3 "$D" "SELECT count(*) FROM search_term WHERE df > 128 AND docs IS NOT NULL")" 0
eq "search_doc keeps a checksum, not the speech's terms (schema 18)" \
  "$(sqlite3 "$D" "SELECT group_concat(name, ' ') FROM (SELECT name FROM pragma_table_info('search_doc') ORDER BY cid)")" \
  "id len sum"
eq "and the triggers remove a speech before its fields change" \
  "$(sqlite3 "$D" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type='trigger' AND name GLOB 'search_*_b[ud]' ORDER BY name)")" \
  "search_agenda_bd search_agenda_bu search_person_bd search_person_bu search_section_bd search_section_bu search_speech_bd search_speech_bu"
eq "the dictionary is keyed by the normal form, with one index, on the stem (schema 18)" \
  "$(sqlite3 "$D" "SELECT (SELECT sql LIKE '%term TEXT PRIMARY KEY%WITHOUT ROWID' FROM sqlite_schema WHERE name='search_term') || ' ' || (SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE tbl_name='search_term' AND type='index' ORDER BY name))")" \
  "1 search_term_stem"
eq "and the next new term's id is past every term's" \
  "$(sqlite3 "$D" "SELECT nextterm = (SELECT max(id) + 1 FROM search_term) FROM search_stat")" 1
# schema 18: the field lengths once per speech, 3 bytes each, in chunks of 1024
# speech ids; a posting holds the id delta and the frequencies, no length byte
# (text only: tf << 2; a heading or speaker occurrence: flag 2 or 1, then its tf)
eq "every indexed speech has its field lengths in search_norm" \
  "$(sqlite3 "$D" "SELECT count(*) FROM search_doc d JOIN search_norm n ON n.id = d.id >> 10
    WHERE length(n.q) >= 3 * ((d.id & 1023) + 1) AND substr(n.q, 3 * (d.id & 1023) + 1, 3) != x'000000'")" \
  "$(sqlite3 "$D" "SELECT count(*) FROM search_doc")"
eq "one row per chunk of 1024 speech ids" \
  "$(sqlite3 "$D" "SELECT count(*) FROM search_norm")" "$(sqlite3 "$D" "SELECT count(DISTINCT id >> 10) FROM search_doc")"
eq "the statistics have a stamp" "$(sqlite3 "$D" "SELECT typeof(stamp) FROM search_stat")" integer
eq "a posting of a word once in one speech ends with its frequency, no length byte" \
  "$(sqlite3 "$D" "SELECT count(*) > 100 AND sum(NOT (hex(docs) GLOB '*04' OR hex(docs) GLOB '*0201' OR hex(docs) GLOB '*0101')) = 0
    FROM search_term WHERE df = 1 AND length(pos) = 1")" 1
w=$(sqlite3 "$D" "SELECT term FROM search_term WHERE df BETWEEN 2 AND 16 AND stem IS NULL AND term GLOB '[ء-ي]*' ORDER BY df DESC, id LIMIT 1")
t "a search finds a rare word ($w)" "$M" search --db "$D" --limit 3 "$w"
grep -qF "speeches found" "$T/out" && ok "and counts the matches" || { no "and counts the matches"; sed 's/^/#   /' "$T/out" | head -5; }
# (edits after the migration, crossing between a row and blocks, are
# test_search_rank's inline_postings_move: the triggers need majlis's SQL
# functions, which the sqlite3 shell has not)
t "majlis search --rebuild on the migrated file" "$M" search --rebuild --db "$D"
t "and majlis check passes after it" "$M" check --db "$D"
exit 0
