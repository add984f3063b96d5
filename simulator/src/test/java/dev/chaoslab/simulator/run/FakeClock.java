package dev.chaoslab.simulator.run;

import java.time.Instant;

/** A {@link RunClock} that moves only when told: virtual time for engine tests. */
final class FakeClock implements RunClock {
    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private long nanos;

    FakeClock(long nanos) {
        this.nanos = nanos;
    }

    /** Moves the clock {@code millis} forward. */
    void advanceMs(long millis) {
        nanos += millis * 1_000_000L;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return ORIGIN.plusNanos(nanos);
    }
}
