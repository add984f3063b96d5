package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(LocalPrometheus.class);

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
    private final Process process;
    private final int port;
    private final Path workDir;
    private final Path logFile;
    private final Thread shutdownHook;
    private Future<Void> stopped;

    private LocalPrometheus(Vertx vertx, Process process, int port, Path workDir, Path logFile) {
        this.vertx = vertx;
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.logFile = logFile;
        this.shutdownHook = new Thread(() -> destroy(process), "chaoslab-local-prometheus-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The installed binary, if any: {@code binary} as a path, or found on PATH. */
    public static Optional<Path> findBinary(String binary) {
        if (binary.contains(File.separator)) {
            Path p = Paths.get(binary);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Paths.get(dir, binary);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
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
        return vertx.<LocalPrometheus>executeBlocking(() -> launch(vertx, options, binary))
                .compose(p -> p.awaitReady(options.startTimeout())
                        .map(p)
                        .recover(failure -> p.stop().transform(ignored -> {
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

    private static LocalPrometheus launch(Vertx vertx, Options options, Path binary) throws IOException {
        Path workDir = Files.createTempDirectory("chaoslab-prometheus-");
        Path dataDir = Files.createDirectories(workDir.resolve("data"));
        Path config = workDir.resolve("prometheus.yml");
        Path logFile = options.logFile() != null ? options.logFile() : workDir.resolve("prometheus.log");
        if (logFile.getParent() != null) {
            Files.createDirectories(logFile.getParent());
        }
        int port = freePort();
        if (options.rulesDir() == null) {
            options = options.withRulesDir(extractPackedRules(workDir.resolve("rules")));
        }
        Files.writeString(config, config(options, port), StandardCharsets.UTF_8);
        List<String> command = List.of(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir,
                "--storage.tsdb.retention.time=1d",
                "--web.listen-address=127.0.0.1:" + port,
                // exemplars are only kept (and served by /api/v1/query_exemplars) with this feature on
                "--enable-feature=exemplar-storage");
        LOG.info("starting local Prometheus on 127.0.0.1:{} (config {}, log {})", port, config, logFile);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        return new LocalPrometheus(vertx, process, port, workDir, logFile);
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
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public Path workDir() {
        return workDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process (and any children), deletes the data directory; idempotent. The log file stays. */
    public synchronized Future<Void> stop() {
        if (stopped == null) {
            stopped = vertx.executeBlocking(() -> {
                stopBlocking();
                return null;
            });
        }
        return stopped;
    }

    /** Blocking stop, for try-with-resources and shutdown paths (works after Vert.x is closed); never on an event loop. */
    @Override
    public void close() {
        stopBlocking();
    }

    private synchronized void stopBlocking() {
        if (!process.isAlive() && !Files.exists(workDir.resolve("data"))) {
            return;
        }
        destroy(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the JVM is exiting and the hook runs (or ran): nothing to remove
        }
        deleteRecursively(workDir.resolve("data"));
        LOG.info("local Prometheus on port {} stopped (log: {})", port, logFile);
    }

    private Future<Void> awaitReady(Duration timeout) {
        PrometheusClient client = new PrometheusClient(vertx, url(), Duration.ofSeconds(2));
        long deadline = System.nanoTime() + timeout.toNanos();
        Promise<Void> ready = Promise.promise();
        probe(client, deadline, ready);
        return ready.future().onComplete(ar -> client.close());
    }

    private void probe(PrometheusClient client, long deadline, Promise<Void> ready) {
        if (!process.isAlive()) {
            ready.fail(new PrometheusException("Local Prometheus exited with code " + process.exitValue()
                    + " before it was ready. Its log (" + logFile + ") ends with:\n" + tail(logFile, 15)));
            return;
        }
        client.ready().onComplete(ar -> {
            if (ar.succeeded()) {
                ready.complete();
            } else if (System.nanoTime() > deadline) {
                ready.fail(new PrometheusException("Local Prometheus on " + url() + " was not ready in time: "
                        + ar.cause().getMessage() + " Its log (" + logFile + ") ends with:\n" + tail(logFile, 15)));
            } else {
                vertx.setTimer(200, id -> probe(client, deadline, ready));
            }
        });
    }

    static void destroy(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
