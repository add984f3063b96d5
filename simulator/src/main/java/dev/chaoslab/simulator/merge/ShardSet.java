package dev.chaoslab.simulator.merge;

import dev.chaoslab.simulator.result.ShardBlock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The shards of one plan, checked complete: every index once, all of the same plan, ordered by index. */
final class ShardSet {
    private ShardSet() {}

    /**
     * {@code inputs} ordered by shard index.
     *
     * @throws MergeException naming the shard that differs from the first, is given twice or is missing
     */
    static List<ShardInput> check(List<ShardInput> inputs) {
        if (inputs.isEmpty()) {
            throw new MergeException("no shard to merge");
        }
        ShardInput first = inputs.get(0);
        ShardBlock plan = first.report().shard();
        ShardInput[] byIndex = new ShardInput[plan.count()];
        for (ShardInput in : inputs) {
            ShardBlock b = in.report().shard();
            if (!samePlan(plan, b)) {
                throw new MergeException("shard " + b.index() + " (" + in.dir() + ") is of a different plan than shard "
                        + plan.index() + " (" + first.dir() + "): " + b.identity() + " vs " + plan.identity());
            }
            if (byIndex[b.index()] != null) {
                throw new MergeException(
                        "shard " + b.index() + " is given twice: " + byIndex[b.index()].dir() + " and " + in.dir());
            }
            byIndex[b.index()] = in;
        }
        for (int i = 0; i < byIndex.length; i++) {
            if (byIndex[i] == null) {
                throw new MergeException(
                        "shard " + i + " of " + plan.count() + " is missing (" + plan.identity() + ")");
            }
        }
        return inputs.stream()
                .sorted(Comparator.comparingInt(ShardInput::index))
                .toList();
    }

    private static boolean samePlan(ShardBlock a, ShardBlock b) {
        return a.count() == b.count()
                && a.plan().equals(b.plan())
                && a.seed() == b.seed()
                && Double.compare(a.rateMultiplier(), b.rateMultiplier()) == 0
                && Objects.equals(a.startAt(), b.startAt());
    }
}
