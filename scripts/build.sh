#!/usr/bin/env bash
# Configures and builds marsad into DIR (default build/); extra arguments go
# to cmake (e.g. -DMARSAD_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null
