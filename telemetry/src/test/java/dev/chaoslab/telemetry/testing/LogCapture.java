package dev.chaoslab.telemetry.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Collects the JSON log lines of the running JVM in memory, exactly as the shipped {@code logback.xml}
 * writes them to stdout (same encoder, after the OpenTelemetry appender has added trace ids; the access log's
 * lines after its {@link AsyncLogAppender} has queued them, encoded on its writer thread as on stdout).
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *   … send a request …
 *   JsonObject line = logs.awaitLine(l -> "access".equals(l.getString("logger"))).await();
 *   assertThat(line.getString("trace_id")).isEqualTo(traceId);
 * }
 * }</pre>
 * Thread-safe. Lines are encoded on the thread that writes them to stdout: the logging thread, or the
 * writer thread of the asynchronous access log (so wait for access lines with {@link #awaitLine}, or close
 * the service's telemetry first, which flushes them).
 */
public final class LogCapture implements AutoCloseable {

    private final List<JsonObject> lines = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final CaptureAppender appender;
    private final List<AppenderAttachable<ILoggingEvent>> parents;

    private record Waiter(Predicate<JsonObject> condition, Promise<JsonObject> promise) {}

    private LogCapture(List<AppenderAttachable<ILoggingEvent>> parents, Encoder<ILoggingEvent> encoder) {
        this.parents = parents;
        this.appender = new CaptureAppender(encoder);
    }

    /** Starts capturing every line logged from now on until {@link #close()}. */
    @SuppressWarnings("unchecked")
    public static LogCapture start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> otel = root.getAppender("OTEL");
        if (!(otel instanceof AppenderAttachable<?> chain)) {
            throw new IllegalStateException(
                    "logback.xml of chaoslab-telemetry is not in use: no appender OTEL on the root logger "
                            + "(a logback-test.xml or another logback.xml earlier on the class path shadows it)");
        }
        AppenderAttachable<ILoggingEvent> attachable = (AppenderAttachable<ILoggingEvent>) chain;
        Appender<ILoggingEvent> json = attachable.getAppender("JSON");
        if (!(json instanceof OutputStreamAppender<ILoggingEvent> stream)) {
            throw new IllegalStateException("logback.xml of chaoslab-telemetry has no JSON appender under OTEL");
        }
        List<AppenderAttachable<ILoggingEvent>> parents = new ArrayList<>();
        parents.add(attachable);
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof AsyncLogAppender async && !parents.contains(async)) {
                    parents.add(async);
                }
            }
        }
        LogCapture capture = new LogCapture(parents, stream.getEncoder());
        capture.appender.setContext(context);
        capture.appender.setName("capture-" + System.identityHashCode(capture));
        capture.appender.start();
        parents.forEach(parent -> parent.addAppender(capture.appender));
        return capture;
    }

    /** All lines captured so far. */
    public synchronized List<JsonObject> lines() {
        return List.copyOf(lines);
    }

    /** Lines matching {@code condition}. */
    public List<JsonObject> lines(Predicate<JsonObject> condition) {
        return lines().stream().filter(condition).collect(Collectors.toList());
    }

    /** Lines of one logger, e.g. {@code "access"}. */
    public List<JsonObject> logger(String name) {
        return lines(line -> name.equals(line.getString("logger")));
    }

    /**
     * Completes with the first line (captured before or after this call) that matches. Never fails by
     * itself: bound the wait with the test's {@code @Timeout}.
     */
    public Future<JsonObject> awaitLine(Predicate<JsonObject> condition) {
        synchronized (this) {
            for (JsonObject line : lines) {
                if (condition.test(line)) {
                    return Future.succeededFuture(line);
                }
            }
            Promise<JsonObject> promise = Promise.promise();
            waiters.add(new Waiter(condition, promise));
            return promise.future();
        }
    }

    @Override
    public void close() {
        parents.forEach(parent -> parent.detachAppender(appender));
        appender.stop();
    }

    private void add(JsonObject line) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            lines.add(line);
            waiters.removeIf(waiter -> {
                if (waiter.condition().test(line)) {
                    completions.add(() -> waiter.promise().complete(line));
                    return true;
                }
                return false;
            });
        }
        completions.forEach(Runnable::run);
    }

    private final class CaptureAppender extends AppenderBase<ILoggingEvent> {
        private final Encoder<ILoggingEvent> encoder;

        CaptureAppender(Encoder<ILoggingEvent> encoder) {
            this.encoder = encoder;
        }

        @Override
        protected void append(ILoggingEvent event) {
            String text = new String(encoder.encode(event), StandardCharsets.UTF_8).trim();
            add(new JsonObject(text));
        }
    }
}
