#!/usr/bin/env bash
# Ingest links and summarizes: after `marsad ingest samples`, every story
# has a headline and a summary whose sentences name only the story's own
# articles, timeline dates are ISO, and re-ingesting changes no story.
set -euo pipefail
: "${MARSAD:?path of the marsad binary}"
cd "${MARSAD_SRC:-.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$MARSAD" --db "$tmp/m.db" ingest samples > /dev/null
"$MARSAD" --db "$tmp/m.db" stories --json > "$tmp/a.json"
"$MARSAD" --db "$tmp/m.db" ingest samples > /dev/null
"$MARSAD" --db "$tmp/m.db" stories --json > "$tmp/b.json"
python3 - "$tmp/a.json" "$tmp/b.json" <<'PY'
import json, re, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
b = json.load(open(sys.argv[2], encoding="utf-8"))
assert a == b, "re-ingesting the same articles changed the stories"
assert a, "no stories"
keys = set()
for s in a:
    assert s["headline"], s["id"]
    assert s["summary"], f"story {s['id']} has no summary"
    members = set(s["articles"])
    keys |= members
    texts = [x["text"] for x in s["summary"]]
    assert len(texts) == len(set(texts)), "a summary sentence repeats"
    for x in s["summary"]:
        assert x["keys"] and set(x["keys"]) <= members, x
    for p in s["timeline"]:
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", p["date"]), p
        assert p["key"] in members, p
assert len(keys) == 5, keys
topics = {s["topic"] for s in a}
assert len(topics) == 1 and None not in topics, f"the samples are one topic: {topics}"
print("stories on the samples: ok")
PY
