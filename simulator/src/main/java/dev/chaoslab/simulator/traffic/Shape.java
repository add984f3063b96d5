package dev.chaoslab.simulator.traffic;

import java.time.Duration;
import java.util.Map;

/**
 * A traffic shape as written in a scenario, before it knows how long its phase is. Each shape checks
 * its own arguments in its constructor (the message names the limit); {@link #over(Duration)} checks
 * what depends on the phase length and gives the phase's {@link RateFunction}.
 */
public sealed interface Shape permits ConstantShape, RampShape, StepsShape, SpikeShape, SineShape {

    /** The {@code type} key in scenario files: {@code constant}, {@code ramp}, {@code steps}, {@code spike}, {@code sine}. */
    String type();

    /**
     * The rate function over a phase of this length.
     *
     * @throws IllegalArgumentException when the shape does not fit the phase (e.g. a spike after its end)
     */
    RateFunction over(Duration phaseDuration);

    /** The shape as JSON-able data (the scenario-file form), for reports and the API. */
    Map<String, Object> describe();

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static double requireRate(String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be a finite rate >= 0 requests/s (got " + value + ")");
        }
        return value;
    }

    static Duration requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0 (got " + value + ")");
        }
        return value;
    }
}
