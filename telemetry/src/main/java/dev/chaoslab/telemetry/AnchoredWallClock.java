package dev.chaoslab.telemetry;

import io.opentelemetry.sdk.common.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An OpenTelemetry {@link Clock} whose {@link #now()} is the wall clock read at an anchor plus the monotonic time
 * since, re-anchored on the first call at least {@code interval} after the anchor, so that a step of the wall clock
 * (NTP, a manual change) shows in {@code now()} within {@code interval}; {@link #nanoTime()} is the source's.
 *
 * <p>The SDK reads its clock's {@code now()} once per span without a local parent (every server span of a service),
 * to anchor that span's timestamps; reading the monotonic time there is cheaper than reading the wall clock. Between
 * re-anchors {@code now()} never runs backwards. A re-anchor moves it by the difference between the wall clock and
 * the anchored time at that moment (the anchor's wall reading is paired with the midpoint of two monotonic readings
 * around it): backwards at most by how far the wall clock stepped back or drifted behind the monotonic time since
 * the last anchor, forwards likewise; never more.
 *
 * <p>Thread safety: safe from any thread; the anchor is immutable and published through a volatile field. Threads
 * re-anchoring at once each install a valid anchor; the last one stays.
 */
final class AnchoredWallClock implements Clock {

    /** How often the shop's clock reads the wall clock again, at most: a wall-clock step shows within it. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** Readings of the wall clock per anchor at most, until one lies within {@link #MAX_READ_GAP_NANOS}. */
    static final int ANCHOR_ATTEMPTS = 4;

    /** The time between the monotonic readings around a wall-clock reading that is taken at once: 20 µs. */
    static final long MAX_READ_GAP_NANOS = 20_000;

    /** A wall-clock reading ({@code epochNanos}) and the monotonic time it was read at. */
    private record Anchor(long epochNanos, long nanoTime) {}

    private final Clock source;
    private final long intervalNanos;
    private volatile Anchor anchor;

    /** A clock anchored to {@code source}'s wall clock every {@code interval}, with its monotonic time. */
    AnchoredWallClock(Clock source, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the re-anchor interval must be positive, not " + interval);
        }
        this.source = source;
        this.intervalNanos = interval.toNanos();
        this.anchor = anchor();
    }

    /**
     * The system's wall clock, anchored every {@link #DEFAULT_INTERVAL}: one for the JVM, read by every service's SDK
     * and by the access lines ({@link ResponseAccessLog}), so that a line's {@code @timestamp} and its span's times
     * come from the same clock. Its {@link #nanoTime()} is {@link System#nanoTime()}: a reading of either is a
     * {@code ticks} of {@link #nowAt}.
     */
    static AnchoredWallClock system() {
        return Shared.SYSTEM;
    }

    /**
     * {@link #nowAt}({@code ticks}) as an {@code Instant}: the wall time of an event already timed with
     * {@link #nanoTime()}, without reading the monotonic time again.
     */
    Instant instantAt(long ticks) {
        return Instant.ofEpochSecond(0, nowAt(ticks));
    }

    @Override
    public long now() {
        return nowAt(source.nanoTime());
    }

    /**
     * What {@link #now()} shows when {@link #nanoTime()} reads {@code ticks}: a reading taken moments ago gives the
     * time {@code now()} showed then (or, when the clock re-anchors meanwhile, the new anchor's time at that reading).
     */
    long nowAt(long ticks) {
        Anchor current = anchor;
        if (ticks - current.nanoTime >= intervalNanos) {
            current = anchor();
            anchor = current;
        }
        return current.epochNanos + (ticks - current.nanoTime);
    }

    @Override
    public long now(boolean highPrecision) {
        return now();
    }

    @Override
    public long nanoTime() {
        return source.nanoTime();
    }

    /**
     * Reads the wall clock between two monotonic readings, pairing it with their midpoint: off by at most half the
     * time between them, so of up to {@link #ANCHOR_ATTEMPTS} readings the first within {@link #MAX_READ_GAP_NANOS}
     * is taken, else the narrowest (a thread preempted between its readings would otherwise anchor the clock off by
     * half the preemption for a whole interval).
     */
    private Anchor anchor() {
        Anchor best = null;
        long bestGap = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ANCHOR_ATTEMPTS && bestGap > MAX_READ_GAP_NANOS; attempt++) {
            long before = source.nanoTime();
            long wall = source.now();
            long after = source.nanoTime();
            long gap = after - before;
            if (gap < bestGap) {
                best = new Anchor(wall, before + gap / 2);
                bestGap = gap;
            }
        }
        return best;
    }

    /** The JVM's clock, made at first use. */
    private static final class Shared {
        static final AnchoredWallClock SYSTEM = new AnchoredWallClock(Clock.getDefault(), DEFAULT_INTERVAL);
    }

    @Override
    public String toString() {
        return "AnchoredWallClock{source=" + source + ", interval=" + Duration.ofNanos(intervalNanos) + "}";
    }
}
