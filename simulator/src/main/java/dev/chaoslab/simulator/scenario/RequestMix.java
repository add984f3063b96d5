package dev.chaoslab.simulator.scenario;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks a request kind by weight. Immutable and thread-safe; O(log n) per pick.
 */
public final class RequestMix {
    private final RequestSpec[] requests;
    private final double[] cumulative;

    public RequestMix(List<RequestSpec> requests) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("requests must not be empty");
        }
        this.requests = requests.toArray(new RequestSpec[0]);
        this.cumulative = new double[this.requests.length];
        double sum = 0;
        for (int i = 0; i < this.requests.length; i++) {
            sum += this.requests[i].weight();
            cumulative[i] = sum;
        }
    }

    /** A request kind, each with probability weight / total weight. */
    public RequestSpec pick(RandomGenerator random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return requests[lo];
    }
}
