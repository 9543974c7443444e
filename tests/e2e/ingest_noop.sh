#!/usr/bin/env bash
# An ingest that adds nothing to a linked store leaves every table as it
# was (the linker is not even read back); one that finds the last stored
# article without its story (an ingest killed between committing its rows
# and saving its stories), or the stories without their topics (killed
# between saving the two), links it again although it adds nothing; and
# one that adds articles to a store whose links are complete links them
# as one ingest of all.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
mkdir -p "$tmp/a" "$tmp/b"
cp samples/000_*.txt samples/001_*.txt samples/002_*.txt "$tmp/a"
cp samples/003_*.txt samples/004_*.txt "$tmp/b"

tables() { # one md5 per table, every row in key order (FTS5's own table aside)
  for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"); do
    echo "$t $(sqlite3 "$1" "SELECT * FROM \"$t\" ORDER BY 1, 2" | md5sum)"
  done
}
members() { sqlite3 "$1" "SELECT s.story_id || ':' || a.key FROM story_articles s JOIN articles a ON a.id = s.article_id ORDER BY a.key"; }

"$MARSAD" --db "$tmp/s.db" ingest samples > /dev/null || { echo "FAIL: ingest"; exit 1; }
before=$(tables "$tmp/s.db")
check "no-op ingest" "$("$MARSAD" --db "$tmp/s.db" ingest samples)" "0 added, 0 updated, 5 unchanged, 0 rejected"
check "no-op leaves every table" "$(tables "$tmp/s.db")" "$before"

stories=$(members "$tmp/s.db")
sqlite3 "$tmp/s.db" "DELETE FROM story_articles WHERE article_id = (SELECT max(id) FROM articles)"
"$MARSAD" --db "$tmp/s.db" ingest samples > /dev/null; check "storyless ingest exit" "$?" 0
check "the storyless article in a story again" "$(sqlite3 "$tmp/s.db" 'SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)')" 0
check "the others' stories kept" "$(members "$tmp/s.db" | head -n 4)" "$(echo "$stories" | head -n 4)"

# killed after saving the stories, before their topics
linked=$(tables "$tmp/s.db")
sqlite3 "$tmp/s.db" "UPDATE store_meta SET value = 1 WHERE key = 'link.topics'; UPDATE stories SET topic_id = NULL; DELETE FROM topics; DELETE FROM link_topic_links"
"$MARSAD" --db "$tmp/s.db" ingest samples > /dev/null; check "topicless ingest exit" "$?" 0
check "the topics settled again" "$(tables "$tmp/s.db")" "$linked"

"$MARSAD" --db "$tmp/two.db" ingest "$tmp/a" > /dev/null
"$MARSAD" --db "$tmp/two.db" ingest "$tmp/a" > /dev/null
"$MARSAD" --db "$tmp/two.db" ingest "$tmp/b" > /dev/null; check "second ingest exit" "$?" 0
check "added to a complete store" "$(members "$tmp/two.db")" "$stories"
exit $fail
