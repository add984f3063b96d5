#!/usr/bin/env python3
"""Checks the keys of docker/tempo/tempo.yml and docker/loki/loki.yml against the configuration references
of the pinned versions, without their binaries (both refuse unknown keys at start-up):

  Tempo 3.0.3: docs/sources/tempo/configuration/_index.md and configuration/manifest.md
  Loki 3.7:    docs/sources/shared/configuration.md

Only the parts of the trees this stack uses are listed; a key outside them fails with the list of keys
that are documented at that place, so an edit that needs a new key adds it here after reading the docs.
Tempo 3 also refuses the 2.x monolithic blocks (ingester, ingester_client, compactor,
metrics_generator_client); they are not in the tree, so they fail too. Run by docker/check.sh.
"""

import os
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ANY = "*"  # a map with free keys (labels), or a value not checked further

RECEIVER_PROTOCOL = {"endpoint": None, "tls": ANY, "max_recv_msg_size_mib": None, "cors": ANY,
                     "include_metadata": None}
TEMPO = {
  "stream_over_http_enabled": None, "multitenancy_enabled": None, "http_api_prefix": None,
  "server": {"http_listen_address": None, "http_listen_port": None, "grpc_listen_address": None,
             "grpc_listen_port": None, "log_level": None, "log_format": None},
  "distributor": {"receivers": {"otlp": {"protocols": {"grpc": RECEIVER_PROTOCOL, "http": RECEIVER_PROTOCOL}},
                                "jaeger": ANY, "zipkin": ANY},
                  "log_received_spans": ANY, "log_discarded_spans": ANY},
  "metrics_generator": {
    "ring": ANY,
    "processor": {
      "service_graphs": {"wait": None, "max_items": None, "workers": None, "histogram_buckets": None,
                         "dimensions": None, "enable_client_server_prefix": None,
                         "enable_messaging_system_latency_histogram": None, "peer_attributes": None,
                         "span_multiplier_key": None, "enable_virtual_node_label": None,
                         "database_name_attributes": None, "filter_policies": ANY},
      "span_metrics": {"histogram_buckets": None, "intrinsic_dimensions": ANY, "dimensions": None,
                       "dimension_mappings": ANY, "enable_target_info": None, "span_multiplier_key": None,
                       "filter_policies": ANY, "target_info_excluded_dimensions": None,
                       "enable_instance_label": None},
      "host_info": ANY,
    },
    "registry": {"collection_interval": None, "stale_duration": None, "external_labels": ANY,
                 "inject_tenant_id_as": None, "max_label_name_length": None, "max_label_value_length": None},
    "storage": {"path": None, "wal": ANY, "remote_write_flush_deadline": None,
                "remote_write_add_org_id_header": None,
                "remote_write": {"url": None, "send_exemplars": None, "headers": ANY, "http_headers": ANY,
                                 "remote_timeout": None, "name": None, "queue_config": ANY,
                                 "send_native_histograms": None}},
    "limiter_type": None, "metrics_ingestion_time_range_slack": None,
  },
  "storage": {"trace": {"backend": None, "wal": {"path": None, "ingestion_time_range_slack": None},
                        "local": {"path": None}, "block": ANY, "pool": ANY, "search": ANY}},
  "overrides": {"defaults": {"metrics_generator": {"processors": None, "max_active_series": None,
                                                   "collection_interval": None, "generate_native_histograms": None},
                             "ingestion": ANY, "read": ANY, "global": ANY, "storage": ANY, "compaction": ANY,
                             "forwarders": ANY, "cost_attribution": ANY},
                "per_tenant_override_config": None, "enable_legacy_overrides": None},
  "usage_report": {"reporting_enabled": None},
  "query_frontend": ANY, "querier": ANY, "memberlist": ANY, "live_store": ANY, "block_builder": ANY,
  "backend_scheduler": ANY, "backend_worker": ANY, "cache": ANY, "ingest": ANY, "target": None, "memory": ANY,
  "internal_server": ANY, "live_store_client": ANY, "backend_scheduler_client": ANY,
}

LOKI = {
  "auth_enabled": None, "target": None,
  "server": {"http_listen_address": None, "http_listen_port": None, "grpc_listen_address": None,
             "grpc_listen_port": None, "log_level": None, "log_format": None,
             "grpc_server_max_concurrent_streams": None},
  "common": {"instance_addr": None, "path_prefix": None, "replication_factor": None,
             "storage": {"filesystem": {"chunks_directory": None, "rules_directory": None}},
             "ring": {"kvstore": {"store": None, "prefix": None}, "instance_addr": None}},
  "schema_config": {"configs": {"from": None, "store": None, "object_store": None, "schema": None,
                                "index": {"prefix": None, "period": None}}},
  "limits_config": {"allow_structured_metadata": None, "volume_enabled": None, "retention_period": None,
                    "discover_service_name": None, "discover_log_levels": None, "metric_aggregation_enabled": None,
                    "max_query_lookback": None, "reject_old_samples": None, "reject_old_samples_max_age": None},
  "compactor": {"working_directory": None, "retention_enabled": None, "delete_request_store": None,
                "compaction_interval": None, "retention_delete_delay": None},
  "query_range": {"results_cache": {"cache": {"embedded_cache": {"enabled": None, "max_size_mb": None}}}},
  "pattern_ingester": {"enabled": None, "metric_aggregation": ANY},
  "ruler": ANY, "frontend": ANY, "ingester": ANY, "storage_config": ANY,
  "analytics": {"reporting_enabled": None},
}


def check(path, value, spec, where, problems):
  if spec is ANY or spec is None:
    return
  if isinstance(value, list):
    for i, item in enumerate(value):
      check(f"{path}[{i}]", item, spec, where, problems)
    return
  if not isinstance(value, dict):
    problems.append(f"{where}: {path or 'the file'} must be a mapping")
    return
  for key, sub in value.items():
    if key not in spec:
      problems.append(f"{where}: {path + '.' if path else ''}{key} is not a documented key here "
                      f"(documented: {', '.join(sorted(spec))})")
    else:
      check(f"{path}.{key}" if path else key, sub, spec[key], where, problems)


def main():
  problems = []
  for rel, spec in (("docker/tempo/tempo.yml", TEMPO), ("docker/loki/loki.yml", LOKI)):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
      check("", yaml.safe_load(f), spec, rel, problems)
  for p in problems:
    print(p)
  print(f"checked the keys of docker/tempo/tempo.yml and docker/loki/loki.yml: {len(problems)} problem(s)")
  sys.exit(1 if problems else 0)


if __name__ == "__main__":
  main()
