#!/bin/sh
# bench/summary/run.sh — story summaries on the labelled SaudiNewsNet
# stories: the checks a summary promises, ROUGE against a lead baseline,
# and what summarizing costs beside ingesting.
#
#   bench/summary/run.sh [MARSAD]      (default: build/marsad)
#
# 1. `marsad eval summary --stories`: every gold story of
#    $MARSAD_SHARED/eval/stories/set-a-gold.tsv summarized from its
#    articles (no two summary sentences copies of each other, two outlets
#    when the story has two, every sentence traceable to its keys), ROUGE
#    of the summary of a story's other articles against each article's
#    title beside the lead baseline, and processor time per story and per
#    article;
# 2. the processor time of `marsad ingest` of one whole SaudiNewsNet day,
#    per article, and the share summarizing would add to it.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
marsad=${1:-$here/build/marsad}
MARSAD_SHARED=${MARSAD_SHARED:-$here/../shared}
export MARSAD_SHARED
day=$MARSAD_SHARED/eval/saudinewsnet/2015-07-23.jsonl.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$here"
"$marsad" eval summary --stories
"$marsad" eval summary --stories --json > "$tmp/summary.json"

/usr/bin/time -f '%U %S' -o "$tmp/time" \
	"$marsad" --db "$tmp/day.db" ingest "$day" > "$tmp/ingest.out" 2>/dev/null || true
python3 - "$tmp/summary.json" "$tmp/time" "$tmp/ingest.out" <<'PY'
import json, re, sys
s = json.load(open(sys.argv[1]))
user, system = map(float, open(sys.argv[2]).read().split()[-2:])
m = re.search(r'(\d+) added', open(sys.argv[3]).read())
n = int(m.group(1)) if m else 0
us = s["time"]["us_per_article"]
print("ingest of one day: %d articles, %.0f ms processor time, %.0f us/article"
      % (n, (user + system) * 1e3, (user + system) * 1e6 / max(n, 1)))
print("summarizing adds %.0f us/article: %.1f%% of ingest"
      % (us, 100 * us / ((user + system) * 1e6 / max(n, 1))))
PY
