#!/usr/bin/env bash
# Crash safety: an ingest killed with SIGKILL in the middle of a batch
# leaves a database that passes integrity_check and holds whole articles
# only; the same ingest run again completes it without duplicates.
# Input: one day of SaudiNewsNet from $MARSAD_SHARED (generated articles
# when it is absent), large enough for a kill to land mid-batch. First the
# store alone (--no-link), then with linking: each batch commits with the
# linker's rows and copies of the articles linked by then (all but maybe
# the last ones), and the next ingest links the articles a kill left
# without rows and settles them all into stories.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
db="$tmp/m.db"
input="${MARSAD_SHARED:-../shared}/eval/saudinewsnet/2015-07-21.jsonl.gz"
if [ ! -r "$input" ]; then
  input="$tmp/gen.jsonl"
  python3 - "$input" <<'PY'
import json, random, sys
rnd = random.Random(7)
words = ("وزير الخارجية الرياض المملكة اجتماع مجلس الأمن الاقتصاد النفط "
         "الأسواق المالية المدارس الطلاب الملعب الهلال النصر مهرجان").split()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(6000):
        text = "\n".join(" ".join(rnd.choice(words) for _ in range(25)) + "."
                         for _ in range(8))
        f.write(json.dumps({"id": f"g{i}", "title": " ".join(rnd.sample(words, 6)),
                            "content": text, "source": f"s{i % 5}",
                            "date": "2015-07-21"}, ensure_ascii=False) + "\n")
PY
fi
total=$( (zcat -f "$input") | wc -l)

# kill_mid_ingest DB TRIES ARGS...: runs `marsad --db DB ingest ARGS`
# and SIGKILLs it once the first batches are committed (120 articles),
# while another is open; gives up waiting after TRIES × 50 ms.
kill_mid_ingest() {
  local db=$1 tries=$2 pid n
  shift 2
  "$MARSAD" --db "$db" ingest "$@" > /dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 "$tries"); do
    n=$(sqlite3 "$db" 'SELECT count(*) FROM articles' 2> /dev/null || echo 0)
    [ "${n:-0}" -ge 120 ] && break
    sleep 0.05
  done
  sleep 0.1
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
}

kill_mid_ingest "$db" 600 --no-link --batch 50 "$input"
check "integrity" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
check "foreign keys" "$(sqlite3 "$db" 'PRAGMA foreign_key_check')" ""
n1=$(sqlite3 "$db" 'SELECT count(*) FROM articles')
[ "$n1" -gt 0 ] && [ "$n1" -lt "$total" ] || { echo "FAIL: kill did not land mid-ingest ($n1 of $total)"; fail=1; }
check "whole batches" "$((n1 % 50))" 0
check "no half articles" "$(sqlite3 "$db" "SELECT count(*) FROM articles a WHERE length(text) > 0 AND NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)")" 0
check "index matches rows" "$(sqlite3 "$db" 'SELECT (SELECT count(*) FROM articles_fts_docsize) = (SELECT count(*) FROM articles)')" 1

# Again: the rest is added, what was there is unchanged.
out=$("$MARSAD" --db "$db" ingest --no-link --json --batch 50 "$input" 2> /dev/null)
read -r added unchanged rejected < <(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["added"], d["unchanged"], d["rejected"])')
check "resumed unchanged" "$unchanged" "$n1"
check "resumed total" "$((added + unchanged + rejected))" "$total"
check "no duplicates" "$(sqlite3 "$db" 'SELECT count(*) = count(DISTINCT key) FROM articles')" 1
check "complete" "$(sqlite3 "$db" 'SELECT count(*) FROM articles')" "$((added + unchanged))"
check "integrity after" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok

# Linking: killed the same way.
db="$tmp/l.db"
kill_mid_ingest "$db" 1200 --batch 50 "$input"
check "linked: integrity" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
check "linked: foreign keys" "$(sqlite3 "$db" 'PRAGMA foreign_key_check')" ""
n1=$(sqlite3 "$db" 'SELECT count(*) FROM articles')
[ "$n1" -gt 0 ] && [ "$n1" -lt "$total" ] || { echo "FAIL: linked kill did not land mid-ingest ($n1 of $total)"; fail=1; }
check "linked: rows of the first articles" "$(sqlite3 "$db" 'SELECT count(*) > 0 AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id NOT IN (SELECT article_id FROM link_articles) AND a.id < (SELECT max(article_id) FROM link_articles)) FROM link_articles')" 1
check "linked: copies of stored articles" "$(sqlite3 "$db" 'SELECT count(*) FROM copies WHERE from_id NOT IN (SELECT article_id FROM link_articles) OR to_id NOT IN (SELECT article_id FROM link_articles)')" 0
"$MARSAD" --db "$db" ingest --batch 50 "$input" > /dev/null 2>&1
check "linked: resumed exit" "$?" 0
check "linked: every article linked" "$(sqlite3 "$db" 'SELECT (SELECT count(*) FROM articles) = (SELECT count(*) FROM link_articles) AND NOT EXISTS (SELECT 1 FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles))')" 1
check "linked: integrity after" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
exit $fail
