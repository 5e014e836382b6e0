#!/bin/sh
# test_users.sh MAJLIS: accounts, roles, two-factor enrolment, API tokens and
# settings from the command line, checked against a server started on the
# same database. Each check prints one TAP line; the script exits 0 (run.sh
# counts the lines). Waits are bounded polls; nothing waits for a fixed time.
M=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
T=$(mktemp -d)
SRV=
trap 'if [ -n "$SRV" ]; then kill $SRV 2>/dev/null; wait $SRV 2>/dev/null; fi; rm -rf "$T"' EXIT
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
check() { # name, then a test that must hold
  name=$1; shift
  if "$@"; then ok "$name"; else no "$name"; fi
}
has() { grep -q -- "$1" "$2"; }

D="$T/u.db"
PW='a long test password'
U() { "$M" user "$@" --db "$D"; }
list() { "$M" user list --db "$D" >"$T/list" 2>&1; cat "$T/list"; }

t "init creates a database" "$M" init --db "$D"

# ---- adding users
t "user add with a generated password" U add alice --role staff
check "it says what it created" has "created user alice with roles staff" "$T/out"
GEN=$(sed -n 's/^password: \([^ ]*\) (shown once)$/\1/p' "$T/out")
check "the generated password is printed once, 12 characters or more" [ "${#GEN}" -ge 12 ]
printf '%s\n' "$PW" >"$T/pw"
t "user add --password-stdin" U add bob --role member,reporter --password-stdin <"$T/pw"
check "a given password is not echoed" sh -c "! grep -q 'password' '$T/out'"
check "nor in the database in clear" sh -c "! sqlite3 '$D' .dump | grep -q '$PW'"
[ "$(sqlite3 "$D" "select count(*) from user where pw_hash like '\$argon2id\$%'")" = 2 ] \
  && ok "passwords are stored as argon2id hashes" || no "passwords are stored as argon2id hashes"
t "roles can change before any administrator exists" U role alice staff member
t "and change back" U role alice staff
list >"$T/list0"

f "an unknown role is refused" U add carol --role emperor
check "with a message naming it" has "unknown role 'emperor'" "$T/err"
f "a known role with an unknown one is refused" U add carol --role staff,emperor
f "a bad name is refused" U add 'Carol Smith' --role staff
check "with a message about the name" has "user name" "$T/err"
f "an upper-case name is refused" U add Carol --role staff
f "a duplicate is refused" U add alice --role member
check "with a message saying it exists" has "already exists" "$T/err"
f "a short password from standard input is refused" sh -c "printf 'short\n' | '$M' user add carol --db '$D' --role staff --password-stdin"
f "user add without --role is refused" U add carol
list >"$T/list1"
check "refused additions leave the user list unchanged" cmp -s "$T/list0" "$T/list1"
[ "$(sqlite3 "$D" "select count(*) from user where name like 'carol%' or name like 'Carol%'")" = 0 ] \
  && ok "and create nothing" || no "and create nothing"

# ---- roles
printf '%s\n' "$PW" >"$T/pw"
t "an administrator is added" U add boss --role administrator --password-stdin <"$T/pw"
t "user role replaces the roles" U role bob staff committee_secretary
check "user role says what it set" has "roles of bob: staff,committee_secretary" "$T/out"
list >/dev/null
check "user list shows the new roles" grep -q '^bob  *committee_secretary,staff ' "$T/list"
check "user list shows every user" sh -c "grep -q '^alice ' '$T/list' && grep -q '^boss  *administrator ' '$T/list'"
f "user role with an unknown role is refused" U role bob staff emperor
f "user role with 'public' is refused" U role bob public
f "user role for an unknown user is refused" U role nobody staff
list >/dev/null
check "and the roles are unchanged" grep -q '^bob  *committee_secretary,staff ' "$T/list"
f "disabling the last administrator is refused" U disable boss
check "with a message saying why" has "last administrator" "$T/err"
f "taking the last administrator's role away is refused" U role boss staff
list >/dev/null
check "the administrator stays an enabled administrator" sh -c "grep '^boss ' '$T/list' | grep -q administrator && ! grep '^boss ' '$T/list' | grep -q disabled"

# ---- two-factor enrolment
t "user totp enrols" U totp boss
check "it prints an otpauth:// URI" grep -q '^otpauth://totp/Majlis:boss?secret=[A-Z2-7]*&issuer=Majlis' "$T/out"
check "and a QR code" [ "$(grep -c '█' "$T/out")" -ge 10 ]
check "and ten recovery codes" [ "$(grep -c '^  [a-z2-9]\{5\}-[a-z2-9]\{5\}$' "$T/out")" = 10 ]
list >/dev/null
check "user list shows two-factor on" sh -c "grep '^boss ' '$T/list' | grep -q 'totp:on'"
check "the instance key is made, private" sh -c "[ -s '$D.key' ] && ls -l '$D.key' | grep -q '^-rw------- '"
f "user totp for an unknown user is refused" U totp nobody

# ---- settings
f "settings require_totp 2 is refused" "$M" settings require_totp 2 --db "$D"
t "settings require_totp 0 is accepted" "$M" settings require_totp 0 --db "$D"
check "and read back" sh -c "[ \"\$('$M' settings require_totp --db '$D')\" = 0 ]"
t "settings require_totp 1 is accepted" "$M" settings require_totp 1 --db "$D"
f "an unknown setting is refused" "$M" settings colour blue --db "$D"

