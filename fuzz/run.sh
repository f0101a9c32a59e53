#!/usr/bin/env bash
# Runs the fuzz targets (see docs/FUZZING.md): ./fuzz/run.sh [SECONDS] [TARGET…]
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain,
# RUSTC_BOOTSTRAP lets cargo-fuzz use the flags it needs.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
shift || true
targets=("$@")
[ $# -gt 0 ] || targets=(parse check emit fmt ide figures import fast)
for target in "${targets[@]}"; do
  corpus=corpus/$target
  mkdir -p "$corpus"
  # Seed with every example and fixture.
  cp ../examples/*.jx ../tests/fixtures/*/*.jx "$corpus"/ 2>/dev/null || true
  if [ "$target" = fast ]; then
    # The built-in templates and a few generated files, which the fast
    # path takes whole, so that mutations start inside its subset.
    cp ../templates/*.jx "$corpus"/
    (cd .. && cargo run --quiet --release --example gen_corpus -- "fuzz/$corpus" 5 6 4)
  fi
  if [ "$target" = import ]; then
    # The office fixtures whole, and their Word body and sheet as text
    # (a first byte 'd' reads as a body, 's' as a sheet).
    cp ../tests/fixtures/import/* "$corpus"/
    { printf d; unzip -p ../tests/fixtures/import/seed.docx word/document.xml; } > "$corpus"/seed-body
    { printf s; unzip -p ../tests/fixtures/import/seed.xlsx xl/worksheets/sheet1.xml; } > "$corpus"/seed-sheet
  fi
  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none "$target" "$corpus" -- \
    -max_total_time="$seconds" -max_len=65536 -print_final_stats=1
done
