package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.chaoslab.telemetry.logging.AccessLine;
import dev.chaoslab.telemetry.logging.JsonLineEncoder;
import dev.chaoslab.telemetry.logging.StdoutBatchAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log's stdout appender writes a batch with one write, in whole lines, and holds nothing back at stop. */
class StdoutBatchAppenderTest {

    private static final String LOGGER = "test.stdout-batch";

    /** The writes to stdout made while a test ran; lines of other threads' loggers may be among them. */
    private final List<byte[]> allWrites = new CopyOnWriteArrayList<>();

    private PrintStream stdout;
    private StdoutBatchAppender appender;
    private Logger logger;

    @BeforeEach
    void redirectStdout() {
        stdout = System.out;
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        ByteArrayOutputStream copy = new ByteArrayOutputStream();
                        copy.write(bytes, offset, length);
                        allWrites.add(copy.toByteArray());
                    }
                },
                true,
                StandardCharsets.UTF_8));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender = new StdoutBatchAppender();
        appender.setContext(context);
        appender.setName("stdout-batch-test");
        appender.setEncoder(encoder);
        appender.start();
        logger = (Logger) LoggerFactory.getLogger(LOGGER);
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    /** The writes that carry lines of this test's logger (each write holds whole lines). */
    private List<byte[]> writes() {
        return allWrites.stream()
                .filter(w -> new String(w, StandardCharsets.UTF_8).contains("\"logger\":\"" + LOGGER + "\""))
                .toList();
    }

    @AfterEach
    void restoreStdout() {
        logger.detachAppender(appender);
        appender.stop();
        System.setOut(stdout);
    }

    @Test
    @DisplayName("lines are held until the batch ends, then written with one write, whole and in order")
    void oneWritePerBatch() {
        for (int i = 0; i < 3; i++) {
            logger.info("line {}", i);
        }
        assertThat(writes()).as("nothing written before the batch ends").isEmpty();

        appender.endOfBatch();

        assertThat(writes()).hasSize(1);
        List<String> lines =
                new String(writes().get(0), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(new JsonObject(lines.get(i)).getString("message")).isEqualTo("line " + i);
        }
        appender.endOfBatch();
        assertThat(writes()).as("an empty batch writes nothing").hasSize(1);
    }

    @Test
    @DisplayName(
            "a batch larger than the held limit is written in parts that end at line ends; stopping writes the rest")
    void bigBatchesAreWrittenInWholeLines() {
        String big = "x".repeat(1000);
        int lines = StdoutBatchAppender.MAX_HELD_BYTES / 1000 + 10;
        for (int i = 0; i < lines; i++) {
            logger.info("{} {}", i, big);
        }
        assertThat(writes()).as("written once the held bytes passed the limit").isNotEmpty();

        appender.stop();

        assertThat(writes())
                .allSatisfy(write -> assertThat(write[write.length - 1]).isEqualTo((byte) '\n'));
        long written = writes().stream()
                .mapToLong(w -> new String(w, StandardCharsets.UTF_8).lines().count())
                .sum();
        assertThat(written).isEqualTo(lines);
    }

    @Test
    @DisplayName("a ring's range of lines larger than the held limit, wrapping at the ring's end, is written in parts"
            + " that end at line ends, all of it in order")
    void ringRangesAreWrittenInWholeLines() {
        byte[] ring = new byte[1 << 20];
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        int from = ring.length - 1000;
        int at = from;
        for (int i = 0; lines.size() < StdoutBatchAppender.MAX_HELD_BYTES * 2; i++) {
            byte[] line = ("{\"logger\":\"" + LOGGER + "\",\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 500) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8);
            for (byte b : line) {
                ring[at++ & (ring.length - 1)] = b;
            }
            lines.writeBytes(line);
        }
        appender.appendEncodedRange(ring, from, lines.size());
        appender.endOfBatch();

        assertThat(writes()).hasSizeGreaterThan(2);
        assertThat(writes()).allSatisfy(write -> {
            assertThat(write.length).isLessThanOrEqualTo(StdoutBatchAppender.MAX_HELD_BYTES);
            assertThat(write[write.length - 1]).isEqualTo((byte) '\n');
        });
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        writes().forEach(written::writeBytes);
        assertThat(written.toByteArray()).isEqualTo(lines.toByteArray());
    }

    @Test
    @DisplayName("an access line encoded on the threads that log it (each with its own encoder, at once) is the bytes"
            + " the appender makes itself, and is written as it is")
    void accessLinesEncodedByTheirThreadsAreTheAppendersBytes() throws Exception {
        List<AccessLine> lines = new ArrayList<>();
        Instant at = Instant.parse("2026-12-07T04:30:01.250Z");
        for (int i = 0; i < 40; i++) {
            lines.add(new AccessLine(
                    at.plusMillis(i * 700L),
                    "vert.x-eventloop-thread-" + i % 3,
                    i % 4 == 0 ? null : "shop \"" + i % 5 + "\" ☃",
                    i % 2 == 0 ? "4bf92f3577b34da6a3ce929d0e0e4736" : null,
                    i % 2 == 0 ? "00f067aa0ba902b7" : null,
                    Map.of(),
                    i % 3 == 0 ? "POST" : "GET",
                    i % 6 == 0 ? "" : "/orders/:id",
                    "/orders/" + i + (i % 7 == 0 ? "?q=\u0001\n" : ""),
                    200 + i,
                    i * 1.25,
                    i % 5 == 0 ? Map.of("error", "dependency \"failed\"", "dependency", "payments") : Map.of()));
        }
        for (AccessLine line : lines) {
            appender.appendAccessLine(line);
        }
        appender.endOfBatch();
        assertThat(accessWrites()).hasSize(1);
        String expected = accessWrites().get(0);
        allWrites.clear();

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<byte[]>>> encoded = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                encoded.add(threads.submit(() -> {
                    List<byte[]> all = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        for (AccessLine line : lines) {
                            all.add(appender.encodeAccessLine(line));
                        }
                    }
                    return all;
                }));
            }
            for (Future<List<byte[]>> each : encoded) {
                List<byte[]> all = each.get();
                for (int round = 0; round < 50; round++) {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < lines.size(); i++) {
                        text.append(new String(all.get(round * lines.size() + i), StandardCharsets.UTF_8));
                    }
                    assertThat(text.toString()).isEqualTo(expected);
                }
            }
        } finally {
            threads.shutdownNow();
        }

        byte[][] encodedLines = new byte[lines.size() + 1][];
        for (int i = 0; i < lines.size(); i++) {
            encodedLines[i] = appender.encodeAccessLine(lines.get(i));
        }
        encodedLines[lines.size()] = "not one of the first lines.size()\n".getBytes(StandardCharsets.UTF_8);
        appender.appendEncodedLines(encodedLines, lines.size());
        appender.endOfBatch();
        assertThat(accessWrites()).containsExactly(expected);
    }

    /** The writes that carry this test's access lines (other threads may write to stdout meanwhile). */
    private List<String> accessWrites() {
        return allWrites.stream()
                .map(w -> new String(w, StandardCharsets.UTF_8))
                .filter(w -> w.contains("\"path\":\"/orders/"))
                .toList();
    }
}