# ---- help
"$M" help roles >"$T/roles" 2>&1
for r in administrator clerk presiding member reporter editor certifier committee_secretary relations \
         data_officer ai_officer staff public; do
  check "help roles lists $r" grep -q "^  $r " "$T/roles"
done

# ---- against a running server
"$M" serve --db "$D" --listen 127.0.0.1:0 --quiet 2>"$T/serve.err" &
SRV=$!
PORT=
i=0
while [ $i -lt 200 ] && [ -z "$PORT" ]; do
  PORT=$(sed -n 's|.*serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$T/serve.err")
  [ -n "$PORT" ] || { i=$((i+1)); sleep 0.05; }
done
B="http://127.0.0.1:$PORT"
i=0; while [ $i -lt 100 ] && ! curl -sf "$B/api/v1/health" >/dev/null 2>&1; do i=$((i+1)); sleep 0.05; done
check "serve answers" curl -sf "$B/api/v1/health" -o /dev/null
signin() { # user password: prints the status of POST /api/v1/session
  curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"user\":\"$1\",\"password\":\"$2\"}" "$B/api/v1/session"
}
me() { # token: prints the status of GET /api/v1/me
  curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $1" "$B/api/v1/me"
}
check "the generated password signs in" [ "$(signin alice "$GEN")" = 200 ]
check "a wrong password does not" [ "$(signin alice 'not the password')" = 401 ]

t "token create prints a token" "$M" token create ci --user bob --db "$D"
TOKEN=$(cat "$T/out")
TID=$(sed -n 's/^majlis: token \([0-9][0-9]*\) for bob.*/\1/p' "$T/err")
check "the token is mjt_ and 64 hex digits, alone on standard output" \
  sh -c "[ \$(wc -l <'$T/out') = 1 ] && grep -q '^mjt_[0-9a-f]\{64\}\$' '$T/out'"
check "the token's number goes to standard error" [ -n "$TID" ]
check "the token works against the server" [ "$(me "$TOKEN")" = 200 ]
check "as its user" grep -q '"user":"bob"' "$T/body"
check "the token is not in the database" sh -c "! sqlite3 '$D' .dump | grep -q '${TOKEN#mjt_}'"
"$M" token list --db "$D" >"$T/tokens" 2>&1
check "token list shows it without the secret" sh -c "grep -q '^$TID  *bob  *ci ' '$T/tokens' && ! grep -q '$TOKEN' '$T/tokens'"
t "token revoke" "$M" token revoke "$TID" --db "$D"
check "a revoked token is refused" [ "$(me "$TOKEN")" = 401 ]
"$M" token list --db "$D" >"$T/tokens0" 2>&1
f "token create --expires abc is refused" "$M" token create ci2 --user bob --expires abc --db "$D"
f "token create --expires 99999 is refused" "$M" token create ci2 --user bob --expires 99999 --db "$D"
f "token create for an unknown user is refused" "$M" token create ci2 --user nobody --db "$D"
f "token revoke of a non-number is refused" "$M" token revoke abc --db "$D"
"$M" token list --db "$D" >"$T/tokens1" 2>&1
check "refused token commands change nothing" cmp -s "$T/tokens0" "$T/tokens1"

t "a token for alice" "$M" token create alice-ci --user alice --expires 0 --db "$D"
ATOKEN=$(cat "$T/out")
check "works" [ "$(me "$ATOKEN")" = 200 ]
t "user disable" U disable alice
list >/dev/null
check "user list shows the user disabled" sh -c "grep '^alice ' '$T/list' | grep -q disabled"
check "a disabled user cannot sign in" [ "$(signin alice "$GEN")" = 401 ]
check "and their tokens stop working" [ "$(me "$ATOKEN")" = 401 ]
t "user enable" U enable alice
check "an enabled user signs in again" [ "$(signin alice "$GEN")" = 200 ]

t "backup while serving" "$M" backup --db "$D" "$T/bk.db"
check "the instance key is copied next to the backup" [ -s "$T/bk.db.key" ]
check "identical to the original" cmp -s "$D.key" "$T/bk.db.key"
check "and private (mode 600)" sh -c "ls -l '$T/bk.db.key' | grep -q '^-rw------- '"
kill -TERM $SRV; wait $SRV; rc=$?; SRV=
check "serve exits 0 on SIGTERM" [ $rc -eq 0 ]

# ---- the audit trail
t "audit export" "$M" audit export --db "$D"
cp "$T/out" "$T/audit"
for a in user.create user.roles user.disable user.enable auth.totp_enable auth.token_create auth.token_revoke \
         settings.set auth.login auth.login_failed; do
  check "audit export has $a" grep -q "\"action\":\"$a\"" "$T/audit"
done
check "every user made is there" sh -c "grep -q 'created user alice' '$T/audit' && grep -q 'created user bob' '$T/audit' && grep -q 'created user boss' '$T/audit'"
check "the role changes are there" grep -q 'roles of bob set to staff,committee_secretary' "$T/audit"
check "the settings are there" grep -q 'require_totp set to 0' "$T/audit"
check "refused commands left no trace" sh -c "! grep -q 'carol' '$T/audit' && ! grep -q 'emperor' '$T/audit' && ! grep -q 'ci2' '$T/audit'"
t "audit verify passes" "$M" audit verify --db "$D"
t "and the backup's trail too" "$M" audit verify --db "$T/bk.db"
exit 0
