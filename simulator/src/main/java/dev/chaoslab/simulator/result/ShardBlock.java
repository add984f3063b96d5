package dev.chaoslab.simulator.result;

import java.time.Instant;
import java.util.List;

/**
 * The {@code shard} block of a sharded run's report: which stripe of which plan it sent, or, in a merged report, the
 * plan and one row per shard. Shards of one plan agree on everything here except {@code index}, {@code missed} and
 * {@code shards}; {@code chaoslab merge} refuses reports whose plans differ.
 *
 * @param index          the shard's index (0 is the leader: it alone runs the chaos timeline and the alert
 *                       verdicts); null in a merged report
 * @param count          how many shards the plan is striped over (arrival i belongs to shard i mod count)
 * @param plan           the digest of the scenario's canonical form (phases, request mix, thresholds)
 * @param seed           the seed every shard derives the arrival plan and each arrival's randoms from
 * @param rateMultiplier the rate dial's position at plan time 0
 * @param startAt        the instant of plan time 0
 * @param missed         arrivals of this stripe that were due before the shard started (counted as dropped); in a
 *                       merged report the sum
 * @param shards         in a merged report one row per shard, by index; empty in a shard's own report
 */
public record ShardBlock(
        Integer index,
        int count,
        String plan,
        long seed,
        double rateMultiplier,
        Instant startAt,
        long missed,
        List<ShardRow> shards) {

    public ShardBlock {
        if (count < 1 || (index != null && (index < 0 || index >= count))) {
            throw new IllegalArgumentException(
                    "shard " + index + "/" + count + ": the index must be in 0.." + (count - 1));
        }
        if (plan == null || startAt == null) {
            throw new IllegalArgumentException("a shard block needs its plan digest and start instant");
        }
        shards = List.copyOf(shards);
    }

    /** Whether this is the leader's report (shard 0): the one with the chaos timeline and the alert verdicts. */
    public boolean leader() {
        return index != null && index == 0;
    }

    /** Whether this block belongs to a merged report rather than to one shard's. */
    public boolean merged() {
        return index == null;
    }

    /** The plan identity as text, for a refusal that names what differs. */
    public String identity() {
        return "plan " + plan + ", " + count + " shard(s), seed " + seed + ", rate multiplier " + rateMultiplier
                + ", start at " + startAt;
    }
}
