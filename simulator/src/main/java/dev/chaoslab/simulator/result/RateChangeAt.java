package dev.chaoslab.simulator.result;

/** A {@code rateChanges} entry: the dial turned at {@code tMs} to a multiplier, an absolute rate, or to the plan. */
public record RateChangeAt(long tMs, Double multiplier, Double absolute) {}
