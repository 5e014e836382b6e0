#!/bin/sh
# run.sh MAJLIS_BINARY: the headless Chromium tests (test/browser/home.mjs,
# test/browser/login.mjs, test/browser/meeting.mjs, test/browser/record.mjs, then the accessibility
# checks of test/browser/a11y.mjs) against a fresh demo parliament. Run from the repository root. Prints TAP lines ("ok - ..." /
# "not ok - ...") on stdout and everything else on stderr.
# Screenshots go to ${BUILD:-build}/screenshots.
set -u
majlis=${1:?usage: test/browser/run.sh MAJLIS_BINARY}
here=test/browser
shots=${BUILD:-build}/screenshots

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; then
  echo "not ok - browser test: chromium or node missing (run tools/deps.sh check)"
  exit 0
fi
case "$majlis" in /*) ;; *) majlis="$(pwd)/$majlis" ;; esac
if [ ! -x "$majlis" ]; then
  echo "not ok - browser test: $majlis is not an executable"
  exit 0
fi

if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  echo "# installing playwright-core and axe-core (npm ci)" >&2
  if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2; then
    echo "not ok - browser test: npm ci in $here failed (see the error log)"
    exit 0
  fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/majlis-browser.XXXXXX") || exit 1
pid=""
stop_server() { # SIGTERM, a bounded wait for the graceful stop, then SIGKILL
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    echo "# server did not stop within 10 s of SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  stopped=$?
  pid=""
  return $stopped
}
cleanup() {
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! "$majlis" demo --db "$tmp/demo.db" --date 2026-11-23 >"$tmp/demo.out" 2>"$tmp/demo.err"; then
  cat "$tmp/demo.err" >&2
  echo "not ok - browser test: majlis demo failed"
  exit 0
fi

# For login.mjs: the administrator's password (printed once by demo), then a
# TOTP enrolment for admin: its base32 key and the first recovery code.
admin_password=$(sed -n "s/.*administrator: user 'admin', password '\([^']*\)'.*/\1/p" "$tmp/demo.out" | head -n 1)
totp_key=""
recovery_code=""
if "$majlis" user totp admin --db "$tmp/demo.db" >"$tmp/totp.out" 2>"$tmp/totp.err"; then
  totp_key=$(sed -n 's/^key: *\([A-Z2-7]*\) *$/\1/p' "$tmp/totp.out" | head -n 1)
  recovery_code=$(sed -n 's/^ *\([a-z0-9]\{5\}-[a-z0-9]\{5\}\) *$/\1/p' "$tmp/totp.out" | head -n 1)
else
  cat "$tmp/totp.err" >&2
fi
login_ready=1
if [ -z "$admin_password" ]; then
  echo "# no administrator password in the output of majlis demo:" >&2
  cat "$tmp/demo.out" >&2
  login_ready=0
fi
if [ -z "$totp_key" ] || [ -z "$recovery_code" ]; then
  echo "# no TOTP key or recovery code in the output of majlis user totp admin" >&2
  login_ready=0
fi

# For meeting.mjs: a clerk who also presides, and a member of the chamber
# linked to their person.
clerk_password="Katib-Jalsa-2026-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
member_password="Udw-Majlis-2026-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
meeting_ready=1
member_person=$(sqlite3 "$tmp/demo.db" "SELECT m.person_id FROM membership m JOIN organization o ON o.id=m.organization_id
  WHERE o.classification='chamber' AND m.person_id NOT IN (SELECT person_id FROM user WHERE person_id IS NOT NULL)
  ORDER BY m.person_id LIMIT 1" 2>"$tmp/sqlite.err")
if [ -z "$member_person" ]; then
  cat "$tmp/sqlite.err" >&2
  meeting_ready=0
elif ! printf '%s\n' "$clerk_password" | "$majlis" user add clerk1 --role clerk,presiding --password-stdin \
       --db "$tmp/demo.db" >"$tmp/users.out" 2>&1 ||
     ! printf '%s\n' "$member_password" | "$majlis" user add tmember1 --role member --person "$member_person" \
       --password-stdin --db "$tmp/demo.db" >>"$tmp/users.out" 2>&1; then
  cat "$tmp/users.out" >&2
  meeting_ready=0
fi

# For record.mjs: two Hansard editors, and edition 1 of a closed sitting's
# record published through the command line.
editor_password="Muharrir-2026-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
record_ready=1
record_sitting=$(sqlite3 "$tmp/demo.db" "SELECT s.id FROM sitting s WHERE s.status='closed' AND
  (SELECT count(*) FROM speech p WHERE p.sitting_id=s.id) > 5 AND NOT EXISTS (SELECT 1 FROM record r WHERE r.sitting_id=s.id)
  ORDER BY s.date DESC LIMIT 1" 2>>"$tmp/sqlite.err")
if [ -z "$record_sitting" ] ||
   ! printf '%s\n' "$editor_password" | "$majlis" user add editor1 --role editor --password-stdin --db "$tmp/demo.db" >"$tmp/rec.out" 2>&1 ||
   ! printf '%s\n' "$editor_password" | "$majlis" user add editor2 --role editor --password-stdin --db "$tmp/demo.db" >>"$tmp/rec.out" 2>&1 ||
   ! "$majlis" hansard certify --sitting "$record_sitting" --db "$tmp/demo.db" >>"$tmp/rec.out" 2>&1 ||
   ! "$majlis" hansard publish --sitting "$record_sitting" --kind provisional --db "$tmp/demo.db" >>"$tmp/rec.out" 2>&1; then
  cat "$tmp/rec.out" >&2
  record_ready=0
fi

# A free port: start the server on ports from a random base until one binds
# and /api/v1/health answers.
base=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 + 20000 ))
port=""
tries=0
while [ $tries -lt 20 ] && [ -z "$port" ]; do
  p=$((base + tries))
  tries=$((tries + 1))
  # something already answers there: not ours, try the next one
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" && continue
  "$majlis" serve --db "$tmp/demo.db" --listen "127.0.0.1:$p" --quiet >"$tmp/serve.log" 2>&1 &
  pid=$!
  i=0
  while [ $i -lt 100 ]; do   # up to 10 s
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$p/api/v1/health"; then port=$p; break; fi
    sleep 0.1
    i=$((i + 1))
  done
  if [ -z "$port" ]; then
    cat "$tmp/serve.log" >&2
    stop_server
  fi
