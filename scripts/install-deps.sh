#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: Prometheus and promtool (the real ones, for the
# alert-rule tests and the end-to-end tests), Alertmanager and amtool (Debian's prometheus-alertmanager 0.25: the
# routing tree checks and the delivery end-to-end test; its binary is /usr/bin/prometheus-alertmanager), nginx-light
# (the foreign service behind chaoslab proxy in its end-to-end test and benchmark), docker-compose (only to validate
# the compose file; no engine is needed for that) and kubectl (Debian's kubernetes-client: the deploy module's tests
# render deploy/kubernetes with `kubectl kustomize`; no cluster is needed), and Debian's chromium with Node.js and npm
# for the live page's browser test, whose one npm package (playwright-core, pinned by
# app/src/test/browser/package-lock.json) drives that chromium; no browser is downloaded. Skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's packages start Prometheus and Alertmanager services where systemd runs; the tests start their own on free ports.
command -v prometheus >/dev/null && prometheus --version 2>&1 | head -1
command -v prometheus-alertmanager >/dev/null && prometheus-alertmanager --version 2>&1 | head -1
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "the browser test's playwright-core needs Node.js 20 or later; this is $(node --version)" >&2
  exit 1
fi
# The browser test's npm package, exactly as locked; playwright-core never downloads a browser itself.
lock=app/src/test/browser/package-lock.json
if [ ! -d app/src/test/browser/node_modules/playwright-core ] \
    || [ "$lock" -nt app/src/test/browser/node_modules/.package-lock.json ]; then
  (cd app/src/test/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
/usr/bin/chromium --version 2>/dev/null | head -1
