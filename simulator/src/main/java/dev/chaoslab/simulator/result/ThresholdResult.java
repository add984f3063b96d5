package dev.chaoslab.simulator.result;

/**
 * A {@code thresholds} entry: a threshold and what the run measured.
 *
 * @param actual      the measured value, or null when there was nothing to measure (which fails)
 * @param abortOnFail whether the threshold stops the run when it fails while the run goes
 * @param aborted     whether it did stop the run (then it failed, whatever the figures that came in afterwards)
 */
public record ThresholdResult(
        ThresholdCriterion criterion, Double actual, boolean passed, boolean abortOnFail, boolean aborted) {

    public ThresholdResult {
        if (aborted && (!abortOnFail || passed)) {
            throw new IllegalArgumentException("only a failed abortOnFail threshold can have aborted the run");
        }
    }
}
