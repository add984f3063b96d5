#!/usr/bin/env bash
# Benchmarks the simulator against wrk (Debian's wrk 4.1, closed model) on the same loopback targets:
#   1. nginx (Debian) answering a small 200, and 2. the gateway of the shop (all four services, one JVM).
# For each target it reports
#   - wrk's closed-model maximum (requests/s),
#   - the highest rate the simulator sustains open-model with < 1 % schedule error and no failed request,
#     and its ratio to wrk's maximum (found by stepping the rate up; each step is a fresh run). Schedule
#     error counts requests *answered* in the measured seconds against rate x seconds: an arrival dropped at
#     the in-flight cap, or still waiting for a connection when the window closes, was not served on
#     schedule. (Counting dispatched arrivals instead would pass a simulator that queues work it cannot send.)
#     The simulator runs with --max-in-flight $SIM_MAX_IN_FLIGHT (default 20 000): room to absorb its own
#     hiccups (a GC pause, two cores shared with the target) at tens of thousands of requests per second; the
#     corrected p99 at the maximum, also reported, shows what those hiccups cost in latency,
#   - for reference, the bare Vert.x HTTP client's closed-model maximum (ClosedLoopCeiling: same transport,
#     nothing per request but the exchange): the ceiling any Vert.x-based open-model engine works under,
#   - latency at one common rate: the simulator's service time and corrected time (p50/p99) next to wrk
#     paced to the same rate with a Lua delay() (wrk measures per connection, without CO correction),
# and finally the simulator's heap (after a full GC) at the end of a long run.
# A benchmark, not a test: it prints figures (markdown) for docs/benchmarks/. Bounded: every run has a
# fixed duration; everything it starts is stopped on exit.
#
#   scripts/bench-simulator.sh                       # full run (about 25 minutes with the 10-minute soak)
#   STEP_SECONDS=10 SOAK_SECONDS=60 scripts/bench-simulator.sh   # quick look
#   ONLY=nginx SOAK_SECONDS=0 scripts/bench-simulator.sh          # one target, no soak
#   ONLY=nginx SOAK_SECONDS=0 START_RATE=30000 scripts/bench-simulator.sh   # the search starts at 30 000 req/s
# The simulator inherits OTEL_* variables, e.g. OTEL_TRACES_SAMPLER=parentbased_traceidratio
# OTEL_TRACES_SAMPLER_ARG=0.01 to measure it with 1 % of the requests traced.
set -euo pipefail
cd "$(dirname "$0")/.."

STEP_SECONDS=${STEP_SECONDS:-20}      # measured part of each rate step (after a 5 s warm-up phase)
SOAK_SECONDS=${SOAK_SECONDS:-600}     # the long run whose heap is reported
SOAK_RATE=${SOAK_RATE:-1000}
WRK_SECONDS=${WRK_SECONDS:-15}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
SIM_MAX_IN_FLIGHT=${SIM_MAX_IN_FLIGHT:-20000}
BISECT_PERCENT=${BISECT_PERCENT:-2}   # the search stops when the failing rate is within this of the best passing one
SIM_JAR=app/target/chaoslab.jar
TARGETS_JAR=targets/target/chaoslab-targets.jar
WORK=$(mktemp -d /tmp/chaoslab-bench-XXXX)

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx is not installed: apt-get install nginx-light" >&2; exit 1; }
[ -f "$SIM_JAR" ] && [ -f "$TARGETS_JAR" ] || mvn -B -q -DskipTests package
# the classpath of the simulator's test classes, for the bare-client reference (ClosedLoopCeiling)
mvn -B -q -pl simulator -am test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
BENCH_CP="simulator/target/test-classes:simulator/target/classes:$(cat "$WORK/cp.txt")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_nginx() {
  local port=$1
  cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 127.0.0.1:$port; location / { return 200 "ok\n"; } }
}
EOF
  nginx -c "$WORK/nginx.conf"
}

start_targets() {
  local gw=$1
  OTEL_TRACES_EXPORTER=none java -jar "$TARGETS_JAR" --service all --gateway-port "$gw" \
    --orders-port "$(free_port)" --payments-port "$(free_port)" --inventory-port "$(free_port)" \
    >"$WORK/targets.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$gw/ready" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "targets did not start; see $WORK/targets.log" >&2; exit 1
}

wrk_max() { # url -> requests/s
  wrk -t2 -c"$WRK_CONNECTIONS" -d"${WRK_WARMUP:-30}s" "$1" >/dev/null   # JVM targets need ~30 s of JIT warm-up
  wrk -t2 -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" "$1" | awk '/Requests\/sec/ {print $2}'
}

