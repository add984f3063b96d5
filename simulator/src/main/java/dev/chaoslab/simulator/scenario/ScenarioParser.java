package dev.chaoslab.simulator.scenario;

import dev.chaoslab.chaos.Durations;
import dev.chaoslab.chaos.FaultReader;
import dev.chaoslab.simulator.scenario.template.DataVariable;
import dev.chaoslab.simulator.scenario.template.JsonTemplate;
import dev.chaoslab.simulator.scenario.template.Template;
import dev.chaoslab.simulator.scenario.template.TemplateException;
import dev.chaoslab.simulator.traffic.Arrivals;
import dev.chaoslab.simulator.traffic.ConstantShape;
import dev.chaoslab.simulator.traffic.RampShape;
import dev.chaoslab.simulator.traffic.RateFunction;
import dev.chaoslab.simulator.traffic.Shape;
import dev.chaoslab.simulator.traffic.SineShape;
import dev.chaoslab.simulator.traffic.SpikeShape;
import dev.chaoslab.simulator.traffic.StepsShape;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Parses and validates one scenario mapping; problems go to the shared {@link Tree}. */
final class ScenarioParser {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  static final Pattern ALERT = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  static final Pattern CHAOS_INDEX = Pattern.compile("chaos\\[(\\d+)]");
  static final List<String> SHAPES = List.of("constant", "ramp", "steps", "spike", "sine");
  static final List<String> METRICS = java.util.Arrays.stream(Threshold.Metric.values()).map(Threshold.Metric::key).toList();

  private final Tree tree;
  private final ValidationOptions options;
  private final String base;
  private String name;
  // names as written, also of entries with problems, so references to them do not report twice
  private final List<String> phaseNames = new ArrayList<>();
  private final Map<String, Integer> chaosNames = new HashMap<>();
  private final List<String> requestNames = new ArrayList<>();
  private final List<String> targetNames = new ArrayList<>();
  private Map<String, DataVariable> data = Map.of();
  private Map<String, List<String>> dependencies = Map.of();

  ScenarioParser(Tree tree, ValidationOptions options, String base) {
    this.tree = tree;
    this.options = options;
    this.base = base;
  }

  /** The scenario's name as read (even when the scenario has problems), for duplicate checks. */
  String name() {
    return name;
  }

  private String at(String suffix) {
    return base.isEmpty() ? suffix : base + "." + suffix;
  }

  /** The scenario, or null when it has problems (they are in the tree). */
  Scenario parse(Node node) {
    int before = tree.problemCount();
    Tree.Obj s = tree.obj(node, base, ScenarioKeys.SCENARIO);
    if (s == null) {
      return null;
    }
    name = checkName(s, "name", true);
    String description = s.has("description") ? s.str("description", false) : "";
    Map<String, URI> targets = targets(s);
    dependencies = new DependenciesParser(tree).parse(s, targetNames);
    data = new DataParser(tree).parse(s);
    List<Phase> phases = phases(s);
    List<RequestSpec> requests = requests(s);
    MeterBudget.check(tree, s, phases, requests);
    RequestWeights.check(tree, s, requests);
    Duration total = phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    if (total.compareTo(options.maxRunDuration()) > 0) {
      tree.problem(s.node("phases"), at("phases"), "the phases last " + Durations.format(total) + ", over the limit of "
        + Durations.format(options.maxRunDuration()) + " per run");
    }
    List<ChaosStep> chaos = chaos(s, total);
    List<Threshold> thresholds = thresholds(s, total);
    List<Expectation> expect = expectations(s, chaos);
    if (tree.problemCount() != before) {
      return null;
    }
    return new Scenario(name, description == null ? "" : description, targets, phases, requests, chaos, thresholds, expect,
      tree.source());
  }

  private String checkName(Tree.Obj o, String key, boolean required) {
    String n = o.str(key, required);
    if (n != null && !NAME.matcher(n).matches()) {
      tree.problem(o.node(key), o.field(key), "expected a name of letters, digits, '.', '_' or '-' (at most 63, starting with a letter or digit), got '"
        + n + "'");
    }
    return n;
  }

  // ---- targets

