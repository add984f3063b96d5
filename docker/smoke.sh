#!/usr/bin/env bash
# Smoke test of the observability stack, for machines with Docker (Compose v2), curl and jq:
#   docker/smoke.sh            # from the repository root; KEEP=1 leaves the stack running afterwards
# Brings the stack up (building our images), fires a short scenario through the simulator API (a payments
# error burst), then proves each correlation path over HTTP:
#   1. Grafana's Prometheus, Loki and Tempo datasources answer their health checks;
#   2. Prometheus holds an exemplar with a trace_id on the gateway's latency histogram;
#   3. Tempo returns that trace;
#   4. Loki holds log lines carrying that trace_id (structured metadata set by Alloy);
#   5. Tempo's metrics generator wrote service-graph metrics into Prometheus (gateway -> orders).
# Tears the stack down on exit (volumes included) unless KEEP=1. Every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

COMPOSE=(docker compose -f docker/docker-compose.yml)
GRAFANA=http://127.0.0.1:${GRAFANA_PORT:-13000}
GRAFANA_AUTH=${GRAFANA_ADMIN_USER:-admin}:${GRAFANA_ADMIN_PASSWORD:-admin}
PROMETHEUS=http://127.0.0.1:9090
LOKI=http://127.0.0.1:3100
TEMPO=http://127.0.0.1:3200
SIMULATOR=http://127.0.0.1:8090
API_TOKEN=${CHAOSLAB_API_TOKEN:-chaoslab-api-token}

passed=0
failed=0

for tool in docker curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "smoke.sh needs $tool on the PATH" >&2; exit 2; }
done
docker compose version >/dev/null 2>&1 || { echo "smoke.sh needs Docker Compose v2 (docker compose)" >&2; exit 2; }

teardown() {
  if [ "${KEEP:-0}" = 1 ]; then
    echo "KEEP=1: the stack keeps running; stop it with: ${COMPOSE[*]} down -v"
  else
    "${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  fi
}
trap teardown EXIT

pass() { passed=$((passed + 1)); echo "PASS  $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }

# retry SECONDS COMMAND...: runs the command every 3 s until it succeeds or the time is up.
retry() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 3
  done
}

ready() { curl -fsS -o /dev/null "$1"; }

echo "== starting the stack (first build takes a few minutes)"
"${COMPOSE[@]}" up -d --build --wait --wait-timeout 600
retry 120 ready "$LOKI/ready" || { fail "Loki /ready"; exit 1; }
retry 120 ready "$TEMPO/ready" || { fail "Tempo /ready"; exit 1; }
retry 120 ready "$GRAFANA/api/health" || { fail "Grafana /api/health"; exit 1; }

echo "== 1. Grafana datasources"
for uid in prometheus loki tempo; do
  health=$(curl -fsS -u "$GRAFANA_AUTH" "$GRAFANA/api/datasources/uid/$uid/health" || echo '{}')
  if [ "$(jq -r '.status // empty' <<<"$health")" = OK ]; then
    pass "datasource $uid: $(jq -r '.message' <<<"$health")"
  else
    fail "datasource $uid health: $health"
  fi
done

echo "== firing a short scenario through the simulator API"
scenario=$(cat <<'JSON'
{
  "inline": {
    "name": "smoke-payments-errors",
    "description": "Smoke test: 20 req/s through the gateway; payments answers 503 for half of its charges.",
    "targets": {"gateway": "http://gateway:8080", "payments": "http://payments:8082"},
    "phases": [
      {"name": "baseline", "duration": "30s", "shape": {"type": "constant", "rate": 20}},
      {"name": "incident", "duration": "60s", "shape": {"type": "constant", "rate": 20}}
    ],
    "requests": [
      {"name": "browse", "weight": 7, "target": "gateway", "method": "GET", "path": "/api/products"},
      {"name": "checkout", "weight": 3, "target": "gateway", "method": "POST", "path": "/api/orders",
       "headers": {"Content-Type": "application/json"},
       "body": {"customerId": "c-1", "items": [{"sku": "SKU-001", "quantity": 1}]}}
    ],
    "chaos": [
      {"at": "30s", "target": "payments", "duration": "60s", "fault": {"type": "error", "status": 503, "probability": 0.5}}
    ]
  }
}
JSON
)
run=$(curl -fsS -X POST -H "Authorization: Bearer $API_TOKEN" -H 'Content-Type: application/json' \
  --data "$scenario" "$SIMULATOR/runs") || { fail "POST /runs was refused"; exit 1; }
