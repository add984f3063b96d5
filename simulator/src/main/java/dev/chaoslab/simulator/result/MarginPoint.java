package dev.chaoslab.simulator.result;

/** A point of a margin's series: ms from the run start and the rule's value (may be infinite; null when unknown). */
public record MarginPoint(long tMs, Double value) {}
