#!/bin/sh
# bench/summary/run.sh — story summaries on the labelled SaudiNewsNet
# stories: the checks a summary promises, ROUGE against a lead baseline,
# and what summarizing costs beside ingesting.
#
#   bench/summary/run.sh [BUILD_DIR]      (default: build)
#   env: MARSAD_SHARED (default ../shared), DAYS (SaudiNewsNet files to
#        ingest for the cost, a shell glob; default 2015-07-23, one day;
#        DAYS='*' takes all 31k articles; RUNS, default 3)
#
# 1. `marsad eval summary --stories`: every gold story of
#    $MARSAD_SHARED/eval/stories/set-a-gold.tsv summarized from its
#    articles (no two summary sentences copies of each other, two outlets
#    when the story has two, every sentence traceable to its keys), ROUGE
#    of the summary of a story's other articles against each article's
#    title beside the lead baseline;
# 2. what summarizing adds to an ingest of DAYS: the elapsed and the
#    processor time of `marsad ingest` (reading, cleaning, extraction,
#    storing, linking, and summarizing: the builders' words for summaries
#    and the pass at the end, on --jobs threads) against `marsad ingest
#    --no-summary` of the same files into a new store, RUNS times each
#    (default 3), alternated; medians;
# 3. marsad_summary_store() on a copy of the store (store_time.c, built
#    against the library): every story summarized again, and a
#    pass in which nothing changed.
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

runs=${RUNS:-3}
ingest() { # ingest OUT_TIME [OPTION]: a new store of DAYS, its times
	rm -f "$tmp/s.db" "$tmp/s.db-wal" "$tmp/s.db-shm"
	# shellcheck disable=SC2086 # DAYS is a glob
	/usr/bin/time -f '%e %U %S' -o "$1" "$marsad" --db "$tmp/s.db" ingest ${2:-} \
		$MARSAD_SHARED/eval/saudinewsnet/$days.jsonl.gz > "$tmp/ingest.out" 2>/dev/null || true
}
for i in $(seq "$runs"); do
	ingest "$tmp/without.$i" --no-summary
	ingest "$tmp/with.$i"
done
cc -O2 -I"$here/include" -o "$tmp/store_time" "$here/bench/summary/store_time.c" \
	"$build/libmarsad.a" \
	$(pkg-config --libs sqlite3 libutf8proc jansson yajl gumbo zlib libxml-2.0 \
		libtcmalloc_minimal) -lpthread -lm # the allocator of the marsad program
cp "$tmp/s.db" "$tmp/copy.db"
"$tmp/store_time" "$tmp/copy.db" > "$tmp/store.out"
cat "$tmp/store.out"
python3 - "$tmp" "$runs" <<'PY'
import re, statistics, sys
tmp, runs = sys.argv[1], int(sys.argv[2])
def times(name, cpu):
    out = []
    for i in range(1, runs + 1):
        t = [float(x) for x in open("%s/%s.%d" % (tmp, name, i)).read().split()[-3:]]
        out.append(t[1] + t[2] if cpu else t[0])
    return out
m = re.search(r'(\d+) added', open(tmp + "/ingest.out").read())
n = int(m.group(1)) if m else 0
for what, cpu in (("elapsed", False), ("processor", True)):
    with_, without = times("with", cpu), times("without", cpu)
    w, wo = statistics.median(with_), statistics.median(without)
    print("ingest of %d articles, %s time (median of %d): %.1f s, "
          "with --no-summary %.1f s" % (n, what, runs, w, wo))
    print("  runs with: %s; without: %s" % (" ".join("%.1f" % x for x in with_),
                                            " ".join("%.1f" % x for x in without)))
    print("  summarizing adds %.1f s, %.1f%% to the ingest without it (%.0f us/article)"
          % (w - wo, 100 * (w - wo) / wo, (w - wo) * 1e6 / max(n, 1)))
wo = statistics.median(times("without", True))
s = float(re.search(r'^all\t\d+ stories\t([\d.]+) s', open(tmp + "/store.out").read(), re.M).group(1))
print("summarizing every story again: %.1f s processor time, %.1f%% "
      "of the ingest's without summaries" % (s, 100 * s / wo))
PY
