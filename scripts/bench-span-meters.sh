#!/usr/bin/env bash
# Measures what the targets' tracer and HTTP meters cost per request in hot loops, a base revision's tracer and the
# working tree's interleaved round by round in one JVM (HttpTracerCost: thread CPU time and bytes allocated per
# gateway request, 2 server spans + 1 client span; "ours/system clock" is the working tree's tracer on the SDK's
# default clock), then the meters (HttpMetersCost: vertx-micrometer, our meters on Micrometer's registry and clock,
# ours on ServiceMeterRegistry + CoarseWallClock). RUNS JVMs of each (default 2), the load average printed beside
# every round; each tracer samples behind its own build's QuietPathsSampler, the base's too). Then the parts of the
# tracer's per-request work changed in session 12 (TracerPartsCost: the W3C extraction without baggage,
# VertxHttpTags.kind; the former way rebuilt beside the current one, interleaved). METERS=0 leaves the meters out, PARTS=0 the parts. A benchmark, not a test: it reports figures
# (docs/benchmarks/2026-12-07-spans-and-meters.md, docs/benchmarks/2026-12-07-tracer-event-loop.md,
# docs/benchmarks/2026-12-07-spans-event-loop.md).
#
#   [RUNS=2] [METERS=1] [PARTS=1] scripts/bench-span-meters.sh [base revision, default main]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench/base-tree.sh "$@"
for run in $(seq 1 "$RUNS"); do
    echo "== tracer, run $run, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
    timeout 900 java -cp "$CP" dev.chaoslab.telemetry.HttpTracerCost "$BASE_CLASSES" 2>&1 \
        | grep -v BatchSpanProcessor
    if [ "${METERS:-1}" != 0 ]; then
        echo "== meters, run $run, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
        timeout 900 java -cp "$CP" dev.chaoslab.telemetry.HttpMetersCost
    fi
done
if [ "${PARTS:-1}" != 0 ]; then
    for run in $(seq 1 "$RUNS"); do
        echo "== tracer parts, run $run, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
        timeout 900 java -cp "$CP" dev.chaoslab.telemetry.TracerPartsCost
    done
fi
