package dev.chaoslab.telemetry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The encoder writes numbers without strings: digit for digit what {@code Integer/Double.toString} write. */
class AccessLineEncoderNumbersTest {

    @Test
    @DisplayName(
            "every duration of whole hundredths up to 20 000 ms, and a sample up to 10 000 000 ms, as Double.toString")
    void durationsAsDoubleToString() {
        LineBuffer out = new LineBuffer(32);
        for (long hundredths = 0; hundredths <= 2_000_000; hundredths++) {
            assertDuration(Math.round(hundredths) / 100.0, out);
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 2_000_000; i++) {
            assertDuration(random.nextLong(1_000_000_000L) / 100.0, out);
        }
        for (double other : new double[] {
            9_999_999.99,
            1.0E7,
            1.0E7 + 0.01,
            123_456_789.5,
            0.001,
            0.005,
            1.0 / 3,
            -0.0,
            -1.25,
            1e-9,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.MAX_VALUE,
            Double.MIN_VALUE
        }) {
            assertDuration(other, out);
        }
    }

    @Test
    @DisplayName("status codes and any other int as Integer.toString")
    void integersAsIntegerToString() {
        LineBuffer out = new LineBuffer(4);
        for (int value = -1000; value <= 100_000; value++) {
            assertInteger(value, out);
        }
        for (int value :
                new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE, 1_000_000_000, -999_999_999}) {
            assertInteger(value, out);
        }
    }

    private static void assertDuration(double value, LineBuffer out) {
        out.clear();
        out.put('x'); // not at the start of the buffer
        AccessLineEncoder.duration(value, out);
        String written = new String(out.bytes(), 1, out.size() - 1, StandardCharsets.US_ASCII);
        if (!written.equals(Double.toString(value))) {
            assertThat(written).as("duration %s", value).isEqualTo(Double.toString(value));
        }
    }

    private static void assertInteger(int value, LineBuffer out) {
        out.clear();
        out.put('x');
        AccessLineEncoder.integer(value, out);
        String written = new String(out.bytes(), 1, out.size() - 1, StandardCharsets.US_ASCII);
        if (!written.equals(Integer.toString(value))) {
            assertThat(written).as("int %d", value).isEqualTo(Integer.toString(value));
        }
    }
}
