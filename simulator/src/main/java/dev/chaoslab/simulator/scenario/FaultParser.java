package dev.chaoslab.simulator.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a chaos step's {@code fault} against the chaos API's rules (docs/contracts.md) and turns
 * it into the fault JSON the engine posts (without {@code ttl}, which the engine derives).
 */
final class FaultParser {
  static final List<String> TYPES = List.of("latency", "error", "hang", "reset", "dependency", "cpu");
  static final List<String> DISTRIBUTIONS = List.of("fixed", "uniform", "normal", "lognormal");
  static final List<String> MODES = List.of("fail", "refuse", "timeout", "latency");
  /** The shop's call graph: a dependency fault on a target named like a shop service must name one of its downstreams. */
  static final Map<String, List<String>> SHOP_DEPENDENCIES = Map.of(
    "gateway", List.of("inventory", "orders"), "orders", List.of("inventory", "payments"),
    "payments", List.of(), "inventory", List.of());
  /** The fault keys plus ttl, which gets its own message rather than "unknown key". */
  static final List<String> KEYS_AND_TTL = java.util.stream.Stream.concat(ScenarioKeys.FAULT.stream(), java.util.stream.Stream.of("ttl")).toList();
  static final int MAX_LABELS = 16;
  static final int MAX_LABEL_VALUE = 128;
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  /** The largest lognormal sigma accepted (beyond it the tail is all ceiling). */
  static final double MAX_SIGMA = 4;

  record Result(Map<String, Object> fault, BurnRate burnRate) { }

  private final Tree tree;
  private final ValidationOptions options;

  FaultParser(Tree tree, ValidationOptions options) {
    this.tree = tree;
    this.options = options;
  }

