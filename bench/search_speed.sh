#!/bin/sh
# bench/search_speed.sh MAJLIS_BINARY: the search engine's speed at scale
# beside FTS5 unicode61 in the same run (run by `make bench`; doc/search.md
# "Speed"). Builds bench/search_speed.c against the library and runs it on
# the news corpus ($MAJLIS_DATA/arabic-news/saudinewsnet.jsonl.xz, research
# only: nothing of it is printed) and on a generated corpus
# BENCH_SEARCH_SCALE (10) times larger. About 13 minutes on 2 busy CPUs; needs
# about 4 GB of free disk in $TMPDIR and 3 GB of memory. Writes
# $BUILD/bench/search_speed.md and prints it. Skips when the corpus is absent.
set -u
M=$1
BUILD=${BUILD:-build}
DATA=${MAJLIS_DATA:-../shared/data}
SCALE=${BENCH_SEARCH_SCALE:-10}
N=$DATA/arabic-news/saudinewsnet.jsonl.xz
out=$BUILD/bench
mkdir -p "$out"
if [ ! -f "$N" ]; then
  echo "bench: skip: search speed (no news corpus at $N)" >&2
  exit 0
fi
command -v xz >/dev/null || { echo "bench: search speed needs xz; tools/deps.sh bench installs xz-utils" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LIBS=$(pkg-config --libs sqlite3 libmicrohttpd jansson libutf8proc libxml-2.0 libargon2 liboath libsodium libqrencode \
  libcurl pangocairo xlsxwriter)
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc/base -Isrc/store -Isrc/domain -Isrc/text -o "$tmp/search_speed" \
  bench/search_speed.c "$BUILD/libmajlis.a" $LIBS -lpthread -lm || { echo "bench: FAILED: building search_speed" >&2; exit 1; }
{
  echo "# Search speed: our engine beside FTS5 unicode61"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $("$M" version); $(nproc) CPUs; $(sqlite3 --version | cut -d' ' -f1 2>/dev/null)."
  echo
  "$tmp/search_speed" "$N" "$tmp" "$SCALE" || exit 1
} >"$out/search_speed.md"
cat "$out/search_speed.md"