  private Map<String, URI> targets(Tree.Obj s) {
    Map<String, URI> out = new LinkedHashMap<>();
    Node n = s.get("targets", true, "a mapping of target names to base URLs, e.g. gateway: http://127.0.0.1:8080");
    if (n == null) {
      return out;
    }
    if (!(n instanceof MappingNode m) || m.getValue().isEmpty()) {
      tree.problem(n, at("targets"), "expected a mapping of target names to base URLs, e.g. gateway: http://127.0.0.1:8080");
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
      String field = at("targets." + key);
      if (key == null || !NAME.matcher(key).matches()) {
        tree.problem(t.getKeyNode(), at("targets"), "a target name is letters, digits, '.', '_' or '-'");
        continue;
      }
      if (targetNames.contains(key)) {
        tree.problem(t.getKeyNode(), field, "duplicate target '" + key + "'");
        continue;
      }
      targetNames.add(key);
      String url = tree.str(t.getValueNode(), field);
      if (url == null) {
        continue;
      }
      URI uri;
      try {
        uri = new URI(url.trim());
      } catch (URISyntaxException e) {
        tree.problem(t.getValueNode(), field, "not a URL (" + e.getReason() + "); expected e.g. http://127.0.0.1:8080");
        continue;
      }
      String problem = ScenarioValidator.targetProblem(uri, options);
      if (problem != null) {
        tree.problem(t.getValueNode(), field, problem);
        continue;
      }
      out.put(key, ScenarioValidator.normalize(uri));
    }
    return out;
  }

  // ---- phases

