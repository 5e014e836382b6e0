#!/bin/sh
# run.sh: runs one group of tests and records its TAP lines under
# $RESULTS (default $BUILD/results); `run.sh summary` counts every "ok" and
# "not ok" line recorded and prints "N passed, N failed" as the last line.
#   run.sh unit BIN...            C test programs (unit and HTTP)
#   run.sh script SCRIPT ARG...   a shell test that prints TAP lines
#   run.sh fuzz REPLAY CORPUS     replay a fuzz corpus through its target
#   run.sh browser MAJLIS         the headless Chromium test
set -u
BUILD=${BUILD:-build}
RESULTS=${RESULTS:-$BUILD/results}
TAG=${TAG:-}
mkdir -p "$RESULTS"
mode=$1; shift

record() { # name, then the output on stdin
  name=$1
  out="$RESULTS/${TAG:+$TAG-}$name.tap"
  if [ -n "$TAG" ]; then sed -e "s/^\(not ok\|ok\) - /\1 - [$TAG] /" > "$out"; else cat > "$out"; fi
  grep -E '^(not ok|#)' "$out" | head -40
  p=$(grep -c '^ok ' "$out"); f=$(grep -c '^not ok' "$out")
  echo "  ${TAG:+[$TAG] }$name: $p passed, $f failed"
}

case "$mode" in
  unit)
    for bin in "$@"; do
      name=$(basename "$bin")
      { "$bin"; rc=$?; [ $rc -ne 0 ] && echo "not ok - $name exited with status $rc"; } 2>"$RESULTS/${TAG:+$TAG-}$name.err" | record "$name"
    done ;;
  script)
    script=$1; shift
    name=script-$(basename "$script" .sh)
    { sh "$script" "$@"; rc=$?; [ $rc -ne 0 ] && echo "not ok - $name exited with status $rc"; } 2>"$RESULTS/$name.err" | record "$name" ;;
  fuzz)
    bin=$1; corpus=$2
    name=$(basename "$bin")
    n=$(ls "$corpus" | wc -l)
    if [ "$n" -lt 1 ]; then echo "not ok - $name: empty corpus $corpus" | record "$name"
    elif "$bin" "$corpus"/* >"$RESULTS/${TAG:+$TAG-}$name.err" 2>&1; then echo "ok - $name replayed $n inputs" | record "$name"
    else echo "not ok - $name crashed; see $RESULTS/${TAG:+$TAG-}$name.err" | record "$name"; fi ;;
  browser)
    majlis=$1
    sh test/browser/run.sh "$majlis" 2>"$RESULTS/browser.err" | record browser ;;
  summary)
    p=$(cat "$RESULTS"/*.tap 2>/dev/null | grep -c '^ok ')
    f=$(cat "$RESULTS"/*.tap 2>/dev/null | grep -c '^not ok')
    if [ "$f" -gt 0 ]; then echo; echo "failures:"; cat "$RESULTS"/*.tap | grep '^not ok'; fi
    [ "$p" -eq 0 ] && { echo "not ok - no test ran"; f=$((f + 1)); }
    echo "$p passed, $f failed"
    [ "$f" -eq 0 ] ;;
  *) echo "usage: run.sh unit|script|fuzz|browser|summary ..." >&2; exit 2 ;;
esac
exit 0
