package dev.chaoslab.simulator.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures (not a test) what the bare Vert.x HTTP client can do on this machine, closed model like wrk: each of
 * {@code connections} loops request, answer, next request, on {@code loops} event loops, with nothing else per
 * request (no span, no histogram, no schedule). The simulator's open-model engine cannot beat this; the ratio
 * of its ceiling to this one is the cost of what it adds per request.
 *
 * <pre>
 * java -cp simulator/target/test-classes:simulator/target/classes:$(cat /tmp/cp.txt) \
 *   dev.chaoslab.simulator.bench.ClosedLoopCeiling http://127.0.0.1:PORT/ok 15 64 2
 * </pre>
 */
public final class ClosedLoopCeiling {
    private ClosedLoopCeiling() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int loops = args.length > 3
                ? Integer.parseInt(args[3])
                : Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        LongAdder done = new LongAdder();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(url.getHost())
                .setPort(url.getPort())
                .setURI(url.getPath());
        int perLoop = connections / loops;
        vertx.deployVerticle(
                        () -> new VerticleBase() {
                            HttpClient client;
                            volatile boolean running = true;

                            @Override
                            public Future<?> start() {
                                client = vertx.createHttpClient(
                                        new HttpClientOptions()
                                                .setKeepAlive(true)
                                                .setTcpNoDelay(true),
                                        new PoolOptions().setHttp1MaxSize(perLoop));
                                for (int i = 0; i < perLoop; i++) {
                                    next();
                                }
                                return Future.succeededFuture();
                            }

                            private void next() {
                                if (!running) {
                                    return;
                                }
                                client.request(request)
                                        .compose(req -> req.send().compose(resp -> resp.body()))
                                        .onComplete(ar -> {
                                            done.increment();
                                            next();
                                        });
                            }

                            @Override
                            public Future<?> stop() {
                                running = false;
                                return client.close();
                            }
                        },
                        new DeploymentOptions().setInstances(loops))
                .await();
        System.out.printf(
                Locale.ROOT,
                "native transport: %s; %d connections on %d event loops%n",
                vertx.isNativeTransportEnabled(),
                connections,
                loops);
        Thread.sleep(5_000);
        for (int s = 0; s < seconds; s += 5) {
            long before = done.sum();
            long t0 = System.nanoTime();
            Thread.sleep(5_000);
            System.out.printf(Locale.ROOT, "%.0f requests/s%n", (done.sum() - before) * 1e9 / (System.nanoTime() - t0));
        }
        vertx.close().await();
    }
}
