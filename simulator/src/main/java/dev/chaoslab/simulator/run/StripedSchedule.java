package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.ArrivalSchedule;
import dev.chaoslab.simulator.traffic.ArrivalGenerator;

/**
 * One lane's view of the run's shared arrival plan that numbers the arrivals and keeps only this shard's stripe:
 * arrival {@code i} (0, 1, … in plan order, counted over every shard's arrivals) belongs to shard
 * {@code i mod count}. An unsharded run is the stripe of one shard: every arrival.
 *
 * <p>Pulls are serialised on the generator (each lane has its own view); {@link #lastIndex()} is the index of the
 * arrival this view returned last, which the scheduler holds until it dispatches it.
 */
final class StripedSchedule implements ArrivalSchedule {
    /** The plan's arrival counter shared by every lane's view; guarded by the generator's lock. */
    static final class Counter {
        private long next;
    }

    private final ArrivalGenerator generator;
    private final Counter counter;
    private final int index;
    private final int count;
    private int lastPhase = -1;
    private long lastIndex = -1;

    StripedSchedule(ArrivalGenerator generator, Counter counter, int index, int count) {
        this.generator = generator;
        this.counter = counter;
        this.index = index;
        this.count = count;
    }

    @Override
    public long nextBefore(long horizonNanos) {
        synchronized (generator) {
            while (true) {
                long next = generator.nextBefore(horizonNanos);
                if (next < 0) {
                    return next;
                }
                long i = counter.next++;
                if (count == 1 || i % count == index) {
                    lastPhase = generator.lastPhaseIndex();
                    lastIndex = i;
                    return next;
                }
            }
        }
    }

    @Override
    public int lastPhaseIndex() {
        return lastPhase;
    }

    /** The plan index of the arrival returned last ({@code -1} before the first). */
    long lastIndex() {
        return lastIndex;
    }
}
