package dev.chaoslab.simulator.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.result.HistogramLog;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.ShardHistograms;
import dev.chaoslab.simulator.run.Run;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.run.RunStartException;
import dev.chaoslab.simulator.run.Shard;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded scenario run once whole and once as three shards against a loopback server, then merged: every
 * arrival renders a {@code ${uuid}} from its own random stream into its path, so the paths the server saw identify
 * the arrivals sent.
 */
@ExtendWith(VertxExtension.class)
class ShardedRunTest {
    private static final long SEED = 42;

    @TempDir
    Path data;

    private HttpServer server;
    private final Queue<String> paths = new ConcurrentLinkedQueue<>();
    private RunManager manager;
    private ReportStore store;

    @BeforeEach
    void start(Vertx vertx) {
        server = vertx.createHttpServer()
                .requestHandler(req -> {
                    paths.add(req.path());
                    req.response().end("{}");
                })
                .listen(0, "127.0.0.1")
                .await();
        store = ReportStore.open(vertx, data).await();
        manager = new RunManager(vertx, new RunManagerOptions().setMaxConcurrentRuns(4), store, null);
    }

    @AfterEach
    void stop() {
        manager.close().await();
        server.close().await();
    }

    private Scenario scenario() throws Exception {
        return new ScenarioLoader().loadScenario("sharded.yaml", """
        scenarios:
          - name: sharded
            targets: {app: http://127.0.0.1:%d}
            phases:
              - {name: warm, duration: 1s, shape: {type: constant, rate: 60}, arrivals: poisson}
              - {name: busy, duration: 2s, shape: {type: constant, rate: 120}, arrivals: poisson}
            requests:
              - {name: a, weight: 3, target: app, method: GET, path: "/a/${uuid}"}
              - {name: b, weight: 1, target: app, method: GET, path: "/b/${uuid}"}
              - name: j
                weight: 1
                target: app
                steps:
                  - {name: one, method: GET, path: "/j1/${uuid}"}
                  - {name: two, method: GET, path: "/j2/${uuid}"}
            thresholds:
              - {metric: error_ratio, below: 0.5}
        """.formatted(server.actualPort()));
    }

    private static RunOptions options() {
        return new RunOptions(
                SEED, new LoadOptions().setConnectTimeoutMs(30_000).setRequestTimeoutMs(30_000));
    }

    private static Map<String, Integer> multiset(List<String> values) {
        Map<String, Integer> out = new HashMap<>();
        values.forEach(v -> out.merge(v, 1, Integer::sum));
        return out;
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>(paths);
        paths.clear();
        return out;
    }

