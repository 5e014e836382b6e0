#!/bin/sh
# bench/vote.sh MAJLIS_BINARY: the vote fan-out benchmark (run by `make bench`
# after bench/run.sh, from the repository root). See bench/README.md.
#
# A demo database gets a body of 125 members with API tokens
# (bench/vote_setup.c). With majlis serve running, bench/vote_fanout.c holds
# N live screens (SSE streams of the sitting), checks the members in, opens a
# vote, casts 125 ballots at once (one thread each), closes the vote and times
# how long each screen takes to get the result. Runs for N = 1,000 and 10,000.
#
# Environment: BENCH_VOTE_CLIENTS ("1000 10000"), BENCH_VOTE_RUNS (3), BUILD.
# Writes $BUILD/bench/vote.md and prints it.
set -u
M=$1
BUILD=${BUILD:-build}
CLIENTS=${BENCH_VOTE_CLIENTS:-"1000 10000"}
RUNS=${BENCH_VOTE_RUNS:-3}
out=$BUILD/bench
mkdir -p "$out"
say() { echo "bench: $*" >&2; }
die() { echo "bench: FAILED: $*" >&2; exit 1; }
tmp=$(mktemp -d)
SRV=
cleanup() { [ -n "$SRV" ] && kill -TERM "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# shellcheck disable=SC3045
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

LIBS=$(pkg-config --libs sqlite3 libmicrohttpd jansson libutf8proc libxml-2.0 libargon2 liboath libsodium libqrencode)
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc/base -Isrc/store -Isrc/domain -Isrc/text -o "$tmp/vote_setup" \
  bench/vote_setup.c "$BUILD/libmajlis.a" $LIBS -lpthread -lm || die "building vote_setup"
cc -std=c11 -O2 -o "$tmp/vote_fanout" bench/vote_fanout.c -lpthread || die "building vote_fanout"

"$M" demo --db "$tmp/b.db" --date 2026-11-23 >/dev/null || die "demo"
"$tmp/vote_setup" "$tmp/b.db" 125 >"$tmp/setup" || die "setup"

# majlis serve on a free port: --listen :0, the port read from its first line
"$M" serve --db "$tmp/b.db" --listen 127.0.0.1:0 --threads 2 --quiet --per-ip-limit 0 2>"$tmp/serve.err" &
SRV=$!
i=0
while [ $i -lt 200 ] && ! grep -q 'serving' "$tmp/serve.err"; do i=$((i + 1)); sleep 0.05; done
PORT=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.err" | head -1)
[ -n "$PORT" ] || die "server did not start: $(cat "$tmp/serve.err")"
say "majlis serve pid $SRV on port $PORT"

failures=0
for n in $CLIENTS; do
  r=1
  while [ $r -le "$RUNS" ]; do
    say "vote fan-out to $n screens, run $r"
    if ! "$tmp/vote_fanout" "$PORT" "$tmp/setup" "$n" "$SRV" >"$tmp/r-$n-$r" 2>"$tmp/e-$n-$r"; then
      failures=$((failures + 1)); say "run failed: $(tail -3 "$tmp/e-$n-$r")"
    fi
    r=$((r + 1))
  done
done

val() { sed -n "s/^$1 //p" "$2"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }
col() { # KEY N: the values of KEY over the runs for N screens, median
  r=1; while [ $r -le "$RUNS" ]; do val "$1" "$tmp/r-$2-$r"; r=$((r + 1)); done | median
}
{
  echo "# Vote fan-out"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/^Mem:/{print $2}') GiB; $("$M" version). Server: \`majlis serve --threads 2 --per-ip-limit 0\`;"
  echo "client: \`bench/vote_fanout.c\` on the same machine (one epoll thread for the screens, one thread per voter)."
  echo "125 members, each with an API token, check in; a roll-call vote opens; 125 ballots are sent at once;"
  echo "after 2 s the chair closes the vote; the time is from sending the close to each screen receiving \`vote.closed\`."
  echo "Medians over $RUNS runs."
  echo
  echo "| screens | connected / streaming | ballots accepted | ballot p50 / p99 ms | result p50 / p99 / max ms | screens with the result | server RSS before → with screens KiB |"
  echo "| ---: | --- | ---: | --- | --- | ---: | --- |"
  for n in $CLIENTS; do
    echo "| $n | $(col screens_connected "$n") / $(col screens_streaming "$n") | $(col ballots_accepted "$n") / 125 |" \
      "$(col ballot_p50_ms "$n") / $(col ballot_p99_ms "$n") | $(col result_p50_ms "$n") / $(col result_p99_ms "$n") / $(col result_max_ms "$n") |" \
      "$(col screens_with_result "$n") | $(col server_rss_kib_before "$n") → $(col server_rss_kib_with_screens "$n") |"
  done
  echo
  if [ $failures -gt 0 ]; then echo "**$failures run(s) failed.**"; else echo "All runs passed (every screen got the result)."; fi
} >"$out/vote.md"
cat "$out/vote.md"
[ $failures -eq 0 ]
