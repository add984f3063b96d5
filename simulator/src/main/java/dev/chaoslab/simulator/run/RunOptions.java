package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.LoadOptions;

/**
 * Options of one run.
 *
 * @param seed seeds Poisson arrivals, the request mix and template values (same seed, same plan); null: random
 * @param load limits and timeouts of the load executor for this run; null: the manager's defaults
 */
public record RunOptions(Long seed, LoadOptions load) {
  public static RunOptions defaults() {
    return new RunOptions(null, null);
  }
}
