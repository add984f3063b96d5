package dev.chaoslab.simulator.result;

/** A phase as planned (status) or as it ran (report): {@code [startMs, endMs)} from the run start. */
public record PhaseSpan(String name, long startMs, long endMs) {}
