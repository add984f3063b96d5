package dev.chaoslab.simulator.traffic;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

/**
 * Intended send times of an open-model run: offsets in nanoseconds from the run start, computed by
 * integrating the phases' rate functions. A uniform phase sends each time the expected count
 * {@code ∫r} crosses the next integer; a Poisson phase each time it crosses the next accumulated
 * {@code Exp(1)} draw. The generator reads no clock: the caller says how far ahead it wants arrivals
 * ({@link #nextBefore(long)}) and when a rate change happens.
 *
 * <h2>The rate dial</h2>
 * {@link #setMultiplier} and {@link #setAbsoluteRate} change the rate from "now" forward: the integral
 * simply continues with the new rate from {@code max(now, cursor)}, where the cursor is the last time
 * already integrated. Nothing is replayed or caught up, so a change never causes a burst; arrivals
 * already handed out stay as they are. Pull arrivals with a short horizon (a scheduler batch, e.g.
 * now + 10 ms) so a dial change takes effect within that horizon.
 *
 * <h2>Thread safety</h2>
 * All public methods are {@code synchronized}: one scheduler thread pulls arrivals while an API thread
 * may turn the dial or read {@link #scheduledRate(long)}. The lock is uncontended in the common case.
 *
 * <pre>{@code
 * ArrivalGenerator gen = new ArrivalGenerator(scenario.phases(), 42L, 10_000);
 * long t;
 * while ((t = gen.nextBefore(nowNanos + 10_000_000)) >= 0) {
 *   scheduleAt(t, gen.lastPhaseIndex());
 * }
 * if (t == ArrivalGenerator.FINISHED) { ... }   // NOT_YET: ask again next tick
 * }</pre>
 */
public final class ArrivalGenerator {

    /** {@link #nextBefore(long)}: no arrival up to the horizon; more may follow. */
    public static final long NOT_YET = -1;
    /** {@link #nextBefore(long)}: the run has no more arrivals. */
    public static final long FINISHED = -2;

    private enum Mode {
        SHAPE,
        MULTIPLIER,
        ABSOLUTE
    }

    private record Change(double at, Mode mode, double value) {}

    private final String[] names;
    private final RateFunction[] rates;
    private final Arrivals[] arrivals;
    private final double[] phaseStart;
    private final double totalSeconds;
    private final double maxRate;
    private final Random random;
    private final ArrayDeque<Change> pending = new ArrayDeque<>();

    private Mode mode = Mode.SHAPE;
    private double dialValue = 1;
    private int phase;
    private double cursor;
    private double need;
    private int lastPhase = -1;
    private double lastQueued;

    /**
     * @param phases  the run's phases in order
     * @param seed    seeds the Poisson draws (same seed, same schedule)
     * @param maxRate the ceiling in requests/s that the dial may not exceed
     */
    public ArrivalGenerator(List<? extends TrafficPhase> phases, long seed, double maxRate) {
        if (phases == null || phases.isEmpty()) {
            throw new IllegalArgumentException("phases must not be empty");
        }
        if (!(maxRate > 0)) {
            throw new IllegalArgumentException("maxRate must be > 0 (got " + maxRate + ")");
        }
        int n = phases.size();
        names = new String[n];
        rates = new RateFunction[n];
        arrivals = new Arrivals[n];
        phaseStart = new double[n + 1];
        for (int i = 0; i < n; i++) {
            TrafficPhase p = phases.get(i);
            names[i] = p.name();
            rates[i] = p.shape().over(p.duration());
            arrivals[i] = p.arrivals() == null ? Arrivals.UNIFORM : p.arrivals();
            phaseStart[i + 1] = phaseStart[i] + rates[i].duration();
        }
        totalSeconds = phaseStart[n];
        this.maxRate = maxRate;
        this.random = new Random(seed);
        this.need = draw(arrivals[0]);
    }

    /** The next arrival with no horizon; {@link #FINISHED} after the last. For tests and offline plans. */
    public synchronized long next() {
        return nextBefore(Long.MAX_VALUE);
    }

    /**
     * The next intended send offset (ns from the run start) if it is at or before {@code horizonNanos};
     * otherwise {@link #NOT_YET} (the integral up to the horizon is kept) or {@link #FINISHED}.
     */
    public synchronized long nextBefore(long horizonNanos) {
        double horizon = horizonNanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : horizonNanos / 1e9;
        while (phase < rates.length) {
            applyDueChanges();
            double phaseEnd = phaseStart[phase + 1];
            double segEnd = Math.min(phaseEnd, Math.min(horizon, nextChangeAt()));
            if (segEnd > cursor) {
                double available = integral(cursor, segEnd);
                if (available >= need) {
                    double t = Math.max(cursor, Math.min(segEnd, solve(cursor, need)));
                    cursor = t;
                    need = draw(arrivals[phase]);
                    lastPhase = phase;
                    return Math.round(t * 1e9);
                }
                need -= available;
                cursor = segEnd;
            }
            if (cursor >= phaseEnd) {
                phase++;
                if (phase < rates.length && arrivals[phase] != arrivals[phase - 1]) {
                    need = draw(arrivals[phase]);
                }
            } else if (cursor >= horizon) {
                return NOT_YET;
            }
        }
        return FINISHED;
    }

    /** The phase index of the arrival last returned ({@code -1} before the first). */
    public synchronized int lastPhaseIndex() {
        return lastPhase;
    }

    /** The phase index at an offset ({@code phases.size()} once the run is over). */
    public int phaseIndexAt(long offsetNanos) {
        double t = offsetNanos / 1e9;
        for (int i = 0; i < rates.length; i++) {
            if (t < phaseStart[i + 1]) {
                return i;
            }
        }
        return rates.length;
    }

