#!/usr/bin/env bash
# Sets up (idempotent), fuzzes the wire decoder for FUZZ_SECONDS (default 30), starts a local broker on a free
# loopback port, a private CUPS daemon with a cups-pdf printer (scripts/printer.sh) and a private PostgreSQL cluster
# (scripts/postgres.sh), runs every test against them with KAFKA_BOOTSTRAP, CUPS_SERVER/CUPS_PRINTER and
# TEST_POSTGRES_URL set, and always stops all three.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
mkdir -p .build
if scripts/fuzz.sh "${FUZZ_SECONDS:-30}" >.build/fuzz.log 2>&1; then
  grep '^\[fuzz\]' .build/fuzz.log
else
  tail -40 .build/fuzz.log
  echo "[test] the decoder fuzzer failed; its log: .build/fuzz.log" >&2
  exit 1
fi
eval "$(scripts/broker.sh start)"
trap 'scripts/broker.sh stop "$BROKER_PID"' EXIT
echo "[test] broker at $KAFKA_BOOTSTRAP"
eval "$(scripts/printer.sh start)"
trap 'scripts/broker.sh stop "$BROKER_PID"; scripts/printer.sh stop "$PRINTER_PID"' EXIT
echo "[test] CUPS at $CUPS_SERVER, printer $CUPS_PRINTER (cups-pdf writes to $CUPS_PDF_OUT)"
eval "$(scripts/postgres.sh start)"
trap 'scripts/broker.sh stop "$BROKER_PID"; scripts/printer.sh stop "$PRINTER_PID"; scripts/postgres.sh stop "$TEST_POSTGRES_DATA"' EXIT
echo "[test] PostgreSQL at ${TEST_POSTGRES_URL##*@} (scripts/postgres.sh)"
swift build --build-tests "$@"
swift test --skip-build "$@"
