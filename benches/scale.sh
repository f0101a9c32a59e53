#!/usr/bin/env bash
# The scale benchmark: N generated evaluations, measured side by side in one
# run, so that a regression shows as a ratio (see BENCHMARKS.md).
#
#   benches/scale.sh [--against REV]... [--runs K] N
#
# It builds this worktree's release binary and the corpus generator, writes
# N evaluations (examples/gen_corpus.rs: 20 indicators, 12 paragraphs each)
# and measures:
#   - `check` of the N files: time, peak memory, throughput in MB/s, and
#     the same for `typst --bundle` (check and emit the bundle's source);
#   - `build --bundle` of the N against typst compiling the bundle's own
#     source (`jixiao typst --bundle`) directly;
#   - with --against REV (repeatable), the same bundle built by REV's
#     release binary (built once in a temporary git worktree under
#     $SCALE_DIR, default /tmp/jixiao-scale, and kept there by commit);
#   - N `build` runs one after another against typst directly on each
#     file's source, and one `build` of the folder (-j: all cores);
# then prints the ratios and checks them against issue #16's targets.
# Times are wall-clock medians of K rounds (default 1), each round running
# every variant once, except the loops over the N files, run once; peak memory is the largest resident set of the
# command and its children (/usr/bin/time -v), typst included.
set -euo pipefail

usage() {
    echo "usage: benches/scale.sh [--against REV]... [--runs K] N" >&2
    exit 2
}

against=()
runs=1
n=""
while [ $# -gt 0 ]; do
    case "$1" in
        --against) [ $# -ge 2 ] || usage; against+=("$2"); shift 2 ;;
        --runs) [ $# -ge 2 ] || usage; runs="$2"; shift 2 ;;
        -h | --help) usage ;;
        *) [ -z "$n" ] || usage; n="$1"; shift ;;
    esac
done
[[ "$n" =~ ^[1-9][0-9]*$ && "$runs" =~ ^[1-9][0-9]*$ ]] || usage
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

root="$(cd "$(dirname "$0")/.." && pwd)"
typst="${JIXIAO_TYPST:-typst}"
scale="${SCALE_DIR:-/tmp/jixiao-scale}"
mkdir -p "$scale/bin"
work="$(mktemp -d "$scale/run.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cd "$root"
echo "building this worktree's release binary and the corpus generator..." >&2
cargo build --release --locked --quiet --bin jixiao --example gen_corpus
jixiao="$root/target/release/jixiao"

# The release binary of REV, built once in a temporary worktree.
binary_of() {
    local sha bin tree
    sha="$(git -C "$root" rev-parse --verify --short=12 "$1^{commit}")"
    bin="$scale/bin/jixiao-$sha"
    if [ ! -x "$bin" ]; then
        tree="$scale/src-$sha"
        echo "building $1 ($sha) in $tree..." >&2
        rm -rf "$tree"
        git -C "$root" worktree add --quiet --detach "$tree" "$sha" >&2
        (cd "$tree" && CARGO_TARGET_DIR="$scale/target" \
            cargo build --release --locked --quiet --bin jixiao) >&2
        cp "$scale/target/release/jixiao" "$bin.tmp" && mv "$bin.tmp" "$bin"
        git -C "$root" worktree remove --force "$tree"
    fi
    echo "$bin"
}
declare -A old
for rev in "${against[@]}"; do
    old[$rev]="$(binary_of "$rev")"
done

corpus="$work/corpus"
"$root/target/release/examples/gen_corpus" "$corpus" "$n" 20 12 2>/dev/null
bytes="$(cat "$corpus"/*.jx | wc -c)"

# measure NAME COMMAND...: runs it once, adding its wall time (µs) to
# times[NAME] and keeping the largest peak memory (kB) in peak[NAME].
# COMMAND is a program (a loop goes through `bash -c`).
declare -A times peak secs
measure() {
    local name="$1" start end k
    shift
    start="$(date +%s%N)"
    if ! /usr/bin/time -v -o "$work/time" "$@" >"$work/out" 2>&1; then
        echo "failed: $*" >&2
        tail -n 20 "$work/out" >&2
        exit 1
    fi
    end="$(date +%s%N)"
    times[$name]+="$(((end - start) / 1000)) "
    k="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")"
    if [ "$k" -gt "${peak[$name]:-0}" ]; then peak[$name]="$k"; fi
}

# typst's options as jixiao gives them (the folder holding main.typ is --root).
flags=(--format pdf --diagnostic-format short --creation-timestamp 0)

