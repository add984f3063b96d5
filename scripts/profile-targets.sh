#!/usr/bin/env bash
# Where the CPU of a gateway request goes, telemetry on and off, for one or more builds of the targets: starts the
# shop (all four services, one JVM) as scripts/bench-targets.sh does, drives it with wrk (-t2 -c16,
# GET /api/products/SKU-001 through the gateway -> inventory), attaches async-profiler for the measured window and
# prints CPU µs per request split by component (scripts/bench/cpu-per-request.py). CPU per request is far less
# sensitive to a busy machine than the maximum throughput is; the load average is printed beside every figure.
# A benchmark, not a test. Bounded: fixed durations; everything it starts is stopped on exit.
#
#   scripts/profile-targets.sh BUILD=JAR [BUILD=JAR ...]     e.g. before=/tmp/main.jar after=targets/target/chaoslab-targets.jar
#   env: MODES (default "on off"), WARMUP (default 30s), DURATION (default 15s), ROUNDS (default 1),
#        OUT (directory for the collapsed stacks and wrk outputs, default a new /tmp dir),
#        PROFILER (libasyncProfiler.so; default: taken from async-profiler 4.0's jar in the local Maven repository)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: profile-targets.sh NAME=JAR [NAME=JAR ...]" >&2; exit 2; }
read -r -a MODE_LIST <<<"${MODES:-on off}"
WARMUP=${WARMUP:-30s}
DURATION=${DURATION:-15s}
OUT=${OUT:-$(mktemp -d /tmp/profile-targets-XXXX)}
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if [ -z "${PROFILER:-}" ]; then
  # the library ships inside the Maven artifact: mvn dependency:get -Dartifact=tools.profiler:async-profiler:4.0
  AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/4.0/async-profiler-4.0.jar
  [ -f "$AP_JAR" ] || { echo "no $AP_JAR (mvn dependency:get -Dartifact=tools.profiler:async-profiler:4.0, or set PROFILER)" >&2; exit 1; }
  unzip -o -q -d "$OUT/ap" "$AP_JAR" linux-x64/libasyncProfiler.so
  PROFILER=$OUT/ap/linux-x64/libasyncProfiler.so
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PID=
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

# profile NAME JAR MODE ROUND
profile() {
  local name=$1 jar=$2 mode=$3 round=$4 gw base
  base="$OUT/$name-$mode-$round"
  gw=$(free_port)
  env CHAOSLAB_TELEMETRY="$mode" OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
    java -jar "$jar" --service all --gateway-port "$gw" --orders-port "$(free_port)" \
    --payments-port "$(free_port)" --inventory-port "$(free_port)" >"$base.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$gw/ready" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || { echo "targets did not start; log: $base.log" >&2; exit 1; }
    sleep 0.2
  done
  wrk -t2 -c16 -d"$WARMUP" "http://127.0.0.1:$gw/api/products/SKU-001" >/dev/null
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  # the option in double quotes: jcmd would read its "=" as its own argument syntax
  jcmd "$PID" JVMTI.agent_load "$PROFILER" "\"start,event=cpu,interval=1000000,threads\"" >/dev/null
  wrk -t2 -c16 -d"$DURATION" "http://127.0.0.1:$gw/api/products/SKU-001" >"$base.wrk"
  jcmd "$PID" JVMTI.agent_load "$PROFILER" "\"stop,file=$base.collapsed,collapsed,threads\"" >/dev/null
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  echo "== $name, telemetry $mode, round $round ($(date -u +%H:%M) UTC, load $load at start, $(cut -d' ' -f1 /proc/loadavg) at end)"
  python3 scripts/bench/cpu-per-request.py "$base"
}

echo "async-profiler CPU per gateway request, wrk -t2 -c16 -d$DURATION after $WARMUP of warm-up, $(nproc) cores; files in $OUT"
for round in $(seq 1 "${ROUNDS:-1}"); do
  for build in "$@"; do
    for mode in "${MODE_LIST[@]}"; do
      profile "${build%%=*}" "${build#*=}" "$mode" "$round"
    done
  done
done
