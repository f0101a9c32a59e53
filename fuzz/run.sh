#!/usr/bin/env bash
# Runs the fuzz targets (see docs/FUZZING.md): ./fuzz/run.sh [SECONDS] [TARGET…]
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain,
# RUSTC_BOOTSTRAP lets cargo-fuzz use the flags it needs.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
shift || true
targets=("$@")
[ $# -gt 0 ] || targets=(parse check emit fmt ide figures)
for target in "${targets[@]}"; do
  corpus=corpus/$target
  mkdir -p "$corpus"
  # Seed with every example and fixture.
  cp ../examples/*.jx ../tests/fixtures/*/*.jx "$corpus"/ 2>/dev/null || true
  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none "$target" "$corpus" -- \
    -max_total_time="$seconds" -max_len=65536 -print_final_stats=1
done
