package dev.chaoslab.targets;

import dev.chaoslab.chaos.ChaosClock;
import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.targets.http.ClientOptions;
import dev.chaoslab.telemetry.Instrumentation;
import dev.chaoslab.telemetry.ReadDeadlines;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link Targets#start} runs: which services, where, and how. Defaults follow docs/contracts.md
 * (loopback, ports 8080-8083); port 0 picks a free port. A dependency that is not started in this process is
 * reached at its configured URL (default: loopback and its default port).
 */
public final class TargetsConfig {

    public static final String DEFAULT_HOST = "127.0.0.1";

    private String host = DEFAULT_HOST;
    private final EnumSet<ServiceName> services = EnumSet.allOf(ServiceName.class);
    private final Map<ServiceName, Integer> ports = new EnumMap<>(ServiceName.class);
    private final Map<ServiceName, String> urls = new EnumMap<>(ServiceName.class);
    private ChaosOptions chaos = new ChaosOptions();
    private ClientOptions client = new ClientOptions();
    private Long seed;
    private ChaosClock clock = ChaosClock.SYSTEM;
    private boolean telemetry = true;
    private Map<String, String> telemetryEnv = Map.of();
    private Instrumentation instrumentation = Instrumentation.DEFAULT;
    private long readHeadTimeoutMs = ReadDeadlines.DEFAULT_HEAD_MS;
    private long readBodyTimeoutMs = ReadDeadlines.DEFAULT_BODY_MS;

    /** All four services on free ports: what tests and embedded demos want. */
    public static TargetsConfig allOnFreePorts() {
        TargetsConfig config = new TargetsConfig();
        for (ServiceName s : ServiceName.values()) {
            config.setPort(s, 0);
        }
        return config;
    }

    public String host() {
        return host;
    }

    public TargetsConfig setHost(String host) {
        this.host = host;
        return this;
    }

    public Set<ServiceName> services() {
        return EnumSet.copyOf(services);
    }

    public TargetsConfig setServices(Set<ServiceName> services) {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("services must not be empty");
        }
        this.services.clear();
        this.services.addAll(services);
        return this;
    }

    public int port(ServiceName service) {
        return ports.getOrDefault(service, service.defaultPort());
    }

    public TargetsConfig setPort(ServiceName service, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(service.id() + " port must be in 0..65535, got " + port);
        }
        ports.put(service, port);
        return this;
    }

    /** Base URL of a service that runs elsewhere. */
    public String url(ServiceName service) {
        return urls.getOrDefault(service, "http://127.0.0.1:" + service.defaultPort());
    }

    public TargetsConfig setUrl(ServiceName service, String url) {
        urls.put(service, url);
        return this;
    }

    public ChaosOptions chaos() {
        return chaos;
    }

    public TargetsConfig setChaos(ChaosOptions chaos) {
        this.chaos = chaos;
        return this;
    }

    public ClientOptions client() {
        return client;
    }

    public TargetsConfig setClient(ClientOptions client) {
        this.client = client;
        return this;
    }

    /** Seed of the chaos engines' randomness ({@code null}: unseeded); each service derives its own from it. */
    public Long seed() {
        return seed;
    }

    public TargetsConfig setSeed(Long seed) {
        this.seed = seed;
        return this;
    }

    public ChaosClock clock() {
        return clock;
    }

    public TargetsConfig setClock(ChaosClock clock) {
        this.clock = clock;
        return this;
    }

    public boolean telemetry() {
        return telemetry;
    }

    /** {@code false}: no tracing and metrics set-up (for measuring what instrumentation costs). */
    public TargetsConfig setTelemetry(boolean telemetry) {
        this.telemetry = telemetry;
        return this;
    }

    /** {@code OTEL_*} variables laid over the environment, e.g. a test's OTLP receiver endpoint. */
    public Map<String, String> telemetryEnv() {
        return telemetryEnv;
    }

    public TargetsConfig setTelemetryEnv(Map<String, String> telemetryEnv) {
        this.telemetryEnv = Map.copyOf(telemetryEnv);
        return this;
    }

    /** Who traces requests: the services' own SDK (default) or the OpenTelemetry Java agent. */
    public Instrumentation instrumentation() {
        return instrumentation;
    }

    /** {@link Instrumentation#AGENT}: the services build no tracer of their own (the process runs under the agent). */
    public TargetsConfig setInstrumentation(Instrumentation instrumentation) {
        this.instrumentation = Objects.requireNonNull(instrumentation, "instrumentation must not be null");
        return this;
    }

    /** How long each service waits for a connection's first request head before closing it. */
    public long readHeadTimeoutMs() {
        return readHeadTimeoutMs;
    }

    public TargetsConfig setReadHeadTimeoutMs(long readHeadTimeoutMs) {
        this.readHeadTimeoutMs = ReadDeadlines.checkedMs("read head timeout", readHeadTimeoutMs);
        return this;
    }

    /** How long each service waits for a request body it reads (plus a second per 16 KiB) before answering 408. */
    public long readBodyTimeoutMs() {
        return readBodyTimeoutMs;
    }

    public TargetsConfig setReadBodyTimeoutMs(long readBodyTimeoutMs) {
        this.readBodyTimeoutMs = ReadDeadlines.checkedMs("read body timeout", readBodyTimeoutMs);
        return this;
    }
}
