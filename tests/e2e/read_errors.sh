#!/bin/bash
# read_errors.sh — bad input through `marsad analyze`: every case ends with
# a clear "marsad: FILE: ..." line on stderr and an exit code, never a
# crash; a bad record before a good one costs only itself.
set -u
M=${MARSAD:?MARSAD is the marsad binary}
D=${MARSAD_SRC:?}/tests/data/read
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0 pass=0

# expect CODE FILE STDERR-PART: runs `marsad analyze FILE`
expect() {
	local want=$1 file=$2 part=$3
	"$M" analyze "$file" >"$T/out" 2>"$T/err" </dev/null
	local rc=$?
	if [ "$rc" -ne "$want" ] || ! grep -qF -- "$part" "$T/err"; then
		echo "FAIL: analyze $file: exit $rc (want $want), stderr:" >&2
		cat "$T/err" >&2
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

expect 1 "$D/empty.txt" "marsad: $D/empty.txt: empty file"
expect 1 "$D/blank.txt" "empty file"
expect 1 "$D/empty.html" "empty file"
expect 1 "$D/empty.jsonl" "empty file"
expect 1 "$D/badcharset.html" 'unsupported character encoding "x-no-such-charset"'
expect 1 "$D/no-such-file" "cannot open"
expect 1 "$D/dir/image.bin" "unrecognized file format"

# a malformed first record is reported with its line; the next one is used
printf '{"title": "x", "text": \n[1]\n{"title":"عنوان","text":"نص صالح."}\n' >"$T/mixed.jsonl"
expect 0 "$T/mixed.jsonl" "$T/mixed.jsonl: line 1: invalid JSON at column"
grep -q "نص صالح" "$T/out" || { echo "FAIL: mixed.jsonl body" >&2; fail=$((fail + 1)); }
expect 0 "$T/mixed.jsonl" "line 2: record is an array, not a JSON object"

# a stream cut short: the complete lines are still there
expect 0 "$D/truncated.jsonl.gz" "holds more than one article"

# broken UTF-8 is shown, not fatal
expect 0 "$D/badutf8.txt" ""
grep -q "�" "$T/out" || { echo "FAIL: badutf8.txt shows U+FFFD" >&2; fail=$((fail + 1)); }

# deep tag soup is refused, not parsed for minutes
printf '<div>%.0s' $(seq 50000) >"$T/deep.html"
expect 1 "$T/deep.html" "nested too deeply"

# binary garbage (the start of the marsad binary) named .html, .txt, .jsonl
head -c 20000 "$M" >"$T/noise.bin"
for ext in html txt jsonl; do
	cp "$T/noise.bin" "$T/noise.$ext"
	"$M" analyze "$T/noise.$ext" >/dev/null 2>"$T/err" </dev/null
	rc=$?
	if [ "$rc" -gt 1 ] || ! [ -s "$T/err" -o "$rc" -eq 0 ]; then
		echo "FAIL: noise.$ext: exit $rc" >&2
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