wrk_paced() { # url rate -> "achieved p50 p99" (ms)
  # wrk's delay() is in whole ms: enough connections that each waits >= 2 ms (16 at most rates; more above 8 000/s)
  local url=$1 rate=$2 conns
  conns=$(python3 -c "import math; print(max(16, math.ceil(2 * $rate / 1000)))")
  cat >"$WORK/pace.lua" <<EOF
-- each connection waits so that all $conns together send about $rate requests/s
function delay() return math.floor($conns * 1000 / $rate) end
EOF
  wrk -t2 -c"$conns" -d"${WRK_SECONDS}s" --latency -s "$WORK/pace.lua" "$url" >"$WORK/wrk-paced.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print rps, p50, p99}' "$WORK/wrk-paced.txt"
}

scenario() { # name base path rate seconds -> YAML text: a 10 s ramp up to the rate, then the measured phase
  cat <<EOF
scenarios:
  - name: $1
    description: benchmark step at $4 req/s
    targets: {sut: $2}
    phases:
      - {name: warmup, duration: 10s, shape: {type: ramp, from: $(( $4 / 10 + 1 )), to: $4}}
      - {name: measure, duration: ${5}s, shape: {type: constant, rate: $4}}
    requests:
      - {name: get, weight: 1, target: sut, method: GET, path: $3}
EOF
}

# One simulator process serves every step through its REST API, so the JIT is warm after the first step,
# as in a real tuning session (a fresh JVM per step would measure its own warm-up, not the simulator).
start_simulator() {
  SIM_PORT=$(free_port)
  java -jar "$SIM_JAR" serve --port "$SIM_PORT" --data-dir "$WORK/data" --max-rate 100000 \
    --max-in-flight "$SIM_MAX_IN_FLIGHT" >"$WORK/simulator.log" 2>&1 &
  SIM=$!; PIDS+=("$SIM")
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$SIM_PORT/health" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "simulator did not start; see $WORK/simulator.log" >&2; exit 1
}

sim_start() { # base path rate seconds -> run id
  scenario "bench-$3" "$1" "$2" "$3" "$4" >"$WORK/step.yaml"
  curl -sf -XPOST "http://127.0.0.1:$SIM_PORT/runs" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"inline": open(sys.argv[1]).read()}))' "$WORK/step.yaml")" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["runId"])'
}

sim_wait() { # run id -> returns once the run has ended
  while curl -sf "http://127.0.0.1:$SIM_PORT/runs/$1" | grep -q '"state" *: *"running"'; do sleep 1; done
}

sim_run() { # base path rate seconds -> "scheduled answered sent dropped errors p50 p99 cp50 cp99 max-in-flight" of the measure phase
  local id
  id=$(sim_start "$@"); sim_wait "$id"
  curl -sf "http://127.0.0.1:$SIM_PORT/runs/$id/report" >"$WORK/report.json"
  python3 - "$WORK/report.json" "$3" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1])); rate = float(sys.argv[2])
phase = next(p for p in r["phases"] if p["name"] == "measure")
sec = [e for e in r["timeline"] if phase["startMs"] <= e["t"] * 1000 < phase["endMs"]]
# the plan (rate x seconds) against what was answered in those seconds of wall time: a late scheduler, or
# arrivals queued for a connection, show here
scheduled = int(rate * len(sec)); sent = sum(e["sent"] for e in sec)
dropped = sum(e["dropped"] for e in sec); errors = sum(sum(e["errors"].values()) for e in sec)
answered = sum(e["ok"] for e in sec) + errors
row = next(b for b in r["byRequest"] if b["phase"] == "measure")
print(scheduled, answered, sent, dropped, errors, row["service"]["p50"], row["service"]["p99"], row["corrected"]["p50"],
      row["corrected"]["p99"], max(e["inFlight"] for e in sec))
EOF
}

max_sustained() { # base path start -> "best failed cp99": the highest rate with < 1 % schedule error and no errors,
  # the lowest that failed, and the corrected p99 (ms) at the best
  local base=$1 path=$2 rate=$3 best=0 failed=0 best_cp99=- line
  while :; do
    line=$(sim_run "$base" "$path" "$rate" "$STEP_SECONDS")
    read -r scheduled answered sent dropped errors _ _ _ cp99 inflight <<<"$line"
    local ok
    ok=$(python3 -c "s,a,e=$scheduled,$answered,$errors; print(1 if s>0 and abs(a-s)/s<0.01 and e==0 else 0)")
    echo "  step $rate req/s: scheduled $scheduled, answered $answered (sent $sent, dropped $dropped, errors $errors), corrected p99 $cp99 ms, in flight at most $inflight -> $([ "$ok" = 1 ] && echo ok || echo 'falls behind')" >&2
    if [ "$ok" = 1 ]; then best=$rate; best_cp99=$cp99; else failed=$rate; fi
    # x1.25 until it falls behind, then halve the gap until it is within BISECT_PERCENT of the best rate
    if [ "$failed" = 0 ]; then rate=$(python3 -c "print(int($rate*1.25)+1)")
    elif [ $(( (failed - best) * 100 / (best + 1) )) -ge "$BISECT_PERCENT" ]; then rate=$(( (best + failed) / 2 ))
    else break; fi
    [ "$rate" -ge 10 ] || break
  done
  echo "$best $failed $best_cp99"
}

