package dev.chaoslab.simulator.traffic;

/**
 * A rate over the time of one phase: {@code r(t)} in requests per second for {@code t} in seconds from
 * the phase start, {@code 0 ≤ t ≤ duration()}.
 *
 * <p>Besides the rate it gives the expected number of arrivals {@code N(t) = ∫₀ᵗ r(s) ds} and its
 * inverse, which is what the {@link ArrivalGenerator} integrates. Implementations are immutable and
 * thread-safe.
 */
public interface RateFunction {

  /** The phase length in seconds. */
  double duration();

  /** Requests per second at {@code t} seconds from the phase start (clamped to the phase). */
  double rate(double t);

  /** Expected arrivals in {@code [0, t]}: {@code ∫₀ᵗ r(s) ds}; non-decreasing in {@code t}. */
  double count(double t);

  /** The highest rate anywhere in the phase (for ceilings). */
  double maxRate();

  /**
   * The smallest {@code t} in {@code [0, duration()]} with {@code count(t) ≥ target}; {@code duration()}
   * when the phase never reaches it. The default solves by Newton steps guarded by bisection.
   */
  default double inverseCount(double target) {
    double lo = 0;
    double hi = duration();
    if (target <= 0) {
      return 0;
    }
    if (count(hi) < target) {
      return hi;
    }
    double t = Math.min(hi, target / Math.max(rate(0), 1e-9));
    for (int i = 0; i < 100 && hi - lo > 1e-10; i++) {
      double c = count(t);
      if (c < target) {
        lo = t;
      } else {
        hi = t;
      }
      double r = rate(t);
      double next = r > 0 ? t + (target - c) / r : Double.NaN;
      t = next > lo && next < hi ? next : (lo + hi) / 2;
    }
    return hi;
  }
}
