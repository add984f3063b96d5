#!/usr/bin/env bash
# Telemetry on / off throughput of the target services, measured as pairs of short slices. Both shops (all four
# services, one JVM each) run at once — one with telemetry on (the services' own OpenTelemetry SDK, "sdk"), one
# with it off — and wrk drives them in turn, SLICE seconds each, the order alternating pair by pair (on-off,
# off-on, ...). A shared machine changes speed within minutes (other tenants, frequency, the cache): a slow
# minute slows both slices of a pair alike, so the ratio of each pair is measured at one machine speed, and the
# median over the pairs says what telemetry costs; scripts/bench-targets.sh measures each mode in a JVM of its
# own, 15 s apart, and swings both ways by more than the 10 % being measured.
# Two JVMs running the same code differ by several per cent (what the JIT made of it, where the heap lies: two
# traced builds' Vert.x and Netty frames differed by 4 µs per request in one run), and pairing slices does not
# average that out: so the script starts JVMS fresh pairs of shops, one after the other, and takes the median over
# all pairs of all of them.
# Same request as scripts/bench-targets.sh: wrk -t2 -c16 GET /api/products/SKU-001 through the gateway ->
# inventory (two server spans, one client span, two access lines per request with telemetry on).
# A benchmark, not a test: it reports figures. Bounded: fixed durations; everything it starts is stopped on exit.
#
#   scripts/bench-targets-paired.sh
#   env: JVMS (fresh pairs of shops, one after the other, default 2), PAIRS (per pair of shops, default 8),
#        SLICE (seconds per slice, default 5), WARMUP (seconds of load per mode before measuring, default 300: after
#        120 s the traced shop's C2 compiler still burned 2.4 µs per request more than the untraced one's, after 300 s
#        0.2; a run with the defaults takes about 23 minutes),
#        CONNECTIONS (default 16), WRK_THREADS (default 2), URL_PATH (default /api/products/SKU-001),
#        JAR (default targets/target/chaoslab-targets.jar), ON_JAR (default JAR: compare two builds' "on"),
#        OFF_TELEMETRY (default off; "on" runs the second shop, JAR, with telemetry on too: then "on / off" is
#        ON_JAR's throughput over JAR's, both traced — two builds' telemetry compared directly),
#        PROFILE=1: async-profiler on both shops for the measured pairs, then CPU per request by component
#        (scripts/bench/cpu-per-request.py) — both profiles see the same mix of machine speeds, so their
#        difference is telemetry's whole cost, also what no telemetry frame shows (PROFILER as in
#        scripts/profile-targets.sh)
# Beside each pair, from /proc (every thread, no profiler): CPU per request of the busiest thread and of the whole JVM,
# on / off. Each service runs one verticle, hence one event loop: the busiest thread is the gateway's, at ~90 % of a
# core in both modes. Yet on this 2-core machine, with wrk on the same cores, on / off follows the whole JVM's CPU per
# request (off / on) more closely than the gateway loop's: over 40 pairs (docs/benchmarks/2026-12-07-telemetry-
# session12.md) they differed by 0.021 on average, the loop's by 0.046 — what telemetry costs on any thread counts.
# Issue 15's check (telemetry on >= 0.9 x off): the median of "on / off" over the pairs.
set -euo pipefail
cd "$(dirname "$0")/.."

JVMS=${JVMS:-2}
PAIRS=${PAIRS:-8}
SLICE=${SLICE:-5}
WARMUP=${WARMUP:-300}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${WRK_THREADS:-2}
URL_PATH=${URL_PATH:-/api/products/SKU-001}
JAR=${JAR:-targets/target/chaoslab-targets.jar}
ON_JAR=${ON_JAR:-$JAR}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if [ ! -f "$JAR" ] || [ ! -f "$ON_JAR" ]; then mvn -B -q -pl targets -am package -DskipTests; fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
OUT=$(mktemp -d /tmp/bench-paired-XXXX)
PIDS=()
cleanup() {
  local log
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  PIDS=()
  # the traced shop's stdout holds every access line (gigabytes per run): keep the last lines, for a failed start
  for log in "$OUT"/on.log "$OUT"/off.log; do
    if [ -f "$log" ]; then tail -n 200 "$log" >"$log.tail" && mv "$log.tail" "$log"; fi
  done
}
trap cleanup EXIT

