package dev.chaoslab.telemetry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The encoder writes numbers without strings: digit for digit what {@code Integer/Double.toString} and the
 * timestamp's {@code DateTimeFormatter} write.
 */
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

    @Test
    @DisplayName(
            "timestamps with every number of fraction digits, trailing zeros and none, across seconds, as ISO_OFFSET_DATE_TIME in UTC")
    void timestampsAsTheFormatter() {
        AccessLineEncoder encoder = new AccessLineEncoder("\n");
        LineBuffer out = new LineBuffer(8);
        SplittableRandom random = new SplittableRandom(12);
        long second = Instant.parse("2026-12-07T07:00:00Z").getEpochSecond();
        for (int i = 0; i < 500_000; i++) {
            int scale = (int) Math.pow(10, random.nextInt(10)); // 1 to 10^9: 9 to 0 fraction digits
            int nanos = random.nextInt(1_000_000_000) / scale * scale;
            Instant instant = Instant.ofEpochSecond(second + i / 1000, nanos % 1_000_000_000);
            out.clear();
            out.put('x');
            encoder.timestamp(instant, out);
            String written = new String(out.bytes(), 1, out.size() - 1, StandardCharsets.US_ASCII);
            String expected =
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            if (!written.equals(expected)) {
                assertThat(written).as("instant %s", instant).isEqualTo(expected);
            }
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
