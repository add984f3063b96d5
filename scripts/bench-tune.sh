#!/usr/bin/env bash
# tune on the committed real recordings: replay speed (variants/s per alert, TuneReplaySpeed, window variants
# included), replay-vs-live fidelity (every live transition next to the replay's, ReplayFidelityFigures) and the Java
# re-evaluation from the raw counters vs Prometheus' own values (RewindowFigures). Prints the load average beside them.
# Usage: scripts/bench-tune.sh [TEN_MINUTE.recording.json]
#   (from the repository root; builds the simulator's test classes offline; the optional argument is a recording of
#   a run of 10 minutes or more, default the committed traffic-spike recording, 10m30s)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q -pl simulator -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/chaoslab-bench-tune-cp.txt
CP="simulator/target/test-classes:simulator/target/classes:$(cat /tmp/chaoslab-bench-tune-cp.txt)"
R=simulator/src/test/resources/tune
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" dev.chaoslab.simulator.bench.ReplayFidelityFigures "$R"/*.recording.json
java -cp "$CP" dev.chaoslab.simulator.bench.RewindowFigures "$R"/*.recording.json
TEN="${1:-$R/traffic-spike.recording.json}"
for alert in ChaoslabHighErrorRatio ChaoslabTrafficSurge; do
  echo "== $alert (measured on $TEN) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$CP" dev.chaoslab.simulator.bench.TuneReplaySpeed "$alert" "$TEN"
done
for alert in ChaoslabHighErrorRatio ChaoslabHighLatencyP99; do
  echo "== $alert (measured on payments-error-burst) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$CP" dev.chaoslab.simulator.bench.TuneReplaySpeed "$alert" \
    "$R"/payments-error-burst.recording.json "$R"/inventory-latency.recording.json "$R"/baseline.recording.json
done
echo "== ChaoslabDependencyTimeouts (measured on payments-hang) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" dev.chaoslab.simulator.bench.TuneReplaySpeed ChaoslabDependencyTimeouts \
  "$R"/payments-hang.recording.json "$R"/baseline.recording.json
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
