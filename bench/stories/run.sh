#!/usr/bin/env bash
# bench/stories/run.sh — story clustering on the labelled SaudiNewsNet days:
# marsad (ingest's own pipeline: reader → cleaner → article → store →
# linker, into a store in memory) against the peer a
# user would pick (scikit-learn TF-IDF + cosine radius graph + connected
# components, bench/stories/peer.py) at its best threshold, both scored by
# one scorer, `marsad eval stories` (B-cubed over the 300 labelled articles
# among both full days). Then order independence: marsad on the input
# shuffled with fixed seeds, and the spread of F1.
#
# usage: bench/stories/run.sh [BUILD_DIR]     (default: ./build)
# env:   MARSAD (the binary), MARSAD_SHARED (default: ../shared),
#        PYTHON (default /usr/bin/python3, with python3-sklearn)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
marsad=${MARSAD:-$build/marsad}
python=${PYTHON:-/usr/bin/python3}
export MARSAD_SHARED=${MARSAD_SHARED:-$src/../shared}
days="$MARSAD_SHARED/eval/saudinewsnet/2015-07-23.jsonl.gz $MARSAD_SHARED/eval/saudinewsnet/2015-07-24.jsonl.gz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== marsad, and at neighbouring story thresholds (default 0.375)"
"$marsad" eval stories $days 2> /dev/null
for t in 0.35 0.4; do
  printf "threshold %s: " "$t"
  "$marsad" eval stories --threshold "$t" $days 2> /dev/null | head -1
done

echo "== peer: scikit-learn TF-IDF + cosine radius graph + connected components"
for t in 0.3 0.35 0.4 0.45 0.5 0.55; do
  "$python" "$here/peer.py" "$t" "$work/peer.tsv" $days
  printf "threshold %s: " "$t"
  "$marsad" eval stories --run "$work/peer.tsv"
done

echo "== marsad, input shuffled (seeds 1..5)"
for seed in 1 2 3 4 5; do
  "$marsad" eval stories --json --shuffle "$seed" $days 2> /dev/null |
    "$python" -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["f1"])'
done | "$python" -c '
import sys
f = [float(x) for x in sys.stdin]
print("F1 per seed:", " ".join("%.4f" % x for x in f))
print("min %.4f max %.4f spread %.4f" % (min(f), max(f), max(f) - min(f)))'
