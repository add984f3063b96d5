package dev.chaoslab.simulator.chaos;

/**
 * A chaos step as the run saw it (the {@code faults} entries of the run status and report).
 *
 * @param step    index of the step in the scenario's chaos list
 * @param startMs when the fault was applied (planned offset until then), ms from the run start
 * @param endMs   when it was removed, or its planned end while active/pending
 * @param faultId the id the target gave it, or null when it was never applied
 * @param state   {@code pending | active | cleared | failed}
 * @param error   why applying or removing failed, or null
 */
public record FaultStatus(
        int step, String target, String type, long startMs, long endMs, String faultId, String state, String error) {}
