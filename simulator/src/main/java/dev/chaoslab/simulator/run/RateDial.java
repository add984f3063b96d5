package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import dev.chaoslab.simulator.traffic.ArrivalGenerator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The run's rate dial and its live gauges: turns a {@link RateChange} into the generator's multiplier or absolute
 * rate from now on, remembers what the dial shows, and answers the per-scenario gauges (scheduled and achieved
 * rate, in flight) while the run goes.
 *
 * <p>Thread-safe: the dial is turned from API threads and the gauges are read from the scrape thread; the
 * generator is synchronized and the dial's state is volatile.
 */
final class RateDial implements SimulatorMetrics.RunGauges {
    /** Rate changes one run accepts: far more than a person steers, few enough that the report stays small. */
    static final int MAX_CHANGES = 1_000;

    private final AtomicInteger changes = new AtomicInteger();
    private final ArrivalGenerator generator;
    private final LongSupplier elapsedNanos;
    private final BooleanSupplier live;
    private final DoubleSupplier achieved;
    private final LongSupplier inFlight;
    private final RunLog log;
    private volatile double multiplier = 1.0;
    private volatile Double absolute;

    /**
     * @param elapsedNanos time since the run's start on the run's clock
     * @param live         whether traffic is under way (started and not finished): the gauges read 0 otherwise
     * @param achieved     the rate achieved over the last closed second
     * @param inFlight     the arrivals in flight as last published
     */
    RateDial(
            ArrivalGenerator generator,
            LongSupplier elapsedNanos,
            BooleanSupplier live,
            DoubleSupplier achieved,
            LongSupplier inFlight,
            RunLog log) {
        this.log = log;
        this.generator = generator;
        this.elapsedNanos = elapsedNanos;
        this.live = live;
        this.achieved = achieved;
        this.inFlight = inFlight;
    }

    /**
     * Sets the multiplier the whole run starts with (null: the plan's rate), before the first arrival is pulled, so
     * that a rate over the ceiling fails the start instead of a run already under way.
     *
     * @throws IllegalArgumentException when the rate it asks for is over the ceiling
     */
    void startWith(Double multiplier) {
        if (multiplier != null && multiplier != 1.0) {
            generator.setMultiplier(multiplier, 0);
            this.multiplier = multiplier;
        }
    }

    /**
     * Applies {@code change} from now on and returns when (ns since the start).
     *
     * @throws IllegalArgumentException when the rate it asks for is over the ceiling, or the run has had
     *                                  {@link #MAX_CHANGES} changes
     */
    long change(RateChange change) {
        if (changes.incrementAndGet() > MAX_CHANGES) {
            changes.decrementAndGet();
            throw new IllegalArgumentException(
                    "this run's rate has changed " + MAX_CHANGES + " times, the limit per run "
                            + "(each change is kept for the report); start a new run to go on steering");
        }
        long now = elapsedNanos.getAsLong();
        try {
            if (change.multiplier() != null) {
                generator.setMultiplier(change.multiplier(), now);
            } else if (change.absolute() != null) {
                generator.setAbsoluteRate(change.absolute(), now);
            } else {
                generator.resetRate(now);
            }
        } catch (IllegalArgumentException refused) {
            changes.decrementAndGet(); // a refused change changed nothing
            throw refused;
        }
        multiplier = change.multiplier() != null ? change.multiplier() : 1.0;
        absolute = change.absolute();
        log.info(
                "rate changed at {} ms: multiplier {}, absolute {}",
                now / 1_000_000,
                change.multiplier(),
                change.absolute());
        return now;
    }

    /** The multiplier the dial shows (1 when reset or set to an absolute rate). */
    double multiplier() {
        return multiplier;
    }

    /** The absolute rate the dial shows, or null. */
    Double absolute() {
        return absolute;
    }

    @Override
    public double scheduledRate() {
        return live.getAsBoolean() ? generator.scheduledRate(elapsedNanos.getAsLong()) : 0;
    }

    @Override
    public double achievedRate() {
        return live.getAsBoolean() ? achieved.getAsDouble() : 0;
    }

    @Override
    public long inFlight() {
        return inFlight.getAsLong();
    }
}
