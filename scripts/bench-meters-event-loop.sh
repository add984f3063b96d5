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
BASE=${1:-main}
RUNS=${RUNS:-2}
WORK=$(mktemp -d)
cleanup() {
    git worktree remove --force "$WORK/base" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

git worktree add --detach "$WORK/base" "$BASE" >/dev/null
(cd "$WORK/base" && mvn -B -q -o -pl telemetry -am compile >/dev/null)
mvn -B -q -o -pl telemetry -am test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP=telemetry/target/test-classes:telemetry/target/classes:$(cat "$WORK/cp.txt")
echo "base $BASE ($(git -C "$WORK/base" rev-parse --short HEAD)), working tree at $(git rev-parse --short HEAD)"
for run in $(seq 1 "$RUNS"); do
    echo "== run $run, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "$CP" dev.chaoslab.telemetry.MetersEventLoopCost "$WORK/base/telemetry/target/classes"
done
