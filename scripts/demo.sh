#!/usr/bin/env bash
# Sets up (idempotent), builds, and runs the demo: `pension demo` starts the local broker if none is reachable.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
swift build --product pension
exec .build/debug/pension demo "$@"