    private List<Path> runShards(Scenario scenario, Instant startAt, int count) {
        List<Future<RunReport>> reports = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            reports.add(manager.start(scenario, options().withShard(new Shard(k, count, startAt)))
                    .compose(Run::result));
        }
        List<Path> dirs = new ArrayList<>();
        for (Future<RunReport> f : reports) {
            dirs.add(store.runDir(f.await().runId()));
        }
        return dirs;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("Three shards send exactly the whole run's arrivals, and their merge counts and percentiles are exact")
    void shardsAddUpToTheWholeRun() throws Exception {
        Scenario scenario = scenario();
        RunReport whole =
                manager.start(scenario, options()).compose(Run::result).await();
        Map<String, Integer> wholePaths = multiset(drain());

        // a start far enough ahead that no shard starts late on a loaded machine (a late one drops what it missed)
        List<Path> dirs = runShards(scenario, Instant.now().plusSeconds(8), 3);
        Map<String, Integer> shardPaths = multiset(drain());
        RunReport merged = MergedReportFiles.merge(dirs, data.resolve("merged"));
        assertThat(merged.shard().missed())
                .as("arrivals missed by a late shard")
                .isZero();

        // every arrival (a whole journey included) was sent by exactly one shard, with the randoms of the whole run
        assertThat(wholePaths).isNotEmpty();
        Map<String, Integer> onlyWhole = new HashMap<>(wholePaths);
        shardPaths.keySet().forEach(onlyWhole::remove);
        Map<String, Integer> onlyShards = new HashMap<>(shardPaths);
        wholePaths.keySet().forEach(onlyShards::remove);
        assertThat(onlyWhole).as("sent by the whole run only").isEmpty();
        assertThat(onlyShards).as("sent by the shards only").isEmpty();
        assertThat(shardPaths).isEqualTo(wholePaths);

        assertThat(merged.status().totals().scheduled())
                .isEqualTo(whole.status().totals().scheduled());
        assertThat(merged.status().totals().sent())
                .isEqualTo(whole.status().totals().sent());
        assertThat(merged.status().totals().completed())
                .isEqualTo(whole.status().totals().completed());
        assertThat(merged.status().totals().ok())
                .isEqualTo(whole.status().totals().ok());
        assertThat(merged.shard().shards()).hasSize(3);
        assertThat(merged.shard().shards().stream().mapToLong(r -> r.sent()).sum())
                .isEqualTo(whole.status().totals().sent());
        assertThat(merged.thresholds())
                .singleElement()
                .satisfies(t -> assertThat(t.passed()).isTrue());

        // one recorder fed every value the shards recorded gives the merged percentiles exactly
        Histogram single = new Histogram(3);
        for (Path dir : dirs) {
            ShardHistograms h = HistogramLog.read(
                    dir.toString(), Files.readString(dir.resolve(HistogramLog.FILE), StandardCharsets.UTF_8));
            h.entries().stream()
                    .filter(e ->
                            e.scope() == ShardHistograms.Scope.RUN && e.measure() == ShardHistograms.Measure.CORRECTED)
                    .forEach(e -> e.histogram()
                            .recordedValues()
                            .forEach(v -> single.recordValueWithCount(
                                    v.getValueIteratedTo(), v.getCountAddedInThisIterationStep())));
        }
        assertThat(single.getTotalCount()).isEqualTo(merged.status().totals().completed());
        assertThat(merged.status().latency().corrected().p99()).isEqualTo(single.getValueAtPercentile(99) / 1000.0);
        assertThat(merged.status().latency().corrected().p50()).isEqualTo(single.getValueAtPercentile(50) / 1000.0);
        assertThat(merged.status().latency().corrected().max()).isEqualTo(single.getMaxValue() / 1000.0);
        // the per-second rows add up to the totals
        assertThat(merged.timeline().stream().mapToLong(s -> s.sent()).sum())
                .isEqualTo(merged.status().totals().sent());
        assertThat(Files.readString(data.resolve("merged").resolve("report.html")))
                .contains("Merged from 3 shard(s)");

        refusals(dirs, whole);
    }

