package dev.chaoslab.simulator.e2e;

import static org.assertj.core.api.Assertions.fail;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.alerts.LocalAlertmanager;
import dev.chaoslab.simulator.alerts.LocalPrometheus;
import dev.chaoslab.simulator.alerts.PrometheusClient;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.run.Run;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the end-to-end tests run against, started piece by piece on loopback with free ports and stopped in the
 * reverse order by {@link #close()}: an OTLP receiver that every part exports spans to, and on request the shop,
 * the simulator's telemetry with its {@code /metrics} listener, the real Prometheus with the project's rules
 * (unchanged, scraping every second) and a {@link RunManager} running a scenario; then the report written under
 * {@code target/}. A step that fails to stop is logged and the others still stop.
 *
 * <pre>{@code
 * try (EndToEndStack stack = EndToEndStack.start(vertx)) {
 *     RunningTargets shop = stack.shop();
 *     PrometheusClient prometheus = stack.prometheus(EndToEndStack.scrapeJobs(shop), List.of());
 *     RunReport report = stack.run(scenario, new RunManagerOptions(), new PrometheusAlertCheck(vertx, prometheus));
 *     stack.writeReport(report, "e2e-report.json");
 * }
 * }</pre>
 */
final class EndToEndStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndToEndStack.class);

    /** The simulator's telemetry and the scrape job of its {@code /metrics} listener. */
    record SimulatorTelemetry(ServiceTelemetry telemetry, LocalPrometheus.ScrapeJob scrapeJob) {

        /** Run options whose meters and spans go to this telemetry. */
        RunManagerOptions runOptions() {
            return new RunManagerOptions()
                    .setMeterRegistry(telemetry.registry())
                    .setTracer(telemetry.tracer("dev.chaoslab.simulator"));
        }
    }

    private final Vertx vertx;
    private final Path repo;
    private final OtlpReceiver receiver;
    private final List<AutoCloseable> started = new ArrayList<>();

    private EndToEndStack(Vertx vertx, Path repo, OtlpReceiver receiver) {
        this.vertx = vertx;
        this.repo = repo;
        this.receiver = receiver;
        stopLast(() -> receiver.close().await());
    }

    /**
     * Finds the repository (the first directory above the working directory that holds the Prometheus rules and every
     * one of {@code markers}, paths relative to it) and starts the OTLP receiver.
     */
    static EndToEndStack start(Vertx vertx, String... markers) {
        Path repo = repositoryRoot(markers);
        return new EndToEndStack(vertx, repo, OtlpReceiver.start(vertx).await());
    }

    /** Fails the test with how to install Prometheus when its binary is missing (a skip would pass silently). */
    static void requirePrometheus() {
        if (LocalPrometheus.findBinary(LocalPrometheus.DEFAULT_BINARY).isEmpty()) {
            fail(LocalPrometheus.installHint(LocalPrometheus.DEFAULT_BINARY) + " (scripts/install-deps.sh does it)");
        }
    }

    /** Fails the test with how to install Alertmanager when its binary or amtool is missing. */
    static void requireAlertmanager() {
        for (String binary : List.of(LocalAlertmanager.DEFAULT_BINARY, LocalAlertmanager.DEFAULT_AMTOOL)) {
            if (LocalPrometheus.findBinary(binary).isEmpty()) {
                fail(LocalAlertmanager.installHint(LocalAlertmanager.DEFAULT_BINARY)
                        + " (scripts/install-deps.sh does it)");
            }
        }
    }

    /** The repository the test runs in. */
    Path repo() {
        return repo;
    }

    /** The OTLP receiver every part of the stack exports its spans to. */
    OtlpReceiver receiver() {
        return receiver;
    }

    /** Stops {@code step} in {@link #close()}, before everything started earlier. */
    void stopLast(AutoCloseable step) {
        started.add(step);
    }

    /** The four shop services in-process on free ports, exporting spans to the receiver. */
    RunningTargets shop() {
        RunningTargets targets = Targets.start(TargetsConfig.allOnFreePorts().setTelemetryEnv(receiver.env()))
                .await();
        stopLast(() -> targets.close().await());
        return targets;
    }

    /** One scrape job per shop service, named by its id. */
    static List<LocalPrometheus.ScrapeJob> scrapeJobs(RunningTargets targets) {
        List<LocalPrometheus.ScrapeJob> jobs = new ArrayList<>();
        for (ServiceName service : ServiceName.values()) {
            jobs.add(new LocalPrometheus.ScrapeJob(
                    service.id(), List.of("127.0.0.1:" + targets.port(service)), Map.of()));
        }
        return jobs;
    }

    /** The simulator's own telemetry, spans to the receiver, its meters served on a free port's {@code /metrics}. */
    SimulatorTelemetry simulatorTelemetry() {
        ServiceTelemetry telemetry = ServiceTelemetry.create(
                TelemetryOptions.fromEnvInSharedProcess("simulator").withEnv(receiver.env()));
        stopLast(telemetry::close);
        Router router = Router.router(vertx);
        router.get("/metrics").handler(telemetry.metricsHandler());
        HttpServer metrics = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        stopLast(() -> metrics.close().await());
        return new SimulatorTelemetry(
                telemetry,
                new LocalPrometheus.ScrapeJob("simulator", List.of("127.0.0.1:" + metrics.actualPort()), Map.of()));
    }

    /**
     * The real Prometheus with the repository's rules, scraping {@code jobs} every second and sending its alerts to
     * {@code alertmanagers} ({@code host:port} each); a client of it.
     */
    PrometheusClient prometheus(List<LocalPrometheus.ScrapeJob> jobs, List<String> alertmanagers) {
        LocalPrometheus prometheus = LocalPrometheus.start(
                        vertx,
                        LocalPrometheus.Options.defaults()
                                .withRulesDir(repo.resolve(LocalPrometheus.RULES_RELATIVE))
                                .withScrapeInterval(Duration.ofSeconds(1))
                                .withJobs(jobs)
                                .withAlertmanagers(alertmanagers))
                .await();
        stopLast(prometheus);
        LOG.info("Prometheus at {} (log {})", prometheus.url(), prometheus.logFile());
        PrometheusClient client = new PrometheusClient(vertx, prometheus.url());
        stopLast(client::close);
        return client;
    }

    /** Runs {@code scenario} to its end with a new run manager (no report sink) and returns its report. */
    RunReport run(Scenario scenario, RunManagerOptions options, AlertCheck alerts) {
        RunManager runs = new RunManager(vertx, options, report -> Future.succeededFuture(), alerts);
        stopLast(() -> runs.close().await());
        Run run = runs.start(scenario, RunOptions.defaults()).await();
        RunReport report = run.result().await();
        LOG.info("verdicts:\n{}", table(report.expectations()));
        return report;
    }

    /** Writes the report as {@code target/<fileName>} (pretty JSON, for people reading a failure) and returns it. */
    static JsonObject writeReport(RunReport report, String fileName) throws Exception {
        JsonObject json = ResultJson.encode(report);
        Path out = Paths.get("target", fileName);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.encodePrettily());
        return json;
    }

    /** Stops everything started, the latest first; a step that fails is logged and the rest still stop. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("clean-up step failed: {}", e.toString());
            }
        }
        started.clear();
    }

    /** The verdicts as a plain table, for the log and for people reading the test output. */
    static String table(List<Verdict> verdicts) {
        String row = "%-30s %-22s %-12s %-18s %-7s %-6s %9s %9s %9s %9s%n";
        StringBuilder t = new StringBuilder(String.format(
                Locale.ROOT,
                row,
                "alert",
                "labels",
                "kind",
                "of",
                "to",
                "passed",
                "pending",
                "firing",
                "resolved",
                "notified"));
        for (Verdict v : verdicts) {
            t.append(String.format(
                    Locale.ROOT,
                    row,
                    v.alert(),
                    v.labels(),
                    v.kind().key(),
                    v.reference(),
                    v.receiver() == null ? "-" : v.receiver(),
                    v.passed(),
                    seconds(v.timeToPendingMs()),
                    seconds(v.timeToFireMs()),
                    seconds(v.timeToResolveMs()),
                    seconds(v.timeToNotifyMs())));
            t.append("    ").append(v.detail()).append('\n');
            if (v.margin() != null) {
                t.append("    margin: ").append(v.margin().note()).append('\n');
            }
        }
        return t.toString();
    }

    private static String seconds(Long ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    private static Path repositoryRoot(String... markers) {
        List<String> needed = new ArrayList<>(Arrays.asList(markers));
        needed.add(LocalPrometheus.RULES_RELATIVE);
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir;
            if (needed.stream().allMatch(marker -> Files.exists(candidate.resolve(marker)))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the test inside the repository: " + needed + " were not found above "
                + Paths.get("").toAbsolutePath());
    }
}
