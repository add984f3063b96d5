package dev.chaoslab.simulator.run;

import java.time.Instant;

/**
 * The run engine's one source of time: a monotonic nanosecond clock for intended send times, ticks and
 * elapsed time, and a wall clock for the timestamps a status or report shows.
 *
 * <p>Production runs use {@link #SYSTEM}: the load client measures each exchange on {@link System#nanoTime()}
 * and the engine subtracts intended times on this clock from those, so both must be the same clock. Tests pass
 * a fake one to run the engine's arithmetic (ticks, rates, the dial) on virtual time.
 */
interface RunClock {
    /** {@link System#nanoTime()} and {@link Instant#now()}. */
    RunClock SYSTEM = new RunClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };

    /** Monotonic nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /** The wall-clock time now. */
    Instant now();
}
