package dev.chaoslab.telemetry;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A benchmark, not a test: what the meters' background threads cost while a gateway calls an inventory, both
 * {@link TestService}s with their telemetry in this JVM ({@code GET /api/products/:sku} -> {@code GET
 * /products/:sku}, 8 connections for a given number of seconds): the wakes per second and CPU time per second of
 * the meter clock's thread ({@value CoarseWallClock#THREAD_NAME}) and of Prometheus's exemplar scheduler
 * ({@code prometheus-metrics-scheduler}), from {@code /proc/self/task/<tid>/schedstat} (CPU time, time slices), and
 * which series carry exemplars on both services' OpenMetrics {@code /metrics} at the end. Its result lines start with
 * {@code ==}; the access lines go to standard output too. Run with the base's main classes on the class path instead
 * of the working tree's to measure the base.
 *
 * <pre>{@code
 * java -cp telemetry/target/test-classes:telemetry/target/classes:$(cat /tmp/cp.txt) \
 *     dev.chaoslab.telemetry.MeterThreadsCost 20 | grep '^=='
 * }</pre>
 */
public final class MeterThreadsCost {

    private static final int CONNECTIONS = 8;

    private MeterThreadsCost() {}

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        TestService inventory = TestService.start(
                        TelemetryOptions.fromEnvInSharedProcess("inventory"),
                        (service, router) -> router.get("/products/:sku")
                                .handler(ctx -> ctx.response()
                                        .putHeader("Content-Type", "application/json")
                                        .end("{\"sku\":\"" + ctx.pathParam("sku") + "\",\"stock\":3}")))
                .await();
        TestService gateway = TestService.start(
                        TelemetryOptions.fromEnvInSharedProcess("gateway"), (service, router) -> {
                            HttpClient upstream = service.vertx.createHttpClient(
                                    new HttpClientOptions().setMetricsName("inventory"),
                                    new PoolOptions().setHttp1MaxSize(16));
                            router.get("/api/products/:sku")
                                    .handler(ctx -> upstream.request(
                                                    HttpMethod.GET,
                                                    inventory.port(),
                                                    "127.0.0.1",
                                                    "/products/" + ctx.pathParam("sku"))
                                            .compose(request -> request.send())
                                            .compose(HttpClientResponse::body)
                                            .onSuccess(body -> ctx.response()
                                                    .putHeader("Content-Type", "application/json")
                                                    .end(body))
                                            .onFailure(ctx::fail));
                        })
                .await();
        Vertx load = Vertx.vertx();
        HttpClient client = load.createHttpClient(new PoolOptions().setHttp1MaxSize(CONNECTIONS));

        long[] scheduler = schedstat("prometheus-metr");
        long[] clock = schedstat(CoarseWallClock.THREAD_NAME.substring(0, 15));
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        AtomicLong requests = new AtomicLong();
        for (int i = 0; i < CONNECTIONS; i++) {
            requestUntil(client, gateway.port(), end, done, requests);
        }
        done.await();
        long[] schedulerAfter = schedstat("prometheus-metr");
        long[] clockAfter = schedstat(CoarseWallClock.THREAD_NAME.substring(0, 15));
        System.out.printf(
                "== %.0f gateway requests/s (load %s); prometheus-metrics-scheduler %.1f wakes/s, %.0f us CPU/s;"
                        + " %s %.1f wakes/s, %.0f us CPU/s%n",
                requests.get() / (double) seconds,
                Files.readString(Path.of("/proc/loadavg")).substring(0, 14),
                (schedulerAfter[1] - scheduler[1]) / (double) seconds,
                (schedulerAfter[0] - scheduler[0]) / 1e3 / seconds,
                CoarseWallClock.THREAD_NAME,
                (clockAfter[1] - clock[1]) / (double) seconds,
                (clockAfter[0] - clock[0]) / 1e3 / seconds);
        for (Map.Entry<String, TestService> service :
                Map.of("gateway", gateway, "inventory", inventory).entrySet()) {
            String exposition = client.request(
                            HttpMethod.GET, service.getValue().port(), "127.0.0.1", "/metrics")
                    .compose(request -> request.putHeader("Accept", MetricsHandler.OPENMETRICS)
                            .send())
                    .compose(HttpClientResponse::body)
                    .await()
                    .toString();
            System.out.println("== exemplars of " + service.getKey() + ": " + exemplarSeries(exposition));
        }
        System.exit(0);
    }

    private static void requestUntil(HttpClient client, int port, long end, CountDownLatch done, AtomicLong count) {
        if (System.nanoTime() > end) {
            done.countDown();
            return;
        }
        client.request(HttpMethod.GET, port, "127.0.0.1", "/api/products/SKU-001")
                .compose(request -> request.send())
                .compose(HttpClientResponse::body)
                .onComplete(result -> {
                    count.incrementAndGet();
                    requestUntil(client, port, end, done, count);
                });
    }

    /** The series names whose lines carry an exemplar, with how many lines each. */
    private static Map<String, Integer> exemplarSeries(String exposition) {
        Map<String, Integer> series = new TreeMap<>();
        exposition
                .lines()
                .filter(line -> !line.startsWith("#") && line.contains(" # {"))
                .forEach(line -> series.merge(line.substring(0, line.indexOf('{')), 1, Integer::sum));
        return series;
    }

    /** CPU time (ns) and time slices of this JVM's threads whose name starts with {@code comm} (15 characters). */
    private static long[] schedstat(String comm) throws IOException {
        long[] sum = new long[2];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).trim().startsWith(comm)) {
                    String[] fields =
                            Files.readString(task.resolve("schedstat")).trim().split(" ");
                    sum[0] += Long.parseLong(fields[0]);
                    sum[1] += Long.parseLong(fields[2]);
                }
            }
        }
        return sum;
    }
}