run_id=$(jq -r '.runId' <<<"$run")
echo "run $run_id started"
run_done() {
  local state
  state=$(curl -fsS "$SIMULATOR/runs/$run_id" | jq -r '.state // empty')
  [ -n "$state" ] && [ "$state" != running ]
}
if retry 240 run_done; then
  pass "run $run_id ended: $(curl -fsS "$SIMULATOR/runs/$run_id" | jq -c '{state, totals}')"
else
  fail "run $run_id still running after 240 s"
fi
now=$(date +%s)
start=$((now - 900))

echo "== 2. exemplar with a trace id in Prometheus"
trace_id=
find_exemplar() {
  trace_id=$(curl -fsS -G "$PROMETHEUS/api/v1/query_exemplars" \
      --data-urlencode 'query=vertx_http_server_response_time_seconds_bucket{service="gateway"}' \
      --data-urlencode "start=$start" --data-urlencode "end=$(date +%s)" |
    jq -r '[.data[]?.exemplars[]?.labels.trace_id // empty] | last // empty')
  [ -n "$trace_id" ]
}
if retry 60 find_exemplar; then
  pass "exemplar on vertx_http_server_response_time_seconds_bucket{service=\"gateway\"}: trace_id $trace_id"
else
  fail "no exemplar with a trace_id on the gateway's latency histogram (is /metrics scraped as OpenMetrics?)"
fi

if [ -n "$trace_id" ]; then
  echo "== 3. that trace in Tempo"
  trace_in_tempo() {
    curl -fsS "$TEMPO/api/traces/$trace_id" | jq -e '(.batches // .resourceSpans // .trace.resourceSpans // []) | length > 0' >/dev/null
  }
  if retry 90 trace_in_tempo; then
    services=$(curl -fsS "$TEMPO/api/traces/$trace_id" |
      jq -r '[(.batches // .resourceSpans // .trace.resourceSpans)[].resource.attributes[]? | select(.key == "service.name") | .value.stringValue] | unique | join(", ")')
    pass "Tempo has trace $trace_id (services: $services)"
  else
    fail "Tempo does not return trace $trace_id"
  fi

  echo "== 4. log lines of that trace in Loki"
  lines=0
  logs_in_loki() {
    lines=$(curl -fsS -G "$LOKI/loki/api/v1/query_range" \
        --data-urlencode "query={service_name=~\".+\"} | trace_id=\"$trace_id\"" \
        --data-urlencode "start=${start}000000000" --data-urlencode "end=$(date +%s)000000000" \
        --data-urlencode 'limit=100' |
      jq '[.data.result[]?.values[]?] | length')
    [ "${lines:-0}" -gt 0 ]
  }
  if retry 60 logs_in_loki; then
    pass "Loki has $lines log line(s) with trace_id $trace_id"
  else
    fail "Loki has no log line with trace_id $trace_id (Alloy running? structured metadata allowed?)"
  fi
fi

echo "== 5. Tempo service-graph metrics in Prometheus"
edges=
service_graph() {
  edges=$(curl -fsS -G "$PROMETHEUS/api/v1/query" --data-urlencode 'query=sum by (client, server) (traces_service_graph_request_total)' |
    jq -r '[.data.result[]? | "\(.metric.client)->\(.metric.server)"] | join(" ")')
  [[ " $edges " == *" gateway->orders "* ]]
}
if retry 120 service_graph; then
  pass "traces_service_graph_request_total has the edges: $edges"
else
  fail "no gateway->orders edge in traces_service_graph_request_total (edges: ${edges:-none})"
fi

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
