package dev.chaoslab.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.Main;
import dev.chaoslab.simulator.cli.ExitCodes;
import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.result.LatencySummary;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.ShardRow;
import dev.chaoslab.simulator.result.ThresholdResult;
import dev.chaoslab.simulator.result.Totals;
import dev.chaoslab.simulator.scenario.Threshold;
import dev.chaoslab.telemetry.TelemetryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded scenario run by real {@code chaoslab} processes: once whole, then as three shard processes started
 * together with a common {@code --start-at}, then merged by a {@code chaoslab merge} process. Loopback servers
 * record every request path; each arrival renders a {@code ${uuid}} from its own random stream into its path, so the
 * paths identify the arrivals sent. Requests to {@code /b/…} are answered 500, so the error-ratio threshold fails on
 * the merge (and the merge exits 1) while every shard, whose thresholds are the merge's to judge, exits 0.
 *
 * <p>About 40 s of real time on a quiet machine: the whole run goes alone first, so that the shards' JVMs starting
 * cannot starve it; the shards' common start is far enough ahead for three JVMs to start on a loaded machine
 * ({@link #startAhead}); a shard that still starts late counts the arrivals it missed, and the test says so.
 */
@ExtendWith(VertxExtension.class)
class ShardProcessesEndToEndTest {
    private static final long SEED = 42;
    private static final int SHARDS = 3;
    private static final Duration MIN_START_AHEAD = Duration.ofSeconds(15);
    private static final Duration MAX_START_AHEAD = Duration.ofSeconds(60);
    private static final long PROCESS_TIMEOUT_S = 120;
    /**
     * Connections a run may open (default 200) and how long a request may wait for one (default 2 s): a process
     * stalled for seconds on a loaded machine (its event loop, or the loopback server's) must find its arrivals
     * delayed, not failed undelivered; each request then waits up to its 30 s timeout. The plan does not depend on
     * either.
     */
    private static final String MAX_CONNECTIONS = "2000";

    private static final String CONNECT_TIMEOUT_MS = "30000";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    @DisplayName(
            "Three shard processes send exactly the whole run's arrivals; merge sums the counts, merges the histograms exactly and judges the thresholds")
    void threeShardProcessesAddUpToTheWholeRun(Vertx vertx) throws Exception {
        PathServer wholeServer = PathServer.start(vertx);
        PathServer shardServer = PathServer.start(vertx);
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, scenario(shardServer.url()));
        Instant startAt;
        Duration startAhead;
        try {
            // the whole run first, alone on its own server (--target): three JVMs starting beside it would take the
            // machine's cores from it, and an arrival it failed to deliver would look like a difference of plans
            long wholeStarted = System.nanoTime();
            Process whole = chaoslab(
                    "whole",
                    "run",
                    "sharded",
                    "--file",
                    file.toString(),
                    "--data-dir",
                    dir.resolve("whole").toString(),
                    "--seed",
                    String.valueOf(SEED),
                    "--max-connections",
                    MAX_CONNECTIONS,
                    "--connect-timeout-ms",
                    CONNECT_TIMEOUT_MS,
                    "--target",
                    "app=" + wholeServer.url());
            assertThat(exitCode("whole", whole))
                    .as("the whole run fails its error-ratio threshold%s", output("whole"))
                    .isEqualTo(ExitCodes.CHECKS_FAILED);
            startAhead = startAhead(Duration.ofNanos(System.nanoTime() - wholeStarted));
            startAt = Instant.now().plus(startAhead).truncatedTo(ChronoUnit.MILLIS);
            List<Process> shards = new ArrayList<>();
            for (int k = 0; k < SHARDS; k++) {
                shards.add(chaoslab(
                        "shard-" + k,
                        "run",
                        "sharded",
                        "--file",
                        file.toString(),
                        "--data-dir",
                        dir.resolve("shard-" + k).toString(),
                        "--seed",
                        String.valueOf(SEED),
                        "--max-connections",
                        MAX_CONNECTIONS,
                        "--connect-timeout-ms",
                        CONNECT_TIMEOUT_MS,
                        "--shard",
                        k + "/" + SHARDS,
                        "--start-at",
                        startAt.toString()));
            }
            for (int k = 0; k < SHARDS; k++) {
                assertThat(exitCode("shard-" + k, shards.get(k)))
                        .as("a shard exits 0: its thresholds are judged on the merge%s", output("shard-" + k))
                        .isEqualTo(ExitCodes.OK);
            }
            List<String> merge = new ArrayList<>(
                    List.of("merge", "--out", dir.resolve("merged").toString()));
            for (int k = 0; k < SHARDS; k++) {
                merge.add(dir.resolve("shard-" + k).toString());
            }
            assertThat(exitCode("merge", chaoslab("merge", merge.toArray(String[]::new))))
                    .as("merge exits 1: the error-ratio threshold fails on the merged figures%s", output("merge"))
                    .isEqualTo(ExitCodes.CHECKS_FAILED);
        } finally {
            for (Process p : processes) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            wholeServer.server().close().await();
            shardServer.server().close().await();
        }

        RunReport whole = report(runDir(dir.resolve("whole")).resolve("report.json"));
        List<Path> shardRuns = new ArrayList<>();
        List<RunReport> shards = new ArrayList<>();
        for (int k = 0; k < SHARDS; k++) {
            shardRuns.add(runDir(dir.resolve("shard-" + k)));
            shards.add(report(shardRuns.get(k).resolve("report.json")));
        }
        RunReport merged = report(dir.resolve("merged").resolve("report.json"));

        // a late shard would explain every other difference: say so first
        noShardMissedArrivals(shards, merged, startAt, startAhead);
        everyArrivalDelivered(whole, shards);
        sameArrivals(wholeServer.multiset(), shardServer.multiset());
        countsAddUp(whole, shards, merged);
        Histogram[] single = singleRecorders(shardRuns);
        percentilesAreExact(merged, single[0], single[1]);
        thresholdsJudgedOnTheMerge(whole, merged, single[0]);
        mergedPage();
    }

    /** Every arrival (a whole journey included) was sent by exactly one shard, with the randoms of the whole run. */
    private static void sameArrivals(Map<String, Integer> wholePaths, Map<String, Integer> shardPaths) {
        assertThat(wholePaths).isNotEmpty();
        assertThat(wholePaths.values())
                .as("every arrival's ${uuid} is its own: each path once in the whole run")
                .containsOnly(1);
        Map<String, Integer> onlyWhole = new HashMap<>(wholePaths);
        shardPaths.keySet().forEach(onlyWhole::remove);
        Map<String, Integer> onlyShards = new HashMap<>(shardPaths);
        wholePaths.keySet().forEach(onlyShards::remove);
        assertThat(onlyWhole).as("sent by the whole run only").isEmpty();
        assertThat(onlyShards).as("sent by the shards only").isEmpty();
        assertThat(shardPaths).as("the shards' paths as a multiset").isEqualTo(wholePaths);
    }

    /**
     * How far ahead the shards' common start is: twice what the whole run's process took from start to exit (three
     * JVMs start at once on a machine whose load the whole run has just measured), at least 15 s, at most 60 s.
     */
    private static Duration startAhead(Duration wholeProcess) {
        Duration twice = wholeProcess.multipliedBy(2);
        return twice.compareTo(MIN_START_AHEAD) < 0
                ? MIN_START_AHEAD
                : twice.compareTo(MAX_START_AHEAD) > 0 ? MAX_START_AHEAD : twice;
    }

    private static void noShardMissedArrivals(
            List<RunReport> shards, RunReport merged, Instant startAt, Duration startAhead) {
        for (int k = 0; k < SHARDS; k++) {
            RunReport shard = shards.get(k);
            assertThat(shard.shard().index()).isEqualTo(k);
            assertThat(shard.shard().count()).isEqualTo(SHARDS);
            assertThat(shard.shard().seed()).isEqualTo(SEED);
            assertThat(shard.shard().startAt()).isEqualTo(startAt);
            assertThat(shard.shard().missed())
                    .as(
                            "arrivals shard %d missed by starting after %s (a JVM slower than %s to start)",
                            k, startAt, startAhead)
                    .isZero();
        }
        assertThat(merged.shard().merged()).isTrue();
        assertThat(merged.shard().missed()).isZero();
        assertThat(merged.shard().shards()).extracting(ShardRow::index).containsExactly(0, 1, 2);
    }

    /**
     * Every run delivered every arrival: its only failures are the {@code /b/} answers of 500. An arrival that timed
     * out connecting to the loopback server (a machine starved for seconds) never reached it, and the sets of paths
     * compared next would differ for a reason that is not the plan's: say so first.
     */
    private static void everyArrivalDelivered(RunReport whole, List<RunReport> shards) {
        List<RunReport> runs = new ArrayList<>(shards);
        runs.add(0, whole);
        for (RunReport run : runs) {
            Totals t = run.status().totals();
            assertThat(t.dropped())
                    .as("arrivals dropped by %s: %s", name(run), t)
                    .isZero();
            assertThat(t.errors().total())
                    .as(
                            "errors other than the 500s of /b/ in %s: %s %s",
                            name(run),
                            t,
                            run.status().errorKinds().stream()
                                    .filter(kind -> !kind.error().equals(Outcome.HTTP_5XX.label()))
                                    .toList())
                    .isEqualTo(t.errors().of(Outcome.HTTP_5XX.label()));
        }
    }

    private static String name(RunReport run) {
        return run.shard() == null ? "the whole run" : "shard " + run.shard().index();
    }

    private void mergedPage() throws IOException {
        assertThat(Files.readString(dir.resolve("merged").resolve("report.html"), StandardCharsets.UTF_8))
                .contains("Merged from 3 shard(s)");
    }

    private static void countsAddUp(RunReport whole, List<RunReport> shards, RunReport merged) {
        Totals m = merged.status().totals();
        Totals w = whole.status().totals();
        List<ToLongFunction<Totals>> counts = List.of(
                Totals::scheduled,
                Totals::sent,
                Totals::dropped,
                Totals::completed,
                Totals::ok,
                t -> t.errors().total());
        for (ToLongFunction<Totals> count : counts) {
            long sum = shards.stream()
                    .mapToLong(s -> count.applyAsLong(s.status().totals()))
                    .sum();
            assertThat(count.applyAsLong(m))
                    .as("merged %s vs the shards' sum", m)
                    .isEqualTo(sum);
            assertThat(count.applyAsLong(m))
                    .as("merged %s vs the whole run's %s", m, w)
                    .isEqualTo(count.applyAsLong(w));
        }
        assertThat(w.completed()).isPositive();
        assertThat(m.errors().total()).as("the /b/ arrivals answered 500").isPositive();
        // arrival i belongs to shard i mod 3: the stripes differ by one arrival at most
        List<Long> stripes = merged.shard().shards().stream()
                .map(r -> r.sent() + r.dropped())
                .toList();
        assertThat(stripes.stream().mapToLong(Long::longValue).sum()).isEqualTo(w.scheduled());
        assertThat(stripes.stream().mapToLong(Long::longValue).max().orElseThrow()
                        - stripes.stream().mapToLong(Long::longValue).min().orElseThrow())
                .as("stripe sizes %s", stripes)
                .isLessThanOrEqualTo(1);
        assertThat(merged.timeline().stream().mapToLong(s -> s.sent()).sum())
                .as("the merged per-second rows add up to the totals")
                .isEqualTo(m.sent());
    }

    /** One recorder fed every value the shards recorded, corrected and service time, from their logs. */
    private static Histogram[] singleRecorders(List<Path> shardRuns) throws IOException {
        Histogram corrected = new Histogram(3);
        Histogram service = new Histogram(3);
        for (Path run : shardRuns) {
            try (HistogramLogReader reader =
                    new HistogramLogReader(run.resolve("histograms.hlog").toFile())) {
                EncodableHistogram next;
                while ((next = reader.nextIntervalHistogram()) != null) {
                    if ("run.corrected".equals(next.getTag())) {
                        corrected.add((Histogram) next);
                    } else if ("run.service".equals(next.getTag())) {
                        service.add((Histogram) next);
                    }
                }
            }
        }
        return new Histogram[] {corrected, service};
    }

    private static void percentilesAreExact(RunReport merged, Histogram corrected, Histogram service) {
        long completed = merged.status().totals().completed();
        assertThat(corrected.getTotalCount()).isEqualTo(completed);
        assertThat(service.getTotalCount()).isEqualTo(completed);
        LatencySummary c = merged.status().latency().corrected();
        assertThat(c.p50()).isEqualTo(corrected.getValueAtPercentile(50) / 1000.0);
        assertThat(c.p99()).isEqualTo(corrected.getValueAtPercentile(99) / 1000.0);
        assertThat(c.max()).isEqualTo(corrected.getMaxValue() / 1000.0);
        LatencySummary s = merged.status().latency().service();
        assertThat(s.p50()).isEqualTo(service.getValueAtPercentile(50) / 1000.0);
        assertThat(s.p99()).isEqualTo(service.getValueAtPercentile(99) / 1000.0);
        assertThat(s.max()).isEqualTo(service.getMaxValue() / 1000.0);
    }

    /**
     * The error ratio (about 0.2: one arrival in five is a {@code /b/} answered 500) fails {@code below: 0.1} on the
     * merged counts, exactly as on the whole run; the max latency is read from the merged histogram.
     */
    private static void thresholdsJudgedOnTheMerge(RunReport whole, RunReport merged, Histogram corrected) {
        Totals m = merged.status().totals();
        assertThat(merged.thresholds()).hasSize(2);
        ThresholdResult errorRatio = merged.thresholds().get(0);
        assertThat(errorRatio.criterion().metric()).isEqualTo(Threshold.Metric.ERROR_RATIO);
        assertThat(errorRatio.actual()).isEqualTo((double) (m.completed() - m.ok()) / m.completed());
        assertThat(errorRatio.actual())
                .isEqualTo(whole.thresholds().get(0).actual())
                .isGreaterThan(0.1);
        assertThat(errorRatio.passed()).isFalse();
        ThresholdResult max = merged.thresholds().get(1);
        assertThat(max.criterion().metric()).isEqualTo(Threshold.Metric.LATENCY_MAX);
        assertThat(max.actual()).isEqualTo(corrected.getMaxValue() / 1000.0);
        assertThat(max.passed()).isTrue();
        assertThat(merged.thresholdsPassed()).isFalse();
    }

    private static String scenario(String url) {
        return """
        scenarios:
          - name: sharded
            targets: {app: %s}
            phases:
              - {name: warm, duration: 2s, shape: {type: constant, rate: 60}, arrivals: poisson}
              - {name: busy, duration: 4s, shape: {type: constant, rate: 120}, arrivals: poisson}
            requests:
              - {name: a, weight: 3, target: app, method: GET, path: "/a/${uuid}", timeout: 30s}
              - {name: b, weight: 1, target: app, method: GET, path: "/b/${uuid}", timeout: 30s}
              - name: j
                weight: 1
                target: app
                timeout: 30s
                steps:
                  - {name: one, method: GET, path: "/j1/${uuid}"}
                  - {name: two, method: GET, path: "/j2/${uuid}"}
            thresholds:
              - {metric: error_ratio, below: 0.1}
              - {metric: latency_max, below: 60000ms}
        """.formatted(url);
    }

    /** Starts {@code chaoslab args…} in a JVM of its own on the test's class path, output to {@code name.out/.err}. */
    private Process chaoslab(String name, String... args) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(variable -> variable.startsWith("OTEL_") || variable.startsWith("CHAOSLAB_"));
        env.put(TelemetryOptions.TELEMETRY_SWITCH_VARIABLE, "off");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private int exitCode(String name, Process process) throws Exception {
        if (!process.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not exit within " + PROCESS_TIMEOUT_S + " s" + output(name));
        }
        return process.exitValue();
    }

    private String output(String name) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String stream : List.of(".out", ".err")) {
            Path file = dir.resolve(name + stream);
            if (Files.exists(file)) {
                out.append("\n--- ")
                        .append(name)
                        .append(stream)
                        .append(" ---\n")
                        .append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    /** The one run folder a process wrote into its data directory. */
    private static Path runDir(Path dataDir) throws IOException {
        try (var runs = Files.list(dataDir.resolve("runs"))) {
            List<Path> dirs = runs.filter(Files::isDirectory).toList();
            assertThat(dirs).as("run folders in %s", dataDir).hasSize(1);
            return dirs.get(0);
        }
    }

    private static RunReport report(Path json) throws IOException {
        return ResultJson.decodeReport(new JsonObject(Files.readString(json, StandardCharsets.UTF_8)));
    }

    /** A loopback server recording every request path; {@code /b/…} is answered 500, everything else 200. */
    private record PathServer(HttpServer server, Queue<String> paths) {
        static PathServer start(Vertx vertx) {
            Queue<String> paths = new ConcurrentLinkedQueue<>();
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(req -> {
                        paths.add(req.path());
                        req.response()
                                .setStatusCode(req.path().startsWith("/b/") ? 500 : 200)
                                .end("{}");
                    })
                    .listen(0, "127.0.0.1")
                    .await();
            return new PathServer(server, paths);
        }

        String url() {
            return "http://127.0.0.1:" + server.actualPort();
        }

        Map<String, Integer> multiset() {
            Map<String, Integer> out = new HashMap<>();
            paths.forEach(p -> out.merge(p, 1, Integer::sum));
            return out;
        }
    }
}
