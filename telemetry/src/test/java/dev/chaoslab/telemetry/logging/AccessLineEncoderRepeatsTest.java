package dev.chaoslab.telemetry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Strings that come again are copied from where they were escaped: the bytes stay those of a fresh encoding. */
class AccessLineEncoderRepeatsTest {

    @Test
    @DisplayName(
            "lines sharing thread, service, method, route and path objects, across buffer growth and clears, encode as each line alone")
    void repeatedStringsEncodeAsAlone() {
        List<String> threads = List.of("vert.x-eventloop-thread-0", "vert.x-eventloop-thread-1", "wörker \"x\"", "t\n");
        List<String> services = List.of("gateway", "inventory", "sérvice");
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");
        List<String> routes = List.of("/api/products/:sku", "", "/a>\"b\"", "/ünï/:id", "/x", "/y");
        SplittableRandom random = new SplittableRandom(4);
        AccessLineEncoder encoder = new AccessLineEncoder("\n");
        LineBuffer batch = new LineBuffer(16);
        for (int i = 0; i < 20_000; i++) {
            String path = random.nextInt(3) == 0 ? "/p/\u2603/" + i : "/api/products/SKU-" + i;
            AccessLine line = new AccessLine(
                    Instant.ofEpochSecond(1_765_000_000L + i / 7, random.nextInt(1_000_000_000)),
                    pick(threads, random),
                    random.nextInt(5) == 0 ? null : pick(services, random),
                    null,
                    null,
                    Map.of(),
                    pick(methods, random),
                    pick(routes, random),
                    path,
                    200 + random.nextInt(400),
                    random.nextInt(100_000) / 100.0,
                    Map.of());
            if (random.nextInt(50) == 0) {
                batch.clear(); // a written batch
            }
            if (random.nextInt(500) == 0) {
                batch.clear();
                batch.shrink(0, 16);
            }
            int start = batch.size();
            encoder.encode(line, batch);
            byte[] repeated = Arrays.copyOfRange(batch.bytes(), start, batch.size());

            LineBuffer alone = new LineBuffer(16);
            new AccessLineEncoder("\n").encode(line, alone);
            byte[] fresh = Arrays.copyOf(alone.bytes(), alone.size());
            if (!Arrays.equals(repeated, fresh)) {
                assertThat(new String(repeated, StandardCharsets.UTF_8))
                        .as("line %d", i)
                        .isEqualTo(new String(fresh, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    @DisplayName(
            "lines whose every character is escaped at its longest, with context and added fields, into a buffer that must grow, encode as each line alone")
    void longestEscapesIntoAGrowingBuffer() {
        AccessLineEncoder encoder = new AccessLineEncoder("\r\n");
        for (int length = 0; length < 40; length++) {
            String sixBytes = "\u0001".repeat(length); // each as \\u0001
            String surrogates = "\uD800".repeat(length); // each as \\uD800
            String thread = sixBytes + "t";
            String route = surrogates;
            for (int repeat = 0; repeat < 3; repeat++) { // the kept strings again
                AccessLine line = new AccessLine(
                        Instant.ofEpochSecond(253_402_300_799L, 123_456_789), // 9999-12-31T23:59:59
                        thread,
                        sixBytes,
                        sixBytes + "0",
                        surrogates + "1",
                        Map.of("run_id", sixBytes),
                        sixBytes,
                        route,
                        surrogates + "/p",
                        Integer.MIN_VALUE,
                        -2.2250738585072014E-308,
                        Map.of("error", surrogates));
                LineBuffer small = new LineBuffer(1);
                small.put('x');
                encoder.encode(line, small);
                byte[] repeated = Arrays.copyOfRange(small.bytes(), 1, small.size());
                LineBuffer alone = new LineBuffer(64 * 1024);
                new AccessLineEncoder("\r\n").encode(line, alone);
                assertThat(new String(repeated, StandardCharsets.UTF_8))
                        .as("length %d, repeat %d", length, repeat)
                        .isEqualTo(new String(alone.bytes(), 0, alone.size(), StandardCharsets.UTF_8));
            }
        }
    }

    private static String pick(List<String> strings, SplittableRandom random) {
        return strings.get(random.nextInt(strings.size()));
    }
}
