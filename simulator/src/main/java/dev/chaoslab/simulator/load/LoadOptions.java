package dev.chaoslab.simulator.load;

/**
 * Limits and timeouts of the load executor. Every default is a {@code DEFAULT_*} constant; setters reject
 * values outside their range with the limit in the message.
 *
 * <p>Each lane's line for a connection to a target is sized to the in-flight cap, so a request admitted under
 * the cap always finds a place: the cap, not the line, decides what is dropped. Should a line still refuse a
 * request (busy), that request never reached the wire and is counted as dropped too.
 */
public final class LoadOptions {
    /** Requests in flight (sent or waiting for a connection) above which new arrivals are dropped. */
    public static final int DEFAULT_IN_FLIGHT_CAP = 2_000;
    /** HTTP/1.1 connections per target host and port. */
    public static final int DEFAULT_MAX_CONNECTIONS = 200;

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    /** Whole-exchange timeout: no answer (headers and body) within it counts as {@code timeout}. */
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
    /** The longest connect (and connection wait) timeout accepted. */
    public static final int MAX_CONNECT_TIMEOUT_MS = 120_000;
    /** Idle keep-alive connections are closed after this many seconds. */
    public static final int DEFAULT_IDLE_TIMEOUT_S = 30;
    /**
     * Event loops a run sends from: one per core, so a run's requests are not capped by what one core can send.
     * Each lane gets an equal share of {@link #maxConnections()}.
     */
    public static final int DEFAULT_LANES = Runtime.getRuntime().availableProcessors();
    /** More lanes than this buy nothing but connections and timers. */
    public static final int MAX_LANES = 64;

    private int inFlightCap = DEFAULT_IN_FLIGHT_CAP;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
    private int requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
    private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_S;
    private int lanes = DEFAULT_LANES;

    public LoadOptions() {}

    public LoadOptions(LoadOptions other) {
        this.inFlightCap = other.inFlightCap;
        this.maxConnections = other.maxConnections;
        this.connectTimeoutMs = other.connectTimeoutMs;
        this.requestTimeoutMs = other.requestTimeoutMs;
        this.idleTimeoutSeconds = other.idleTimeoutSeconds;
        this.lanes = other.lanes;
    }

    public int inFlightCap() {
        return inFlightCap;
    }

    public LoadOptions setInFlightCap(int inFlightCap) {
        this.inFlightCap = positive("inFlightCap", inFlightCap);
        return this;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public LoadOptions setMaxConnections(int maxConnections) {
        this.maxConnections = positive("maxConnections", maxConnections);
        return this;
    }

    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /**
     * How long a request may wait for a connection, its opening included, before it fails as a timeout: at most
     * {@link #MAX_CONNECT_TIMEOUT_MS} (the end of a run waits this long for stragglers).
     */
    public LoadOptions setConnectTimeoutMs(int connectTimeoutMs) {
        if (connectTimeoutMs > MAX_CONNECT_TIMEOUT_MS) {
            throw new IllegalArgumentException(
                    "connectTimeoutMs must be at most " + MAX_CONNECT_TIMEOUT_MS + ", was " + connectTimeoutMs);
        }
        this.connectTimeoutMs = positive("connectTimeoutMs", connectTimeoutMs);
        return this;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public LoadOptions setRequestTimeoutMs(int requestTimeoutMs) {
        this.requestTimeoutMs = positive("requestTimeoutMs", requestTimeoutMs);
        return this;
    }

    public int idleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    public LoadOptions setIdleTimeoutSeconds(int idleTimeoutSeconds) {
        this.idleTimeoutSeconds = positive("idleTimeoutSeconds", idleTimeoutSeconds);
        return this;
    }

    public int lanes() {
        return lanes;
    }

    public LoadOptions setLanes(int lanes) {
        if (positive("lanes", lanes) > MAX_LANES) {
            throw new IllegalArgumentException("lanes must be at most " + MAX_LANES + ", was " + lanes);
        }
        this.lanes = lanes;
        return this;
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }
}
