#!/usr/bin/env bash
# Copies the files that the Kubernetes stack shares with compose into the kustomization roots (kustomize reads
# files only below a kustomization's own folder). The deploy module's tests fail when a copy differs from its
# original and name this script; run it after changing any of the originals.
set -euo pipefail
cd "$(dirname "$0")/../.."
files=deploy/kubernetes/base/files
cp docker/prometheus/rules/chaoslab-slo.rules.yml docker/prometheus/rules/chaoslab-symptoms.rules.yml "$files/"
cp docker/alertmanager/alertmanager.yml docker/loki/loki.yml docker/tempo/tempo.yml "$files/"
cp docker/grafana/provisioning/datasources/datasources.yml docker/grafana/provisioning/dashboards/dashboards.yml "$files/"
cp dashboards/*.json "$files/"
cp scenarios.yaml deploy/kubernetes/overlays/run/files/scenarios.yaml
