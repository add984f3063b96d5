#!/usr/bin/env python3
"""Checks Grafana's provisioning files and the dashboards of chaoslab without a Grafana.

  grafana_lint.py                     provisioning YAML parses and uses only keys the pinned Grafana reads;
                                      every dashboard parses, is well formed and names its datasources only
                                      through datasource variables ($datasource, $loki_datasource, …) of
                                      the right type, never by UID (so that it imports into any Grafana);
                                      the same for the datasources of its links to Explore
  grafana_lint.py --promql URL        also sends every PromQL expression of the dashboards and of the
                                      datasources' trace-to-metrics queries to the Prometheus at URL
                                      (/api/v1/query) and fails on any that it does not accept

Run by docker/check.sh from the repository root. Prints one line per problem and exits 1 if there is any.
"""

import argparse
import glob
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATASOURCES = os.path.join(ROOT, "docker/grafana/provisioning/datasources/datasources.yml")
PROVIDERS = os.path.join(ROOT, "docker/grafana/provisioning/dashboards/dashboards.yml")
DASHBOARDS = os.path.join(ROOT, "dashboards")

# Keys Grafana 13 reads in provisioning files, from its documentation: administration/provisioning
# ("Data sources", "Dashboards"), datasources/prometheus/configure (exemplars), datasources/loki/configure
# (derived fields), datasources/alertmanager (provisioning example), datasources/tempo/configure-tempo-data-source/provision-data-source.md and
# configure-trace-to-logs.md. Grafana has no offline validator for these files and ignores keys it does not
# know, so this list is the only check that catches a misspelt key before a stack runs. `None` means a scalar; a dict describes an object; a one-element list
# describes a list of such items. Keys Grafana no longer reads (tracesToLogs v1, lokiSearch) are absent on
# purpose, so using them fails the check.
TAG = {"key": None, "value": None}
JSON_DATA = {
  "prometheus": {
    "httpMethod": None, "prometheusType": None, "prometheusVersion": None, "timeInterval": None,
    "queryTimeout": None, "manageAlerts": None, "cacheLevel": None, "incrementalQuerying": None,
    "incrementalQueryOverlapWindow": None, "disableRecordingRules": None, "customQueryParameters": None,
    "defaultEditor": None, "disableMetricsLookup": None,
    "exemplarTraceIdDestinations": [{"name": None, "datasourceUid": None, "url": None, "urlDisplayLabel": None}],
  },
  "alertmanager": {"implementation": None, "handleGrafanaManagedAlerts": None},
  "loki": {
    "maxLines": None, "timeout": None, "manageAlerts": None,
    "derivedFields": [{"name": None, "matcherType": None, "matcherRegex": None, "datasourceUid": None,
                       "url": None, "urlDisplayLabel": None, "targetBlank": None}],
  },
  "tempo": {
    "tracesToLogsV2": {"datasourceUid": None, "spanStartTimeShift": None, "spanEndTimeShift": None,
                       "tags": [TAG], "filterByTraceID": None, "filterBySpanID": None, "customQuery": None,
                       "query": None},
    "tracesToMetrics": {"datasourceUid": None, "spanStartTimeShift": None, "spanEndTimeShift": None,
                        "tags": [TAG], "queries": [{"name": None, "query": None}]},
    "tracesToProfiles": {"datasourceUid": None, "tags": [TAG], "profileTypeId": None, "customQuery": None,
                         "query": None},
    "serviceMap": {"datasourceUid": None},
    "nodeGraph": {"enabled": None},
    "search": {"hide": None},
    "traceQuery": {"timeShiftEnabled": None, "spanStartTimeShift": None, "spanEndTimeShift": None},
    "spanBar": {"type": None, "tag": None},
    "streamingEnabled": {"search": None, "metrics": None},
  },
}
DATASOURCE = {
  "name": None, "type": None, "uid": None, "access": None, "orgId": None, "url": None, "user": None,
  "database": None, "basicAuth": None, "basicAuthUser": None, "withCredentials": None, "isDefault": None,
  "jsonData": None, "secureJsonData": None, "version": None, "editable": None, "apiVersion": None,
}
DATASOURCES_FILE = {"apiVersion": None, "datasources": [DATASOURCE], "deleteDatasources": [{"name": None, "orgId": None}],
                    "prune": None}
