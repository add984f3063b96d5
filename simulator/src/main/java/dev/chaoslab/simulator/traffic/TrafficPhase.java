package dev.chaoslab.simulator.traffic;

import java.time.Duration;

/** What the arrival maths needs of a phase; the scenario model's {@code Phase} implements it. */
public interface TrafficPhase {
    String name();

    Duration duration();

    Shape shape();

    Arrivals arrivals();
}
