package dev.chaoslab.simulator.scenario;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Limits that scenarios are validated against. Defaults keep traffic on loopback and mirror the chaos
 * API's own ceilings, so a fault the simulator accepts is one the targets accept.
 *
 * @param maxRate          the highest rate a phase may ask for, requests/s
 * @param allowedHosts     hosts target URLs may point at (case-insensitive; IPv6 without brackets)
 * @param maxLatencyMs     the chaos latency ceiling (fixed ms, uniform maxMs, normal mean, lognormal median)
 * @param maxCpuMs         the chaos CPU-burn ceiling per request
 * @param maxRunDuration   the longest scenario (sum of phases)
 */
public record ValidationOptions(double maxRate, Set<String> allowedHosts, long maxLatencyMs, long maxCpuMs,
                                Duration maxRunDuration) {

  public static final double DEFAULT_MAX_RATE = 10_000;
  public static final Set<String> DEFAULT_ALLOWED_HOSTS = Set.of("127.0.0.1", "localhost", "::1");
  /** Same as the chaos API's default latency ceiling ({@code CHAOS_MAX_LATENCY_MS}). */
  public static final long DEFAULT_MAX_LATENCY_MS = 30_000;
  public static final long DEFAULT_MAX_CPU_MS = 1_000;
  public static final Duration DEFAULT_MAX_RUN_DURATION = Duration.ofHours(24);

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
    Set<String> hosts = new LinkedHashSet<>();
    for (String h : allowedHosts) {
      hosts.add(unbracket(h.trim().toLowerCase(Locale.ROOT)));
    }
    allowedHosts = Set.copyOf(hosts);
  }

  public static ValidationOptions defaults() {
    return new ValidationOptions(DEFAULT_MAX_RATE, DEFAULT_ALLOWED_HOSTS, DEFAULT_MAX_LATENCY_MS, DEFAULT_MAX_CPU_MS,
      DEFAULT_MAX_RUN_DURATION);
  }

  public ValidationOptions withMaxRate(double rate) {
    return new ValidationOptions(rate, allowedHosts, maxLatencyMs, maxCpuMs, maxRunDuration);
  }

  /** These options with more allowed hosts (e.g. from {@code --allow-host} or {@code CHAOSLAB_ALLOWED_HOSTS}). */
  public ValidationOptions withAllowedHosts(Set<String> extra) {
    Set<String> all = new LinkedHashSet<>(allowedHosts);
    all.addAll(extra);
    return new ValidationOptions(maxRate, all, maxLatencyMs, maxCpuMs, maxRunDuration);
  }

  public ValidationOptions withMaxLatencyMs(long ms) {
    return new ValidationOptions(maxRate, allowedHosts, ms, maxCpuMs, maxRunDuration);
  }

  public ValidationOptions withMaxCpuMs(long ms) {
    return new ValidationOptions(maxRate, allowedHosts, maxLatencyMs, ms, maxRunDuration);
  }

  public ValidationOptions withMaxRunDuration(Duration d) {
    return new ValidationOptions(maxRate, allowedHosts, maxLatencyMs, maxCpuMs, d);
  }

  /** Whether a host (as in a URI, IPv6 possibly in brackets) is allowed. */
  public boolean allows(String host) {
    return host != null && allowedHosts.contains(unbracket(host.toLowerCase(Locale.ROOT)));
  }

  private static String unbracket(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
