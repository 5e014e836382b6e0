#!/bin/sh
# bench/search.sh MAJLIS_BINARY: search relevance on the ARCD train split
# (run by `make bench`): the search engine of the speeches ("majlis": the
# query parser, our index and ranking), FTS5 with our tokenizer ranked by
# bm25 ("majlis-fts5") and FTS5's unicode61, in the same run, on the
# held-out half of the questions (never used for tuning), on the tuning
# half and on all of them (doc/search.md, "Held-out evaluation"). Reads the
# data in place from $MAJLIS_DATA (default ../shared/data); skips with a
# message when it is absent. Seconds. Writes $BUILD/bench/search.md.
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
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $("$M" version). \`majlis eval search\`, top 10, all systems in one run."
  for q in strict answer_string; do
    for split in held-out tune all; do
      echo
      echo "qrels: \`qrels-train-$q.trec\`, questions: $split"
      echo
      echo '```'
      "$M" eval search --docs "$A/docs.jsonl" --queries "$A/queries-train.tsv" --qrels "$A/qrels-train-$q.trec" \
        --tokenizer majlis,majlis-fts5,unicode61 --split "$split" || exit 1
      echo '```'
    done
  done
} >"$out/search.md"
cat "$out/search.md"
