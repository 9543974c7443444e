#!/usr/bin/env bash
# The page of `marsad serve` in a real browser: tests/browser/serve.mjs
# drives Debian's Chromium with playwright-core (installed from the npm
# registry at the version tests/browser/package-lock.json pins, next to the
# binary under test) over a store of the sample articles.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
for tool in node npm "${CHROMIUM:-/usr/bin/chromium}"; do
  command -v "$tool" > /dev/null || { echo "FAIL: $tool is missing (scripts/deps.sh installs it)"; exit 1; }
done
dir="$(dirname "$MARSAD")/browser"
mkdir -p "$dir"
cp tests/browser/package.json tests/browser/package-lock.json tests/browser/serve.mjs "$dir/"
if [ ! -d "$dir/node_modules/playwright-core" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "FAIL: npm ci"; exit 1; }
fi
"$MARSAD" --db "$tmp/m.db" ingest samples > /dev/null || { echo "FAIL: ingest"; exit 1; }
serve_start "$tmp/m.db"
node "$dir/serve.mjs" "$serve_url" || fail=1
exit $fail
