package dev.chaoslab.simulator.scenario;

import dev.chaoslab.chaos.Delay;
import dev.chaoslab.chaos.DependencyFault;
import dev.chaoslab.chaos.FaultReader;
import dev.chaoslab.chaos.FaultTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys each object of the scenario format accepts. The parser rejects any other key (suggesting
 * the closest), and a test checks that the JSON Schema's {@code $defs} list exactly these properties,
 * so the schema, the parser and the docs cannot drift apart. The fault's keys come from the chaos module's
 * registry ({@link FaultTypes}), not from here.
 */
public final class ScenarioKeys {
    public static final List<String> FILE = List.of("scenarios");
    public static final List<String> SCENARIO = List.of(
            "name",
            "description",
            "targets",
            "dependencies",
            "data",
            "phases",
            "requests",
            "chaos",
            "thresholds",
            "expect");
    /** A target in its mapping form: where traffic goes, and where its chaos API is (a chaoslab proxy's admin). */
    public static final List<String> TARGET = List.of("url", "chaos");
    /** A range variable of the {@code data:} block (a list variable is a plain list). */
    public static final List<String> DATA_RANGE = List.of("from", "to", "format");

    public static final List<String> PHASE = List.of("name", "duration", "shape", "arrivals");
    public static final List<String> SHAPE_CONSTANT = List.of("type", "rate");
    public static final List<String> SHAPE_RAMP = List.of("type", "from", "to");
    public static final List<String> SHAPE_STEPS = List.of("type", "steps", "from", "to", "count");
    public static final List<String> STEP_RATE = List.of("rate", "duration");
    public static final List<String> SHAPE_SPIKE = List.of("type", "base", "peak", "at", "duration", "edge");
    public static final List<String> SHAPE_SINE = List.of("type", "mean", "amplitude", "period");
    public static final List<String> REQUEST = List.of(
            "name", "weight", "target", "method", "path", "headers", "body", "timeout", "expectedStatuses", "steps");
    public static final List<String> JOURNEY_STEP =
            List.of("name", "target", "method", "path", "headers", "body", "timeout", "expectedStatuses");
    public static final List<String> CHAOS = List.of("name", "at", "target", "duration", "fault");
    /** A chaos step's fault: the chaos module's fields without {@code ttl} (derived), plus a burn-rate profile. */
    public static final List<String> FAULT = faultKeys();

    public static final List<String> MATCH = FaultReader.MATCH_FIELDS;
    public static final List<String> LATENCY = Delay.fields();
    public static final List<String> DEPENDENCY = DependencyFault.FIELDS;
    public static final List<String> THRESHOLD =
            List.of("metric", "request", "phase", "measure", "below", "abortOnFail", "delayAbortEval");
    public static final List<String> EXPECT =
            List.of("alert", "labels", "fires", "resolves", "silent", "notifies", "notNotified");
    public static final List<String> WINDOW = List.of("within", "of");
    public static final List<String> SILENT = List.of("during");
    public static final List<String> NOTIFY = List.of("receiver", "within", "of");

    /** The objects by their JSON Schema {@code $defs} name. */
    public static final Map<String, List<String>> BY_SCHEMA_DEF;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("file", FILE);
        m.put("scenario", SCENARIO);
        m.put("dataRange", DATA_RANGE);
        m.put("phase", PHASE);
        m.put("shapeConstant", SHAPE_CONSTANT);
        m.put("shapeRamp", SHAPE_RAMP);
        m.put("shapeSteps", SHAPE_STEPS);
        m.put("stepRate", STEP_RATE);
        m.put("shapeSpike", SHAPE_SPIKE);
        m.put("shapeSine", SHAPE_SINE);
        m.put("request", REQUEST);
        m.put("journeyStep", JOURNEY_STEP);
        m.put("chaosStep", CHAOS);
        m.put("fault", FAULT);
        m.put("match", MATCH);
        m.put("latency", LATENCY);
        m.put("dependency", DEPENDENCY);
        m.put("threshold", THRESHOLD);
        m.put("expectation", EXPECT);
        m.put("window", WINDOW);
        m.put("silent", SILENT);
        m.put("notify", NOTIFY);
        BY_SCHEMA_DEF = Map.copyOf(m);
    }

    private ScenarioKeys() {}

    private static List<String> faultKeys() {
        List<String> keys = new ArrayList<>(List.of("type", "probability", "burnRate", "slo", "match", "labels"));
        keys.addAll(FaultTypes.standard().typeFields());
        return List.copyOf(keys);
    }
}
