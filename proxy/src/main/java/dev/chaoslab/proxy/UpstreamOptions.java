package dev.chaoslab.proxy;

import dev.chaoslab.telemetry.ReadDeadlines;

/**
 * How a proxy treats its connections: to its upstream, timeouts and a bounded connection pool; from its clients, the
 * read deadlines of both listeners (their defaults and range are {@link ReadDeadlines}'). The other defaults are
 * {@code DEFAULT_*} constants; setters refuse out-of-range values with the limit in the message.
 */
public final class UpstreamOptions {

    /** How long connecting to the upstream may take before the proxy answers 504. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    /** How long the upstream may stay silent (no header, no body byte) before the proxy answers 504. */
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
    /** Connections to the upstream at most (HTTP/1.1, one request per connection at a time). */
    public static final int DEFAULT_MAX_CONNECTIONS = 128;
    /** Requests waiting for a connection at most; beyond it the proxy answers 503 at once. */
    public static final int DEFAULT_MAX_WAIT_QUEUE = 1_024;

    private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
    private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxWaitQueue = DEFAULT_MAX_WAIT_QUEUE;
    private long readHeadTimeoutMs = ReadDeadlines.DEFAULT_HEAD_MS;
    private long readBodyTimeoutMs = ReadDeadlines.DEFAULT_BODY_MS;

    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public UpstreamOptions setConnectTimeoutMs(long connectTimeoutMs) {
        if (connectTimeoutMs <= 0) {
            throw new IllegalArgumentException("connectTimeoutMs must be > 0, not " + connectTimeoutMs);
        }
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    public long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    public UpstreamOptions setIdleTimeoutMs(long idleTimeoutMs) {
        if (idleTimeoutMs <= 0) {
            throw new IllegalArgumentException("idleTimeoutMs must be > 0, not " + idleTimeoutMs);
        }
        this.idleTimeoutMs = idleTimeoutMs;
        return this;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public UpstreamOptions setMaxConnections(int maxConnections) {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be > 0, not " + maxConnections);
        }
        this.maxConnections = maxConnections;
        return this;
    }

    public int maxWaitQueue() {
        return maxWaitQueue;
    }

    public UpstreamOptions setMaxWaitQueue(int maxWaitQueue) {
        if (maxWaitQueue < 0) {
            throw new IllegalArgumentException("maxWaitQueue must be >= 0, not " + maxWaitQueue);
        }
        this.maxWaitQueue = maxWaitQueue;
        return this;
    }

    /** How long both listeners wait for a connection's first request head before closing it. */
    public long readHeadTimeoutMs() {
        return readHeadTimeoutMs;
    }

    public UpstreamOptions setReadHeadTimeoutMs(long readHeadTimeoutMs) {
        this.readHeadTimeoutMs = ReadDeadlines.checkedMs("read head timeout", readHeadTimeoutMs);
        return this;
    }

    /** How long both listeners wait for a body they read (plus a second per 16 KiB) before answering 408. */
    public long readBodyTimeoutMs() {
        return readBodyTimeoutMs;
    }

    public UpstreamOptions setReadBodyTimeoutMs(long readBodyTimeoutMs) {
        this.readBodyTimeoutMs = ReadDeadlines.checkedMs("read body timeout", readBodyTimeoutMs);
        return this;
    }
}
