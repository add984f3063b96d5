package dev.chaoslab.simulator.cli;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import dev.chaoslab.telemetry.logging.AsyncLogAppender;
import dev.chaoslab.telemetry.logging.JsonLineEncoder;
import dev.chaoslab.telemetry.logging.KnownNoiseFilter;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foreground commands' logging ({@code chaoslab/logback-cli.xml}) against the services' ({@code logback.xml}
 * of the telemetry module): each configuration is loaded into a logger context of its own, the same events are
 * logged through both, and what reaches the log file, stdout and stderr is compared.
 */
class CliLoggingTest {

    private static final String LOGGER = "chaoslab.test.logging";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<LoggerContext> contexts = new ArrayList<>();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        originalErr = System.err;
        // console appenders write to whatever System.out/err are when an event is logged
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        contexts.forEach(LoggerContext::stop);
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    @DisplayName(
            "the CLI's log file gets the services' JSON lines field for field; the terminal only warnings and errors, as text")
    void cliFileMatchesServiceStdout() throws Exception {
        Path logFile = dir.resolve("chaoslab.log");
        LoggerContext cli = configure(cliConfig(), Map.of("chaoslab.log.file", logFile.toString()));
        LoggerContext service = configure(serviceConfig(), Map.of());
        for (LoggerContext context : List.of(cli, service)) {
            logSamples(context); // from one line, so both stack traces are the same
        }

        List<JsonObject> fromFile = jsonLines(Files.readString(logFile));
        List<JsonObject> fromStdout = jsonLines(stdout.toString(StandardCharsets.UTF_8));
        assertThat(fromFile)
                .extracting(l -> l.getString("message"))
                .containsExactly("with fields run_id=r-1", "careful: disk", "it broke");
        assertThat(fromStdout).hasSameSizeAs(fromFile);
        for (int i = 0; i < fromFile.size(); i++) {
            JsonObject cliLine = fromFile.get(i);
            JsonObject serviceLine = fromStdout.get(i);
            assertThat(new ArrayList<>(cliLine.fieldNames())).isEqualTo(new ArrayList<>(serviceLine.fieldNames()));
            for (JsonObject line : List.of(cliLine, serviceLine)) {
                assertThat(OffsetDateTime.parse(line.getString("@timestamp")).getOffset())
                        .isEqualTo(ZoneOffset.UTC);
            }
            assertThat(without(cliLine, "@timestamp")).isEqualTo(without(serviceLine, "@timestamp"));
        }
        assertThat(new ArrayList<>(fromFile.get(0).fieldNames()))
                .containsExactly("@timestamp", "level", "logger", "message", "trace_id", "run_id", "thread");
        assertThat(fromFile.get(0).getString("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(fromFile.get(0).containsKey("trace_flags")).isFalse();
        String stack = fromFile.get(2).getString("stack_trace");
        assertThat(stack.indexOf("RuntimeException: disk full"))
                .as("root cause first")
                .isNotNegative()
                .isLessThan(stack.indexOf("IllegalStateException: it broke"));

        String terminal = stderr.toString(StandardCharsets.UTF_8);
        assertThat(terminal)
                .contains("WARN logging: careful: disk", "ERROR logging: it broke")
                .doesNotContain("with fields", "{\"@timestamp\"", "netty chatter", "vert.x warning");
        // the services keep Vert.x's warnings; the CLI (demo runs four Vert.x instances on purpose) drops them
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("vert.x warning");
        assertThat(Files.readString(logFile)).doesNotContain("vert.x warning", "netty chatter", "hidden debug");
    }

    @Test
    @DisplayName("both configurations share the common set-up and follow CHAOSLAB_LOG_LEVEL")
    void sharedSetUpAndLevel() throws Exception {
        Path logFile = dir.resolve("debug.log");
        Map<String, String> debug = Map.of("CHAOSLAB_LOG_LEVEL", "DEBUG", "chaoslab.log.file", logFile.toString());
        for (URL config : List.of(cliConfig(), serviceConfig())) {
            LoggerContext context = configure(config, debug);
            assertThat(context.getTurboFilterList())
                    .as(config.toString())
                    .hasAtLeastOneElementOfType(KnownNoiseFilter.class);
            assertThat(context.getCopyOfListenerList())
                    .as(config.toString())
                    .hasAtLeastOneElementOfType(LevelChangePropagator.class);
            assertThat(context.getLogger("io.netty").getLevel())
                    .as(config.toString())
                    .isEqualTo(Level.WARN);
            assertThat(context.getLogger("okhttp3").getLevel())
                    .as(config.toString())
                    .isEqualTo(Level.WARN);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel())
                    .as(config.toString())
                    .isEqualTo(Level.DEBUG);
            context.getLogger(LOGGER).debug("debug on");
        }
        assertThat(Files.readString(logFile)).contains("\"message\":\"debug on\"");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"message\":\"debug on\"");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("debug on");
    }

