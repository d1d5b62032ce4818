#!/usr/bin/env bash
# librdkafka >= 2.3 for this machine or a container image: the distribution's package when new enough, else Debian
# 13's source package built into $RDKAFKA_PREFIX (default /usr/local). Installs its build dependencies first.
# Idempotent: finds a new enough librdkafka and changes nothing. Called by scripts/setup.sh and the Dockerfile (with
# scripts/apt-install.sh beside it).
set -euo pipefail

RDKAFKA_MIN=2.3.0
RDKAFKA_PREFIX=${RDKAFKA_PREFIX:-/usr/local}
say() { printf '[librdkafka] %s\n' "$*"; }
sudo_() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }
version_ge() { [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1) == "$2" ]]; }

export PKG_CONFIG_PATH="$RDKAFKA_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

# Build tools and librdkafka's build dependencies.
"$(dirname "$0")/apt-install.sh" pkg-config build-essential dpkg-dev libssl-dev zlib1g-dev libzstd-dev liblz4-dev \
  libsasl2-dev libcurl4-openssl-dev

have=$(pkg-config --modversion rdkafka 2>/dev/null || echo 0)
if version_ge "$have" "$RDKAFKA_MIN"; then
  say "librdkafka $have found"
  exit 0
fi
candidate=$(apt-cache policy librdkafka-dev 2>/dev/null | awk '/Candidate:/ {print $2}' | sed 's/-.*//')
if [[ -n $candidate && $candidate != "(none)" ]] && version_ge "$candidate" "$RDKAFKA_MIN"; then
  say "installing librdkafka-dev $candidate from the distribution"
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka-dev >/dev/null
  exit 0
fi
say "librdkafka ${candidate:-none} is too old here; building Debian 13's source into $RDKAFKA_PREFIX"
list=/etc/apt/sources.list.d/pension-trixie-src.list
if [[ ! -f $list ]]; then
  # The mirror is the one this machine's apt already uses for Debian (never a host written here).
  mirror=$(grep -hsv '^[[:space:]]*#' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources | grep -Eo '(https?|file)://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
  [[ -n $mirror ]] || { echo "no Debian mirror found in this machine's apt configuration" >&2; exit 1; }
  echo "deb-src ${mirror%/} trixie main" | sudo_ tee "$list" >/dev/null
  sudo_ apt-get update -qq
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source --download-only librdkafka >/dev/null 2>&1 \
  && dpkg-source -x --no-check ./librdkafka_*.dsc src >/dev/null)
(cd "$work/src" && ./configure --prefix="$RDKAFKA_PREFIX" >/dev/null \
  && make -j"$(nproc)" libs >/dev/null && sudo_ make install >/dev/null)
sudo_ ldconfig
have=$(pkg-config --modversion rdkafka)
version_ge "$have" "$RDKAFKA_MIN" || { echo "librdkafka build gave $have, need $RDKAFKA_MIN" >&2; exit 1; }
say "librdkafka $have installed in $RDKAFKA_PREFIX"
