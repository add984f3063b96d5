package dev.chaoslab.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.chaoslab.chaos.support.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The delay distributions, sampled directly (no HTTP), with tolerances from the sample size. */
class DelayTest {

    private static final int N = 20_000;
    private static final long CEILING = 30_000;

    private static List<Double> sample(Delay delay, long seed) {
        Random random = new Random(seed);
        List<Double> samples = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            samples.add(Delay.sampleWithin(delay, random, CEILING));
        }
        return samples;
    }

    private static void assertQuantile(List<Double> samples, double x, double p) {
        assertThat(Stats.fractionAtMost(samples, x))
                .as("fraction ≤ %s", x)
                .isCloseTo(p, within(Stats.binomialTolerance(samples.size(), p) / samples.size()));
    }

    @Test
    @DisplayName("log-normal samples have the configured median and the log-normal tail quantiles")
    void lognormal() {
        double median = 200;
        double sigma = 0.8;
        List<Double> samples = sample(new Delay.LogNormal(median, sigma), 1);

        assertQuantile(samples, median, 0.5);
        assertQuantile(samples, median * Math.exp(1.2815516 * sigma), 0.9);
        assertQuantile(samples, median * Math.exp(2.3263479 * sigma), 0.99);
        double mean = median * Math.exp(sigma * sigma / 2);
        double sd = Math.sqrt((Math.exp(sigma * sigma) - 1)) * mean;
        assertThat(Stats.mean(samples)).isCloseTo(mean, within(4 * sd / Math.sqrt(N)));
    }

    @Test
    @DisplayName("normal samples have the configured mean and spread")
    void normal() {
        List<Double> samples = sample(new Delay.Normal(100, 15), 2);

        assertThat(Stats.mean(samples)).isCloseTo(100, within(4 * 15 / Math.sqrt(N)));
        assertQuantile(samples, 100 + 15, 0.8413447);
        assertQuantile(samples, 100 - 2 * 15, 0.0227501);
    }

    @Test
    @DisplayName("uniform samples stay within their bounds and spread evenly")
    void uniform() {
        List<Double> samples = sample(new Delay.Uniform(10, 50), 3);

        assertThat(samples).allSatisfy(s -> assertThat(s).isBetween(10.0, 50.0));
        assertQuantile(samples, 20, 0.25);
        assertQuantile(samples, 40, 0.75);
    }

    @Test
    @DisplayName("samples are cut at the latency ceiling and at 0, never beyond")
    void cutAtTheBounds() {
        Random random = new Random(4);
        for (int i = 0; i < 1_000; i++) {
            assertThat(Delay.sampleWithin(new Delay.LogNormal(1_000, 4), random, 2_000))
                    .isBetween(0.0, 2_000.0);
            assertThat(Delay.sampleWithin(new Delay.Normal(1, 100), random, 2_000))
                    .isBetween(0.0, 2_000.0);
        }
        assertThat(Delay.sampleWithin(new Delay.Fixed(7), random, 2_000)).isEqualTo(7);
    }
}
