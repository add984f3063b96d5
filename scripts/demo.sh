#!/usr/bin/env bash
# The one command to see chaoslab work: builds it when needed, then runs `chaoslab demo` — the four target
# services in this process, the `demo` scenario from scenarios.yaml against them, a local Prometheus for the
# alert verdicts when the `prometheus` binary is installed — and prints where the report is.
# Extra arguments go to `demo` (e.g. --no-local-prometheus, --scenario baseline, --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=app/target/chaoslab.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src scenarios.yaml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "Building chaoslab (mvn -B -q -DskipTests package)..."
  mvn -B -q -DskipTests package
fi
exec java -jar "$jar" demo "$@"
