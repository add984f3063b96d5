#!/usr/bin/env bash
# Checks of the observability stack that need no Docker engine (run by scripts/test.sh, so by CI):
#   - promtool check config / check rules on the real files, promtool test rules (unit tests of every alert)
#   - amtool check-config docker/alertmanager/alertmanager.yml and its routing cases
#     (docker/alertmanager/routes.test, each run through `amtool config routes test --verify.receivers`)
#   - every Alertmanager webhook posts to http://simulator:9094/alertmanager/<its receiver>, where the compose
#     simulator runs `serve --alertmanager-receiver 0.0.0.0:9094`
#   - docker/docker-compose.yml validated by docker-compose (no engine needed for `config`); compose.yaml
#     too where a Compose v2 >= 2.20 is installed (Debian's docker-compose 1.29 predates `include`)
#   - the stack's own rules (docker/checks/stack_lint.py): compose.yaml includes the stack; every service
#     has CPU/memory limits and rotated json-file logs, as docs/docker-stack.md lists them; every port on
#     127.0.0.1 and OTLP 4317/4318 published; Loki and Tempo healthchecks by `-health` on their ports;
#     one retention for Loki and Tempo
#   - dashboards/*.json up to date with dashboards/generate.py
#   - Grafana provisioning: YAML parses, only keys the pinned Grafana reads, correlations point at
#     provisioned datasources; dashboards parse and name datasources only through datasource variables
#   - every PromQL expression of the dashboards and datasources accepted by a real Prometheus (Debian's,
#     started on a free loopback port with an empty configuration, stopped at the end)
#   - the other config files parse as YAML; the shell scripts pass bash -n (and shellcheck when installed)
# What needs the pinned images (Prometheus 3.16's promtool, alloy validate/fmt, loki -verify-config,
# promtail -check-syntax, tempo -config.verify) runs in docker/smoke.sh on a machine with Docker.
# Prints PASS/FAIL per check and a closing "stack: N passed, M failed" line; exits 1 on any failure.
# shellcheck disable=SC2016  # the bash -c snippets below expand their own variables
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

passed=0
failed=0
failed_names=()
work=$(mktemp -d)
prom_pid=

cleanup() {
  if [ -n "$prom_pid" ]; then
    kill "$prom_pid" 2>/dev/null
    wait "$prom_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# check NAME COMMAND...: runs the command, prints PASS or FAIL with its output indented.
check() {
  local name=$1
  shift
  local out
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    echo "PASS  $name"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "FAIL  $name"
    printf '%s\n' "$out" | sed 's/^/      /'
  fi
}

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "FAIL  $1 is not installed: run scripts/install-deps.sh (Debian packages: $2)"
    failed=$((failed + 1))
    failed_names+=("$1 installed")
    return 1
  }
}

# python3 with PyYAML: Debian's docker-compose depends on python3-yaml, so /usr/bin/python3 has it.
python=
for candidate in "${PYTHON:-}" python3 /usr/bin/python3; do
  if [ -n "$candidate" ] && "$candidate" -c 'import yaml' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done

have_promtool=0; need promtool prometheus && have_promtool=1
have_prometheus=0; need prometheus prometheus && have_prometheus=1
have_compose=0; need docker-compose docker-compose && have_compose=1
have_amtool=0; need amtool prometheus-alertmanager && have_amtool=1
if [ -z "$python" ]; then
  echo "FAIL  python3 with PyYAML not found: install python3-yaml (Debian) or set PYTHON"
  failed=$((failed + 1))
  failed_names+=("python3-yaml installed")
fi

