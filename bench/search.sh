#!/bin/sh
# bench/search.sh MAJLIS_BINARY: search relevance on the ARCD train split,
# our analyzer beside FTS5's unicode61 in the same run (run by `make bench`).
# Reads the data in place from $MAJLIS_DATA (default ../shared/data); skips
# with a message when it is absent. Writes $BUILD/bench/search.md.
set -u
M=$1
BUILD=${BUILD:-build}
DATA=${MAJLIS_DATA:-../shared/data}
A=$DATA/arcd
out=$BUILD/bench
mkdir -p "$out"
if [ ! -f "$A/docs.jsonl" ]; then
  echo "bench: skip: search relevance (no ARCD data at $A)" >&2
  exit 0
fi
{
  echo "# Search relevance: ARCD train split"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $("$M" version). \`majlis eval search\`, top 10, both tokenizers in one run."
  for q in strict answer_string; do
    echo
    echo "qrels: \`qrels-train-$q.trec\`"
    echo
    echo '```'
    "$M" eval search --docs "$A/docs.jsonl" --queries "$A/queries-train.tsv" --qrels "$A/qrels-train-$q.trec" \
      --tokenizer majlis,unicode61 || exit 1
    echo '```'
  done
} >"$out/search.md"
cat "$out/search.md"
