package dev.chaoslab.simulator.scenario;

/**
 * A fault stated in SLO terms: the fault's probability is {@code burnRate × (1 − slo)}, the error
 * ratio that spends the error budget {@code burnRate} times as fast as allowed (14.4 spends a 30-day
 * budget's 2 % in an hour).
 */
public record BurnRate(double burnRate, double slo) {

    /** The fraction of requests to affect. */
    public double probability() {
        return burnRate * (1 - slo);
    }
}
