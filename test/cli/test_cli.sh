#!/bin/sh
# test_cli.sh MAJLIS: the command-line face as a user meets it. Each check
# prints one TAP line; the script exits 0 (run.sh counts the lines).
M=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
T=$(mktemp -d)
trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
SRV=
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
has() { grep -q -- "$1" "$2"; }

t "version prints the version" sh -c "'$M' version | grep -q '^majlis [0-9]'"
t "help lists every command" sh -c "'$M' help | grep -q serve && '$M' help | grep -q backup && '$M' help | grep -q check"
for c in init demo serve check backup audit version help; do
  t "help $c" sh -c "'$M' help $c | grep -q usage && '$M' $c --help | grep -q usage"
done
t "help roles prints the matrix" sh -c "'$M' help roles | grep -q administrator"
f "an unknown command fails" "$M" frobnicate
has "no command 'frobnicate'" "$T/err" && ok "and says so" || no "and says so"
f "an unknown option fails" "$M" init --db "$T/x.db" --colour
has "unknown option --colour" "$T/err" && ok "and names the option" || no "and names the option"
[ ! -e "$T/x.db" ] && ok "a refused command creates nothing" || no "a refused command creates nothing"

t "init creates a database" "$M" init --db "$T/a.db"
f "init refuses an existing file" "$M" init --db "$T/a.db"
has "already exists" "$T/err" && ok "and says why" || no "and says why"
t "check passes on a new database" "$M" check --db "$T/a.db"
(cd "$T" && MAJLIS_DB=a.db "$M" check >/dev/null 2>&1) && ok "--db defaults to \$MAJLIS_DB" || no "--db defaults to \$MAJLIS_DB"
(cd "$T" && "$M" init >/dev/null 2>&1 && [ -s majlis.db ]) && ok "then to ./majlis.db" || no "then to ./majlis.db"
f "check on a missing file fails" "$M" check --db "$T/missing.db"
has "majlis init" "$T/err" && ok "and says how to create one" || no "and says how to create one"
sqlite3 "$T/a.db" 'PRAGMA user_version=99' 
f "a database from a newer Majlis is refused" "$M" serve --db "$T/a.db" --listen 127.0.0.1:0
has "newer Majlis" "$T/err" && ok "with a message that says so" || no "with a message that says so"

t "demo creates a parliament" "$M" demo --db "$T/d.db" --date 2026-11-23 --seed 3
has "password '" "$T/out" && ok "demo prints the administrator password" || no "demo prints the administrator password"
has "40 members" "$T/out" && ok "demo has a 40-seat chamber" || no "demo has a 40-seat chamber"
f "demo refuses an existing file" "$M" demo --db "$T/d.db"
f "demo refuses a bad date" "$M" demo --db "$T/bad.db" --date 2026-13-45
[ ! -e "$T/bad.db" ] && ok "a failed demo leaves no file" || no "a failed demo leaves no file"
f "demo refuses a bad seed" "$M" demo --db "$T/bad.db" --seed -4
t "check passes on the demo" "$M" check --db "$T/d.db"
has "audit chain: ok" "$T/out" && ok "check includes the audit chain" || no "check includes the audit chain"
has "search index: ok" "$T/out" && ok "check includes the search index" || no "check includes the search index"
t "audit verify passes" "$M" audit verify --db "$T/d.db"
t "audit export writes JSON lines" sh -c "'$M' audit export --db '$T/d.db' | head -1 | grep -q '\"action\":\"demo.create\"'"
t "audit export --since a future date is empty" sh -c "[ -z \"\$('$M' audit export --db '$T/d.db' --since 2999-01-01)\" ]"
f "audit export --since garbage fails" "$M" audit export --db "$T/d.db" --since yesterday

# the real members of Bahrain's Council of Representatives, from shared data
DATA=${MAJLIS_DATA:-../shared/data}
BH="$DATA/popolo/everypolitician_bahrain_council_of_representatives/ep-popolo-v1.0.json"
if [ -f "$BH" ]; then
  t "demo --real-members takes the members from the Popolo file" env MAJLIS_DATA="$DATA" "$M" demo --db "$T/real.db" --real-members --date 2026-11-23
  [ "$(sqlite3 "$T/real.db" "select count(*) from person where name_ar like '%بوفرسن%'")" = 1 ] \
    && ok "a real member's Arabic name is there" || no "a real member's Arabic name is there"
  [ "$(sqlite3 "$T/real.db" "select count(*) from organization where classification='bloc'")" = 0 ] \
    && ok "real members get no invented party" || no "real members get no invented party"
else
  echo "# skip: demo --real-members (no shared data at $BH)"
