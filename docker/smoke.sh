#!/usr/bin/env bash
# Smoke test of the observability stack, for machines with Docker (Compose v2), curl and jq:
#   docker/smoke.sh            # from the repository root; KEEP=1 leaves the stack running afterwards
# First, what only the pinned images can validate (docker/check.sh does the rest without Docker):
#   0. promtool check config / check rules / test rules of Prometheus v3.16.0 (range selectors changed in
#      3.x, and check.sh runs Debian's 2.42); alloy validate and alloy fmt --test; loki -verify-config;
#      promtail -check-syntax; tempo -config.verify (Tempo refuses unknown keys at start-up).
# Then brings the stack up (building our images) from compose.yaml at the root (Compose >= 2.20; older v2:
# docker/docker-compose.yml), checks the limits and log rotation Docker applied, fires a short scenario
# through the simulator API (a payments error burst), and proves each correlation path over HTTP:
#   1. Grafana's Prometheus, Loki and Tempo datasources answer their health checks;
#   2. Prometheus holds an exemplar with a trace_id on the gateway's latency histogram;
#   3. Tempo returns that trace;
#   4. Loki holds log lines carrying that trace_id (structured metadata set by Alloy);
#   5. Tempo's metrics generator wrote service-graph metrics into Prometheus (gateway -> orders);
#   6. every dashboard PromQL expression is accepted by the stack's Prometheus 3.16 (needs python3-yaml);
#   7. cAdvisor reports the compose containers (a warning, not a failure: Docker Desktop and OrbStack with
#      the containerd image store hide containerd's socket from it; docs/docker-stack.md).
# Tears the stack down on exit (volumes included) unless KEEP=1. Every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
GRAFANA=http://127.0.0.1:${GRAFANA_PORT:-13000}
GRAFANA_AUTH=${GRAFANA_ADMIN_USER:-admin}:${GRAFANA_ADMIN_PASSWORD:-admin}
PROMETHEUS=http://127.0.0.1:9090
LOKI=http://127.0.0.1:3100
TEMPO=http://127.0.0.1:3200
SIMULATOR=http://127.0.0.1:8090
API_TOKEN=${CHAOSLAB_API_TOKEN:-chaoslab-api-token}

passed=0
failed=0
warnings=0

for tool in docker curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "smoke.sh needs $tool on the PATH" >&2; exit 2; }
done
docker compose version >/dev/null 2>&1 || { echo "smoke.sh needs Docker Compose v2 (docker compose)" >&2; exit 2; }

# compose.yaml needs `include` (Compose 2.20.0); older v2 releases start the stack from its own file
compose_version=$(docker compose version --short 2>/dev/null | sed 's/^v//')
if printf '2.20.0\n%s\n' "$compose_version" | sort -V -C; then
  COMPOSE=(docker compose)
else
  echo "Docker Compose $compose_version has no include: using docker/docker-compose.yml directly"
  COMPOSE=(docker compose -f docker/docker-compose.yml)
fi
# the pinned image of a compose service, as docker/docker-compose.yml names it
image_of() { sed -n "/^  $1:\$/,/^  [a-z]/s/^    image: *//p" docker/docker-compose.yml | head -1; }

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
warn() { warnings=$((warnings + 1)); echo "WARN  $*"; }

# validate NAME COMMAND...: a validator run in a pinned image; its output is shown when it fails.
validate() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    pass "$name"
  else
    fail "$name"
    printf '%s\n' "$out" | sed 's/^/      /'
  fi
}

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

echo "== 0. validators of the pinned images"
validate "docker compose config (${COMPOSE[*]})" "${COMPOSE[@]}" config -q
prometheus_image=$(image_of prometheus)
loki_image=$(image_of loki)
tempo_image=$(image_of tempo)
alloy_image=$(image_of alloy)
promtail_image=$(image_of promtail)
prom_tests=$(cd docker/prometheus/tests && ls -- *.test.yml)
run_pinned() { docker run --rm --network none "$@"; }
validate "promtool check config ($prometheus_image)" run_pinned --entrypoint /bin/promtool \
  -v "$PWD/docker/prometheus:/etc/prometheus:ro" "$prometheus_image" check config /etc/prometheus/prometheus.yml
