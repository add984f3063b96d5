#!/usr/bin/env bash
# Measures what telemetry costs the target services: starts the shop (all four services, one JVM) traced by its
# own OpenTelemetry SDK ("sdk"), traced by the OpenTelemetry Java agent instead ("agent": -javaagent,
# CHAOSLAB_INSTRUMENTATION=agent), and with telemetry off ("off": CHAOSLAB_TELEMETRY=off), and runs wrk against
# the gateway for the same fixed time, the modes interleaved round by round.
# A benchmark, not a test: it reports figures. Needs wrk (Debian package), a built jar and the agent jar that the
# targets build copies into targets/target/otel-agent.
#
#   scripts/bench-targets.sh [duration, default 15s] [connections, default 16] [path, default /api/products/SKU-001]
#   env: WARMUP (default 30s), ROUNDS (rounds of all modes, default 2), MODES (default "sdk agent off"),
#        WRK_THREADS (default 2), AGENT (default targets/target/otel-agent/opentelemetry-javaagent.jar),
#        JAR (default targets/target/chaoslab-targets.jar; another build, to compare two versions in one session),
#        STDOUT_RATE (bytes/s; unset = stdout to a file): stdout read at that rate, as by a slow log shipper
# After each round it prints every telemetry mode's throughput as a fraction of "off" in that round.
# Issue 15's check (telemetry on >= 0.9 x off): MODES="sdk off" ROUNDS=3 scripts/bench-targets.sh; on a shared
# machine whose speed moves within minutes, scripts/bench-targets-paired.sh resolves the same ratio far more tightly.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-15s}
CONNECTIONS=${2:-16}
URL_PATH=${3:-/api/products/SKU-001}
THREADS=${WRK_THREADS:-2}
# The JIT needs a while on a busy 2-core machine (more with telemetry on: the SDK, Micrometer and the JSON
# encoder are hot code too); measured before that, the figures are about compilation, not instrumentation.
WARMUP=${WARMUP:-30s}
JAR=${JAR:-targets/target/chaoslab-targets.jar}
AGENT=${AGENT:-targets/target/otel-agent/opentelemetry-javaagent.jar}
read -r -a MODE_LIST <<<"${MODES:-sdk agent off}"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
need_agent=false
for mode in "${MODE_LIST[@]}"; do [ "$mode" != agent ] || need_agent=true; done
if [ ! -f "$JAR" ] || { $need_agent && [ ! -f "$AGENT" ]; }; then mvn -B -q -pl targets -am package -DskipTests; fi

# passes stdin to stdout at no more than argv[1] bytes/s
SLOW_READER='
import sys, time
rate, out, inp = int(sys.argv[1]), sys.stdout.buffer, sys.stdin.buffer
start, total = time.monotonic(), 0
while chunk := inp.read1(16384):
    out.write(chunk); total += len(chunk)
    ahead = total / rate - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
'

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PID=
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

# run MODE: sdk (telemetry on, the services' own SDK), agent (telemetry on, traced by the Java agent), off
run() {
  local mode=$1 log gw inv telemetry=on instrumentation=sdk jvm=()
  case $mode in
    sdk) ;;
    agent) instrumentation=agent; jvm=(-javaagent:"$AGENT") ;;
    off) telemetry=off ;;
    *) echo "unknown mode $mode (sdk, agent, off)" >&2; exit 2 ;;
  esac
  log=$(mktemp /tmp/bench-targets-XXXX.log)
  gw=$(free_port)
  inv=$(free_port)
  local args=(--service all --gateway-port "$gw" --orders-port "$(free_port)" --payments-port "$(free_port)" --inventory-port "$inv")
  # the agent's own metrics and logs exporters are off, as the SDK's are: only tracing is compared
  local env=(CHAOSLAB_TELEMETRY="$telemetry" CHAOSLAB_INSTRUMENTATION="$instrumentation"
    OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-none}" OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none)
  if [ -n "${STDOUT_RATE:-}" ]; then
    env "${env[@]}" java "${jvm[@]}" -jar "$JAR" "${args[@]}" > >(python3 -c "$SLOW_READER" "$STDOUT_RATE" >"$log") 2>&1 &
  else
    env "${env[@]}" java "${jvm[@]}" -jar "$JAR" "${args[@]}" >"$log" 2>&1 &
  fi
  PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$gw/ready" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || { echo "targets did not start; log: $log" >&2; exit 1; }
    sleep 0.2
  done
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$gw$URL_PATH" >/dev/null   # warm-up (JIT)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$gw$URL_PATH" >"$log.wrk"
  # access log lines the asynchronous appender dropped (queue full) in gateway and inventory; "-" with telemetry off
  local dropped=- port
  if [ "$mode" != off ]; then
    dropped=0
    for port in "$gw" "$inv"; do
      dropped=$((dropped + $({ curl -sf "http://127.0.0.1:$port/metrics" || true; } \
        | awk '/^chaoslab_log_lines_dropped_total/ {s += $2} END {printf "%d", s}')))
    done
  fi
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$log.wrk")
  p50=$(awk '$1=="50%" {print $2}' "$log.wrk")
  p99=$(awk '$1=="99%" {print $2}' "$log.wrk")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$log.wrk" | tr '\n' ' ')
  printf '%-9s %12s %10s %10s %9s  %-12s %s\n' "$mode" "$rps" "$p50" "$p99" "$dropped" "$(cut -d' ' -f1 /proc/loadavg)" "${errors:-no errors}"
  RPS[$mode]=$rps
  rm -f "$log" "$log.wrk"
}

echo "GET $URL_PATH via the gateway (gateway -> inventory), wrk -t$THREADS -c$CONNECTIONS -d$DURATION after $WARMUP of warm-up, $(nproc) cores"
[ -z "${STDOUT_RATE:-}" ] || echo "stdout read at $STDOUT_RATE bytes/s"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (figures from a busy shared machine are only comparable within one run)"
printf '%-9s %12s %10s %10s %9s  %-12s\n' mode "requests/s" p50 p99 "log drops" "load(1m)"
# alternate, so that a load change on a shared machine shows up as disagreement between the rounds
# the telemetry modes' throughput as a fraction of "off" in the same round (the goal: sdk >= 0.9 x off)
declare -A RPS
for round in $(seq 1 "${ROUNDS:-2}"); do
  RPS=()
  for mode in "${MODE_LIST[@]}"; do
    run "$mode"
  done
  if [ -n "${RPS[off]:-}" ]; then
    for mode in "${MODE_LIST[@]}"; do
      [ "$mode" = off ] || printf 'round %d: %s / off = %s\n' "$round" "$mode" \
        "$(awk -v a="${RPS[$mode]}" -v b="${RPS[off]}" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')"
    done
  fi
done
