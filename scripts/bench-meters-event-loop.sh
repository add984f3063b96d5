#!/usr/bin/env bash
# Measures what the meters cost per request on an event loop in hot loops, a base revision's build and the working
# tree's interleaved round by round in one JVM (MetersEventLoopCost: thread CPU time and bytes allocated per request
# for a routed server request, an HTTP client request, one pass through the client's connection pool, one read and one
# write of a connection), the load average printed beside every round. RUNS JVMs (default 2). A benchmark, not a
# test: it reports figures (docs/benchmarks/2026-12-07-meters-event-loop.md).
#
#   scripts/bench-meters-event-loop.sh [base revision, default main]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench/base-tree.sh "$@"
for run in $(seq 1 "$RUNS"); do
    echo "== run $run, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
    timeout 900 java -cp "$CP" dev.chaoslab.telemetry.MetersEventLoopCost "$BASE_CLASSES"
done
