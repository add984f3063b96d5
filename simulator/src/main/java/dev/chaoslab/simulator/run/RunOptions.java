package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.LoadOptions;

/**
 * Options of one run.
 *
 * @param seed           seeds Poisson arrivals, the request mix and template values (same seed, same plan); null: random
 * @param load           limits and timeouts of the load executor for this run; null: the manager's defaults
 * @param rateMultiplier the rate dial's position from the first request on (as {@link RateChange#multiplier}); null: 1.
 *                       Over the rate ceiling, the start fails with {@link RunStartException} and nothing is sent.
 */
public record RunOptions(Long seed, LoadOptions load, Double rateMultiplier) {
    public RunOptions {
        if (rateMultiplier != null && (!Double.isFinite(rateMultiplier) || rateMultiplier < 0)) {
            throw new IllegalArgumentException("rateMultiplier must be a finite number >= 0, was " + rateMultiplier);
        }
    }

    public RunOptions(Long seed, LoadOptions load) {
        this(seed, load, null);
    }

    public static RunOptions defaults() {
        return new RunOptions(null, null, null);
    }

    public RunOptions withRateMultiplier(double multiplier) {
        return new RunOptions(seed, load, multiplier);
    }
}
