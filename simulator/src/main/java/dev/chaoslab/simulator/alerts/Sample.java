package dev.chaoslab.simulator.alerts;

/** One sample of a Prometheus series: epoch milliseconds and value (NaN and ±Inf as Prometheus sent them). */
public record Sample(long timeMs, double value) {}
