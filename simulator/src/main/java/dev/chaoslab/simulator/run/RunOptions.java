package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.LoadOptions;

/**
 * Options of one run.
 *
 * @param seed           seeds Poisson arrivals, the request mix and template values (same seed, same plan); null: random
 * @param load           limits and timeouts of the load executor for this run; null: the manager's defaults
 * @param rateMultiplier the rate dial's position from the first request on (as {@link RateChange#multiplier}); null: 1.
 *                       Over the rate ceiling, the start fails with {@link RunStartException} and nothing is sent.
 * @param shard          the stripe of the plan this run sends, null for the whole plan; a sharded run needs a seed
 *                       (every shard must build the same plan), so one without is refused
 */
public record RunOptions(Long seed, LoadOptions load, Double rateMultiplier, Shard shard) {
    public RunOptions {
        if (rateMultiplier != null && (!Double.isFinite(rateMultiplier) || rateMultiplier < 0)) {
            throw new IllegalArgumentException("rateMultiplier must be a finite number >= 0, was " + rateMultiplier);
        }
        if (shard != null && seed == null) {
            throw new IllegalArgumentException("a sharded run needs a seed that every shard shares, so that they build"
                    + " the same plan; none was given");
        }
    }

    public RunOptions(Long seed, LoadOptions load, Double rateMultiplier) {
        this(seed, load, rateMultiplier, null);
    }

    public RunOptions(Long seed, LoadOptions load) {
        this(seed, load, null, null);
    }

    public static RunOptions defaults() {
        return new RunOptions(null, null, null, null);
    }

    public RunOptions withRateMultiplier(double multiplier) {
        return new RunOptions(seed, load, multiplier, shard);
    }

    /** These options with {@code s} as the seed. */
    public RunOptions withSeed(long s) {
        return new RunOptions(s, load, rateMultiplier, shard);
    }

    /** These options sending only {@code stripe} of the plan. */
    public RunOptions withShard(Shard stripe) {
        return new RunOptions(seed, load, rateMultiplier, stripe);
    }
}
