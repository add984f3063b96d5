package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ExtrapolatedRate} against values worked out by hand from Prometheus 2.42's {@code extrapolatedRate}
 * semantics (each case's arithmetic is in its comment).
 */
class ExtrapolatedRateTest {

    private static long[] times(long fromS, long stepS, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = (fromS + i * stepS) * 1000;
        }
        return t;
    }

    private static double[] values(double from, double step, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + i * step;
        }
        return v;
    }

    @Test
    @DisplayName("samples on both edges of the range: no extrapolation, and both edges are inside the range (2.x)")
    void aligned() {
        // 13 samples 0..60 s, +10 each: increase 120 over 60 s sampled, nothing to extrapolate -> 2/s
        assertThat(ExtrapolatedRate.at(times(0, 5, 13), values(0, 10, 13), 60_000, 60_000, true))
                .isEqualTo(2.0);
    }

    @Test
    @DisplayName("samples inside the range are extrapolated to its edges when closer than 1.1 average intervals")
    void extrapolated() {
        // 12 samples 2..57 s from 100, +10: increase 110 over 55 s; 2 s and 3 s to the edges (< 5.5 s) are added,
        // zero point 55 * 100/110 = 50 s away does not limit: 110 * 60/55 = 120, rate 2/s
        long[] t = times(2, 5, 12);
        double[] v = values(100, 10, 12);
        assertThat(ExtrapolatedRate.at(t, v, 60_000, 60_000, false)).isCloseTo(120.0, within(1e-12));
        assertThat(ExtrapolatedRate.at(t, v, 60_000, 60_000, true)).isCloseTo(2.0, within(1e-12));
    }

    @Test
    @DisplayName("a counter reset adds the value before the reset")
    void reset() {
        // 10 20 5 15 25 at 0..20 s: 25 - 10 + 20 = 35 over 20 s, no extrapolation -> 1.75/s
        long[] t = times(0, 5, 5);
        double[] v = {10, 20, 5, 15, 25};
        assertThat(ExtrapolatedRate.at(t, v, 20_000, 20_000, true)).isEqualTo(1.75);
    }

    @Test
    @DisplayName("extrapolation towards the start stops where the counter would reach zero")
    void zeroPoint() {
        // 7 samples 30..60 s from 2, +10: increase 60 over 30 s; 30 s to the start, but zero is 30 * 2/60 = 1 s
        // before the first sample (< 5.5 s): 30 + 1 + 0 = 31 s -> 60 * 31/30 = 62, rate 62/60
        double rate = ExtrapolatedRate.at(times(30, 5, 7), values(2, 10, 7), 60_000, 60_000, true);
        assertThat(rate).isCloseTo(62.0 / 60.0, within(1e-12));
    }

    @Test
    @DisplayName("a gap before the first sample longer than 1.1 average intervals extrapolates half an interval only")
    void gap() {
        // NaN (no sample) until 40 s, then 1000..1040 at 40..60 s: increase 40 over 20 s; 40 s to the start is more
        // than 5.5 s and zero is 500 s away -> 20 + 2.5 + 0 = 22.5 s -> 40 * 22.5/20 = 45 over 60 s = 0.75/s
        long[] t = times(0, 5, 13);
        double[] v = new double[13];
        for (int i = 0; i < 13; i++) {
            v[i] = i < 8 ? Double.NaN : 1000 + (i - 8) * 10;
        }
        assertThat(ExtrapolatedRate.at(t, v, 60_000, 60_000, true)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    @DisplayName("fewer than two samples in the range give no value")
    void tooFew() {
        long[] t = times(0, 5, 13);
        double[] v = values(0, 10, 13);
        // [56 s, 60 s] holds only the sample at 60 s
        assertThat(ExtrapolatedRate.at(t, v, 60_000, 4_000, true)).isNaN();
        // [55 s, 60 s] holds two: both edges count
        assertThat(ExtrapolatedRate.at(t, v, 60_000, 5_000, true)).isEqualTo(2.0);
        assertThat(ExtrapolatedRate.at(new long[0], new double[0], 60_000, 60_000, true))
                .isNaN();
    }

    @Test
    @DisplayName("a window longer than the data extrapolates to the counter's zero point, then divides by the window")
    void longerThanData() {
        // 0..20 at 0..20 s (1/s), window 300 s: 280 s to the start, zero point 0 s away -> 20 s -> 20 / 300
        double rate = ExtrapolatedRate.at(times(0, 5, 5), values(0, 5, 5), 20_000, 300_000, true);
        assertThat(rate).isCloseTo(20.0 / 300.0, within(1e-15));
    }
}
