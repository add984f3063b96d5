package dev.chaoslab.simulator.traffic;

import java.util.Locale;

/** How arrivals are spread at a given rate. */
public enum Arrivals {
    /** Evenly spaced: one arrival each time the expected count crosses an integer. */
    UNIFORM,
    /** A Poisson process: exponentially distributed gaps (in expected-count units). */
    POISSON;

    /** The name used in scenario files ({@code uniform}, {@code poisson}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
