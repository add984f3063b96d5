#!/usr/bin/env python3
"""Writes the Grafana dashboards of chaoslab (dashboards/*.json) from the definitions below.

The JSON files are committed and provisioned by docker/grafana/provisioning/dashboards; docker/check.sh
regenerates them and fails when they differ, so edit this file and run it:

    python3 dashboards/generate.py            # rewrites dashboards/*.json
    python3 dashboards/generate.py --out DIR  # writes them elsewhere (the check does this)

The output is diff-friendly: a fixed key order, two-space indent, panel ids numbered in layout order, and
no volatile fields (no dashboard id, no version, no timestamps). Datasources are never named by UID:
every panel, query, annotation and variable refers to a datasource variable of its type ($datasource for
Prometheus, $loki_datasource, $tempo_datasource), so the dashboards import into any Grafana and pick that
Grafana's datasources (docker/check.sh fails on a hard-coded UID). Only the standard library is used.
"""

import argparse
import json
import os
import urllib.parse

# Grafana datasource template variables (type "datasource": the query is the plugin id), one per type.
DATASOURCE_VARS = (("datasource", "prometheus", "Prometheus"), ("loki_datasource", "loki", "Loki"),
                   ("tempo_datasource", "tempo", "Tempo"))
PROM = {"type": "prometheus", "uid": "${datasource}"}
LOKI = {"type": "loki", "uid": "${loki_datasource}"}
TEMPO = {"type": "tempo", "uid": "${tempo_datasource}"}

# Requests that are part of the service's SLI (the same exclusion as docker/prometheus/rules).
INFRA = 'route!~"/metrics|/health|/ready|/chaos.*"'
SVC = f'service=~"$service", route=~"$route", instance=~"$instance", {INFRA}'
RATE = "$__rate_interval"

SCHEMA_VERSION = 41
LINKS = [{
  "asDropdown": True,
  "icon": "external link",
  "includeVars": False,
  "keepTime": True,
  "tags": ["chaoslab"],
  "targetBlank": False,
  "title": "chaoslab dashboards",
  "type": "dashboards",
}]


# ---------------------------------------------------------------------------------------------- queries

def prom(expr, legend="", ref="A", exemplar=False, instant=False, fmt=None):
  q = {"datasource": PROM, "editorMode": "code", "expr": expr}
  if exemplar:
    q["exemplar"] = True
  if instant:
    q["instant"] = True
    q["range"] = False
  if fmt:
    q["format"] = fmt
  q["legendFormat"] = legend or "__auto"
  q["refId"] = ref
  return q


def refs(*queries):
  """Gives the queries refIds A, B, C… in order."""
  out = []
  for i, q in enumerate(queries):
    q = dict(q)
    q["refId"] = chr(ord("A") + i)
    out.append(q)
  return out


def loki(expr, ref="A"):
  return {"datasource": LOKI, "editorMode": "code", "expr": expr, "queryType": "range", "refId": ref}


def traceql(query, limit=20, ref="A"):
  return {"datasource": TEMPO, "limit": limit, "query": query, "queryType": "traceql", "refId": ref,
          "tableType": "traces"}


# ------------------------------------------------------------------------------------ links to Explore

def explore_link(title, datasource, query):
  """A data link that opens Grafana's Explore on one query. The pane is JSON in the URL, percent-encoded
  except for the ${...} references that Grafana fills in when the link is followed: the datasource
  variable, the series' labels (${__field.labels.service}) and the dashboard's time range."""
  pane = {"ex": {"datasource": datasource["uid"], "queries": [dict(query, datasource=datasource, refId="A")],
                 "range": {"from": "${__from}", "to": "${__to}"}}}
  encoded = urllib.parse.quote(json.dumps(pane, separators=(",", ":")), safe="")
  for ref in ("${datasource}", "${loki_datasource}", "${tempo_datasource}", "${__from}", "${__to}",
              "${__field.labels.service}", "${__field.labels.route}"):
    encoded = encoded.replace(urllib.parse.quote(ref, safe=""), ref)
  return {"targetBlank": False, "title": title, "url": f"/explore?schemaVersion=1&orgId=1&panes={encoded}"}


def trace_links(extra="", route=False):
  """Explore links from a RED series to its traces (TraceQL, optionally narrowed by `extra`) and its logs."""
  svc = '"${__field.labels.service}"'
  where = f"resource.service.name={svc}" + (' && span.http.route="${__field.labels.route}"' if route else "")
  traceql_query = "{" + where + (f" && {extra}" if extra else "") + "}"
  logql = "{service_name=" + svc + "}" + (' | json | route="${__field.labels.route}"' if route else "")
  what = "${__field.labels.service}" + (" ${__field.labels.route}" if route else "")
  return [
    explore_link(f"Traces of {what} in Explore", TEMPO,
                 {"limit": 20, "query": traceql_query, "queryType": "traceql", "tableType": "traces"}),
    explore_link(f"Logs of {what} in Explore", LOKI, {"editorMode": "code", "expr": logql, "queryType": "range"}),
  ]