# start MODE JAR: starts a shop, its ports in GATEWAY[MODE] and INVENTORY[MODE]
declare -A GATEWAY INVENTORY
start() {
  local mode=$1 jar=$2 gw inv telemetry=on
  [ "$mode" = on ] || telemetry=${OFF_TELEMETRY:-off}
  gw=$(free_port)
  inv=$(free_port)
  env CHAOSLAB_TELEMETRY="$telemetry" CHAOSLAB_INSTRUMENTATION=sdk \
    OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
    java -jar "$jar" --service all --gateway-port "$gw" --orders-port "$(free_port)" \
    --payments-port "$(free_port)" --inventory-port "$inv" >>"$OUT/$mode.log" 2>&1 &
  PIDS+=($!)
  GATEWAY[$mode]=$gw
  INVENTORY[$mode]=$inv
}
ready() {
  local mode=$1
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:${GATEWAY[$mode]}/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the $mode shop did not start; log: $OUT/$mode.log" >&2
  exit 1
}
# threads PID FILE: each thread of PID as "tid name clock-ticks-used" (user + system) into FILE
threads() {
  local task
  for task in /proc/"$1"/task/*; do
    awk -v tid="${task##*/}" '{ sub(/^.*\) /, ""); print tid, "t", $12 + $13 }' "$task/stat" 2>/dev/null || true
  done >"$2"
}
# slice MODE SECONDS: requests/s into $OUT/slice.rps, the busiest thread's and the process's CPU per request (us)
# into $OUT/slice.cpu; counts the slice's requests in REQUESTS[MODE]
declare -A REQUESTS=([on]=0 [off]=0)
declare -A PID_OF
slice() {
  local count
  [ -z "${PID_OF[$1]:-}" ] || threads "${PID_OF[$1]}" "$OUT/threads.before"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" "http://127.0.0.1:${GATEWAY[$1]}$URL_PATH" >"$OUT/slice.wrk"
  count=$(awk '/requests in/ {print $1}' "$OUT/slice.wrk")
  if [ -n "${PID_OF[$1]:-}" ]; then
    threads "${PID_OF[$1]}" "$OUT/threads.after"
    python3 scripts/bench/thread-cpu.py "$OUT/threads.before" "$OUT/threads.after" "$count" >"$OUT/slice.cpu"
  fi
  REQUESTS[$1]=$((REQUESTS[$1] + count))
  if grep -q 'Non-2xx\|Socket errors' "$OUT/slice.wrk"; then
    echo "errors in a $1 slice:" >&2
    cat "$OUT/slice.wrk" >&2
    exit 1
  fi
  awk '/Requests\/sec/ {print $2}' "$OUT/slice.wrk" >"$OUT/slice.rps"
}

echo "GET $URL_PATH via the gateway, wrk -t$THREADS -c$CONNECTIONS; $JVMS pairs of shops, each warmed ${WARMUP}s per mode, then $PAIRS pairs of ${SLICE}s slices; $(nproc) cores"
echo "on: $ON_JAR; off: $JAR (telemetry ${OFF_TELEMETRY:-off}); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${PROFILE:-}" ] && [ -z "${PROFILER:-}" ]; then
  AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/4.0/async-profiler-4.0.jar
  [ -f "$AP_JAR" ] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:4.0
  unzip -o -q -d "$OUT/ap" "$AP_JAR" linux-x64/libasyncProfiler.so
  PROFILER=$OUT/ap/linux-x64/libasyncProfiler.so
