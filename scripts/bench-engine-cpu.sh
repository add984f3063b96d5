#!/usr/bin/env bash
# Compares two builds of the simulator side by side: CPU time per request at one fixed open-model rate against
# nginx (Debian's), in interleaved rounds (A, B, A, B, ...), so that both builds see the same machine and the same
# noise. CPU per request (user + system time of the simulator's process over the measured run, divided by the
# requests it sent) is far less sensitive to a busy machine than a maximum rate is; the corrected p50/p99 at that
# rate are printed too, but read them with the load average beside them.
# A benchmark, not a test: it prints a markdown table. Bounded: every run has a fixed duration; everything it starts
# is stopped on exit.
#
#   scripts/bench-engine-cpu.sh OLD.jar NEW.jar                # 3 rounds at 5 000 req/s for 20 s
#   ROUNDS=5 RATE=8000 SECONDS_MEASURED=30 scripts/bench-engine-cpu.sh old/chaoslab.jar app/target/chaoslab.jar
#
# With PROFILER=/path/to/libasyncProfiler.so (async-profiler 4, e.g. unpacked from its jar in the local Maven
# repository) each measured run is also CPU-profiled (1 ms interval, per thread) and its collapsed stacks are kept in
# PROFILE_DIR (default: a new /tmp directory) as round-N-A.collapsed / round-N-B.collapsed with the requests sent
# beside them (.sent); scripts/engine-profile-summary.py turns them into CPU µs per request by part of the engine.
set -euo pipefail
A=${1:?usage: bench-engine-cpu.sh A.jar B.jar}
B=${2:?usage: bench-engine-cpu.sh A.jar B.jar}
ROUNDS=${ROUNDS:-3}
RATE=${RATE:-5000}
SECONDS_MEASURED=${SECONDS_MEASURED:-20}
WORK=$(mktemp -d /tmp/chaoslab-cpu-XXXX)
PROFILER=${PROFILER:-}
PROFILE_DIR=${PROFILE_DIR:-}
JAVA_PROFILING=()
if [ -n "$PROFILER" ]; then
  [ -f "$PROFILER" ] || { echo "PROFILER=$PROFILER: no such file" >&2; exit 1; }
  PROFILE_DIR=${PROFILE_DIR:-$(mktemp -d /tmp/chaoslab-profile-XXXX)}
  mkdir -p "$PROFILE_DIR"
  # frames between safepoints too, so the profile names the method that spends, not the next safepoint's
  JAVA_PROFILING=(-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints)
fi
command -v nginx >/dev/null || { echo "nginx is not installed: apt-get install nginx-light" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

SIM=
cleanup() {
  [ -n "$SIM" ] && kill "$SIM" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

NGINX_PORT=$(free_port)
cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 127.0.0.1:$NGINX_PORT; location / { return 200 "ok\n"; } }
}
EOF
nginx -c "$WORK/nginx.conf"

scenario() { # name rate seconds
  cat <<EOF
scenarios:
  - name: $1
    targets: {sut: http://127.0.0.1:$NGINX_PORT}
    phases:
      - {name: measure, duration: ${3}s, shape: {type: constant, rate: $2}}
    requests:
      - {name: get, weight: 1, target: sut, method: GET, path: /ok}
EOF
}

run_once() { # port name rate seconds -> report.json path
  local port=$1 id
  scenario "$2" "$3" "$4" >"$WORK/s.yaml"
  id=$(curl -sf -XPOST "http://127.0.0.1:$port/runs" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"inline": open(sys.argv[1]).read()}))' "$WORK/s.yaml")" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["runId"])')
  while curl -sf "http://127.0.0.1:$port/runs/$id" | grep -q '"state" *: *"running"'; do sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/runs/$id/report" >"$WORK/report.json"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() { # jar profile-name -> "cpu_us_per_req sent cp50 cp99 load"
  local jar=$1 name=$2 port before after
  port=$(free_port)
  java "${JAVA_PROFILING[@]}" -jar "$jar" serve --port "$port" --data-dir "$WORK/data" --max-rate 100000 --max-in-flight 20000 \
    >"$WORK/sim.log" 2>&1 &
  SIM=$!
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
  run_once "$port" warmup "$RATE" 10 # JIT warm-up, not measured
  # an attached agent writes each command's answer to file=, which it needs
  [ -n "$PROFILER" ] && java "$(dirname "$0")/AttachProfiler.java" "$SIM" "$PROFILER" \
    "start,event=cpu,interval=1ms,threads,file=$PROFILE_DIR/$name.started"
  before=$(cpu_ticks "$SIM")
  run_once "$port" measure "$RATE" "$SECONDS_MEASURED"
  after=$(cpu_ticks "$SIM")
  if [ -n "$PROFILER" ]; then
    java "$(dirname "$0")/AttachProfiler.java" "$SIM" "$PROFILER" \
      "stop,collapsed,threads,file=$PROFILE_DIR/$name.collapsed"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["sent"])' "$WORK/report.json" \
      >"$PROFILE_DIR/$name.sent"
  fi
  kill "$SIM"; wait "$SIM" 2>/dev/null || true; SIM=
  python3 - "$WORK/report.json" "$before" "$after" "$(getconf CLK_TCK)" "$(cut -d' ' -f1 /proc/loadavg)" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1])); before, after, hz = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sent = r["totals"]["sent"]; c = r["latency"]["corrected"]
print("%.1f %d %s %s %s" % ((after - before) / hz * 1e6 / max(1, sent), sent, c["p50"], c["p99"], sys.argv[5]))
EOF
}

echo "## Engine CPU per request, A vs B ($(date -u +%F), $(nproc) cores, $RATE req/s for $SECONDS_MEASURED s against nginx)"
echo
echo "A: \`$A\`; B: \`$B\`; $(java -version 2>&1 | head -1)"
echo
echo "| round | build | CPU µs/request | sent | corrected p50 / p99 ms | load average (1 min) |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  for which in A B; do
    jar=$A; [ "$which" = B ] && jar=$B
    read -r cpu sent cp50 cp99 load <<<"$(measure "$jar" "round-$round-$which")"
    echo "| $round | $which | $cpu | $sent | $cp50 / $cp99 | $load |"
  done
done
[ -n "$PROFILER" ] && echo && echo "Profiles: $PROFILE_DIR (scripts/engine-profile-summary.py $PROFILE_DIR)"
exit 0
