#!/bin/sh
# run.sh MAJLIS_BINARY: the headless Chromium test (test/browser/home.mjs)
# against a fresh demo parliament. Run from the repository root. Prints TAP
# lines ("ok - ..." / "not ok - ...") on stdout and everything else on stderr.
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

if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "# installing playwright-core (npm ci)" >&2
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

if ! "$majlis" demo --db "$tmp/demo.db" --date 2026-11-23 >/dev/null 2>"$tmp/demo.err"; then
  cat "$tmp/demo.err" >&2
  echo "not ok - browser test: majlis demo failed"
  exit 0
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
# home.mjs prints the TAP lines (passed through on stdout) and its details on
# stderr. A crash before its own "not ok" line still counts as a failure.
BASE_URL="http://127.0.0.1:$port" SHOTS_DIR="$shots" node "$here/home.mjs" >"$tmp/tap"
rc=$?
cat "$tmp/tap"
if [ $rc -ne 0 ] && ! grep -q '^not ok' "$tmp/tap"; then
  echo "not ok - browser test: home.mjs exited with status $rc"
fi

if stop_server; then
  echo "ok - majlis serve stopped cleanly on SIGTERM"
else
  echo "not ok - majlis serve stopped cleanly on SIGTERM (exit status $stopped)"
  rc=1
fi
echo "# server log:" >&2
cat "$tmp/serve.log" >&2
[ $rc -eq 0 ]
