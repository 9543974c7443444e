#!/usr/bin/env bash
# Linking through the command: `stories --relink` over the ingested seeds,
# the contract's JSON of `stories` and `copies` (the Burns–Naryshkin
# paragraph 001 and 003 share, 001 first), `story ID --why` with the
# story's links to the others of its topic (the entities both name, every
# spelling of a name as one, and the passages they share), and the errors
# of a missing store and an unknown story.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
db="$tmp/m.db"

"$MARSAD" --db "$db" ingest samples/*.txt > /dev/null || { echo "FAIL: ingest"; exit 1; }
"$MARSAD" --db "$db" stories --relink --json > "$tmp/stories.json"; rc=$?
check "stories exit" "$rc" 0
python3 - "$tmp/stories.json" <<'PY' || fail=1
import json, sys
stories = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(stories, list) and stories, stories
keys = sorted(k for s in stories for k in s["articles"])
assert len(keys) == 5 and keys[0].startswith("000_"), keys
for s in stories:
    assert set(s) >= {"id", "headline", "topic", "first", "last", "articles",
                      "summary", "timeline"}, s.keys()
    assert isinstance(s["id"], int) and s["headline"], s
    assert isinstance(s["summary"], list) and isinstance(s["timeline"], list), s
# the five seeds are one long-running topic
assert len({s["topic"] for s in stories}) == 1, [s["topic"] for s in stories]
PY

"$MARSAD" --db "$db" copies --json > "$tmp/copies.json"; rc=$?
check "copies exit" "$rc" 0
python3 - "$tmp/copies.json" <<'PY' || fail=1
import json, sys
copies = json.load(open(sys.argv[1], encoding="utf-8"))
hit = [c for c in copies if c["from"].startswith("001_") and c["to"].startswith("003_")]
assert hit, copies
c = hit[0]
assert "عواقب استخدام روسيا أسلحة نووية" in c["from_text"], c
assert "عواقب استخدام روسيا أسلحة نووية" in c["to_text"], c
assert "بول ويلان" in c["from_text"] and "بول ويلان" in c["to_text"], c
assert 0 < c["similarity"] <= 1, c
PY

# The human listings are one line per story / per copy at least.
n=$("$MARSAD" --db "$db" stories | wc -l)
[ "$n" -ge 1 ] || { echo "FAIL: stories listing empty"; fail=1; }
"$MARSAD" --db "$db" copies | grep -q "001_6f70dd8932d5d552 -> 003_f13009966aefca6f" ||
  { echo "FAIL: copies listing"; fail=1; }

id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$tmp/stories.json")
"$MARSAD" --db "$db" story "$id" --why --json > "$tmp/story.json"; rc=$?
check "story exit" "$rc" 0
python3 - "$tmp/story.json" <<'PY' || fail=1
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
assert s["articles"] and isinstance(s["why"], list), s
assert isinstance(s["topic_links"], list) and s["topic_links"], s
assert all(l["reason"] for l in s["topic_links"]), s
assert all(s["id"] in (l["a"], l["b"]) and l["story"] != s["id"]
           for l in s["topic_links"]), s
PY

# 003's story and 001's: Burns, Naryshkin and Griner (spelled غرينر and
# غراينير) among what they share, and the passage 001 gave 003.
s003=$(python3 -c 'import json,sys; print([s["id"] for s in json.load(open(sys.argv[1])) if s["articles"][0].startswith("003_")][0])' "$tmp/stories.json")
s001=$(python3 -c 'import json,sys; print([s["id"] for s in json.load(open(sys.argv[1])) if s["articles"][0].startswith("001_")][0])' "$tmp/stories.json")
"$MARSAD" --db "$db" story "$s003" --json > "$tmp/s003.json"
python3 - "$tmp/s003.json" "$s001" <<'PY' || fail=1
import json, sys
s, other = json.load(open(sys.argv[1], encoding="utf-8")), int(sys.argv[2])
link = [l for l in s["topic_links"] if l["story"] == other]
assert link, s["topic_links"]
l = link[0]
for name in ("وليام بيرنز", "سيرغي ناريشكين"):
    assert name in l["entities"], l
assert sum("بريتني" in e for e in l["entities"]) == 1, l
assert l["passages"] >= 1, l
PY
"$MARSAD" --db "$db" story "$s003" | grep -q "^Linked stories" ||
  { echo "FAIL: story text has no linked stories"; fail=1; }

"$MARSAD" --db "$db" story 99999 > /dev/null 2> "$tmp/err"; rc=$?
check "unknown story exit" "$rc" 1
grep -q "^marsad: 99999: no such story" "$tmp/err" || { echo "FAIL: $(cat "$tmp/err")"; fail=1; }
"$MARSAD" --db "$db" story abc > /dev/null 2>&1; rc=$?
check "bad story id exit" "$rc" 2

# Relinking again keeps the story ids.
"$MARSAD" --db "$db" stories --relink --json > "$tmp/again.json"
python3 - "$tmp/stories.json" "$tmp/again.json" <<'PY' || fail=1
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
ids = lambda x: {tuple(sorted(s["articles"])): s["id"] for s in x}
assert ids(a) == ids(b), (ids(a), ids(b))
PY
exit $fail
