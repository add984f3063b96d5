package dev.chaoslab.simulator.result;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When things happened in a run, for the alert verdicts: the run start and the phase and fault windows as
 * millisecond offsets from it. Immutable.
 *
 * @param runId     the run
 * @param startedAt the run start (offset 0)
 * @param endMs     when traffic ended (the last phase's end, or when the run was stopped or failed)
 * @param phases    the phases that started, in order; a phase cut short ends at {@code endMs}
 * @param faults    one window per chaos step of the scenario, in step order
 */
public record RunTimeline(
        String runId, Instant startedAt, long endMs, List<PhaseWindow> phases, List<FaultWindow> faults) {

    public RunTimeline {
        phases = List.copyOf(phases);
        faults = List.copyOf(faults);
    }

    /** A phase: {@code [startMs, endMs)}. */
    public record PhaseWindow(int index, String name, long startMs, long endMs) {}

    /**
     * A chaos step as it happened.
     *
     * @param step    its index in the scenario's chaos list
     * @param applied whether the target accepted it; when false, start and end are the planned times
     * @param state   where the step ended up
     */
    public record FaultWindow(
            int step, String target, String type, long startMs, long endMs, boolean applied, FaultState state) {}

    public Instant at(long offsetMs) {
        return startedAt.plusMillis(offsetMs);
    }

    public Optional<PhaseWindow> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<FaultWindow> fault(int step) {
        return faults.stream().filter(f -> f.step() == step).findFirst();
    }
}
