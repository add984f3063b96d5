#!/usr/bin/env python3
"""Checks docker/alloy/config.alloy without an Alloy binary: the syntax is balanced, every component and
block is one this configuration is known to use, and every argument is one that the Alloy reference
documents for it (docs/sources/reference/components/{discovery,loki}/*.md). Run by docker/check.sh.

This is a small tokenizer, not Alloy's parser: it understands blocks (`name "label" { … }`), attributes
(`name = value`), strings, comments and nested {…}/[…] literals, which is all the file uses.
"""

import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CONFIG = os.path.join(ROOT, "docker/alloy/config.alloy")

RELABEL_RULE = {"source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"}
# component or block path -> allowed attributes, and the blocks allowed inside it
SCHEMA = {
  "discovery.docker": ({"host", "port", "host_networking_host", "match_first_network", "refresh_interval",
                        "bearer_token", "bearer_token_file", "proxy_url", "no_proxy", "proxy_from_environment",
                        "follow_redirects", "enable_http2", "http_headers"}, {"filter"}),
  "discovery.docker/filter": ({"name", "values"}, set()),
  "discovery.relabel": ({"targets"}, {"rule"}),
  "discovery.relabel/rule": (RELABEL_RULE, set()),
  "loki.source.docker": ({"host", "targets", "forward_to", "labels", "relabel_rules", "refresh_interval"}, set()),
  "loki.process": ({"forward_to"}, {"stage.json", "stage.labels", "stage.structured_metadata", "stage.timestamp",
                                    "stage.static_labels", "stage.drop", "stage.match", "stage.output"}),
  "loki.process/stage.json": ({"expressions", "source", "drop_malformed", "regex"}, set()),
  "loki.process/stage.labels": ({"values", "source_type"}, set()),
  "loki.process/stage.structured_metadata": ({"values", "regex"}, set()),
  "loki.process/stage.timestamp": ({"source", "format", "fallback_formats", "location", "action_on_failure",
                                    "action_on_duplicate_timestamp"}, set()),
  "loki.process/stage.static_labels": ({"values"}, set()),
  "loki.write": ({"external_labels", "max_streams"}, {"endpoint"}),
  "loki.write/endpoint": ({"url", "name", "headers", "batch_wait", "batch_size", "remote_timeout", "tenant_id",
                           "min_backoff_period", "max_backoff_period", "max_backoff_retries", "retry_on_http_429",
                           "bearer_token", "bearer_token_file", "proxy_url", "follow_redirects", "enable_http2"},
                          set()),
}

TOKEN = re.compile(r'\s+|//[^\n]*|/\*.*?\*/|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_.]*|[{}\[\](),=]|[^\s]', re.S)


def tokens(text):
  line = 1
  for m in TOKEN.finditer(text):
    tok = m.group(0)
    if not (tok.isspace() or tok.startswith("//") or tok.startswith("/*")):
      yield tok, line
    line += tok.count("\n")


def lint(text):
  problems, toks = [], list(tokens(text))
  i, stack = 0, []  # stack of block paths: "loki.process", "loki.process/stage.json"

  def skip_value(j):
    """Index of the first token after the attribute value that starts at toks[j]."""
    depth = 0
    while j < len(toks):
      tok, line = toks[j]
      if tok in "{[(":
        depth += 1
      elif tok in "}])":
        if depth == 0:
          return j  # the enclosing block ends
        depth -= 1
      j += 1
      if depth == 0 and (j >= len(toks) or toks[j][1] > line or toks[j][0] == "}"):
        return j
    if depth:
      problems.append(f"line {toks[-1][1]}: unbalanced brackets in a value")
    return j

  while i < len(toks):
    tok, line = toks[i]
    if tok == "}":
      if stack:
        stack.pop()
      else:
        problems.append(f"line {line}: '}}' without an open block")
      i += 1
      continue
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", tok):
      problems.append(f"line {line}: unexpected {tok!r}")
      i += 1
      continue
    path = stack[-1] if stack else None
    if i + 1 < len(toks) and toks[i + 1][0] == "=":
      if path is None:
        problems.append(f"line {line}: attribute {tok} outside a block")
      elif path in SCHEMA and tok not in SCHEMA[path][0]:
        problems.append(f"line {line}: {path.replace('/', ' > ')} has no argument {tok!r} "
                        f"(documented: {', '.join(sorted(SCHEMA[path][0]))})")
      i = skip_value(i + 2)
      continue
    j = i + 1  # a block: name ["label"] {
    if j < len(toks) and toks[j][0].startswith('"'):
      j += 1
    if j >= len(toks) or toks[j][0] != "{":
      problems.append(f"line {line}: expected '{{' after {tok}")
      i = j
      continue
    if path is None:
      if tok not in SCHEMA:
        problems.append(f"line {line}: component {tok!r} is not one this check knows "
                        "(add it with the arguments its documentation lists)")
      stack.append(tok)
    else:
      if tok not in SCHEMA.get(path, (set(), set()))[1]:
        problems.append(f"line {line}: {path.replace('/', ' > ')} has no block {tok!r}")
      stack.append(f"{path}/{tok}")
    i = j + 1
  if stack:
    problems.append(f"end of file: block {stack[-1]} is not closed")
  return problems


def main():
  with open(CONFIG, encoding="utf-8") as f:
    problems = lint(f.read())
  for p in problems:
    print(f"docker/alloy/config.alloy: {p}")
  print(f"checked docker/alloy/config.alloy: {len(problems)} problem(s)")
  sys.exit(1 if problems else 0)


if __name__ == "__main__":
  main()
