#!/bin/sh
# test_alerts.sh MAJLIS_BINARY: e-mail alerts end to end against a real
# local SMTP server (Debian's python3-aiosmtpd, Mailbox handler writing a
# maildir). A demo parliament is served by `majlis serve`; a reader
# subscribes to a member over HTTP, the confirmation mail is read from the
# mailbox, confirmed by POST; a new speech of the member is added; `majlis
# alerts send` mails the digest (checked: the speech, List-Unsubscribe,
# List-Unsubscribe-Post, the Arabic subject decoded); RFC 8058 one-click
# unsubscribe; the next digest is not sent. Also: e-mail off, bad input,
# replayed and expired tokens, GET changing nothing. TAP lines on stdout.
set -u
M=${1:?usage: test/cli/test_alerts.sh MAJLIS_BINARY}
case "$M" in /*) ;; *) M="$(pwd)/$M" ;; esac
PY=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import aiosmtpd' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
  if ! command -v python3 >/dev/null 2>&1; then echo "ok - alerts # skip: python3 is missing"; exit 0; fi
  echo "not ok - python3-aiosmtpd is missing (tools/deps.sh check installs it)"; exit 0
fi
command -v curl >/dev/null 2>&1 || { echo "not ok - curl is missing"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/majlis-alerts.XXXXXX") || exit 1
SMTPD=""; SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; [ -n "$SMTPD" ] && kill "$SMTPD" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; [ $# -gt 1 ] && echo "#   $(echo "$2" | head -c 600 | tr '\n' ' ')"; }
check() { if eval "$2"; then ok "$1"; else no "$1" "${3:-}"; fi; }
DB=$T/m.db
q() { sqlite3 "$DB" "$1"; }
freeport() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nmail() { ls "$T/mail/new" 2>/dev/null | wc -l; }
showmail() {
  "$PY" - "$T/mail/new/$1" <<'P'
import sys, email, email.header, email.policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
for k in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
          "List-Unsubscribe", "List-Unsubscribe-Post"):
    print("%s: %s" % (k, m.get(k, "")))
raw = open(sys.argv[1], 'rb').read().decode('ascii', 'replace')
print("RawSubject: " + [l for l in raw.split("\n") if l.startswith("Subject:")][0].strip())
print()
print(m.get_content())
P
}
# the decoded mails whose text matches every grep pattern given, into $T/found
findmail() {
  : >"$T/found"
  for f in $(ls "$T/mail/new" 2>/dev/null); do
    showmail "$f" >"$T/dec" 2>&1
    hit=1
    for pat in "$@"; do grep -q -- "$pat" "$T/dec" || hit=0; done
    [ $hit = 1 ] && cat "$T/dec" >>"$T/found"
  done
}
waitmail() { i=0; while [ "$(nmail)" -lt "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; }

"$M" demo --db "$DB" --seed 7 --date 2026-11-23 >/dev/null 2>&1 || { echo "not ok - demo database"; exit 0; }
SP=$(freeport); HP=$(freeport)
"$PY" -m aiosmtpd -n -l "127.0.0.1:$SP" -c aiosmtpd.handlers.Mailbox "$T/mail" >"$T/smtpd.log" 2>&1 &
SMTPD=$!
"$M" serve --db "$DB" --listen "127.0.0.1:$HP" --quiet >"$T/serve.log" 2>&1 &
SERVER=$!
U=http://127.0.0.1:$HP
i=0; until curl -fs "$U/api/v1/health" >/dev/null 2>&1 || [ $i -gt 100 ]; do sleep 0.1; i=$((i+1)); done
i=0; until "$PY" -c "import socket; socket.create_connection(('127.0.0.1',$SP),1)" 2>/dev/null || [ $i -gt 100 ]; do sleep 0.1; i=$((i+1)); done
post() { curl -s -o "$T/body" -w '%{http_code}' -H 'Accept-Language: ar' "$@"; }
MEMBER=$(q "select min(person_id) from membership where organization_id=1")
COMM=$(q "select min(id) from organization where classification='committee'")

# ---- e-mail off ----
out=$(curl -s "$U/alerts")
check "without smtp_url the page says e-mail is off" 'echo "$out" | grep -q "id=\"mail-off\""'
st=$(post -d "email=a@example.org&kind=member&target=$MEMBER" "$U/alerts")
check "without smtp_url POST /alerts refuses clearly, nothing stored" '[ "$st" = 409 ] && grep -q "mail-off\|error-msg" "$T/body" && [ "$(q "select count(*) from alert_subscription")" = 0 ]' "$st"
out=$(curl -s "$U/search.atom?q=budget")
check "feeds work with e-mail off" 'echo "$out" | grep -q "<feed xmlns=\"http://www.w3.org/2005/Atom\""' "$out"

# ---- settings ----
out=$("$M" settings --db "$DB" smtp_url ftp://x 2>&1)
check "settings: a bad smtp_url is refused" '[ $? -ne 0 ] && echo "$out" | grep -q "smtp_url is smtp://"' "$out"
"$M" settings --db "$DB" smtp_url "smtp://127.0.0.1:$SP" >/dev/null && "$M" settings --db "$DB" smtp_from "Majlis <alerts@majlis.test>" >/dev/null &&
  "$M" settings --db "$DB" public_url "$U" >/dev/null
check "settings: smtp_url, smtp_from, public_url set" '[ "$(q "select value from meta where key=\"public_url\"")" = "$U" ]'
out=$(curl -s "$U/alerts?kind=member&target=$MEMBER")
check "with e-mail on the form is ready and prefilled" '! echo "$out" | grep -q "id=\"mail-off\"" && echo "$out" | grep -q "value=\"$MEMBER\""'

# ---- bad input: clear errors, nothing stored ----
for case in "email=not-an-address&kind=member&target=$MEMBER|400" "email=a@example.org&kind=member&target=|400" \
            "email=a@example.org&kind=party&target=1|400" "email=a@example.org&kind=member&target=999999|404" \
            "email=a@example.org&kind=committee&target=$MEMBER|404" "email=a%0d%0aBcc:x@y.org@example.org&kind=member&target=$MEMBER|400" \
            "email=a@example.org&kind=keyword&target=$(printf '%0250d' 0)|400"; do
  body=${case%|*}; want=${case##*|}
  st=$(post -d "$body" "$U/alerts")
  check "bad request ($body) -> $want" '[ "$st" = "$want" ] && grep -q "error-msg" "$T/body"' "$st $(grep -o 'role="alert">[^<]*' "$T/body")"
done
check "nothing stored and no mail sent for bad requests" '[ "$(q "select count(*) from alert_subscription")" = 0 ] && [ "$(nmail)" = 0 ]'

# ---- subscribe, confirm ----
st=$(post -d "email=Reader@Example.org&kind=member&target=$MEMBER" "$U/alerts")
waitmail 1
check "subscribing answers 202 and sends a confirmation mail" '[ "$st" = 202 ] && [ "$(nmail)" = 1 ]' "$st"
findmail "^To: reader@example.org"; cp "$T/found" "$T/m1"
TOKEN=$(grep -o 'confirm?token=[0-9a-f]*' "$T/m1" | head -1 | cut -d= -f2)
check "confirmation mail: UTF-8 subject in Arabic, link with a token, well-formed headers" \
  'grep -q "^Subject: أكّد تنبيه البريد الإلكتروني" "$T/m1" && grep -q "^RawSubject: Subject: =?UTF-8?B?" "$T/m1" && [ ${#TOKEN} = 64 ] &&
   grep -q "^To: reader@example.org" "$T/m1" && grep -q "^Message-ID: <.*@majlis.test>" "$T/m1" && grep -q "^Date: ..., " "$T/m1" &&
   grep -q "^MIME-Version: 1.0" "$T/m1" && grep -qi "^Content-Type: text/plain; charset=\"*utf-8" "$T/m1" && grep -q "^Content-Transfer-Encoding: base64" "$T/m1"' "$(cat "$T/m1")"
check "the token is stored hashed only" '[ "$(q "select count(*) from alert_subscription where confirm_hash=\"$TOKEN\"")" = 0 ] && [ "$(q "select status from alert_subscription")" = pending ]'
st=$(post -d "email=reader@example.org&kind=member&target=$MEMBER" "$U/alerts"); cp "$T/body" "$T/b2"
st2=$(post -d "email=someone-new@example.org&kind=member&target=$MEMBER" "$U/alerts")
check "same reply for a known and an unknown address" '[ "$st" = 202 ] && [ "$st2" = 202 ] && grep -q "alert-requested" "$T/b2" && grep -q "alert-requested" "$T/body"'
curl -s "$U/alerts/confirm?token=$TOKEN" >"$T/g"
check "GET /alerts/confirm shows a button and changes nothing" 'grep -q "action=\"/alerts/confirm\"" "$T/g" && [ "$(q "select count(*) from alert_subscription where status=\"active\"")" = 0 ]'
st=$(post -d "token=$TOKEN" "$U/alerts/confirm")
check "POST /alerts/confirm confirms" '[ "$st" = 200 ] && [ "$(q "select count(*) from alert_subscription where status=\"active\"")" = 1 ]' "$st"
st=$(post -d "token=$TOKEN" "$U/alerts/confirm")
check "a replayed confirmation token is refused, nothing changed" '[ "$st" = 404 ] && [ "$(q "select count(*) from alert_subscription where status=\"active\"")" = 1 ]' "$st"
check "confirmation audited without the address" '[ "$(q "select count(*) from audit where action=\"alert.confirm\"")" = 1 ] && [ "$(q "select count(*) from audit where summary like \"%example.org%\"")" = 0 ]'
# an expired token
waitmail 3
findmail "^To: someone-new@example.org"; TOK3=$(grep -o 'confirm?token=[0-9a-f]*' "$T/found" | head -1 | cut -d= -f2)
q "update alert_subscription set confirm_expires=1 where status='pending'"
st=$(post -d "token=$TOK3" "$U/alerts/confirm")
check "an expired confirmation token is refused" '[ ${#TOK3} = 64 ] && [ "$st" = 404 ] && [ "$(q "select count(*) from alert_subscription where status=\"active\"")" = 1 ]' "$st"

# ---- a new speech, the digest ----
out=$("$M" alerts send --db "$DB" 2>&1)
check "nothing new: no digest" 'echo "$out" | grep -q "0 digests sent, 1 with nothing new" && [ "$(nmail)" = 3 ]' "$out"
SIT=$(q "select max(id) from sitting")
POS=$(q "select coalesce(max(position),0)+1 from speech where sitting_id=$SIT")
# The search index needs majlis's functions, which the sqlite3 shell lacks:
# insert past its trigger, put the trigger back, and let
# `majlis search --rebuild` index the new speech.
add_speech() { # position, text
  trg=$(q "select sql from sqlite_master where type='trigger' and name='search_speech_ai'")
  sqlite3 "$DB" "drop trigger search_speech_ai;
    insert into speech(sitting_id,position,person_id,kind,lang,text) values($SIT,$1,$MEMBER,'speech','ar','$2'); $trg;" &&
  "$M" search --rebuild --db "$DB" >/dev/null
}
add_speech "$POS" 'نص جديد عن الميزانية العامة للدولة ALERTMARK' || echo "not ok - could not add a speech"
out=$("$M" alerts send --db "$DB" --dry-run 2>&1)
check "--dry-run composes without sending" 'echo "$out" | grep -q "1 digest composed" && [ "$(nmail)" = 3 ]' "$out"
out=$("$M" alerts send --db "$DB" 2>&1)
waitmail 4
check "alerts send: one digest sent" 'echo "$out" | grep -q "1 digest sent"' "$out"
findmail "ALERTMARK"; cp "$T/found" "$T/m4"
UNSUB=$(grep '^List-Unsubscribe: ' "$T/m4" | sed 's/^List-Unsubscribe: <\(.*\)>$/\1/')
check "digest: the speech, its link, List-Unsubscribe one-click headers, Arabic subject" \
  'grep -q "ALERTMARK" "$T/m4" && grep -q "/sittings/$SIT#speech-" "$T/m4" && grep -q "^List-Unsubscribe-Post: List-Unsubscribe=One-Click" "$T/m4" &&
   echo "$UNSUB" | grep -q "^$U/alerts/unsubscribe?token=[0-9a-f]\{64\}$" && grep -q "^Subject: جديد في المضبطة" "$T/m4"' "$(cat "$T/m4")"
out=$("$M" alerts send --db "$DB" 2>&1)
check "the same speech is not sent twice" 'echo "$out" | grep -q "0 digests sent" && [ "$(nmail)" = 4 ]' "$out"

# ---- one-click unsubscribe ----
curl -s "$UNSUB" >"$T/g"
check "GET unsubscribe shows a button and changes nothing" 'grep -q "action=\"/alerts/unsubscribe\"" "$T/g" && [ "$(q "select count(*) from alert_subscription where status=\"active\"")" = 1 ]'
st=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data 'List-Unsubscribe=One-Click' "$UNSUB")
check "RFC 8058 one-click POST unsubscribes and erases the address" '[ "$st" = 200 ] && [ "$(q "select count(*) from alert_subscription where status=\"unsubscribed\" and email is null")" = 1 ] && [ "$(q "select count(*) from audit where action=\"alert.unsubscribe\"")" = 1 ]' "$st"
add_speech $((POS+1)) 'نص آخر ALERTMARK2' || echo "not ok - could not add a speech"
out=$("$M" alerts send --db "$DB" 2>&1); sleep 0.3
check "after unsubscribing no digest is sent" 'echo "$out" | grep -q "^0 active subscriptions" && [ "$(nmail)" = 4 ]' "$out"
st=$(post -d "token=0000000000000000000000000000000000000000000000000000000000000000" "$U/alerts/unsubscribe")
check "an unknown unsubscribe token is refused" '[ "$st" = 404 ]' "$st"
out=$("$M" alerts list --db "$DB" 2>&1)
check "alerts list shows the subscriptions" 'echo "$out" | grep -q "^1 *unsubscribed ar member *- "' "$out"

# ---- rate limit per address ----
for n in 1 2 3 4 5 6; do st=$(post -d "email=many@example.org&kind=committee&target=$COMM" "$U/alerts"); done
check "at most 5 pending per address: the sixth is refused (429)" '[ "$st" = 429 ] && grep -q "waiting for confirmation" "$T/body" && [ "$(q "select count(*) from alert_subscription where email=\"many@example.org\"")" = 5 ]' "$st"
