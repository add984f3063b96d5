#!/usr/bin/env bash
# What chaoslab proxy costs: wrk against nginx serving the example site directly, through nginx as a reverse proxy
# (proxy_pass, upstream keep-alive) and through chaoslab proxy (no fault, telemetry on, spans made but not
# exported), interleaved, ROUNDS rounds. Two measurements per round and target:
#   throughput: wrk -c CONNECTIONS for DURATION, requests/s;
#   latency:    wrk -c1 paced by scripts/bench/rate.lua (about 1 000 req/s), p50/p99.
# A benchmark, not a test: it prints figures and the load average beside them. Needs wrk, nginx and a built jar.
#
#   scripts/bench-proxy.sh            env: ROUNDS (3), DURATION (10s), CONNECTIONS (32), WARMUP (20s),
#                                          JAR (app/target/chaoslab.jar), URL_PATH (/api/products/SKU-001)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-20s}
JAR=${JAR:-app/target/chaoslab.jar}
URL_PATH=${URL_PATH:-/api/products/SKU-001}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x /usr/sbin/nginx ] || { echo "nginx is not installed (scripts/install-deps.sh)" >&2; exit 1; }
[ -f "$JAR" ] || mvn -B -q -pl app -am package -DskipTests

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

WORK=$(mktemp -d /tmp/bench-proxy-XXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

SITE=$(free_port); NGINX_PROXY=$(free_port); PROXY=$(free_port); ADMIN=$(free_port)

# the upstream: the example's nginx.conf with its listen line on a free port
mkdir -p "$WORK/site/tmp" "$WORK/proxy/tmp"
ln -s "$PWD/examples/nginx/site" "$WORK/site/site"
sed "s/listen 127.0.0.1:8080;/listen 127.0.0.1:$SITE;/" examples/nginx/nginx.conf > "$WORK/site/nginx.conf"
/usr/sbin/nginx -p "$WORK/site" -c nginx.conf -e "$WORK/site/error.log" -g "daemon off; pid $WORK/site/nginx.pid;" &
PIDS+=($!)
sed "s/UPSTREAM_PORT/$SITE/; s/LISTEN_PORT/$NGINX_PROXY/" scripts/bench/nginx-proxy.conf > "$WORK/proxy/nginx.conf"
/usr/sbin/nginx -p "$WORK/proxy" -c nginx.conf -e "$WORK/proxy/error.log" -g "daemon off; pid $WORK/proxy/nginx.pid;" &
PIDS+=($!)
OTEL_TRACES_EXPORTER=none java -jar "$JAR" proxy --name catalog --listen "127.0.0.1:$PROXY" \
  --upstream "http://127.0.0.1:$SITE" --admin "127.0.0.1:$ADMIN" --route /api/products/:sku > "$WORK/chaoslab-proxy.log" 2>&1 &
PIDS+=($!)
wait_port "$SITE"; wait_port "$NGINX_PROXY"; wait_port "$PROXY"

declare -A URLS=([nginx-direct]="http://127.0.0.1:$SITE$URL_PATH" [nginx-proxy]="http://127.0.0.1:$NGINX_PROXY$URL_PATH"
  [chaoslab-proxy]="http://127.0.0.1:$PROXY$URL_PATH")
ORDER=(nginx-direct nginx-proxy chaoslab-proxy)

echo "# warm-up $WARMUP each (JIT), then $ROUNDS interleaved rounds; $(nproc) cores; $(date -u +%FT%TZ)"
for name in "${ORDER[@]}"; do wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "${URLS[$name]}" >/dev/null; done

printf '%-6s %-15s %12s %10s %10s %10s  %s\n' round target req/s rate p50_ms p99_ms loadavg
for round in $(seq 1 "$ROUNDS"); do
  for name in "${ORDER[@]}"; do
    tput=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "${URLS[$name]}" | awk '/Requests\/sec/ {print $2}')
    lat=$(DELAY_MS=1 wrk -t1 -c1 -d"$DURATION" --latency -s scripts/bench/rate.lua "${URLS[$name]}")
    rate=$(echo "$lat" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$lat" | awk '$1=="50%" {print $2}')
    p99=$(echo "$lat" | awk '$1=="99%" {print $2}')
    printf '%-6s %-15s %12s %10s %10s %10s  %s\n' "$round" "$name" "$tput" "$rate" "$p50" "$p99" \
      "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
