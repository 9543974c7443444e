#!/usr/bin/env bash
# A threaded ingest writes the same database as a single-threaded one: the
# same rows in every table (ids included, so the same input order), the
# same index, the same counts and the same reject lines, whatever --jobs;
# with linking too (the linker's rows, copies, stories, topics, summaries).
# Input: the first 300 records of one day of SaudiNewsNet from
# $MARSAD_SHARED (generated articles when it is absent) and a few bad ones.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
day="${MARSAD_SHARED:-../shared}/eval/saudinewsnet/2015-07-23.jsonl.gz"
input="$tmp/in.jsonl"
if [ -r "$day" ]; then
  zcat "$day" | head -300 > "$input"
else
  python3 - "$input" <<'PY'
import json, random, sys
rnd = random.Random(11)
words = ("وزير الخارجية الرياض المملكة اجتماع مجلس الأمن الاقتصاد النفط "
         "الأسواق المالية المدارس الطلاب الملعب الهلال النصر مهرجان").split()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(300):
        text = "\n".join(" ".join(rnd.choice(words) for _ in range(20)) + "."
                         for _ in range(6)) + "\nتابعونا على تويتر"
        f.write(json.dumps({"id": f"g{i}", "title": " ".join(rnd.sample(words, 5)),
                            "content": text, "source": f"s{i % 3}",
                            "date": "2015-07-23"}, ensure_ascii=False) + "\n")
PY
fi
# Rejects of every kind, spread over the input: a broken line, an empty
# article, and a key seen twice with another text (an update).
sed -i '40a {"title": "broken",' "$input"
sed -i '120a {"id": "empty", "title": "", "content": ""}' "$input"
sed -n 10p "$input" | sed 's/"content": "/"content": "نص آخر. /' >> "$input"

dump() { # the database as text, the index's own tables included
  sqlite3 "$1" .dump | grep -v '^PRAGMA\|^BEGIN\|^COMMIT'
}
for jobs in 1 2 5; do
  "$MARSAD" --db "$tmp/$jobs.db" ingest --no-link --json --jobs "$jobs" --batch 64 "$input" \
    > "$tmp/$jobs.out" 2> "$tmp/$jobs.err"
  check "exit with --jobs $jobs" "$?" 0
  dump "$tmp/$jobs.db" > "$tmp/$jobs.sql"
done
check "counts" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["updated"], d["rejected"])' "$tmp/1.out")" "1 2"
grep -q ':121: empty article' "$tmp/1.err" || { echo "FAIL: empty article line: $(cat "$tmp/1.err")"; fail=1; }
check "rows" "$(sqlite3 "$tmp/1.db" 'SELECT count(*) > 250 FROM articles')" 1
for jobs in 2 5; do
  cmp -s "$tmp/1.out" "$tmp/$jobs.out" || { echo "FAIL: counts differ with --jobs $jobs"; fail=1; }
  cmp -s "$tmp/1.err" "$tmp/$jobs.err" || { echo "FAIL: reject lines differ with --jobs $jobs"; diff "$tmp/1.err" "$tmp/$jobs.err" | head; fail=1; }
  cmp -s "$tmp/1.sql" "$tmp/$jobs.sql" || { echo "FAIL: database differs with --jobs $jobs"; diff "$tmp/1.sql" "$tmp/$jobs.sql" | head -5 | cut -c1-200; fail=1; }
done
for jobs in 1 2; do
  "$MARSAD" --db "$tmp/l$jobs.db" ingest --json --jobs "$jobs" --batch 64 "$input" \
    > "$tmp/l$jobs.out" 2> /dev/null
  check "linked exit with --jobs $jobs" "$?" 0
  dump "$tmp/l$jobs.db" > "$tmp/l$jobs.sql"
done
check "linked rows" "$(sqlite3 "$tmp/l1.db" 'SELECT (SELECT count(*) FROM link_articles) = (SELECT count(*) FROM articles) AND (SELECT count(*) FROM story_articles) = (SELECT count(*) FROM articles)')" 1
cmp -s "$tmp/l1.sql" "$tmp/l2.sql" || { echo "FAIL: linked database differs with --jobs 2"; diff "$tmp/l1.sql" "$tmp/l2.sql" | head -5 | cut -c1-200; fail=1; }
"$MARSAD" --db "$tmp/x.db" ingest --jobs 0 "$input" > /dev/null 2>&1
check "bad --jobs exit" "$?" 2
exit $fail
