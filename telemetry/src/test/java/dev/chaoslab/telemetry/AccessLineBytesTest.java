package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.chaoslab.telemetry.logging.AccessLine;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.JsonLineEncoder;
import dev.chaoslab.telemetry.logging.LogFields;
import dev.chaoslab.telemetry.logging.ServiceNames;
import dev.chaoslab.telemetry.logging.StdoutBatchAppender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An access line that skips logback's event ({@link AccessLine}, written by {@link StdoutBatchAppender} without
 * {@link JsonLineEncoder}) is byte for byte the line the encoder writes for the event path's logback event of the
 * same request: both go through one {@link AsyncLogAppender} → {@link StdoutBatchAppender} chain, one after the
 * other, from the same thread, with the same span current, and are compared as written to stdout.
 */
class AccessLineBytesTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    private final String token = "bytes-" + UUID.randomUUID();
    private CapturedStdout stdout;
    private AsyncLogAppender async;
    private StdoutBatchAppender stdoutAppender;
    private Logger access;

    @BeforeEach
    void chain() {
        stdout = CapturedStdout.install();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        access = context.getLogger("access");
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        stdoutAppender = new StdoutBatchAppender();
        stdoutAppender.setContext(context);
        stdoutAppender.setName("bytes-test-stdout");
        stdoutAppender.setEncoder(encoder);
        stdoutAppender.start();
        async = new AsyncLogAppender();
        async.setContext(context);
        async.setName("bytes-test");
        async.addAppender(stdoutAppender);
        async.start();
    }

    @AfterEach
    void restore() {
        async.stop();
        stdoutAppender.stop();
        stdout.restore();
    }

    @Test
    @DisplayName(
            "both paths write the same bytes: every field type, escaping, every UTF-16 unit, sampled, unsampled and no span, with and without service and context fields")
    void sameBytesAsTheEncoder() throws Exception {
        StringBuilder everyChar = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            everyChar.append((char) c);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("error", "dependency_failed");
        extra.put("dependency", "payments \"eu\" \\ é ☃ 😀 \ud800 \u0000\u001f\u007f\b\t\n\f\r/");
        extra.put("key \"quoted\" ☃\u0001", "every char: " + everyChar);
        Context sampled = span(TraceFlags.getSampled());
        Context unsampled = span(TraceFlags.getDefault());
        List<Case> cases = List.of(
                new Case(sampled, "GET", "/api/products/:sku", "/api/products/SKU-001", 200, 1.25, Map.of()),
                new Case(unsampled, "POST", "/orders", "/orders?x=\"1\"&y=\\2", 502, 0.0, extra),
                new Case(Context.root(), "DELETE", "", "/a%22b/é/☃/😀", 404, 1234567.89, extra),
                new Case(sampled, "PATCH", "/parts/:id", "/parts/\u0007\u007f", 500, 1.0E7, Map.of("k", "")),
                new Case(unsampled, "GET", "/r", "/r", 204, 0.01, Map.of()));
        List<Instant> instants = List.of(
                Instant.parse("2026-12-06T20:30:00Z"),
                Instant.parse("2026-12-06T20:30:00.100Z"),
                Instant.parse("2026-12-06T20:30:00.000001Z"),
                Instant.parse("2026-12-06T23:59:59.123456789Z"),
                Instant.parse("2027-01-01T00:00:00.999999Z"));

        // off Vert.x: no service unless the JVM names one, no context fields
        int sent = 0;
        for (int i = 0; i < cases.size(); i++) {
            logBoth(cases.get(i), instants.get(i));
            sent++;
        }
        // on a service's event loop, with context fields
        Vertx vertx = Vertx.vertx();
        try {
            ServiceNames.register(vertx, "shop \"eu\" ☃", true);
            io.vertx.core.Context loop = vertx.getOrCreateContext();
            LogFields.put(loop, "run_id", "run-1\n\"x\"");
            LogFields.put(loop, "shard", "2");
            for (int i = 0; i < cases.size(); i++) {
                Case each = cases.get(i);
                Instant instant = instants.get((i + 2) % instants.size());
                onContext(loop, () -> {
                    logBoth(each, instant);
                    return null;
                });
                sent++;
            }
        } finally {
            ServiceNames.unregister(vertx);
            vertx.close().await();
        }

        assertThat(AsyncLogAppender.flushAll(Duration.ofSeconds(10))).isTrue();
        List<String> lines = linesOfThisTest();
        assertThat(lines).hasSize(2 * sent);
        for (int i = 0; i < lines.size(); i += 2) {
            assertThat(difference(lines.get(i), lines.get(i + 1)))
                    .as("line %d, line path against event path", i / 2)
                    .isEmpty();
        }
        assertThat(lines.get(0)).contains("\"trace_id\":\"" + TRACE_ID + "\"");
        assertThat(lines.get(2)).doesNotContain("trace_id");
        assertThat(lines.get(2 * cases.size())).contains("\"service\":\"shop \\\"eu\\\" ☃\"", "\"run_id\":");
    }

    /** The access log's event path (a logback event with the marker and the arguments), then the line path. */
    private void logBoth(Case c, Instant instant) {
        String path = c.path() + token;
        LoggingEvent event =
                new LoggingEvent(Logger.class.getName(), access, Level.INFO, "{} {} {} {} ms", null, new Object[] {
                    c.method(), path, c.status(), c.durationMs()
                });
        event.addMarker(new AccessLineMarker(c.method(), c.route(), path, c.status(), c.durationMs(), c.extra()));
        event.setInstant(instant);
        try (Scope ignored = c.span().makeCurrent()) {
            async.doAppend(event);
        }
        AccessLine captured =
                AccessLine.capture(c.span(), c.method(), c.route(), path, c.status(), c.durationMs(), c.extra());
        async.appendAccessLine(new AccessLine(
                instant,
                captured.thread(),
                captured.service(),
                captured.traceId(),
                captured.spanId(),
                captured.logFields(),
                captured.method(),
                captured.route(),
                captured.path(),
                captured.status(),
                captured.durationMs(),
                captured.extra(),
                captured.hexIds()));
    }

    /** Where two lines first differ, with some context ({@code ""} when equal): the lines are up to 200 kB long. */
    private static String difference(String expected, String actual) {
        if (expected.equals(actual)) {
            return "";
        }
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 40);
        return "at char " + at + ": expected …" + expected.substring(from, Math.min(expected.length(), at + 40))
                + "… but was …" + actual.substring(from, Math.min(actual.length(), at + 40)) + "…";
    }

    private List<String> linesOfThisTest() {
        String all = stdout.text();
        List<String> lines = new ArrayList<>();
        for (String line : all.split("\n", -1)) {
            if (line.contains(token)) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static Context span(TraceFlags flags) {
        return Context.root().with(Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, flags, TraceState.getDefault())));
    }

    /** Runs {@code action} on {@code context}'s event loop and waits for it. */
    private static <T> T onContext(io.vertx.core.Context context, Callable<T> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> {
            try {
                done.complete(action.call());
            } catch (Exception e) {
                done.fail(e);
            }
        });
        return done.future().await();
    }

    private record Case(
            Context span,
            String method,
            String route,
            String path,
            int status,
            double durationMs,
            Map<String, String> extra) {}
}