fi
f "--real-members with a missing file fails" "$M" demo --db "$T/real2.db" --real-members --members-file "$T/none.json"
has "members-file" "$T/err" && ok "and says how to point to the file" || no "and says how to point to the file"
echo '{"persons": [{"id": "x"}]}' > "$T/bad.json"
f "--members-file with a nameless person fails" "$M" demo --db "$T/real3.db" --real-members --members-file "$T/bad.json"
has "no id or no name" "$T/err" && ok "naming the person" || no "naming the person"
[ ! -e "$T/real3.db" ] && ok "and leaves no file" || no "and leaves no file"

# the rules of a body
t "body shows the chamber's rules" sh -c "'$M' body 1 --db '$T/d.db' | grep -q '^quorum_rule majority'"
t "body sets a rule" sh -c "'$M' body 1 quorum_rule two_thirds --db '$T/d.db' | grep -q '^quorum_rule two_thirds'"
t "body sets a number" sh -c "'$M' body 1 speech_seconds 240 --db '$T/d.db' | grep -q '^speech_seconds 240'"
f "body refuses an unknown rule" "$M" body 1 colour red --db "$T/d.db"
f "body refuses a bad value" "$M" body 1 allow_proxy 2 --db "$T/d.db"
f "body refuses a party" sh -c "'$M' body \$(sqlite3 '$T/d.db' \"select id from organization where classification='bloc' limit 1\") allow_proxy 1 --db '$T/d.db'"
[ "$(sqlite3 "$T/d.db" "select quorum_rule from organization where id=1")" = two_thirds ] && ok "the rule is stored" || no "the rule is stored"
"$M" body 1 quorum_rule majority --db "$T/d.db" >/dev/null

# a backup taken while the server runs is consistent
PORT=$((20000 + $$ % 20000))
"$M" serve --db "$T/d.db" --listen 127.0.0.1:$PORT --quiet 2>"$T/serve.err" &
SRV=$!
i=0; while [ $i -lt 100 ] && ! curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; do i=$((i+1)); sleep 0.05; done
t "serve answers" curl -sf "http://127.0.0.1:$PORT/api/v1/health"
grep -q "serving" "$T/serve.err" && ok "serve says where it listens" || no "serve says where it listens"
t "backup while serving" "$M" backup --db "$T/d.db" "$T/copy.db"
t "the backup passes check" "$M" check --db "$T/copy.db"
[ "$(sqlite3 "$T/copy.db" 'select count(*) from speech')" = "$(sqlite3 "$T/d.db" 'select count(*) from speech')" ] \
  && ok "the backup has every speech" || no "the backup has every speech"
f "backup never overwrites" "$M" backup --db "$T/d.db" "$T/copy.db"
f "backup needs a destination" "$M" backup --db "$T/d.db"
kill -TERM $SRV; wait $SRV; rc=$?; SRV=
[ $rc -eq 0 ] && ok "serve exits 0 on SIGTERM" || no "serve exits 0 on SIGTERM (status $rc)"

# HTTPS with a certificate of our own
if command -v openssl >/dev/null 2>&1; then
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 2 -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
  echo "a long enough password" | "$M" user add tlsuser --role staff --password-stdin --db "$T/copy.db" >/dev/null
  PORT2=$((PORT + 1))
  "$M" serve --db "$T/copy.db" --listen 127.0.0.1:$PORT2 --quiet --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" 2>"$T/tls.err" &
  SRV=$!
  i=0; while [ $i -lt 100 ] && ! curl -skf "https://127.0.0.1:$PORT2/api/v1/health" >/dev/null 2>&1; do i=$((i+1)); sleep 0.05; done
  t "serve --tls-cert/--tls-key answers over HTTPS" curl -skf "https://127.0.0.1:$PORT2/api/v1/health"
  curl -sk -o /dev/null -D "$T/h" -X POST -H 'Content-Type: application/json' \
    -d '{"user":"tlsuser","password":"a long enough password"}' "https://127.0.0.1:$PORT2/api/v1/session"
  grep -i '^set-cookie: mj_session=' "$T/h" | grep -q '; Secure' && ok "the session cookie is Secure over HTTPS" \
    || no "the session cookie is Secure over HTTPS"
  f "and not over plain HTTP" curl -sf "http://127.0.0.1:$PORT2/api/v1/health"
  grep -q "https://" "$T/tls.err" && ok "serve says it serves https" || no "serve says it serves https"
  kill -TERM $SRV; wait $SRV; SRV=
  f "serve refuses a missing key file" "$M" serve --db "$T/copy.db" --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/none.pem"
else
  echo "# skip: TLS (no openssl command to make a test certificate)"
fi

# tampering with the audit trail is found, and the row is named
sqlite3 "$T/d.db" "DROP TRIGGER audit_no_update; UPDATE audit SET summary='forged' WHERE id=1"
f "check fails after the audit trail is edited" "$M" check --db "$T/d.db"
has "BROKEN at row 1" "$T/out" && ok "and names the row" || no "and names the row"
f "audit verify fails too" "$M" audit verify --db "$T/d.db"
exit 0
