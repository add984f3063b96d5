package dev.chaoslab.targets.http;

import java.util.Map;

/** Timeouts and pool bounds of the services' downstream calls. */
public final class ClientOptions {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 1_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 2_000;
    public static final int DEFAULT_IDLE_TIMEOUT_S = 30;
    public static final int DEFAULT_MAX_POOL_SIZE = 50;
    public static final int DEFAULT_MAX_WAIT_QUEUE = 500;

    private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
    private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
    private int idleTimeoutS = DEFAULT_IDLE_TIMEOUT_S;
    private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
    private int maxWaitQueue = DEFAULT_MAX_WAIT_QUEUE;

    /** Reads {@code CLIENT_CONNECT_TIMEOUT_MS}, {@code CLIENT_REQUEST_TIMEOUT_MS}, {@code CLIENT_POOL_SIZE}, {@code CLIENT_MAX_WAIT_QUEUE}. */
    public static ClientOptions fromEnv(Map<String, String> env) {
        ClientOptions o = new ClientOptions();
        String v;
        if ((v = env.get("CLIENT_CONNECT_TIMEOUT_MS")) != null) {
            o.setConnectTimeoutMs((int) parse("CLIENT_CONNECT_TIMEOUT_MS", v));
        }
        if ((v = env.get("CLIENT_REQUEST_TIMEOUT_MS")) != null) {
            o.setRequestTimeoutMs(parse("CLIENT_REQUEST_TIMEOUT_MS", v));
        }
        if ((v = env.get("CLIENT_POOL_SIZE")) != null) {
            o.setMaxPoolSize((int) parse("CLIENT_POOL_SIZE", v));
        }
        if ((v = env.get("CLIENT_MAX_WAIT_QUEUE")) != null) {
            o.setMaxWaitQueue((int) parse("CLIENT_MAX_WAIT_QUEUE", v));
        }
        return o;
    }

    private static long parse(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public ClientOptions setConnectTimeoutMs(int connectTimeoutMs) {
        if (connectTimeoutMs <= 0) {
            throw new IllegalArgumentException("connectTimeoutMs must be > 0");
        }
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    /** How long a call to a dependency may go without an answer before it is a timeout (504). */
    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public ClientOptions setRequestTimeoutMs(long requestTimeoutMs) {
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs must be > 0");
        }
        this.requestTimeoutMs = requestTimeoutMs;
        return this;
    }

    public int idleTimeoutS() {
        return idleTimeoutS;
    }

    public ClientOptions setIdleTimeoutS(int idleTimeoutS) {
        if (idleTimeoutS <= 0) {
            throw new IllegalArgumentException("idleTimeoutS must be > 0");
        }
        this.idleTimeoutS = idleTimeoutS;
        return this;
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }

    public ClientOptions setMaxPoolSize(int maxPoolSize) {
        if (maxPoolSize <= 0) {
            throw new IllegalArgumentException("maxPoolSize must be > 0");
        }
        this.maxPoolSize = maxPoolSize;
        return this;
    }

    public int maxWaitQueue() {
        return maxWaitQueue;
    }

    public ClientOptions setMaxWaitQueue(int maxWaitQueue) {
        if (maxWaitQueue < 0) {
            throw new IllegalArgumentException("maxWaitQueue must be ≥ 0");
        }
        this.maxWaitQueue = maxWaitQueue;
        return this;
    }
}
