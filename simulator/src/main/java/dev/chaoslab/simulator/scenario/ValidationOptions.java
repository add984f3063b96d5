package dev.chaoslab.simulator.scenario;

import dev.chaoslab.simulator.chaos.ChaosTimeline;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Limits that scenarios are validated against. Defaults keep traffic on loopback and mirror the chaos
 * API's own ceilings, so a fault the simulator accepts is one the targets accept.
 *
 * @param maxRate          the highest rate a phase may ask for, requests/s; give it the engine's dial ceiling
 *                         ({@code RunManagerOptions.maxRate}), as the CLI does from {@code --max-rate}
 * @param allowedHosts     hosts target URLs may point at (case-insensitive; IPv6 without brackets)
 * @param maxLatencyMs     the chaos latency ceiling (fixed ms, uniform maxMs, normal mean, lognormal median)
 * @param maxCpuMs         the chaos CPU-burn ceiling per request
 * @param maxRunDuration   the longest scenario (sum of phases)
 * @param maxFaultTtlMs    the chaos API's TTL ceiling: a chaos step's duration plus {@code faultTtlMarginMs} must
 *                         not exceed it, or the target refuses the fault in the middle of the run
 * @param faultTtlMarginMs what the engine adds to a chaos step's duration for the fault's TTL
 *                         ({@code RunManagerOptions.chaosTtlMarginMs})
 */
public record ValidationOptions(double maxRate, Set<String> allowedHosts, long maxLatencyMs, long maxCpuMs,
                                Duration maxRunDuration, long maxFaultTtlMs, long faultTtlMarginMs) {

  /**
   * The simulator's one rate ceiling, requests/s: phases may not ask for more, and the engine's rate dial
   * ({@code RunManagerOptions.DEFAULT_MAX_RATE}) stops at the same value, so a scenario that validates also runs.
   */
  public static final double DEFAULT_MAX_RATE = 20_000;
  public static final Set<String> DEFAULT_ALLOWED_HOSTS = Set.of("127.0.0.1", "localhost", "::1");
  /** Same as the chaos API's default latency ceiling ({@code CHAOS_MAX_LATENCY_MS}). */
  public static final long DEFAULT_MAX_LATENCY_MS = 30_000;
  public static final long DEFAULT_MAX_CPU_MS = 1_000;
  public static final Duration DEFAULT_MAX_RUN_DURATION = Duration.ofHours(24);
  /** Same as the chaos API's default TTL ceiling ({@code CHAOS_MAX_TTL_MS}): one hour. */
  public static final long DEFAULT_MAX_FAULT_TTL_MS = 3_600_000;
  /** Same as the engine's default ({@link ChaosTimeline#DEFAULT_TTL_MARGIN_MS}). */
  public static final long DEFAULT_FAULT_TTL_MARGIN_MS = ChaosTimeline.DEFAULT_TTL_MARGIN_MS;

  public ValidationOptions {
    if (!(maxRate > 0) || Double.isInfinite(maxRate)) {
      throw new IllegalArgumentException("maxRate must be > 0 requests/s (got " + maxRate + ")");
    }
    if (maxLatencyMs <= 0) {
      throw new IllegalArgumentException("maxLatencyMs must be > 0 (got " + maxLatencyMs + ")");
    }
    if (maxCpuMs <= 0) {
      throw new IllegalArgumentException("maxCpuMs must be > 0 (got " + maxCpuMs + ")");
    }
    if (maxRunDuration == null || maxRunDuration.isNegative() || maxRunDuration.isZero()) {
      throw new IllegalArgumentException("maxRunDuration must be > 0 (got " + maxRunDuration + ")");
    }
    if (faultTtlMarginMs < 0) {
      throw new IllegalArgumentException("faultTtlMarginMs must be >= 0 (got " + faultTtlMarginMs + ")");
    }
    if (maxFaultTtlMs <= faultTtlMarginMs) {
      throw new IllegalArgumentException("maxFaultTtlMs must be > faultTtlMarginMs (" + faultTtlMarginMs
        + "), or no fault fits (got " + maxFaultTtlMs + ")");
    }
    Set<String> hosts = new LinkedHashSet<>();
    for (String h : allowedHosts) {
      hosts.add(unbracket(h.trim().toLowerCase(Locale.ROOT)));
    }
    allowedHosts = Set.copyOf(hosts);
  }

  public static ValidationOptions defaults() {
    return new ValidationOptions(DEFAULT_MAX_RATE, DEFAULT_ALLOWED_HOSTS, DEFAULT_MAX_LATENCY_MS, DEFAULT_MAX_CPU_MS,
      DEFAULT_MAX_RUN_DURATION, DEFAULT_MAX_FAULT_TTL_MS, DEFAULT_FAULT_TTL_MARGIN_MS);
  }

  public ValidationOptions withMaxRate(double rate) {
    return new ValidationOptions(rate, allowedHosts, maxLatencyMs, maxCpuMs, maxRunDuration, maxFaultTtlMs,
      faultTtlMarginMs);
  }

  /** These options with more allowed hosts (e.g. from {@code --allow-host} or {@code CHAOSLAB_ALLOWED_HOSTS}). */
  public ValidationOptions withAllowedHosts(Set<String> extra) {
    Set<String> all = new LinkedHashSet<>(allowedHosts);
    all.addAll(extra);
    return new ValidationOptions(maxRate, all, maxLatencyMs, maxCpuMs, maxRunDuration, maxFaultTtlMs,
      faultTtlMarginMs);
  }

  public ValidationOptions withMaxLatencyMs(long ms) {
    return new ValidationOptions(maxRate, allowedHosts, ms, maxCpuMs, maxRunDuration, maxFaultTtlMs,
      faultTtlMarginMs);
  }

  public ValidationOptions withMaxCpuMs(long ms) {
    return new ValidationOptions(maxRate, allowedHosts, maxLatencyMs, ms, maxRunDuration, maxFaultTtlMs,
      faultTtlMarginMs);
  }

  public ValidationOptions withMaxRunDuration(Duration d) {
    return new ValidationOptions(maxRate, allowedHosts, maxLatencyMs, maxCpuMs, d, maxFaultTtlMs, faultTtlMarginMs);
  }

  /** The chaos API's TTL ceiling ({@code CHAOS_MAX_TTL_MS} of the targets). */
  public ValidationOptions withMaxFaultTtlMs(long ms) {
    return new ValidationOptions(maxRate, allowedHosts, maxLatencyMs, maxCpuMs, maxRunDuration, ms, faultTtlMarginMs);
  }

  /** The engine's TTL margin ({@code RunManagerOptions.chaosTtlMarginMs}). */
  public ValidationOptions withFaultTtlMarginMs(long ms) {
    return new ValidationOptions(maxRate, allowedHosts, maxLatencyMs, maxCpuMs, maxRunDuration, maxFaultTtlMs, ms);
  }

  /** The longest chaos step whose fault TTL (duration + margin) the chaos API accepts. */
  public Duration maxFaultDuration() {
    return Duration.ofMillis(maxFaultTtlMs - faultTtlMarginMs);
  }

  /** Whether a host (as in a URI, IPv6 possibly in brackets) is allowed. */
  public boolean allows(String host) {
    return host != null && allowedHosts.contains(unbracket(host.toLowerCase(Locale.ROOT)));
  }

  private static String unbracket(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
