package dev.chaoslab.telemetry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProducerRingTest {

    private static final int RING = 4096;
    private static final Instant AT = Instant.parse("2026-12-07T09:30:00.125Z");

    private StdoutBatchAppender stdout;

    @BeforeEach
    void stdout() {
        LoggerContext context = new LoggerContext();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        stdout = new StdoutBatchAppender();
        stdout.setContext(context);
        stdout.setEncoder(encoder);
        stdout.start();
    }

    @AfterEach
    void stop() {
        stdout.stop();
    }

    /** Line {@code i}: paths of many lengths, some longer than the ring's room before its end, one with escapes. */
    private static AccessLine line(int i) {
        String path = "/api/products/SKU-" + i + "/" + "p".repeat((i * 37) % 700) + (i % 11 == 0 ? "\"\\é" : "");
        return new AccessLine(
                AT.plusMillis(i),
                "vert.x-eventloop-thread-" + (i % 3),
                i % 5 == 0 ? null : "inventory",
                null,
                null,
                Map.of(),
                "GET",
                "/api/products/:sku",
                path,
                200 + i % 300,
                i / 8.0,
                Map.of(),
                false);
    }

    private static byte[] encoded(AccessLine line) {
        LineBuffer out = new LineBuffer(64);
        new AccessLineEncoder("\n").encode(line, out);
        return java.util.Arrays.copyOf(out.bytes(), out.size());
    }

    /** A sink that keeps the bytes it was handed and an item as {@code <item>} between them. */
    private static final class Collected implements ProducerRing.Sink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override
        public void bytes(byte[] ring, int from, int length) {
            int first = Math.min(length, ring.length - from);
            out.write(ring, from, first);
            out.write(ring, 0, length - first);
        }

        @Override
        public void item(Object item) {
            out.writeBytes(("<" + item + ">").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("drained while the owner writes, lines wrapping the ring's end and items between them come out as the"
            + " encoder's bytes in the owner's order, whatever the owner had to retry")
    void drainsTheOwnersBytesInOrder() throws Exception {
        int count = 5_000;
        ProducerRing ring = new ProducerRing(Thread.currentThread(), 4 * RING, 8, 0);
        Collected collected = new Collected();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                while (!done.get() || !ring.isEmpty()) {
                    if (ring.drain(collected) == 0) {
                        Thread.yield();
                    }
                    ring.written();
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        writer.start();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            AccessLine line = line(i);
            while (!ring.offerLine(line, stdout)) {
                Thread.yield(); // full: the writer frees room
            }
            expected.writeBytes(encoded(line));
            if (i % 7 == 0) {
                Integer item = i;
                while (!ring.offerItem(item)) {
                    Thread.yield();
                }
                expected.writeBytes(("<" + i + ">").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        done.set(true);
        writer.join();
        assertThat(failed.get()).isNull();
        assertThat(collected.out.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(ring.writtenBytes()).isEqualTo(ring.offeredBytes());
        assertThat(ring.writtenItems()).isEqualTo(ring.offeredItems());
    }

    @Test
    @DisplayName("a full ring refuses a line whole and keeps what it holds; drained, it takes lines again")
    void fullRingRefusesWholeLines() {
        ProducerRing ring = new ProducerRing(Thread.currentThread(), RING, 2, 0);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (ring.offerLine(line(i), stdout)) {
                expected.writeBytes(encoded(line(i)));
            } else {
                refused.add(i);
            }
        }
        assertThat(refused).isNotEmpty();
        assertThat(ring.offeredBytes()).isLessThanOrEqualTo(RING).isEqualTo(expected.size());
        assertThat(ring.offerItem("a")).isTrue();
        assertThat(ring.offerItem("b")).isTrue();
        assertThat(ring.offerItem("c")).as("two items at most").isFalse();

        Collected collected = new Collected();
        ring.drain(collected);
        expected.writeBytes("<a><b>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(collected.out.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.writtenBytes())
                .as("not written before the writer says so")
                .isZero();
        ring.written();
        assertThat(ring.writtenBytes()).isEqualTo(ring.offeredBytes());
        assertThat(ring.offerLine(line(1), stdout)).isTrue();
        assertThat(ring.offerItem("c")).isTrue();
    }
}
