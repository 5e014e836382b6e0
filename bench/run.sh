#!/bin/sh
# bench/run.sh MAJLIS_BINARY: the Majlis benchmarks (run by `make bench`,
# from the repository root). See bench/README.md.
#
#  1. Throughput: wrk against majlis serve and against nginx serving the very
#     same bytes as static files, for the Arabic home page and a small JSON
#     answer; median requests/s and latency p50/p99 over BENCH_RUNS runs.
#  2. Live events: resident memory of majlis serve with BENCH_SSE_CLIENTS idle
#     SSE clients connected, and the latency of /api/v1/health meanwhile.
#
# Environment: BENCH_SECONDS (10) per wrk run, BENCH_RUNS (3),
# BENCH_SSE_CLIENTS (1000), BENCH_SSE_HOLD (5 seconds), BUILD (build).
# Writes $BUILD/bench/results.md and prints it; progress goes to stderr.
# Exits non-zero when a check failed (a server not answering 200, bodies that
# differ, non-2xx answers under load, SSE clients not streaming).
set -u
majlis=${1:?usage: bench/run.sh MAJLIS_BINARY}
secs=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
sse_n=${BENCH_SSE_CLIENTS:-1000}
sse_hold=${BENCH_SSE_HOLD:-5}
out=${BUILD:-build}/bench
threads=2
conns=50

say() { echo "bench: $*" >&2; }
die() { echo "bench: FAILED: $*" >&2; exit 1; }

case "$majlis" in /*) ;; *) majlis="$(pwd)/$majlis" ;; esac
[ -x "$majlis" ] || die "$majlis is not an executable (make build/majlis)"
for t in wrk nginx curl cc; do
  command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || die "$t is missing (run tools/deps.sh bench)"
done
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
for v in "$secs" "$runs" "$sse_n" "$sse_hold"; do
  case "$v" in ''|*[!0-9]*) die "BENCH_SECONDS, BENCH_RUNS, BENCH_SSE_CLIENTS and BENCH_SSE_HOLD are whole numbers" ;; esac
done
if [ "$runs" -lt 1 ] || [ "$secs" -lt 1 ]; then die "BENCH_RUNS and BENCH_SECONDS must be at least 1"; fi

# Enough descriptors for the SSE clients (the server raises its own limit).
# ulimit -n is not POSIX but dash, bash and busybox sh all have it.
want=$((sse_n + 256))
[ $want -lt 4096 ] && want=4096
# shellcheck disable=SC3045
cur=$(ulimit -n)
if [ "$cur" != unlimited ] && [ "$cur" -lt $want ]; then
  # shellcheck disable=SC3045
  ulimit -n $want 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
  # shellcheck disable=SC3045
  say "open-file limit raised from $cur to $(ulimit -n)"
fi

mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/majlis-bench.XXXXXX") || die "mktemp"
mpid=""
npid=""
cpid=""
stop() { # PID: SIGTERM, wait at most 10 s, then SIGKILL
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null
  i=0
  while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  kill -0 "$1" 2>/dev/null && { say "pid $1 ignored SIGTERM for 10 s; killing it"; kill -KILL "$1" 2>/dev/null; }
  wait "$1" 2>/dev/null
}
cleanup() {
  stop "$cpid"; cpid=""
  stop "$npid"; npid=""
  stop "$mpid"; mpid=""
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

rnd() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; }
# up URL: true once URL answers 200 (at most 10 s while PID lives)
up() {
  i=0
  while [ $i -lt 100 ]; do
    kill -0 "$2" 2>/dev/null || return 1
    curl -sf -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

# ---- majlis serve on a free loopback port ----
say "creating the demo parliament"
"$majlis" demo --db "$tmp/demo.db" --date 2026-11-23 >/dev/null 2>"$tmp/demo.err" || { cat "$tmp/demo.err" >&2; die "majlis demo"; }
base=$(( $(rnd) % 20000 + 20000 ))
mport=""
for k in 0 1 2 3 4 5 6 7 8 9; do
  p=$((base + k))
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" && continue
  "$majlis" serve --db "$tmp/demo.db" --listen "127.0.0.1:$p" --threads $threads --quiet --per-ip-limit 0 \
    >"$tmp/majlis.log" 2>&1 &
  mpid=$!
  if up "http://127.0.0.1:$p/api/v1/health" $mpid; then mport=$p; break; fi
  stop "$mpid"; mpid=""
done
[ -n "$mport" ] || { cat "$tmp/majlis.log" >&2; die "majlis serve did not start"; }
M="http://127.0.0.1:$mport"
say "majlis serve: $M (pid $mpid)"

# ---- the bytes to serve: fetched once from majlis, no cookies ----
home_path='/?lang=ar'
json_path='/api/v1/sittings?when=upcoming&limit=2'
www="$tmp/www"
mkdir -p "$www" "$tmp/nginx" "$tmp/cmp"
fetch() { # URL FILE HEADERS: 200 or die
  code=$(curl -s --max-time 10 -D "$3" -o "$2" -w '%{http_code}' "$1")
  [ "$code" = 200 ] || die "$1 answered $code, not 200"
}
fetch "$M$home_path" "$www/home.html" "$tmp/home.hdr"
fetch "$M$json_path" "$www/sittings.json" "$tmp/json.hdr"
ctype() { grep -i '^content-type:' "$1" | head -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }
home_type=$(ctype "$tmp/home.hdr")
json_type=$(ctype "$tmp/json.hdr")
# The other response headers majlis sends (security headers), for nginx to
# send too, so both put the same bytes on the wire.
add_headers() {
  tr -d '\r' <"$1" | sed -n '2,$p' | while IFS= read -r line; do
    [ -n "$line" ] || continue
    name=${line%%:*}
    value=$(printf '%s' "${line#*:}" | sed 's/^ *//')
    case "$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')" in
      date|content-type|content-length|transfer-encoding|connection|keep-alive|server|etag|last-modified) continue ;;
    esac
    # shellcheck disable=SC1003
    case "$value" in *'"'*|*'$'*|*'\'*) say "header $name not copied to nginx (quote, dollar or backslash)"; continue ;; esac
    printf '      add_header %s "%s" always;\n' "$name" "$value"
  done
}

