package dev.chaoslab.simulator.scenario;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fault applied to a target at an offset for a duration.
 *
 * @param index    position in the scenario's chaos list ({@code chaos[index]})
 * @param name     optional name that expectations can refer to, or null
 * @param at       offset from the run start
 * @param target   a key of {@link Scenario#targets()}
 * @param duration how long the fault stays; the engine derives the fault's TTL from it plus a margin
 * @param fault    the chaos-API fault JSON without {@code ttl} (and with a burn-rate profile already
 *                 turned into {@code probability}); JSON-able: Map, List, String, Number, Boolean
 * @param burnRate the burn-rate profile the probability came from, or null
 */
public record ChaosStep(
        int index,
        String name,
        Duration at,
        String target,
        Duration duration,
        Map<String, Object> fault,
        BurnRate burnRate) {

    /** The label carrying the id of the run that applied a fault; the run clears its faults by it. */
    public static final String RUN_ID_LABEL = "run_id";

    /** The label carrying the name of the scenario whose run applied a fault. */
    public static final String SCENARIO_LABEL = "scenario";

    /** The label carrying the index of the chaos step that applied a fault. */
    public static final String STEP_LABEL = "step";

    /**
     * The labels the run adds to every fault it applies (the run's id, the scenario's name, the step's index): a
     * fault's own labels may not use these names, and share the chaos API's label limit with them.
     */
    public static final List<String> RUN_LABELS = List.of(RUN_ID_LABEL, SCENARIO_LABEL, STEP_LABEL);

    public ChaosStep {
        fault = Collections.unmodifiableMap(new LinkedHashMap<>(fault));
    }

    /** The {@link #RUN_LABELS} with their values for the fault of step {@code step}, in that order. */
    public static Map<String, String> runLabels(String runId, String scenario, int step) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RUN_ID_LABEL, runId);
        labels.put(SCENARIO_LABEL, scenario);
        labels.put(STEP_LABEL, Integer.toString(step));
        return labels;
    }

    /** The fault type ({@code latency}, {@code error}, {@code hang}, {@code reset}, {@code dependency}, {@code cpu}). */
    public String faultType() {
        return (String) fault.get("type");
    }

    /** When the fault ends, as an offset from the run start. */
    public Duration end() {
        return at.plus(duration);
    }

    /** {@code name} when given, else {@code chaos[index]}. */
    public String label() {
        return name != null ? name : "chaos[" + index + "]";
    }
}
