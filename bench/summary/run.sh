#!/bin/sh
# bench/summary/run.sh — story summaries on the labelled SaudiNewsNet
# stories: the checks a summary promises, ROUGE against a lead baseline,
# and what summarizing costs beside ingesting.
#
#   bench/summary/run.sh [BUILD_DIR]      (default: build)
#   env: MARSAD_SHARED (default ../shared), DAYS (SaudiNewsNet files to
#        ingest for the cost, a shell glob; default 2015-07-23, one day;
#        DAYS='*' takes all 31k articles)
#
# 1. `marsad eval summary --stories`: every gold story of
#    $MARSAD_SHARED/eval/stories/set-a-gold.tsv summarized from its
#    articles (no two summary sentences copies of each other, two outlets
#    when the story has two, every sentence traceable to its keys), ROUGE
#    of the summary of a story's other articles against each article's
#    title beside the lead baseline;
# 2. the processor time of `marsad ingest` of DAYS (reading, cleaning,
#    extraction, storing, linking and one summarizing pass), then of
#    marsad_summary_store() on a copy of that store (store_time.c, built
#    against the library): every story and topic summarized again, and a
#    pass in which nothing changed. The share is summarizing's processor
#    time over ingest's, and over ingest's without its summarizing pass
#    (what summarizing adds). Not in the pass: the words each article
#    keeps for summaries, prepared by ingest's builder threads
#    (marsad_summary_prepare) and counted in ingest's time; callgrind's
#    inclusive count of marsad_summary_prepare in an ingest tells their
#    share.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
marsad=$build/marsad
MARSAD_SHARED=${MARSAD_SHARED:-$here/../shared}
export MARSAD_SHARED
days=${DAYS:-2015-07-23}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$here"
"$marsad" eval summary --stories

# shellcheck disable=SC2086 # DAYS is a glob
/usr/bin/time -f '%U %S' -o "$tmp/time" "$marsad" --db "$tmp/s.db" ingest \
	$MARSAD_SHARED/eval/saudinewsnet/$days.jsonl.gz > "$tmp/ingest.out" 2>/dev/null || true
cc -O2 -I"$here/include" -o "$tmp/store_time" "$here/bench/summary/store_time.c" \
	"$build/libmarsad.a" \
	$(pkg-config --libs sqlite3 libutf8proc jansson yajl gumbo zlib libxml-2.0) -lpthread -lm
cp "$tmp/s.db" "$tmp/copy.db"
"$tmp/store_time" "$tmp/copy.db" > "$tmp/store.out"
cat "$tmp/store.out"
python3 - "$tmp/time" "$tmp/ingest.out" "$tmp/store.out" <<'PY'
import re, sys
user, system = map(float, open(sys.argv[1]).read().split()[-2:])
m = re.search(r'(\d+) added', open(sys.argv[2]).read())
n = int(m.group(1)) if m else 0
s = float(re.search(r'^all\t\d+ stories\t([\d.]+) s', open(sys.argv[3]).read(), re.M).group(1))
ingest = user + system
print("ingest: %d articles, %.1f s processor time" % (n, ingest))
# The ingest summarized every story once (all were new): without that pass
# it would have taken ingest - s, which summarizing adds s to.
print("summarizing every story and topic: %.1f s, %.1f%% of ingest, adds "
      "%.1f%% to ingest without it (%.0f us/article)"
      % (s, 100 * s / ingest, 100 * s / max(ingest - s, 1e-9),
         s * 1e6 / max(n, 1)))
PY
