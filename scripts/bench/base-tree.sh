# Sourced by the hot-loop benchmarks that run a base revision's telemetry classes beside the working tree's in one JVM
# (scripts/bench-span-meters.sh, scripts/bench-meters-event-loop.sh). Takes the base revision as its first argument
# (default main) and RUNS (default 2) from the environment; builds the base in a detached worktree under WORK (removed
# on exit) and the working tree's test classes; sets CP (the working tree's test and main classes and their
# dependencies) and BASE_CLASSES (the base's telemetry classes).
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
BASE_CLASSES=$WORK/base/telemetry/target/classes
echo "base $BASE ($(git -C "$WORK/base" rev-parse --short HEAD)), working tree at $(git rev-parse --short HEAD)"
