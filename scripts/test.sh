#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds marsad twice (plain,
# and with AddressSanitizer + UndefinedBehaviorSanitizer) and runs every test
# (unit, golden, end-to-end, the browser test, fuzz replays) in both builds
# with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser test (tests/e2e/serve_browser.sh) needs Chromium, and runs on
# the machine's Node.js and npm, Debian's when there are none.
browser=(chromium)
command -v node > /dev/null || browser+=(nodejs npm)
scripts/deps.sh "${browser[@]}"
status=0
for build in build build-asan; do
  flags=()
  [ "$build" = build-asan ] && flags=(-DMARSAD_SANITIZE=ON)
  echo "== $build"
  scripts/build.sh "$build" "${flags[@]}"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$build" --output-on-failure -j"$(nproc)" || status=1
done
exit $status
