package dev.chaoslab.telemetry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The access lines of event loops, handed over through a ring per loop ({@link ProducerRing}). */
class EventLoopRingsTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    /** While not counted down, the access log's writer threads wait in their write to stdout. */
    private volatile CountDownLatch stdoutHeld = new CountDownLatch(0);

    private final String tag = UUID.randomUUID().toString();
    private PrintStream stdout;
    private StdoutBatchAppender lines;
    private AsyncLogAppender appender;
    private Logger logger;

    @BeforeEach
    void chain() {
        stdout = System.out;
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        if (Thread.currentThread().getName().startsWith("log-writer-")) {
                            try {
                                stdoutHeld.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        synchronized (written) {
                            written.write(bytes, offset, length);
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        lines = new StdoutBatchAppender();
        lines.setContext(context);
        lines.setName("rings-stdout");
        lines.setEncoder(encoder);
        lines.start();
        appender = new AsyncLogAppender();
        appender.setContext(context);
        appender.setName("rings-test");
        appender.setQueueSize(100_000); // rings of 4 MiB: no line of these bursts is dropped
        appender.setMaxFlushMillis(20_000); // a bound for a stuck writer, not a timing expectation
        appender.addAppender(lines);
        appender.start();
        logger = context.getLogger("test.rings");
    }

    @AfterEach
    void restore() {
        stdoutHeld.countDown();
        appender.stop();
        lines.stop();
        System.setOut(stdout);
    }

    private AccessLine line(int loop, int i) {
        return new AccessLine(
                Instant.parse("2026-12-07T09:40:00Z").plusMillis(i),
                Thread.currentThread().getName(),
                tag,
                null,
                null,
                Map.of(),
                "GET",
                "/r",
                "/" + tag + "/" + loop + "/" + i,
                200,
                0.5,
                Map.of());
    }

    /** A context on the next event loop: made on a thread of its own (a thread keeps the context it made). */
    private static Context contextOfNewThread(Vertx vertx) throws Exception {
        CompletableFuture<Context> made = new CompletableFuture<>();
        new Thread(() -> made.complete(vertx.getOrCreateContext())).start();
        return made.get(20, TimeUnit.SECONDS);
    }

    /** On {@code context}: {@code count} lines, every tenth followed by an event, both numbered in one sequence. */
    private void logOn(Context context, int loop, int from, int count) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            for (int i = from; i < from + count; i++) {
                appender.appendAccessLine(line(loop, i));
                if (i % 10 == 0) {
                    appender.doAppend(new LoggingEvent(
                            Logger.class.getName(), logger, Level.INFO, tag + " " + loop + " " + i + "e", null, null));
                }
            }
            done.complete(null);
        });
        done.get(20, TimeUnit.SECONDS);
    }

    /** What each loop's lines and events said, in the order they were written. */
    private List<List<String>> writtenByLoop(int loops) {
        String all;
        synchronized (written) {
            all = written.toString(StandardCharsets.UTF_8);
        }
        List<List<String>> byLoop = new ArrayList<>();
        for (int l = 0; l < loops; l++) {
            byLoop.add(new ArrayList<>());
        }
        all.lines().filter(l -> l.contains(tag)).forEach(text -> {
            String message = new JsonObject(text).getString("message");
            if (message.startsWith("GET /")) {
                String[] parts = message.split(" ")[1].split("/");
                byLoop.get(Integer.parseInt(parts[2])).add(parts[3]);
            } else {
                String[] parts = message.split(" ");
                byLoop.get(Integer.parseInt(parts[1])).add(parts[2]);
            }
        });
        return byLoop;
    }

    private static List<String> expected(int count) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(Integer.toString(i));
            if (i % 10 == 0) {
                order.add(i + "e");
            }
        }
        return order;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("two event loops' lines and events are all written, each loop's in its order; a flush waits for what"
            + " was offered before it, stopping writes the rest, and the rings of ended loops are dropped")
    void eachLoopInOrder() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context first = contextOfNewThread(vertx);
            Context second = contextOfNewThread(vertx);
            assertThat(first).isNotSameAs(second);
            logOn(first, 0, 0, 3000);
            logOn(second, 1, 0, 3000);
            assertThat(appender.ringsInUse()).isEqualTo(2);
            assertThat(AsyncLogAppender.flushAll(Duration.ofSeconds(20))).isTrue();
            assertThat(AsyncLogAppender.dropped(tag)).isZero();
            assertThat(writtenByLoop(2)).containsExactly(expected(3000), expected(3000));

            logOn(first, 0, 3000, 2000);
            logOn(second, 1, 3000, 2000);
        } finally {
            vertx.close().await();
        }
        // the loops ended: their rings go once drained
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (appender.ringsInUse() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(appender.ringsInUse()).isZero();
        appender.stop();
        assertThat(AsyncLogAppender.dropped(tag)).isZero();
        assertThat(writtenByLoop(2)).containsExactly(expected(5000), expected(5000));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("threads that are not event loops share the queue; their lines are written too, in order")
    void otherThreadsShareTheQueue() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int loop = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 300; i++) {
                    appender.appendAccessLine(line(loop, i));
                    if (i % 10 == 0) {
                        appender.doAppend(new LoggingEvent(
                                Logger.class.getName(),
                                logger,
                                Level.INFO,
                                tag + " " + loop + " " + i + "e",
                                null,
                                null));
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(appender.ringsInUse()).isZero();
        assertThat(AsyncLogAppender.flushAll(Duration.ofSeconds(20))).isTrue();
        assertThat(writtenByLoop(2)).containsExactly(expected(300), expected(300));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("while stdout is stalled, a loop's full ring drops lines whole without blocking the loop and counts"
            + " them; what it kept is written in order once stdout moves")
    void fullRingDropsAndCounts() throws Exception {
        appender.stop();
        appender = new AsyncLogAppender();
        appender.setContext(lines.getContext());
        appender.setName("rings-drop-test");
        appender.setQueueSize(64); // the smallest ring, 64 KiB
        appender.setMaxFlushMillis(20_000);
        appender.addAppender(lines);
        appender.start();
        stdoutHeld = new CountDownLatch(1);
        int logged = 1000; // 200 KB or more: at most the ring and one batch in the stalled write are kept
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Void> done = new CompletableFuture<>();
            contextOfNewThread(vertx).runOnContext(v -> {
                for (int i = 0; i < logged; i++) {
                    appender.appendAccessLine(line(0, i));
                }
                done.complete(null);
            });
            done.get(20, TimeUnit.SECONDS);
            long dropped = AsyncLogAppender.dropped(tag);
            assertThat(dropped).isGreaterThan(0);

            stdoutHeld.countDown();
            appender.stop();
            List<String> kept = writtenByLoop(1).get(0);
            assertThat(kept.size() + dropped).as("written + dropped").isEqualTo(logged);
            assertThat(kept).isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        } finally {
            stdoutHeld.countDown();
            vertx.close().await();
        }
    }
}
