#!/usr/bin/env bash
# The scale benchmark: N generated evaluations, measured side by side in one
# run, so that a regression shows as a ratio (see BENCHMARKS.md).
#
#   benches/scale.sh [--against REV]... [--runs K] [--big M] [--saves S] N
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
#     file's source (the two taking turns file by file), and one `build`
#     of the folder (-j: all cores);
#   - `check` of 1, 1,000 and 10,000 generated files (linear?), and the
#     peak memory of the bundle of M of them (default 1,000);
#   - `watch`: S saves (default 10), each timed until the PDF is written
#     again, against `typst watch` alone on the same source saved alike;
# then prints the ratios and checks them against issue #16's targets.
# Times are wall-clock medians of K rounds (default 1), each round running
# every variant once, except the loops over the N files (the sum of their
# runs) and the bundle of M, run once; peak memory is the largest resident
# set of the command and its children (/usr/bin/time -v), typst included.
set -euo pipefail

usage() {
    echo "usage: benches/scale.sh [--against REV]... [--runs K] [--big M] [--saves S] N" >&2
    exit 2
}

against=()
runs=1
big=1000
saves=10
n=""
while [ $# -gt 0 ]; do
    case "$1" in
        --against) [ $# -ge 2 ] || usage; against+=("$2"); shift 2 ;;
        --runs) [ $# -ge 2 ] || usage; runs="$2"; shift 2 ;;
        --big) [ $# -ge 2 ] || usage; big="$2"; shift 2 ;;
        --saves) [ $# -ge 2 ] || usage; saves="$2"; shift 2 ;;
        -h | --help) usage ;;
        *) [ -z "$n" ] || usage; n="$1"; shift ;;
    esac
done
for v in "$n" "$runs" "$big" "$saves"; do [[ "$v" =~ ^[1-9][0-9]*$ ]] || usage; done
[ "$big" -le 10000 ] || usage
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
    # (jixiao writes a bundle without accessibility tags.)
    measure typst-bundle "$typst" compile --root "$work/bundle" "${flags[@]}" --no-pdf-tags \
        "$work/bundle/main.typ" "$work/typst-bundle.pdf"
    for rev in "${against[@]}"; do
        measure "bundle@$rev" "${old[$rev]}" build --bundle "$work/old.pdf" "$corpus"
    done
done

