#!/usr/bin/env bash
# Runs every fuzz harness for SECONDS each (default 600) from BUILD_DIR (default build-fuzz), two
# at a time, starting from the seed corpora the tests' data make, and prints one Markdown row per
# harness: executions, corpus size, crashes. Crashing inputs are kept under
# BUILD_DIR/fuzz/crashes/; the exit status is 1 when any harness crashed.
#   usage: tests/fuzz/run-fuzzers.sh [SECONDS] [BUILD_DIR] [HARNESS ...]
set -uo pipefail

seconds=${1:-600}
build=${2:-build-fuzz}
shift $(( $# > 2 ? 2 : $# ))
root=$(cd "$(dirname "$0")/../.." && pwd)
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] &&
    harnesses=(fuzz_packedmodel fuzz_configjson fuzz_recordedjson fuzz_runsqlite fuzz_datasets
               fuzz_presets fuzz_checkpoint)

for h in "${harnesses[@]}" fuzz_makeseeds; do
    if [ ! -x "$build/tests/fuzz/$h" ]; then
        echo "run-fuzzers: $build/tests/fuzz/$h is missing; build it first:" >&2
        echo "  CXX=clang++-14 cmake -S . -B $build -G Ninja -DSLB_FUZZ=ON -DSLB_BUILD_TESTS=OFF" \
             "&& cmake --build $build --target fuzzers" >&2
        exit 2
    fi
done

work="$build/fuzz"
seeds="$work/seeds"
rm -rf "$seeds"
"$build/tests/fuzz/fuzz_makeseeds" "$seeds" "$root/resources/presets/presets.json" || exit 2
if [ -x "$build/tests/fuzz/fuzz_checkpoint" ]; then  # its seeds need the engine: it makes them
    ASAN_OPTIONS=detect_leaks=0 SLB_FUZZ_SEED_DIR="$seeds/checkpoint" \
        "$build/tests/fuzz/fuzz_checkpoint" || exit 2
fi
mkdir -p "$work/crashes" "$work/logs"

corpusOf() {  # harness → its seed folder's name
    case "$1" in
        fuzz_packedmodel) echo packedmodel ;; fuzz_configjson) echo configjson ;;
        fuzz_recordedjson) echo recordedjson ;; fuzz_runsqlite) echo runsqlite ;;
        fuzz_datasets) echo datasets ;; fuzz_presets) echo presets ;;
        fuzz_checkpoint) echo checkpoint ;;
    esac
}

run() {
    local h=$1 corpus="$work/corpus/$1" maxlen=65536
    # detect_leaks=0: LibTorch and Qt keep global allocations to the end of the process.
    local asan=detect_leaks=0:abort_on_error=1
    if [ "$h" = fuzz_checkpoint ]; then
        maxlen=1048576  # whole checkpoint files of a small network
        # LibTorch's reader allocates thousands of blocks per input; recording a stack for each
        # was the largest single cost. A crash is rerun with full stacks from its saved input.
        asan=$asan:malloc_context_size=0
    fi
    mkdir -p "$corpus"
    cp -n "$seeds/$(corpusOf "$h")"/* "$corpus/" 2>/dev/null
    ASAN_OPTIONS=$asan UBSAN_OPTIONS=print_stacktrace=1 \
        "$build/tests/fuzz/$h" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 \
        -rss_limit_mb=4096 -max_len=$maxlen -artifact_prefix="$work/crashes/$h-" "$corpus" \
        >"$work/logs/$h.log" 2>&1
    echo $? >"$work/logs/$h.rc"
}

# Two at a time on a 2-core machine.
pids=()
for h in "${harnesses[@]}"; do
    run "$h" &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then
        wait "${pids[0]}"
        pids=("${pids[@]:1}")
    fi
done
wait

status=0
echo "| harness | seconds | executions | exec/s | corpus | crashes |"
echo "|---|---:|---:|---:|---:|---:|"
for h in "${harnesses[@]}"; do
    log="$work/logs/$h.log"
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    corpus=$(find "$work/corpus/$h" -type f | wc -l)
    crashes=$(find "$work/crashes" -name "$h-*" -type f | wc -l)
    [ "$(cat "$work/logs/$h.rc")" != 0 ] && [ "$crashes" -eq 0 ] && crashes="exit $(cat "$work/logs/$h.rc")"
    [ "$crashes" != 0 ] && status=1
    echo "| $h | $seconds | ${execs:-?} | ${rate:-?} | $corpus | $crashes |"
done
[ $status -ne 0 ] && echo "Crashing inputs: $work/crashes (logs: $work/logs)"
exit $status
