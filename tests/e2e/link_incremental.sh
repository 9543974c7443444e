#!/usr/bin/env bash
# Ingest links as it stores: the samples ingested in two runs give the
# same stories, copies and topics as one run, the second run keeps the
# story ids of the first; the linker's rows are there for every article;
# `stories --relink` (the repair path, from the stored texts) agrees; and
# articles stored with --no-link are linked by the next ingest, from their
# texts, the rows of those stored before them read back.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
mkdir -p "$tmp/a" "$tmp/b"
cp samples/000_*.txt samples/001_*.txt samples/002_*.txt "$tmp/a"
cp samples/003_*.txt samples/004_*.txt "$tmp/b"

links() { # the stories (as key sets), copies and topic partition of a db
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
stories = sorted(tuple(sorted(k.split(","))) for (k,) in db.execute(
    "SELECT group_concat(a.key) FROM story_articles s JOIN articles a"
    " ON a.id = s.article_id GROUP BY s.story_id"))
copies = sorted(db.execute(
    "SELECT f.key, t.key, c.from_start, c.from_end, c.to_start, c.to_end"
    " FROM copies c JOIN articles f ON f.id = c.from_id"
    " JOIN articles t ON t.id = c.to_id"))
topics = sorted(tuple(sorted(k.split(","))) for (k,) in db.execute(
    "SELECT group_concat(a.key) FROM stories s JOIN story_articles m"
    " ON m.story_id = s.id JOIN articles a ON a.id = m.article_id"
    " GROUP BY s.topic_id"))
print(stories, copies, topics)
PY
}
ids() { sqlite3 "$1" "SELECT s.story_id || ':' || a.key FROM story_articles s JOIN articles a ON a.id = s.article_id ORDER BY a.key"; }

"$MARSAD" --db "$tmp/one.db" ingest samples > /dev/null || { echo "FAIL: ingest"; exit 1; }
"$MARSAD" --db "$tmp/two.db" ingest "$tmp/a" > /dev/null || { echo "FAIL: first ingest"; exit 1; }
ids "$tmp/two.db" > "$tmp/ids1"
"$MARSAD" --db "$tmp/two.db" ingest "$tmp/b" > /dev/null || { echo "FAIL: second ingest"; exit 1; }
check "two runs link as one" "$(links "$tmp/two.db")" "$(links "$tmp/one.db")"
check "rows for every article" "$(sqlite3 "$tmp/two.db" 'SELECT (SELECT count(*) FROM link_articles) = (SELECT count(*) FROM articles)')" 1
check "every article in a story" "$(sqlite3 "$tmp/two.db" 'SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)')" 0
# A story of the first run whose articles stay together keeps its id.
ids "$tmp/two.db" > "$tmp/ids2"
python3 - "$tmp/ids1" "$tmp/ids2" <<'PY' || fail=1
import collections, sys
def stories(p):
    s = collections.defaultdict(set)
    for line in open(p):
        i, k = line.strip().split(":", 1)
        s[i].add(k)
    return s
a, b = stories(sys.argv[1]), stories(sys.argv[2])
for i, keys in a.items():
    if any(keys <= v for v in b.values()):
        assert i in b and keys <= b[i], (i, keys, dict(b))
PY

# The repair path agrees and keeps the ids.
"$MARSAD" --db "$tmp/two.db" stories --relink > /dev/null; check "relink exit" "$?" 0
check "relink links as ingest" "$(links "$tmp/two.db")" "$(links "$tmp/one.db")"
check "relink keeps ids" "$(ids "$tmp/two.db")" "$(cat "$tmp/ids2")"

# Stored without linking, linked by the next ingest (of nothing new).
"$MARSAD" --db "$tmp/late.db" ingest --no-link samples > /dev/null
check "no rows without linking" "$(sqlite3 "$tmp/late.db" "SELECT count(*) FROM sqlite_master WHERE name = 'link_articles'")" 0
"$MARSAD" --db "$tmp/late.db" ingest samples > /dev/null; check "late ingest exit" "$?" 0
check "linked late" "$(links "$tmp/late.db")" "$(links "$tmp/one.db")"
check "late rows" "$(sqlite3 "$tmp/late.db" 'SELECT count(*) FROM link_articles')" 5

# The last articles stored without rows (as a killed ingest leaves them,
# the linker lagging behind the store) are linked from their texts, the
# rows of the others read back.
"$MARSAD" --db "$tmp/tail.db" ingest "$tmp/a" > /dev/null
"$MARSAD" --db "$tmp/tail.db" ingest --no-link "$tmp/b" > /dev/null
check "tail without rows" "$(sqlite3 "$tmp/tail.db" 'SELECT count(*) FROM link_articles')" 3
"$MARSAD" --db "$tmp/tail.db" ingest samples > /dev/null; check "tail ingest exit" "$?" 0
check "tail linked" "$(links "$tmp/tail.db")" "$(links "$tmp/one.db")"
check "tail rows" "$(sqlite3 "$tmp/tail.db" 'SELECT count(*) FROM link_articles')" 5
exit $fail