  Result parse(Tree.Obj f, String target) {
    int before = tree.problemCount();
    if (f.keys().contains("ttl")) {
      tree.problem(f.keyNode("ttl"), f.field("ttl"),
        "a chaos step's fault has no ttl: it is derived from the step's duration plus a safety margin; remove it");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    String type = f.str("type", true);
    if (type != null && !TYPES.contains(type)) {
      String best = Tree.closest(type, TYPES);
      tree.problem(f.node("type"), f.field("type"), "unknown fault type '" + type + "'"
        + (best != null ? "; did you mean '" + best + "'?" : ".") + " Expected one of " + String.join(", ", TYPES));
      type = null;
    }
    out.put("type", type);
    BurnRate burn = probability(f, out);
    if (f.has("match")) {
      Tree.Obj m = f.obj("match", false, ScenarioKeys.MATCH);
      if (m != null) {
        Map<String, Object> match = new LinkedHashMap<>();
        String method = m.str("method", false);
        if (method != null) {
          method = method.toUpperCase();
          if (!METHODS.contains(method)) {
            tree.problem(m.node("method"), m.field("method"), "expected an HTTP method, one of " + String.join(", ", sortedMethods()));
          }
          match.put("method", method);
        }
        String route = m.str("route", false);
        if (route != null) {
          if (!route.startsWith("/")) {
            tree.problem(m.node("route"), m.field("route"), "a route starts with '/', e.g. /payments (got '" + route + "')");
          }
          match.put("route", route);
        }
        out.put("match", match);
      }
    }
    if (f.has("labels")) {
      Map<String, String> labels = f.stringMap("labels");
      if (labels.size() > MAX_LABELS) {
        tree.problem(f.node("labels"), f.field("labels"), "at most " + MAX_LABELS + " labels (got " + labels.size() + ")");
      }
      labels.forEach((k, v) -> {
        if (v.length() > MAX_LABEL_VALUE) {
          tree.problem(f.node("labels"), f.field("labels." + k), "at most " + MAX_LABEL_VALUE + " characters (got " + v.length() + ")");
        }
      });
      out.put("labels", labels);
    }
    if (type != null) {
      only(f, type, "latency", "latency");
      only(f, type, "status", "error");
      only(f, type, "dependency", "dependency");
      only(f, type, "cpuMs", "cpu");
      switch (type) {
        case "latency" -> {
          Tree.Obj l = f.obj("latency", true, ScenarioKeys.LATENCY);
          if (l != null) {
            out.put("latency", latency(l));
          }
        }
        case "error" -> {
          Long status = status(f, true);
          out.put("status", status);
        }
        case "dependency" -> {
          Tree.Obj d = f.obj("dependency", true, ScenarioKeys.DEPENDENCY);
          if (d != null) {
            out.put("dependency", dependency(d, target));
          }
        }
        case "cpu" -> {
          Long cpu = f.integer("cpuMs", true);
          if (cpu != null && (cpu <= 0 || cpu > options.maxCpuMs())) {
            tree.problem(f.node("cpuMs"), f.field("cpuMs"),
              "must be between 1 and " + options.maxCpuMs() + " (the CPU-burn ceiling) (got " + cpu + ")");
          }
          out.put("cpuMs", cpu);
        }
        default -> {
          // hang and reset take no parameters
        }
      }
    }
    out.values().removeIf(v -> v == null);
    return tree.problemCount() == before ? new Result(out, burn) : null;
  }

  private static List<String> sortedMethods() {
    return METHODS.stream().sorted().toList();
  }

  private void only(Tree.Obj f, String type, String key, String forType) {
    if (f.keys().contains(key) && !type.equals(forType)) {
      tree.problem(f.keyNode(key), f.field(key), "'" + key + "' applies only to faults of type " + forType
        + "; remove it or change the type");
    }
  }

  private BurnRate probability(Tree.Obj f, Map<String, Object> out) {
    boolean hasBurn = f.keys().contains("burnRate");
    boolean hasSlo = f.keys().contains("slo");
    if (f.keys().contains("probability") && (hasBurn || hasSlo)) {
      tree.problem(f.keyNode("probability"), f.field("probability"),
        "give either probability or burnRate with slo, not both (burnRate × (1 − slo) sets the probability)");
      return null;
    }
    if (hasBurn || hasSlo) {
      Double rate = f.num("burnRate", true);
      Double slo = f.num("slo", true);
      if (rate != null && rate <= 0) {
        tree.problem(f.node("burnRate"), f.field("burnRate"), "must be > 0, e.g. 14.4 (fast burn), 6 or 1 (got " + rate + ")");
        rate = null;
      }
      if (slo != null && (slo <= 0 || slo >= 1)) {
        tree.problem(f.node("slo"), f.field("slo"), "must be between 0 and 1 exclusive, e.g. 0.995 for 99.5 % (got " + slo + ")");
        slo = null;
      }
      if (rate == null || slo == null) {
        return null;
      }
      BurnRate b = new BurnRate(rate, slo);
      double p = b.probability();
      if (p > 1) {
        tree.problem(f.node("burnRate"), f.field("burnRate"), "burnRate × (1 − slo) = " + round(p)
          + " is over 1; the largest burn rate for slo " + slo + " is " + fmt(round(1 / (1 - slo))));
        return null;
      }
      out.put("probability", p);
      return b;
    }
    Double p = f.num("probability", false);
    if (p != null) {
      if (p < 0 || p > 1) {
        tree.problem(f.node("probability"), f.field("probability"), "must be between 0 and 1 (got " + p + ")");
      }
      out.put("probability", p);
    }
    return null;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  private Long status(Tree.Obj o, boolean required) {
    Long status = o.integer("status", required);
    if (status != null && (status < 400 || status > 599)) {
      tree.problem(o.node("status"), o.field("status"), "must be an HTTP error status between 400 and 599 (got " + status + ")");
    }
    return status;
  }

  private Map<String, Object> dependency(Tree.Obj d, String target) {
    Map<String, Object> out = new LinkedHashMap<>();
    String name = d.str("name", true);
    List<String> downstream = target == null ? null : SHOP_DEPENDENCIES.get(target);
    if (name != null && downstream != null && !downstream.contains(name)) {
      tree.problem(d.node("name"), d.field("name"), downstream.isEmpty()
        ? "cannot be '" + name + "': " + target + " calls no other service; put the fault on a service that calls " + name
        : "must be a dependency of " + target + " (" + String.join(", ", downstream) + "), not '" + name + "'");
    }
    out.put("name", name);
    String mode = d.str("mode", true);
    if (mode != null && !MODES.contains(mode)) {
      tree.problem(d.node("mode"), d.field("mode"), "expected one of " + String.join(", ", MODES) + " (got '" + mode + "')");
      mode = null;
    }
    out.put("mode", mode);
    if ("fail".equals(mode)) {
      if (d.keys().contains("latency")) {
        tree.problem(d.keyNode("latency"), d.field("latency"), "'latency' applies only to mode latency; remove it or change the mode");
      }
      out.put("status", status(d, false));
    } else if (mode != null && !"latency".equals(mode)) {
      for (String k : List.of("status", "latency")) {
        if (d.keys().contains(k)) {
          tree.problem(d.keyNode(k), d.field(k), "'" + k + "' is not used with mode " + mode + "; remove it");
        }
      }
    } else if ("latency".equals(mode)) {
      if (d.keys().contains("status")) {
        tree.problem(d.keyNode("status"), d.field("status"), "'status' applies only to mode fail; remove it or change the mode");
      }
      Tree.Obj l = d.obj("latency", true, ScenarioKeys.LATENCY);
      if (l != null) {
        out.put("latency", latency(l));
      }
    }
    out.values().removeIf(v -> v == null);
    return out;
  }

  private Map<String, Object> latency(Tree.Obj l) {
    Map<String, Object> out = new LinkedHashMap<>();
    String dist = l.str("distribution", true);
    if (dist == null) {
      return out;
    }
    if (!DISTRIBUTIONS.contains(dist)) {
      tree.problem(l.node("distribution"), l.field("distribution"), "unknown distribution '" + dist + "'; expected one of "
        + String.join(", ", DISTRIBUTIONS));
      return out;
    }
    out.put("distribution", dist);
    List<String> params = switch (dist) {
      case "fixed" -> List.of("ms");
      case "uniform" -> List.of("minMs", "maxMs");
      case "normal" -> List.of("meanMs", "stdDevMs");
      default -> List.of("medianMs", "sigma");
    };
    for (String k : l.keys()) {
      if (!k.equals("distribution") && ScenarioKeys.LATENCY.contains(k) && !params.contains(k)) {
        tree.problem(l.keyNode(k), l.field(k), "'" + k + "' is not a parameter of the " + dist + " distribution, which takes "
          + String.join(", ", params));
      }
    }
    for (String k : params) {
      Double v = l.num(k, true);
      if (v == null) {
        continue;
      }
      if (k.equals("sigma")) {
        if (v < 0 || v > MAX_SIGMA) {
          tree.problem(l.node(k), l.field(k), "must be between 0 and " + fmt(MAX_SIGMA) + " (got " + v + "); 0.5–1 gives a realistic tail");
        }
      } else if (v < 0 || v > options.maxLatencyMs()) {
        tree.problem(l.node(k), l.field(k), "must be between 0 and " + options.maxLatencyMs()
          + " (the latency ceiling) (got " + fmt(v) + ")");
      } else if (k.equals("medianMs") && v == 0) {
        tree.problem(l.node(k), l.field(k), "must be > 0 for a lognormal distribution");
      }
      out.put(k, v == Math.rint(v) && !k.equals("sigma") ? (Object) v.longValue() : v);
    }
    if (out.get("minMs") instanceof Number min && out.get("maxMs") instanceof Number max
      && min.doubleValue() > max.doubleValue()) {
      tree.problem(l.node("minMs"), l.field("minMs"), "must be ≤ maxMs (" + max + ")");
    }
    return out;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
