package dev.chaoslab.simulator.scenario;

import java.util.List;

/** Bounds request weights so that their sum, which the mix divides by, stays a finite number. */
final class RequestWeights {
    /** The largest weight: weights are proportions, so a million to one is already far past what a mix needs. */
    static final double MAX_WEIGHT = 1_000_000;

    private RequestWeights() {}

    /** Records a problem on {@code scenario}'s requests when a weight is over {@link #MAX_WEIGHT}. */
    static void check(Tree tree, Tree.Obj scenario, List<RequestSpec> requests) {
        for (int i = 0; i < requests.size(); i++) {
            double w = requests.get(i).weight();
            if (!(w <= MAX_WEIGHT)) {
                tree.problem(
                        scenario.node("requests"),
                        scenario.field("requests[" + i + "].weight"),
                        "the weight " + w + " is over the limit of " + (long) MAX_WEIGHT
                                + "; weights are proportions: scale them down together");
            }
        }
    }
}
