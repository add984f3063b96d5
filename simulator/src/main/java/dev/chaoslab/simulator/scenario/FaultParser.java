package dev.chaoslab.simulator.scenario;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.chaos.DependencyFault;
import dev.chaoslab.chaos.Durations;
import dev.chaoslab.chaos.FaultReader;
import dev.chaoslab.chaos.FaultScope;
import dev.chaoslab.chaos.FaultTypes;
import dev.chaoslab.chaos.http.Problems;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Validates a chaos step's {@code fault} with the chaos module's own reader ({@link FaultReader}, the one the
 * targets use) and turns it into the fault JSON the engine posts (without {@code ttl}, which the engine derives
 * from the step's duration). What is the simulator's own is read here: a burn-rate profile instead of
 * {@code probability}, no {@code ttl}, and the dependencies a scenario declares for its targets. The reader's
 * problems, which name their field by path ({@code latency.ms}), are located on the YAML node of that field.
 */
final class FaultParser {
    /** The fault keys plus ttl, which gets its own message rather than "unknown key". */
    static final List<String> KEYS_AND_TTL =
            Stream.concat(ScenarioKeys.FAULT.stream(), Stream.of("ttl")).toList();

    private static final FaultReader READER = new FaultReader(FaultTypes.standard());
    private static final String DEPENDENCY_TYPE = new DependencyFault().name();

    /** The fault JSON to post and the burn-rate profile its probability came from (or null). */
    record Result(Map<String, Object> fault, BurnRate burnRate) {}

    private final Tree tree;
    private final ValidationOptions options;
    private final ChaosOptions ceilings;

    FaultParser(Tree tree, ValidationOptions options) {
        this.tree = tree;
        this.options = options;
        this.ceilings = options.chaos();
    }

    /**
     * Reads the fault of chaos step {@code step}.
     *
     * @param f            the step's {@code fault} mapping
     * @param step         the chaos step (its {@code duration} node carries TTL problems)
     * @param target       the step's target, or null when it is missing
     * @param duration     the step's duration, or null when it is missing or bad
     * @param dependencies the dependencies the scenario declares for {@code target}, or null when it declares none
     * @return the fault, or null when it has problems (they are in the tree)
     */
    Result parse(Tree.Obj f, Tree.Obj step, String target, Duration duration, List<String> dependencies) {
        int before = tree.problemCount();
        if (f.keys().contains("ttl")) {
            tree.problem(
                    f.keyNode("ttl"),
                    f.field("ttl"),
                    "a chaos step's fault has no ttl: it is derived from the step's duration plus a safety margin; remove it");
        }
        String type = f.str("type", true);
        List<String> types = READER.types().nameList();
        if (type != null && !types.contains(type)) {
            String best = Suggestions.closest(type, types);
            tree.problem(
                    f.node("type"),
                    f.field("type"),
                    "unknown fault type '" + type + "'" + (best != null ? "; did you mean '" + best + "'?" : ".")
                            + " Expected one of " + String.join(", ", types));
            return null;
        }
        Map<String, Object> fault = new LinkedHashMap<>();
        for (String key : f.keys()) {
            if (ScenarioKeys.FAULT.contains(key) && !key.equals("burnRate") && !key.equals("slo")) {
                fault.put(key, key.equals("labels") ? f.stringMap("labels") : tree.plain(f.node(key), f.field(key)));
            }
        }
        BurnRate burn = probability(f, fault);
        if (type != null && type.equals(DEPENDENCY_TYPE) && target != null && dependencies == null) {
            tree.problem(
                    f.node("dependency"),
                    f.field("dependency"),
                    "the scenario does not say what " + target
                            + " calls, so the dependency cannot be checked before the run; declare it, e.g. dependencies: {"
                            + target
                            + ": [payments]}");
            return null;
        }
        if (type == null) {
            return null;
        }
        if (!runLabelsFit(f, fault)) {
            return null;
        }
        JsonObject json = new JsonObject(new LinkedHashMap<>(fault));
        // judged with the labels the run adds, by the chaos API's own rules, so what loads is what the API takes
        JsonObject labels = new JsonObject();
        if (fault.get("labels") instanceof Map<?, ?> own) {
            own.forEach((k, v) -> labels.put(String.valueOf(k), v));
        }
        for (String name : ChaosStep.RUN_LABELS) {
            labels.put(name, "0");
        }
        json.put("labels", labels);
        // a duration that is missing or bad is reported where it is; the ceiling stands in so the rest is checked
        long ttlMs = duration == null ? ceilings.maxTtlMs() : duration.toMillis() + options.faultTtlMarginMs();
        json.put("ttl", Durations.formatMillis(ttlMs));
        Problems problems = new Problems();
        FaultScope scope = new FaultScope(
                target == null ? "the target" : target,
                ceilings,
                null,
                dependencies == null ? null : Set.copyOf(dependencies));
        READER.read(json, scope, problems);
        for (Problems.Problem p : problems.list()) {
            if (p.field().equals("ttl")) {
                tree.problem(step.node("duration"), step.field("duration"), ttlProblem(duration));
            } else if (p.field().equals("labels")) {
                tree.problem(
                        f.node("labels"),
                        f.field("labels"),
                        p.message() + ", the " + ChaosStep.RUN_LABELS.size() + " the run adds ("
                                + String.join(", ", ChaosStep.RUN_LABELS) + ") included; remove some");
            } else {
                tree.problem(locate(f.node, p.field()), f.field(p.field()), p.message());
            }
        }
        if (tree.problemCount() > before) {
            return null;
        }
        if (json.getJsonObject("match") != null && json.getJsonObject("match").getString("method") != null) {
            Map<String, Object> match =
                    new LinkedHashMap<>(json.getJsonObject("match").getMap());
            match.put("method", match.get("method").toString().toUpperCase());
            fault.put("match", match);
        }
        return new Result(fault, burn);
    }

    /** False (after recording problems) when a fault's own labels use a name the run sets on every fault. */
    private boolean runLabelsFit(Tree.Obj f, Map<String, Object> fault) {
        if (!(fault.get("labels") instanceof Map<?, ?> labels)) {
            return true;
        }
        boolean fit = true;
        for (String name : ChaosStep.RUN_LABELS) {
            if (labels.containsKey(name)) {
                tree.problem(
                        f.node("labels"),
                        f.field("labels") + "." + name,
                        "'" + name + "' is set by the run on every fault (" + String.join(", ", ChaosStep.RUN_LABELS)
                                + "); choose another label name");
                fit = false;
            }
        }
        return fit;
    }

    // The engine posts the fault with ttl = duration + margin; the chaos API refuses a ttl over its ceiling, which
    // would otherwise surface only when the step comes due, in the middle of the run.
    private String ttlProblem(Duration d) {
        String longest = Durations.format(options.maxFaultDuration());
        return "a " + Durations.format(d) + " fault is sent with ttl "
                + Durations.format(d.plusMillis(options.faultTtlMarginMs()))
                + " (the duration plus a " + Durations.format(Duration.ofMillis(options.faultTtlMarginMs()))
                + " safety margin), over the chaos API's ttl ceiling of "
                + Durations.formatMillis(options.maxFaultTtlMs())
                + " (CHAOS_MAX_TTL_MS of the targets); make it at most " + longest
                + ", or split it into consecutive chaos steps of at most " + longest + " each";
    }

    /** The YAML node of a dotted field path below {@code node}; the deepest one that exists. */
    private static Node locate(Node node, String path) {
        Node at = node;
        for (String key : path.split("\\.")) {
            if (!(at instanceof MappingNode m)) {
                return at;
            }
            Node next = null;
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                    next = t.getValueNode();
                }
            }
            if (next == null) {
                return at;
            }
            at = next;
        }
        return at;
    }

    private BurnRate probability(Tree.Obj f, Map<String, Object> out) {
        boolean hasBurn = f.keys().contains("burnRate");
        boolean hasSlo = f.keys().contains("slo");
        if (f.keys().contains("probability") && (hasBurn || hasSlo)) {
            tree.problem(
                    f.keyNode("probability"),
                    f.field("probability"),
                    "give either probability or burnRate with slo, not both (burnRate × (1 − slo) sets the probability)");
            return null;
        }
        if (!hasBurn && !hasSlo) {
            return null;
        }
        Double rate = f.num("burnRate", true);
        Double slo = f.num("slo", true);
        if (rate != null && rate <= 0) {
            tree.problem(
                    f.node("burnRate"),
                    f.field("burnRate"),
                    "must be > 0, e.g. 14.4 (fast burn), 6 or 1 (got " + rate + ")");
            rate = null;
        }
        if (slo != null && (slo <= 0 || slo >= 1)) {
            tree.problem(
                    f.node("slo"),
                    f.field("slo"),
                    "must be between 0 and 1 exclusive, e.g. 0.995 for 99.5 % (got " + slo + ")");
            slo = null;
        }
        if (rate == null || slo == null) {
            return null;
        }
        BurnRate b = new BurnRate(rate, slo);
        double p = b.probability();
        if (p > 1) {
            tree.problem(
                    f.node("burnRate"),
                    f.field("burnRate"),
                    "burnRate × (1 − slo) = " + round(p) + " is over 1; the largest burn rate for slo " + slo + " is "
                            + fmt(round(1 / (1 - slo))));
            return null;
        }
        out.put("probability", p);
        return b;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
