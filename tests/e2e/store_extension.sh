#!/usr/bin/env bash
# The loadable extension libmarsad_fts5 (cmake/sqlite_ext.cmake): the
# sqlite3 shell loads it, reads a marsad store through the "marsad"
# tokenizer and highlights the words as written.
set -uo pipefail
: "${MARSAD:?path of the marsad binary}"
cd "${MARSAD_SRC:-.}"
ext="$(dirname "$MARSAD")/libmarsad_fts5.so"
if [ ! -r "$ext" ]; then
  echo "FAIL: $ext not built (include cmake/sqlite_ext.cmake)"; exit 1
fi
# A sanitizer build's module needs its runtime loaded before the shell.
asan=$(ldd "$ext" | awk '/libasan/ {print $3}')
if [ -n "$asan" ]; then
  export LD_PRELOAD="$asan" ASAN_OPTIONS=detect_leaks=0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$MARSAD" --db "$tmp/m.db" ingest samples/*.txt > /dev/null || { echo "FAIL: ingest"; exit 1; }
got=$(sqlite3 "$tmp/m.db" ".load ${ext%.so}" \
  "SELECT highlight(articles_fts, 1, '[', ']') FROM articles_fts WHERE articles_fts MATCH 'الاسرى' ORDER BY rowid LIMIT 1" 2>&1)
case "$got" in
  *"["*"]"*) ;;
  *) echo "FAIL: highlight through the extension: [$got]"; fail=1 ;;
esac
got=$(sqlite3 "$tmp/m.db" ".load ${ext%.so}" \
  "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')" 2>&1)
[ -z "$got" ] || { echo "FAIL: FTS5 integrity-check: [$got]"; fail=1; }
# Without the extension the shell cannot use the index, only the tables.
sqlite3 "$tmp/m.db" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'x'" > /dev/null 2>&1 &&
  { echo "FAIL: the index worked without the tokenizer?"; fail=1; }
exit $fail
