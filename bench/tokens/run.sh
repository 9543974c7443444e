#!/usr/bin/env bash
# bench/tokens/run.sh — `marsad tokens` against the analyzers a user would
# pick instead, single-threaded, on the text of SaudiNewsNet (title +
# content, one article per line): Lucene 4.10 ArabicAnalyzer, Snowball
# Arabic (libstemmer) and NLTK's ISRI stemmer (on a slice: it is slow).
# Each runs three times on the same file, output to /dev/null; the best
# run counts. Prints MB/s (10^6 bytes of input per CPU second, and per
# wall second) and the ratio marsad / peer.
#
# Usage: bench/tokens/run.sh            (needs bench/deps.sh installed)
# Env:   MARSAD         the marsad binary (default: build/marsad)
#        MARSAD_SHARED  the shared data (default: ../shared)
#        ISRI_MB        size of the ISRI slice in MB (default 8)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
shared=${MARSAD_SHARED:-$src/../shared}
marsad=${MARSAD:-$src/build/marsad}
isri_mb=${ISRI_MB:-8}
# The distribution's Python, which has python3-nltk.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
jars=/usr/share/java/lucene-core-4.10.4.jar:/usr/share/java/lucene-analyzers-common-4.10.4.jar

for tool in "$marsad" javac java cc; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (bench/deps.sh)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "extracting SaudiNewsNet text..." >&2
"$py" "$here/extract.py" "$shared/eval/saudinewsnet" "$work/snn.txt" \
	"$work/slice.txt" $((isri_mb * 1000000))
javac -nowarn -cp "$jars" -d "$work" "$here/LuceneArabic.java"
cc -O2 -o "$work/snowball" "$here/snowball_arabic.c" -lstemmer

# Every command runs pinned to one CPU (taskset), so that the JVM's
# compiler and collector threads share the core Lucene runs on: all
# analyzers are measured single-threaded. The machine may be busy with
# other work, so each command's CPU time (user + system) is what counts;
# wall time is shown beside it.
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

# best_of3 CMD...: prints "cpu wall", the best of three runs, in seconds.
best_of3() {
	local best_cpu="" best_wall="" out
	for _ in 1 2 3; do
		out=$( { TIMEFORMAT='%U %S %R'; time "${pin[@]}" "$@" >/dev/null 2>&1; } 2>&1 )
		read -r u s r <<<"$out"
		best_cpu=$(awk -v a="$best_cpu" -v b="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" \
			'BEGIN { print (a == "" || b < a) ? b : a }')
		best_wall=$(awk -v a="$best_wall" -v b="$r" 'BEGIN { print (a == "" || b < a) ? b : a }')
	done
	echo "$best_cpu $best_wall"
}

size=$(stat -c %s "$work/snn.txt")
slice=$(stat -c %s "$work/slice.txt")
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }

echo "timing (best of 3)..." >&2
t_marsad=$(best_of3 "$marsad" tokens "$work/snn.txt")
t_nostem=$(best_of3 "$marsad" tokens --no-stem "$work/snn.txt")
t_lucene=$(best_of3 java -cp "$jars:$work" LuceneArabic "$work/snn.txt")
t_snow=$(best_of3 "$work/snowball" "$work/snn.txt")
t_isri=$(best_of3 "$py" "$here/isri.py" "$work/slice.txt")

r_marsad=$(mbps "$size" "${t_marsad% *}")
row() { # name bytes "cpu wall"
	local cpu=${3% *} wall=${3#* } r
	r=$(mbps "$2" "$cpu")
	printf "%-30s %8.1f %7.2f %7.2f %8s %9s %8s\n" "$1" \
		"$(awk -v b="$2" 'BEGIN { print b / 1e6 }')" "$cpu" "$wall" "$r" \
		"$(mbps "$2" "$wall")" \
		"$(awk -v m="$r_marsad" -v p="$r" 'BEGIN { printf "%.1fx", m / p }')"
}
printf "%-30s %8s %7s %7s %8s %9s %8s\n" "analyzer" "input MB" "cpu s" "wall s" \
	"MB/s" "wall MB/s" "marsad/"
row "marsad tokens" "$size" "$t_marsad"
row "marsad tokens --no-stem" "$size" "$t_nostem"
row "Lucene 4.10 ArabicAnalyzer" "$size" "$t_lucene"
row "Snowball arabic (libstemmer)" "$size" "$t_snow"
row "NLTK ISRI (${isri_mb} MB slice)" "$slice" "$t_isri"