PROVIDERS_FILE = {"apiVersion": None, "providers": [{
  "name": None, "orgId": None, "folder": None, "folderUid": None, "type": None, "disableDeletion": None,
  "updateIntervalSeconds": None, "allowUiUpdates": None,
  "options": {"path": None, "foldersFromFilesStructure": None}}]}

problems = []


def problem(where, what):
  problems.append(f"{os.path.relpath(where, ROOT) if os.path.isabs(where) else where}: {what}")


def check_keys(where, path, value, spec):
  if spec is None or value is None:
    return
  if isinstance(spec, list):
    if not isinstance(value, list):
      problem(where, f"{path} must be a list")
      return
    for i, item in enumerate(value):
      check_keys(where, f"{path}[{i}]", item, spec[0])
    return
  if not isinstance(value, dict):
    problem(where, f"{path} must be a mapping")
    return
  for key, sub in value.items():
    if key not in spec:
      problem(where, f"{path}.{key} is not a key that Grafana reads here (allowed: {', '.join(sorted(spec))})")
    else:
      check_keys(where, f"{path}.{key}", sub, spec[key])


def load_yaml(path):
  try:
    with open(path, encoding="utf-8") as f:
      return yaml.safe_load(f)
  except (OSError, yaml.YAMLError) as e:
    problem(path, f"does not parse: {e}")
    return None


def provisioned_datasources():
  doc = load_yaml(DATASOURCES)
  if not isinstance(doc, dict):
    return {}
  check_keys(DATASOURCES, "", doc, DATASOURCES_FILE)
  uids = {}
  for i, ds in enumerate(doc.get("datasources") or []):
    kind, uid = ds.get("type"), ds.get("uid")
    if not uid:
      problem(DATASOURCES, f"datasources[{i}] has no fixed uid (dashboards and correlations need one)")
      continue
    if uid in uids:
      problem(DATASOURCES, f"uid {uid} is used twice")
    uids[uid] = kind
    if kind not in JSON_DATA:
      problem(DATASOURCES, f"datasources[{i}].type {kind} has no key list in this check; add one from Grafana's docs")
      continue
    check_keys(DATASOURCES, f"datasources[{i}].jsonData", ds.get("jsonData") or {}, JSON_DATA[kind])
  # every correlation must point at a provisioned datasource
  for i, ds in enumerate(doc.get("datasources") or []):
    for ref in find_key(ds.get("jsonData") or {}, "datasourceUid"):
      if ref not in uids:
        problem(DATASOURCES, f"datasources[{i}] links to datasourceUid {ref}, which is not provisioned")
  return uids


def find_key(value, key):
  if isinstance(value, dict):
    for k, v in value.items():
      if k == key and isinstance(v, str):
        yield v
      else:
        yield from find_key(v, key)
  elif isinstance(value, list):
    for v in value:
      yield from find_key(v, key)


def check_providers():
  doc = load_yaml(PROVIDERS)
  if isinstance(doc, dict):
    check_keys(PROVIDERS, "", doc, PROVIDERS_FILE)


def datasource_uid(ds):
  if isinstance(ds, dict):
    return ds.get("uid")
  return ds  # a plain string (name or uid) in old dashboards


VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def explore_panes(url):
  """The pane JSON of a Grafana Explore link (/explore?...&panes=...), or None for other links."""
  parsed = urllib.parse.urlsplit(url)
  if not parsed.path.endswith("/explore"):
    return None
  panes = urllib.parse.parse_qs(parsed.query).get("panes")
  if not panes:
    return None
  return json.loads(panes[0])


