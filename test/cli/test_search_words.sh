#!/bin/sh
# test_search_words.sh MAJLIS: how a search reads the user's words, as a
# user meets it on a demo parliament: the analyzer folds of schema 14 (the
# hamza seats ؤ ئ to ء, dotless ı to i, the Urdu letters), the question's
# answer-type noun left out ("كم عدد ..."), words no speech has searched as
# the nearest word the record has (and --no-respell), and the upgrade of a database
# from schema 13: migration 14 must build the search index again, or a
# database indexed with the old normal forms would keep answering with
# them. Prints TAP lines; exits 0.
M=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D="$T/d.db"
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; }
total() { "$M" search --db "$D" --json "$1" 2>"$T/err" | sed -n 's/.*"total": *\([0-9]*\).*/\1/p' | head -1; }
same() { # name, expected, actual
  if [ "$2" = "$3" ]; then ok "$1"; else no "$1"; echo "#   expected '$2', got '$3'"; fi
}

if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "not ok - the sqlite3 shell is missing (tools/deps.sh check installs it)"
  exit 0
fi
"$M" demo --db "$D" --date 2026-11-23 >/dev/null 2>&1 || { no "demo database"; exit 0; }

# ---- the folds, through the whole search path ----
a=$(total مسؤولية); b=$(total مسئولية)
if [ -n "$a" ] && [ "$a" -gt 0 ]; then ok "مسؤولية finds speeches ($a)"; else no "مسؤولية finds speeches (got '$a')"; fi
same "مسئولية finds the same speeches as مسؤولية" "$a" "$b"
same "the exact phrase \"=المسئولة\" finds the exact form المسؤولة" "$(total '"=المسؤولة"')" "$(total '"=المسئولة"')"
same "رءيس and رئيس are one word" "$(total رئيس)" "$(total رءيس)"

# ---- the noun after a question word ----
# عدد is in many speeches that do not mention the budget: kept, it would
# add them to the results of a question about the budget.
n_budget=$(total الميزانية); n_both=$(total 'عدد الميزانية')
if [ -n "$n_both" ] && [ -n "$n_budget" ] && [ "$n_both" -gt "$n_budget" ]; then ok "عدد counts as a word on its own ($n_both > $n_budget)";
else no "عدد counts as a word on its own ($n_both, $n_budget)"; fi
same "in كم عدد الميزانية only الميزانية is searched" "$n_budget" "$(total 'كم عدد الميزانية')"
same "in ما اسم الوزير only الوزير is searched" "$(total الوزير)" "$(total 'ما اسم الوزير')"

# ---- words no speech has (doc/search.md, "Words no speech has") ----
"$M" search --db "$D" --limit 1 لتقرير >"$T/out" 2>&1
if grep -qF "no speech has لتقرير: searched as تقرير" "$T/out"; then ok "majlis search says لتقرير was searched as تقرير";
else no "majlis search says لتقرير was searched as تقرير"; sed 's/^/#   /' "$T/out" | head -3; fi
n_report=$(total تقرير)
if [ -n "$n_report" ] && [ "$n_report" -gt 0 ]; then ok "تقرير finds speeches ($n_report)"; else no "تقرير finds speeches"; fi
same "لتقرير finds what تقرير finds" "$n_report" "$(total لتقرير)"
same "الموزانة (a typo) finds what الميزانية finds" "$n_budget" "$(total الموزانة)"
"$M" search --db "$D" --json --limit 1 الموزانة >"$T/out" 2>&1
if tr -d ' \n' <"$T/out" | grep -qF '"respelled":[{"word":"الموزانة","searched_as":"الميزانية"}]'; then ok "--json lists the word respelt";
else no "--json lists the word respelt"; grep -A4 respelled "$T/out" | sed 's/^/#   /'; fi
"$M" search --db "$D" --no-respell --limit 1 الموزانة >"$T/out" 2>&1
if grep -qF "0 speeches found" "$T/out" && ! grep -qF "no speech has" "$T/out" && grep -qF "did you mean: الميزانية" "$T/out"; then
  ok "--no-respell searches the word as written and suggests a spelling"
else no "--no-respell searches the word as written and suggests a spelling"; sed 's/^/#   /' "$T/out" | head -3; fi

# at most 4 words of a query are looked up by spelling distance (each reads the
# dictionary); a prefix (rule 1) is not such a look-up
"$M" search --db "$D" --limit 1 "الموزانة الحكومق التقريز المجلسس البرلمانن الوزيرز" >"$T/out" 2>&1
same "of six misspelt words, four are respelt by distance" "4" "$(grep -c '^no speech has' "$T/out")"
"$M" search --db "$D" --limit 1 "الموزانة الحكومق التقريز المجلسس لتقرير" >"$T/out" 2>&1
same "a word respelt without its prefix is not counted among the four" "5" "$(grep -c '^no speech has' "$T/out")"

# ---- upgrade from schema 13 ----
# Empty the index as one built by another analyzer would be (wrong for
# every speech), and mark the database as schema 13.
sqlite3 "$D" "PRAGMA user_version=13; ALTER TABLE saved_search DROP COLUMN recency; ALTER TABLE saved_search DROP COLUMN literal; DELETE FROM search_block; DELETE FROM search_pos; DELETE FROM search_term;
  DELETE FROM search_doc; UPDATE search_stat SET docs=0, len0=0, len1=0, len2=0, nf0=0, nf1=0, nf2=0;" \
  2>"$T/err" || { no "damaging the copy"; sed 's/^/#   /' "$T/err"; }
if "$M" check --db "$D" >"$T/out" 2>&1; then ok "majlis check passes after the upgrade to schema 14"; else
  no "majlis check passes after the upgrade to schema 14"; sed 's/^/#   /' "$T/out" | head -5; fi
same "the database is at schema 14 or later" "yes" "$(sqlite3 "$D" 'SELECT CASE WHEN user_version >= 14 THEN "yes" ELSE user_version END FROM pragma_user_version')"
same "after the upgrade مسئولية finds the speeches again" "$a" "$(total مسئولية)"
exit 0