echo "measuring $n evaluations ($bytes bytes)..." >&2
mkdir -p "$work/bundle"
# Rounds: each round runs every variant once, so that a change in the
# machine's load falls on all of them alike.
for ((round = 0; round < runs; round++)); do
    measure check "$jixiao" check "$corpus"/*.jx
    measure emit "$jixiao" typst --bundle "$corpus" -o "$work/bundle/main.typ"
    measure bundle "$jixiao" build --bundle "$work/bundle.pdf" "$corpus"
    measure typst-bundle "$typst" compile --root "$work/bundle" "${flags[@]}" \
        "$work/bundle/main.typ" "$work/typst-bundle.pdf"
    for rev in "${against[@]}"; do
        measure "bundle@$rev" "${old[$rev]}" build --bundle "$work/old.pdf" "$corpus"
    done
done

# One file after another: jixiao, then typst on each file's own source.
mkdir -p "$work/pdf" "$work/src"
for f in "$corpus"/*.jx; do
    name="$(basename "$f" .jx)"
    mkdir -p "$work/src/$name"
    "$jixiao" typst "$f" -o "$work/src/$name/main.typ" 2>/dev/null
done
builds='for f in "$0"/*.jx; do "$1" build "$f" -o "$2/$(basename "$f" .jx).pdf" || exit 1; done'
typst_each='for d in "$0"/*/; do "$1" compile --root "$d" "${@:2}" "$d/main.typ" "$d/out.pdf" || exit 1; done'
measure builds bash -c "$builds" "$corpus" "$jixiao" "$work/pdf"
measure typst-each bash -c "$typst_each" "$work/src" "$typst" "${flags[@]}"
measure build-dir "$jixiao" build "$corpus"
for name in "${!times[@]}"; do
    # shellcheck disable=SC2086 # the list of times is split on purpose
    secs[$name]="$(printf '%s\n' ${times[$name]} | sort -n |
        awk '{t[NR] = $1} END {printf "%.3f", t[int((NR + 1) / 2)] / 1e6}')"
done

# Output.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f MB", k * 1024 / 1e6}'; }
row() { printf '| %s | %s s | %s | %s |\n' "$1" "${secs[$2]}" "$(mb "${peak[$2]}")" "$3"; }
target() {
    local met
    met="$(awk -v v="$2" -v op="$3" -v t="$4" 'BEGIN {
        print ((op == ">=" && v >= t) || (op == "<=" && v <= t)) ? "met" : "**missed**" }')"
    printf '| %s | %s | %s |\n' "$1" "$5" "$met"
}
cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
os="$(. /etc/os-release && echo "$PRETTY_NAME")"
tv="$("$typst" --version | awk '{print $2}')"
check_rate="$(awk -v b="$bytes" -v s="${secs[check]}" 'BEGIN {printf "%.1f", b / 1e6 / s}')"
emit_rate="$(awk -v b="$bytes" -v s="${secs[emit]}" 'BEGIN {printf "%.1f", b / 1e6 / s}')"
each_ms="$(awk -v s="${secs[builds]}" -v n="$n" 'BEGIN {printf "%.0f", s * 1000 / n}')"
typst_ms="$(awk -v s="${secs[typst-each]}" -v n="$n" 'BEGIN {printf "%.0f", s * 1000 / n}')"

echo "### $n evaluations"
echo
command="benches/scale.sh"
for rev in "${against[@]}"; do command+=" --against $rev"; done
[ "$runs" = 1 ] || command+=" --runs $runs"
echo "\`$command $n\` on $(date -u +%Y-%m-%d):"
echo "$(nproc) cores ($cpu), $mem, $os, typst $tv, jixiao $(git -C "$root" describe --always --dirty)."
echo "$n files, $bytes bytes; times are wall clock$([ "$runs" = 1 ] || echo " (median of $runs)"), peak memory includes typst."
echo
echo "| what | time | peak memory | ratio |"
echo "|---|---:|---:|---|"
row "\`check\` of the $n files" check "$check_rate MB/s"
row "\`typst --bundle\`: check and emit the bundle's source" emit "$emit_rate MB/s"
row "\`build --bundle\` of the $n" bundle ""
row "typst alone on the bundle's source" typst-bundle \
    "bundle / typst: $(ratio "${secs[bundle]}" "${secs[typst-bundle]}")× time"
for rev in "${against[@]}"; do
    row "\`build --bundle\` by $rev" "bundle@$rev" \
        "this / $rev: $(ratio "${secs[bundle]}" "${secs[bundle@$rev]}")× time, $(ratio "${peak[bundle]}" "${peak[bundle@$rev]}")× memory"
done
row "$n \`build\` runs one after another" builds "$each_ms ms each"
row "typst alone on each source, one after another" typst-each \
    "build / typst: $(ratio "${secs[builds]}" "${secs[typst-each]}")× ($typst_ms ms each)"
row "one \`build\` of the folder (-j $(nproc))" build-dir \
    "$(ratio "${secs[builds]}" "${secs[build-dir]}")× faster than one after another"
echo
echo "| target (issue #16) | measured | |"
echo "|---|---|---|"
speedup="$(ratio "${secs[builds]}" "${secs[bundle]}")"
target "bundle ≥ 15× faster than builds one after another" "$speedup" ">=" 15 "$speedup×"
for rev in "${against[@]}"; do
    t="$(ratio "${secs[bundle]}" "${secs[bundle@$rev]}")"
    m="$(ratio "${peak[bundle]}" "${peak[bundle@$rev]}")"
    worst="$(awk -v a="$t" -v b="$m" 'BEGIN {print (a > b) ? a : b}')"
    target "bundle no slower or heavier than by $rev" "$worst" "<=" 1 "$t× time, $m× memory"
done
separate="$(ratio "${secs[builds]}" "${secs[build-dir]}")"
target "separate PDFs ≥ 2× faster than one after another" "$separate" ">=" 2 "$separate×"
one="$(ratio "${secs[builds]}" "${secs[typst-each]}")"
target "one build ≤ 1.02× typst alone" "$one" "<=" 1.02 "$one×"
target "check ≥ 50 MB/s" "$check_rate" ">=" 50 "$check_rate MB/s"
