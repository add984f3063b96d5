#!/usr/bin/env python3
"""The stack's own rules for docker/docker-compose.yml, compose.yaml and the Loki/Tempo files, checked
without Docker (docker-compose validates the schema; this checks what the project decided):

  stack_lint.py include     compose.yaml at the root includes docker/docker-compose.yml and names the same
                            project as docker/.env
  stack_lint.py limits      every service has deploy.resources.limits cpus and memory, and the table in
                            docs/docker-stack.md states exactly those sizes and their total
  stack_lint.py logging     every service logs through json-file rotated by max-size and max-file
  stack_lint.py ports       every published port binds 127.0.0.1; Tempo publishes OTLP 4317 and 4318 and
                            listens on them; the services pass OTEL_TRACES_SAMPLER(_ARG) through
  stack_lint.py health      Loki and Tempo have a `-health` healthcheck whose default URL port is the
                            port their config listens on
  stack_lint.py retention   Loki's retention_period equals Tempo's block_retention, and Loki's compactor
                            applies it

Anchors and merge keys are resolved by PyYAML, so a service that gets its limits from x-java-service counts.
Prints one line per problem and exits 1 if there is any. Run by docker/check.sh from the repository root.
"""

import os
import re
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
STACK = "docker/docker-compose.yml"
ROOT_COMPOSE = "compose.yaml"
LOKI = "docker/loki/loki.yml"
TEMPO = "docker/tempo/tempo.yml"
DOCS = "docs/docker-stack.md"
# The default URLs of `loki -health` (cmd/loki/health.go, Loki 3.7) and `tempo -health`
# (cmd/tempo/health.go, Tempo 3.0.3): localhost:3100/ready and localhost:3200/ready.
HEALTH_PORTS = {"loki": (3100, ("server", "http_listen_port")), "tempo": (3200, ("server", "http_listen_port"))}
OTLP_PORTS = (4317, 4318)

problems = []


def load(rel):
  with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
    return yaml.safe_load(f)


def services():
  return load(STACK).get("services") or {}


def memory_bytes(value):
  """Compose byte values: a number of bytes or a number with b, k, m, g (optionally followed by b)."""
  m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([bkmg]?)b?\s*", str(value), re.I)
  if not m:
    return None
  return int(float(m.group(1)) * 1024 ** "bkmg".index(m.group(2).lower() or "b"))


def duration_seconds(value):
  """A Go/Prometheus duration (168h, 7d, 1h30m) in seconds, None if it is not one."""
  text = str(value).strip()
  parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)", text)
  if not parts or "".join(n + u for n, u in parts) != text:
    return None
  unit = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
  return sum(float(n) * unit[u] for n, u in parts)


def dig(doc, *keys):
  for key in keys:
    if not isinstance(doc, dict):
      return None
    doc = doc.get(key)
  return doc


def check_include():
  path = os.path.join(ROOT, ROOT_COMPOSE)
  if not os.path.exists(path):
    problems.append(f"{ROOT_COMPOSE} is missing: `docker compose up` from the repository root needs it")
    return
  doc = load(ROOT_COMPOSE) or {}
  extra = sorted(set(doc) - {"name", "include"})
  if extra:
    problems.append(f"{ROOT_COMPOSE} defines {', '.join(extra)}: keep the stack in {STACK} and only include it")
  included = []
  for entry in doc.get("include") or []:
    paths = entry.get("path") if isinstance(entry, dict) else entry
    included += paths if isinstance(paths, list) else [paths]
  if STACK not in included:
    problems.append(f"{ROOT_COMPOSE} does not include {STACK} (include: {included or 'nothing'})")
  for rel in included:
    if not os.path.exists(os.path.join(ROOT, str(rel))):
      problems.append(f"{ROOT_COMPOSE} includes {rel}, which does not exist")
  env = {}
  with open(os.path.join(ROOT, "docker/.env"), encoding="utf-8") as f:
    for line in f:
      if "=" in line and not line.lstrip().startswith("#"):
        key, value = line.strip().split("=", 1)
        env[key] = value
  if doc.get("name") != env.get("COMPOSE_PROJECT_NAME"):
    problems.append(f"{ROOT_COMPOSE} names project {doc.get('name')!r} but docker/.env sets COMPOSE_PROJECT_NAME="
                    f"{env.get('COMPOSE_PROJECT_NAME')!r}: both ways of starting the stack must make the same project")


