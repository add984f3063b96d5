package dev.chaoslab.simulator.result;

/**
 * The threshold that stopped the run (k6's {@code abortOnFail}): its index in the scenario's thresholds, when
 * ({@code atMs} from the run start), the value that failed it, and a sentence saying so.
 */
public record AbortedBy(int threshold, long atMs, double actual, String detail) {

    public AbortedBy {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold index must be >= 0, was " + threshold);
        }
    }

    /** The abort by threshold {@code index}, {@code criterion}, with its sentence. */
    public static AbortedBy of(int index, ThresholdCriterion criterion, long atMs, double actual) {
        String unit = ResultText.unitSuffix(criterion.unit());
        String detail = ResultText.thresholdName(criterion) + " was " + ResultText.num(actual, 4) + unit + " at "
                + ResultText.clock(atMs) + ", not below " + ResultText.num(criterion.below(), 4) + unit
                + "; the threshold aborts the run on failure (abortOnFail)";
        return new AbortedBy(index, atMs, actual, detail);
    }
}
