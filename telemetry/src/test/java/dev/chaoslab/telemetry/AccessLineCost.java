package dev.chaoslab.telemetry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.sun.management.ThreadMXBean;
import dev.chaoslab.telemetry.logging.AccessLine;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.JsonLineEncoder;
import dev.chaoslab.telemetry.logging.ServiceNames;
import dev.chaoslab.telemetry.logging.ShippedAccessLog;
import dev.chaoslab.telemetry.logging.StdoutBatchAppender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * A benchmark, not a test: the CPU time one access line costs the logging thread and the writer thread, through the
 * logback event ("event", the path of any other chain) and as an {@link AccessLine} ("line", the shipped chain), in
 * interleaved rounds. Thread CPU time, so another process's load does not count (it still shares caches and cores).
 * The lines go through a private {@link AsyncLogAppender} → {@link StdoutBatchAppender} chain to a discarded
 * {@code System.out}: the kernel's write is not included (the same bytes on both paths), the number of writes is
 * counted.
 *
 * <p>Four measurements per round: "event" and "line", one thread logging as fast as it can (waiting for the writer
 * every {@value #CHUNK} lines); "loop", the line path on the event loop of a Vert.x instance registered as a service
 * (what the shop's handler does: the service is found through the Vert.x context); "line x2", two threads doing
 * "line" at once (two event loops sharing the queue with the writer); "paced", one thread logging
 * {@code -Dpaced=}{@value #PACED_RATE} lines per second, evenly spaced (it spins between lines, so only the writer's
 * CPU time is reported), for {@value #PACED_SECONDS} s, as the shop's two services do under
 * {@code scripts/bench-targets.sh}: there the writer's sleeps and wake-ups decide how many lines each {@code write}
 * carries and what a line costs the writer. Besides CPU time, the bytes each thread allocated per line
 * ({@code ThreadMXBean.getThreadAllocatedBytes}). Uses only API that older builds have, so the same class measures a
 * before-build's classes too (put them first on the class path).
 *
 * <pre>{@code
 * mvn -B -q -pl telemetry -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp telemetry/target/test-classes:telemetry/target/classes:$(cat /tmp/cp.txt) dev.chaoslab.telemetry.AccessLineCost
 * }</pre>
 */
public final class AccessLineCost {

    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 1_000_000;
    private static final int ROUNDS = 3;
    /** Lines logged before waiting for the writer: below the queue's size, so that nothing is dropped. */
    private static final int CHUNK = 4_000;

    private static final String WRITER = "cost";
    private static final int PACED_RATE = 30_000;
    private static final int PACED_SECONDS = 4;

    private static final AtomicLong WRITES = new AtomicLong();
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AccessLineCost() {}

    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                WRITES.incrementAndGet();
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                WRITES.incrementAndGet();
            }
        }));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        StdoutBatchAppender stdout = new StdoutBatchAppender();
        stdout.setContext(context);
        stdout.setName(WRITER + "-stdout");
        stdout.setEncoder(encoder);
        stdout.start();
        AsyncLogAppender async = new AsyncLogAppender();
        async.setContext(context);
        async.setName(WRITER);
        async.addAppender(stdout);
        async.start();
        Logger logger = context.getLogger("access-cost");
        logger.setAdditive(false);
        logger.addAppender(async);
        org.slf4j.Logger access = LoggerFactory.getLogger("access");
        Context span = Context.root()
                .with(Span.wrap(SpanContext.create(
                        "4bf92f3577b34da6a3ce929d0e0e4736",
                        "00f067aa0ba902b7",
                        TraceFlags.getSampled(),
                        TraceState.getDefault())));
        Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("log-writer-" + WRITER))
                .findFirst()
                .orElseThrow();
        Vertx vertx = Vertx.vertx();
        ServiceNames.register(vertx, "inventory", true);
        io.vertx.core.Context loop = vertx.getOrCreateContext();
        long loopThread = onLoop(loop, () -> Thread.currentThread().getId());

        Runnable event = () -> {
            try (Scope ignored = span.makeCurrent()) {
                logger.info(
                        new AccessLineMarker("GET", "/api/products/:sku", "/api/products/SKU-001", 200, 1.25, Map.of()),
                        "{} {} {} {} ms",
                        "GET",
                        "/api/products/SKU-001",
                        200,
                        1.25);
            }
        };
        Runnable line = () -> {
            if (ShippedAccessLog.appender(access) != null) {
                async.appendAccessLine(AccessLine.capture(
                        span, "GET", "/api/products/:sku", "/api/products/SKU-001", 200, 1.25, Map.of()));
            }
        };
        int pacedRate = Integer.getInteger("paced", PACED_RATE);
        console.printf(
                "CPU time and allocation per access line, %d lines per round after %d of warm-up; load %.1f%n",
                MEASURED, WARM_UP, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int round = 1; round <= ROUNDS; round++) {
            for (String path : new String[] {"event", "line"}) {
                Runnable log = path.equals("event") ? event : line;
                run(log, WARM_UP);
                long self = Thread.currentThread().getId();
                Usage before = Usage.of(self, writer.getId());
                run(log, MEASURED);
                report(console, round, path, Usage.of(self, writer.getId()).minus(before), MEASURED);
            }
            runOnLoop(loop, line, WARM_UP);
            Usage before = Usage.of(loopThread, writer.getId());
            runOnLoop(loop, line, MEASURED);
            report(console, round, "loop", Usage.of(loopThread, writer.getId()).minus(before), MEASURED);
            long[] twoThreads = inThreads(2, () -> run(line, MEASURED / 2));
            long writerStart = THREADS.getThreadCpuTime(writer.getId());
            twoThreads = inThreads(2, () -> run(line, MEASURED / 2));
            report(
                    console,
                    round,
                    "line x2",
                    new Usage(
                            twoThreads[0] + twoThreads[1],
                            THREADS.getThreadCpuTime(writer.getId()) - writerStart,
                            0,
                            0),
                    MEASURED);
            writerStart = THREADS.getThreadCpuTime(writer.getId());
            long writesStart = WRITES.get();
            paced(line, pacedRate);
            long pacedLines = (long) pacedRate * PACED_SECONDS;
            AsyncLogAppender.flushAll(Duration.ofSeconds(30));
            long writing = THREADS.getThreadCpuTime(writer.getId()) - writerStart;
            long writes = WRITES.get() - writesStart;
            console.printf(
                    "round %d paced   %d lines/s: writer %.3f µs per line, %d lines per write(), %d writes per second (load %.1f)%n",
                    round,
                    pacedRate,
                    writing / 1000.0 / pacedLines,
                    pacedLines / Math.max(1, writes),
                    writes / PACED_SECONDS,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        console.printf(
                "lines dropped: %d (no service), %d (inventory)%n",
                AsyncLogAppender.dropped(null), AsyncLogAppender.dropped("inventory"));
        async.stop();
        vertx.close().await();
        System.setOut(console);
    }

    /** CPU time and allocation of the logging thread and the writer, in nanoseconds and bytes. */
    private record Usage(long loggingCpu, long writerCpu, long loggingBytes, long writerBytes) {
        static Usage of(long logging, long writer) {
            return new Usage(
                    THREADS.getThreadCpuTime(logging),
                    THREADS.getThreadCpuTime(writer),
                    THREADS.getThreadAllocatedBytes(logging),
                    THREADS.getThreadAllocatedBytes(writer));
        }

        Usage minus(Usage earlier) {
            return new Usage(
                    loggingCpu - earlier.loggingCpu,
                    writerCpu - earlier.writerCpu,
                    loggingBytes - earlier.loggingBytes,
                    writerBytes - earlier.writerBytes);
        }
    }

    private static void report(PrintStream console, int round, String path, Usage used, long lines) {
        console.printf(
                "round %d %-7s logging thread %.3f µs %.1f B, writer %.3f µs %.1f B, both %.3f µs per line (load %.1f)%n",
                round,
                path,
                used.loggingCpu() / 1000.0 / lines,
                (double) used.loggingBytes() / lines,
                used.writerCpu() / 1000.0 / lines,
                (double) used.writerBytes() / lines,
                (used.loggingCpu() + used.writerCpu()) / 1000.0 / lines,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** What {@code work} returns, run on {@code context}'s thread. */
    private static <T> T onLoop(io.vertx.core.Context context, java.util.function.Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(work.get()));
        return result.get();
    }

    /** Logs {@code lines} lines on {@code context}'s event loop, a chunk per task, waiting for the writer after each. */
    private static void runOnLoop(io.vertx.core.Context context, Runnable log, int lines) throws Exception {
        for (int done = 0; done < lines; done += CHUNK) {
            onLoop(context, () -> {
                for (int i = 0; i < CHUNK; i++) {
                    log.run();
                }
                return null;
            });
            if (!AsyncLogAppender.flushAll(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the writer did not keep up within 30 s");
            }
        }
    }

    /** Runs {@code work} on {@code count} new threads at once; their CPU times in nanoseconds. */
    private static long[] inThreads(int count, Runnable work) throws InterruptedException {
        long[] cpu = new long[count];
        Thread[] started = new Thread[count];
        for (int i = 0; i < count; i++) {
            int index = i;
            started[i] = new Thread(() -> {
                work.run();
                cpu[index] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            });
            started[i].start();
        }
        for (Thread thread : started) {
            thread.join();
        }
        return cpu;
    }

    /** Logs {@code rate} lines per second, evenly spaced, for {@value #PACED_SECONDS} s. */
    private static void paced(Runnable log, int rate) {
        long start = System.nanoTime();
        long lines = (long) rate * PACED_SECONDS;
        long interval = 1_000_000_000L / rate;
        for (long i = 0; i < lines; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            log.run();
        }
    }

    /** Logs {@code lines} lines, waiting for the writer after each chunk so that the queue never fills. */
    private static void run(Runnable log, int lines) {
        for (int done = 0; done < lines; done += CHUNK) {
            for (int i = 0; i < CHUNK; i++) {
                log.run();
            }
            if (!AsyncLogAppender.flushAll(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the writer did not keep up within 30 s");
            }
        }
    }
}
