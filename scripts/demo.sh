#!/usr/bin/env bash
# marsad's main job on the sample articles: installs what is missing, builds,
# and analyzes each of the five sample articles (samples/, see its README).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build
for f in samples/*.txt; do
  echo "== $f"
  build/marsad analyze "$f"
done
