#!/usr/bin/env bash
# Fuzzes the wire decoder (Fuzz/DecoderFuzz.swift) with libFuzzer for SECONDS (default 30).
# Builds the target with swiftc into .build/fuzz/ (the PensionDomain sources and the target as one module), runs it on
# a copy of Fuzz/corpus in .build/fuzz/corpus (which keeps what earlier runs found) and exits non-zero when it finds
# a crash; the crashing input is left in .build/fuzz/ as crash-<sha1>. Add it to Fuzz/corpus as a regression.
# Needs only the Swift toolchain (run scripts/setup.sh first on a fresh machine).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
out="$root/.build/fuzz"
binary="$out/decoder-fuzz"
say() { printf '[fuzz] %s\n' "$*"; }

mkdir -p "$out"
sources=("$root"/Sources/PensionDomain/*.swift "$root/Fuzz/DecoderFuzz.swift")
if [[ ! -x $binary ]] || [[ -n $(find "${sources[@]}" -newer "$binary" -print -quit) ]]; then
  say "building $binary"
  # ld.gold warns about every ASan symbol it cannot export; the warnings are harmless.
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name PensionDomain \
    "${sources[@]}" -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)
fi

corpus="$out/corpus"
mkdir -p "$corpus"
cp "$root"/Fuzz/corpus/* "$corpus/"
say "running for ${seconds}s on $(ls "$corpus" | wc -l) seed inputs"
export SWIFT_BACKTRACE=enable=no
touch "$out/.run-start"
status=0
"$binary" "$corpus" -dict="$root/Fuzz/json.dict" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -use_value_profile=1 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" || status=$?
if ((status != 0)); then
  found=$(find "$out" -maxdepth 1 -newer "$out/.run-start" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \
    -o -name 'leak-*' \) | tr '\n' ' ')
  if [[ -n $found ]]; then
    say "crash (exit $status); inputs: $found"
  else
    say "stopped (exit $status) without a crashing input"
  fi
  exit "$status"
fi
say "no crash in ${seconds}s"
