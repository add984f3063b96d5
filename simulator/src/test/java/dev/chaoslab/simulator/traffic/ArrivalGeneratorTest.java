package dev.chaoslab.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArrivalGeneratorTest {
    static final long SECOND = 1_000_000_000L;

    record P(String name, Duration duration, Shape shape, Arrivals arrivals) implements TrafficPhase {}

    static P phase(long seconds, Shape shape, Arrivals arrivals) {
        return new P("p", Duration.ofSeconds(seconds), shape, arrivals);
    }

    /** Arrivals per one-second window, pulling everything. */
    static int[] perSecond(ArrivalGenerator gen) {
        int[] counts = new int[(int) Math.ceil(gen.totalNanos() / 1e9)];
        long t;
        long prev = 0;
        while ((t = gen.next()) != ArrivalGenerator.FINISHED) {
            assertThat(t).isGreaterThanOrEqualTo(prev).isLessThanOrEqualTo(gen.totalNanos());
            prev = t;
            counts[(int) Math.min(counts.length - 1, t / SECOND)]++;
        }
        return counts;
    }

    /** Expected arrivals per one-second window of a single phase, from the closed-form integral. */
    static double[] expected(RateFunction f) {
        double[] e = new double[(int) Math.ceil(f.duration())];
        for (int i = 0; i < e.length; i++) {
            e[i] = f.count(i + 1) - f.count(i);
        }
        return e;
    }

    static void assertUniformWithinOne(Shape shape, long seconds) {
        ArrivalGenerator gen = new ArrivalGenerator(List.of(phase(seconds, shape, Arrivals.UNIFORM)), 1, 1e6);
        int[] counts = perSecond(gen);
        double[] exp = expected(shape.over(Duration.ofSeconds(seconds)));
        for (int i = 0; i < counts.length; i++) {
            assertThat((double) counts[i]).as("%s second %d", shape, i).isCloseTo(exp[i], Offset.offset(1.0 + 1e-9));
        }
    }

    @Test
    @DisplayName("a constant rate sends that many requests in every second, within one")
    void constantUniform() {
        assertUniformWithinOne(new ConstantShape(100), 10);
        int[] counts =
                perSecond(new ArrivalGenerator(List.of(phase(10, new ConstantShape(100), Arrivals.UNIFORM)), 1, 1e6));
        assertThat(Arrays.stream(counts).sum()).isEqualTo(1000);
    }

    @Test
    @DisplayName("ramp, steps, spike and sine shapes follow their integral in every second, within one")
    void everyShapeUniform() {
        assertUniformWithinOne(new RampShape(0, 100), 10);
        assertUniformWithinOne(new RampShape(200, 20), 10);
        assertUniformWithinOne(
                StepsShape.of(List.of(
                        new StepsShape.Step(10, Duration.ofSeconds(3)),
                        new StepsShape.Step(80, Duration.ofMillis(2500)),
                        new StepsShape.Step(40, Duration.ofSeconds(2)))),
                10);
        assertUniformWithinOne(StepsShape.evenly(10, 100, 4), 12);
        assertUniformWithinOne(new SpikeShape(10, 300, Duration.ofSeconds(3), Duration.ofSeconds(4)), 10);
        assertUniformWithinOne(
                new SpikeShape(5, 50, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(2)), 8);
        assertUniformWithinOne(new SineShape(50, 40, Duration.ofSeconds(6)), 18);
    }

    @Test
    @DisplayName("the shapes' rates match their definition at chosen instants")
    void shapeRates() {
        RateFunction spike = new SpikeShape(
                        10, 110, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(1))
                .over(Duration.ofSeconds(10));
        assertThat(spike.rate(1)).isEqualTo(10);
        assertThat(spike.rate(2.5)).isCloseTo(60, Offset.offset(1e-9));
        assertThat(spike.rate(4)).isEqualTo(110);
        assertThat(spike.rate(5.5)).isCloseTo(60, Offset.offset(1e-9));
        assertThat(spike.rate(8)).isEqualTo(10);
        assertThat(spike.maxRate()).isEqualTo(110);
        RateFunction sine = new SineShape(50, 20, Duration.ofSeconds(8)).over(Duration.ofSeconds(16));
        assertThat(sine.rate(2)).isCloseTo(70, Offset.offset(1e-9));
        assertThat(sine.rate(6)).isCloseTo(30, Offset.offset(1e-9));
        assertThat(sine.count(8)).isCloseTo(400, Offset.offset(1e-9));
        RateFunction steps = StepsShape.evenly(10, 40, 4).over(Duration.ofSeconds(8));
        assertThat(new double[] {steps.rate(1), steps.rate(3), steps.rate(5), steps.rate(7)})
                .containsExactly(10, 20, 30, 40);
    }

    @Test
    @DisplayName("the inverse of the count lands where the count reaches the target")
    void inverseCount() {
        List<RateFunction> fs = List.of(
                new RampShape(3, 97).over(Duration.ofSeconds(7)),
                new SineShape(30, 29, Duration.ofSeconds(3)).over(Duration.ofSeconds(9)),
                new SpikeShape(0, 50, Duration.ofSeconds(1), Duration.ofSeconds(2)).over(Duration.ofSeconds(5)));
        for (RateFunction f : fs) {
            double total = f.count(f.duration());
            for (double c = 0.5; c < total; c += total / 37) {
                double t = f.inverseCount(c);
                assertThat(f.count(t)).isCloseTo(c, Offset.offset(1e-6));
                // searching from a cursor before the answer finds the same time
                assertThat(f.inverseCountAfter(t / 2, c)).isCloseTo(t, Offset.offset(1e-6));
            }
        }
    }

    @Test
    @DisplayName("Poisson arrivals have per-second counts within 5·sqrt(λ) of λ and a dispersion index near 1")
    void poissonCountsAndDispersion() {
        double lambda = 200;
        int windows = 200;
        int[] counts = perSecond(
                new ArrivalGenerator(List.of(phase(windows, new ConstantShape(lambda), Arrivals.POISSON)), 7, 1e6));
        double sum = 0;
        for (int c : counts) {
            assertThat(Math.abs(c - lambda)).isLessThanOrEqualTo(5 * Math.sqrt(lambda));
            sum += c;
        }
        double mean = sum / windows;
        double var = 0;
        for (int c : counts) {
            var += (c - mean) * (c - mean);
        }
        var /= windows - 1;
        // total of a Poisson process over 200 s: N ± 5·sqrt(N)
        assertThat(Math.abs(sum - lambda * windows)).isLessThanOrEqualTo(5 * Math.sqrt(lambda * windows));
        // variance/mean of Poisson counts is 1; its standard error over n windows is about sqrt(2/(n-1))
        double se = Math.sqrt(2.0 / (windows - 1));
        assertThat(var / mean).isBetween(1 - 5 * se, 1 + 5 * se);
        // and evenly spaced arrivals are not dispersed at all: the test can tell the two apart
        int[] uniform = perSecond(
                new ArrivalGenerator(List.of(phase(windows, new ConstantShape(lambda), Arrivals.UNIFORM)), 7, 1e6));
        assertThat(Arrays.stream(uniform)
                        .map(c -> (int) Math.abs(c - lambda))
                        .max()
                        .orElseThrow())
                .isLessThanOrEqualTo(1);
    }

    @Test
    @DisplayName("Poisson arrivals follow a ramp: each second within 5·sqrt(expected) of its integral")
    void poissonRamp() {
        Shape ramp = new RampShape(50, 400);
        int[] counts = perSecond(new ArrivalGenerator(List.of(phase(60, ramp, Arrivals.POISSON)), 11, 1e6));
        double[] exp = expected(ramp.over(Duration.ofSeconds(60)));
        for (int i = 0; i < counts.length; i++) {
            assertThat(Math.abs(counts[i] - exp[i])).as("second %d", i).isLessThanOrEqualTo(5 * Math.sqrt(exp[i]));
        }
    }

    @Test
    @DisplayName("the same seed gives the same Poisson schedule")
    void seeded() {
        List<P> phases = List.of(phase(5, new ConstantShape(100), Arrivals.POISSON));
        ArrivalGenerator a = new ArrivalGenerator(phases, 99, 1e6);
        ArrivalGenerator b = new ArrivalGenerator(phases, 99, 1e6);
        for (int i = 0; i < 300; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    @DisplayName("phases run back to back and each arrival carries its phase")
    void phasesInSequence() {
        ArrivalGenerator gen = new ArrivalGenerator(
                List.of(
                        new P("slow", Duration.ofSeconds(2), new ConstantShape(10), Arrivals.UNIFORM),
                        new P("fast", Duration.ofSeconds(3), new ConstantShape(100), Arrivals.UNIFORM)),
                1,
                1e6);
        int[] perPhase = new int[2];
        long t;
        while ((t = gen.next()) != ArrivalGenerator.FINISHED) {
            int p = gen.lastPhaseIndex();
            perPhase[p]++;
            assertThat(gen.phaseIndexAt(t - 1)).isEqualTo(p);
        }
        assertThat(perPhase[0]).isBetween(19, 21);
        assertThat(perPhase[0] + perPhase[1]).isEqualTo(320);
        assertThat(gen.phaseNames()).containsExactly("slow", "fast");
        assertThat(gen.phaseBoundariesNanos()).containsExactly(0, 2 * SECOND, 5 * SECOND);
    }

    @Test
    @DisplayName("nextBefore stops at the horizon without losing the integral, then says FINISHED at the end")
    void horizon() {
        ArrivalGenerator gen = new ArrivalGenerator(List.of(phase(2, new ConstantShape(10), Arrivals.UNIFORM)), 1, 1e6);
        List<Long> got = new ArrayList<>();
        for (long h = 0; h <= 3 * SECOND; h += 7_000_000) {
            long t;
            while ((t = gen.nextBefore(h)) >= 0) {
                assertThat(t).isLessThanOrEqualTo(h);
                got.add(t);
            }
            assertThat(t).isEqualTo(h >= 2 * SECOND ? ArrivalGenerator.FINISHED : ArrivalGenerator.NOT_YET);
        }
        assertThat(got).hasSize(20);
        assertThat(got.get(0)).isEqualTo(100_000_000L);
    }

    /** Runs a scheduler loop with 10 ms batches, calling {@code dial} at the given instants. */
    static int[] scheduled(ArrivalGenerator gen, long[] at, LongConsumer[] dial) {
        int[] counts = new int[(int) (gen.totalNanos() / SECOND)];
        int next = 0;
        for (long now = 0; now <= gen.totalNanos(); now += 10_000_000) {
            while (next < at.length && at[next] <= now) {
                dial[next++].accept(now);
            }
            long t;
            while ((t = gen.nextBefore(now + 10_000_000)) >= 0) {
                counts[(int) Math.min(counts.length - 1, t / SECOND)]++;
            }
        }
        return counts;
    }

    @Test
    @DisplayName("a multiplier changes the rate from now on, with no burst in the second it is turned")
    void multiplierDial() {
        ArrivalGenerator gen =
                new ArrivalGenerator(List.of(phase(10, new ConstantShape(100), Arrivals.UNIFORM)), 1, 1e6);
        int[] c = scheduled(
                gen, new long[] {5 * SECOND + 500_000_000}, new LongConsumer[] {now -> gen.setMultiplier(2, now)});
        for (int i = 0; i < 5; i++) {
            assertThat(c[i]).isBetween(99, 101);
        }
        assertThat(c[5]).isBetween(149, 152); // half a second at 100/s, half at 200/s
        for (int i = 6; i < 10; i++) {
            assertThat(c[i]).isBetween(199, 201);
        }
        assertThat(gen.multiplier()).isEqualTo(2);
    }

    @Test
    @DisplayName("an absolute rate replaces the shape from now on; resetting restores the shape")
    void absoluteDial() {
        ArrivalGenerator gen = new ArrivalGenerator(List.of(phase(9, new RampShape(0, 90), Arrivals.UNIFORM)), 1, 1e6);
        int[] c = scheduled(gen, new long[] {3 * SECOND, 6 * SECOND}, new LongConsumer[] {
            now -> gen.setAbsoluteRate(25, now), now -> gen.resetRate(now)
        });
        for (int i = 3; i < 6; i++) {
            assertThat(c[i]).isBetween(24, 26);
        }
        double[] exp = expected(new RampShape(0, 90).over(Duration.ofSeconds(9)));
        for (int i : new int[] {0, 1, 2, 6, 7, 8}) {
            assertThat((double) c[i]).isCloseTo(exp[i], Offset.offset(1.0 + 1e-9));
        }
        assertThat(gen.absoluteRate()).isNull();
    }

    @Test
    @DisplayName("pausing with multiplier 0 sends nothing, and resuming does not catch up what the pause skipped")
    void pauseHasNoCatchUp() {
        ArrivalGenerator gen = new ArrivalGenerator(List.of(phase(8, new ConstantShape(50), Arrivals.POISSON)), 3, 1e6);
        int[] c = scheduled(gen, new long[] {2 * SECOND, 5 * SECOND}, new LongConsumer[] {
            now -> gen.setMultiplier(0, now), now -> gen.setMultiplier(1, now)
        });
        assertThat(c[2] + c[3] + c[4]).isZero();
        // after resuming the rate is 50/s again: 3 s give 150 ± 5·sqrt(150), not 150 plus the 150 paused ones
        assertThat(Math.abs(c[5] + c[6] + c[7] - 150)).isLessThanOrEqualTo((int) (5 * Math.sqrt(150)));
        assertThat(gen.scheduledRate(6 * SECOND)).isEqualTo(50);
    }

    @Test
    @DisplayName("the dial refuses rates over the ceiling and negative values, naming the limit")
    void dialLimits() {
        ArrivalGenerator gen =
                new ArrivalGenerator(List.of(phase(8, new ConstantShape(500), Arrivals.UNIFORM)), 3, 1000);
        assertThatThrownBy(() -> gen.setMultiplier(3, 0)).hasMessageContaining("ceiling of 1000");
        assertThatThrownBy(() -> gen.setAbsoluteRate(1001, 0)).hasMessageContaining("ceiling of 1000");
        assertThatThrownBy(() -> gen.setMultiplier(-1, 0)).hasMessageContaining(">= 0");
        gen.setMultiplier(2, 0);
        assertThat(gen.scheduledRate(SECOND)).isEqualTo(1000);
    }

    @Test
    @DisplayName("shapes reject bad arguments with the limit in the message")
    void shapeArguments() {
        assertThatThrownBy(() -> new ConstantShape(-1)).hasMessageContaining("rate must be a finite rate >= 0");
        assertThatThrownBy(() -> new SineShape(10, 20, Duration.ofSeconds(5)))
                .hasMessageContaining("between 0 and the mean 10.0");
        assertThatThrownBy(() ->
                        new SpikeShape(1, 2, Duration.ofSeconds(8), Duration.ofSeconds(4)).over(Duration.ofSeconds(10)))
                .hasMessageContaining("the phase lasts only 10000ms");
        assertThatThrownBy(() -> new SpikeShape(1, 2, Duration.ZERO, Duration.ofSeconds(4), Duration.ofSeconds(3)))
                .hasMessageContaining("half the spike duration 2000ms");
        assertThatThrownBy(() -> StepsShape.of(List.of(new StepsShape.Step(1, Duration.ofSeconds(20))))
                        .over(Duration.ofSeconds(10)))
                .hasMessageContaining("the steps last 20s but the phase lasts only 10s");
        assertThatThrownBy(() -> StepsShape.evenly(1, 2, 0)).hasMessageContaining("between 1 and 1000");
    }
}
