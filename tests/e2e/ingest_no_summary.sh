#!/usr/bin/env bash
# `ingest --no-summary` links the articles into stories but leaves them
# unsummarized; the next ingest without it (of anything, here an article
# already stored) summarizes them, as a plain ingest would have, and
# `stories --relink` does too.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

summaries() { # the stories' JSON with only their ids and summaries
	"$MARSAD" --db "$1" stories --json | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    print(s["id"], len(s["summary"]), json.dumps(s["summary"], ensure_ascii=False))'
}

"$MARSAD" --db "$tmp/plain.db" ingest samples/*.txt > /dev/null ||
	{ echo "FAIL: plain ingest"; exit 1; }
summaries "$tmp/plain.db" > "$tmp/plain.txt"
check "plain ingest summarizes" "$(awk '$2 > 0' "$tmp/plain.txt" | wc -l)" 5

"$MARSAD" --db "$tmp/later.db" ingest --no-summary samples/*.txt > /dev/null
check "no-summary exit" "$?" 0
summaries "$tmp/later.db" > "$tmp/none.txt"
check "stories linked" "$(wc -l < "$tmp/none.txt")" 5
check "none summarized" "$(awk '$2 > 0' "$tmp/none.txt" | wc -l)" 0
"$MARSAD" --db "$tmp/later.db" ingest samples/000_fe3672199b4635b3.txt > "$tmp/out.txt"
check "next ingest" "$(cat "$tmp/out.txt")" \
	"0 added, 0 updated, 1 unchanged, 0 rejected"
summaries "$tmp/later.db" > "$tmp/later.txt"
check "summarized by the next ingest" "$(cmp -s "$tmp/plain.txt" "$tmp/later.txt"; echo $?)" 0

"$MARSAD" --db "$tmp/relink.db" ingest --no-summary samples/*.txt > /dev/null
"$MARSAD" --db "$tmp/relink.db" stories --relink > /dev/null
summaries "$tmp/relink.db" > "$tmp/relink.txt"
check "summarized by relink" "$(cmp -s "$tmp/plain.txt" "$tmp/relink.txt"; echo $?)" 0
exit $fail
