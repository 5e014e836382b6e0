#!/bin/sh
# test_synonyms.sh MAJLIS: `majlis synonyms list|add|remove` as an editor
# meets it on a demo parliament (seed 7, 2026-11-23). Groups are made,
# listed (text and JSON), grown and shrunk; duplicates (also those that
# differ only as search folds them: احمد = أحمد, AHMED = Ahmed) and bad
# terms are refused with a message and change nothing; every change is in
# the audit trail and the chain verifies. Then query-time expansion (the
# search core's part, doc/search-saved.md "Synonyms"): a made-up variant that is
# in no speech must find exactly the speeches of the word it is grouped
# with, in both directions, and nothing once the group is gone; the
# speaker: filter matches a name through the group (speaker:Ahmad finds
# Ahmed's speeches) and snippets mark the words matched through it.
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
f() { # name, then a command that must fail
  name=$1; shift
  if "$@" >"$T/out" 2>"$T/err"; then no "$name (it succeeded)"; else ok "$name"; fi
}
has() { # name, file, text it must contain
  if grep -qF -- "$3" "$2"; then ok "$1"; else no "$1"; echo "#   expected: $3"; sed 's/^/#   got: /' "$2" | head -5; fi
}
hasnt() { # name, file, text it must not contain
  if grep -qF -- "$3" "$2"; then no "$1"; echo "#   unexpected: $3"; else ok "$1"; fi
}
same() { # name, got, expected
  if [ "$2" = "$3" ]; then ok "$1"; else no "$1"; echo "#   got: $2"; echo "#   expected: $3"; fi
}

DB=$T/demo.db
export MAJLIS_DB=$DB
if ! "$M" demo --db "$DB" --seed 7 --date 2026-11-23 >"$T/out" 2>"$T/err"; then
  no "demo database"; sed 's/^/#   /' "$T/err" | head -5; exit 0
fi
S() { "$M" synonyms "$@"; }
terms() { # the number of stored terms, through the JSON listing
  S list --json | grep -c '"term":'
}
audits() { "$M" audit export | grep -c "\"action\":\"synonym\\.$1\""; }

t "list on an empty table" S list
has "it says there are none" "$T/out" "0 groups"

# ---- adding ----
t "add a group of three" S add "أحمد" Ahmed Ahmad --lang ar
has "it reports the group" "$T/out" "created group 1 with 3 terms"
t "list" S list
has "list shows the group in order, with languages" "$T/out" "group 1: أحمد [ar] | Ahmed [ar] | Ahmad [ar]"
t "a multi-word term, white space collapsed" S add "  Ahmed   Al  Khayyat " "أحمد الخياط"
has "it is a second group" "$T/out" "created group 2 with 2 terms"
S list >"$T/list"
has "the term is stored in its display form" "$T/list" "group 2: Ahmed Al Khayyat | أحمد الخياط"
t "add --group grows a group" S add --group 1 Akhmed
has "it reports the addition" "$T/out" "added 1 term to group 1"
same "six terms stored" "$(terms)" 6

# ---- refused, nothing changed ----
f "a term already in a group (another hamza spelling) is refused" S add "احمد" Ahmet
has "the message names the group and the stored term" "$T/err" "is already in synonym group 1 (as \"أحمد\")"
f "the same term in other capitals is refused" S add --group 2 AHMED
has "the message names the group" "$T/err" "already in synonym group 1"
f "one term is not a group" S add Solo
has "the message says why" "$T/err" "at least two terms"
f "a repeated term within one group is refused" S add Zeta zeta
has "the message names both" "$T/err" "are the same term for search"
f "an empty term is refused" S add "" Something
f "a term of punctuation only is refused" S add "!?!" Something
has "the message says why" "$T/err" "has no letter or digit"
f "a term of 101 characters is refused" S add "$(printf 'a%.0s' $(seq 1 101))" Something
has "the message gives the limit" "$T/err" "at most 100 characters"
f "a control character is refused" S add "$(printf 'bad\001term')" Something
f "a bad language code is refused" S add Foo Bar --lang English
f "an unknown group is refused" S add --group 99 Foo
has "the message names the group" "$T/err" "no synonym group 99"
f "a group number must be a number" S add --group x Foo
f "list takes no terms" S list extra
f "an unknown subcommand" S merge 1 2
same "still six terms after the refusals" "$(terms)" 6
same "two groups were audited" "$(audits group_add)" 2
same "one addition was audited" "$(audits add)" 1

