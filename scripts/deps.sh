#!/usr/bin/env bash
# Installs the Debian 12 packages marsad needs to build and test, when any is
# missing. Pass extra package names to install them too (bench/deps.sh does).
set -euo pipefail
pkgs=(build-essential cmake pkg-config git
      libsqlite3-dev sqlite3 libutf8proc-dev zlib1g-dev libjansson-dev libyajl-dev
      libgumbo-dev libxml2-dev libmicrohttpd-dev libgoogle-perftools-dev python3 "$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
