#!/usr/bin/env bash
# `marsad ingest`: counts of added / updated / unchanged / rejected, one
# stderr line "marsad: FILE:LINE: why" per rejected record, exit 0 when
# anything was read and 1 when nothing could be, re-ingest a no-op, a
# changed article updated in place, never duplicated.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
db="$tmp/m.db"
count() { sqlite3 "$db" "$1"; }

out=$("$MARSAD" --db "$db" ingest samples/*.txt 2> "$tmp/err"); rc=$?
check "first ingest" "$out" "5 added, 0 updated, 0 unchanged, 0 rejected"
check "first ingest exit" "$rc" 0
check "articles" "$(count 'SELECT count(*) FROM articles')" 5
check "sentences" "$(count 'SELECT count(*) > 20 FROM sentences')" 1
check "schema version" "$(count 'PRAGMA user_version')" 11
check "journal" "$(count 'PRAGMA journal_mode')" wal

out=$("$MARSAD" --db "$db" ingest --json samples/*.txt 2>> "$tmp/err"); rc=$?
check "re-ingest" "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["added"], d["updated"], d["unchanged"], d["rejected"])')" "0 0 5 0"
check "re-ingest exit" "$rc" 0

# A changed article is updated, not added.
mkdir "$tmp/changed"
cp samples/001_6f70dd8932d5d552.txt "$tmp/changed/"
printf '\nوأكد المتحدث أن جولة جديدة من المحادثات ستعقد الشهر المقبل في لوكسمبورغ.\n' \
  >> "$tmp/changed/001_6f70dd8932d5d552.txt"
out=$("$MARSAD" --db "$db" ingest "$tmp/changed" 2>> "$tmp/err")
check "changed" "$out" "0 added, 1 updated, 0 unchanged, 0 rejected"
check "no duplicate" "$(count 'SELECT count(*), count(DISTINCT key) FROM articles')" "5|5"
check "new text indexed" "$("$MARSAD" --db "$db" search --json لوكسمبورغ | python3 -c 'import json,sys; print([h["key"] for h in json.load(sys.stdin)])')" "['001_6f70dd8932d5d552']"

# JSON Lines with a broken record: the rest goes on, the bad line is named.
cat > "$tmp/batch.jsonl" <<'JL'
{"id": "j1", "title": "افتتاح معرض الكتاب في الرياض", "content": "افتتح أمير منطقة الرياض معرض الكتاب الدولي بمشاركة مئات دور النشر.", "source": "spa", "date": "2015-07-23 10:00:00"}
{"id": "j2", "title": "broken", "content": 
{"id": "j3", "title": "الهلال يفوز على النصر", "content": "فاز فريق الهلال على النصر بهدفين مقابل هدف في نهائي كأس السوبر.", "source": "okaz", "date": "2015-07-24"}
JL
out=$("$MARSAD" --db "$db" ingest "$tmp/batch.jsonl" 2> "$tmp/err"); rc=$?
check "jsonl" "$out" "2 added, 0 updated, 0 unchanged, 1 rejected"
check "jsonl exit" "$rc" 0
grep -q "^marsad: $tmp/batch.jsonl:2: " "$tmp/err" || { echo "FAIL: reject line: $(cat "$tmp/err")"; fail=1; }
check "reject lines" "$(wc -l < "$tmp/err")" 1
check "outlet and date" "$(count "SELECT outlet, substr(published, 1, 10) FROM articles WHERE key = 'j3'")" "okaz|2015-07-24"

# Standard input is JSON Lines.
out=$(head -1 "$tmp/batch.jsonl" | "$MARSAD" --db "$db" ingest - 2>> "$tmp/err")
check "stdin" "$out" "0 added, 0 updated, 1 unchanged, 0 rejected"

# Nothing readable: exit 1, one line per path.
"$MARSAD" --db "$db" ingest "$tmp/nope.txt" > /dev/null 2> "$tmp/err"; rc=$?
check "missing file exit" "$rc" 1
grep -q "^marsad: $tmp/nope.txt" "$tmp/err" || { echo "FAIL: missing file line: $(cat "$tmp/err")"; fail=1; }
: > "$tmp/empty.jsonl"
"$MARSAD" --db "$db" ingest "$tmp/empty.jsonl" > /dev/null 2>&1; rc=$?
check "empty file exit" "$rc" 1
"$MARSAD" --db "$db" ingest > /dev/null 2>&1; rc=$?
check "no path exit" "$rc" 2
# Hostile input never crashes, and the batch goes on.
head -c 20000 /dev/urandom > "$tmp/soup.jsonl"
cat "$tmp/batch.jsonl" >> "$tmp/soup.jsonl"
"$MARSAD" --db "$db" ingest "$tmp/soup.jsonl" > "$tmp/out" 2> /dev/null; rc=$?
[ "$rc" -le 1 ] || { echo "FAIL: soup exit $rc"; fail=1; }
check "integrity" "$(count 'PRAGMA integrity_check')" ok
check "total" "$(count 'SELECT count(*), count(DISTINCT key) FROM articles')" "7|7"
exit $fail