# ---- nginx serving those bytes as static files ----
chmod 755 "$tmp" "$www"
chmod 644 "$www"/*
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user nobody $(id -gn nobody 2>/dev/null || echo nogroup);"
temp_paths=""
for kind in client_body proxy fastcgi uwsgi scgi; do
  case "$kind" in
    uwsgi|scgi) "$NGINX" -V 2>&1 | grep -q -- "--without-http_${kind}_module" && continue ;;
  esac
  temp_paths="$temp_paths  ${kind}_temp_path $tmp/nginx/${kind}_temp;
"
done
write_nginx_conf() { # PORT
  cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
$temp_paths
  types { }
  server_tokens off;
  etag off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$1;
    root $www;
    location = / {
      default_type "$home_type";
      try_files /home.html =404;
$(add_headers "$tmp/home.hdr")
    }
    location = /api/v1/sittings {
      default_type "$json_type";
      try_files /sittings.json =404;
$(add_headers "$tmp/json.hdr")
    }
    location / { return 404; }
  }
}
EOF
}
nport=""
base=$(( $(rnd) % 20000 + 40000 ))
for k in 0 1 2 3 4 5 6 7 8 9; do
  p=$((base + k))
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" && continue
  write_nginx_conf $p
  "$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" >"$tmp/nginx/stdout.log" 2>&1 &
  npid=$!
  if up "http://127.0.0.1:$p/api/v1/sittings" $npid; then nport=$p; break; fi
  stop "$npid"; npid=""
done
[ -n "$nport" ] || { cat "$tmp/nginx/error.log" "$tmp/nginx/stdout.log" >&2 2>/dev/null; die "nginx did not start"; }
N="http://127.0.0.1:$nport"
say "nginx: $N (pid $npid)"

# ---- fairness: same status, same type, same body bytes ----
# The home page carries a fresh CSP nonce in every answer (32 hex digits in
# the header and in its script tag); the copy nginx serves has the one of the
# answer it was saved from. Everything else must be byte for byte the same.
same_note=""
compare() { # NAME PATH
  cm=$(curl -s --max-time 10 -o "$tmp/cmp/$1.majlis" -w '%{http_code} %{content_type}' "$M$2")
  cn=$(curl -s --max-time 10 -o "$tmp/cmp/$1.nginx" -w '%{http_code} %{content_type}' "$N$2")
  [ "$cm" = "$cn" ] || die "$1: majlis answered '$cm', nginx '$cn'"
  [ "${cm%% *}" = 200 ] || die "$1: status ${cm%% *}"
  if cmp -s "$tmp/cmp/$1.majlis" "$tmp/cmp/$1.nginx"; then
    say "$1: 200, $(wc -c <"$tmp/cmp/$1.nginx") bytes, identical bodies"
    same_note="$same_note $1: identical;"
    return 0
  fi
  for f in majlis nginx; do
    sed -e 's/nonce-[0-9a-f]\{32\}/nonce-N/g' -e 's/nonce="[0-9a-f]\{32\}"/nonce="N"/g' \
      "$tmp/cmp/$1.$f" >"$tmp/cmp/$1.$f.norm"
  done
  if [ "$(wc -c <"$tmp/cmp/$1.majlis")" -eq "$(wc -c <"$tmp/cmp/$1.nginx")" ] &&
     cmp -s "$tmp/cmp/$1.majlis.norm" "$tmp/cmp/$1.nginx.norm"; then
    say "$1: 200, $(wc -c <"$tmp/cmp/$1.nginx") bytes, identical bodies but for the CSP nonce"
    same_note="$same_note $1: identical but for the per-answer CSP nonce;"
    return 0
  fi
  cmp "$tmp/cmp/$1.majlis" "$tmp/cmp/$1.nginx" >&2
  die "$1: majlis and nginx bodies differ"
}
compare home "$home_path"
compare json "$json_path"
home_bytes=$(wc -c <"$www/home.html" | tr -d ' ')
json_bytes=$(wc -c <"$www/sittings.json" | tr -d ' ')

# ---- throughput ----
# to_ms VALUE: wrk's 1.23ms / 456.78us / 1.02s as milliseconds
to_ms() {
  echo "$1" | awk '{ v = $1 + 0; u = $1; sub(/^[0-9.]+/, "", u);
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
    printf "%.2f", v }'
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END {
  if (NR == 0) { print "n/a"; exit }
  if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

targets="majlis-home nginx-home majlis-json nginx-json"
url_of() {
  case "$1" in
    majlis-home) echo "$M$home_path" ;; nginx-home) echo "$N$home_path" ;;
    majlis-json) echo "$M$json_path" ;; nginx-json) echo "$N$json_path" ;;
  esac
}
failures=0
say "warming up (1 s each)"
for t in $targets; do wrk -t$threads -c$conns -d1s "$(url_of "$t")" >/dev/null 2>&1; done
r=1
while [ $r -le "$runs" ]; do
  for t in $targets; do   # interleaved, so drift hits every target alike
    f="$tmp/wrk-$t-$r.txt"
    wrk -t$threads -c$conns -d"${secs}s" --latency "$(url_of "$t")" >"$f" 2>&1
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
    p50=$(awk '$1 == "50%" { print $2 }' "$f")
    p99=$(awk '$1 == "99%" { print $2 }' "$f")
    if [ -z "$rps" ] || [ -z "$p50" ] || [ -z "$p99" ]; then cat "$f" >&2; die "could not read wrk's output for $t"; fi
    p50=$(to_ms "$p50"); p99=$(to_ms "$p99")
    echo "$rps" >>"$tmp/rps-$t"
    echo "$p50" >>"$tmp/p50-$t"
    echo "$p99" >>"$tmp/p99-$t"
    bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$f")
    errs=$(grep 'Socket errors:' "$f" | sed 's/^ *//')
    if [ -n "$bad" ]; then say "$t run $r: $bad non-2xx answers"; failures=$((failures + 1)); fi
    [ -n "$errs" ] && say "$t run $r: $errs"
    say "$t run $r/$runs: $rps req/s, p50 $p50 ms, p99 $p99 ms"
  done
  r=$((r + 1))
