#!/usr/bin/env bash
# `marsad entities` on the sample articles: every spelling group of one
# person is one entity, and people who only share a given name stay apart;
# the organizations keep the first letters of their names (وكالة, not
# كالة: its و is no conjunction) and are named without a preposition
# (الأمم المتحدة, not للأمم المتحدة).
set -euo pipefail
: "${MARSAD:?path of the marsad binary}"
cd "${MARSAD_SRC:-.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$MARSAD" --db "$tmp/m.db" ingest samples > /dev/null
"$MARSAD" --db "$tmp/m.db" entities --json --type PER > "$tmp/e.json"
python3 - "$tmp/e.json" <<'PY'
import json, sys
ents = json.load(open(sys.argv[1], encoding="utf-8"))
def entity_of(spelling):
    ids = {e["id"] for e in ents if spelling in e["variants"]}
    assert len(ids) == 1, f"{spelling}: in {len(ids)} entities"
    return ids.pop()
groups = [
    ["بريتني جرينر", "بريتني غراينير", "بريتني غرينر"],
    ["سيرجي ريابكوف", "سيرغي ريابكوف"],
    ["ديمتري بيسكوف", "دميتري بيسكوف"],
    ["بيل بيرنز", "وليام بيرنز"],
]
for g in groups:
    ids = {entity_of(s) for s in g}
    assert len(ids) == 1, f"{g} split into {len(ids)} entities"
sergeys = ["سيرغي لافروف", "سيرغي ريابكوف", "سيرغي ناريشكين", "سيرغي شويغو"]
ids = {entity_of(s) for s in sergeys}
assert len(ids) == 4, f"the four Sergeys merged into {len(ids)}"
for e in ents:
    assert e["keys"] and e["mentions"] >= len(e["keys"]), e
print("entities on the samples: ok")
PY
"$MARSAD" --db "$tmp/m.db" entities --json --type ORG > "$tmp/o.json"
python3 - "$tmp/o.json" <<'PY'
import json, sys
orgs = {e["canonical"] for e in json.load(open(sys.argv[1], encoding="utf-8"))}
assert "وكالة الاستخبارات المركزية" in orgs, orgs
assert "الأمم المتحدة" in orgs, orgs
assert not any(o.startswith("كالة") or o.startswith("للأمم") for o in orgs), orgs
print("organizations on the samples: ok")
PY