if [ $have_promtool = 1 ]; then
  check "promtool check config docker/prometheus/prometheus.yml" \
    promtool check config docker/prometheus/prometheus.yml
  check "promtool check rules docker/prometheus/rules" \
    promtool check rules docker/prometheus/rules/*.rules.yml
  check "promtool test rules docker/prometheus/tests (fires, quiet and edge case of every alert)" \
    bash -c 'cd docker/prometheus/tests && promtool test rules *.test.yml'
  check "every alert of the rule files has unit tests" bash -c '
    missing=0
    for alert in $(sed -n "s/^ *- alert: *//p" docker/prometheus/rules/*.rules.yml | sort -u); do
      grep -q "alertname: $alert\$" docker/prometheus/tests/*.test.yml || { echo "no test for $alert"; missing=1; }
    done
    exit $missing'
fi

if [ $have_amtool = 1 ]; then
  check "amtool check-config docker/alertmanager/alertmanager.yml" \
    amtool check-config docker/alertmanager/alertmanager.yml
  while read -r receiver labels; do
    case $receiver in '#'* | '') continue ;; esac
    # shellcheck disable=SC2086  # the labels are separate arguments
    check "amtool config routes test: $labels -> $receiver" \
      amtool config routes test --config.file=docker/alertmanager/alertmanager.yml --verify.receivers="$receiver" $labels
  done < docker/alertmanager/routes.test
fi
check "every Alertmanager webhook reaches serve's receiver (simulator:9094, --alertmanager-receiver in docker-compose.yml)" bash -c '
  bad=0
  receiver=
  while read -r key value; do
    case $key in
      "-") case $value in name:*) receiver=${value#name: } ;; esac ;;
      "name:") receiver=$value ;;
      "url:")
        [ "$value" = "http://simulator:9094/alertmanager/$receiver" ] \
          || { echo "receiver $receiver: webhook $value is not http://simulator:9094/alertmanager/$receiver"; bad=1; } ;;
    esac
  done < <(sed -n "/^receivers:/,\$p" docker/alertmanager/alertmanager.yml | sed "s/^ *- url:/url:/")
  grep -q "\"--alertmanager-receiver\", \"0.0.0.0:9094\"" docker/docker-compose.yml \
    || { echo "the simulator service does not run serve --alertmanager-receiver 0.0.0.0:9094"; bad=1; }
  exit $bad'

if [ $have_compose = 1 ]; then
  check "docker-compose config -q docker/docker-compose.yml ($(docker-compose version --short 2>/dev/null))" \
    docker-compose -f docker/docker-compose.yml config -q
fi
# compose.yaml uses `include` (Compose >= 2.20.0); validate it when such a Compose is installed.
compose_v2=$(docker compose version --short 2>/dev/null | sed 's/^v//')
if [ -n "$compose_v2" ] && printf '2.20.0\n%s\n' "$compose_v2" | sort -V -C; then
  check "docker compose config -q compose.yaml (Compose $compose_v2, include)" docker compose -f compose.yaml config -q
else
  echo "note  compose.yaml is checked by stack_lint.py only: no Compose v2 >= 2.20 here for \`docker compose config\`"
fi
if [ $have_compose = 1 ]; then
  check "no image without an exact version tag" bash -c '
    bad=$(grep -nE "^\s*image:" docker/docker-compose.yml | grep -vE "image: *[^ ]+:[^ ]*[0-9][^ ]*$" | grep -v ":local$")
    latest=$(grep -nE "image:.*:latest" docker/docker-compose.yml)
    [ -z "$bad$latest" ] || { echo "$bad$latest"; exit 1; }'
fi

if [ -n "$python" ]; then
  check "dashboards/*.json match dashboards/generate.py" bash -c "
    '$python' dashboards/generate.py --out '$work/dashboards' &&
    diff -ru --exclude=generate.py --exclude='*.py' --exclude=__pycache__ dashboards '$work/dashboards'"
  check "Grafana provisioning keys, correlations; dashboards use datasource variables, no UIDs" \
    "$python" docker/checks/grafana_lint.py
  check "compose, Loki, Tempo, Promtail and Prometheus config files parse as YAML" "$python" -c '
import sys, yaml
for p in ["compose.yaml", "docker/loki/loki.yml", "docker/tempo/tempo.yml", "docker/promtail/promtail.yml",
          "docker/prometheus/prometheus.yml", "docker/grafana/provisioning/datasources/datasources.yml",
          "docker/grafana/provisioning/dashboards/dashboards.yml"]:
    yaml.safe_load(open(p))
'
  check "contracts, rules, dashboards and scrape jobs agree (alert names, recording rules, jobs)" \
    "$python" docker/checks/consistency.py
  check "compose.yaml at the root includes docker/docker-compose.yml, same project name" \
    "$python" docker/checks/stack_lint.py include
  check "every service has CPU and memory limits, as docs/docker-stack.md lists them" \
    "$python" docker/checks/stack_lint.py limits
  check "every service logs to json-file rotated by max-size and max-file" \
    "$python" docker/checks/stack_lint.py logging
  check "every port on 127.0.0.1, OTLP 4317/4318 published and received, sampler passed through" \
    "$python" docker/checks/stack_lint.py ports
  check "Loki and Tempo healthchecks by -health on the ports their configs listen on" \
    "$python" docker/checks/stack_lint.py health
  check "Loki and Tempo keep the same retention, and Loki's compactor applies it" \
    "$python" docker/checks/stack_lint.py retention
fi

# PromQL of the dashboards against a real Prometheus parser.
if [ $have_prometheus = 1 ] && [ -n "$python" ]; then
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  printf 'scrape_configs: []\n' > "$work/prometheus.yml"
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$port" --log.level=error >"$work/prometheus.log" 2>&1 &
  prom_pid=$!
  ready=0
  for _ in $(seq 1 60); do
    if "$python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/-/ready', timeout=1)" 2>/dev/null; then
      ready=1
      break
    fi
    kill -0 "$prom_pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ $ready = 1 ]; then
    check "PromQL of dashboards and datasources accepted by Prometheus ($(prometheus --version 2>&1 | head -1 | awk '{print $3}'))" \
      "$python" docker/checks/grafana_lint.py --promql "http://127.0.0.1:$port"
  else
    failed=$((failed + 1))
    failed_names+=("Prometheus for the PromQL check")
    echo "FAIL  could not start Prometheus on 127.0.0.1:$port for the PromQL check:"
    sed 's/^/      /' "$work/prometheus.log"
  fi
fi

check "bash -n docker/smoke.sh docker/check.sh" bash -c 'bash -n docker/smoke.sh && bash -n docker/check.sh'
if command -v shellcheck >/dev/null 2>&1; then
  check "shellcheck docker/smoke.sh docker/check.sh" shellcheck docker/smoke.sh docker/check.sh
fi

if [ $failed -gt 0 ]; then
  echo "failed: ${failed_names[*]}"
fi
echo "stack: $passed passed, $failed failed"
[ $failed -eq 0 ]
