package dev.chaoslab.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How one service's telemetry is set up: its name, whether telemetry is on, and the {@code OTEL_*}
 * variables that configure the OpenTelemetry SDK. Immutable; the {@code with…} methods return copies.
 *
 * <p>Where the values come from, lowest precedence first: the {@code DEFAULT_*} constants below, the
 * {@code OTEL_*} environment (or the map given to {@link #withEnv(Map)}), {@code otel.*} system properties.
 *
 * <p>{@code OTEL_SERVICE_NAME} (or {@code service.name} in {@code OTEL_RESOURCE_ATTRIBUTES}) renames the
 * service when the process hosts one service ({@link #fromEnv(String)}). In a process that hosts several
 * services ({@link #fromEnvInSharedProcess(String)}, the all-in-one mode) it is ignored: applied to every
 * service it would give four services one name and merge their traces and metrics.
 *
 * <pre>{@code
 * TelemetryOptions options = TelemetryOptions.fromEnv("orders");            // one service per process
 * TelemetryOptions shared = TelemetryOptions.fromEnvInSharedProcess("orders"); // all-in-one mode
 * TelemetryOptions test = TelemetryOptions.fromEnv("orders")
 *     .withEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()));
 * }</pre>
 */
public final class TelemetryOptions {

    /** Variable that switches all telemetry off when set to {@code off} (or {@code false}, {@code 0}). */
    public static final String TELEMETRY_SWITCH_VARIABLE = "CHAOSLAB_TELEMETRY";
    /** Traces exporter when no OTLP endpoint is configured: spans are still made (ids in logs and exemplars) but not sent. */
    public static final String DEFAULT_TRACES_EXPORTER_WITHOUT_ENDPOINT = "none";
    /** Traces exporter when {@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set. */
    public static final String DEFAULT_TRACES_EXPORTER_WITH_ENDPOINT = "otlp";
    /** OTLP transport: HTTP with protobuf bodies (port 4318 on a collector). */
    public static final String DEFAULT_OTLP_PROTOCOL = "http/protobuf";
    /** Metrics are scraped from {@code /metrics}, not pushed over OTLP. */
    public static final String DEFAULT_METRICS_EXPORTER = "none";
    /** Logs go to stdout as JSON lines, not over OTLP. */
    public static final String DEFAULT_LOGS_EXPORTER = "none";
    /** W3C {@code traceparent}/{@code tracestate} plus W3C baggage. */
    public static final String DEFAULT_PROPAGATORS = "tracecontext,baggage";
    /** Every span is recorded unless the caller's {@code traceparent} says it was not sampled. */
    public static final String DEFAULT_TRACES_SAMPLER = "parentbased_always_on";
    /** {@code service.namespace} resource attribute unless configured otherwise. */
    public static final String DEFAULT_SERVICE_NAMESPACE = "chaoslab";

    private final String requestedServiceName;
    private final boolean enabled;
    private final boolean sharedProcess;
    private final Map<String, String> env;

    private TelemetryOptions(
            String requestedServiceName, boolean enabled, boolean sharedProcess, Map<String, String> env) {
        Objects.requireNonNull(requestedServiceName, "serviceName must not be null");
        if (requestedServiceName.isBlank()) {
            throw new IllegalArgumentException("serviceName must not be blank");
        }
        this.requestedServiceName = requestedServiceName;
        this.enabled = enabled;
        this.sharedProcess = sharedProcess;
        this.env = Collections.unmodifiableMap(new TreeMap<>(env));
    }

    /** Options for a process that hosts only {@code serviceName}; {@code OTEL_SERVICE_NAME} may rename it. */
    public static TelemetryOptions fromEnv(String serviceName) {
        return fromEnv(serviceName, false);
    }

    /** Options for one of several services in one process; {@code OTEL_SERVICE_NAME} is ignored. */
    public static TelemetryOptions fromEnvInSharedProcess(String serviceName) {
        return fromEnv(serviceName, true);
    }

    private static TelemetryOptions fromEnv(String serviceName, boolean sharedProcess) {
        Map<String, String> env = relevant(System.getenv());
        return new TelemetryOptions(serviceName, switchedOn(env), sharedProcess, env);
    }

    /** No metrics, no tracing, no access log: the baseline of the "telemetry off" benchmark. */
    public static TelemetryOptions disabled(String serviceName) {
        return new TelemetryOptions(serviceName, false, false, Map.of());
    }

    /**
     * A copy with these variables laid over the current ones (only {@code OTEL_*} and
     * {@code CHAOSLAB_TELEMETRY} are looked at). Tests use it to point the exporter at their receiver.
     */
    public TelemetryOptions withEnv(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(relevant(overrides));
        boolean on = enabled && switchedOn(merged);
        return new TelemetryOptions(requestedServiceName, on, sharedProcess, merged);
    }

    /** The name this service reports: metrics tag {@code service}, resource {@code service.name}, log field {@code service}. */
    public String serviceName() {
        if (sharedProcess) {
            return requestedServiceName;
        }
        String fromVariable = setting("otel.service.name");
        if (fromVariable != null && !fromVariable.isBlank()) {
            return fromVariable.trim();
        }
        String fromAttributes = resourceAttribute("service.name");
        return fromAttributes != null ? fromAttributes : requestedServiceName;
    }

    /** False when telemetry was switched off ({@code CHAOSLAB_TELEMETRY=off} or {@link #disabled(String)}). */
    public boolean enabled() {
        return enabled;
    }

    /** True for a service that shares its process with others (all-in-one mode). */
    public boolean sharedProcess() {
        return sharedProcess;
    }

    /**
     * Who traces requests: {@link Instrumentation#AGENT} when {@code CHAOSLAB_INSTRUMENTATION=agent} (in the
     * environment or {@link #withEnv(Map)}), else the service's own SDK.
     *
     * @throws IllegalArgumentException when the variable names no {@link Instrumentation}
     */
    public Instrumentation instrumentation() {
        return Instrumentation.parse(env.get(Instrumentation.VARIABLE));
    }

    /** The {@code OTEL_*} and {@code CHAOSLAB_*} variables in effect (read-only). */
    public Map<String, String> env() {
        return env;
    }

    /** Where spans go, or {@code null} when no OTLP endpoint is configured (then they are not exported). */
    public String tracesEndpoint() {
        String exporter = otelProperties().get("otel.traces.exporter");
        if (exporter == null || !exporter.contains("otlp")) {
            return null;
        }
        String specific = setting("otel.exporter.otlp.traces.endpoint");
        if (specific != null) {
            return specific;
        }
        String base = setting("otel.exporter.otlp.endpoint");
        if (base == null) {
            base = "http/protobuf".equals(otelProperties().get("otel.exporter.otlp.protocol"))
                    ? "http://localhost:4318"
                    : "http://localhost:4317";
        }
        return base.endsWith("/") ? base + "v1/traces" : base + "/v1/traces";
    }

    /**
     * The complete property map handed to the SDK's autoconfiguration ({@code otel.*} keys): defaults,
     * then variables, then system properties, then the service name this process decided on.
     */
    public Map<String, String> otelProperties() {
        Map<String, String> props = new TreeMap<>();
        props.put("otel.exporter.otlp.protocol", DEFAULT_OTLP_PROTOCOL);
        props.put("otel.metrics.exporter", DEFAULT_METRICS_EXPORTER);
        props.put("otel.logs.exporter", DEFAULT_LOGS_EXPORTER);
        props.put("otel.propagators", DEFAULT_PROPAGATORS);
        props.put("otel.traces.sampler", DEFAULT_TRACES_SAMPLER);
        boolean endpointSet =
                setting("otel.exporter.otlp.endpoint") != null || setting("otel.exporter.otlp.traces.endpoint") != null;
        props.put(
                "otel.traces.exporter",
                endpointSet ? DEFAULT_TRACES_EXPORTER_WITH_ENDPOINT : DEFAULT_TRACES_EXPORTER_WITHOUT_ENDPOINT);
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                props.put(propertyName(name), value);
            }
        });
        System.getProperties().forEach((name, value) -> {
            if (name instanceof String key && key.startsWith("otel.") && value instanceof String text) {
                props.put(key, text);
            }
        });
        props.put("otel.service.name", serviceName());
        return props;
    }

    private String setting(String property) {
        String fromSystem = System.getProperty(property);
        if (fromSystem != null) {
            return fromSystem;
        }
        return env.get(property.toUpperCase(Locale.ROOT).replace('.', '_'));
    }

    private String resourceAttribute(String key) {
        String attributes = setting("otel.resource.attributes");
        if (attributes == null) {
            return null;
        }
        for (String pair : attributes.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(key)) {
                String value = pair.substring(eq + 1).trim();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Map<String, String> relevant(Map<String, String> variables) {
        Map<String, String> kept = new TreeMap<>();
        variables.forEach((name, value) -> {
            if (name != null && value != null && (name.startsWith("OTEL_") || name.startsWith("CHAOSLAB_"))) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    private static boolean switchedOn(Map<String, String> env) {
        String value = env.get(TELEMETRY_SWITCH_VARIABLE);
        if (value == null) {
            return true;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !(v.equals("off") || v.equals("false") || v.equals("0") || v.equals("none"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TelemetryOptions other
                && requestedServiceName.equals(other.requestedServiceName)
                && enabled == other.enabled
                && sharedProcess == other.sharedProcess
                && env.equals(other.env);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestedServiceName, enabled, sharedProcess, env);
    }

    @Override
    public String toString() {
        return "TelemetryOptions[service=" + serviceName() + ", enabled=" + enabled + ", sharedProcess=" + sharedProcess
                + ", env=" + env + "]";
    }
}
