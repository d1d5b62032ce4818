#!/usr/bin/env bash
# Installs those of the Debian packages named that are not installed yet (apt-get, as root or through sudo); says
# nothing when all are there. Used by scripts/setup.sh and scripts/librdkafka.sh (so also by the Dockerfile).
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]})) || exit 0
sudo_() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }
printf '[apt] installing %s\n' "${missing[*]}"
sudo_ apt-get update -qq
sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
