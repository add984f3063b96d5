package dev.chaoslab.simulator.tune;

/**
 * {@code rate()} and {@code increase()} of one counter series over a range, as Prometheus 2.42 computes them
 * ({@code extrapolatedRate} in {@code promql/functions.go} of v2.42.0), implemented from its semantics:
 *
 * <ul>
 *   <li>the range {@code [t - range, t]} holds the samples with a timestamp in it, both ends included (2.x; 3.0 made
 *       the start exclusive); fewer than two samples give no value;</li>
 *   <li>the increase is last minus first, plus, at every counter reset (a sample lower than the one before), the
 *       value before the reset;</li>
 *   <li>it is extrapolated from the first and last sample towards the range's ends: by the whole distance where that
 *       is below 1.1 times the average interval between the samples, else by half an average interval; towards the
 *       start no further than where the counter, going back at the same slope, would reach zero (when the first
 *       sample is not negative and the increase is positive);</li>
 *   <li>{@code rate} divides by the range in seconds.</li>
 * </ul>
 *
 * Pure; the arithmetic is done in the same order as Prometheus does it, so results agree to the last bits where the
 * inputs do.
 */
final class ExtrapolatedRate {

    private ExtrapolatedRate() {}

    /**
     * The rate (or increase) at {@code evalMs} over {@code rangeMs} of the samples {@code times[i]}, {@code values[i]}
     * (in time order; NaN values are no sample); NaN when the range holds fewer than two samples.
     */
    static double at(long[] times, double[] values, long evalMs, long rangeMs, boolean perSecond) {
        long rangeStart = evalMs - rangeMs;
        int first = -1;
        int last = -1;
        int count = 0;
        for (int i = 0; i < times.length && times[i] <= evalMs; i++) {
            if (times[i] >= rangeStart && !Double.isNaN(values[i])) {
                first = first < 0 ? i : first;
                last = i;
                count++;
            }
        }
        if (count < 2) {
            return Double.NaN;
        }
        double result = values[last] - values[first];
        double previous = 0;
        for (int i = first; i <= last; i++) {
            if (!Double.isNaN(values[i])) {
                if (values[i] < previous) {
                    result += previous;
                }
                previous = values[i];
            }
        }
        double durationToStart = (times[first] - rangeStart) / 1000.0;
        double durationToEnd = (evalMs - times[last]) / 1000.0;
        double sampledInterval = (times[last] - times[first]) / 1000.0;
        double averageBetweenSamples = sampledInterval / (count - 1);
        if (result > 0 && values[first] >= 0) {
            double durationToZero = sampledInterval * (values[first] / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = averageBetweenSamples * 1.1;
        double extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
        result = result * (extrapolateTo / sampledInterval);
        if (perSecond) {
            result = result / (rangeMs / 1000.0);
        }
        return result;
    }
}