# ---- JSON ----
t "list --json" S list --json
has "JSON has the group number" "$T/out" '"group": 1'
has "JSON has who made a term" "$T/out" '"created_by": "cli:'
has "JSON has the language" "$T/out" '"lang": "ar"'

# ---- removing ----
t "remove a term, named as search reads it" S remove AHMAD
has "it names the group" "$T/out" "removed \"AHMAD\" from group 1"
S list >"$T/list"
hasnt "Ahmad is gone" "$T/list" "Ahmad"
has "the rest of the group stays" "$T/list" "group 1: أحمد [ar] | Ahmed [ar] | Akhmed"
f "removing a term no group has" S remove Nobody
has "the message says so" "$T/err" "no synonym group has the term \"Nobody\""
t "remove a whole group" S remove --group 2
has "it counts the terms" "$T/out" "removed group 2 (2 terms)"
f "removing it again" S remove --group 2
same "three terms left" "$(terms)" 3
same "the removals were audited" "$(audits remove):$(audits group_remove)" "1:1"
t "the audit chain verifies" "$M" audit verify
t "help synonyms" "$M" help synonyms
has "help names the subcommands" "$T/out" "majlis synonyms remove TERM | --group N"

# ---- query-time expansion (the search core applies the groups) ----
# A word of the demo's speeches, and a made-up variant that is in none.
total() { "$M" search --json "$1" | sed -n 's/.*"total": *\([0-9][0-9]*\).*/\1/p' | head -1; }
word="الميزانية"
variant="ميزانيهقزم"
base=$(total "$word")
[ -n "$base" ] && [ "$base" -gt 0 ] && ok "the demo has speeches with $word ($base)" || no "the demo has speeches with $word (got '$base')"
same "the variant alone finds nothing" "$(total "$variant")" 0
t "group the variant with the word" S add "$variant" "$word"
same "a search for the variant finds the word's speeches" "$(total "$variant")" "$base"
same "a search for the word finds no fewer" "$( [ "$(total "$word")" -ge "$base" ] && echo yes)" yes
ids() { "$M" search --limit 100 "$1" | grep -o '  speech [0-9]*' | sort; }
same "and the same speeches" "$(ids "$variant" | tr '\n' ' ')" "$(ids "$word" | tr '\n' ' ')"
t "ungroup them" S remove "$variant"
same "the variant finds nothing again" "$(total "$variant")" 0

# ---- names and snippets (group 1 is أحمد | Ahmed | Akhmed here) ----
same "speaker:Ahmad finds nothing before Ahmad is grouped" "$(total 'speaker:Ahmad')" 0
ahmed=$(total 'speaker:Ahmed')
[ -n "$ahmed" ] && [ "$ahmed" -gt 0 ] && ok "speaker:Ahmed finds speeches ($ahmed)" || no "speaker:Ahmed finds speeches (got '$ahmed')"
t "group Ahmad with them" S add --group 1 Ahmad
same "speaker:Ahmad finds what speaker:Ahmed finds" "$(total 'speaker:Ahmad')" "$ahmed"
same "speaker:\"Ahmad Moosa\" finds what speaker:\"Ahmed Moosa\" finds" "$(total 'speaker:"Ahmad Moosa"')" \
  "$(total 'speaker:"Ahmed Moosa"')"
t "search Ahmed" "$M" search Ahmed --limit 2
has "the snippet marks أحمد, found through the group" "$T/out" "[أحمد]"
t "search Ahmad --json" "$M" search Ahmad --json --limit 1
has "the JSON snippet marks it too" "$T/out" "<mark>أحمد</mark>"
t "remove Ahmad" S remove Ahmad
same "speaker:Ahmad finds nothing again" "$(total 'speaker:Ahmad')" 0
exit 0
