package dev.chaoslab.simulator.tune;

import java.util.Arrays;

/**
 * One version of a rule: a threshold per comparison (in the order {@code RuleConditions} splits them), its
 * {@code for} and {@code keep_firing_for}. Immutable.
 */
public record Variant(double[] thresholds, long forMs, long keepFiringForMs) {

    public Variant {
        if (forMs < 0 || keepFiringForMs < 0) {
            throw new IllegalArgumentException(
                    "for (" + forMs + " ms) and keep_firing_for (" + keepFiringForMs + " ms) must be >= 0");
        }
        thresholds = thresholds.clone();
    }

    public double threshold(int condition) {
        return thresholds[condition];
    }

    public int conditions() {
        return thresholds.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Variant v
                && Arrays.equals(thresholds, v.thresholds)
                && forMs == v.forMs
                && keepFiringForMs == v.keepFiringForMs;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(thresholds) * 31 + Long.hashCode(forMs) * 17 + Long.hashCode(keepFiringForMs);
    }

    @Override
    public String toString() {
        return Arrays.toString(thresholds) + " for " + forMs + " ms keep " + keepFiringForMs + " ms";
    }
}