validate "promtool check rules ($prometheus_image)" run_pinned --entrypoint /bin/sh \
  -v "$PWD/docker/prometheus:/etc/prometheus:ro" "$prometheus_image" -c 'promtool check rules /etc/prometheus/rules/*.rules.yml'
# shellcheck disable=SC2086  # one argument per test file
validate "promtool test rules ($prometheus_image)" run_pinned --entrypoint /bin/promtool -w /etc/prometheus/tests \
  -v "$PWD/docker/prometheus:/etc/prometheus:ro" "$prometheus_image" test rules $prom_tests
validate "alloy validate ($alloy_image)" run_pinned -v "$PWD/docker/alloy:/etc/alloy:ro" "$alloy_image" \
  validate /etc/alloy/config.alloy
validate "alloy fmt --test ($alloy_image)" run_pinned -v "$PWD/docker/alloy:/etc/alloy:ro" "$alloy_image" \
  fmt --test /etc/alloy/config.alloy
validate "loki -verify-config ($loki_image)" run_pinned -v "$PWD/docker/loki:/etc/loki:ro" "$loki_image" \
  -config.file=/etc/loki/loki.yml -verify-config
validate "promtail -check-syntax ($promtail_image)" run_pinned -v "$PWD/docker/promtail:/etc/promtail:ro" \
  "$promtail_image" -config.file=/etc/promtail/promtail.yml -check-syntax
validate "tempo -config.verify ($tempo_image)" run_pinned -v "$PWD/docker/tempo:/etc/tempo:ro" "$tempo_image" \
  -target=all -config.file=/etc/tempo/tempo.yml -config.verify
if [ "$failed" -gt 0 ]; then
  echo "smoke: $passed passed, $failed failed (a pinned image refuses a config file: fix it before starting the stack)"
  exit 1
fi

echo "== starting the stack (first build takes a few minutes)"
"${COMPOSE[@]}" up -d --build --wait --wait-timeout 600

echo "== limits and log rotation as Docker applied them"
for id in $("${COMPOSE[@]}" ps -q); do
  read -r name memory nano_cpus driver max_size max_file < <(docker inspect -f \
    '{{.Name}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config "max-size"}} {{index .HostConfig.LogConfig.Config "max-file"}}' "$id")
  if [ "$memory" -gt 0 ] && [ "$nano_cpus" -gt 0 ] && [ "$driver" = json-file ] && [ -n "$max_size" ] && [ -n "$max_file" ]; then
    pass "${name#/}: memory $((memory / 1048576)) MB, $(awk "BEGIN { print $nano_cpus / 1e9 }") CPU, json-file $max_size x $max_file"
  else
    fail "${name#/}: memory=$memory nano_cpus=$nano_cpus log=$driver max-size=$max_size max-file=$max_file"
  fi
done
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

echo "== 6. dashboard PromQL on the stack's Prometheus"
python=
for candidate in "${PYTHON:-}" python3; do
  if [ -n "$candidate" ] && "$candidate" -c 'import yaml' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done
if [ -n "$python" ]; then
  validate "PromQL of dashboards and datasources accepted by $prometheus_image" \
    "$python" docker/checks/grafana_lint.py --promql "$PROMETHEUS"
else
  warn "python3 with PyYAML not found: dashboard PromQL not checked against Prometheus 3 (set PYTHON)"
fi

echo "== 7. cAdvisor sees the compose containers"
containers=$(curl -fsS -G "$PROMETHEUS/api/v1/query" --data-urlencode \
    'query=count(count by (container_label_com_docker_compose_service) (container_memory_working_set_bytes{container_label_com_docker_compose_service!=""})) or vector(0)' |
  jq -r '.data.result[0].value[1] // "0"')
if [ "${containers:-0}" -gt 0 ]; then
  pass "cAdvisor reports $containers compose containers"
else
  store=$(docker info --format '{{range .DriverStatus}}{{index . 0}}={{index . 1}} {{end}}' 2>/dev/null || true)
  warn "cAdvisor reports no compose container (Docker storage: ${store:-unknown}); with the containerd image store" \
    "cAdvisor needs containerd's socket, which Docker Desktop and OrbStack do not expose: the Containers dashboard" \
    "stays empty. See docs/docker-stack.md#the-containers-dashboard-is-empty-docker-desktop-orbstack"
fi

echo "smoke: $passed passed, $failed failed, $warnings warning(s)"
[ "$failed" -eq 0 ]