# ----------------------------------------------------------------------------------------------- panels

def timeseries(title, targets, unit="short", description="", stack=False, thresholds=None, min0=True,
               datasource=PROM, legend_calcs=("mean", "max"), links=(), no_value=None):
  defaults = {
    "custom": {
      "drawStyle": "line",
      "fillOpacity": 10 if not stack else 40,
      "lineWidth": 1,
      "showPoints": "never",
      "spanNulls": False,
      "stacking": {"group": "A", "mode": "normal" if stack else "none"},
    },
    "unit": unit,
  }
  if links:
    defaults["links"] = list(links)
  if no_value:
    defaults["noValue"] = no_value
  if min0:
    defaults["min"] = 0
  if thresholds:
    defaults["custom"]["thresholdsStyle"] = {"mode": "dashed"}
    defaults["thresholds"] = {"mode": "absolute", "steps": [{"color": "green", "value": None}] + [
      {"color": color, "value": value} for value, color in thresholds]}
  return {
    "datasource": datasource,
    "description": description,
    "fieldConfig": {"defaults": defaults, "overrides": []},
    "options": {
      "legend": {"calcs": list(legend_calcs), "displayMode": "table", "placement": "bottom", "showLegend": True},
      "tooltip": {"mode": "multi", "sort": "desc"},
    },
    "targets": targets,
    "title": title,
    "type": "timeseries",
  }


def stat(title, targets, unit="short", description="", thresholds=None, decimals=None, base="green"):
  defaults = {"unit": unit}
  if decimals is not None:
    defaults["decimals"] = decimals
  defaults["thresholds"] = {"mode": "absolute", "steps": [{"color": base, "value": None}] + [
    {"color": color, "value": value} for value, color in (thresholds or [])]}
  return {
    "datasource": PROM,
    "description": description,
    "fieldConfig": {"defaults": defaults, "overrides": []},
    "options": {
      "colorMode": "value",
      "graphMode": "area",
      "justifyMode": "auto",
      "orientation": "auto",
      "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
      "textMode": "auto",
    },
    "targets": targets,
    "title": title,
    "type": "stat",
  }


def table(title, targets, description="", datasource=PROM, exclude=()):
  transformations = [{"id": "organize", "options": {"excludeByName": {name: True for name in exclude}}}] \
    if exclude else []
  return {
    "datasource": datasource,
    "description": description,
    "fieldConfig": {"defaults": {}, "overrides": []},
    "options": {"cellHeight": "sm", "showHeader": True},
    "targets": targets,
    "title": title,
    "transformations": transformations,
    "type": "table",
  }


def state_timeline(title, targets, description=""):
  return {
    "datasource": PROM,
    "description": description,
    "fieldConfig": {"defaults": {"color": {"mode": "thresholds"}, "thresholds": {
      "mode": "absolute", "steps": [{"color": "transparent", "value": None}, {"color": "red", "value": 1}]}},
      "overrides": []},
    "options": {"alignValue": "left", "mergeValues": True, "rowHeight": 0.8, "showValue": "never",
                "legend": {"displayMode": "list", "placement": "bottom", "showLegend": False}},
    "targets": targets,
    "title": title,
    "type": "state-timeline",
  }


def logs(title, targets, description=""):
  return {
    "datasource": LOKI,
    "description": description,
    "options": {"dedupStrategy": "none", "enableLogDetails": True, "prettifyLogMessage": False,
                "showTime": True, "sortOrder": "Descending", "wrapLogMessage": True},
    "targets": targets,
    "title": title,
    "type": "logs",
  }


def text(title, content):
  return {"options": {"content": content, "mode": "markdown"}, "title": title, "type": "text"}


def row(title):
  return {"collapsed": False, "panels": [], "title": title, "type": "row"}


def layout(rows):
  """rows: a list of (height, [panel, …]) or a row panel; panels of a line share the 24 columns."""
  panels, y, pid = [], 0, 1
  for entry in rows:
    if isinstance(entry, dict):
      entry = dict(entry)
      entry["gridPos"] = {"h": 1, "w": 24, "x": 0, "y": y}
      entry["id"] = pid
      panels.append(_ordered(entry))
      y, pid = y + 1, pid + 1
      continue
    height, line = entry
    x, width = 0, 24 // len(line)
    for i, panel in enumerate(line):
      panel = dict(panel)
      w = width if i < len(line) - 1 else 24 - x
      panel["gridPos"] = {"h": height, "w": w, "x": x, "y": y}
      panel["id"] = pid
      panels.append(_ordered(panel))
      x, pid = x + w, pid + 1
    y += height
  return panels


def _ordered(panel):
  first = ["id", "type", "title", "description", "gridPos", "datasource"]
  out = {k: panel[k] for k in first if k in panel}
  for k in sorted(panel):
    if k not in out:
      out[k] = panel[k]
  return out