    /** What merge refuses, each naming the shard or file at fault. */
    private void refusals(List<Path> dirs, RunReport whole) throws Exception {
        Path out = data.resolve("refused");
        assertThatThrownBy(() -> MergedReportFiles.merge(dirs.subList(0, 2), out))
                .isInstanceOf(MergeException.class)
                .hasMessageContaining("shard 2 of 3 is missing");
        assertThatThrownBy(() -> MergedReportFiles.merge(List.of(dirs.get(0), dirs.get(1), dirs.get(1)), out))
                .isInstanceOf(MergeException.class)
                .hasMessageContaining("shard 1 is given twice");
        assertThatThrownBy(() ->
                        MergedReportFiles.merge(List.of(dirs.get(0), dirs.get(1), store.runDir(whole.runId())), out))
                .isInstanceOf(MergeException.class)
                .hasMessageContaining("not a shard's report");
        assertThatThrownBy(() -> MergedReportFiles.merge(List.of(data.resolve("nothing-here")), out))
                .isInstanceOf(MergeException.class)
                .hasMessageContaining("nothing-here");

        Path other = copy(dirs.get(2), "other-seed");
        Path json = other.resolve("report.json");
        Files.writeString(json, Files.readString(json).replace("\"seed\" : " + SEED, "\"seed\" : 7"));
        assertThatThrownBy(() -> MergedReportFiles.merge(List.of(dirs.get(0), dirs.get(1), other), out))
                .isInstanceOf(MergeException.class)
                .hasMessageContaining("shard 2 (" + other + ") is of a different plan")
                .hasMessageContaining("seed 7");

        Path damaged = copy(dirs.get(1), "damaged");
        Path log = damaged.resolve(HistogramLog.FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        int last = lines.size() - 1;
        lines.set(last, lines.get(last).substring(0, lines.get(last).length() / 2) + "!!");
        Files.write(log, lines);
        assertThatThrownBy(() -> MergedReportFiles.merge(List.of(dirs.get(0), damaged, dirs.get(2)), out))
                .isInstanceOf(MergeException.class)
                .hasMessageStartingWith(log + ":" + lines.size() + ": ");

        // cut at a line's end: every line left decodes, but the run-wide corrected latencies are gone
        Path cut = copy(dirs.get(2), "cut");
        Path cutLog = cut.resolve(HistogramLog.FILE);
        Files.write(
                cutLog,
                Files.readAllLines(cutLog).stream()
                        .filter(line -> !line.startsWith("Tag=run.corrected"))
                        .toList());
        assertThatThrownBy(() -> MergedReportFiles.merge(List.of(dirs.get(0), dirs.get(1), cut), out))
                .isInstanceOf(MergeException.class)
                .hasMessageStartingWith(cutLog + ": holds 0 run-wide corrected latencies but its report counts ")
                .hasMessageContaining("the log is incomplete");
        assertThat(out).doesNotExist();
    }

    private Path copy(Path dir, String name) throws Exception {
        Path to = data.resolve(name);
        Files.createDirectories(to);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("A shard that starts late counts the arrivals it missed as dropped and sends the rest on plan time")
    void lateShardCountsMissedArrivalsAsDropped() throws Exception {
        Scenario scenario = scenario();
        RunReport whole =
                manager.start(scenario, options()).compose(Run::result).await();
        drain();
        RunReport late = manager.start(
                        scenario,
                        options().withShard(new Shard(0, 1, Instant.now().minusMillis(1500))))
                .compose(Run::result)
                .await();

        // the same plan: every arrival is either sent or counted as dropped, none silently skipped
        assertThat(late.status().totals().scheduled())
                .isEqualTo(whole.status().totals().scheduled());
        assertThat(late.shard().missed()).isPositive();
        assertThat(late.status().totals().dropped()).isEqualTo(late.shard().missed());
        assertThat(late.status().totals().sent() + late.status().totals().dropped())
                .isEqualTo(late.status().totals().scheduled());
        assertThat((long) drain().size()).isLessThan(whole.status().totals().sent() * 2);
    }

    @Test
    @DisplayName("A start too far back or ahead, and a shard without a seed, are refused before anything is sent")
    void startBoundsAndSeed() throws Exception {
        Scenario scenario = scenario();
        assertThatThrownBy(() -> manager.start(
                                scenario,
                                options()
                                        .withShard(new Shard(1, 3, Instant.now().minusSeconds(60))))
                        .await())
                .isInstanceOf(RunStartException.class)
                .hasMessageContaining("is so far back that the plan of 3 s is over");
        assertThatThrownBy(() -> manager.start(
                                scenario,
                                options()
                                        .withShard(new Shard(1, 3, Instant.now().plus(Duration.ofHours(25)))))
                        .await())
                .isInstanceOf(RunStartException.class)
                .hasMessageContaining("more than 24 h ahead");
        assertThatThrownBy(() -> new RunOptions(null, null, null, new Shard(0, 2, Instant.now())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a seed");
        assertThat(paths).isEmpty();
    }
}
