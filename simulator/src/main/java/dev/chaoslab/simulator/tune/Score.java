package dev.chaoslab.simulator.tune;

/**
 * How a variant did against the recorded ground truth, over all recordings.
 *
 * @param faults             applied faults in the recordings
 * @param missed             faults it did not fire for within the fault window plus the grace time
 * @param meanTimeToFireMs   mean time from a fault's start to firing, over the detected faults; null when none
 * @param worstTimeToFireMs  the longest of those; null when none
 * @param meanTimeToResolveMs mean time from a fault's end until nothing fires, over the detected faults that
 *                           resolved within the data; null when none
 * @param unresolved         detected faults whose alert still fired at the end of the data
 * @param falseAlarmMs       firing time outside every fault window plus grace (baselines, quiet phases)
 * @param quietMs            how much quiet time the recordings hold
 */
public record Score(
        int faults,
        int missed,
        Long meanTimeToFireMs,
        Long worstTimeToFireMs,
        Long meanTimeToResolveMs,
        int unresolved,
        long falseAlarmMs,
        long quietMs) {

    /** Detection time for ordering: a missed fault counts as never. */
    public long detectionKey() {
        return meanTimeToFireMs == null ? Long.MAX_VALUE : meanTimeToFireMs;
    }

    /** Whether this is at least as good as {@code o} on missed faults, detection time and false alarms, and better on one. */
    public boolean dominates(Score o) {
        boolean noWorse = missed <= o.missed && detectionKey() <= o.detectionKey() && falseAlarmMs <= o.falseAlarmMs;
        boolean better = missed < o.missed || detectionKey() < o.detectionKey() || falseAlarmMs < o.falseAlarmMs;
        return noWorse && better;
    }
}
