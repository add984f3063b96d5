package dev.chaoslab.telemetry;

import static dev.chaoslab.telemetry.FakeExchange.OK;
import static dev.chaoslab.telemetry.FakeExchange.REMOTE;
import static dev.chaoslab.telemetry.FakeExchange.REQUEST;

import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A benchmark, not a test: the CPU time (of the measuring thread, so another process's load does not count) that the
 * HTTP meters cost per request, as Vert.x drives them (server: begin, routed, request end, response begin, response
 * end; client: the same without routing), for vertx-micrometer alone ("vertx-micrometer", before) and for
 * {@link ServerSpanCapture}'s wrapper with {@link HttpServerMeters} / {@link HttpClientMeters} ("chaoslab", after,
 * on {@link ServiceMeterRegistry} and {@link CoarseWallClock}; "chaoslab/all exemplars" on Micrometer's registry and
 * clock, which samples exemplars for the byte summaries too and reads the wall clock per observation), in interleaved
 * rounds. No span is current, so the span capture does no work beyond its look-ups.
 *
 * <pre>{@code
 * mvn -B -q -pl telemetry -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp telemetry/target/test-classes:telemetry/target/classes:$(cat /tmp/cp.txt) dev.chaoslab.telemetry.HttpMetersCost
 * }</pre>
 */
public final class HttpMetersCost {

    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 1_000_000;
    private static final int ROUNDS = 3;

    private HttpMetersCost() {}

    public static void main(String[] args) {
        Sample vertx = new Sample("vertx-micrometer", false, false);
        Sample allExemplars = new Sample("chaoslab/all exemplars", true, false);
        Sample ours = new Sample("chaoslab", true, true);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(
                "CPU time of the measuring thread per request, %d requests per round after %d of warm-up; load %s%n",
                MEASURED, WARM_UP, loadAverage());
        for (int round = 1; round <= ROUNDS; round++) {
            for (Sample sample : new Sample[] {vertx, allExemplars, ours}) {
                sample.run(WARM_UP);
                long start = threads.getCurrentThreadCpuTime();
                sample.runServer(MEASURED);
                long server = threads.getCurrentThreadCpuTime() - start;
                start = threads.getCurrentThreadCpuTime();
                sample.runClient(MEASURED);
                long client = threads.getCurrentThreadCpuTime() - start;
                System.out.printf(
                        "round %d %-22s server %.3f µs/request, client %.3f µs/request (load %s)%n",
                        round, sample.name, server / 1000.0 / MEASURED, client / 1000.0 / MEASURED, loadAverage());
            }
        }
    }

    private static String loadAverage() {
        return String.format(
                "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** One set-up: a registry as {@link ServiceTelemetry} builds it and Vert.x's metrics SPI on top. */
    private static final class Sample {
        private final String name;
        private final HttpServerMetrics<Object, Object, Object> server;
        private final ClientMetrics<Object, HttpRequest, HttpResponse> client;

        @SuppressWarnings("unchecked")
        Sample(String name, boolean ours, boolean serviceRegistry) {
            this.name = name;
            PrometheusMeterRegistry registry = serviceRegistry
                    ? new ServiceMeterRegistry(
                            new PrometheusRegistry(), new ExemplarSpanContext(), CoarseWallClock.shared())
                    : new PrometheusMeterRegistry(
                            PrometheusConfig.DEFAULT,
                            new PrometheusRegistry(),
                            Clock.SYSTEM,
                            new ExemplarSpanContext());
            registry.config().commonTags("service", name).meterFilter(ServiceTelemetry.latencyBuckets());
            VertxMetricsFactory factory = new MicrometerMetricsFactory(registry);
            if (ours) {
                Map<String, HttpClientMeters> clients = new ConcurrentHashMap<>();
                factory = ServerSpanCapture.wrap(
                        factory,
                        new HttpServerMeters(registry),
                        n -> clients.computeIfAbsent(n, c -> new HttpClientMeters(registry, c)));
            }
            VertxMetrics metrics = FakeExchange.vertxMetrics(factory);
            server = (HttpServerMetrics<Object, Object, Object>)
                    metrics.createHttpServerMetrics(new HttpServerOptions(), REMOTE);
            HttpClientMetrics<Object, Object, Object> clientMetrics = (HttpClientMetrics<Object, Object, Object>)
                    metrics.createHttpClientMetrics(new HttpClientOptions().setMetricsName("inventory"));
            client = clientMetrics.createEndpointMetrics(REMOTE, 10);
        }

        void run(int requests) {
            runServer(requests);
            runClient(requests);
        }

        void runServer(int requests) {
            Object socket = server.connected(REMOTE, "127.0.0.1");
            for (int i = 0; i < requests; i++) {
                Object request = server.requestBegin(socket, REQUEST);
                server.requestRouted(request, "/api/products/:sku");
                server.requestEnd(request, REQUEST, 0);
                server.responseBegin(request, OK);
                server.responseEnd(request, OK, 120);
            }
            server.disconnected(socket, REMOTE);
        }

        void runClient(int requests) {
            for (int i = 0; i < requests; i++) {
                Object request = client.requestBegin("/stock/SKU-001", REQUEST);
                client.requestEnd(request, 0);
                client.responseBegin(request, OK);
                client.responseEnd(request, 80);
            }
        }
    }
}
