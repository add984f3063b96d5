#!/usr/bin/env bash
# Runs every test of chaoslab on a fresh machine: installs what the tests need, builds, runs the unit,
# integration and end-to-end tests (real services on loopback, the real Prometheus) and the checks of the
# observability stack's configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -B verify
if [ -x docker/check.sh ]; then docker/check.sh; fi
