#!/usr/bin/env bash
# bench/stem/run.sh — stemming accuracy of marsad and the stemmers a user
# would pick instead (Snowball Arabic, NLTK ISRI, Lucene 4.10 Arabic), all
# scored by one scorer, `marsad eval stem`, on the same gold with the same
# definition and marsad's normalization for the comparison.
#
# usage: bench/stem/run.sh [BUILD_DIR]     (default: ./build)
# env:   MARSAD (the binary), MARSAD_SHARED (default: ../shared),
#        PYTHON (a python3 with NLTK; default /usr/bin/python3)
# needs: bench/deps.sh (libstemmer-dev, python3-nltk, liblucene4.10-java,
#        default-jdk-headless)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
marsad=${MARSAD:-$build/marsad}
python=${PYTHON:-/usr/bin/python3}
export MARSAD_SHARED=${MARSAD_SHARED:-$src/../shared}
lucene=/usr/share/java/lucene-core-4.10.4.jar:/usr/share/java/lucene-analyzers-common-4.10.4.jar

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every word the scorer will look at, once; each peer stems this list.
"$marsad" eval stem --words | sort -u > "$work/words"

cc -O2 -o "$work/snowball" "$here/snowball_stem.c" -lstemmer
"$work/snowball" < "$work/words" > "$work/snowball.tsv"
"$python" "$here/isri_stem.py" < "$work/words" > "$work/isri.tsv"
javac -nowarn -cp "$lucene" -d "$work" "$here/LuceneStem.java"
java -cp "$lucene:$work" LuceneStem < "$work/words" > "$work/lucene.tsv"

"$marsad" eval stem --json > "$work/marsad.json"
for peer in snowball isri lucene; do
	"$marsad" eval stem --json --pairs "$work/$peer.tsv" > "$work/$peer.json"
done

"$python" - "$work" <<'PY'
import json, os, sys
rows = [(t, json.load(open(os.path.join(sys.argv[1], t + ".json"))))
        for t in ("marsad", "snowball", "isri", "lucene")]
first = rows[0][1]
print("gold:       %s (%d tokens)" % (first["gold"], first["tokens"]))
print("names gold: %s (%d tokens)" % (first["names_gold"], first["names_tokens"]))
print("definition: %s" % first["definition"])
print()
print("%-10s %9s %15s" % ("tool", "accuracy", "names accuracy"))
for name, d in rows:
    print("%-10s %9.4f %15.4f" % (name, d["accuracy"], d["names_accuracy"]))
PY
