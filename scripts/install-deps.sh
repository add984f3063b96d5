#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: Prometheus and promtool (the real ones, for the
# alert-rule tests and the end-to-end tests), Alertmanager and amtool (Debian's prometheus-alertmanager 0.25: the
# routing tree checks and the delivery end-to-end test; its binary is /usr/bin/prometheus-alertmanager), nginx-light
# (the foreign service behind chaoslab proxy in its end-to-end test and benchmark), docker-compose (only to validate
# the compose file; no engine is needed for that) and kubectl (Debian's kubernetes-client: the deploy module's tests
# render deploy/kubernetes with `kubectl kustomize`; no cluster is needed). Skips what is already there.
set -euo pipefail
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's packages start Prometheus and Alertmanager services where systemd runs; the tests start their own on free ports.
command -v prometheus >/dev/null && prometheus --version 2>&1 | head -1
command -v prometheus-alertmanager >/dev/null && prometheus-alertmanager --version 2>&1 | head -1