done
if [ -z "$port" ]; then
  echo "not ok - browser test: majlis serve did not answer /api/v1/health on any port tried"
  exit 0
fi
echo "# majlis serving the demo on http://127.0.0.1:$port (pid $pid)" >&2

mkdir -p "$shots"
# home.mjs and login.mjs print the TAP lines (passed through on stdout) and
# their details on stderr. A crash before its own "not ok" line still counts
# as a failure.
BASE_URL="http://127.0.0.1:$port" SHOTS_DIR="$shots" node "$here/home.mjs" >"$tmp/tap"
rc=$?
cat "$tmp/tap"
if [ $rc -ne 0 ] && ! grep -q '^not ok' "$tmp/tap"; then
  echo "not ok - browser test: home.mjs exited with status $rc"
fi

if [ $login_ready -eq 1 ]; then
  BASE_URL="http://127.0.0.1:$port" SHOTS_DIR="$shots" ADMIN_PASSWORD="$admin_password" \
    ADMIN_TOTP_SECRET="$totp_key" ADMIN_RECOVERY_CODE="$recovery_code" \
    node "$here/login.mjs" >"$tmp/tap-login"
  lrc=$?
  cat "$tmp/tap-login"
  if [ $lrc -ne 0 ] && ! grep -q '^not ok' "$tmp/tap-login"; then
    echo "not ok - browser test: login.mjs exited with status $lrc"
  fi
else
  echo "not ok - browser test: sign-in test not run (no admin password, TOTP key or recovery code)"
  lrc=1
fi
[ $lrc -eq 0 ] || rc=1

# The eMeeting screens: roles that change votes need two-factor sign-in by
# default; this test signs its clerk in with a password only.
if [ $meeting_ready -eq 1 ] && "$majlis" settings require_totp 0 --db "$tmp/demo.db" >"$tmp/settings.out" 2>&1; then
  BASE_URL="http://127.0.0.1:$port" SHOTS_DIR="$shots" CLERK_USER=clerk1 CLERK_PASSWORD="$clerk_password" \
    MEMBER_USER=tmember1 MEMBER_PASSWORD="$member_password" node "$here/meeting.mjs" >"$tmp/tap-meeting"
  mrc=$?
  cat "$tmp/tap-meeting"
  if [ $mrc -ne 0 ] && ! grep -q '^not ok' "$tmp/tap-meeting"; then
    echo "not ok - browser test: meeting.mjs exited with status $mrc"
  fi
else
  [ -f "$tmp/settings.out" ] && cat "$tmp/settings.out" >&2
  echo "not ok - browser test: eMeeting test not run (could not create its users or turn off require_totp)"
  mrc=1
fi
[ $mrc -eq 0 ] || rc=1

# The Hansard editor's screen (autosave, the conflict dialog) and the public
# record's accessibility (record.mjs); editors need two-factor sign-in by
# default, turned off above for meeting.mjs.
if [ $record_ready -eq 1 ] && "$majlis" settings require_totp 0 --db "$tmp/demo.db" >/dev/null 2>&1; then
  BASE_URL="http://127.0.0.1:$port" SHOTS_DIR="$shots" EDITOR_USER=editor1 EDITOR_PASSWORD="$editor_password" \
    EDITOR2_USER=editor2 EDITOR2_PASSWORD="$editor_password" SITTING_ID="$record_sitting" \
    node "$here/record.mjs" >"$tmp/tap-record"
  rrc=$?
  cat "$tmp/tap-record"
  if [ $rrc -ne 0 ] && ! grep -q '^not ok' "$tmp/tap-record"; then
    echo "not ok - browser test: record.mjs exited with status $rrc"
  fi
else
  echo "not ok - browser test: record.mjs not run (could not create the editors or publish an edition)"
  rrc=1
fi
[ $rrc -eq 0 ] || rc=1

# Accessibility: axe-core and keyboard-only navigation on the public pages,
# in Arabic and English (after meeting.mjs, so the record has its sitting).
BASE_URL="http://127.0.0.1:$port" MEMBER_ID="$member_person" node "$here/a11y.mjs" >"$tmp/tap-a11y"
arc=$?
cat "$tmp/tap-a11y"
if [ $arc -ne 0 ] && ! grep -q '^not ok' "$tmp/tap-a11y"; then
  echo "not ok - browser test: a11y.mjs exited with status $arc"
fi
[ $arc -eq 0 ] || rc=1

if stop_server; then
  echo "ok - majlis serve stopped cleanly on SIGTERM"
else
  echo "not ok - majlis serve stopped cleanly on SIGTERM (exit status $stopped)"
  rc=1
fi
echo "# server log:" >&2
cat "$tmp/serve.log" >&2
[ $rc -eq 0 ]
