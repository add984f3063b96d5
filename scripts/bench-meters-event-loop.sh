#!/usr/bin/env bash
# Measures what the meters cost per request on an event loop in hot loops, a base revision's build and the working
# tree's interleaved round by round in one JVM (MetersEventLoopCost: thread CPU time and bytes allocated per request
# for a routed server request, an HTTP client request, one pass through the client's connection pool, one read and one
# write of a connection), the load average printed beside every round, and the CPU time of each build's meter-clock
# thread over the run. RUNS JVMs (default 2). First it compares the two builds' /metrics expositions after the same
# requests line for line, times masked (MetersExposition), and stops if they differ. Then, unless THREADS=0, the
# meters' background threads (MeterThreadsCost: the meter clock's and Prometheus's exemplar scheduler's wakes and CPU
# per second while a gateway calls an inventory in one JVM, THREAD_SECONDS each, default 20), base and working tree
# by turns, RUNS times. A benchmark, not a test: it reports figures (docs/benchmarks/2026-12-07-meters-event-loop.md,
# 2026-12-07-meters-session13.md).
#
#   scripts/bench-meters-event-loop.sh [base revision, default main]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench/base-tree.sh "$@"
timeout 300 java -cp "$CP" dev.chaoslab.telemetry.MetersExposition "$BASE_CLASSES" "$WORK/exposition"
for format in prom om; do
    if ! diff "$WORK/exposition/base.$format" "$WORK/exposition/new.$format"; then
        echo "the $format exposition differs from the base's (above: < base, > working tree)" >&2
        exit 1
    fi
    echo "exposition ($format): the same $(wc -l <"$WORK/exposition/new.$format") lines as the base's, times masked"
done
for run in $(seq 1 "$RUNS"); do
    echo "== run $run, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
    timeout 900 java -cp "$CP" dev.chaoslab.telemetry.MetersEventLoopCost "$BASE_CLASSES"
done
if [ "${THREADS:-1}" != 0 ]; then
    DEPS=${CP#telemetry/target/test-classes:telemetry/target/classes:}
    for run in $(seq 1 "$RUNS"); do
        for build in base new; do
            classes=telemetry/target/classes
            [ "$build" = base ] && classes=$BASE_CLASSES
            echo "== threads, $build, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
            timeout 300 java -cp "telemetry/target/test-classes:$classes:$DEPS" dev.chaoslab.telemetry.MeterThreadsCost \
                "${THREAD_SECONDS:-20}" | grep '^=='
        done
    done
fi
