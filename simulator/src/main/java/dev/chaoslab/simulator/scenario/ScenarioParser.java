package dev.chaoslab.simulator.scenario;

import dev.chaoslab.chaos.Durations;
import dev.chaoslab.simulator.scenario.template.DataVariable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Parses and validates one scenario mapping; problems go to the shared {@link Tree}. */
final class ScenarioParser {
    static final Pattern ALERT = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    static final Pattern CHAOS_INDEX = Pattern.compile("chaos\\[(\\d+)]");
    static final List<String> SHAPES = PhasesParser.SHAPES;
    static final List<String> METRICS = ThresholdsParser.METRICS;

    private final Tree tree;
    private final ValidationOptions options;
    private final String base;
    private String name;
    // names as written, also of entries with problems, so references to them do not report twice
    private final List<String> phaseNames = new ArrayList<>();
    private final Map<String, Integer> chaosNames = new HashMap<>();
    private final List<String> requestNames = new ArrayList<>();
    private final List<String> targetNames = new ArrayList<>();
    private final Map<String, URI> chaosApis = new LinkedHashMap<>();
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
        name = ScenarioText.checkName(tree, s, "name", true);
        String description = s.has("description") ? s.str("description", false) : "";
        Map<String, URI> targets = targets(s);
        dependencies = new DependenciesParser(tree).parse(s, targetNames);
        data = new DataParser(tree).parse(s);
        List<Phase> phases = new PhasesParser(tree, options, base, phaseNames).parse(s);
        List<RequestSpec> requests = new RequestsParser(tree, base, data, targetNames, requestNames).parse(s);
        MeterBudget.check(tree, s, phases, requests);
        RequestWeights.check(tree, s, requests);
        Duration total = phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
        if (total.compareTo(options.maxRunDuration()) > 0) {
            tree.problem(
                    s.node("phases"),
                    at("phases"),
                    "the phases last " + Durations.format(total) + ", over the limit of "
                            + Durations.format(options.maxRunDuration()) + " per run");
        }
        List<ChaosStep> chaos = chaos(s, total);
        List<Threshold> thresholds = new ThresholdsParser(tree, base, requestNames, phaseNames).parse(s, total);
        List<Expectation> expect = expectations(s, chaos);
        if (tree.problemCount() != before) {
            return null;
        }
        return new Scenario(
                name,
                description == null ? "" : description,
                targets,
                chaosApis,
                phases,
                requests,
                chaos,
                thresholds,
                expect,
                tree.source());
    }

    // ---- targets

    private Map<String, URI> targets(Tree.Obj s) {
        Map<String, URI> out = new LinkedHashMap<>();
        Node n = s.get("targets", true, "a mapping of target names to base URLs, e.g. gateway: http://127.0.0.1:8080");
        if (n == null) {
            return out;
        }
        if (!(n instanceof MappingNode m) || m.getValue().isEmpty()) {
            tree.problem(
                    n,
                    at("targets"),
                    "expected a mapping of target names to base URLs, e.g. gateway: http://127.0.0.1:8080");
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
            String field = at("targets." + key);
            if (key == null || !ScenarioText.NAME.matcher(key).matches()) {
                tree.problem(t.getKeyNode(), at("targets"), "a target name is letters, digits, '.', '_' or '-'");
                continue;
            }
            if (targetNames.contains(key)) {
                tree.problem(t.getKeyNode(), field, "duplicate target '" + key + "'");
                continue;
            }
            targetNames.add(key);
            if (t.getValueNode() instanceof MappingNode) {
                // {url, chaos}: traffic to url, faults to the chaos API at chaos (a proxy's admin); no chaos, no faults
                Tree.Obj o = tree.obj(t.getValueNode(), field, ScenarioKeys.TARGET);
                Node urlNode = o == null ? null : o.get("url", true, "the base URL traffic goes to");
                URI url = urlNode == null ? null : targetUri(urlNode, o.field("url"));
                URI chaosApi = o == null || !o.has("chaos") ? null : targetUri(o.node("chaos"), o.field("chaos"));
                if (url != null) {
                    out.put(key, url);
                    if (chaosApi != null) {
                        chaosApis.put(key, chaosApi);
                    }
                }
                continue;
            }
            URI uri = targetUri(t.getValueNode(), field);
            if (uri != null) {
                out.put(key, uri);
                chaosApis.put(key, uri);
            }
        }
        return out;
    }

    private URI targetUri(Node node, String field) {
        String url = tree.str(node, field);
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            tree.problem(node, field, "not a URL (" + e.getReason() + "); expected e.g. http://127.0.0.1:8080");
            return null;
        }
        String problem = ScenarioValidator.targetProblem(uri, options);
        if (problem != null) {
            tree.problem(node, field, problem);
            return null;
        }
        return ScenarioValidator.normalize(uri);
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
            String cname = c.has("name") ? ScenarioText.checkName(tree, c, "name", false) : null;
            if (cname != null
                    && (!names.add(cname) || CHAOS_INDEX.matcher(cname).matches() || cname.equals("run"))) {
                tree.problem(
                        c.node("name"),
                        c.field("name"),
                        "chaos step names must be unique and not 'run' or 'chaos[N]' (got '" + cname + "')");
            } else if (cname != null) {
                chaosNames.put(cname, i);
            }
            Duration atOffset = c.duration("at", true);
            String target = c.str("target", true);
            if (target != null && !targetNames.isEmpty() && !targetNames.contains(target)) {
                tree.problem(
                        c.node("target"), c.field("target"), ScenarioText.unknownRef("target", target, targetNames));
            } else if (target != null && !chaosApis.containsKey(target)) {
                List<String> accepting =
                        targetNames.stream().filter(chaosApis::containsKey).toList();
                tree.problem(
                        c.node("target"),
                        c.field("target"),
                        "target '" + target + "' accepts no faults: it has no chaos "
                                + "API; give it one ({url: …, chaos: http://<proxy admin>}, e.g. a chaoslab proxy in front of it)"
                                + (accepting.isEmpty()
                                        ? ""
                                        : "; targets that accept faults: " + String.join(", ", accepting)));
            }
            Duration d = c.positiveDuration("duration", true);
            if (atOffset != null
                    && d != null
                    && total.compareTo(Duration.ZERO) > 0
                    && atOffset.plus(d).compareTo(total) > 0) {
                tree.problem(
                        c.node("duration"),
                        c.field("duration"),
                        "the fault would end at " + Durations.format(atOffset.plus(d)) + " but the run ends at "
                                + Durations.format(total) + "; shorten it or start it earlier");
            }
            Tree.Obj f = c.obj("fault", true, FaultParser.KEYS_AND_TTL);
            FaultParser.Result fault =
                    f == null ? null : faults.parse(f, c, target, d, target == null ? null : dependencies.get(target));
            if (tree.problemCount() == before && fault != null) {
                out.add(new ChaosStep(i, cname, atOffset, target, d, fault.fault(), fault.burnRate()));
            }
        }
        return out;
    }

    // ---- expectations

    private List<Expectation> expectations(Tree.Obj s, List<ChaosStep> chaos) {
        List<Expectation> out = new ArrayList<>();
        List<Node> items = s.has("expect") ? s.list("expect", false) : null;
        if (items == null) {
            return out;
        }
        int chaosCount = s.has("chaos") && s.node("chaos") instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq
                ? seq.getValue().size()
                : 0;
        for (int i = 0; i < items.size(); i++) {
            Tree.Obj e = tree.obj(items.get(i), at("expect[" + i + "]"), ScenarioKeys.EXPECT);
            if (e == null) {
                continue;
            }
            int before = tree.problemCount();
            String alert = e.str("alert", true);
            if (alert != null && !ALERT.matcher(alert).matches()) {
                tree.problem(
                        e.node("alert"),
                        e.field("alert"),
                        "expected a Prometheus alert name such as ChaoslabHighErrorRatio (got '" + alert + "')");
            }
            Map<String, String> labels = e.stringMap("labels");
            List<String> kinds = new ArrayList<>();
            for (String k : List.of("fires", "resolves", "silent", "notifies", "notNotified")) {
                if (e.keys().contains(k)) {
                    kinds.add(k);
                }
            }
            if (kinds.size() != 1) {
                tree.problem(
                        e.node,
                        e.path,
                        kinds.isEmpty()
                                ? "missing what to expect; give one of fires: {within, of}, resolves: {within, of}, silent: {during}, "
                                        + "notifies: {receiver, within, of} or notNotified: {during}"
                                : "give exactly one of fires, resolves, silent, notifies and notNotified (got "
                                        + String.join(", ", kinds) + "); write separate expectations");
                continue;
            }
            Expectation.Kind kind = Expectation.Kind.ofKey(kinds.get(0));
            Duration within = null;
            String receiver = null;
            Anchor anchor;
            if (kind == Expectation.Kind.SILENT || kind == Expectation.Kind.NOT_NOTIFIED) {
                Tree.Obj w = e.obj(kinds.get(0), true, ScenarioKeys.SILENT);
                anchor = w == null ? null : anchor(w, "during", chaosCount, chaos);
            } else if (kind == Expectation.Kind.NOTIFIES) {
                Tree.Obj w = e.obj("notifies", true, ScenarioKeys.NOTIFY);
                receiver = w == null ? null : w.str("receiver", true);
                if (receiver != null && receiver.isBlank()) {
                    tree.problem(
                            w.node("receiver"),
                            w.field("receiver"),
                            "expected the name of an Alertmanager receiver, e.g. pager");
                }
                within = w == null ? null : within(w);
                anchor = w == null ? null : anchor(w, "of", chaosCount, chaos);
            } else {
                Tree.Obj w = e.obj(kinds.get(0), true, ScenarioKeys.WINDOW);
                within = w == null ? null : within(w);
                anchor = w == null ? null : anchor(w, "of", chaosCount, chaos);
            }
            if (tree.problemCount() == before && anchor != null) {
                out.add(new Expectation(i, alert, labels, kind, within, anchor, receiver));
            }
        }
        return out;
    }

    /** An expectation's window: positive, and no longer than a run may last (the run would wait for it). */
    private Duration within(Tree.Obj w) {
        Duration within = w.positiveDuration("within", true);
        if (within != null && within.compareTo(options.maxRunDuration()) > 0) {
            tree.problem(
                    w.node("within"),
                    w.field("within"),
                    "a window of " + Durations.format(within) + " is longer than a run may last ("
                            + Durations.format(options.maxRunDuration()) + "); make it at most that");
            return null;
        }
        return within;
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
                tree.problem(
                        w.node(key),
                        w.field(key),
                        "'" + ref + "' does not exist: the scenario has " + chaosCount + " chaos step"
                                + (chaosCount == 1 ? "" : "s")
                                + (chaosCount > 0 ? " (chaos[0] … chaos[" + (chaosCount - 1) + "])" : ""));
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
            tree.problem(
                    w.node(key),
                    w.field(key),
                    "'" + bare + "' is both a phase and a chaos step; write phase:" + bare + " or chaos:" + bare);
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
        tree.problem(w.node(key), w.field(key), ScenarioText.unknownRef("phase or chaos step", ref, known));
        return null;
    }

    private static String label(List<ChaosStep> chaos, int idx) {
        return chaos.stream()
                .filter(c -> c.index() == idx)
                .map(ChaosStep::label)
                .findFirst()
                .orElse("chaos[" + idx + "]");
    }

    /** What a request's path cannot carry once sent, or null; see {@link RequestsParser#unsendableInPath}. */
    static String unsendableInPath(String path) {
        return RequestsParser.unsendableInPath(path);
    }

    /** What HTTP cannot carry in a header, or null; see {@link RequestsParser#unsendableHeader}. */
    static String unsendableHeader(String name, String value) {
        return RequestsParser.unsendableHeader(name, value);
    }
}