done
get() { tr '\n' ' ' <"$tmp/$1-$2"; } # FIGURE TARGET: the values of every run

# ---- live events: memory per idle SSE client ----
cc -O2 -Wall -Wextra -o "$tmp/sse_clients" bench/sse_clients.c || die "cc bench/sse_clients.c"
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$mpid/status"; }
live() { curl -s --max-time 5 "$M/api/v1/health" | sed -n 's/.*"live_clients":\([0-9]*\).*/\1/p'; }
sleep 1
rss_before=$(rss)
live_before=$(live)
say "majlis VmRSS before: $rss_before KiB (live_clients $live_before); opening $sse_n SSE clients for ${sse_hold} s"
"$tmp/sse_clients" "$mport" "$sse_n" "$sse_hold" >"$tmp/sse.out" 2>"$tmp/sse.err" &
cpid=$!
i=0
while ! grep -q '^ready' "$tmp/sse.out" && kill -0 $cpid 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
grep -q '^ready' "$tmp/sse.out" || { cat "$tmp/sse.err" >&2; die "sse_clients did not connect"; }
sleep 1
rss_during=$(rss)
hc=$(curl -s --max-time 5 -o "$tmp/health.json" -w '%{http_code} %{time_total}' "$M/api/v1/health")
live_during=$(sed -n 's/.*"live_clients":\([0-9]*\).*/\1/p' "$tmp/health.json")
curl_ms=$(echo "$hc" | awk '{ printf "%.2f", $2 * 1000 }')
wait $cpid
crc=$?
cpid=""
cat "$tmp/sse.err" >&2
streaming=$(awk '$1 == "streaming" { print $2 }' "$tmp/sse.out")
connect_ms=$(awk '$1 == "streaming" { print $4 }' "$tmp/sse.out")
held=$(awk '$1 == "held" { print $2 }' "$tmp/sse.out")
hl=$(awk '$1 == "health" && $4 == 200 { print $2 }' "$tmp/sse.out" | tr '\n' ' ')
hl_med=$(echo "$hl" | median)
hl_max=$(echo "$hl" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1)
hl_n=$(echo "$hl" | wc -w | tr -d ' ')
sleep 2
rss_after=$(rss)
live_after=$(live)
per_client=$(awk -v a="$rss_before" -v b="$rss_during" -v n="$sse_n" 'BEGIN { printf "%.1f", (b - a) / n }')
say "VmRSS with $sse_n clients: $rss_during KiB ($per_client KiB per client); health $hc live_clients $live_during"
[ "$crc" -eq 0 ] || { say "sse_clients reported a failure (status $crc)"; failures=$((failures + 1)); }
[ "$live_during" = "$sse_n" ] || { say "live_clients $live_during, expected $sse_n"; failures=$((failures + 1)); }
[ "${hc%% *}" = 200 ] || { say "health answered ${hc%% *} with $sse_n clients connected"; failures=$((failures + 1)); }

