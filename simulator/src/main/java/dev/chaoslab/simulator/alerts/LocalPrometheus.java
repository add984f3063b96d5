package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A real Prometheus started as a child process, for alert verdicts on machines without Docker (the CLI's
 * {@code --local-prometheus} and {@code demo}) and for the end-to-end test: the installed {@code prometheus}
 * binary on a free loopback port, a temporary data directory, the project's own rule files, and a generated
 * scrape configuration for the given targets. Exemplar storage is on, so exemplars are queryable.
 *
 * <p>It is stopped with {@link #stop()} (or {@link #close()}), and by a JVM shutdown hook if the JVM exits
 * first. Its log goes to {@link #logFile()}, which stays after stop (the data directory does not).
 *
 * <pre>{@code
 * LocalPrometheus prometheus = LocalPrometheus.start(vertx, LocalPrometheus.Options.defaults()
 *     .withJobs(List.of(new LocalPrometheus.ScrapeJob("gateway", List.of("127.0.0.1:8080"), Map.of()))))
 *   .await();
 * PrometheusClient client = new PrometheusClient(vertx, prometheus.url());
 * ...
 * prometheus.stop().await();
 * }</pre>
 */
public final class LocalPrometheus implements AutoCloseable {

    public static final String DEFAULT_BINARY = "prometheus";
    /** Environment variable naming the binary (a path or a name on PATH). */
    public static final String BINARY_ENV = "CHAOSLAB_PROMETHEUS_BIN";
    /** Environment variable naming the rules directory. */
    public static final String RULES_ENV = "CHAOSLAB_PROMETHEUS_RULES";

    public static final String RULES_RELATIVE = "docker/prometheus/rules";
    /** Where the build packs the rule files into the jar, for runs outside the repository. */
    static final String PACKED_RULES = "chaoslab/prometheus-rules";

    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;

    /** One scrape job: name, {@code host:port} targets, extra target labels, and the metrics path. */
    public record ScrapeJob(String job, List<String> targets, Map<String, String> labels, String metricsPath) {

        public ScrapeJob {
            Objects.requireNonNull(job, "job");
            targets = List.copyOf(targets);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            metricsPath = metricsPath == null ? "/metrics" : metricsPath;
        }

        public ScrapeJob(String job, List<String> targets, Map<String, String> labels) {
            this(job, targets, labels, "/metrics");
        }
    }

    /**
     * @param binary             the {@code prometheus} executable, a path or a name on PATH
     * @param rulesDir           directory of rule files ({@code *.yml}, {@code *.yaml}; promtool test files skipped); null: the
     *                           copies packed in the jar
     * @param scrapeInterval     scrape interval, also the evaluation interval unless {@code evaluationInterval} is set
     * @param evaluationInterval rule evaluation interval, null: the scrape interval
     * @param jobs               the scrape jobs
     * @param logFile            where Prometheus' log goes, null: {@code prometheus.log} in its temporary directory
     * @param startTimeout       how long to wait for {@code /-/ready}
     * @param alertmanagers      {@code host:port} of the Alertmanagers it sends alerts to (none: it only evaluates)
     */
    public record Options(
            String binary,
            Path rulesDir,
            Duration scrapeInterval,
            Duration evaluationInterval,
            List<ScrapeJob> jobs,
            Path logFile,
            Duration startTimeout,
            List<String> alertmanagers) {

        public Options {
            Objects.requireNonNull(binary, "binary");
            Objects.requireNonNull(scrapeInterval, "scrapeInterval");
            if (scrapeInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("scrapeInterval must be >= 1s, was " + scrapeInterval);
            }
            jobs = List.copyOf(jobs);
            startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
            alertmanagers = alertmanagers == null ? List.of() : List.copyOf(alertmanagers);
        }

        /** The binary from {@value #BINARY_ENV} or PATH, the rules found by {@link #locateRules()}, a 5 s scrape interval, no jobs. */
        public static Options defaults() {
            String binary = Optional.ofNullable(System.getenv(BINARY_ENV))
                    .filter(s -> !s.isBlank())
                    .orElse(DEFAULT_BINARY);
            return new Options(
                    binary,
                    locateRules().orElse(null),
                    DEFAULT_SCRAPE_INTERVAL,
                    null,
                    List.of(),
                    null,
                    DEFAULT_START_TIMEOUT,
                    List.of());
        }

        public Options withJobs(List<ScrapeJob> jobs) {
            return new Options(
                    binary, rulesDir, scrapeInterval, evaluationInterval, jobs, logFile, startTimeout, alertmanagers);
        }

        public Options withRulesDir(Path rulesDir) {
            return new Options(
                    binary, rulesDir, scrapeInterval, evaluationInterval, jobs, logFile, startTimeout, alertmanagers);
        }

        public Options withScrapeInterval(Duration scrapeInterval) {
            return new Options(
                    binary, rulesDir, scrapeInterval, evaluationInterval, jobs, logFile, startTimeout, alertmanagers);
        }

        public Options withEvaluationInterval(Duration evaluationInterval) {
            return new Options(
                    binary, rulesDir, scrapeInterval, evaluationInterval, jobs, logFile, startTimeout, alertmanagers);
        }

        public Options withLogFile(Path logFile) {
            return new Options(
                    binary, rulesDir, scrapeInterval, evaluationInterval, jobs, logFile, startTimeout, alertmanagers);
        }

        public Options withBinary(String binary) {
            return new Options(
                    binary, rulesDir, scrapeInterval, evaluationInterval, jobs, logFile, startTimeout, alertmanagers);
        }

        /** Sends the alerts to these Alertmanagers ({@code host:port} each). */
        public Options withAlertmanagers(List<String> alertmanagers) {
            return new Options(
                    binary, rulesDir, scrapeInterval, evaluationInterval, jobs, logFile, startTimeout, alertmanagers);
        }

        Duration effectiveEvaluationInterval() {
            return evaluationInterval == null ? scrapeInterval : evaluationInterval;
        }
    }

    private final Vertx vertx;
    private final LocalProcess process;

    private LocalPrometheus(Vertx vertx, LocalProcess process) {
        this.vertx = vertx;
        this.process = process;
    }

    /** The installed binary, if any: {@code binary} as a path, or found on PATH. */
    public static Optional<Path> findBinary(String binary) {
        return LocalProcess.findBinary(binary);
    }

    /** What to tell a user whose machine has no Prometheus binary. */
    public static String installHint(String binary) {
        return "The Prometheus binary '" + binary + "' was not found (looked on PATH; set " + BINARY_ENV
                + " to its path if it lives elsewhere). Install it with `sudo apt-get install prometheus` (Debian/Ubuntu), "
                + "or run the stack with Docker (`docker compose -f docker/docker-compose.yml up -d`) and pass --prometheus-url.";
    }

    /**
     * The project's rule directory: {@value #RULES_ENV} if set, else {@value #RULES_RELATIVE} in the working
     * directory or one of its parents, else next to (or above) the jar this class was loaded from.
     */
    public static Optional<Path> locateRules() {
        return PrometheusRules.locate();
    }

    /** The rule files of a directory: {@code *.yml}/{@code *.yaml} with a {@code groups:} key (promtool test files have none). */
    public static List<Path> ruleFiles(Path dir) {
        return PrometheusRules.files(dir);
    }

    /**
     * Starts Prometheus and completes when {@code /-/ready} answers 200. Fails with a message saying how to
     * install it when the binary is missing, or with the end of its log when it exits or does not get ready.
     */
    public static Future<LocalPrometheus> start(Vertx vertx, Options options) {
        Optional<Path> binary = findBinary(options.binary());
        if (binary.isEmpty()) {
            return Future.failedFuture(new PrometheusException(installHint(options.binary())));
        }
        return attempt(vertx, options, binary.get(), 1);
    }

    private static Future<LocalPrometheus> attempt(Vertx vertx, Options options, Path binary, int attempt) {
        return vertx.executeBlocking(() -> launch(options, binary))
                .compose(process -> awaitReady(vertx, process, options.startTimeout())
                        .map(ready -> new LocalPrometheus(vertx, process))
                        .recover(failure -> process.stop(vertx).transform(ignored -> {
                            boolean portTaken = failure.getMessage() != null
                                    && failure.getMessage().contains("address already in use");
                            if (portTaken && attempt < PORT_ATTEMPTS) {
                                // another process took the free port between our probe and Prometheus' bind: try
                                // another
                                return attempt(vertx, options, binary, attempt + 1);
                            }
                            return Future.failedFuture(failure);
                        })));
    }

    private static LocalProcess launch(Options options, Path binary) throws IOException {
        return LocalProcess.launch("Prometheus", options.logFile(), "prometheus.yml", workspace -> {
            Options effective = options.rulesDir() != null
                    ? options
                    : options.withRulesDir(
                            extractPackedRules(workspace.workDir().resolve("rules")));
            Files.writeString(workspace.config(), config(effective, workspace.port()), StandardCharsets.UTF_8);
            return List.of(
                    binary.toString(),
                    "--config.file=" + workspace.config(),
                    "--storage.tsdb.path=" + workspace.dataDir(),
                    "--storage.tsdb.retention.time=1d",
                    "--web.listen-address=127.0.0.1:" + workspace.port(),
                    // exemplars are only kept (and served by /api/v1/query_exemplars) with this feature on
                    "--enable-feature=exemplar-storage");
        });
    }

    private static Future<Void> awaitReady(Vertx vertx, LocalProcess process, Duration timeout) {
        PrometheusClient client = new PrometheusClient(vertx, process.url(), Duration.ofSeconds(2));
        return process.awaitReady(vertx, timeout, client::ready, cause -> ": " + cause.getMessage())
                .onComplete(ar -> client.close());
    }

    /**
     * Copies the rule files packed in the jar (or in the classes directory) into {@code dir}: the rules a local
     * Prometheus uses when the repository's {@value #RULES_RELATIVE} is not around. Empty when none are packed.
     */
    static Path extractPackedRules(Path dir) throws IOException {
        return PrometheusRules.extractPacked(dir);
    }

    /** The generated prometheus.yml: global intervals, the rule files, one job per scrape job and Prometheus itself. */
    static String config(Options options, int port) {
        return PrometheusConfig.yaml(options, port);
    }

    public int port() {
        return process.port();
    }

    public String url() {
        return process.url();
    }

    public Path logFile() {
        return process.logFile();
    }

    public Path workDir() {
        return process.workDir();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process (and any children), deletes the data directory; idempotent. The log file stays. */
    public Future<Void> stop() {
        return process.stop(vertx);
    }

    /** Blocking stop, for try-with-resources and shutdown paths (works after Vert.x is closed); never on an event loop. */
    @Override
    public void close() {
        process.close();
    }
}
