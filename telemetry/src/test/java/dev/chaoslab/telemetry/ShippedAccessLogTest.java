package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterAttachable;
import ch.qos.logback.core.spi.FilterReply;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.ShippedAccessLog;
import dev.chaoslab.telemetry.testing.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * The access log skips logback's event only with the shipped chain as {@code logback.xml} configures it
 * ({@link ShippedAccessLog}); any other chain gets the event, and the line written either way is the same.
 */
@ExtendWith(VertxExtension.class)
class ShippedAccessLogTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    private final org.slf4j.Logger access = LoggerFactory.getLogger("access");

    @Test
    @DisplayName(
            "only the shipped chain, untouched, takes the line path; a capture, a filter, an appender, additivity or an MDC entry keep the event")
    void onlyTheShippedChainSkipsTheEvent() {
        Logger logger = (Logger) access;
        AsyncLogAppender shipped = (AsyncLogAppender) logger.getAppender("ACCESS");
        assertThat(ShippedAccessLog.appender(access)).isSameAs(shipped);

        try (LogCapture ignored = LogCapture.start()) {
            assertThat(ShippedAccessLog.appender(access))
                    .as("with the tests' capture")
                    .isNull();
        }
        assertThat(ShippedAccessLog.appender(access)).isSameAs(shipped);

        MDC.put("request", "r-1");
        try {
            assertThat(ShippedAccessLog.appender(access))
                    .as("with an MDC entry")
                    .isNull();
        } finally {
            MDC.remove("request");
        }
        assertThat(ShippedAccessLog.appender(access)).isSameAs(shipped);
        assertThat(ShippedAccessLog.infoAppender(access)).isSameAs(shipped);

        // an MDC emptied again (logback keeps an empty map), replaced and cleared: empty, so the line path again
        MDC.put("request", "r-2");
        MDC.remove("request");
        assertThat(ShippedAccessLog.infoAppender(access))
                .as("an MDC emptied again")
                .isSameAs(shipped);
        MDC.setContextMap(java.util.Map.of("tenant", "t-1"));
        try {
            assertThat(ShippedAccessLog.infoAppender(access))
                    .as("with an MDC set as a whole")
                    .isNull();
        } finally {
            MDC.clear();
        }
        assertThat(ShippedAccessLog.infoAppender(access)).as("a cleared MDC").isSameAs(shipped);

        LoggerContext context = logger.getLoggerContext();
        TurboFilter userTurbo = new TurboFilter() {
            @Override
            public FilterReply decide(
                    Marker marker, Logger l, Level level, String format, Object[] params, Throwable t) {
                return FilterReply.NEUTRAL;
            }
        };
        context.addTurboFilter(userTurbo);
        try {
            assertThat(ShippedAccessLog.appender(access))
                    .as("with a user's turbo filter")
                    .isNull();
        } finally {
            context.getTurboFilterList().remove(userTurbo);
        }

        Filter<ch.qos.logback.classic.spi.ILoggingEvent> filter = new Filter<>() {
            @Override
            public FilterReply decide(ch.qos.logback.classic.spi.ILoggingEvent event) {
                return FilterReply.NEUTRAL;
            }
        };
        shipped.addFilter(filter);
        try {
            assertThat(ShippedAccessLog.appender(access))
                    .as("with a filter on ACCESS")
                    .isNull();
        } finally {
            shipped.clearAllFilters();
        }

        AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> other = new AppenderBase<>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {}
        };
        other.setContext(context);
        other.start();
        logger.addAppender(other);
        try {
            assertThat(ShippedAccessLog.appender(access))
                    .as("with a second appender on the logger")
                    .isNull();
        } finally {
            logger.detachAppender(other);
        }

        logger.setAdditive(true);
        try {
            assertThat(ShippedAccessLog.appender(access)).as("additive").isNull();
        } finally {
            logger.setAdditive(false);
        }
        assertThat(ShippedAccessLog.appender(access)).isSameAs(shipped);
    }

    @Test
    @DisplayName(
            "the kept answer follows a filter added to the stdout appender, a stopped appender and a logger context reconfigured at run time")
    void keptAnswerFollowsChangesAtRunTime() throws Exception {
        Logger logger = (Logger) access;
        AsyncLogAppender shipped = (AsyncLogAppender) logger.getAppender("ACCESS");
        assertThat(ShippedAccessLog.appender(access)).isSameAs(shipped);
        var stdout = (FilterAttachable<ch.qos.logback.classic.spi.ILoggingEvent>) shipped.getAppender("ACCESS_STDOUT");
        stdout.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ch.qos.logback.classic.spi.ILoggingEvent event) {
                return FilterReply.NEUTRAL;
            }
        });
        try {
            assertThat(ShippedAccessLog.appender(access))
                    .as("with a filter on ACCESS_STDOUT")
                    .isNull();
        } finally {
            stdout.clearAllFilters();
        }
        assertThat(ShippedAccessLog.appender(access)).isSameAs(shipped);

        // a context of its own, configured from the shipped logback.xml, then from a user's, then shipped again
        LoggerContext own = new LoggerContext();
        own.setName("reconfigured");
        own.setMDCAdapter(logger.getLoggerContext().getMDCAdapter());
        try {
            configure(own, getClass().getResource("/logback.xml").openStream());
            org.slf4j.Logger ownAccess = own.getLogger("access");
            AsyncLogAppender first = ShippedAccessLog.appender(ownAccess);
            assertThat(first).as("the shipped configuration").isNotNull();

            configure(
                    own,
                    new ByteArrayInputStream(
                            ("<configuration><appender name=\"FILE\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                                            + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
                                            + "<logger name=\"access\" additivity=\"false\"><appender-ref ref=\"FILE\"/>"
                                            + "</logger></configuration>")
                                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(ShippedAccessLog.appender(ownAccess))
                    .as("a user's configuration")
                    .isNull();

            configure(own, getClass().getResource("/logback.xml").openStream());
            AsyncLogAppender again = ShippedAccessLog.appender(ownAccess);
            assertThat(again).as("the shipped configuration again").isNotNull().isNotSameAs(first);
            again.stop();
            assertThat(ShippedAccessLog.appender(ownAccess))
                    .as("its appender stopped")
                    .isNull();
        } finally {
            own.stop();
        }
        assertThat(ShippedAccessLog.appender(access)).isSameAs(shipped);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
            "a level set at run time on the access logger or on the root it inherits from counts from the next line on the line path")
    void levelChangesCountAtOnce(Vertx vertx) {
        Logger logger = (Logger) access;
        Logger root = logger.getLoggerContext().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        AsyncLogAppender shipped = (AsyncLogAppender) logger.getAppender("ACCESS");
        Level accessLevel = logger.getLevel();
        Level rootLevel = root.getLevel();
        String token = UUID.randomUUID().toString();
        CapturedStdout stdout = CapturedStdout.install();
        TestService service = null;
        try {
            service = TestService.start(
                            TelemetryOptions.fromEnvInSharedProcess("levels"),
                            (s, router) -> router.get("/level/:step").handler(TestService.ok("level")))
                    .await();
            WebClient client = WebClient.create(vertx);
            TestService running = service;
            Runnable[] steps = {
                () -> {}, // as shipped: logged
                () -> logger.setLevel(Level.WARN), // not logged
                () -> logger.setLevel(Level.INFO), // logged
                () -> {
                    logger.setLevel(null);
                    root.setLevel(Level.ERROR); // inherited: not logged
                },
                () -> root.setLevel(Level.DEBUG), // logged
            };
            for (int step = 0; step < steps.length; step++) {
                steps[step].run();
                assertThat(ShippedAccessLog.infoAppender(access) != null)
                        .as("step " + step)
                        .isEqualTo(access.isInfoEnabled());
                client.get(running.port(), "127.0.0.1", "/level/" + step + "-" + token)
                        .send()
                        .await();
            }
            assertThat(AsyncLogAppender.flushAll(Duration.ofSeconds(10))).isTrue();
            assertThat(accessLines(stdout, token))
                    .extracting(line -> line.getString("path"))
                    .containsExactly("/level/0-" + token, "/level/2-" + token, "/level/4-" + token);
        } finally {
            logger.setLevel(accessLevel);
            root.setLevel(rootLevel);
            if (service != null) {
                service.close();
            }
            stdout.restore();
        }
        assertThat(ShippedAccessLog.infoAppender(access)).isSameAs(shipped);
    }

    private static void configure(LoggerContext context, InputStream xml) throws Exception {
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try (xml) {
            configurator.doConfigure(xml);
        }
    }

    @Test
    @DisplayName("under the Java agent (which instruments logback's events) the access log keeps the event path")
    void agentKeepsTheEvent() {
        ResponseAccessLog sdk = new ResponseAccessLog(Instrumentation.SDK);
        ResponseAccessLog agent = new ResponseAccessLog(Instrumentation.AGENT);
        sdk.start();
        agent.start();
        assertThat(sdk.started()).isTrue();
        assertThat(sdk.handsOffRoutes()).isFalse();
        // the hook never writes under the agent: AccessLogHandler, which logs only events, gets the request
        assertThat(agent.started()).isFalse();
        assertThat(agent.handsOffRoutes()).isTrue();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
            "a request's line on the line path has the event path's fields, order and values, for a sampled request, an unsampled one and a failure handler's answer")
    void linePathWritesTheEventPathsLine(Vertx vertx) {
        String token = UUID.randomUUID().toString();
        CapturedStdout stdout = CapturedStdout.install();
        TestService service = null;
        try {
            service = TestService.start(TelemetryOptions.fromEnvInSharedProcess("linepath"), (s, router) -> {
                        router.get("/parts/:id").handler(ctx -> ctx.fail(new IllegalStateException("boom")));
                        router.get("/fine/:id").handler(TestService.ok("fine"));
                        router.route().failureHandler(ctx -> {
                            AccessLogFields.put(ctx, "error", "dependency_failed ☃ \"x\"");
                            ctx.response().setStatusCode(502).end();
                        });
                    })
                    .await();
            WebClient client = WebClient.create(vertx);
            List<JsonObject> linePath = new ArrayList<>();
            List<JsonObject> eventPath = new ArrayList<>();
            for (boolean capture : new boolean[] {false, true}) {
                try (LogCapture ignored = capture ? LogCapture.start() : null) {
                    assertThat(ShippedAccessLog.appender(access) == null).isEqualTo(capture);
                    for (String request : List.of("/parts/%C3%A9" + token, "/fine/" + token)) {
                        for (String flags : List.of("01", "00")) {
                            client.get(service.port(), "127.0.0.1", request)
                                    .putHeader("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-" + flags)
                                    .send()
                                    .await();
                        }
                    }
                    assertThat(AsyncLogAppender.flushAll(Duration.ofSeconds(10)))
                            .isTrue();
                }
                List<JsonObject> lines = accessLines(stdout, token);
                (capture ? eventPath : linePath).addAll(lines.subList(linePath.size(), lines.size()));
            }

            assertThat(linePath).hasSize(4);
            assertThat(eventPath).hasSize(4);
            Set<String> perRequest = Set.of("@timestamp", "message", "duration_ms", "span_id");
            for (int i = 0; i < 4; i++) {
                JsonObject line = linePath.get(i);
                JsonObject event = eventPath.get(i);
                assertThat(new ArrayList<>(line.fieldNames())).isEqualTo(new ArrayList<>(event.fieldNames()));
                for (String field : line.fieldNames()) {
                    if (!perRequest.contains(field)) {
                        assertThat(line.getValue(field)).as(field).isEqualTo(event.getValue(field));
                    }
                }
                assertThat(line.getValue("duration_ms")).isInstanceOf(Double.class);
                assertThat(line.getString("message"))
                        .isEqualTo(line.getString("method") + " " + line.getString("path") + " "
                                + line.getInteger("status") + " " + line.getDouble("duration_ms") + " ms");
            }
            assertThat(linePath.get(0).getString("route")).isEqualTo("/parts/:id");
            assertThat(linePath.get(0).getInteger("status")).isEqualTo(502);
            assertThat(linePath.get(0).getString("error")).isEqualTo("dependency_failed ☃ \"x\"");
            assertThat(linePath.get(0).getString("trace_id")).isEqualTo(TRACE_ID);
            assertThat(linePath.get(1).containsKey("trace_id")).as("unsampled").isFalse();
            assertThat(linePath.get(2).getString("service")).isEqualTo("linepath");
        } finally {
            if (service != null) {
                service.close();
            }
            stdout.restore();
        }
    }

    private static List<JsonObject> accessLines(CapturedStdout stdout, String token) {
        String all = stdout.text();
        List<JsonObject> lines = new ArrayList<>();
        for (String line : all.split("\n")) {
            if (line.contains(token) && line.contains("\"logger\":\"access\"")) {
                lines.add(new JsonObject(line));
            }
        }
        return lines;
    }
}