    @Test
    @DisplayName(
            "access lines go through the asynchronous appender in both configurations, to the file and stdout only")
    void accessLinesAreAsynchronous() throws Exception {
        Path logFile = dir.resolve("access.log");
        LoggerContext cli = configure(cliConfig(), Map.of("chaoslab.log.file", logFile.toString()));
        LoggerContext service = configure(serviceConfig(), Map.of());
        for (LoggerContext context : List.of(cli, service)) {
            ch.qos.logback.classic.Logger access = context.getLogger("access");
            assertThat(access.isAdditive())
                    .as("access lines bypass the synchronous chain")
                    .isFalse();
            assertThat(access.getAppender("ACCESS")).isInstanceOf(AsyncLogAppender.class);
            access.info("GET /hello 200");
            context.stop(); // writes what is queued
        }
        assertThat(Files.readString(logFile)).contains("\"logger\":\"access\"", "GET /hello 200");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"logger\":\"access\"", "GET /hello 200");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("GET /hello 200");
    }

    private static void logSamples(LoggerContext context) {
        Logger log = context.getLogger(LOGGER);
        log.debug("hidden debug");
        context.getMDCAdapter().put("trace_id", "0af7651916cd43dd8448eb211c80319c");
        context.getMDCAdapter().put("trace_flags", "01");
        log.info("with fields {}", kv("run_id", "r-1"));
        context.getMDCAdapter().clear();
        log.warn("careful: {}", "disk");
        log.error("it broke", new IllegalStateException("it broke", new RuntimeException("disk full")));
        context.getLogger("io.netty.channel.Whatever").info("netty chatter");
        context.getLogger("io.vertx.core.impl.VertxImpl").warn("vert.x warning");
    }

    private LoggerContext configure(URL config, Map<String, String> properties) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setName("test-" + contexts.size());
        context.setMDCAdapter(new LogbackMDCAdapter());
        contexts.add(context);
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        assertThat(new StatusUtil(context).getHighestLevel(0))
                .as("logback status of " + config + ": "
                        + context.getStatusManager().getCopyOfStatusList())
                .isLessThan(Status.WARN);
        return context;
    }

    private static URL cliConfig() {
        URL url = CliLoggingTest.class.getClassLoader().getResource("chaoslab/logback-cli.xml");
        assertThat(url).as("chaoslab/logback-cli.xml on the class path").isNotNull();
        return url;
    }

    /** The telemetry module's logback.xml, the configuration of every service (and of {@code serve}). */
    private static URL serviceConfig() throws Exception {
        // found beside the module's classes (a directory in the reactor, a jar otherwise), whatever else is on the path
        URL module = JsonLineEncoder.class.getProtectionDomain().getCodeSource().getLocation();
        URL url = module.getPath().endsWith(".jar")
                ? new URL("jar:" + module + "!/logback.xml")
                : new URL(module, "logback.xml");
        try (var in = url.openStream()) {
            assertThat(in).as("logback.xml of the telemetry module at " + url).isNotNull();
        }
        return url;
    }

    private static List<JsonObject> jsonLines(String text) {
        return text.lines()
                .filter(l -> l.startsWith("{"))
                .map(JsonObject::new)
                .filter(l -> LOGGER.equals(l.getString("logger")))
                .toList();
    }

    private static JsonObject without(JsonObject line, String field) {
        JsonObject copy = line.copy();
        copy.remove(field);
        return copy;
    }
}
