#!/bin/sh
# bench/opendata.sh MAJLIS_BINARY: the open-data benchmark (run by `make
# bench`, from the repository root). See bench/README.md, "Open data".
#
# bench/od_gen.c builds a dataflow of AREAS x INDICATORS daily series
# (default 10 x 100 x 1,000 days = 1,000,000 observations), loads its
# SDMX-CSV through the real loader (od_load_file) and publishes it; it also
# times the load of the same rows written period by period (every series of
# a day, then the next day) into a second database, then removed. Then,
# with majlis serve running, times SDMX data queries over HTTP (curl, one
# connection per request): a single series, a slice (one area, one month,
# 100 series), and the whole flow streamed as SDMX-CSV, beside the same
# SELECTs run by the sqlite3 shell over the same file (the floor: what a
# Datasette-style SQL endpoint would pay before any formatting). During the
# full-flow download the server's resident memory is sampled every 50 ms.
#
# Environment: BENCH_OD_AREAS (10), BENCH_OD_INDICATORS (100), BENCH_OD_DAYS
# (1000), BENCH_OD_RUNS (20 for the small queries, a fifth of it for the full
# flow), BUILD. Writes $BUILD/bench/opendata.md and prints it.
set -u
M=$1
BUILD=${BUILD:-build}
AREAS=${BENCH_OD_AREAS:-10}
INDS=${BENCH_OD_INDICATORS:-100}
DAYS=${BENCH_OD_DAYS:-1000}
RUNS=${BENCH_OD_RUNS:-20}
FULLRUNS=$(( RUNS / 5 ))
[ "$FULLRUNS" -lt 3 ] && FULLRUNS=3
out=$BUILD/bench
mkdir -p "$out"
say() { echo "bench: $*" >&2; }
die() { echo "bench: FAILED: $*" >&2; exit 1; }
tmp=$(mktemp -d)
SRV=
cleanup() { [ -n "$SRV" ] && kill -TERM "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for t in curl sqlite3; do command -v $t >/dev/null || die "$t is missing (tools/deps.sh bench)"; done

LIBS=$(pkg-config --libs sqlite3 libmicrohttpd jansson libutf8proc libxml-2.0 libargon2 liboath libsodium libqrencode libcurl pangocairo xlsxwriter)
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc/base -Isrc/store -Isrc/domain -Isrc/text -Isrc/formats -o "$tmp/od_gen" \
  bench/od_gen.c "$BUILD/libmajlis.a" $LIBS -lpthread -lm || die "building od_gen"

say "generating and loading $AREAS x $INDS series x $DAYS days"
gen=$("$tmp/od_gen" "$tmp/od.db" "$tmp/od.csv" "$AREAS" "$INDS" "$DAYS" "$tmp/od2.db" "$tmp/od2.csv") || die "od_gen"
set -- $gen
ROWS=$1 LOAD_MS=$2 PUB_MS=$3 CSV_BYTES=$4 LOAD2_MS=$5
rm -f "$tmp/od2.db" "$tmp/od2.db-wal" "$tmp/od2.db-shm" "$tmp/od2.csv"
DB_BYTES=$(stat -c %s "$tmp/od.db")

"$M" serve --db "$tmp/od.db" --listen 127.0.0.1:0 --threads 2 --quiet --per-ip-limit 0 2>"$tmp/serve.err" &
SRV=$!
port=""
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.err" | head -n 1)
  [ -z "$port" ] && sleep 0.1
  i=$((i + 1))
done
[ -n "$port" ] || die "server did not start"
# the benchmark is the only client: no rate limit; the whole flow fits the cells limit
"$M" settings --db "$tmp/od.db" opendata_rate_limit 0 >/dev/null 2>&1 || sqlite3 "$tmp/od.db" "INSERT OR REPLACE INTO meta VALUES('opendata_rate_limit','0')"
sqlite3 "$tmp/od.db" "INSERT OR REPLACE INTO meta VALUES('opendata_max_cells','$ROWS')"
base="http://127.0.0.1:$port/sdmx/2.1/data/BH,DF_BENCH,1.0"

# times (ms) of N requests of one URL; prints the sorted list to a file
http_times() { # name url n
  : >"$tmp/$1.t"
  j=0
  while [ $j -lt "$3" ]; do
    curl -s -o "$tmp/$1.out" -w '%{http_code} %{time_total} %{size_download}\n' \
      -H 'Accept: application/vnd.sdmx.data+csv;version=1.0.0' "$2" >"$tmp/$1.w" || die "curl $2"
    read -r code secs size <"$tmp/$1.w"
    [ "$code" = 200 ] || die "$2 answered $code: $(head -c 300 "$tmp/$1.out")"
    echo "$secs" | awk '{printf "%.1f\n", $1 * 1000}' >>"$tmp/$1.t"
    echo "$size" >"$tmp/$1.size"
    j=$((j + 1))
  done
  sort -n "$tmp/$1.t" -o "$tmp/$1.t"
}
sql_times() { # name sql n
  : >"$tmp/$1.s"
  j=0
  while [ $j -lt "$3" ]; do
    t0=$(date +%s%N)
    sqlite3 "$tmp/od.db" "$2" >/dev/null || die "sqlite3 $2"
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 100000 )) | awk '{printf "%.1f\n", $1 / 10}' >>"$tmp/$1.s"
    j=$((j + 1))
  done
  sort -n "$tmp/$1.s" -o "$tmp/$1.s"
}
pct() { # file percentile
  n=$(wc -l <"$1")
  k=$(awk -v n="$n" -v p="$2" 'BEGIN { k = int(n * p / 100 + 0.999); if (k < 1) k = 1; print k }')
  sed -n "${k}p" "$1"
}