vertx_closed() { # url -> requests/s of the bare Vert.x client, closed model (the median of its 5 s windows)
  java -cp "$BENCH_CP" dev.chaoslab.simulator.bench.ClosedLoopCeiling "$1" "$WRK_SECONDS" "$WRK_CONNECTIONS" 2>/dev/null \
    | awk '/requests\/s/ {print $1}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

bench_target() { # label base path
  local label=$1 base=$2 path=$3 wrkmax vxmax start best failed best_cp99 common
  wrkmax=$(wrk_max "$base$path")
  vxmax=$(vertx_closed "$base$path")
  # START_RATE skips the climb from 1 000 req/s (about 30 s a step) when the maximum's neighbourhood is known
  start=${START_RATE:-$(python3 -c "print(max(20, min(1000, int(float('$wrkmax')*0.1))))")}
  echo "$label: wrk max $wrkmax req/s; stepping the simulator up from $start req/s" >&2
  read -r best failed best_cp99 <<<"$(max_sustained "$base" "$path" "$start")"
  common=$(python3 -c "print(max(100, int($best*0.5)))")
  read -r _ _ _ _ _ sp50 sp99 cp50 cp99 _ <<<"$(sim_run "$base" "$path" "$common" "$STEP_SECONDS")"
  read -r wrps wp50 wp99 <<<"$(wrk_paced "$base$path" "$common")"
  printf '| %s | %s | %s | %s (%s failed) | %.3f | %s ms | %s | %.2f / %.2f ms | %.2f / %.2f ms | %s req/s: %s / %s |\n' \
    "$label" "$wrkmax" "$vxmax" "$best" "$failed" "$(python3 -c "print($best/float('$wrkmax'))")" "$best_cp99" "$common" \
    "$sp50" "$sp99" "$cp50" "$cp99" "$wrps" "$wp50" "$wp99"
}

echo "## Simulator vs wrk ($(date -u +%F), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "Simulator: \`serve --max-in-flight $SIM_MAX_IN_FLIGHT\`, $(java -version 2>&1 | head -1); schedule error = answered in the measured seconds vs rate x seconds."
echo
echo "| target | wrk max (closed) req/s | bare Vert.x client max (closed) req/s | simulator max open-model req/s (<1 % schedule error) | ratio to wrk | simulator corrected p99 at its max | common rate req/s | simulator service p50 / p99 | simulator corrected p50 / p99 | wrk paced: achieved, p50 / p99 |"
echo "|---|---|---|---|---|---|---|---|---|---|"
start_simulator
NGINX_PORT=$(free_port); start_nginx "$NGINX_PORT"
sim_run "http://127.0.0.1:$NGINX_PORT" /ok 1000 20 >/dev/null   # warms the JIT before anything is measured
[ "${ONLY:-nginx}" = nginx ] && bench_target "nginx (static 200)" "http://127.0.0.1:$NGINX_PORT" /ok
if [ "${ONLY:-gateway}" = gateway ]; then
  GW_PORT=$(free_port); start_targets "$GW_PORT"
  bench_target "gateway GET /api/products/SKU-001" "http://127.0.0.1:$GW_PORT" /api/products/SKU-001
fi
[ "$SOAK_SECONDS" -gt 0 ] || exit 0

echo
echo "Soak: ${SOAK_SECONDS} s at ${SOAK_RATE} req/s against nginx, then a full GC in the simulator:" >&2
id=$(sim_start "http://127.0.0.1:$NGINX_PORT" /ok "$SOAK_RATE" "$SOAK_SECONDS")
sleep $((SOAK_SECONDS + 8))   # the run is in its last seconds: the heap as it stands after the long run
jcmd "$SIM" GC.run >/dev/null
heap=$(jcmd "$SIM" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}')
sim_wait "$id"
curl -sf "http://127.0.0.1:$SIM_PORT/runs/$id/report" >"$WORK/soak.json"
echo "Simulator heap after ${SOAK_SECONDS} s at ${SOAK_RATE} req/s (the same simulator process ran every step above), after a full GC: **$heap** (jcmd GC.heap_info)"
python3 -c "import json; r=json.load(open('$WORK/soak.json')); print('soak totals:', json.dumps(r['totals']), 'corrected:', json.dumps(r['latency']['corrected']))"
