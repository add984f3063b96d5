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
     * when the phase never reaches it.
     */
    default double inverseCount(double target) {
        return inverseCountAfter(0, target);
    }

    /**
     * As {@link #inverseCount(double)}, knowing the answer is at or after {@code from} (the generator's
     * cursor), which makes the search start close. The default solves by Newton steps guarded by
     * bisection, to a count error of 1e-9 relative.
     */
    default double inverseCountAfter(double from, double target) {
        double lo = Math.max(0, Math.min(from, duration()));
        double hi = duration();
        if (target <= count(lo)) {
            return lo;
        }
        if (count(hi) < target) {
            return hi;
        }
        double tolerance = 1e-9 * Math.max(1, Math.abs(target));
        double r = rate(lo);
        double t = r > 0 ? Math.min(hi, lo + (target - count(lo)) / r) : (lo + hi) / 2;
        for (int i = 0; i < 200; i++) {
            double err = count(t) - target;
            if (Math.abs(err) <= tolerance) {
                return t;
            }
            if (err < 0) {
                lo = t;
            } else {
                hi = t;
            }
            if (hi - lo <= 1e-12) {
                return hi;
            }
            r = rate(t);
            double next = r > 0 ? t - err / r : Double.NaN;
            t = next > lo && next < hi ? next : (lo + hi) / 2;
        }
        return hi;
    }
}
