#!/usr/bin/env bash
# Sets up (idempotent), fuzzes the wire decoder for FUZZ_SECONDS (default 30), starts a local broker on a free
# loopback port, runs every test against it with KAFKA_BOOTSTRAP set, and always stops the broker.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
eval "$(scripts/broker.sh start)"
trap 'scripts/broker.sh stop "$BROKER_PID"' EXIT
echo "[test] broker at $KAFKA_BOOTSTRAP"
swift build --build-tests "$@"
swift test --skip-build "$@"