# -------------------------------------------------------------------------------------------- variables

def query_var(name, label, query, multi=True, include_all=True, all_value=None):
  """A Prometheus query variable. "All" is ".+" for service (Loki refuses a selector that matches the empty
  string) and ".*" for the rest, which may be absent on some series."""
  if all_value is None:
    all_value = ".+" if name == "service" else ".*"
  var = {
    "current": {"selected": True, "text": ["All"], "value": ["$__all"]} if include_all else {},
    "datasource": PROM,
    "definition": query,
    "includeAll": include_all,
    "label": label,
    "multi": multi,
    "name": name,
    "options": [],
    "query": {"qryType": 1, "query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
    "refresh": 2,
    "regex": "",
    "sort": 1,
    "type": "query",
  }
  if include_all:
    var["allValue"] = all_value
  return var


def datasource_var(name, plugin, label):
  """A datasource variable: the user (or an import) picks one datasource of that type; none is preset,
  so Grafana starts on its default datasource of the type."""
  return {
    "current": {},
    "hide": 0,
    "includeAll": False,
    "label": label,
    "multi": False,
    "name": name,
    "options": [],
    "query": plugin,
    "refresh": 1,
    "regex": "",
    "type": "datasource",
  }


def datasource_vars(*parts):
  """The datasource variables that the given dashboard parts refer to, in a fixed order."""
  text = json.dumps(parts)
  return [datasource_var(name, plugin, label) for name, plugin, label in DATASOURCE_VARS
          if "${" + name + "}" in text]


# ------------------------------------------------------------------------------------------ annotations

BUILTIN = {
  "builtIn": 1,
  "datasource": {"type": "grafana", "uid": "-- Grafana --"},
  "enable": True,
  "hide": True,
  "iconColor": "rgba(0, 211, 255, 1)",
  "name": "Annotations & Alerts",
  "type": "dashboard",
}


def prom_annotation(name, expr, title, text_fmt, tags, color):
  return {
    "datasource": PROM,
    "enable": True,
    "expr": expr,
    "iconColor": color,
    "name": name,
    "step": "15s",
    "tagKeys": tags,
    # the query as current Grafana stores it; expr/step above are the legacy fields it still reads
    "target": {"expr": expr, "interval": "15s", "refId": "Anno"},
    "textFormat": text_fmt,
    "titleFormat": title,
    "useValueForTime": False,
  }


PHASES = prom_annotation("Run phases", "max by (run_id, scenario, phase) (chaoslab_run_info) > 0",
                         "{{scenario}}: {{phase}}", "run {{run_id}}", "scenario,phase", "blue")
FAULTS = prom_annotation("Chaos faults", "max by (run_id, target, fault) (chaos_fault_active) > 0",
                         "{{fault}} on {{target}}", "run {{run_id}}", "target,fault", "red")
ALERTS_FIRING = prom_annotation("Firing alerts", 'max by (alertname, service) (ALERTS{alertstate="firing"})',
                                "{{alertname}}", "{{service}}", "alertname", "orange")


def dashboard(uid, title, description, panels, variables=(), annotations=(PHASES, FAULTS), refresh="10s",
              time_from="now-30m"):
  variables = datasource_vars(panels, list(variables), list(annotations)) + list(variables)
  return {
    "annotations": {"list": [BUILTIN] + list(annotations)},
    "description": description,
    "editable": True,
    "fiscalYearStartMonth": 0,
    "graphTooltip": 1,
    "links": LINKS,
    "panels": panels,
    "refresh": refresh,
    "schemaVersion": SCHEMA_VERSION,
    "tags": ["chaoslab"],
    "templating": {"list": list(variables)},
    "time": {"from": time_from, "to": "now"},
    "timepicker": {},
    "timezone": "browser",
    "title": title,
    "uid": uid,
    "weekStart": "",
  }


# ------------------------------------------------------------------------------------------- dashboards

def simulator():
  sc = 'scenario=~"$scenario"'
  lat = "chaoslab_request_latency_seconds_bucket"

  def q(measure, quantile, legend):
    return prom(f'histogram_quantile({quantile}, sum by (le) (rate({lat}{{{sc}, measure="{measure}"}}[{RATE}])))',
                legend, exemplar=True)

  panels = layout([
    (8, [
      timeseries("Scheduled vs achieved rate", refs(
        prom(f"sum by (scenario) (chaoslab_scheduled_rate{{{sc}}})", "scheduled {{scenario}}"),
        prom(f"sum by (scenario) (chaoslab_achieved_rate{{{sc}}})", "achieved {{scenario}}")),
        unit="reqps",
        description="What the schedule asks for now and what the simulator actually sent over the last second. "
                    "A gap means the load generator is the bottleneck (alert ChaoslabSimulatorBehindSchedule)."),
      timeseries("In flight and dropped", refs(
        prom(f"sum by (scenario) (chaoslab_requests_in_flight{{{sc}}})", "in flight {{scenario}}"),
        prom(f"sum by (scenario, phase) (rate(chaoslab_requests_dropped_total{{{sc}}}[{RATE}]))",
             "dropped/s {{scenario}} {{phase}}")),
        description="Requests waiting for an answer, and requests dropped because the in-flight cap was hit "
                    "(open model: they are counted, never silently skipped)."),
    ]),
    (8, [
      timeseries("Client latency, corrected (from the intended send time)", refs(
        q("corrected", 0.5, "p50"), q("corrected", 0.9, "p90"), q("corrected", 0.99, "p99"),
        q("corrected", 0.999, "p99.9")), unit="s",
        description="Coordinated-omission corrected: measured from when the request was scheduled, so queueing "
                    "in the simulator counts. Exemplars (dots) carry the trace_id of the client span: click one "
                    "for its trace."),
      timeseries("Client latency, service time (from the actual send time)", refs(
        q("service", 0.5, "p50"), q("service", 0.9, "p90"), q("service", 0.99, "p99"),
        q("service", 0.999, "p99.9")), unit="s",
        description="Measured from when the request left the simulator. Far below the corrected latency means "
                    "requests queued before they were sent. Exemplars link to the request's trace."),
    ]),
    (8, [
      timeseries("Outcomes", refs(
        prom(f"sum by (outcome) (rate(chaoslab_requests_total{{{sc}}}[{RATE}]))", "{{outcome}}")),
        unit="reqps", stack=True, description="Every completed request by outcome class."),
      timeseries("Errors by class and request", refs(
        prom(f'sum by (request, outcome) (rate(chaoslab_requests_total{{{sc}, outcome!="ok"}}[{RATE}]))',
             "{{request}} {{outcome}}")),
        unit="reqps", description="http_4xx, http_5xx, timeout, connect_refused, reset, other."),
      timeseries("p99 corrected latency by request", refs(
        prom(f'histogram_quantile(0.99, sum by (request, le) (rate({lat}{{{sc}, measure="corrected"}}[{RATE}])))',
             "{{request}}", exemplar=True)), unit="s"),
    ]),
    (7, [
      timeseries("Schedule lag p99", refs(
        prom(f"histogram_quantile(0.99, sum by (le) (rate(chaoslab_schedule_lag_seconds_bucket[{RATE}])))", "p99"),
        prom(f"histogram_quantile(0.5, sum by (le) (rate(chaoslab_schedule_lag_seconds_bucket[{RATE}])))", "p50")),
        unit="s", description="How late the scheduler sent requests compared with the plan."),
      state_timeline("Run phases", refs(
        prom(f"max by (scenario, phase) (chaoslab_run_info{{{sc}}})", "{{scenario}} {{phase}}")),
        description="chaoslab_run_info: 1 while a run is in a phase."),
      state_timeline("Faults applied by runs", refs(
        prom("max by (target, fault) (chaos_fault_active)", "{{fault}} on {{target}}")),
        description="chaos_fault_active: 1 while a fault that a run applied is active."),
    ]),
  ])
  return dashboard(
    "chaoslab-simulator", "chaoslab / Simulator",
    "Offered and achieved load, client-side latency (corrected and service time), outcomes; run phases and "
    "faults as annotations.",
    panels,
    [query_var("scenario", "Scenario", "label_values(chaoslab_scheduled_rate, scenario)")])


def services():
  panels = layout([
    row("Rate, errors, duration"),
    (8, [
      timeseries("Request rate by service", refs(
        prom(f"sum by (service) (rate(vertx_http_server_requests_total{{{SVC}}}[{RATE}]))", "{{service}}")),
        unit="reqps", description="Server requests, scrapes and chaos control calls excluded. Click a series for "
                                  "its traces or logs in Explore.", links=trace_links()),
      timeseries("Request rate by route", refs(
        prom(f"sum by (service, route) (rate(vertx_http_server_requests_total{{{SVC}}}[{RATE}]))",
             "{{service}} {{route}}")), unit="reqps", links=trace_links(route=True)),
      timeseries("Responses by status", refs(
        prom(f"sum by (code) (rate(vertx_http_server_requests_total{{{SVC}}}[{RATE}]))", "{{code}}")),
        unit="reqps", stack=True),
    ]),
    (8, [
      timeseries("5xx ratio by service", refs(
        prom(f'sum by (service) (rate(vertx_http_server_requests_total{{{SVC}, code=~"5.."}}[{RATE}])) '
             f"/ sum by (service) (rate(vertx_http_server_requests_total{{{SVC}}}[{RATE}]))", "{{service}}")),
        unit="percentunit", thresholds=[(0.05, "red")], links=trace_links("status=error"),
        description="Alert ChaoslabHighErrorRatio fires above 5 % over 1m (dashed line). Click a series for its "
                    "failed traces or its logs in Explore."),
      timeseries("5xx ratio by route", refs(
        prom(f'sum by (service, route) (rate(vertx_http_server_requests_total{{{SVC}, code=~"5.."}}[{RATE}])) '
             f"/ sum by (service, route) (rate(vertx_http_server_requests_total{{{SVC}}}[{RATE}]))",
             "{{service}} {{route}}")), unit="percentunit", thresholds=[(0.05, "red")],
        links=trace_links("status=error", route=True)),
      timeseries("Dependency failures (502/504) by service", refs(
        prom(f'sum by (service, code) (rate(vertx_http_server_requests_total{{{SVC}, code=~"502|504"}}[{RATE}]))',
             "{{service}} {{code}}")), unit="reqps",
        description="502: the downstream answered 5xx or reset; 504: it timed out. Alert ChaoslabDependencyTimeouts."),
    ]),
    (9, [
      timeseries("Latency p50 / p90 / p99 by service (exemplars: click a dot for its trace)", refs(
        prom(f"histogram_quantile(0.99, sum by (service, le) (rate(vertx_http_server_response_time_seconds_bucket{{{SVC}}}[{RATE}])))",
             "p99 {{service}}", exemplar=True),
        prom(f"histogram_quantile(0.9, sum by (service, le) (rate(vertx_http_server_response_time_seconds_bucket{{{SVC}}}[{RATE}])))",
             "p90 {{service}}", exemplar=True),
        prom(f"histogram_quantile(0.5, sum by (service, le) (rate(vertx_http_server_response_time_seconds_bucket{{{SVC}}}[{RATE}])))",
             "p50 {{service}}", exemplar=True)),
        unit="s", thresholds=[(0.25, "red")], links=trace_links("duration>250ms"),
        description="Server latency from the histogram buckets; the dashed line is the 250 ms SLO threshold "
                    "(alert ChaoslabHighLatencyP99). Exemplars carry the trace_id of a request in that bucket; "
                    "a series links to its slow traces and its logs in Explore."),
      timeseries("Latency p99 by route (exemplars)", refs(
        prom(f"histogram_quantile(0.99, sum by (service, route, le) (rate(vertx_http_server_response_time_seconds_bucket{{{SVC}}}[{RATE}])))",
             "{{service}} {{route}}", exemplar=True)),
        unit="s", thresholds=[(0.25, "red")], links=trace_links("duration>250ms", route=True)),
    ]),
    (8, [
      timeseries("Share of requests slower than 250 ms", refs(
        prom(f'1 - sum by (service) (rate(vertx_http_server_response_time_seconds_bucket{{{SVC}, le="0.25"}}[{RATE}])) '
             f"/ sum by (service) (rate(vertx_http_server_response_time_seconds_count{{{SVC}}}[{RATE}]))",
             "{{service}}")), unit="percentunit", thresholds=[(0.01, "red")],
        description="The latency SLI: the SLO allows 1 % of requests above 250 ms."),
      timeseries("Downstream calls: sent and without a response", refs(
        prom('sum by (service, client_name) (rate(vertx_http_client_requests_total{service=~"$service", '
             f'instance=~"$instance"}}[{RATE}]))', "sent {{service}} → {{client_name}}"),
        prom('sum by (service, client_name) (rate(vertx_http_client_requests_total{service=~"$service", '
             f'instance=~"$instance"}}[{RATE}])) - sum by (service, client_name) (rate(vertx_http_client_responses_total'
             f'{{service=~"$service", instance=~"$instance"}}[{RATE}]))', "no response {{service}} → {{client_name}}")),
        unit="reqps", description="Client side (WebClient) of each service, per downstream (client_name): calls "
                                  "sent, and sent minus answered (timeouts and resets get no response)."),
      timeseries("Downstream responses by status", refs(
        prom('sum by (service, client_name, code) (rate(vertx_http_client_responses_total{service=~"$service", '
             f'instance=~"$instance"}}[{RATE}]))', "{{service}} → {{client_name}} {{code}}")), unit="reqps"),
    ]),
    row("Logs and traces of the selected services"),
    (10, [
      logs("Logs", refs(loki('{service_name=~"$service"}')),
           description="JSON lines shipped by Alloy; open a line and follow its trace_id link to Tempo."),
    ]),
    (9, [
      table("Recent traces", refs(traceql('{resource.service.name=~"${service:regex}"}')), datasource=TEMPO,
            description="Click a trace id to open the trace (and from a span, its logs and metrics)."),
      table("Recent failed or slow traces", refs(
        traceql('{resource.service.name=~"${service:regex}" && (status=error || duration>250ms)}')), datasource=TEMPO),
    ]),
    row("Chaos"),
    (7, [
      timeseries("Chaos injections", refs(
        prom(f'sum by (service, fault) (rate(chaos_injections_total{{service=~"$service"}}[{RATE}]))',
             "{{service}} {{fault}}")), unit="reqps"),
      timeseries("Active faults", refs(
        prom('sum by (service, fault) (chaos_faults_active{service=~"$service"})', "{{service}} {{fault}}")),
        stack=True),
    ]),
  ])
  return dashboard(
    "chaoslab-services", "chaoslab / Services (RED)",
    "Rate, errors and duration of the target services per service and route, with exemplars linking to "
    "Tempo, the services' logs from Loki and their recent traces.",
    panels,
    [query_var("service", "Service", 'label_values(vertx_http_server_requests_total, service)'),
     query_var("route", "Route", f'label_values(vertx_http_server_requests_total{{service=~"$service", {INFRA}}}, route)'),
     query_var("instance", "Instance", 'label_values(vertx_http_server_requests_total{service=~"$service"}, instance)')],
    annotations=(PHASES, FAULTS, ALERTS_FIRING))


def chaos_and_alerts():
  s = 'service=~"$service"'
  panels = layout([
    row("Faults"),
    (8, [
      timeseries("Active faults per target", refs(
        prom(f"sum by (service, fault) (chaos_faults_active{{{s}}})", "{{service}} {{fault}}")),
        stack=True, description="chaos_faults_active, as each target reports it."),
      timeseries("Injections per second", refs(
        prom(f"sum by (service, fault, route) (rate(chaos_injections_total{{{s}}}[{RATE}]))",
             "{{service}} {{fault}} {{route}}")), unit="reqps"),
      state_timeline("Faults applied by runs", refs(
        prom("max by (run_id, target, fault) (chaos_fault_active)", "{{run_id}} {{fault}} on {{target}}")),
        description="chaos_fault_active from the simulator: which run applied what, when."),
    ]),
    row("Alerts"),
    (8, [
      table("Firing alerts", refs(prom('ALERTS{alertstate="firing"}', instant=True, fmt="table")),
            exclude=("Time", "Value", "__name__", "alertstate")),
      table("Pending alerts", refs(prom('ALERTS{alertstate="pending"}', instant=True, fmt="table")),
            exclude=("Time", "Value", "__name__", "alertstate")),
    ]),
    (8, [
      state_timeline("Alert states over time", refs(
        prom('max by (alertname, service) (ALERTS{alertstate="firing"})', "{{alertname}} {{service}}")),
        description="When each alert was firing. Pending time is in the table above and in Prometheus /alerts."),
    ]),
    row("SLO burn rates (availability 99.9 %, latency 99 % within 250 ms)"),
    (8, [
      timeseries("Availability burn rate, fast windows (page at 14.4)", refs(
        prom(f"service:vertx_http_server_errors:ratio_rate5m{{{s}}} / 0.001", "5m {{service}}"),
        prom(f"service:vertx_http_server_errors:ratio_rate1h{{{s}}} / 0.001", "1h {{service}}")),
        thresholds=[(14.4, "red")],
        description="How many times faster than sustainable the error budget burns; both windows above 14.4 "
                    "pages (ChaoslabAvailabilityFastBurn)."),
      timeseries("Availability burn rate, slow windows (page at 6, ticket at 1)", refs(
        prom(f"service:vertx_http_server_errors:ratio_rate30m{{{s}}} / 0.001", "30m {{service}}"),
        prom(f"service:vertx_http_server_errors:ratio_rate6h{{{s}}} / 0.001", "6h {{service}}"),
        prom(f"service:vertx_http_server_errors:ratio_rate3d{{{s}}} / 0.001", "3d {{service}}")),
        thresholds=[(1, "orange"), (6, "red")]),
    ]),
    (8, [
      timeseries("Latency burn rate, fast windows (page at 14.4)", refs(
        prom(f"service:vertx_http_server_slow:ratio_rate5m{{{s}}} / 0.01", "5m {{service}}"),
        prom(f"service:vertx_http_server_slow:ratio_rate1h{{{s}}} / 0.01", "1h {{service}}")),
        thresholds=[(14.4, "red")]),
      timeseries("Latency burn rate, slow windows (page at 6, ticket at 1)", refs(
        prom(f"service:vertx_http_server_slow:ratio_rate30m{{{s}}} / 0.01", "30m {{service}}"),
        prom(f"service:vertx_http_server_slow:ratio_rate6h{{{s}}} / 0.01", "6h {{service}}"),
        prom(f"service:vertx_http_server_slow:ratio_rate3d{{{s}}} / 0.01", "3d {{service}}")),
        thresholds=[(1, "orange"), (6, "red")]),
    ]),
    (6, [
      stat("30-day availability budget spent in the last 3 days", refs(
        prom(f"service:vertx_http_server_errors:ratio_rate3d{{{s}}} / 0.001 * 3 / 30", "{{service}}")),
        unit="percentunit", thresholds=[(0.1, "orange"), (1, "red")],
        description="Share of a 30-day error budget that the last 3 days consumed (10 % is the ticket line)."),
      stat("30-day latency budget spent in the last 3 days", refs(
        prom(f"service:vertx_http_server_slow:ratio_rate3d{{{s}}} / 0.01 * 3 / 30", "{{service}}")),
        unit="percentunit", thresholds=[(0.1, "orange"), (1, "red")]),
    ]),
  ])
  return dashboard(
    "chaoslab-chaos", "chaoslab / Chaos and alerts",
    "Active faults and injections, firing and pending alerts, and the error-budget burn rates behind the "
    "SLO alerts of docker/prometheus/rules.",
    panels,
    [query_var("service", "Service", "label_values(vertx_http_server_requests_total, service)")],
    annotations=(PHASES, FAULTS, ALERTS_FIRING))


CADVISOR_EMPTY = "no data from cAdvisor: see the first panel"


def containers():
  c = 'container_label_com_docker_compose_service=~"$container"'
  by = "container_label_com_docker_compose_service"
  legend = "{{container_label_com_docker_compose_service}}"
  seen = f'count(count by ({by}) (container_memory_working_set_bytes{{{by}!=""}})) or vector(0)'
  jvm = 'service=~"$service"'
  empty = CADVISOR_EMPTY
  panels = layout([
    (5, [
      stat("Containers cAdvisor reports", refs(prom(seen, "containers", instant=True)), base="red",
           thresholds=[(1, "green")],
           description="Compose services with container metrics. 0 while the stack runs: cAdvisor cannot read "
                       "the containers (Docker Desktop or OrbStack with the containerd image store)."),
      text("When this dashboard is empty",
           "A **0** on the left means cAdvisor sees no container: Docker Desktop and OrbStack with the "
           "containerd image store keep containerd's socket inside their VM, and cAdvisor v0.60.5 needs it "
           "there. Switch the image store off (Docker Desktop: Settings > General, \"Use containerd for pulling "
           "and storing images\") or read `docs/troubleshooting.md`. The **From the services themselves** row "
           "below and the *JVM and Vert.x* dashboard do not need cAdvisor."),
    ]),
    row("Containers (cAdvisor)"),
    (8, [
      timeseries("CPU (cores)", refs(
        prom(f"sum by ({by}) (rate(container_cpu_usage_seconds_total{{{c}}}[{RATE}]))", legend)),
        unit="short", description="CPU time per second: 1 = one core busy.", no_value=empty),
      timeseries("CPU throttled", refs(
        prom(f"sum by ({by}) (rate(container_cpu_cfs_throttled_seconds_total{{{c}}}[{RATE}]))", legend)),
        unit="s", no_value=empty,
        description="Time per second the container wanted CPU but hit its limit (deploy.resources.limits.cpus "
                    "in docker/docker-compose.yml): a CPU fault or a load spike at its ceiling."),
    ]),
    (8, [
      timeseries("Memory working set (and limit)", refs(
        prom(f"sum by ({by}) (container_memory_working_set_bytes{{{c}}})", legend),
        prom(f"max by ({by}) (container_spec_memory_limit_bytes{{{c}}} > 0)", "limit " + legend)),
        unit="bytes", no_value=empty,
        description="The kernel kills a container whose working set reaches its memory limit."),
      timeseries("Memory RSS", refs(
        prom(f"sum by ({by}) (container_memory_rss{{{c}}})", legend)), unit="bytes", no_value=empty),
    ]),
    (8, [
      timeseries("Network received", refs(
        prom(f"sum by ({by}) (rate(container_network_receive_bytes_total{{{c}}}[{RATE}]))", legend)),
        unit="Bps", no_value=empty),
      timeseries("Network sent", refs(
        prom(f"sum by ({by}) (rate(container_network_transmit_bytes_total{{{c}}}[{RATE}]))", legend)),
        unit="Bps", no_value=empty),
      timeseries("OOM events", refs(
        prom(f"sum by ({by}) (increase(container_oom_events_total{{{c}}}[{RATE}]))", legend)), no_value=empty),
    ]),
    row("From the services themselves (no cAdvisor needed)"),
    (8, [
      timeseries("JVM process CPU (cores)", refs(
        prom(f"max by (service) (process_cpu_usage{{{jvm}}} * system_cpu_count{{{jvm}}})", "{{service}}")),
        description="The JVM's own CPU use (Micrometer): share of its available processors times their count."),
      timeseries("JVM memory used (heap + non-heap)", refs(
        prom(f"sum by (service) (jvm_memory_used_bytes{{{jvm}}})", "{{service}}")), unit="bytes",
        description="What the JVM uses of its container's memory limit, less thread stacks and direct buffers."),
    ]),
  ])
  return dashboard(
    "chaoslab-containers", "chaoslab / Containers",
    "CPU, memory and network of every container of the compose project, from cAdvisor; says so when cAdvisor "
    "sees no container, and keeps the services' own CPU and memory.",
    panels,
    [query_var("container", "Container",
               f"label_values(container_memory_working_set_bytes{{{by}!=\"\"}}, {by})"),
     query_var("service", "Service", "label_values(jvm_memory_used_bytes, service)")])


def jvm():
  s = 'service=~"$service", instance=~"$instance"'
  panels = layout([
    row("JVM"),
    (8, [
      timeseries("Heap used and max", refs(
        prom(f'sum by (service) (jvm_memory_used_bytes{{{s}, area="heap"}})', "used {{service}}"),
        prom(f'sum by (service) (jvm_memory_max_bytes{{{s}, area="heap"}} > 0)', "max {{service}}")), unit="bytes",
        description="Max: the sum of the heap pools that have a limit (G1's eden and survivor report -1)."),
      timeseries("Non-heap used", refs(
        prom(f'sum by (service) (jvm_memory_used_bytes{{{s}, area="nonheap"}})', "{{service}}")), unit="bytes"),
      timeseries("Process CPU", refs(
        prom(f"max by (service) (process_cpu_usage{{{s}}})", "{{service}}")), unit="percentunit",
        description="Share of the CPUs available to the JVM (all services share the host in compose)."),
    ]),
    (8, [
      timeseries("GC pause time per second", refs(
        prom(f"sum by (service, gc) (rate(jvm_gc_pause_seconds_sum{{{s}}}[{RATE}]))", "{{service}} {{gc}}")),
        unit="s", description="Share of wall time spent in GC pauses."),
      timeseries("Longest GC pause", refs(
        prom(f"max by (service) (jvm_gc_pause_seconds_max{{{s}}})", "{{service}}")), unit="s"),
      timeseries("Allocation rate", refs(
        prom(f"sum by (service) (rate(jvm_gc_memory_allocated_bytes_total{{{s}}}[{RATE}]))", "{{service}}")),
        unit="Bps"),
    ]),
    (8, [
      timeseries("Live threads", refs(
        prom(f"sum by (service) (jvm_threads_live_threads{{{s}}})", "{{service}}"))),
      timeseries("Threads by state", refs(
        prom(f"sum by (state) (jvm_threads_states_threads{{{s}}})", "{{state}}")), stack=True),
    ]),
    row("Vert.x"),
    (8, [
      timeseries("Active HTTP requests (server)", refs(
        prom(f"sum by (service) (vertx_http_server_active_requests{{{s}}})", "{{service}}")),
        description="Requests being processed: grows when a service (or its downstream) slows down."),
      timeseries("Active HTTP connections", refs(
        prom(f"sum by (service) (vertx_http_server_active_connections{{{s}}})", "server {{service}}"),
        prom(f"sum by (service) (vertx_http_client_active_connections{{{s}}})", "client {{service}}"))),
    ]),
    (8, [
      timeseries("Worker pool: tasks queued and in use", refs(
        prom(f"sum by (service, pool_type, pool_name) (vertx_pool_queue_pending{{{s}}})",
             "queued {{service}} {{pool_name}}"),
        prom(f"sum by (service, pool_type, pool_name) (vertx_pool_in_use{{{s}}})",
             "in use {{service}} {{pool_name}}")),
        description="Blocking work (for example the cpu fault) runs on worker pools; a growing queue means "
                    "the pool is saturated."),
      timeseries("Pool queue time: mean and max", refs(
        prom(f"sum by (service, pool_name) (rate(vertx_pool_queue_time_seconds_sum{{{s}}}[{RATE}])) "
             f"/ sum by (service, pool_name) (rate(vertx_pool_queue_time_seconds_count{{{s}}}[{RATE}]))",
             "mean {{service}} {{pool_name}}"),
        prom(f"max by (service, pool_name) (vertx_pool_queue_time_seconds_max{{{s}}})",
             "max {{service}} {{pool_name}}")), unit="s"),
      timeseries("Event loop blocked warnings", refs(
        loki('sum by (service_name) (count_over_time({service_name=~"$service"} |= "has been blocked" [1m]))')),
        datasource=LOKI,
        description="Vert.x logs a warning when an event-loop thread is blocked for longer than the limit "
                    "(BlockedThreadChecker); any line here means blocking code on an event loop."),
    ]),
  ])
  return dashboard(
    "chaoslab-jvm", "chaoslab / JVM and Vert.x",
    "Heap, GC, threads and CPU of each service's JVM; Vert.x HTTP, worker-pool and event-loop health.",
    panels,
    [query_var("service", "Service", "label_values(jvm_memory_used_bytes, service)"),
     query_var("instance", "Instance", 'label_values(jvm_memory_used_bytes{service=~"$service"}, instance)')])


DASHBOARDS = {
  "simulator.json": simulator,
  "services.json": services,
  "chaos-and-alerts.json": chaos_and_alerts,
  "containers.json": containers,
  "jvm-and-vertx.json": jvm,
}


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                      help="directory to write the JSON files to (default: this script's directory)")
  args = parser.parse_args()
  os.makedirs(args.out, exist_ok=True)
  for name, build in DASHBOARDS.items():
    with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
      json.dump(build(), f, indent=2, ensure_ascii=False)
      f.write("\n")


if __name__ == "__main__":
  main()