  private List<Phase> phases(Tree.Obj s) {
    List<Phase> out = new ArrayList<>();
    List<Node> items = s.list("phases", true);
    if (items == null) {
      return out;
    }
    if (items.isEmpty()) {
      tree.problem(s.node("phases"), at("phases"), "the list is empty; add at least one phase with a duration and a shape");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = at("phases[" + i + "]");
      Tree.Obj p = tree.obj(items.get(i), path, ScenarioKeys.PHASE);
      if (p == null) {
        continue;
      }
      String pname = checkName(p, "name", true);
      if (pname != null) {
        phaseNames.add(pname);
      }
      if (pname != null && !names.add(pname)) {
        tree.problem(p.node("name"), p.field("name"), "duplicate phase name '" + pname + "'");
      }
      Duration d = p.positiveDuration("duration", true);
      Arrivals arrivals = Arrivals.UNIFORM;
      String a = p.str("arrivals", false);
      if (a != null) {
        try {
          arrivals = Arrivals.valueOf(a.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          tree.problem(p.node("arrivals"), p.field("arrivals"), "expected uniform or poisson (got '" + a + "')");
        }
      }
      Tree.Obj shapeObj = p.obj("shape", true, null);
      Shape shape = shapeObj == null ? null : shape(shapeObj, d);
      if (pname != null && d != null && shape != null) {
        out.add(new Phase(pname, d, shape, arrivals));
      }
    }
    return out;
  }

  private Shape shape(Tree.Obj o, Duration phaseDuration) {
    String type = o.str("type", true);
    if (type == null) {
      return null;
    }
    if (!SHAPES.contains(type)) {
      String best = Tree.closest(type, SHAPES);
      tree.problem(o.node("type"), o.field("type"), "unknown shape '" + type + "'" + (best != null ? "; did you mean '" + best + "'?" : ".")
        + " Expected one of " + String.join(", ", SHAPES));
      return null;
    }
    List<String> known = switch (type) {
      case "constant" -> ScenarioKeys.SHAPE_CONSTANT;
      case "ramp" -> ScenarioKeys.SHAPE_RAMP;
      case "steps" -> ScenarioKeys.SHAPE_STEPS;
      case "spike" -> ScenarioKeys.SHAPE_SPIKE;
      default -> ScenarioKeys.SHAPE_SINE;
    };
    for (String k : o.keys()) {
      if (!known.contains(k)) {
        tree.problem(o.keyNode(k), o.field(k), Tree.unknownKey(k, known).replace("Known keys", "A " + type + " shape takes"));
      }
    }
    int before = tree.problemCount();
    Shape shape;
    try {
      shape = switch (type) {
        case "constant" -> {
          Double r = rate(o, "rate", true);
          yield r == null ? null : new ConstantShape(r);
        }
        case "ramp" -> {
          Double from = rate(o, "from", true);
          Double to = rate(o, "to", true);
          yield from == null || to == null ? null : new RampShape(from, to);
        }
        case "steps" -> steps(o);
        case "spike" -> {
          Double b = rate(o, "base", true);
          Double pk = rate(o, "peak", true);
          Duration at = o.duration("at", true);
          Duration len = o.positiveDuration("duration", true);
          Duration edge = o.duration("edge", false);
          yield b == null || pk == null || at == null || len == null ? null : new SpikeShape(b, pk, at, len, edge);
        }
        default -> {
          Double mean = rate(o, "mean", true);
          Double amp = rate(o, "amplitude", true);
          Duration period = o.positiveDuration("period", true);
          yield mean == null || amp == null || period == null ? null : new SineShape(mean, amp, period);
        }
      };
    } catch (IllegalArgumentException e) {
      tree.problem(o.node, o.path, e.getMessage());
      return null;
    }
    if (shape == null || tree.problemCount() != before || phaseDuration == null) {
      return shape;
    }
    try {
      RateFunction f = shape.over(phaseDuration);
      if (f.maxRate() > options.maxRate()) {
        tree.problem(o.node, o.path, "the shape peaks at " + fmt(f.maxRate()) + " requests/s, over the configured ceiling of "
          + fmt(options.maxRate()) + " requests/s; lower the rate or raise the ceiling with --max-rate");
      }
    } catch (IllegalArgumentException e) {
      tree.problem(o.node, o.path, e.getMessage());
      return null;
    }
    return shape;
  }

  private Shape steps(Tree.Obj o) {
    if (o.has("steps")) {
      for (String k : List.of("from", "to", "count")) {
        if (o.keys().contains(k)) {
          tree.problem(o.keyNode(k), o.field(k), "give either a steps list or from/to/count, not both");
        }
      }
      List<Node> items = o.list("steps", true);
      if (items == null) {
        return null;
      }
      if (items.isEmpty()) {
        tree.problem(o.node("steps"), o.field("steps"), "the list is empty; add {rate, duration} entries");
        return null;
      }
      List<StepsShape.Step> steps = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Tree.Obj st = tree.obj(items.get(i), o.field("steps[" + i + "]"), ScenarioKeys.STEP_RATE);
        if (st == null) {
          continue;
        }
        Double r = rate(st, "rate", true);
        Duration d = st.positiveDuration("duration", true);
        if (r != null && d != null) {
          steps.add(new StepsShape.Step(r, d));
        }
      }
      return steps.size() == items.size() ? StepsShape.of(steps) : null;
    }
    Double from = rate(o, "from", true);
    Double to = rate(o, "to", true);
    Long count = o.integer("count", true);
    if (count != null && (count < 1 || count > StepsShape.MAX_STEPS)) {
      tree.problem(o.node("count"), o.field("count"), "must be between 1 and " + StepsShape.MAX_STEPS + " (got " + count + ")");
      return null;
    }
    return from == null || to == null || count == null ? null : StepsShape.evenly(from, to, count.intValue());
  }