def check_limits():
  sizes = {}
  for name, svc in services().items():
    limits = dig(svc, "deploy", "resources", "limits") or {}
    cpus, memory = limits.get("cpus"), limits.get("memory")
    if cpus is None or memory is None:
      problems.append(f"{STACK}: service {name} has no deploy.resources.limits "
                      f"{'cpus' if cpus is None else ''}{' and ' if cpus is None and memory is None else ''}"
                      f"{'memory' if memory is None else ''}")
      continue
    mem = memory_bytes(memory)
    try:
      cpu = float(cpus)
    except ValueError:
      cpu = None
    if not cpu or cpu <= 0 or not mem:
      problems.append(f"{STACK}: service {name} has limits cpus={cpus!r} memory={memory!r}, not positive sizes")
      continue
    sizes[name] = (cpu, mem, bool(svc.get("profiles")))
  check_docs_table(sizes, set(services()))


def check_docs_table(sizes, names):
  """docs/docker-stack.md has a table `| service | CPUs | memory |` and a total line; both must match."""
  with open(os.path.join(ROOT, DOCS), encoding="utf-8") as f:
    text = f.read()
  rows = {}
  for name, cpu, memory in re.findall(r"^\|\s*`?([a-z-]+)`?\s*\|\s*([\d.]+)\s*\|\s*(\d+\s*[MG])B?\s*\|", text, re.M):
    rows[name] = (float(cpu), memory_bytes(memory.replace(" ", "")))
  for name, (cpu, mem, _) in sorted(sizes.items()):
    if name not in rows:
      problems.append(f"{DOCS}: the limits table has no row for service {name} ({cpu:g} CPU, {mem // 2**20} MB)")
    elif rows[name] != (cpu, mem):
      problems.append(f"{DOCS}: the limits table says {name} has {rows[name][0]:g} CPU and {rows[name][1] // 2**20} MB, "
                      f"{STACK} gives {cpu:g} CPU and {mem // 2**20} MB")
  for name in sorted(set(rows) - names):
    problems.append(f"{DOCS}: the limits table has a row for {name}, which is not a service of {STACK}")
  if set(sizes) != names:
    return  # a service without limits: the total means nothing yet
  default = [(c, m) for c, m, profiled in sizes.values() if not profiled]
  cpu_total, mem_total = sum(c for c, _ in default), sum(m for _, m in default)
  m = re.search(r"Total without profiles: ([\d.]+) CPUs and (\d+) MB", text)
  if not m:
    problems.append(f"{DOCS}: no line 'Total without profiles: N CPUs and N MB' under the limits table")
  elif (float(m.group(1)), int(m.group(2))) != (cpu_total, mem_total // 2**20):
    problems.append(f"{DOCS}: says the total is {m.group(1)} CPUs and {m.group(2)} MB; the services add up to "
                    f"{cpu_total:g} CPUs and {mem_total // 2**20} MB")


def check_logging():
  for name, svc in services().items():
    logging = svc.get("logging") or {}
    options = logging.get("options") or {}
    if logging.get("driver") != "json-file":
      problems.append(f"{STACK}: service {name} logs with driver {logging.get('driver')!r}, not a rotated json-file")
    missing = [key for key in ("max-size", "max-file") if not options.get(key)]
    if missing:
      problems.append(f"{STACK}: service {name} has no log rotation option {' or '.join(missing)} "
                      "(json-file grows without bound without them)")


def published(svc):
  """(host_ip, host_port, container_port) of each published port (short syntax or long syntax)."""
  out = []
  for port in svc.get("ports") or []:
    if isinstance(port, dict):
      out.append((port.get("host_ip"), str(port.get("published")), str(port.get("target"))))
      continue
    # ${VAR:-default} as Compose would interpolate it with VAR unset
    text = re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}", lambda m: m.group(1) or "0", str(port))
    parts = text.split("/")[0].rsplit(":", 2)
    if len(parts) == 3:
      out.append((parts[0], parts[1], parts[2]))
    elif len(parts) == 2:
      out.append((None, parts[0], parts[1]))
    else:
      out.append((None, None, parts[0]))
  return out


