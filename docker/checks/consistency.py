#!/usr/bin/env python3
"""Cross-checks between the parts of the stack, run by docker/check.sh:
  - every alert named in docs/contracts.md ("Alert rule names") exists in docker/prometheus/rules, and
    every alert of the rules is named there (scenarios' expect blocks rely on those names);
  - every recording rule (level:metric:operation) used by the dashboards or the rules is recorded;
  - every Prometheus job that an alert runbook or a dashboard expects is scraped by prometheus.yml.
"""

import glob
import os
import re
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
  problems = []
  rules = {"alert": set(), "record": set()}
  exprs = []
  for path in sorted(glob.glob(os.path.join(ROOT, "docker/prometheus/rules/*.rules.yml"))):
    for group in yaml.safe_load(open(path, encoding="utf-8"))["groups"]:
      for rule in group["rules"]:
        kind = "alert" if "alert" in rule else "record"
        rules[kind].add(rule[kind])
        exprs.append((os.path.relpath(path, ROOT), rule["expr"]))

  contracts = open(os.path.join(ROOT, "docs/contracts.md"), encoding="utf-8").read()
  section = contracts.split("## Alert rule names", 1)[-1].split("\n## ", 1)[0]
  table = "\n".join(line for line in section.splitlines() if line.startswith("| `"))
  named = set(re.findall(r"`(Chaoslab[A-Za-z0-9]+)`", table))
  # "`ChaoslabLatencyFastBurn` / `SlowBurn` / `BudgetTicket`" abbreviations
  for prefix, rest in re.findall(r"`(Chaoslab[A-Za-z]+?)(?:FastBurn)`((?: / `[A-Za-z]+`)+)", table):
    named.update(prefix + short for short in re.findall(r"`([A-Za-z0-9]+)`", rest) if not short.startswith("Chaoslab"))
  for alert in sorted(named - rules["alert"]):
    problems.append(f"docs/contracts.md names alert {alert}, which no rule in docker/prometheus/rules defines")
  for alert in sorted(rules["alert"] - named):
    problems.append(f"alert {alert} of docker/prometheus/rules is not in the alert table of docs/contracts.md")

  for path in sorted(glob.glob(os.path.join(ROOT, "dashboards/*.json"))):
    exprs.append((os.path.relpath(path, ROOT), open(path, encoding="utf-8").read()))
  for where, text in exprs:
    for name in sorted(set(re.findall(r"\b([a-z_]+:[a-z0-9_]+:[a-z0-9_]+)\b", text))):
      if name not in rules["record"]:
        problems.append(f"{where} uses {name}, which no recording rule records")

  prom = yaml.safe_load(open(os.path.join(ROOT, "docker/prometheus/prometheus.yml"), encoding="utf-8"))
  jobs = {job["job_name"] for job in prom["scrape_configs"]}
  for job in ("gateway", "orders", "payments", "inventory", "simulator", "cadvisor", "prometheus"):
    if job not in jobs:
      problems.append(f"docker/prometheus/prometheus.yml does not scrape job {job}")

  for p in problems:
    print(p)
  print(f"checked {len(rules['alert'])} alerts and {len(rules['record'])} recording rules: {len(problems)} problem(s)")
  sys.exit(1 if problems else 0)


if __name__ == "__main__":
  main()
