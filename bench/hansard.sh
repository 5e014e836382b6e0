#!/bin/sh
# bench/hansard.sh MAJLIS_BINARY: a 100,000-word Arabic sitting from
# speech-recognition segments to a published provisional edition in every
# format (run by `make bench`, from the repository root; see bench/README.md).
#
# On a fresh demo database (`majlis demo --date 2026-11-23`), next week's
# scheduled sitting gets a generated Arabic transcript of BENCH_WORDS words as
# a JSON segment file. bench/hansard_bench.c times, in one process: the
# import of the segments, the editors' steps (takes reviewed, speakers
# confirmed: people's work, reported apart), certification and the
# provisional edition. Then each output is timed in its own process:
#   web   GET /sittings/ID/record from `majlis serve` (the published edition's page)
#   akn   majlis export akn --sitting ID (and, apart, --validate against the OASIS schema)
#   tei   majlis export parlamint --sitting ID (with its structural checks)
#   pdf   majlis export pdf --sitting ID
# Each step: wall time and peak resident memory (getrusage / GNU time's %M;
# for the web page the server's VmHWM). Median of BENCH_HANSARD_RUNS runs (3).
# Goal: the pipeline (import, certify, publish, web, AKN, TEI, PDF) under 2 s.
# Writes $BUILD/bench/hansard.md and prints it.
set -u
M=$1
case "$M" in /*) ;; *) M="$(pwd)/$M" ;; esac
BUILD=${BUILD:-build}
WORDS=${BENCH_WORDS:-100000}
RUNS=${BENCH_HANSARD_RUNS:-3}
DATA=${MAJLIS_DATA:-$(pwd)/../shared/data}
export MAJLIS_DATA="$DATA"
out=$BUILD/bench
mkdir -p "$out"
say() { echo "bench: $*" >&2; }
die() { echo "bench: FAILED: $*" >&2; exit 1; }
tmp=$(mktemp -d)
SRV=
cleanup() { [ -n "$SRV" ] && kill -TERM "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed: apt-get install time"

LIBS=$(pkg-config --libs sqlite3 libmicrohttpd jansson libutf8proc libxml-2.0 libargon2 liboath libsodium libqrencode \
       libcurl pangocairo xlsxwriter)
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc/base -Isrc/store -Isrc/domain -Isrc/text -Isrc/formats -o "$tmp/hansard_bench" \
  bench/hansard_bench.c "$BUILD/libmajlis.a" $LIBS -lpthread -lm || die "building hansard_bench"

# timed CMD...: runs it under GNU time; prints "MS KB" (wall ms, peak RSS KiB)
timed() {
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }
  awk '{printf "%d %d\n", $1 * 1000 + 0.5, $2}' "$tmp/time"
}

r=1
while [ $r -le "$RUNS" ]; do
  say "run $r: demo database"
  rm -f "$tmp"/b.db*
  "$M" demo --db "$tmp/b.db" --date 2026-11-23 >/dev/null || die "demo"
  S=$(sqlite3 "$tmp/b.db" "select id from sitting where status='scheduled' and id not in (select sitting_id from speech) order by date desc limit 1")
  [ -n "$S" ] || die "no scheduled sitting in the demo"
  say "run $r: sitting $S, $WORDS words: import, editors, certify, publish"
  "$tmp/hansard_bench" "$tmp/b.db" "$S" "$WORDS" "$tmp" >"$tmp/in-$r" || die "hansard_bench: $(cat "$tmp/in-$r")"
  # the outputs, each in its own process
: >"$tmp/serve.err"
  "$M" serve --db "$tmp/b.db" --listen 127.0.0.1:0 --threads 2 --quiet 2>"$tmp/serve.err" &
  SRV=$!
  i=0
  while [ $i -lt 200 ] && ! grep -q 'serving' "$tmp/serve.err"; do i=$((i + 1)); sleep 0.05; done
  PORT=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.err" | head -1)
  [ -n "$PORT" ] || die "server did not start: $(cat "$tmp/serve.err")"
  code=$(curl -s -o "$tmp/page.html" -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT/sittings/$S/record?lang=ar")
  hwm=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$SRV/status")
  kill -TERM "$SRV" 2>/dev/null
  wait "$SRV" 2>/dev/null
  SRV=
  set -- $code
  [ "$1" = 200 ] || die "GET /sittings/$S/record answered $1"
  echo "step web $(awk -v t="$2" 'BEGIN{printf "%d", t * 1000 + 0.5}') $hwm $(wc -c <"$tmp/page.html")" >>"$tmp/in-$r"
  echo "step akn $(timed "$M" export akn --sitting "$S" --db "$tmp/b.db" -o "$tmp/s.akn.xml") $(wc -c <"$tmp/s.akn.xml")" >>"$tmp/in-$r" || die "export akn"
  if [ -r "$DATA/akoma-ntoso/schema/akomantoso30.xsd" ]; then
    echo "step akn-validate $(timed "$M" export akn --sitting "$S" --db "$tmp/b.db" -o "$tmp/v.akn.xml" --validate)" >>"$tmp/in-$r" || die "AKN export does not validate"
  fi
  echo "step tei $(timed "$M" export parlamint --sitting "$S" --db "$tmp/b.db" -o "$tmp/s.tei.xml") $(wc -c <"$tmp/s.tei.xml")" >>"$tmp/in-$r" || die "export parlamint"
  echo "step pdf $(timed "$M" export pdf --sitting "$S" --db "$tmp/b.db" -o "$tmp/s.pdf") $(wc -c <"$tmp/s.pdf")" >>"$tmp/in-$r" || die "export pdf"
  r=$((r + 1))
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }
# col STEP FIELD: the median over the runs (2: ms, 3: peak KiB, 4: bytes)
col() { i=1; while [ $i -le "$RUNS" ]; do awk -v s="$1" -v f="$2" '$1=="step" && $2==s {print $(f+1)}' "$tmp/in-$i"; i=$((i + 1)); done | median; }
total() { # the pipeline, per run, then the median
  i=1
  while [ $i -le "$RUNS" ]; do
    awk '$1=="step" && ($2=="import"||$2=="certify"||$2=="publish"||$2=="web"||$2=="akn"||$2=="tei"||$2=="pdf") {s+=$3} END {print s}' "$tmp/in-$i"
    i=$((i + 1))
  done | median
}
peak() { i=1; while [ $i -le "$RUNS" ]; do awk '$1=="step" && $2!="editor" && $2!="akn-validate" {if ($4>m) m=$4} END {print m}' "$tmp/in-$i"; i=$((i + 1)); done | median; }
T=$(total)
{
  echo "# Hansard: a 100,000-word sitting, segments to published edition"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/^Mem:/{print $2}') GiB; $("$M" version). $(sed -n 's/^words //p' "$tmp/in-1") words in"
  echo "$(sed -n 's/^segments \([0-9]*\) speeches \([0-9]*\) takes \([0-9]*\).*/\1 segments, \2 draft speeches, \3 takes/p' "$tmp/in-1");"
  echo "median of $RUNS runs. Peak memory: the process's peak resident set (the server's VmHWM for the page)."
  echo
  echo "| step | wall ms | peak RSS MiB | output |"
  echo "|---|---:|---:|---:|"
  for s in import certify publish web akn tei pdf; do
    b=$(col $s 4)
    echo "| $s | $(col $s 2) | $(awk -v k="$(col $s 3)" 'BEGIN{printf "%.1f", k/1024}') | $( { [ "$b" = - ] || [ -z "$b" ]; } && echo - || awk -v b="$b" 'BEGIN{printf "%.0f KB", b/1000}') |"
  done
  echo "| **pipeline total** | **$T** | $(awk -v k="$(peak)" 'BEGIN{printf "%.1f", k/1024}') (max) | |"
  echo "| editors' steps (not in the total) | $(col editor 2) | $(awk -v k="$(col editor 3)" 'BEGIN{printf "%.1f", k/1024}') | |"
  if [ "$(col akn-validate 2)" != - ]; then
    echo "| AKN export + XSD validation (not in the total) | $(col akn-validate 2) | $(awk -v k="$(col akn-validate 3)" 'BEGIN{printf "%.1f", k/1024}') | |"
  fi
  echo
  if [ "$T" -lt 2000 ]; then echo "Goal (under 2,000 ms): met ($T ms)."; else echo "Goal (under 2,000 ms): NOT met ($T ms)."; fi
} >"$out/hansard.md"
cat "$out/hansard.md"