def check_dashboards(uids):
  """Returns the PromQL expressions found, as (file, where, expr)."""
  exprs, seen_uids = [], {}
  files = sorted(glob.glob(os.path.join(DASHBOARDS, "*.json")))
  if not files:
    problem(DASHBOARDS, "no dashboards found")
  for path in files:
    try:
      with open(path, encoding="utf-8") as f:
        dash = json.load(f)
    except (OSError, ValueError) as e:
      problem(path, f"does not parse as JSON: {e}")
      continue
    for key in ("uid", "title", "panels", "schemaVersion"):
      if key not in dash:
        problem(path, f"has no {key}")
    for key in ("id", "version"):
      if key in dash:
        problem(path, f"has a volatile '{key}' field (remove it: provisioning sets it)")
    uid = dash.get("uid")
    if uid in seen_uids:
      problem(path, f"uid {uid} is also used by {seen_uids[uid]}")
    seen_uids[uid] = os.path.basename(path)

    # datasource variables: name -> plugin type (prometheus, loki, tempo)
    ds_vars = {v.get("name"): v.get("query") for v in (dash.get("templating") or {}).get("list") or []
               if v.get("type") == "datasource"}
    for name, plugin in ds_vars.items():
      if plugin not in set(uids.values()):
        problem(path, f"datasource variable ${name} is of type {plugin!r}, which no provisioned datasource has")

    def use(where, ds):
      """The plugin type a datasource reference resolves to; a hard-coded UID is a problem."""
      u = datasource_uid(ds)
      if u is None or u == "-- Grafana --":
        return None
      m = VARIABLE.fullmatch(u)
      if not m:
        problem(path, f"{where} names datasource uid {u!r}: use the datasource variable of its type "
                      f"(one of ${', $'.join(sorted(ds_vars))}) so that the dashboard imports elsewhere")
        return uids.get(u)
      name = m.group(1) or m.group(2)
      if name not in ds_vars:
        problem(path, f"{where} uses ${name}, which is not a datasource variable of this dashboard")
        return None
      declared = ds.get("type") if isinstance(ds, dict) else None
      if declared is not None and declared != ds_vars[name]:
        problem(path, f"{where} says type {declared!r} but ${name} selects a {ds_vars[name]!r} datasource")
      return ds_vars[name]

    ids = set()
    for panel in walk_panels(dash.get("panels") or []):
      where = f"panel {panel.get('id')} '{panel.get('title')}'"
      if panel.get("id") in ids:
        problem(path, f"{where}: duplicate panel id")
      ids.add(panel.get("id"))
      if "gridPos" not in panel:
        problem(path, f"{where}: no gridPos")
      panel_type = use(where, panel.get("datasource"))
      links = list(panel.get("links") or []) + list(((panel.get("fieldConfig") or {}).get("defaults") or {})
                                                     .get("links") or [])
      for link in links:
        try:
          panes = explore_panes(link.get("url") or "")
        except ValueError as e:
          problem(path, f"{where} link '{link.get('title')}': the Explore pane is not JSON ({e})")
          continue
        for pane in (panes or {}).values():
          use(f"{where} link '{link.get('title')}'", pane.get("datasource"))
          for query in pane.get("queries") or []:
            use(f"{where} link '{link.get('title')}' query", query.get("datasource"))
      for target in panel.get("targets") or []:
        t_type = use(f"{where} query {target.get('refId')}", target.get("datasource")) or panel_type
        if t_type == "prometheus":
          if not target.get("expr"):
            problem(path, f"{where} query {target.get('refId')}: empty PromQL")
          else:
            exprs.append((path, f"{where} query {target.get('refId')}", target["expr"]))
    for ann in (dash.get("annotations") or {}).get("list") or []:
      a_type = use(f"annotation '{ann.get('name')}'", ann.get("datasource"))
      if a_type == "prometheus" and ann.get("expr"):
        exprs.append((path, f"annotation '{ann.get('name')}'", ann["expr"]))
    for var in (dash.get("templating") or {}).get("list") or []:
      v_type = use(f"variable ${var.get('name')}", var.get("datasource"))
      if v_type == "prometheus" and var.get("type") == "query":
        query = var.get("query")
        query = query.get("query") if isinstance(query, dict) else query
        inner = variable_promql(query or "")
        if inner is None:
          problem(path, f"variable ${var.get('name')}: query {query!r} is neither label_values(...) nor query_result(...)")
        elif inner:
          exprs.append((path, f"variable ${var.get('name')}", inner))
  return exprs


