#!/usr/bin/env bash
# Starts a private PostgreSQL cluster (Debian's postgresql 15) for the tests: a new data directory, a free loopback
# port, password authentication, durable settings (fsync and synchronous_commit on). Prints
# `TEST_POSTGRES_URL=postgres://pension:…@127.0.0.1:PORT/pension`, `TEST_POSTGRES_DATA=DIR`, `TEST_POSTGRES_BIN=DIR`
# and `POSTGRES_PID=pid` for eval. As root, the server runs as the `postgres` user (initdb refuses root).
# Usage: eval "$(scripts/postgres.sh start)";  scripts/postgres.sh pause|resume|stop DATA_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
as_owner() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# Starts or stops the server with no inherited descriptor but the standard three: a daemon that kept its caller's
# pipes or sockets open would keep the caller waiting for their end (Foundation's Process watches one).
pg_ctl_() { (for fd in /proc/self/fd/*; do fd=${fd##*/}; ((fd > 2)) && eval "exec $fd>&-"; done; as_owner "$bin/pg_ctl" "$@") 2>/dev/null; }

# The cluster directory a command names must be one `start` made (/tmp/pension-pg.XXXXXX/cluster): `stop` removes
# its parent, and a wrong path (the parent itself, say) must never remove /tmp.
cluster() {
  local data=${1:?usage: postgres.sh $2 DATA_DIR (the TEST_POSTGRES_DATA that start printed)}
  [[ $data == /tmp/pension-pg.??????/cluster && -f $data/PG_VERSION ]] || {
    echo "postgres.sh: $data is not a cluster that postgres.sh start made (/tmp/pension-pg.XXXXXX/cluster)" >&2
    exit 2
  }
  printf '%s\n' "$data"
}

case "${1:-start}" in
start)
  [[ -x $bin/initdb ]] || { echo "PostgreSQL is not installed: run scripts/setup.sh" >&2; exit 1; }
  port=${2:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  data=$(mktemp -d /tmp/pension-pg.XXXXXX)
  password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
  printf '%s\n' "$password" >"$data.password"
  chmod 0700 "$data"
  [[ $(id -u) == 0 ]] && chown postgres "$data" "$data.password"
  as_owner "$bin/initdb" -D "$data/cluster" -U pension --pwfile="$data.password" -A scram-sha-256 -E UTF8 \
    --locale=C.UTF-8 >"$data.initdb.log" 2>&1 || { cat "$data.initdb.log" >&2; exit 1; }
  cat >>"$data/cluster/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 600
fsync = on
synchronous_commit = on
CONF
  pg_ctl_ -D "$data/cluster" -l "$data/server.log" -w -t 60 start >/dev/null
  PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U pension -d postgres -q -c "CREATE DATABASE pension" >/dev/null
  pid=$(head -1 "$data/cluster/postmaster.pid")
  echo "TEST_POSTGRES_URL=postgres://pension:$password@127.0.0.1:$port/pension; TEST_POSTGRES_DATA=$data/cluster;" \
    "TEST_POSTGRES_BIN=$bin; POSTGRES_PID=$pid; export TEST_POSTGRES_URL TEST_POSTGRES_DATA TEST_POSTGRES_BIN"
  ;;
pause)
  # Stops the server (fast shutdown: sessions are ended) and keeps its data, for an outage test.
  data=$(cluster "${2:-}" pause)
  pg_ctl_ -D "$data" -m fast -w stop >/dev/null
  ;;
resume)
  data=$(cluster "${2:-}" resume)
  pg_ctl_ -D "$data" -l "$(dirname "$data")/server.log" -w -t 60 start >/dev/null
  ;;
stop)
  data=$(cluster "${2:-}" stop)
  pg_ctl_ -D "$data" -m immediate stop >/dev/null || true
  rm -rf "$(dirname "$data")" "$(dirname "$data").password" "$(dirname "$data").initdb.log"
  ;;
*) echo "usage: postgres.sh start [PORT] | pause DATA_DIR | resume DATA_DIR | stop DATA_DIR" >&2; exit 2 ;;
esac
