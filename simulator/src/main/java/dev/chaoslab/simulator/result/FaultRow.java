package dev.chaoslab.simulator.result;

/**
 * A {@code faults} entry: a chaos step as the run saw it.
 *
 * @param step    index of the step in the scenario's chaos list
 * @param startMs when the fault was applied (the planned offset until then), ms from the run start
 * @param endMs   when it was removed, or its planned end while active or pending
 * @param faultId the id the target gave it, or null when it was never applied
 * @param error   why applying or removing failed, or null
 */
public record FaultRow(
        int step,
        String target,
        String type,
        long startMs,
        long endMs,
        String faultId,
        FaultState state,
        String error) {}
