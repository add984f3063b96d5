package dev.chaoslab.simulator.load;

import dev.chaoslab.simulator.traffic.ArrivalGenerator;

/**
 * The intended send times of a run, as offsets in nanoseconds from the run start, in ascending order,
 * pulled with a horizon (the contract of {@link ArrivalGenerator#nextBefore(long)}): the scheduler asks
 * only a little ahead of now, so a rate change applies from the next pull on.
 */
public interface ArrivalSchedule {
    /** No arrival up to the horizon; more may follow. */
    long NOT_YET = ArrivalGenerator.NOT_YET;
    /** The schedule is over. */
    long FINISHED = ArrivalGenerator.FINISHED;

    /** The next intended offset if at or before {@code horizonNanos}, else {@link #NOT_YET} or {@link #FINISHED}. */
    long nextBefore(long horizonNanos);

    /** The phase index of the arrival last returned. */
    int lastPhaseIndex();

    /**
     * A view of the generator for one puller. Several lanes may pull from one generator, each through its own
     * view: the pull and its phase are read under the generator's lock together, so each view's
     * {@link #lastPhaseIndex()} is the phase of its own last arrival.
     */
    static ArrivalSchedule of(ArrivalGenerator generator) {
        return new ArrivalSchedule() {
            private int lastPhase = -1;

            @Override
            public long nextBefore(long horizonNanos) {
                synchronized (generator) {
                    long next = generator.nextBefore(horizonNanos);
                    lastPhase = generator.lastPhaseIndex();
                    return next;
                }
            }

            @Override
            public int lastPhaseIndex() {
                return lastPhase;
            }
        };
    }
}