  private Double rate(Tree.Obj o, String key, boolean required) {
    Double r = o.num(key, required);
    if (r == null) {
      return null;
    }
    if (r < 0) {
      tree.problem(o.node(key), o.field(key), "must be a rate >= 0 requests/s (got " + fmt(r) + ")");
      return null;
    }
    if (r > options.maxRate()) {
      tree.problem(o.node(key), o.field(key), fmt(r) + " requests/s is over the configured ceiling of " + fmt(options.maxRate())
        + " requests/s; lower the rate or raise the ceiling with --max-rate");
      return null;
    }
    return r;
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  // ---- requests

  private List<RequestSpec> requests(Tree.Obj s) {
    List<RequestSpec> out = new ArrayList<>();
    List<Node> items = s.list("requests", true);
    if (items == null) {
      return out;
    }
    if (items.isEmpty()) {
      tree.problem(s.node("requests"), at("requests"), "the list is empty; add at least one request");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Tree.Obj r = tree.obj(items.get(i), at("requests[" + i + "]"), ScenarioKeys.REQUEST);
      if (r == null) {
        continue;
      }
      int before = tree.problemCount();
      String rname = checkName(r, "name", true);
      if (rname != null) {
        requestNames.add(rname);
      }
      if (rname != null && !names.add(rname)) {
        tree.problem(r.node("name"), r.field("name"), "duplicate request name '" + rname + "'");
      }
      double weight = 1;
      Double w = r.num("weight", false);
      if (w != null) {
        if (w <= 0) {
          tree.problem(r.node("weight"), r.field("weight"), "must be > 0 (got " + fmt(w) + "); remove the request to send none");
        }
        weight = w;
      }
      // a journey's target, timeout and expected statuses are the defaults of its steps
      String defaultTarget = r.str("target", false);
      Duration defaultTimeout = r.has("steps") ? r.positiveDuration("timeout", false) : null;
      ExpectedStatuses defaultStatuses = r.has("steps") ? expectedStatuses(r, null) : null;
      List<RequestStep> steps = new ArrayList<>();
      if (r.has("steps")) {
        for (String k : List.of("method", "path", "headers", "body")) {
          if (r.keys().contains(k)) {
            tree.problem(r.keyNode(k), r.field(k), "a journey's steps carry '" + k + "'; move it into a step");
          }
        }
        List<Node> stepNodes = r.list("steps", true);
        if (stepNodes != null && stepNodes.isEmpty()) {
          tree.problem(r.node("steps"), r.field("steps"), "the list is empty; add the journey's steps");
        }
        List<String> earlier = new ArrayList<>();
        for (int j = 0; stepNodes != null && j < stepNodes.size(); j++) {
          Tree.Obj st = tree.obj(stepNodes.get(j), r.field("steps[" + j + "]"), ScenarioKeys.JOURNEY_STEP);
          if (st == null) {
            continue;
          }
          String sname = checkName(st, "name", true);
          if (sname != null && earlier.contains(sname)) {
            tree.problem(st.node("name"), st.field("name"), "duplicate step name '" + sname + "' in this journey");
          }
          RequestStep step = step(st, sname, defaultTarget, defaultTimeout, defaultStatuses, earlier);
          if (sname != null) {
            earlier.add(sname);
            if (rname != null) {
              requestNames.add(rname + "." + sname);
            }
          }
          if (step != null) {
            steps.add(step);
          }
        }
      } else {
        RequestStep step = step(r, rname, defaultTarget, null, null, List.of());
        if (step != null) {
          steps.add(step);
        }
      }
      if (tree.problemCount() == before) {
        out.add(new RequestSpec(rname, weight, steps));
      }
    }
    return out;
  }

  private RequestStep step(Tree.Obj o, String stepName, String defaultTarget, Duration defaultTimeout,
                           ExpectedStatuses defaultStatuses, List<String> earlier) {
    int before = tree.problemCount();
    String target = o.has("target") ? o.str("target", false) : defaultTarget;
    if (target == null && !o.has("target")) {
      tree.problem(o.node, o.field("target"), "missing; expected one of the scenario's targets: " + String.join(", ", targetNames));
    } else if (target != null && !targetNames.isEmpty() && !targetNames.contains(target)) {
      Node at = o.has("target") ? o.node("target") : o.node;
      tree.problem(at, o.field("target"), unknownRef("target", target, targetNames));
    }
    String method = o.str("method", false);
    if (method == null && !o.keys().contains("method")) {
      method = o.has("body") ? "POST" : "GET";
    } else if (method != null) {
      method = method.toUpperCase(Locale.ROOT);
      if (!FaultReader.METHODS.contains(method)) {
        tree.problem(o.node("method"), o.field("method"), "expected an HTTP method, one of "
          + String.join(", ", new TreeSet<>(FaultReader.METHODS)) + " (got '" + method + "')");
      }
    }
    Template path = null;
    String p = o.str("path", true);
    if (p != null) {
      if (!p.startsWith("/")) {
        tree.problem(o.node("path"), o.field("path"), "a path starts with '/', e.g. /api/products (got '" + p + "')");
      }
      String unsendable = unsendableInPath(p) != null ? unsendableInPath(p) : ReservedRequests.chaosRoute(p);
      if (unsendable != null) {
        tree.problem(o.node("path"), o.field("path"), unsendable);
      }
      path = template(o.node("path"), o.field("path"), p, earlier);
    }
    Map<String, Template> headers = new LinkedHashMap<>();
    o.stringMap("headers").forEach((k, v) -> {
      String unsendable = unsendableHeader(k, v) != null ? unsendableHeader(k, v) : ReservedRequests.framingHeader(k);
      if (unsendable != null) {
        tree.problem(o.node("headers"), o.field("headers." + k), unsendable);
      }
      Template t = template(o.node("headers"), o.field("headers." + k), v, earlier);
      if (t != null) {
        headers.put(k, t);
      }
    });
    JsonTemplate body = null;
    if (o.has("body")) {
      body = body(o, earlier);
      if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
        headers.put("Content-Type", Template.compile("application/json"));
      }
    }
    Duration timeout = o.has("timeout") ? o.positiveDuration("timeout", false) : defaultTimeout;
    ExpectedStatuses statuses = expectedStatuses(o, defaultStatuses);
    if (tree.problemCount() != before) {
      return null;
    }
    return new RequestStep(stepName, target, method, path, headers, body, timeout, statuses);
  }