def check_ports():
  svcs = services()
  for name, svc in svcs.items():
    for host_ip, host_port, target in published(svc):
      if host_ip != "127.0.0.1":
        problems.append(f"{STACK}: service {name} publishes {target} on {host_ip or 'every interface'}, "
                        "not 127.0.0.1")
  tempo_ports = {(t, h) for ip, h, t in published(svcs.get("tempo") or {}) if ip == "127.0.0.1"}
  receivers = dig(load(TEMPO), "distributor", "receivers", "otlp", "protocols") or {}
  for port, protocol in zip(OTLP_PORTS, ("grpc", "http")):
    if (str(port), str(port)) not in tempo_ports:
      problems.append(f"{STACK}: tempo does not publish OTLP {protocol} as 127.0.0.1:{port}:{port} "
                      "(services run on the host cannot send traces)")
    endpoint = str(dig(receivers, protocol, "endpoint") or "")
    if endpoint != f"0.0.0.0:{port}":
      problems.append(f"{TEMPO}: the OTLP {protocol} receiver listens on {endpoint or 'its default (localhost)'}, "
                      f"so the published port {port} reaches nothing; use 0.0.0.0:{port}")
  for name, svc in svcs.items():
    env = svc.get("environment") or {}
    if isinstance(env, list):
      env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    if "OTEL_SERVICE_NAME" not in env:
      continue
    for var in ("OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG"):
      if "${" + var not in str(env.get(var)):
        problems.append(f"{STACK}: service {name} does not pass {var} through from the environment "
                        f"(e.g. {var}: ${{{var}:-…}})")


def check_health():
  svcs = services()
  for name, (port, key) in HEALTH_PORTS.items():
    test = dig(svcs.get(name) or {}, "healthcheck", "test") or []
    words = test if isinstance(test, list) else str(test).split()
    if "-health" not in words:
      problems.append(f"{STACK}: service {name} has no `{name} -health` healthcheck (test: {test or 'none'})")
      continue
    if any(str(w).startswith("-health.url") for w in words):
      continue
    config = load(LOKI if name == "loki" else TEMPO)
    listen = dig(config, *key)
    if listen != port:
      problems.append(f"{name}: `-health` asks localhost:{port}, but its config listens on {'.'.join(key)}="
                      f"{listen}; set -health.url or keep the port")


def check_retention():
  loki, tempo = load(LOKI), load(TEMPO)
  loki_value = dig(loki, "limits_config", "retention_period")
  tempo_value = dig(tempo, "backend_worker", "compaction", "block_retention")
  loki_s, tempo_s = duration_seconds(loki_value), duration_seconds(tempo_value)
  if loki_s is None:
    problems.append(f"{LOKI}: limits_config.retention_period is {loki_value!r}, not a duration")
  if tempo_s is None:
    problems.append(f"{TEMPO}: backend_worker.compaction.block_retention is {tempo_value!r}, not a duration "
                    "(Tempo 3's retention; without it Tempo keeps 336h)")
  if loki_s is not None and tempo_s is not None and loki_s != tempo_s:
    problems.append(f"retention differs: Loki keeps {loki_value} ({LOKI}), Tempo {tempo_value} ({TEMPO}); "
                    "a span's link to its logs fails for traces older than the shorter one")
  if dig(loki, "compactor", "retention_enabled") is not True:
    problems.append(f"{LOKI}: compactor.retention_enabled is not true, so retention_period deletes nothing")
  if not dig(loki, "compactor", "delete_request_store"):
    problems.append(f"{LOKI}: compactor.delete_request_store is required when retention is enabled")
  for i, cfg in enumerate(dig(loki, "schema_config", "configs") or []):
    if dig(cfg, "index", "period") != "24h":
      problems.append(f"{LOKI}: schema_config.configs[{i}].index.period must be 24h for retention")
  if "compactor" in (tempo or {}):
    problems.append(f"{TEMPO}: Tempo 3 has no compactor block; retention is backend_worker.compaction")


CHECKS = {"include": check_include, "limits": check_limits, "logging": check_logging, "ports": check_ports,
          "health": check_health, "retention": check_retention}


def main():
  names = sys.argv[1:] or list(CHECKS)
  unknown = [n for n in names if n not in CHECKS]
  if unknown:
    print(f"unknown check(s) {', '.join(unknown)}; known: {', '.join(CHECKS)}")
    sys.exit(2)
  for name in names:
    CHECKS[name]()
  for p in problems:
    print(p)
  print(f"checked {', '.join(names)}: {len(problems)} problem(s)")
  sys.exit(1 if problems else 0)


if __name__ == "__main__":
  main()