# ---- the report ----
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
row() { # TARGET LABEL BYTES
  printf '| %s | %s | %s | %s | %s | %s |\n' "$2" "$3" "$(get rps "$1" | median)" \
    "$(get p50 "$1" | median)" "$(get p99 "$1" | median)" "$(get rps "$1" | sed 's/^ *//; s/ *$//; s/ /, /g')"
}
model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "# Majlis benchmark results"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) CPUs ($model), $mem, Linux $(uname -r) ($(uname -m))"
  echo "- Versions: $("$majlis" version 2>&1 | head -1); $("$NGINX" -v 2>&1 | head -1 | sed 's/^nginx version: //'); $(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//')"
  echo "- majlis: \`majlis serve --db DEMO.db --listen 127.0.0.1:PORT --threads $threads --quiet --per-ip-limit 0\` on a fresh \`majlis demo --date 2026-11-23\` database"
  echo "- nginx: \`worker_processes 2\`, \`access_log off\`, keep-alive; serves the bodies saved from majlis as static files, with the same Content-Type and security headers"
  echo "- load: \`wrk -t$threads -c$conns -d${secs}s --latency URL\`, $runs runs per target, interleaved, after a 1 s warm-up; medians. wrk and both servers share the machine's CPUs."
  echo "- fairness check before measuring: both answer 200 with the same Content-Type;$same_note"
  echo
  echo "## Throughput"
  echo
  echo "| target | body bytes | requests/s (median) | p50 ms | p99 ms | requests/s of each run |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  row majlis-home "majlis \`GET $home_path\` (Arabic home page)" "$home_bytes"
  row nginx-home "nginx, same bytes" "$home_bytes"
  row majlis-json "majlis \`GET $json_path\`" "$json_bytes"
  row nginx-json "nginx, same bytes" "$json_bytes"
  echo
  echo "| majlis / nginx, requests/s | ratio |"
  echo "| --- | ---: |"
  echo "| home page | $(ratio "$(get rps majlis-home | median)" "$(get rps nginx-home | median)") |"
  echo "| JSON | $(ratio "$(get rps majlis-json | median)" "$(get rps nginx-json | median)") |"
  echo
  echo "## Live events: $sse_n idle SSE clients"
  echo
  echo "Clients from \`bench/sse_clients.c\` (\`GET /api/v1/events\`, \`Accept: text/event-stream\`), held open ${sse_hold} s."
  echo
  echo "| figure | value |"
  echo "| --- | ---: |"
  echo "| clients streaming (200, text/event-stream) / asked | $streaming / $sse_n (all connected in $connect_ms ms) |"
  echo "| still open at the end of the hold | $held |"
  echo "| \`live_clients\` in /api/v1/health while connected | $live_during |"
  echo "| majlis VmRSS before | $rss_before KiB |"
  echo "| majlis VmRSS with the clients connected | $rss_during KiB |"
  echo "| **VmRSS per client** | **$per_client KiB** |"
  echo "| /api/v1/health latency while connected (curl, one request) | $curl_ms ms |"
  echo "| /api/v1/health latency while connected (sse_clients, $hl_n requests, median / max) | $hl_med / $hl_max ms |"
  echo "| majlis VmRSS 2 s after the clients closed | $rss_after KiB |"
  echo "| \`live_clients\` 2 s after the clients closed | $live_after |"
  echo
  if [ $failures -gt 0 ]; then echo "**$failures check(s) failed: see the messages above.**"; else echo "All checks passed."; fi
} >"$out/results.md"
cat "$out/results.md"
say "written to $out/results.md"
[ $failures -eq 0 ]