  /** {@code expectedStatuses: [2xx, 409]}, or {@code otherwise} when the object has none. */
  private ExpectedStatuses expectedStatuses(Tree.Obj o, ExpectedStatuses otherwise) {
    if (!o.has("expectedStatuses")) {
      return otherwise;
    }
    List<Node> items = o.list("expectedStatuses", false);
    if (items == null) {
      return otherwise;
    }
    List<String> written = new ArrayList<>();
    for (Node item : items) {
      String s = tree.str(item, o.field("expectedStatuses"));
      if (s == null) {
        return otherwise;
      }
      written.add(s);
    }
    try {
      return ExpectedStatuses.of(written);
    } catch (IllegalArgumentException e) {
      tree.problem(o.node("expectedStatuses"), o.field("expectedStatuses"), e.getMessage()
        + " (write e.g. [2xx, 409]; by default every answer below 400 counts as success)");
      return otherwise;
    }
  }

  /**
   * A space, line break or other control character written in a path (outside {@code ${…}}, which is replaced):
   * HTTP's request line cannot carry it, and every request would fail. Null when there is none.
   */
  static String unsendableInPath(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      int close = c == '$' && path.startsWith("${", i) ? path.indexOf('}', i) : -1;
      if (close > 0) {
        i = close;
      } else if (c <= ' ' || c == 0x7f) {
        String what = c == ' ' ? "a space" : c == '\n' || c == '\r' ? "a line break" : "a control character";
        return "the path has " + what + " at offset " + i + ", which a URL cannot carry; " + (path.contains("{{")
          ? "templates are written ${…}, e.g. /api/products/${sku} or ${randomInt(1,5)} ('{{ }}' is not one)"
          : "percent-encode it (a space is %20)");
      }
    }
    return null;
  }

  /** What HTTP cannot carry in a header (Netty refuses it at send): a name that is not a token, a line break. */
  static String unsendableHeader(String name, String value) {
    if (name.isEmpty() || !name.chars().allMatch(ScenarioParser::isTokenChar)) {
      return "'" + name + "' is not a valid header name: use letters, digits and !#$%&'*+-.^_`|~ only, e.g. X-Request-Source";
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
      return "a header value cannot contain a line break or a NUL character; write it on one line";
    }
    return null;
  }

  private static boolean isTokenChar(int c) {
    return c > ' ' && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  private JsonTemplate body(Tree.Obj o, List<String> earlier) {
    Node n = o.node("body");
    Object body = tree.plain(n, o.field("body"));
    if (body instanceof String text) {
      try {
        body = Json.decodeValue(text);
        body = body instanceof JsonObject j ? j.getMap() : body instanceof JsonArray a ? a.getList() : body;
      } catch (DecodeException e) {
        tree.problem(n, o.field("body"), "expected a JSON body as a YAML mapping or list (or a JSON text); got a string that is not JSON");
        return null;
      }
    }
    try {
      JsonTemplate t = JsonTemplate.compile(body, data);
      checkRefs(n, o.field("body"), t.stepRefs(), earlier);
      return t;
    } catch (TemplateException e) {
      tree.problem(n, o.field("body"), e.getMessage());
      return null;
    }
  }

  private Template template(Node n, String field, String text, List<String> earlier) {
    try {
      Template t = Template.compile(text, data);
      checkRefs(n, field, t.stepRefs(), earlier);
      return t;
    } catch (TemplateException e) {
      tree.problem(n, field, e.getMessage());
      return null;
    }
  }

  private void checkRefs(Node n, String field, Set<String> refs, List<String> earlier) {
    for (String ref : refs) {
      if (!earlier.contains(ref)) {
        tree.problem(n, field, earlier.isEmpty()
          ? "${steps." + ref + "…} refers to a journey step, but nothing ran before this one; values come only from earlier steps of a journey"
          : "${steps." + ref + "…}: no earlier step named '" + ref + "' in this journey (earlier steps: " + String.join(", ", earlier) + ")");
      }
    }
  }

  // ---- chaos

  private List<ChaosStep> chaos(Tree.Obj s, Duration total) {
    List<ChaosStep> out = new ArrayList<>();
    List<Node> items = s.has("chaos") ? s.list("chaos", false) : null;
    if (items == null) {
      return out;
    }
    Set<String> names = new HashSet<>();
    FaultParser faults = new FaultParser(tree, options);
    for (int i = 0; i < items.size(); i++) {
      Tree.Obj c = tree.obj(items.get(i), at("chaos[" + i + "]"), ScenarioKeys.CHAOS);
      if (c == null) {
        continue;
      }
      int before = tree.problemCount();
      String cname = c.has("name") ? checkName(c, "name", false) : null;
      if (cname != null && (!names.add(cname) || CHAOS_INDEX.matcher(cname).matches() || cname.equals("run"))) {
        tree.problem(c.node("name"), c.field("name"), "chaos step names must be unique and not 'run' or 'chaos[N]' (got '" + cname + "')");
      } else if (cname != null) {
        chaosNames.put(cname, i);
      }
      Duration atOffset = c.duration("at", true);
      String target = c.str("target", true);
      if (target != null && !targetNames.isEmpty() && !targetNames.contains(target)) {
        tree.problem(c.node("target"), c.field("target"), unknownRef("target", target, targetNames));
      }
      Duration d = c.positiveDuration("duration", true);
      if (atOffset != null && d != null && total.compareTo(Duration.ZERO) > 0 && atOffset.plus(d).compareTo(total) > 0) {
        tree.problem(c.node("duration"), c.field("duration"), "the fault would end at " + Durations.format(atOffset.plus(d))
          + " but the run ends at " + Durations.format(total) + "; shorten it or start it earlier");
      }
      Tree.Obj f = c.obj("fault", true, FaultParser.KEYS_AND_TTL);
      FaultParser.Result fault = f == null ? null : faults.parse(f, c, target, d,
        target == null ? null : dependencies.get(target));
      if (tree.problemCount() == before && fault != null) {
        out.add(new ChaosStep(i, cname, atOffset, target, d, fault.fault(), fault.burnRate()));
      }
    }
    return out;
  }

  private static String unknownRef(String what, String value, List<String> known) {
    String best = Tree.closest(value, known);
    return "unknown " + what + " '" + value + "'" + (best != null ? "; did you mean '" + best + "'?" : ".")
      + " Expected one of: " + (known.isEmpty() ? "(none defined)" : String.join(", ", known));
  }

  // ---- thresholds

  private List<Threshold> thresholds(Tree.Obj s, Duration total) {
    List<Threshold> out = new ArrayList<>();
    List<Node> items = s.has("thresholds") ? s.list("thresholds", false) : null;
    if (items == null) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      Tree.Obj t = tree.obj(items.get(i), at("thresholds[" + i + "]"), ScenarioKeys.THRESHOLD);
      if (t == null) {
        continue;
      }
      int before = tree.problemCount();
      String m = t.str("metric", true);
      Threshold.Metric metric = null;
      if (m != null) {
        if (METRICS.contains(m)) {
          metric = Threshold.Metric.valueOf(m.toUpperCase(Locale.ROOT));
        } else {
          tree.problem(t.node("metric"), t.field("metric"), unknownRef("metric", m, METRICS));
        }
      }
      String request = t.str("request", false);
      if (request != null && !requestNames.isEmpty() && !requestNames.contains(request)) {
        tree.problem(t.node("request"), t.field("request"), unknownRef("request", request, requestNames));
      }
      String phase = t.str("phase", false);
      if (phase != null && !phaseNames.isEmpty() && !phaseNames.contains(phase)) {
        tree.problem(t.node("phase"), t.field("phase"), unknownRef("phase", phase, phaseNames));
      }
      Threshold.Measure measure = Threshold.Measure.CORRECTED;
      String ms = t.str("measure", false);
      if (ms != null) {
        if (metric != null && !metric.isLatency()) {
          tree.problem(t.node("measure"), t.field("measure"), "'measure' applies only to latency metrics; remove it");
        } else if (ms.equals("corrected") || ms.equals("service")) {
          measure = Threshold.Measure.valueOf(ms.toUpperCase(Locale.ROOT));
        } else {
          tree.problem(t.node("measure"), t.field("measure"), "expected corrected (from the intended send time) or service (got '" + ms + "')");
        }
      }
      Double below = metric == null ? null : below(t, metric);
      Boolean abortOnFail = t.bool("abortOnFail", false);
      Duration delayAbortEval = t.duration("delayAbortEval", false);
      if (delayAbortEval != null && !Boolean.TRUE.equals(abortOnFail)) {
        tree.problem(t.node("delayAbortEval"), t.field("delayAbortEval"),
          "applies only with abortOnFail: true (it delays that check); add abortOnFail: true or remove it");
      } else if (delayAbortEval != null && total.compareTo(Duration.ZERO) > 0 && delayAbortEval.compareTo(total) >= 0) {
        tree.problem(t.node("delayAbortEval"), t.field("delayAbortEval"), "is not shorter than the run ("
          + Durations.format(total) + "): the threshold would never be checked while the run goes; shorten it");
      }
      if (tree.problemCount() == before && metric != null && below != null) {
        out.add(new Threshold(metric, request, phase, measure, below, Boolean.TRUE.equals(abortOnFail), delayAbortEval));
      }
    }
    return out;
  }

  private Double below(Tree.Obj t, Threshold.Metric metric) {
    Node n = t.get("below", true, metric.isLatency() ? "a duration such as 300ms" : "a ratio such as 0.01 or 1%");
    if (n == null) {
      return null;
    }
    if (metric.isLatency()) {
      Duration d = tree.duration(n, t.field("below"));
      if (d == null) {
        return null;
      }
      if (d.isZero()) {
        tree.problem(n, t.field("below"), "must be > 0");
        return null;
      }
      return d.toNanos() / 1e6;
    }
    Double v;
    if (n instanceof ScalarNode sc && sc.getValue().trim().endsWith("%")) {
      try {
        v = Double.parseDouble(sc.getValue().trim().replace("%", "").trim()) / 100;
      } catch (NumberFormatException e) {
        tree.problem(n, t.field("below"), "expected a ratio such as 0.01 or a percentage such as 1% (got '" + sc.getValue() + "')");
        return null;
      }
    } else {
      v = tree.num(n, t.field("below"));
    }
    if (v != null && (v < 0 || v > 1)) {
      tree.problem(n, t.field("below"), "a ratio must be between 0 and 1 (got " + fmt(v) + "); write 0.01 or 1% for one percent");
      return null;
    }
    return v;
  }

  // ---- expectations

  private List<Expectation> expectations(Tree.Obj s, List<ChaosStep> chaos) {
    List<Expectation> out = new ArrayList<>();
    List<Node> items = s.has("expect") ? s.list("expect", false) : null;
    if (items == null) {
      return out;
    }
    int chaosCount = s.has("chaos") && s.node("chaos") instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq ? seq.getValue().size() : 0;
    for (int i = 0; i < items.size(); i++) {
      Tree.Obj e = tree.obj(items.get(i), at("expect[" + i + "]"), ScenarioKeys.EXPECT);
      if (e == null) {
        continue;
      }
      int before = tree.problemCount();
      String alert = e.str("alert", true);
      if (alert != null && !ALERT.matcher(alert).matches()) {
        tree.problem(e.node("alert"), e.field("alert"), "expected a Prometheus alert name such as ChaoslabHighErrorRatio (got '" + alert + "')");
      }
      Map<String, String> labels = e.stringMap("labels");
      List<String> kinds = new ArrayList<>();
      for (String k : List.of("fires", "resolves", "silent")) {
        if (e.keys().contains(k)) {
          kinds.add(k);
        }
      }
      if (kinds.size() != 1) {
        tree.problem(e.node, e.path, kinds.isEmpty()
          ? "missing what to expect; give one of fires: {within, of}, resolves: {within, of} or silent: {during}"
          : "give exactly one of fires, resolves and silent (got " + String.join(", ", kinds) + "); write separate expectations");
        continue;
      }
      Expectation.Kind kind = Expectation.Kind.valueOf(kinds.get(0).toUpperCase(Locale.ROOT));
      Duration within = null;
      Anchor anchor;
      if (kind == Expectation.Kind.SILENT) {
        Tree.Obj w = e.obj("silent", true, ScenarioKeys.SILENT);
        anchor = w == null ? null : anchor(w, "during", chaosCount, chaos);
      } else {
        Tree.Obj w = e.obj(kinds.get(0), true, ScenarioKeys.WINDOW);
        within = w == null ? null : w.positiveDuration("within", true);
        anchor = w == null ? null : anchor(w, "of", chaosCount, chaos);
      }
      if (tree.problemCount() == before && anchor != null) {
        out.add(new Expectation(i, alert, labels, kind, within, anchor));
      }
    }
    return out;
  }

  private Anchor anchor(Tree.Obj w, String key, int chaosCount, List<ChaosStep> chaos) {
    String ref = w.str(key, true);
    if (ref == null) {
      return null;
    }
    ref = ref.trim();
    if (ref.equals("run")) {
      return Anchor.RUN;
    }
    var m = CHAOS_INDEX.matcher(ref);
    if (m.matches()) {
      int idx = Integer.parseInt(m.group(1));
      if (idx >= chaosCount) {
        tree.problem(w.node(key), w.field(key), "'" + ref + "' does not exist: the scenario has " + chaosCount + " chaos step"
          + (chaosCount == 1 ? "" : "s") + (chaosCount > 0 ? " (chaos[0] … chaos[" + (chaosCount - 1) + "])" : ""));
        return null;
      }
      return new Anchor(Anchor.Kind.CHAOS, idx, label(chaos, idx));
    }
    boolean explicitPhase = ref.startsWith("phase:");
    boolean explicitChaos = ref.startsWith("chaos:");
    String bare = explicitPhase || explicitChaos ? ref.substring(6) : ref;
    boolean isPhase = !explicitChaos && phaseNames.contains(bare);
    boolean isChaos = !explicitPhase && chaosNames.containsKey(bare);
    if (isPhase && isChaos) {
      tree.problem(w.node(key), w.field(key), "'" + bare + "' is both a phase and a chaos step; write phase:" + bare + " or chaos:" + bare);
      return null;
    }
    if (isPhase) {
      return new Anchor(Anchor.Kind.PHASE, phaseNames.indexOf(bare), bare);
    }
    if (isChaos) {
      return new Anchor(Anchor.Kind.CHAOS, chaosNames.get(bare), bare);
    }
    List<String> known = new ArrayList<>();
    known.add("run");
    known.addAll(phaseNames);
    chaosNames.keySet().stream().sorted().forEach(known::add);
    for (int i = 0; i < chaosCount; i++) {
      known.add("chaos[" + i + "]");
    }
    tree.problem(w.node(key), w.field(key), unknownRef("phase or chaos step", ref, known));
    return null;
  }

  private static String label(List<ChaosStep> chaos, int idx) {
    return chaos.stream().filter(c -> c.index() == idx).map(ChaosStep::label).findFirst().orElse("chaos[" + idx + "]");
  }
}
