#!/usr/bin/env bash
# Starts the local Kafka-protocol broker (Tansu, memory storage) on a free loopback port, waits until it
# accepts connections, and prints `KAFKA_BOOTSTRAP=host:port` and `BROKER_PID=pid`.
# Usage: eval "$(scripts/broker.sh start [PORT])";  scripts/broker.sh stop PID
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tansu="$root/.venv/bin/tansu"

case "${1:-start}" in
start)
  [[ -x $tansu ]] || { echo "the local broker is not installed: run scripts/setup.sh" >&2; exit 1; }
  port=${2:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  mkdir -p "$root/.build"
  log="$root/.build/broker-$port.log"
  "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
    >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "KAFKA_BOOTSTRAP=127.0.0.1:$port; BROKER_PID=$pid; export KAFKA_BOOTSTRAP"
      exit 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the local broker did not start on port $port; its log: $log" >&2
  tail -20 "$log" >&2 || true
  kill "$pid" 2>/dev/null || true
  exit 1
  ;;
stop)
  pid=${2:?usage: broker.sh stop PID}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  ;;
*) echo "usage: broker.sh start [PORT] | stop PID" >&2; exit 2 ;;
esac
