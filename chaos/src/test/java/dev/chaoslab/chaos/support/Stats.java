package dev.chaoslab.chaos.support;

import java.util.List;

/**
 * Tolerances derived from the sample size: 4 standard deviations, so a correct implementation fails about
 * once in 15 000 runs while a wrong one (e.g. twice the rate) fails reliably at the sizes used.
 */
public final class Stats {

    private Stats() {}

    /** Half-width for a binomial count: 4·sqrt(n·p·(1−p)). */
    public static double binomialTolerance(int n, double p) {
        return 4 * Math.sqrt(n * p * (1 - p));
    }

    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Fraction of values ≤ x. */
    public static double fractionAtMost(List<Double> values, double x) {
        return values.stream().filter(v -> v <= x).count() / (double) values.size();
    }
}