    /** The phase names, in order. */
    public List<String> phaseNames() {
        return List.of(names);
    }

    /** The run length in nanoseconds. */
    public long totalNanos() {
        return Math.round(totalSeconds * 1e9);
    }

    /** The phases' start offsets in nanoseconds, plus the run end as the last element. */
    public long[] phaseBoundariesNanos() {
        long[] b = new long[phaseStart.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.round(phaseStart[i] * 1e9);
        }
        return b;
    }

    /** What the schedule asks for at {@code offsetNanos}, dial included, in requests/s (0 after the end). */
    public synchronized double scheduledRate(long offsetNanos) {
        double t = offsetNanos / 1e9;
        int i = phaseIndexAt(offsetNanos);
        if (i >= rates.length) {
            return 0;
        }
        Mode m = mode;
        double v = dialValue;
        for (Change c : pending) {
            if (c.at() <= t) {
                m = c.mode();
                v = c.value();
            }
        }
        double shape = rates[i].rate(t - phaseStart[i]);
        return switch (m) {
            case SHAPE -> shape;
            case MULTIPLIER -> shape * v;
            case ABSOLUTE -> v;
        };
    }

    /**
     * Multiplies the phases' rates by {@code multiplier} from {@code nowNanos} on (1 restores the plan;
     * 0 pauses). Replaces an absolute override.
     *
     * @throws IllegalArgumentException when negative, or when the highest remaining rate times it exceeds the ceiling
     */
    public synchronized void setMultiplier(double multiplier, long nowNanos) {
        if (!Double.isFinite(multiplier) || multiplier < 0) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 0 (got " + multiplier + ")");
        }
        double peak = remainingPeak(nowNanos / 1e9);
        if (peak * multiplier > maxRate) {
            throw new IllegalArgumentException("multiplier " + multiplier + " would ask for "
                    + Math.round(peak * multiplier) + " requests/s, over the ceiling of " + Math.round(maxRate)
                    + " requests/s; use at most " + (maxRate / peak));
        }
        queue(nowNanos, multiplier == 1 ? Mode.SHAPE : Mode.MULTIPLIER, multiplier);
    }

    /**
     * Replaces the phases' shapes by a constant {@code rate} (requests/s) from {@code nowNanos} until
     * the run ends or the dial is changed again; phase boundaries still apply.
     *
     * @throws IllegalArgumentException when negative or over the ceiling
     */
    public synchronized void setAbsoluteRate(double rate, long nowNanos) {
        if (!Double.isFinite(rate) || rate < 0) {
            throw new IllegalArgumentException("rate must be a finite number >= 0 requests/s (got " + rate + ")");
        }
        if (rate > maxRate) {
            throw new IllegalArgumentException(
                    "rate " + rate + " requests/s is over the ceiling of " + maxRate + " requests/s");
        }
        queue(nowNanos, Mode.ABSOLUTE, rate);
    }

    /** Back to the phases' own shapes from {@code nowNanos} on. */
    public synchronized void resetRate(long nowNanos) {
        queue(nowNanos, Mode.SHAPE, 1);
    }

    /** The multiplier in force at the cursor ({@code 1} when an absolute rate or the plan applies). */
    public synchronized double multiplier() {
        return mode == Mode.MULTIPLIER ? dialValue : 1;
    }

    /** The absolute rate in force at the cursor, or {@code null}. */
    public synchronized Double absoluteRate() {
        return mode == Mode.ABSOLUTE ? dialValue : null;
    }

    private void queue(long nowNanos, Mode m, double value) {
        double at = Math.max(Math.max(nowNanos / 1e9, cursor), lastQueued);
        lastQueued = at;
        pending.addLast(new Change(at, m, value));
        applyDueChanges();
    }

    private void applyDueChanges() {
        while (!pending.isEmpty() && pending.peekFirst().at() <= cursor) {
            Change c = pending.pollFirst();
            mode = c.mode();
            dialValue = c.value();
        }
    }

    private double nextChangeAt() {
        return pending.isEmpty()
                ? Double.POSITIVE_INFINITY
                : pending.peekFirst().at();
    }

    private double remainingPeak(double from) {
        double peak = 0;
        for (int i = 0; i < rates.length; i++) {
            if (phaseStart[i + 1] > from) {
                peak = Math.max(peak, rates[i].maxRate());
            }
        }
        return peak;
    }

    /** Expected arrivals in {@code [a, b]} (both inside the current phase) under the current dial. */
    private double integral(double a, double b) {
        double p0 = phaseStart[phase];
        return switch (mode) {
            case SHAPE -> rates[phase].count(b - p0) - rates[phase].count(a - p0);
            case MULTIPLIER -> dialValue * (rates[phase].count(b - p0) - rates[phase].count(a - p0));
            case ABSOLUTE -> dialValue * (b - a);
        };
    }

    /** The time after {@code a} at which {@code amount} more arrivals are expected under the current dial. */
    private double solve(double a, double amount) {
        double p0 = phaseStart[phase];
        RateFunction r = rates[phase];
        return switch (mode) {
            case SHAPE -> p0 + r.inverseCountAfter(a - p0, r.count(a - p0) + amount);
            case MULTIPLIER -> p0 + r.inverseCountAfter(a - p0, r.count(a - p0) + amount / dialValue);
            case ABSOLUTE -> a + amount / dialValue;
        };
    }

    private double draw(Arrivals a) {
        return a == Arrivals.POISSON ? -Math.log(1 - random.nextDouble()) : 1;
    }

    /** Convenience for tests and plans: the duration of the whole run. */
    public Duration totalDuration() {
        return Duration.ofNanos(totalNanos());
    }
}
