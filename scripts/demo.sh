#!/usr/bin/env bash
# marsad's main job on the sample articles: installs what is missing, builds,
# ingests the five sample articles (samples/, see its README) into a fresh
# database, and shows what it found: the stories with their summaries and
# timelines, copied passages, the people under every spelling of their
# name, and a search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build
db=${MARSAD_DEMO_DB:-build/demo.db}
rm -f "$db" "$db-wal" "$db-shm"
m() { build/marsad --db "$db" "$@"; }
echo "== ingest";   m ingest samples
echo "== stories";  m stories
for id in $(m stories --json | python3 -c 'import json,sys; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)))'); do
  echo "== story $id"; m story "$id"
done
echo "== copies";   m copies
echo "== people";   m entities --type PER --min-mentions 2
echo "== search: بيرنز ناريشكين"; m search "بيرنز ناريشكين"
echo "== to browse them: build/marsad --db $db serve   (then open http://127.0.0.1:8080/)"
