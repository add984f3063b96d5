package dev.chaoslab.simulator.api;

import dev.chaoslab.telemetry.ReadDeadlines;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of the simulator's REST API. Setters reject bad values with the limit in the message. */
public final class ApiOptions {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;
    /** Large enough for any hand-written inline scenario, small enough that a runaway client cannot fill the heap. */
    public static final long DEFAULT_BODY_LIMIT = 1024 * 1024;
    /** Request bodies held at once, all requests together: 16 bodies at the default limit. */
    public static final long DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 16 * DEFAULT_BODY_LIMIT;

    public static final String TOKEN_ENV = "CHAOSLAB_API_TOKEN";
    /** Event streams at once: a live page per engineer of a team, with room to spare; each costs a timer. */
    public static final int DEFAULT_MAX_STREAMS = 32;
    /** Unsent bytes a stream may hold: about 16 status events; past it the client is dropped. */
    public static final long DEFAULT_STREAM_QUEUE_BYTES = 64 * 1024;

    public static final long DEFAULT_STREAM_INTERVAL_MS = 1000;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String token;
    private long bodyLimit = DEFAULT_BODY_LIMIT;
    private long maxBodyBytesInFlight = DEFAULT_MAX_BODY_BYTES_IN_FLIGHT;
    private Path scenarioDir = Path.of(".");
    private int maxStreams = DEFAULT_MAX_STREAMS;
    private long streamQueueBytes = DEFAULT_STREAM_QUEUE_BYTES;
    private long streamIntervalMs = DEFAULT_STREAM_INTERVAL_MS;
    private ReadDeadlines.Options readDeadlines =
            ReadDeadlines.Options.defaults(Duration.ofSeconds(ApiVerticle.IDLE_TIMEOUT_SECONDS));
    private MeterRegistry meterRegistry;

    public String host() {
        return host;
    }

    public ApiOptions setHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty (use 127.0.0.1 to listen on loopback only)");
        }
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    /** 0 picks a free port (tests). */
    public ApiOptions setPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        this.port = port;
        return this;
    }

    /** The bearer token mutating calls need; null or blank for none (allowed on loopback only). */
    public String token() {
        return token;
    }

    public ApiOptions setToken(String token) {
        this.token = token == null || token.isBlank() ? null : token;
        return this;
    }

    public long bodyLimit() {
        return bodyLimit;
    }

    public ApiOptions setBodyLimit(long bodyLimit) {
        if (bodyLimit < 1024) {
            throw new IllegalArgumentException("bodyLimit must be >= 1024 bytes, was " + bodyLimit);
        }
        this.bodyLimit = bodyLimit;
        return this;
    }

    /** The request-body bytes the API reads at once, over all requests; past it a request is answered 503. */
    public long maxBodyBytesInFlight() {
        return maxBodyBytesInFlight;
    }

    public ApiOptions setMaxBodyBytesInFlight(long maxBodyBytesInFlight) {
        if (maxBodyBytesInFlight < bodyLimit) {
            throw new IllegalArgumentException(
                    "maxBodyBytesInFlight must be >= bodyLimit (" + bodyLimit + "), was " + maxBodyBytesInFlight);
        }
        this.maxBodyBytesInFlight = maxBodyBytesInFlight;
        return this;
    }

    /** The directory that {@code "file"} references in requests are resolved in; requests cannot leave it. */
    public Path scenarioDir() {
        return scenarioDir;
    }

    public ApiOptions setScenarioDir(Path scenarioDir) {
        this.scenarioDir = scenarioDir.toAbsolutePath().normalize();
        return this;
    }

    /** Event streams ({@code GET /runs/:id/events}) served at once; more answer 429. */
    public int maxStreams() {
        return maxStreams;
    }

    public ApiOptions setMaxStreams(int maxStreams) {
        if (maxStreams < 1 || maxStreams > 1000) {
            throw new IllegalArgumentException("maxStreams must be in [1, 1000], was " + maxStreams);
        }
        this.maxStreams = maxStreams;
        return this;
    }

    /** Unsent bytes one event stream may hold before its client is dropped as too slow. */
    public long streamQueueBytes() {
        return streamQueueBytes;
    }

    public ApiOptions setStreamQueueBytes(long streamQueueBytes) {
        if (streamQueueBytes < 1024 || streamQueueBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("streamQueueBytes must be in [1024, 16777216], was " + streamQueueBytes);
        }
        this.streamQueueBytes = streamQueueBytes;
        return this;
    }

    /** How often an event stream sends the run's status, ms. */
    public long streamIntervalMs() {
        return streamIntervalMs;
    }

    public ApiOptions setStreamIntervalMs(long streamIntervalMs) {
        if (streamIntervalMs < 1 || streamIntervalMs > 60_000) {
            throw new IllegalArgumentException("streamIntervalMs must be in [1, 60000], was " + streamIntervalMs);
        }
        this.streamIntervalMs = streamIntervalMs;
        return this;
    }

    /** Whether {@link #host()} is a loopback address (only this machine can connect). */
    public boolean loopback() {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Fails when the API would be reachable from other machines without a token: anyone who can reach it
     * could otherwise send load and inject faults.
     */
    public void checkSafe() {
        if (!loopback() && token == null) {
            throw new IllegalStateException("Refusing to listen on " + host + " without an API token: anyone who can "
                    + "reach it could start load and inject faults. Set " + TOKEN_ENV + " (clients then send "
                    + "'Authorization: Bearer <token>'), or listen on 127.0.0.1.");
        }
    }

    /** How long a client may take to send a request head and body (slower ones get 408 or a close). */
    public ReadDeadlines.Options readDeadlines() {
        return readDeadlines;
    }

    public ApiOptions setReadDeadlines(ReadDeadlines.Options readDeadlines) {
        this.readDeadlines = readDeadlines;
        return this;
    }

    /** Where the API counts what it refuses (read timeouts); null counts nothing. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public ApiOptions setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
        return this;
    }
}
