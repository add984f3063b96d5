package dev.chaoslab.simulator.tune;

/**
 * A variant with its score. {@code pareto}: no other variant is at least as good on missed faults, detection
 * time and false-alarm time and better on one.
 */
public record TuneRow(Variant variant, Score score, boolean current, boolean pareto) {

    TuneRow onFront(boolean onFront) {
        return new TuneRow(variant, score, current, onFront);
    }
}
