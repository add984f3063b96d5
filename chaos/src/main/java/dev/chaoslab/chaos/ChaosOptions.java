package dev.chaoslab.chaos;

import java.util.Map;

/**
 * Ceilings and access control of a service's chaos engine. Faults above a ceiling are refused with a 400 that
 * names the field and the ceiling, never clamped. Defaults come from the environment ({@link #fromEnv}).
 */
public final class ChaosOptions {

    public static final long DEFAULT_MAX_LATENCY_MS = 30_000;
    public static final long DEFAULT_MAX_TTL_MS = 3_600_000;
    public static final long DEFAULT_MAX_CPU_MS = 1_000;
    public static final int DEFAULT_MAX_FAULTS = 100;
    public static final int DEFAULT_CPU_WORKERS = 2;

    private long maxLatencyMs = DEFAULT_MAX_LATENCY_MS;
    private long maxTtlMs = DEFAULT_MAX_TTL_MS;
    private long maxCpuMs = DEFAULT_MAX_CPU_MS;
    private int maxFaults = DEFAULT_MAX_FAULTS;
    private int cpuWorkers = DEFAULT_CPU_WORKERS;
    private String token;

    /** Reads {@code CHAOS_MAX_LATENCY_MS}, {@code CHAOS_MAX_TTL_MS}, {@code CHAOS_MAX_CPU_MS}, {@code CHAOS_MAX_FAULTS}, {@code CHAOS_TOKEN}. */
    public static ChaosOptions fromEnv(Map<String, String> env) {
        ChaosOptions o = new ChaosOptions();
        String v;
        if ((v = env.get("CHAOS_MAX_LATENCY_MS")) != null) {
            o.setMaxLatencyMs(parse("CHAOS_MAX_LATENCY_MS", v));
        }
        if ((v = env.get("CHAOS_MAX_TTL_MS")) != null) {
            o.setMaxTtlMs(parse("CHAOS_MAX_TTL_MS", v));
        }
        if ((v = env.get("CHAOS_MAX_CPU_MS")) != null) {
            o.setMaxCpuMs(parse("CHAOS_MAX_CPU_MS", v));
        }
        if ((v = env.get("CHAOS_MAX_FAULTS")) != null) {
            o.setMaxFaults((int) parse("CHAOS_MAX_FAULTS", v));
        }
        if ((v = env.get("CHAOS_TOKEN")) != null && !v.isBlank()) {
            o.setToken(v);
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

    public ChaosOptions copy() {
        ChaosOptions o = new ChaosOptions();
        o.maxLatencyMs = maxLatencyMs;
        o.maxTtlMs = maxTtlMs;
        o.maxCpuMs = maxCpuMs;
        o.maxFaults = maxFaults;
        o.cpuWorkers = cpuWorkers;
        o.token = token;
        return o;
    }

    public long maxLatencyMs() {
        return maxLatencyMs;
    }

    public ChaosOptions setMaxLatencyMs(long maxLatencyMs) {
        if (maxLatencyMs <= 0) {
            throw new IllegalArgumentException("maxLatencyMs must be > 0");
        }
        this.maxLatencyMs = maxLatencyMs;
        return this;
    }

    public long maxTtlMs() {
        return maxTtlMs;
    }

    public ChaosOptions setMaxTtlMs(long maxTtlMs) {
        if (maxTtlMs <= 0) {
            throw new IllegalArgumentException("maxTtlMs must be > 0");
        }
        this.maxTtlMs = maxTtlMs;
        return this;
    }

    public long maxCpuMs() {
        return maxCpuMs;
    }

    public ChaosOptions setMaxCpuMs(long maxCpuMs) {
        if (maxCpuMs <= 0) {
            throw new IllegalArgumentException("maxCpuMs must be > 0");
        }
        this.maxCpuMs = maxCpuMs;
        return this;
    }

    public int maxFaults() {
        return maxFaults;
    }

    public ChaosOptions setMaxFaults(int maxFaults) {
        if (maxFaults <= 0) {
            throw new IllegalArgumentException("maxFaults must be > 0");
        }
        this.maxFaults = maxFaults;
        return this;
    }

    public int cpuWorkers() {
        return cpuWorkers;
    }

    public ChaosOptions setCpuWorkers(int cpuWorkers) {
        if (cpuWorkers <= 0) {
            throw new IllegalArgumentException("cpuWorkers must be > 0");
        }
        this.cpuWorkers = cpuWorkers;
        return this;
    }

    /** Bearer token required for mutating chaos calls; {@code null} when none is configured. */
    public String token() {
        return token;
    }

    public ChaosOptions setToken(String token) {
        this.token = token;
        return this;
    }
}
