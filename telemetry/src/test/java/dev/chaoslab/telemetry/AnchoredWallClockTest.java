package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.common.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link AnchoredWallClock} follows the wall clock through its monotonic time, reads the wall clock again only after
 * its interval, moves by no more than a wall-clock step when it does, and stays on the wall clock when threads
 * re-anchor at once.
 */
class AnchoredWallClockTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long EPOCH = 1_796_000_000L * SECOND;

    /** A clock whose wall and monotonic times move only when told; counts its wall-clock reads. */
    private static final class ManualClock implements Clock {
        long wall = EPOCH;
        long ticks = 42;
        int wallReads;

        void advance(long nanos) {
            wall += nanos;
            ticks += nanos;
        }

        @Override
        public long now() {
            wallReads++;
            return wall;
        }

        @Override
        public long nanoTime() {
            return ticks;
        }
    }

    @Test
    @DisplayName("now() is the system's wall clock, read between two wall-clock readings, within the drift allowed")
    void systemWallClock() {
        AnchoredWallClock clock = AnchoredWallClock.system();
        Clock wall = Clock.getDefault();
        // drift of the monotonic time against the wall clock within one interval: NTP slews at most 500 ppm
        long tolerance = AnchoredWallClock.DEFAULT_INTERVAL.toNanos() / 2000
                + Duration.ofMillis(1).toNanos();
        for (int i = 0; i < 1000; i++) {
            long before = wall.now();
            long now = clock.now();
            long after = wall.now();
            assertThat(now).isBetween(before - tolerance, after + tolerance);
        }
        long ticks = System.nanoTime();
        assertThat(clock.nanoTime()).isBetween(ticks, System.nanoTime());
    }

    @Test
    @DisplayName("between anchors now() is the anchor plus the monotonic time since, without reading the wall clock")
    void anchoredBetweenReads() {
        ManualClock source = new ManualClock();
        AnchoredWallClock clock = new AnchoredWallClock(source, Duration.ofSeconds(1));
        assertThat(source.wallReads).isEqualTo(1);
        assertThat(clock.now()).isEqualTo(EPOCH);
        source.advance(250_000_000);
        assertThat(clock.now()).isEqualTo(EPOCH + 250_000_000);
        source.wall += 5 * SECOND; // a step not yet seen
        source.ticks += 1;
        assertThat(clock.now()).isEqualTo(EPOCH + 250_000_001);
        assertThat(clock.nanoTime()).isEqualTo(source.ticks);
        assertThat(source.wallReads).isEqualTo(1);
    }

    @Test
    @DisplayName("nowAt(ticks) is what now() showed at that monotonic reading, without reading the clock again")
    void nowAtEarlierReading() {
        ManualClock source = new ManualClock();
        AnchoredWallClock clock = new AnchoredWallClock(source, Duration.ofSeconds(1));
        source.advance(250_000_000);
        long ticks = clock.nanoTime();
        long now = clock.now();
        source.advance(300); // the event was timed 300 ns ago
        assertThat(clock.nowAt(ticks)).isEqualTo(now).isEqualTo(EPOCH + 250_000_000);
        assertThat(clock.instantAt(ticks)).isEqualTo(Instant.ofEpochSecond(0, now));
        assertThat(clock.nowAt(source.ticks)).isEqualTo(clock.now());
        source.advance(SECOND); // an interval on: nowAt re-anchors like now()
        source.wall += 5 * SECOND;
        assertThat(clock.nowAt(source.ticks)).isEqualTo(source.wall);
        assertThat(source.wallReads).isEqualTo(2);
    }

    @Test
    @DisplayName("the system clock's monotonic time is System.nanoTime(), which the access lines hand to instantAt")
    void systemTicksAreNanoTime() {
        AnchoredWallClock clock = AnchoredWallClock.system();
        for (int i = 0; i < 1000; i++) {
            long before = System.nanoTime();
            long ticks = clock.nanoTime();
            assertThat(ticks).isBetween(before, System.nanoTime());
            long wall = Clock.getDefault().now();
            long tolerance = AnchoredWallClock.DEFAULT_INTERVAL.toNanos() / 2000
                    + Duration.ofMillis(1).toNanos();
            assertThat(clock.nowAt(System.nanoTime()))
                    .isBetween(wall - tolerance, Clock.getDefault().now() + tolerance);
        }
    }

    @Test
    @DisplayName("a step forward of the wall clock shows at the first call an interval after the anchor")
    void stepForwardShowsAfterInterval() {
        ManualClock source = new ManualClock();
        AnchoredWallClock clock = new AnchoredWallClock(source, Duration.ofSeconds(1));
        source.advance(SECOND - 1);
        source.wall += 5 * SECOND;
        assertThat(clock.now()).isEqualTo(EPOCH + SECOND - 1);
        source.advance(1);
        assertThat(clock.now()).isEqualTo(EPOCH + 6 * SECOND);
        assertThat(source.wallReads).isEqualTo(2);
        source.advance(10);
        assertThat(clock.now()).isEqualTo(EPOCH + 6 * SECOND + 10);
        assertThat(source.wallReads).isEqualTo(2);
    }

    @Test
    @DisplayName("a re-anchor moves now() back by the wall clock's step back, no more; without a step not at all")
    void stepBackBoundedByStep() {
        ManualClock source = new ManualClock();
        AnchoredWallClock clock = new AnchoredWallClock(source, Duration.ofMillis(100));
        long previous = clock.now();
        for (int i = 0; i < 50; i++) { // many re-anchors, no step: never backwards
            source.advance(30_000_000);
            long now = clock.now();
            assertThat(now).isGreaterThan(previous);
            previous = now;
        }
        source.advance(100_000_000);
        clock.now(); // anchored here
        long step = 3 * SECOND;
        source.wall -= step;
        source.advance(50_000_000); // within the interval: not seen yet
        long before = clock.now();
        source.advance(60_000_000); // past the interval: re-anchored
        long after = clock.now();
        assertThat(after).isEqualTo(source.wall).isGreaterThanOrEqualTo(before - step);
        assertThat(before - after).isEqualTo(step - 60_000_000);
    }

    @Test
    @DisplayName("the anchor pairs the wall clock with the midpoint of the monotonic readings around it")
    void midpointAnchor() {
        AtomicLong ticks = new AtomicLong();
        Clock source = new Clock() {
            @Override
            public long now() {
                return EPOCH + ticks.get() + 5; // read halfway to the next monotonic reading
            }

            @Override
            public long nanoTime() {
                return ticks.addAndGet(10);
            }
        };
        AnchoredWallClock clock = new AnchoredWallClock(source, Duration.ofNanos(1));
        for (int i = 0; i < 100; i++) {
            long now = clock.now(); // ticks t, then re-anchor: t+10, wall at t+15, t+20
            long ticksOfCall = ticks.get() - 20;
            assertThat(now).isEqualTo(EPOCH + ticksOfCall);
        }
    }

    @Test
    @DisplayName("threads re-anchoring on every call all read the system's wall clock, within the drift allowed")
    void threadsReanchoring() throws Exception {
        AnchoredWallClock clock = new AnchoredWallClock(Clock.getDefault(), Duration.ofNanos(1));
        Clock wall = Clock.getDefault();
        long tolerance = Duration.ofMillis(1).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> outside = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                outside.add(pool.submit(() -> {
                    long off = 0;
                    for (int i = 0; i < 50_000; i++) {
                        long before = wall.now();
                        long now = clock.now();
                        long after = wall.now();
                        if (now < before - tolerance || now > after + tolerance) {
                            off++;
                        }
                    }
                    return off;
                }));
            }
            for (Future<Long> result : outside) {
                assertThat(result.get())
                        .as("readings outside the wall clock around them")
                        .isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Monotonic and wall-clock readings given in order, as a preempted thread would see them. */
    private static final class ScriptedClock implements Clock {
        private final long[] nanos;
        private final long[] walls;
        private int nano;
        private int wall;

        ScriptedClock(long[] nanos, long[] walls) {
            this.nanos = nanos;
            this.walls = walls;
        }

        @Override
        public long now() {
            return EPOCH + walls[wall++];
        }

        @Override
        public long nanoTime() {
            return nanos[nano++];
        }
    }

    @Test
    @DisplayName("an anchor read across a preemption is read again: the first narrow reading, else the narrowest")
    void preemptedAnchorReadAgain() {
        // 1 ms between the monotonic readings, then 10 ns: the second is taken
        ScriptedClock narrowSecond = new ScriptedClock(
                new long[] {0, 1_000_000, 2_000_000, 2_000_010, 2_500_000}, new long[] {900_000, 2_000_005});
        assertThat(new AnchoredWallClock(narrowSecond, Duration.ofSeconds(1)).now())
                .isEqualTo(EPOCH + 2_500_000);
        assertThat(narrowSecond.wall).isEqualTo(2);
        // every reading wider than the bound: the narrowest (the third, 100 µs) is taken
        ScriptedClock allWide = new ScriptedClock(
                new long[] {0, 1_000_000, 2_000_000, 2_400_000, 3_000_000, 3_100_000, 4_000_000, 6_000_000, 7_000_000},
                new long[] {100_000, 2_300_000, 3_050_000, 4_100_000});
        assertThat(new AnchoredWallClock(allWide, Duration.ofSeconds(1)).now()).isEqualTo(EPOCH + 7_000_000);
        assertThat(allWide.wall).isEqualTo(AnchoredWallClock.ANCHOR_ATTEMPTS);
    }

    @Test
    @DisplayName("an interval of zero or less is refused")
    void positiveInterval() {
        ManualClock source = new ManualClock();
        assertThatThrownBy(() -> new AnchoredWallClock(source, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnchoredWallClock(source, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
