#!/usr/bin/env bash
# Story search, side by side: marsad against SQLite FTS5 (unicode61),
# Xapian (Arabic Snowball stemmer, BM25) and Lucene 4.10 (ArabicAnalyzer,
# BM25) on all of SaudiNewsNet (31,030 articles).
#
# Quality: every article of a labelled story with two or more articles
# (stories/set-a) is a query, its title; MAP of finding the story's other
# articles in the top 100. Every system writes a ranked run and ONE scorer,
# `marsad eval search --run`, scores them all. marsad is scored without and
# with its date prior (--near: the query article's date). Robustness: the
# same queries rewritten the way people type (rewrite.py, fixed seed).
# Speed: ingest + index time (marsad's whole pipeline, threaded, on disk;
# the peers index the raw text; fts5_floor.py, the least any FTS5 index of
# the text takes), search latency p50 / p99 (marsad's of a new process,
# and of one that has first searched other titles: the peers search the
# index they have just built, in memory), store size against the raw text.
#
# usage: bench/search/run.sh [GOLD]      (env: MARSAD, MARSAD_SHARED, WORK)
# Needs bench/deps.sh (python3-xapian, liblucene4.10-java, a JDK).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
MARSAD=${MARSAD:-$root/build/marsad}
export MARSAD_SHARED=${MARSAD_SHARED:-$root/../shared}
gold=${1:-$MARSAD_SHARED/eval/stories/set-a-gold.tsv}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
corpus=("$MARSAD_SHARED"/eval/saudinewsnet/*.jsonl.gz)
py=/usr/bin/python3 # the Debian interpreter, which has python3-xapian
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
field() { $py -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
score() { "$MARSAD" eval search --json --run "$1" "$gold" | field map; }

echo "work directory: $work" >&2
"$MARSAD" eval search --dump-queries "$gold" > "$work/queries.tsv"
$py "$here/rewrite.py" < "$work/queries.tsv" > "$work/typed.tsv"
raw=$($py "$here/prep.py" "$work/corpus.tsv" "${corpus[@]}")

# ---- marsad -------------------------------------------------------------------
rm -f "$work/marsad.db" "$work/marsad.db-wal" "$work/marsad.db-shm"
t0=$(now)
# --no-link: reading to indexing, what the peers' indexing stands for;
# linking articles into stories is measured by bench/stories.
"$MARSAD" --db "$work/marsad.db" ingest --no-link --json "${corpus[@]}" > "$work/ingest.json" \
  2> "$work/ingest.err"
ingest_s=$(since "$t0")
db_bytes=$(stat -c %s "$work/marsad.db")
declare -A map p50 p99 cpu50 cpu99
for mode in plain near; do
  opt=(); [ $mode = near ] && opt=(--near)
  for q in queries typed; do
    "$MARSAD" --db "$work/marsad.db" eval search --json "${opt[@]}" \
      --queries "$work/$q.tsv" --write-run "$work/run-marsad-$mode-$q.tsv" "$gold" \
      > "$work/eval-$mode-$q.json"
    map[marsad-$mode-$q]=$(field map < "$work/eval-$mode-$q.json")
  done
  p50[marsad-$mode]=$(field p50_ms < "$work/eval-$mode-queries.json")
  p99[marsad-$mode]=$(field p99_ms < "$work/eval-$mode-queries.json")
  cpu50[marsad-$mode]=$(field cpu_p50_ms < "$work/eval-$mode-queries.json")
  cpu99[marsad-$mode]=$(field cpu_p99_ms < "$work/eval-$mode-queries.json")
done
# the same searches in a process that has answered others first (--warm)
"$MARSAD" --db "$work/marsad.db" eval search --json --warm \
  --queries "$work/queries.tsv" "$gold" > "$work/eval-warm.json"

# ---- peers ----------------------------------------------------------------------
$py "$here/fts5_run.py" "$work/corpus.tsv" "$work/fts5.db" \
  "$work/queries.tsv" "$work/run-fts5-queries.tsv" \
  "$work/typed.tsv" "$work/run-fts5-typed.tsv" > "$work/fts5.json"
$py "$here/xapian_run.py" "$work/corpus.tsv" "$work/xapian.db" \
  "$work/queries.tsv" "$work/run-xapian-queries.tsv" \
  "$work/typed.tsv" "$work/run-xapian-typed.tsv" > "$work/xapian.json"
# FTS5's own floor: its unicode61 tokenizer indexing the same text, already
# in SQLite, in one statement (fts5_floor.py)
fts5_floor_s=$($py "$here/fts5_floor.py" "$work/corpus.tsv" "$work/fts5-floor.db")
jars=$(ls /usr/share/java/lucene-{core,analyzers-common,queryparser}-4.10.4.jar | tr '\n' ':')
javac -nowarn -cp "$jars" -d "$work" "$here/LuceneRun.java" 2> /dev/null
java -Xmx3g -cp "$jars$work" LuceneRun "$work/corpus.tsv" \
  "$work/queries.tsv" "$work/run-lucene-queries.tsv" \
  "$work/typed.tsv" "$work/run-lucene-typed.tsv" > "$work/lucene.json"
for p in fts5 xapian lucene; do
  for q in queries typed; do
    map[$p-plain-$q]=$(score "$work/run-$p-$q.tsv")
  done
done

# ---- the table ------------------------------------------------------------------
{
echo "story search on SaudiNewsNet ($(wc -l < "$work/corpus.tsv") articles), $(wc -l < "$work/queries.tsv") queries from $(basename "$gold")"
printf '%-22s %8s %8s %8s %10s %9s %9s\n' system MAP typed loss index_s p50_ms p99_ms
num() { if [ "$1" = - ]; then echo -; else printf %.1f "$1"; fi; }
row() { # row NAME KEY INDEX_S P50 P99
  local a=${map[$2-queries]} b=${map[$2-typed]}
  printf '%-22s %8.4f %8.4f %7.1f%% %10s %9s %9s\n' "$1" "$a" "$b" \
    "$(echo "($a - $b) * 100 / $a" | bc -l)" "$(num "$3")" "$(num "$4")" "$(num "$5")"
}
row "marsad" marsad-plain "$ingest_s" "${p50[marsad-plain]}" "${p99[marsad-plain]}"
row "marsad --near (prior)" marsad-near "-" "${p50[marsad-near]}" "${p99[marsad-near]}"
for p in fts5 xapian lucene; do
  row "$p" "$p-plain" "$(field index_s < "$work/$p.json")" \
    "$(field p50_ms < "$work/$p.json")" "$(field p99_ms < "$work/$p.json")"
done
best=$(printf '%s\n' "${map[fts5-plain-queries]}" "${map[xapian-plain-queries]}" "${map[lucene-plain-queries]}" | sort -g | tail -1)
echo "marsad / best peer: $(echo "${map[marsad-plain-queries]} / $best" | bc -l | cut -c1-5)x (with the prior: $(echo "${map[marsad-near-queries]} / $best" | bc -l | cut -c1-5)x)"
echo "marsad ingest (read, clean, analyze, dates, entities, quotes, store, index; on disk; $(nproc) builder threads): $(printf %.1f "$ingest_s") s; $(field added < "$work/ingest.json") added, $(field rejected < "$work/ingest.json") rejected; Lucene indexing (in memory): $(field index_s < "$work/lucene.json") s; FTS5 alone (unicode61, one token a word, the text already stored, one statement): $fts5_floor_s s"
echo "store: $db_bytes bytes for $raw bytes of raw text (ratio $(echo "$db_bytes / $raw" | bc -l | cut -c1-4)); MB by table: $(sqlite3 "$work/marsad.db" "SELECT name || ' ' || (sum(pgsize) >> 20) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 6" | paste -sd, -)"
printf 'marsad processor time per search: p50 %.2f ms, p99 %.2f ms (with the prior: %.2f, %.2f)\n' \
  "${cpu50[marsad-plain]}" "${cpu99[marsad-plain]}" "${cpu50[marsad-near]}" "${cpu99[marsad-near]}"
echo "latencies are wall-clock inside one process per system (marsad eval search, the peers' own loops); marsad's above are a new process's first searches"
printf 'marsad after %s other searches in the process (eval search --warm): p50 %.2f ms, p99 %.2f ms\n' \
  "$(field warm_searches < "$work/eval-warm.json")" "$(field p50_ms < "$work/eval-warm.json")" "$(field p99_ms < "$work/eval-warm.json")"
echo "machine load at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
} | tee "$work/table.txt"
