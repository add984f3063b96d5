package dev.chaoslab.telemetry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who traces a service's requests: its own OpenTelemetry SDK wired into Vert.x, or the OpenTelemetry Java agent
 * attached with {@code -javaagent}. Exactly one of them, so that nothing is traced twice. Metrics, exemplars and
 * the access log are the service's own in both modes.
 */
public enum Instrumentation {

    /** The service builds its own SDK and hands it to Vert.x's tracer (the default). */
    SDK,
    /**
     * The Java agent traces: the service builds no SDK and gives Vert.x no tracer; exemplars and log lines take the
     * trace ids from the agent's current context through the OpenTelemetry API.
     */
    AGENT;

    /** The variable that selects the mode: {@code sdk} (default) or {@code agent}. */
    public static final String VARIABLE = "CHAOSLAB_INSTRUMENTATION";
    /** The mode when {@link #VARIABLE} is unset or blank. */
    public static final Instrumentation DEFAULT = SDK;

    /**
     * The mode named by {@code value} (case-insensitive); {@link #DEFAULT} for {@code null} or blank.
     *
     * @throws IllegalArgumentException for any other name, with the accepted names in the message
     */
    public static Instrumentation parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(mode -> mode.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(VARIABLE + " must be one of "
                        + Arrays.stream(values()).map(Instrumentation::id).collect(Collectors.joining(", "))
                        + ", not '" + value + "'"));
    }

    /** The lower-case name used in variables and flags. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
