#!/usr/bin/env bash
# Starts a private CUPS daemon (its own ServerRoot, spool and socket in /tmp/pension-cups-PORT, on a free loopback port) with one
# cups-pdf virtual printer, waits until the printer accepts jobs, and prints `CUPS_SERVER=…`, `CUPS_PRINTER=…`,
# `CUPS_PDF_OUT=…` (where cups-pdf writes the printed PDFs) and `PRINTER_PID=pid`.
# A private daemon, so it neither needs nor disturbs a system cupsd. Needs root (cups-pdf's backend runs as root).
# Usage: eval "$(scripts/printer.sh start [PORT])";  scripts/printer.sh stop PID
set -euo pipefail

case "${1:-start}" in
start)
  command -v cupsd >/dev/null && [[ -x /usr/lib/cups/backend/cups-pdf ]] \
    || { echo "CUPS or cups-pdf is not installed: run scripts/setup.sh" >&2; exit 1; }
  port=${2:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  # Outside the checkout: CUPS's filters run as the `lp` user, who must reach the spool, and a checkout may sit in a
  # directory only root can enter (mktemp -d makes them 0700).
  dir="/tmp/pension-cups-$port"
  rm -rf "$dir"
  mkdir -p "$dir"/{spool/tmp,cache,state,log,ppd}
  chmod 0755 "$dir" "$dir/spool"
  chmod 1777 "$dir/spool/tmp"
  cat >"$dir/cupsd.conf" <<CONF
Listen 127.0.0.1:$port
Listen $dir/cups.sock
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
MaxJobs 0
PreserveJobFiles No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
CONF
  cat >"$dir/cups-files.conf" <<CONF
ServerRoot $dir
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
ErrorLog $dir/log/error_log
AccessLog $dir/log/access_log
PageLog $dir/log/page_log
SystemGroup root
CONF
  cupsd -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" >"$dir/log/cupsd.out" 2>&1 &
  pid=$!
  export CUPS_SERVER="127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if lpstat -r 2>/dev/null | grep -q "is running"; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo "cupsd exited; its log: $dir/log" >&2; cat "$dir/log/"* >&2 || true; exit 1; }
    sleep 0.1
  done
  printer=pension-certificates
  lpadmin -p "$printer" -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -E \
    || { echo "lpadmin failed; cupsd log: $dir/log" >&2; kill "$pid"; exit 1; }
  lpstat -p "$printer" 2>/dev/null | grep -q enabled || { echo "printer $printer not enabled" >&2; kill "$pid"; exit 1; }
  out=$(awk '$1 == "Out" {print $2}' /etc/cups/cups-pdf.conf)
  out=${out//\$\{HOME\}/$HOME}
  echo "CUPS_SERVER=$CUPS_SERVER; CUPS_PRINTER=$printer; CUPS_PDF_OUT=${out:-$HOME/PDF}; PRINTER_PID=$pid; export CUPS_SERVER CUPS_PRINTER CUPS_PDF_OUT"
  ;;
stop)
  pid=${2:?usage: printer.sh stop PID}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  ;;
*) echo "usage: printer.sh start [PORT] | stop PID" >&2; exit 2 ;;
esac
