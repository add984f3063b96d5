package dev.chaoslab.simulator.scenario;

import dev.chaoslab.chaos.ChaosOptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Limits that scenarios are validated against. The chaos ceilings are the chaos module's own
 * ({@link ChaosOptions}, defaults included), so a fault the simulator accepts is one the targets accept.
 *
 * @param maxRate          the highest rate a phase may ask for, requests/s; give it the engine's dial ceiling
 *                         ({@code RunManagerOptions.maxRate}), as the CLI does from {@code --max-rate}
 * @param allowedHosts     hosts target URLs may point at (case-insensitive; IPv6 without brackets)
 * @param chaos            the targets' chaos ceilings (latency, CPU, TTL); copied in and out, never shared
 * @param maxRunDuration   the longest scenario (sum of phases)
 * @param faultTtlMarginMs what the engine adds to a chaos step's duration for the fault's TTL
 *                         ({@code RunManagerOptions.chaosTtlMarginMs}); duration plus margin must stay within the TTL
 *                         ceiling, or the target would refuse the fault in the middle of the run
 */
public record ValidationOptions(
        double maxRate, Set<String> allowedHosts, ChaosOptions chaos, Duration maxRunDuration, long faultTtlMarginMs) {

    /**
     * The simulator's one rate ceiling, requests/s: phases may not ask for more, and the engine's rate dial
     * ({@code RunManagerOptions.DEFAULT_MAX_RATE}) stops at the same value, so a scenario that validates also runs.
     */
    public static final double DEFAULT_MAX_RATE = 20_000;

    public static final Set<String> DEFAULT_ALLOWED_HOSTS = Set.of("127.0.0.1", "localhost", "::1");
    public static final Duration DEFAULT_MAX_RUN_DURATION = Duration.ofHours(24);
    /** What the engine adds by default to a chaos step's duration for its fault's TTL: the target removes the fault
     *  itself if nobody else does. */
    public static final long DEFAULT_FAULT_TTL_MARGIN_MS = 10_000;

    public ValidationOptions {
        if (!(maxRate > 0) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("maxRate must be > 0 requests/s (got " + maxRate + ")");
        }
        if (maxRunDuration == null || maxRunDuration.isNegative() || maxRunDuration.isZero()) {
            throw new IllegalArgumentException("maxRunDuration must be > 0 (got " + maxRunDuration + ")");
        }
        if (faultTtlMarginMs < 0) {
            throw new IllegalArgumentException("faultTtlMarginMs must be >= 0 (got " + faultTtlMarginMs + ")");
        }
        chaos = chaos.copy();
        if (chaos.maxTtlMs() <= faultTtlMarginMs) {
            throw new IllegalArgumentException("maxFaultTtlMs must be > faultTtlMarginMs (" + faultTtlMarginMs
                    + "), or no fault fits (got " + chaos.maxTtlMs() + ")");
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : allowedHosts) {
            hosts.add(unbracket(h.trim().toLowerCase(Locale.ROOT)));
        }
        allowedHosts = Set.copyOf(hosts);
    }

    public static ValidationOptions defaults() {
        return new ValidationOptions(
                DEFAULT_MAX_RATE,
                DEFAULT_ALLOWED_HOSTS,
                new ChaosOptions(),
                DEFAULT_MAX_RUN_DURATION,
                DEFAULT_FAULT_TTL_MARGIN_MS);
    }

    /** A copy of the chaos ceilings (the options are mutable; these stay as validated). */
    @Override
    public ChaosOptions chaos() {
        return chaos.copy();
    }

    /** The chaos latency ceiling (fixed ms, uniform maxMs, normal mean, lognormal median). */
    public long maxLatencyMs() {
        return chaos.maxLatencyMs();
    }

    /** The chaos CPU-burn ceiling per request. */
    public long maxCpuMs() {
        return chaos.maxCpuMs();
    }

    /** The chaos API's TTL ceiling ({@code CHAOS_MAX_TTL_MS} of the targets). */
    public long maxFaultTtlMs() {
        return chaos.maxTtlMs();
    }

    public ValidationOptions withMaxRate(double rate) {
        return new ValidationOptions(rate, allowedHosts, chaos, maxRunDuration, faultTtlMarginMs);
    }

    /** These options with more allowed hosts (e.g. from {@code --allow-host} or {@code CHAOSLAB_ALLOWED_HOSTS}). */
    public ValidationOptions withAllowedHosts(Set<String> extra) {
        Set<String> all = new LinkedHashSet<>(allowedHosts);
        all.addAll(extra);
        return new ValidationOptions(maxRate, all, chaos, maxRunDuration, faultTtlMarginMs);
    }

    /** These options with other chaos ceilings (those the targets are configured with). */
    public ValidationOptions withChaos(ChaosOptions ceilings) {
        return new ValidationOptions(maxRate, allowedHosts, ceilings, maxRunDuration, faultTtlMarginMs);
    }

    /** @throws IllegalArgumentException naming the limit when {@code ms} is not &gt; 0 */
    public ValidationOptions withMaxLatencyMs(long ms) {
        return withChaos(chaos().setMaxLatencyMs(ms));
    }

    /** @throws IllegalArgumentException naming the limit when {@code ms} is not &gt; 0 */
    public ValidationOptions withMaxCpuMs(long ms) {
        return withChaos(chaos().setMaxCpuMs(ms));
    }

    public ValidationOptions withMaxRunDuration(Duration d) {
        return new ValidationOptions(maxRate, allowedHosts, chaos, d, faultTtlMarginMs);
    }

    /** The chaos API's TTL ceiling ({@code CHAOS_MAX_TTL_MS} of the targets). */
    public ValidationOptions withMaxFaultTtlMs(long ms) {
        return withChaos(chaos().setMaxTtlMs(ms));
    }

    /** The engine's TTL margin ({@code RunManagerOptions.chaosTtlMarginMs}). */
    public ValidationOptions withFaultTtlMarginMs(long ms) {
        return new ValidationOptions(maxRate, allowedHosts, chaos, maxRunDuration, ms);
    }

    /** The longest chaos step whose fault TTL (duration + margin) the chaos API accepts. */
    public Duration maxFaultDuration() {
        return Duration.ofMillis(chaos.maxTtlMs() - faultTtlMarginMs);
    }

    /** Whether a host (as in a URI, IPv6 possibly in brackets) is allowed. */
    public boolean allows(String host) {
        return host != null && allowedHosts.contains(unbracket(host.toLowerCase(Locale.ROOT)));
    }

    private static String unbracket(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
