package dev.chaoslab.simulator.tune;

import java.util.Arrays;

/**
 * One version of a rule: a threshold per comparison (in the order {@code RuleConditions} splits them), its
 * {@code for}, {@code keep_firing_for} and the window of its {@code rate()} calls ({@code windowMs}, 0 where the
 * rule's window is fixed). Immutable.
 */
public record Variant(double[] thresholds, long forMs, long keepFiringForMs, long windowMs) {

    public Variant {
        if (forMs < 0 || keepFiringForMs < 0 || windowMs < 0) {
            throw new IllegalArgumentException("for (" + forMs + " ms), keep_firing_for (" + keepFiringForMs
                    + " ms) and the window (" + windowMs + " ms) must be >= 0");
        }
        thresholds = thresholds.clone();
    }

    public double threshold(int condition) {
        return thresholds[condition];
    }

    public int conditions() {
        return thresholds.length;
    }

    /** This variant over another window. */
    public Variant withWindow(long window) {
        return new Variant(thresholds, forMs, keepFiringForMs, window);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Variant v
                && Arrays.equals(thresholds, v.thresholds)
                && forMs == v.forMs
                && keepFiringForMs == v.keepFiringForMs
                && windowMs == v.windowMs;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(thresholds) * 31
                + Long.hashCode(forMs) * 17
                + Long.hashCode(keepFiringForMs) * 7
                + Long.hashCode(windowMs);
    }

    @Override
    public String toString() {
        return Arrays.toString(thresholds) + " for " + forMs + " ms keep " + keepFiringForMs + " ms window " + windowMs
                + " ms";
    }
}