fi
half=$((WARMUP / 2 > 0 ? WARMUP / 2 : 1))
RATIOS=()
MEDIANS=()
BUSIEST_ON=()
BUSIEST_OFF=()
PROCESS_ON=()
PROCESS_OFF=()
declare -A MEASURED=([on]=0 [off]=0)
dropped=0
median() { sort -n | awk '{ r[NR] = $1 } END { printf "%.3f", (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'; }
for jvm in $(seq 1 "$JVMS"); do
  start on "$ON_JAR"
  start off "$JAR"
  ready on
  ready off
  PID_OF=()
  for mode in on off on off; do slice "$mode" "$half"; done
  PID_OF=([on]=${PIDS[0]} [off]=${PIDS[1]})
  if [ -n "${PROFILE:-}" ]; then
    for mode in on off; do
      jcmd "${PID_OF[$mode]}" JVMTI.agent_load "$PROFILER" "\"start,event=cpu,interval=1000000,threads\"" >/dev/null
    done
  fi
  REQUESTS=([on]=0 [off]=0)
  echo "shops $jvm of $JVMS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  printf '%-5s %12s %12s %8s  %-23s %-23s %s\n' pair "on req/s" "off req/s" "on/off" \
    "busiest thread us on/off" "process us on/off" "load(1m)"
  JVM_RATIOS=()
  for pair in $(seq 1 "$PAIRS"); do
    if [ $((pair % 2)) -eq 1 ]; then
      slice on "$SLICE"; on=$(cat "$OUT/slice.rps"); read -r on_busiest on_process <"$OUT/slice.cpu"
      slice off "$SLICE"; off=$(cat "$OUT/slice.rps"); read -r off_busiest off_process <"$OUT/slice.cpu"
    else
      slice off "$SLICE"; off=$(cat "$OUT/slice.rps"); read -r off_busiest off_process <"$OUT/slice.cpu"
      slice on "$SLICE"; on=$(cat "$OUT/slice.rps"); read -r on_busiest on_process <"$OUT/slice.cpu"
    fi
    ratio=$(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')
    RATIOS+=("$ratio")
    JVM_RATIOS+=("$ratio")
    BUSIEST_ON+=("$on_busiest"); BUSIEST_OFF+=("$off_busiest"); PROCESS_ON+=("$on_process"); PROCESS_OFF+=("$off_process")
    printf '%-5s %12s %12s %8s  %-23s %-23s %s\n' "$pair" "$on" "$off" "$ratio" "$on_busiest / $off_busiest" \
      "$on_process / $off_process" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  MEDIANS+=("$(printf '%s\n' "${JVM_RATIOS[@]}" | median)")
  echo "shops $jvm: median on / off ${MEDIANS[-1]}"
  if [ -n "${PROFILE:-}" ]; then
    for mode in on off; do
      jcmd "${PID_OF[$mode]}" JVMTI.agent_load "$PROFILER" "\"stop,file=$OUT/$mode-$jvm.collapsed,collapsed,threads\"" >/dev/null
      cat "$OUT/$mode-$jvm.collapsed" >>"$OUT/$mode.collapsed"
      MEASURED[$mode]=$((MEASURED[$mode] + REQUESTS[$mode]))
    done
  fi
  # every line written: the on shop's access log drops (gateway and inventory) must be zero
  for port in "${GATEWAY[on]}" "${INVENTORY[on]}"; do
    dropped=$((dropped + $({ curl -sf "http://127.0.0.1:$port/metrics" || true; } \
      | awk '/^chaoslab_log_lines_dropped_total/ {s += $2} END {printf "%d", s}')))
  done
  cleanup
done
if [ -n "${PROFILE:-}" ]; then
  for mode in on off; do
    echo "${MEASURED[$mode]} requests in the measured slices" >"$OUT/$mode.wrk"
    echo "== telemetry $mode, all measured slices of all shops (collapsed stacks: $OUT/$mode.collapsed)"
    python3 scripts/bench/cpu-per-request.py "$OUT/$mode"
  done
fi
echo "medians of the $JVMS pairs of shops: ${MEDIANS[*]}"
echo "CPU per request over all pairs (median, us; /proc, every thread): busiest thread on $(printf '%s\n' \
  "${BUSIEST_ON[@]}" | median) / off $(printf '%s\n' "${BUSIEST_OFF[@]}" | median); process on $(printf '%s\n' \
  "${PROCESS_ON[@]}" | median) / off $(printf '%s\n' "${PROCESS_OFF[@]}" | median)"
printf '%s\n' "${RATIOS[@]}" | sort -n | awk -v dropped="$dropped" '
  { r[NR] = $1 }
  END {
    n = NR; med = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
    q1 = r[int((n + 3) / 4)]; q3 = r[int((3 * n + 3) / 4)]
    printf "on / off over all %d pairs: median %.3f, quartiles %.3f .. %.3f, min %.3f, max %.3f; access lines dropped: %d\n",
      n, med, q1, q3, r[1], r[n], dropped
  }'
