package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.chaoslab.telemetry.logging.JsonLineEncoder;
import dev.chaoslab.telemetry.logging.StdoutBatchAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
}
