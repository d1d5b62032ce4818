#!/usr/bin/env bash
# Sets up (idempotent), fuzzes the wire decoder for FUZZ_SECONDS (default 30), starts a local broker on a free
# loopback port, a private CUPS daemon with a cups-pdf printer (scripts/printer.sh) and a private PostgreSQL cluster
# (scripts/postgres.sh), runs every test against them with KAFKA_BOOTSTRAP, CUPS_SERVER/CUPS_PRINTER and
# TEST_POSTGRES_URL set, and always stops all three. A test run still going after TEST_TIME_LIMIT seconds (default
# 1800; a whole run takes 3 to 8 minutes) is a hang: the thread stacks of the test process and the process tree go
# to the log and the run fails, instead of holding CI until its own limit with nothing said.
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
swift test --skip-build "$@" &
test_pid=$!
limit=${TEST_TIME_LIMIT:-1800}
(
  for ((waited = 0; waited < limit; waited += 5)); do
    sleep 5
    kill -0 "$test_pid" 2>/dev/null || exit 0
  done
  echo "[test] the test run is still going after $limit s; the processes and the test process's thread stacks:" >&2
  ps -eo pid,ppid,etimes,args --forest >&2
  for pid in $(pgrep -f '\.xctest' || true); do
    gdb -p "$pid" -batch -ex 'thread apply all bt' 2>/dev/null | grep -E '^(Thread|#)' >&2 || true
  done
  pkill -f '\.xctest' || true
  pkill -f "$root/.build/.*/pension " || true  # workers the tests started
  kill "$test_pid" 2>/dev/null || true
) &
watchdog=$!
status=0
wait "$test_pid" || status=$?
kill "$watchdog" 2>/dev/null || true
exit "$status"
