#!/usr/bin/env bash
# bench/link/run.sh — copies and speed of linking.
#  1. Copies on all SaudiNewsNet days: recall against article pairs that
#     share >= 20 consecutive normalized words, the Saudi Press Agency as
#     the reported source, and 50 reported copies written to
#     $work/copies-sample.tsv (outside the project: it quotes SaudiNewsNet text) for a hand check (exact_runs.py).
#  2. Time and peak memory (/usr/bin/time -v) of `marsad ingest` with
#     everything on (read, clean, article stage, store, link as articles
#     are stored, summaries) into a new store, for 1k, 31k (SaudiNewsNet)
#     and 62k (SaudiNewsNet + ANT) articles, and of the same 31k with
#     --no-link (the share linking takes); then one more day added to a
#     store holding the other days (it costs the day plus reading the
#     linker back, not the store), beside the day into an empty store and
#     the scikit-learn peer (bench/stories/peer.py: TF-IDF + radius graph
#     + components) on 31k.
#
# usage: bench/link/run.sh [BUILD_DIR]     (default: ./build)
# env:   MARSAD, MARSAD_SHARED (default ../shared), PYTHON (/usr/bin/python3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
marsad=${MARSAD:-$build/marsad}
python=${PYTHON:-/usr/bin/python3}
export MARSAD_SHARED=${MARSAD_SHARED:-$src/../shared}
snn=("$MARSAD_SHARED"/eval/saudinewsnet/*.jsonl.gz)
ant=("$MARSAD_SHARED"/eval/ant/*.jsonl.gz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== copies on SaudiNewsNet (${#snn[@]} days)"
"$marsad" eval stories --copies "$work/copies.tsv" "${snn[@]}" > /dev/null
"$python" "$here/exact_runs.py" "$work/copies.tsv" "$work/copies-sample.tsv" 20 "${snn[@]}"

measure() { # measure LABEL COMMAND...
  /usr/bin/time -v "${@:2}" > /dev/null 2> "$work/time" || { cat "$work/time"; return 1; }
  awk -v l="$1" -F': ' '/User time/ {u=$2} /System time/ {s=$2}
    /Elapsed/ {e=$2} /Maximum resident/ {m=$2}
    END {printf "%-34s cpu %7.1f s  wall %s  peak %6.0f MB\n", l, u+s, e, m/1024}' "$work/time"
}
# (head closes the pipe early; zcat's SIGPIPE is expected)
zcat "${snn[0]}" | head -n 1000 > "$work/1k.jsonl" || true
last=${snn[${#snn[@]}-1]}
rest=("${snn[@]:0:${#snn[@]}-1}")
db="$work/m.db"
fresh() { rm -f "$db" "$db-wal" "$db-shm"; }
echo "== time and peak memory (marsad ingest, everything on, new store)"
fresh; measure "ingest 1k" "$marsad" --db "$db" ingest "$work/1k.jsonl"
fresh; measure "ingest 31k SaudiNewsNet" "$marsad" --db "$db" ingest "${snn[@]}"
echo "   store $(du -m "$db" | cut -f1) MB, of which the linker's rows" \
  "$(sqlite3 "$db" 'SELECT sum(length(data)) / 1048576 FROM link_articles') MB"
fresh; measure "ingest 31k --no-link" "$marsad" --db "$db" ingest --no-link "${snn[@]}"
fresh; measure "ingest 62k SaudiNewsNet+ANT" "$marsad" --db "$db" ingest "${snn[@]}" "${ant[@]}"
fresh; measure "one day into an empty store" "$marsad" --db "$db" ingest "$last"
fresh; "$marsad" --db "$db" ingest "${rest[@]}" > /dev/null 2>&1
measure "one day into the other days" "$marsad" --db "$db" ingest "$last"
measure "scikit-learn peer 31k (t=0.4)" "$python" "$src/bench/stories/peer.py" 0.4 "$work/peer.tsv" "${snn[@]}"
