package dev.chaoslab.simulator.scenario;

import dev.chaoslab.simulator.traffic.Arrivals;
import dev.chaoslab.simulator.traffic.Shape;
import dev.chaoslab.simulator.traffic.TrafficPhase;
import java.time.Duration;

/**
 * One phase of a scenario: a traffic shape held for a duration.
 *
 * @param arrivals uniform (evenly spaced, the default) or poisson
 */
public record Phase(String name, Duration duration, Shape shape, Arrivals arrivals) implements TrafficPhase {}
