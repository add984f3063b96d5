package dev.chaoslab.simulator.bench;

import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.run.Run;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures (not a test) how closely the open-model scheduler keeps its plan: for each rate, a constant-rate run
 * against a fast loopback target in the same JVM (its own Vert.x instance) that stamps every arrival with
 * {@link System#nanoTime()}. Reports the achieved rate per 1 s window as seen by the target against the plan,
 * the scheduler's lag, and latency.
 *
 * <pre>
 * mvn -B -q -pl simulator -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp simulator/target/test-classes:simulator/target/classes:$(cat /tmp/cp.txt) \
 *   dev.chaoslab.simulator.bench.ScheduleAccuracy 20 100,500,1000,2000,4000 [http://127.0.0.1:PORT]
 * </pre>
 * With a third argument the runs go to that external target instead (e.g. nginx); windows are then counted on the
 * simulator's side (its per-second timeline), and the in-process target only stamps the warm-up.
 */
public final class ScheduleAccuracy {
    private ScheduleAccuracy() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double[] rates = Arrays.stream((args.length > 1 ? args[1] : "100,500,1000,2000").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
        Vertx targetVertx = Vertx.vertx();
        Vertx vertx = Vertx.vertx();
        long[] stamps = new long[(int) (Arrays.stream(rates).max().orElse(1) * (seconds + 2))];
        AtomicInteger received = new AtomicInteger();
        HttpServer target = targetVertx
                .createHttpServer()
                .requestHandler(req -> {
                    int i = received.getAndIncrement();
                    if (i < stamps.length) {
                        stamps[i] = System.nanoTime();
                    }
                    req.response().end("ok");
                })
                .listen(0, "127.0.0.1")
                .await();
        RunManager manager =
                new RunManager(vertx, new RunManagerOptions().setMaxRate(100_000), ReportSink.none(), null);
        String external = args.length > 2 ? args[2] : null;
        System.out.printf(
                Locale.ROOT,
                "cores %d, load average %s, %d s per rate%n",
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim(),
                seconds);
        // warm-up (JIT, connections), not reported
        manager.start(scenario(target.actualPort(), 5, rates[rates.length - 1]), new RunOptions(1L, null))
                .await()
                .result()
                .await();
        System.out.println(
                "rate/s | worst 1s window err | mean |1s err| | total err | lag p50 / p99 / max ms | service p50 / p99 ms | dropped | errors | hiccup p99 / max ms");
        // like jHiccup: a thread that sleeps 1 ms and records how much longer it took; what the machine (not the
        // scheduler) stole from every thread of this JVM
        org.HdrHistogram.Recorder hiccups = new org.HdrHistogram.Recorder(3);
        Thread hiccupMeter = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        long t0 = System.nanoTime();
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                        hiccups.recordValue(Math.max(0, (System.nanoTime() - t0 - 1_000_000) / 1_000));
                    }
                },
                "hiccup-meter");
        hiccupMeter.setDaemon(true);
        hiccupMeter.start();
        for (double rate : rates) {
            received.set(0);
            hiccups.reset();
            Scenario scenario =
                    external == null ? scenario(target.actualPort(), seconds, rate) : scenario(external, seconds, rate);
            long before = System.nanoTime();
            Run run = manager.start(scenario, new RunOptions(1L, null)).await();
            JsonObject report = ResultJson.encode(run.result().await());
            if (external != null) {
                stampsFromTimeline(report, rate, stamps, received);
            }
            int n = Math.min(received.get(), stamps.length);
            long[] at = Arrays.copyOf(stamps, n);
            Arrays.sort(at);
            // the run starts between "before" and the first arrival; windows are anchored on the first arrival, which
            // is
            // intended at offset 1/rate
            long origin = at.length == 0 ? before : at[0] - (long) (1e9 / rate);
            double worst = 0;
            double sumAbs = 0;
            int windows = 0;
            for (int w = 1; w < seconds - 1; w++) {
                long from = origin + w * 1_000_000_000L;
                long to = from + 1_000_000_000L;
                long count = Arrays.stream(at).filter(t -> t >= from && t < to).count();
                double err = (count - rate) / rate;
                worst = Math.abs(err) > Math.abs(worst) ? err : worst;
                sumAbs += Math.abs(err);
                windows++;
            }
            JsonObject lag = report.getJsonObject("scheduleLag");
            JsonObject service = report.getJsonObject("latency").getJsonObject("service");
            long scheduled = report.getJsonObject("totals").getLong("scheduled");
            org.HdrHistogram.Histogram hiccup = hiccups.getIntervalHistogram();
            long errors = report.getJsonObject("totals").getLong("completed")
                    - report.getJsonObject("totals").getLong("ok");
            System.out.printf(
                    Locale.ROOT,
                    "%6.0f | %+18.2f %% | %13.2f %% | %+8.2f %% | %6.2f / %6.2f / %7.2f | %6.2f / %7.2f | %d | %d | %6.2f / %7.2f%n",
                    rate,
                    worst * 100,
                    sumAbs / windows * 100,
                    (n - rate * seconds) / (rate * seconds) * 100,
                    lag.getDouble("p50"),
                    lag.getDouble("p99"),
                    lag.getDouble("max"),
                    service.getDouble("p50"),
                    service.getDouble("p99"),
                    report.getJsonObject("totals").getLong("dropped"),
                    errors,
                    hiccup.getValueAtPercentile(99) / 1000.0,
                    hiccup.getMaxValue() / 1000.0);
            if (scheduled != n) {
                System.out.printf(Locale.ROOT, "       (scheduled %d, received %d)%n", scheduled, n);
            }
        }
        hiccupMeter.interrupt();
        target.close().await();
        vertx.close().await();
        targetVertx.close().await();
    }

    /** For an external target: synthetic stamps from the simulator's per-second sent counts (spread evenly). */
    private static void stampsFromTimeline(JsonObject report, double rate, long[] stamps, AtomicInteger received) {
        int i = 0;
        long origin = 0;
        for (Object o : report.getJsonArray("timeline")) {
            JsonObject second = (JsonObject) o;
            long sent = second.getLong("sent");
            for (long k = 0; k < sent && i < stamps.length; k++) {
                stamps[i++] = origin
                        + second.getLong("t") * 1_000_000_000L
                        + (long) (1e9 / rate)
                        + k * (long) (1e9 / Math.max(1, sent));
            }
        }
        received.set(i);
    }

    private static Scenario scenario(int port, int seconds, double rate) throws Exception {
        return scenario("http://127.0.0.1:" + port, seconds, rate);
    }

    private static Scenario scenario(String base, int seconds, double rate) throws Exception {
        return new ScenarioLoader(new ScenarioLoader().options().withMaxRate(100_000))
                .loadScenario("bench", """
      scenarios:
        - name: schedule-accuracy
          targets: {app: %s}
          phases:
            - {name: steady, duration: %ds, shape: {type: constant, rate: %s}}
          requests:
            - {name: get, target: app, method: GET, path: /}
      """.formatted(base, seconds, rate));
    }
}
