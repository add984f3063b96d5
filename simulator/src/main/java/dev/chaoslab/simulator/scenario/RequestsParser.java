package dev.chaoslab.simulator.scenario;

import dev.chaoslab.chaos.FaultReader;
import dev.chaoslab.simulator.scenario.template.DataVariable;
import dev.chaoslab.simulator.scenario.template.JsonTemplate;
import dev.chaoslab.simulator.scenario.template.Template;
import dev.chaoslab.simulator.scenario.template.TemplateException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses and validates a scenario's {@code requests}: single requests and journeys, their targets, paths, headers,
 * templated bodies and expected statuses; problems go to the shared {@link Tree}.
 */
final class RequestsParser {
    private final Tree tree;
    private final String base;
    private final Map<String, DataVariable> data;
    private final List<String> targetNames;
    private final List<String> requestNames;

    RequestsParser(
            Tree tree,
            String base,
            Map<String, DataVariable> data,
            List<String> targetNames,
            List<String> requestNames) {
        this.tree = tree;
        this.base = base;
        this.data = data;
        this.targetNames = targetNames;
        this.requestNames = requestNames;
    }

    /** The scenario's {@code requests}; each one's name (and each journey step's) is also added to the names list. */
    List<RequestSpec> parse(Tree.Obj s) {
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
            String rname = ScenarioText.checkName(tree, r, "name", true);
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
                    tree.problem(
                            r.node("weight"),
                            r.field("weight"),
                            "must be > 0 (got " + ScenarioText.fmt(w) + "); remove the request to send none");
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
                        tree.problem(
                                r.keyNode(k), r.field(k), "a journey's steps carry '" + k + "'; move it into a step");
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
                    String sname = ScenarioText.checkName(tree, st, "name", true);
                    if (sname != null && earlier.contains(sname)) {
                        tree.problem(
                                st.node("name"),
                                st.field("name"),
                                "duplicate step name '" + sname + "' in this journey");
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

    private RequestStep step(
            Tree.Obj o,
            String stepName,
            String defaultTarget,
            Duration defaultTimeout,
            ExpectedStatuses defaultStatuses,
            List<String> earlier) {
        int before = tree.problemCount();
        String target = o.has("target") ? o.str("target", false) : defaultTarget;
        if (target == null && !o.has("target")) {
            tree.problem(
                    o.node,
                    o.field("target"),
                    "missing; expected one of the scenario's targets: " + String.join(", ", targetNames));
        } else if (target != null && !targetNames.isEmpty() && !targetNames.contains(target)) {
            Node at = o.has("target") ? o.node("target") : o.node;
            tree.problem(at, o.field("target"), ScenarioText.unknownRef("target", target, targetNames));
        }
        String method = o.str("method", false);
        if (method == null && !o.keys().contains("method")) {
            method = o.has("body") ? "POST" : "GET";
        } else if (method != null) {
            method = method.toUpperCase(Locale.ROOT);
            if (!FaultReader.METHODS.contains(method)) {
                tree.problem(
                        o.node("method"),
                        o.field("method"),
                        "expected an HTTP method, one of " + String.join(", ", new TreeSet<>(FaultReader.METHODS))
                                + " (got '" + method + "')");
            }
        }
        Template path = null;
        String p = o.str("path", true);
        if (p != null) {
            if (!p.startsWith("/")) {
                tree.problem(
                        o.node("path"),
                        o.field("path"),
                        "a path starts with '/', e.g. /api/products (got '" + p + "')");
            }
            String unsendable = unsendableInPath(p) != null ? unsendableInPath(p) : ReservedRequests.chaosRoute(p);
            if (unsendable != null) {
                tree.problem(o.node("path"), o.field("path"), unsendable);
            }
            path = template(o.node("path"), o.field("path"), p, earlier);
        }
        Map<String, Template> headers = new LinkedHashMap<>();
        o.stringMap("headers").forEach((k, v) -> {
            String unsendable =
                    unsendableHeader(k, v) != null ? unsendableHeader(k, v) : ReservedRequests.framingHeader(k);
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
            tree.problem(
                    o.node("expectedStatuses"),
                    o.field("expectedStatuses"),
                    e.getMessage() + " (write e.g. [2xx, 409]; by default every answer below 400 counts as success)");
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
                return "the path has " + what + " at offset " + i + ", which a URL cannot carry; "
                        + (path.contains("{{")
                                ? "templates are written ${…}, e.g. /api/products/${sku} or ${randomInt(1,5)} ('{{ }}' is not one)"
                                : "percent-encode it (a space is %20)");
            }
        }
        return null;
    }

    /** What HTTP cannot carry in a header (Netty refuses it at send): a name that is not a token, a line break. */
    static String unsendableHeader(String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(RequestsParser::isTokenChar)) {
            return "'" + name
                    + "' is not a valid header name: use letters, digits and !#$%&'*+-.^_`|~ only, e.g. X-Request-Source";
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
                tree.problem(
                        n,
                        o.field("body"),
                        "expected a JSON body as a YAML mapping or list (or a JSON text); got a string that is not JSON");
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
                tree.problem(
                        n,
                        field,
                        earlier.isEmpty()
                                ? "${steps." + ref
                                        + "…} refers to a journey step, but nothing ran before this one; values come only from earlier steps of a journey"
                                : "${steps." + ref + "…}: no earlier step named '" + ref
                                        + "' in this journey (earlier steps: " + String.join(", ", earlier) + ")");
            }
        }
    }

    private String at(String suffix) {
        return base.isEmpty() ? suffix : base + "." + suffix;
    }
}
