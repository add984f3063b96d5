package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A real Alertmanager started as a child process beside a {@link LocalPrometheus}: the installed binary on a
 * free loopback port, clustering off, a temporary data directory, and the project's
 * {@value #CONFIG_RELATIVE} with every webhook receiver pointed at the simulator's {@link AlertmanagerWebhook}
 * ({@code <webhook>/alertmanager/<receiver name>}); routes, grouping and inhibition stay as written.
 *
 * <p>The configuration is checked with {@code amtool check-config} first: a broken file fails the start with
 * amtool's own message. Stopped by {@link #stop()} or {@link #close()}, and by a JVM shutdown hook.
 */
public final class LocalAlertmanager implements AutoCloseable {

    /** Debian's package names the binary so (upstream's is {@code alertmanager}). */
    public static final String DEFAULT_BINARY = "prometheus-alertmanager";

    public static final String DEFAULT_AMTOOL = "amtool";
    /** Environment variable naming the binary (a path or a name on PATH). */
    public static final String BINARY_ENV = "CHAOSLAB_ALERTMANAGER_BIN";
    /** Environment variable naming the configuration file. */
    public static final String CONFIG_ENV = "CHAOSLAB_ALERTMANAGER_CONFIG";

    public static final String CONFIG_RELATIVE = "docker/alertmanager/alertmanager.yml";
    /** Where the build packs the configuration into the jar, for runs outside the repository. */
    static final String PACKED_CONFIG = "chaoslab/alertmanager/alertmanager.yml";

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param binary       the Alertmanager executable, a path or a name on PATH
     * @param amtool       the amtool executable that checks the configuration first
     * @param configFile   the configuration; null: the copy packed in the jar
     * @param webhookUrl   base URL of the simulator's webhook receiver that every receiver is pointed at
     * @param logFile      where Alertmanager's log goes, null: {@code alertmanager.log} in its temporary directory
     * @param startTimeout how long to wait for {@code /-/ready}
     */
    public record Options(
            String binary, String amtool, Path configFile, String webhookUrl, Path logFile, Duration startTimeout) {

        public Options {
            Objects.requireNonNull(binary, "binary");
            Objects.requireNonNull(amtool, "amtool");
            Objects.requireNonNull(webhookUrl, "webhookUrl");
            startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
        }

        /** The binary from {@value #BINARY_ENV} or PATH, amtool from PATH, the configuration {@link #locateConfig()} finds. */
        public static Options defaults(String webhookUrl) {
            String binary = Optional.ofNullable(System.getenv(BINARY_ENV))
                    .filter(s -> !s.isBlank())
                    .orElse(DEFAULT_BINARY);
            return new Options(
                    binary, DEFAULT_AMTOOL, locateConfig().orElse(null), webhookUrl, null, DEFAULT_START_TIMEOUT);
        }

        public Options withConfigFile(Path configFile) {
            return new Options(binary, amtool, configFile, webhookUrl, logFile, startTimeout);
        }

        public Options withLogFile(Path logFile) {
            return new Options(binary, amtool, configFile, webhookUrl, logFile, startTimeout);
        }
    }

    private final Vertx vertx;
    private final LocalProcess process;

    private LocalAlertmanager(Vertx vertx, LocalProcess process) {
        this.vertx = vertx;
        this.process = process;
    }

    /** What to tell a user whose machine has no Alertmanager or amtool. */
    public static String installHint(String binary) {
        return "The Alertmanager binary '" + binary + "' (or amtool) was not found (looked on PATH; set " + BINARY_ENV
                + " to its path if it lives elsewhere). Install it with `sudo apt-get install prometheus-alertmanager` "
                + "(Debian/Ubuntu), or run the stack with Docker (`docker compose -f docker/docker-compose.yml up -d`).";
    }

    /**
     * The project's configuration: {@value #CONFIG_ENV} if set, else {@value #CONFIG_RELATIVE} in the working
     * directory or one of its parents.
     */
    public static Optional<Path> locateConfig() {
        String env = System.getenv(CONFIG_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Paths.get(env).toAbsolutePath());
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(CONFIG_RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks the configuration with amtool, starts Alertmanager and completes when {@code /-/ready} answers 200.
     * Fails with a {@link PrometheusException} carrying amtool's message for a broken configuration, an install
     * hint for a missing binary, or the end of its log when it exits or does not get ready.
     */
    public static Future<LocalAlertmanager> start(Vertx vertx, Options options) {
        Optional<Path> binary = LocalProcess.findBinary(options.binary());
        Optional<Path> amtool = LocalProcess.findBinary(options.amtool());
        if (binary.isEmpty() || amtool.isEmpty()) {
            return Future.failedFuture(new PrometheusException(installHint(options.binary())));
        }
        return vertx.executeBlocking(() -> launch(options, binary.get(), amtool.get()))
                .compose(process -> awaitReady(vertx, process, options.startTimeout())
                        .map(ready -> new LocalAlertmanager(vertx, process))
                        .recover(failure -> process.stop(vertx).transform(ignored -> Future.failedFuture(failure))));
    }

    private static LocalProcess launch(Options options, Path binary, Path amtool) throws IOException {
        return LocalProcess.launch("Alertmanager", options.logFile(), "alertmanager.yml", workspace -> {
            Path source =
                    options.configFile() != null ? options.configFile() : extractPackedConfig(workspace.workDir());
            checkConfig(amtool, source);
            Files.writeString(
                    workspace.config(),
                    withWebhook(Files.readString(source, StandardCharsets.UTF_8), options.webhookUrl()),
                    StandardCharsets.UTF_8);
            checkConfig(amtool, workspace.config());
            return List.of(
                    binary.toString(),
                    "--config.file=" + workspace.config(),
                    "--storage.path=" + workspace.dataDir(),
                    "--web.listen-address=127.0.0.1:" + workspace.port(),
                    // a single instance: no gossip port to bind, no peers to wait for before the first notification
                    "--cluster.listen-address=");
        });
    }

    /** Waits for {@code /-/ready} to answer 200. */
    private static Future<Void> awaitReady(Vertx vertx, LocalProcess process, Duration timeout) {
        HttpClient client = vertx.createHttpClient();
        RequestOptions ready = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("127.0.0.1")
                .setPort(process.port())
                .setURI("/-/ready")
                .setTimeout(2000);
        Supplier<Future<Void>> probe = () -> client.request(ready)
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(ignored -> resp.statusCode()))
                .compose(status -> status == 200
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture("/-/ready answered " + status));
        return process.awaitReady(vertx, timeout, probe, cause -> ".").onComplete(ar -> client.close());
    }

    /** Runs {@code amtool check-config FILE}; throws a {@link PrometheusException} with amtool's output when it fails. */
    static void checkConfig(Path amtool, Path file) throws IOException {
        Process check = new ProcessBuilder(amtool.toString(), "check-config", file.toString())
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = check.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!check.waitFor(30, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                throw new PrometheusException("amtool check-config " + file + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            check.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while amtool checked " + file);
        }
        if (check.exitValue() != 0) {
            throw new PrometheusException(
                    "The Alertmanager configuration " + file + " is invalid; amtool check-config says:\n" + output);
        }
    }

    /**
     * The configuration text with the URL of every {@code webhook_configs} entry replaced by
     * {@code <webhookUrl>/alertmanager/<receiver name>}; everything else as written.
     */
    @SuppressWarnings("unchecked")
    static String withWebhook(String yaml, String webhookUrl) {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        if (!(doc instanceof Map<?, ?> root)) {
            throw new PrometheusException("The Alertmanager configuration is not a YAML mapping");
        }
        Map<String, Object> config = (Map<String, Object>) root;
        Object receivers = config.get("receivers");
        if (receivers instanceof List<?> list) {
            for (Object r : list) {
                if (r instanceof Map<?, ?> receiver && receiver.get("webhook_configs") instanceof List<?> hooks) {
                    for (Object h : hooks) {
                        if (h instanceof Map<?, ?> hook) {
                            ((Map<String, Object>) hook)
                                    .put("url", webhookUrl + AlertmanagerWebhook.PATH + receiver.get("name"));
                        }
                    }
                }
            }
        }
        DumpSettings settings =
                DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return "# generated by chaoslab LocalAlertmanager\n" + new Dump(settings).dumpToString(config);
    }

    private static Path extractPackedConfig(Path workDir) throws IOException {
        try (InputStream in = LocalAlertmanager.class.getClassLoader().getResourceAsStream(PACKED_CONFIG)) {
            if (in == null) {
                throw new PrometheusException("No Alertmanager configuration: " + CONFIG_RELATIVE
                        + " is not below the working " + "directory and none is packed in the jar; set " + CONFIG_ENV);
            }
            Path file = workDir.resolve("packed-alertmanager.yml");
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    public int port() {
        return process.port();
    }

    public String url() {
        return process.url();
    }

    /** {@code host:port}, as Prometheus' {@code alerting.alertmanagers[].static_configs} wants it. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process and deletes its data directory; idempotent. The log file stays. */
    public Future<Void> stop() {
        return process.stop(vertx);
    }

    /** Blocking stop, for try-with-resources and shutdown paths; never on an event loop. */
    @Override
    public void close() {
        process.close();
    }
}