def walk_panels(panels):
  for panel in panels:
    yield panel
    yield from walk_panels(panel.get("panels") or [])


def variable_promql(query):
  """The PromQL inside a Grafana Prometheus variable query ('' when there is none to check)."""
  m = re.fullmatch(r"\s*label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*", query, re.S)
  if m:
    return m.group(1)
  m = re.fullmatch(r"\s*label_values\(\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*", query)
  if m:
    return ""
  m = re.fullmatch(r"\s*(?:query_result|metrics)\((.*)\)\s*", query, re.S)
  if m:
    return m.group(1)
  return None


def datasource_promql():
  doc = load_yaml(DATASOURCES) or {}
  out = []
  for ds in doc.get("datasources") or []:
    for q in ((ds.get("jsonData") or {}).get("tracesToMetrics") or {}).get("queries") or []:
      # provisioning turns $$ into $; Grafana replaces $__tags with the span's tag matchers
      expr = q.get("query", "").replace("$$", "$").replace("{$__tags,", "{").replace("{$__tags}", "")
      out.append((DATASOURCES, f"{ds.get('name')} tracesToMetrics '{q.get('name')}'", expr))
  return out


GRAFANA_VARS = [(r"\$__rate_interval|\$\{__rate_interval\}", "1m"), (r"\$__interval|\$\{__interval\}", "1m"),
                (r"\$__range|\$\{__range\}", "1h"), (r"\$__auto|\$\{__auto\}", "1m")]


def substitute(expr):
  """Template variables replaced by a valid value, as Grafana would before sending the query."""
  for pattern, value in GRAFANA_VARS:
    expr = re.sub(pattern, value, expr)
  return re.sub(r"\$\{?[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?\}?", "x", expr)


def check_promql(url, exprs):
  for path, where, expr in exprs:
    query = substitute(expr)
    body = urllib.parse.urlencode({"query": query}).encode()
    try:
      with urllib.request.urlopen(url.rstrip("/") + "/api/v1/query", data=body, timeout=10) as resp:
        answer = json.load(resp)
    except urllib.error.HTTPError as e:
      try:
        answer = json.load(e)
      except ValueError:
        answer = {"status": "error", "error": f"HTTP {e.code}"}
    except (urllib.error.URLError, OSError) as e:
      problem(path, f"{where}: Prometheus at {url} did not answer ({e})")
      continue
    if answer.get("status") != "success":
      problem(path, f"{where}: Prometheus rejects {query!r}: {answer.get('errorType')}: {answer.get('error')}")
  return len(exprs)


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--promql", metavar="URL", help="check PromQL against the Prometheus at URL")
  args = parser.parse_args()
  uids = provisioned_datasources()
  check_providers()
  exprs = check_dashboards(uids)
  if args.promql:
    # the lint problems are reported by the run without --promql; here only the PromQL counts
    del problems[:]
    n = check_promql(args.promql, exprs + datasource_promql())
    print(f"checked {n} PromQL expressions against {args.promql}")
  else:
    print(f"checked {len(glob.glob(os.path.join(DASHBOARDS, '*.json')))} dashboards and the provisioning files")
  for p in problems:
    print(p)
  sys.exit(1 if problems else 0)


if __name__ == "__main__":
  main()
