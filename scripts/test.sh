#!/usr/bin/env bash
# Sets up (idempotent), fuzzes the wire decoder for FUZZ_SECONDS (default 30), starts a local broker on a free
# loopback port and a private CUPS daemon with a cups-pdf printer (scripts/printer.sh), runs every test against them
# with KAFKA_BOOTSTRAP and CUPS_SERVER/CUPS_PRINTER set, and always stops both.
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
swift build --build-tests "$@"
swift test --skip-build "$@"
