package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.BatchAware;
import dev.chaoslab.telemetry.logging.LogFields;
import dev.chaoslab.telemetry.logging.ServiceNames;
import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.OwnContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The access log is written on a thread of its own ({@link AsyncLogAppender}); what a line says about the
 * request that caused it must be taken on the request's thread.
 */
@ExtendWith(VertxExtension.class)
class AsyncAccessLogTest {

    private static final int REQUESTS_PER_SERVICE = 150;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
            "under concurrent requests to two services, every access line has its own request's trace id, a span of its own and its service")
    void concurrentRequestsKeepTheirFields(Vertx vertx) {
        assertThat(((Logger) LoggerFactory.getLogger("access")).getAppender("ACCESS"))
                .as("the shipped logback.xml writes the access log asynchronously")
                .isInstanceOf(AsyncLogAppender.class);
        try (LogCapture logs = LogCapture.start()) {
            TestService alpha = TestService.start(
                            TelemetryOptions.fromEnvInSharedProcess("alpha"),
                            (s, router) -> router.get("/echo/:n").handler(TestService.ok("alpha")))
                    .await();
            TestService beta = TestService.start(
                            TelemetryOptions.fromEnvInSharedProcess("beta"),
                            (s, router) -> router.get("/echo/:n").handler(TestService.ok("beta")))
                    .await();
            try {
                WebClient client = WebClient.create(vertx);
                Map<String, String[]> sent = new HashMap<>(); // path -> {service, trace id, parent span id}
                List<Future<?>> responses = new ArrayList<>();
                for (int n = 0; n < REQUESTS_PER_SERVICE; n++) {
                    for (TestService service : List.of(alpha, beta)) {
                        String path = "/echo/" + service.telemetry.serviceName() + "-" + n;
                        String traceId = hex(32);
                        String parentSpanId = hex(16);
                        sent.put(path, new String[] {service.telemetry.serviceName(), traceId, parentSpanId});
                        responses.add(client.getAbs(service.url(path))
                                .putHeader("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
                                .send()
                                .expecting(r -> r.statusCode() == 200));
                    }
                }
                Future.all(responses).await();

                for (Map.Entry<String, String[]> request : sent.entrySet()) {
                    JsonObject line = logs.awaitLine(l -> "access".equals(l.getString("logger"))
                                    && request.getKey().equals(l.getString("path")))
                            .await();
                    String[] expected = request.getValue();
                    assertThat(line.getString("service")).as(request.getKey()).isEqualTo(expected[0]);
                    assertThat(line.getString("trace_id")).as(request.getKey()).isEqualTo(expected[1]);
                    assertThat(line.getString("span_id"))
                            .as(request.getKey())
                            .matches("[0-9a-f]{16}")
                            .isNotEqualTo(expected[2]);
                    assertThat(line.getString("route")).isEqualTo("/echo/:n");
                    assertThat(line.getInteger("status")).isEqualTo(200);
                    assertThat(line.getString("thread"))
                            .as("the thread that logged, not the writer")
                            .startsWith("vert.x-eventloop-thread-");
                }
                assertThat(logs.logger("access").stream()
                                .map(l -> l.getString("span_id"))
                                .distinct())
                        .as("one server span per request")
                        .hasSizeGreaterThanOrEqualTo(sent.size());
                client.close();
            } finally {
                alpha.close();
                beta.close();
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "context fields, MDC and the service a thread speaks for are taken when the line is logged, not when it is written")
    void threadStateIsCapturedWhenLogged(Vertx vertx) {
        var access = LoggerFactory.getLogger("access");
        try (LogCapture logs = LogCapture.start()) {
            Context run = OwnContext.deploy(vertx).await();
            LogFields.put(run, "run_id", "r-async");
            run.runOnContext(v -> ServiceNames.speakingFor("speaker", () -> {
                MDC.put("scenario", "s-async");
                try {
                    access.info("logged from a run");
                } finally {
                    MDC.remove("scenario");
                }
            }));

            JsonObject line = logs.awaitLine(l -> "logged from a run".equals(l.getString("message")))
                    .await();
            assertThat(line.getString("run_id")).isEqualTo("r-async");
            assertThat(line.getString("scenario")).isEqualTo("s-async");
            assertThat(line.getString("service")).isEqualTo("speaker");
            assertThat(line.getString("logger")).isEqualTo("access");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "a full queue drops lines without blocking the logger, counts them per service in its metric, and warns once")
    void fullQueueDropsAndCounts() throws InterruptedException {
        String service = "dropper-" + UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        Recorder blocked = new Recorder(release);
        AsyncLogAppender appender = appender("drop-test", 1, blocked);
        Logger logger = testLogger(appender);
        ServiceTelemetry telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnvInSharedProcess(service));
        int logged = 10;
        try (LogCapture logs = LogCapture.start()) {
            // the writer holds at most one line (blocked in the recorder) and the queue one more: at least 8 are
            // dropped
            ServiceNames.speakingFor(service, () -> {
                for (int i = 0; i < logged; i++) {
                    logger.info("line {}", i);
                }
            });
            assertThat(AsyncLogAppender.dropped(service)).isBetween((long) logged - 2, (long) logged);
            FunctionCounter metric = telemetry
                    .registry()
                    .find(ServiceTelemetry.LOG_LINES_DROPPED)
                    .tag("service", service)
                    .functionCounter();
            assertThat(metric).isNotNull();
            assertThat(metric.count()).isEqualTo(AsyncLogAppender.dropped(service));

            release.countDown();
            appender.stop();
            assertThat(blocked.events.size() + AsyncLogAppender.dropped(service))
                    .as("written + dropped")
                    .isEqualTo(logged);
            assertThat(logs.lines(l -> "WARN".equals(l.getString("level"))
                            && l.getString("message").contains("drop-test")))
                    .hasSize(1);
        } finally {
            release.countDown();
            appender.stop();
            logger.detachAppender(appender);
            telemetry.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
            "with the writer held and four threads logging at once, exactly the queue's size is kept, the rest is dropped and counted, and what is kept is written in each thread's order")
    void concurrentLoggersAtCapacity() throws InterruptedException {
        String service = "capacity-" + UUID.randomUUID();
        int queueSize = 1000;
        int threads = 4;
        int perThread = 2000;
        CountDownLatch release = new CountDownLatch(1);
        Recorder held = new Recorder(release);
        AsyncLogAppender appender = appender("capacity-test", queueSize, held);
        Logger logger = testLogger(appender);
        try {
            ServiceNames.speakingFor(service, () -> logger.info("first"));
            // the writer takes the first line and is held in the recorder: from now on the queue only fills
            assertThat(held.entered.await(20, TimeUnit.SECONDS)).isTrue();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> loggers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread logging = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    ServiceNames.speakingFor(service, () -> {
                        for (int i = 0; i < perThread; i++) {
                            logger.info("{} {}", thread, i);
                        }
                    });
                });
                logging.start();
                loggers.add(logging);
            }
            go.countDown();
            for (Thread logging : loggers) {
                logging.join();
            }
            assertThat(AsyncLogAppender.dropped(service)).isEqualTo((long) threads * perThread - queueSize);

            release.countDown();
            appender.stop();
            assertThat(held.events).hasSize(1 + queueSize);
            int[] next = new int[threads];
            for (ILoggingEvent event : held.events.subList(1, held.events.size())) {
                Object[] arguments = event.getArgumentArray();
                int thread = (Integer) arguments[0];
                int index = (Integer) arguments[1];
                // the queue never drains while the writer is held: a thread's kept lines are its first ones, in order
                assertThat(index).as("thread %d's lines in order", thread).isEqualTo(next[thread]);
                next[thread] = index + 1;
            }
        } finally {
            release.countDown();
            appender.stop();
            logger.detachAppender(appender);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("stopping the appender writes every line still queued, in order")
    void stopWritesWhatIsQueued() {
        Recorder recorder = new Recorder(null);
        AsyncLogAppender appender = appender("stop-test", 1000, recorder);
        Logger logger = testLogger(appender);
        try {
            for (int i = 0; i < 500; i++) {
                logger.info("line {}", i);
            }
            appender.stop();
            assertThat(recorder.events).hasSize(500);
            assertThat(recorder.events.get(499).getFormattedMessage()).isEqualTo("line 499");
        } finally {
            appender.stop();
            logger.detachAppender(appender);
        }
    }

    private static AsyncLogAppender appender(String name, int queueSize, Recorder child) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        child.setContext(context);
        child.start();
        AsyncLogAppender appender = new AsyncLogAppender();
        appender.setContext(context);
        appender.setName(name);
        appender.setQueueSize(queueSize);
        appender.setMaxFlushMillis(20_000); // a bound for a stuck writer, not a timing expectation
        appender.addAppender(child);
        appender.start();
        return appender;
    }

    private static Logger testLogger(AsyncLogAppender appender) {
        Logger logger = (Logger) LoggerFactory.getLogger("test.async." + appender.getName());
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private static String hex(int digits) {
        StringBuilder s = new StringBuilder(digits);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < digits; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("lines queued while the writer is busy reach the appender as one batch, ended once, not line by line")
    void queuedLinesAreWrittenAsOneBatch() {
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder(release);
        AsyncLogAppender appender = appender("batch-test", 1000, recorder);
        Logger logger = testLogger(appender);
        try {
            logger.info("line 0");
            // the writer takes line 0 (at once or after its idle sleep) and blocks on it in the recorder; the rest
            // queues
            for (int i = 1; i < 100; i++) {
                logger.info("line {}", i);
            }
            release.countDown();
            appender.stop();
            assertThat(recorder.events).hasSize(100);
            assertThat(recorder.batchEnds)
                    .as("batches ended: line 0 alone or not, then the other 99 together")
                    .isBetween(1, 2);
        } finally {
            release.countDown();
            appender.stop();
            logger.detachAppender(appender);
        }
    }

    /**
     * Records what the writer thread hands it and how many batches it ended; with a latch, blocks on the first
     * event until released.
     */
    private static final class Recorder extends AppenderBase<ILoggingEvent> implements BatchAware {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile int batchEnds;
        private final CountDownLatch release;

        Recorder(CountDownLatch release) {
            this.release = release;
        }

        @Override
        protected void append(ILoggingEvent event) {
            entered.countDown();
            if (release != null) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            events.add(event);
        }

        @Override
        public void endOfBatch() {
            batchEnds++;
        }
    }
}