SEL="SELECT s.key, o.period, o.value, o.status FROM od_series s JOIN od_obs o ON o.series_id = s.id WHERE s.version_id = 1"
say "single series"
http_times one "$base/D.A01.I002" "$RUNS"
sql_times one "$SEL AND s.key = 'D.A01.I002' ORDER BY o.period" "$RUNS"
say "slice: one area, one month"
http_times slice "$base/D.A01.?startPeriod=2020-03-01&endPeriod=2020-03-31" "$RUNS"
sql_times slice "$SEL AND s.key LIKE 'D.A01.%' AND o.period_end >= '2020-03-01' AND o.period_start <= '2020-03-31' ORDER BY s.key, o.period" "$RUNS"
say "the whole flow, streamed (RSS sampled)"
: >"$tmp/rss"
(
  while kill -0 "$SRV" 2>/dev/null && [ ! -f "$tmp/stop" ]; do
    awk '/^VmRSS/ {print $2}' "/proc/$SRV/status" >>"$tmp/rss" 2>/dev/null
    sleep 0.05
  done
) &
SAMPLER=$!
RSS0=$(awk '/^VmRSS/ {print $2}' "/proc/$SRV/status")
http_times full "$base" "$FULLRUNS"
touch "$tmp/stop"
wait $SAMPLER 2>/dev/null
sql_times full "$SEL ORDER BY s.key, o.period" "$FULLRUNS"
RSSMAX=$(sort -n "$tmp/rss" | tail -n 1)
ROWS_OUT=$(($(wc -l <"$tmp/full.out") - 1))
[ "$ROWS_OUT" = "$ROWS" ] || die "the full download has $ROWS_OUT rows, expected $ROWS"

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
{
  echo "Open data: $ROWS observations ($AREAS x $INDS daily series x $DAYS days), $(date -u +%Y-%m-%d), $(nproc) CPUs, $(uname -m)"
  echo
  echo "Load through od_load_file: $LOAD_MS ms for $(awk -v b="$CSV_BYTES" 'BEGIN{printf "%.1f", b/1048576}') MiB of SDMX-CSV (series by series); $LOAD2_MS ms for the same rows period by period; publish (freeze, disclosure check): $PUB_MS ms; database $(awk -v b="$DB_BYTES" 'BEGIN{printf "%.0f", b/1048576}') MiB."
  echo
  echo "Load average before the run: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| query | SDMX-CSV over HTTP p50 / p99 | sqlite3 shell, same SELECT, p50 / p99 | bytes |"
  echo "| --- | --- | --- | ---: |"
  echo "| one series ($DAYS obs) | $(pct "$tmp/one.t" 50) / $(pct "$tmp/one.t" 99) ms | $(pct "$tmp/one.s" 50) / $(pct "$tmp/one.s" 99) ms | $(cat "$tmp/one.size") |"
  echo "| slice: one area, one month ($INDS series) | $(pct "$tmp/slice.t" 50) / $(pct "$tmp/slice.t" 99) ms | $(pct "$tmp/slice.s" 50) / $(pct "$tmp/slice.s" 99) ms | $(cat "$tmp/slice.size") |"
  echo "| the whole flow, streamed ($FULLRUNS runs) | $(pct "$tmp/full.t" 50) / $(pct "$tmp/full.t" 99) ms | $(pct "$tmp/full.s" 50) / $(pct "$tmp/full.s" 99) ms | $(cat "$tmp/full.size") |"
  echo
  echo "Server RSS: $(mb "$RSS0") MiB before the full downloads, at most $(mb "$RSSMAX") MiB while streaming them ($(wc -l <"$tmp/rss") samples)."
} >"$out/opendata.md"
cat "$out/opendata.md"
