package dev.chaoslab.simulator.scenario;

import java.util.List;

/**
 * Bounds the metric series a scenario makes: a run registers meters for every phase × request label (plain
 * requests' names and each journey step), each about fifty series once the latency buckets are counted. A small
 * file with many phases and many requests would otherwise make millions of series, block the run's start and
 * exhaust the heap.
 */
final class MeterBudget {
    /** Phase × request-label pairs a scenario may make: 20 phases × 25 labels, about 25 000 series. */
    static final int MAX_PHASE_LABELS = 500;

    private MeterBudget() {}

    /** Records a problem on {@code scenario}'s phases when phases × labels passes {@link #MAX_PHASE_LABELS}. */
    static void check(Tree tree, Tree.Obj scenario, List<Phase> phases, List<RequestSpec> requests) {
        long labels = requests.stream().mapToLong(r -> r.steps().size()).sum();
        long pairs = (long) phases.size() * labels;
        if (pairs > MAX_PHASE_LABELS) {
            tree.problem(
                    scenario.node("phases"),
                    scenario.field("phases"),
                    phases.size() + " phases × " + labels
                            + " request labels (requests and journey steps) make " + pairs
                            + " metric series sets, over the limit of "
                            + MAX_PHASE_LABELS
                            + "; use fewer phases or requests (a shape such as steps changes the rate within one "
                            + "phase)");
        }
    }
}