# One file after another: jixiao's build of each file, and typst on the
# file's own source, the two taking turns file by file (which goes first
# alternating too), so that a change in the machine's load falls on both
# alike. Each loop's time is the sum of its runs.
mkdir -p "$work/pdf" "$work/src"
for f in "$corpus"/*.jx; do
    name="$(basename "$f" .jx)"
    mkdir -p "$work/src/$name"
    "$jixiao" typst "$f" -o "$work/src/$name/main.typ" 2>/dev/null
done
# sum NAME COMMAND...: runs it once, adding its wall time to sums[NAME] and
# keeping its peak memory in peak[NAME] (as `measure` does).
declare -A sums
sum() {
    local name="$1" before
    shift
    before="${times[$name]:-}"
    times[$name]=""
    measure "$name" "$@"
    sums[$name]=$((${sums[$name]:-0} + ${times[$name]}))
    times[$name]="$before"
}
i=0
for f in "$corpus"/*.jx; do
    name="$(basename "$f" .jx)"
    d="$work/src/$name"
    build=(sum builds "$jixiao" build "$f" -o "$work/pdf/$name.pdf")
    alone=(sum typst-each "$typst" compile --root "$d" "${flags[@]}" "$d/main.typ" "$d/out.pdf")
    if ((i % 2 == 0)); then "${build[@]}"; "${alone[@]}"; else "${alone[@]}"; "${build[@]}"; fi
    i=$((i + 1))
done
times[builds]="${sums[builds]}"
times[typst-each]="${sums[typst-each]}"
measure build-dir "$jixiao" build "$corpus"

# Check from 1 to 10,000 files, and the bundle of the first $big of them
# (its peak memory).
echo "checking 1 to 10000 files, bundling $big..." >&2
"$root/target/release/examples/gen_corpus" "$work/c10k" 10000 20 12 2>/dev/null
many=("$work/c10k"/*.jx)
bytes1="$(wc -c <"${many[0]}")"
bytes1k="$(cat "${many[@]:0:1000}" | wc -c)"
bytes10k="$(cat "${many[@]}" | wc -c)"
for ((round = 0; round < runs; round++)); do
    measure check1 "$jixiao" check "${many[0]}"
    measure check1k "$jixiao" check "${many[@]:0:1000}"
    measure check10k "$jixiao" check "${many[@]}"
done
measure bundle-big "$jixiao" build --bundle "$work/big.pdf" "${many[@]:0:$big}"
rm -rf "$work/c10k" "$work/big.pdf"

# watch: a save to the PDF written again, against typst watch alone on the
# same source saved the same way (the two versions alternate, $saves saves
# each; the median).
echo "measuring watch ($saves saves)..." >&2
# (Not `ls | head -n 1`: under pipefail, ls killed by SIGPIPE when head
# has read its line ends the script, silently.)
files=("$corpus"/*.jx)
first="${files[0]}"
mkdir -p "$work/w" "$work/tw"
cp "$first" "$work/w/a.jx"
sed 's/项目中心/项目服务中心/' "$first" >"$work/w/b.jx"
"$jixiao" typst "$work/w/a.jx" -o "$work/tw/a.typ" 2>/dev/null
"$jixiao" typst "$work/w/b.jx" -o "$work/tw/b.typ" 2>/dev/null
cmp -s "$work/w/a.jx" "$work/w/b.jx" && { echo "the watched versions do not differ" >&2; exit 1; }
mtime() { stat -c '%.9Y' "$1" 2>/dev/null || echo none; }
# latency NAME WATCHED A B PDF COMMAND...: starts COMMAND, waits for its
# first PDF, then saves A and B over WATCHED in turn, timing each save
# until PDF changes; the median in ms goes to latency[NAME].
declare -A latency
latency() {
    local name="$1" watched="$2" a="$3" b="$4" pdf="$5" pid before start end i list=""
    shift 5
    cp "$a" "$watched"
    rm -f "$pdf"
    "$@" >/dev/null 2>&1 &
    pid=$!
    for ((i = 0; i < 3000; i++)); do [ -s "$pdf" ] && break; sleep 0.01; done
    sleep 1
    for ((i = 0; i < saves; i++)); do
        before="$(mtime "$pdf")"
        start="$(date +%s%N)"
        if ((i % 2 == 0)); then cp "$b" "$watched.new"; else cp "$a" "$watched.new"; fi
        mv "$watched.new" "$watched"
        until [ "$(mtime "$pdf")" != "$before" ]; do
            sleep 0.002
            if (($(date +%s%N) - start > 20000000000)); then
                echo "$name: no PDF 20 s after a save" >&2
                exit 1
            fi
        done
        end="$(date +%s%N)"
        list+="$(((end - start) / 1000)) "
        sleep 0.5
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # shellcheck disable=SC2086 # the list is split on purpose
    latency[$name]="$(printf '%s\n' $list | sort -n |
        awk '{t[NR] = $1} END {printf "%.0f", t[int((NR + 1) / 2)] / 1e3}')"
}
latency watch "$work/w/main.jx" "$work/w/a.jx" "$work/w/b.jx" "$work/w/out.pdf" \
    "$jixiao" watch "$work/w/main.jx" -o "$work/w/out.pdf"
latency typst-watch "$work/tw/main.typ" "$work/tw/a.typ" "$work/tw/b.typ" "$work/tw/out.pdf" \
    "$typst" watch --root "$work/tw" "${flags[@]}" "$work/tw/main.typ" "$work/tw/out.pdf"
for name in "${!times[@]}"; do
    # shellcheck disable=SC2086 # the list of times is split on purpose
    secs[$name]="$(printf '%s\n' ${times[$name]} | sort -n |
        awk '{t[NR] = $1} END {printf "%.3f", t[int((NR + 1) / 2)] / 1e6}')"
done

# Output.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.1f", b / 1e6 / s}'; }
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
row "\`check\` of 1 file" check1 "$(rate "$bytes1" "${secs[check1]}") MB/s"
row "\`check\` of 1,000 files" check1k "$(rate "$bytes1k" "${secs[check1k]}") MB/s"
row "\`check\` of 10,000 files" check10k "$(rate "$bytes10k" "${secs[check10k]}") MB/s, $(ratio "${secs[check10k]}" "${secs[check1k]}")× the time of 1,000"
row "\`build --bundle\` of $big" bundle-big ""
echo "| \`watch\`: a save to its PDF (median of $saves) | ${latency[watch]} ms | | watch / typst watch: $(ratio "${latency[watch]}" "${latency[typst-watch]}")× |"
echo "| \`typst watch\` alone on the same source | ${latency[typst-watch]} ms | | |"
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
rate10k="$(rate "$bytes10k" "${secs[check10k]}")"
target "check ≥ 50 MB/s (10,000 files)" "$rate10k" ">=" 50 "$rate10k MB/s"
linear="$(ratio "${secs[check10k]}" "${secs[check1k]}")"
target "check linear from 1 to 10,000 files (10,000 ≤ 11× the time of 1,000)" "$linear" "<=" 11 "$linear×; 1 file $(rate "$bytes1" "${secs[check1]}") MB/s"
big_gb="$(awk -v k="${peak[bundle-big]}" 'BEGIN {printf "%.2f", k * 1024 / 1e9}')"
target "bundle of $big in ≤ 4 GB peak memory" "$big_gb" "<=" 4 "$big_gb GB"
w="$(ratio "${latency[watch]}" "${latency[typst-watch]}")"
target "watch save → PDF ≤ 1.1× typst watch alone" "$w" "<=" 1.1 "$w× (${latency[watch]} ms against ${latency[typst-watch]} ms)"
