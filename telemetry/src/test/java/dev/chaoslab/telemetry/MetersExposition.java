package dev.chaoslab.telemetry;

import static dev.chaoslab.telemetry.FakeExchange.OK;
import static dev.chaoslab.telemetry.FakeExchange.REMOTE;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A comparison, not a test: the {@code /metrics} exposition (Prometheus text and OpenMetrics, as
 * {@link MetricsHandler} serves them) of a base build of this module and of the working tree after the same requests
 * through Vert.x's metrics SPI, on a registry set up as {@link ServiceTelemetry} sets it up: server requests of four
 * methods on named, nested and no routes with several status codes and a reset, client requests with and without a
 * response, pool passes, connection bytes; a sampled span is current so exemplars are sampled. What depends on the
 * time (durations: every value of a {@code _seconds} series, exemplars' values and timestamps) is masked; the rest
 * must be the same line for line. Writes {@code base.prom}, {@code new.prom}, {@code base.om}, {@code new.om} into a
 * directory.
 *
 * <pre>{@code
 * java -cp ... dev.chaoslab.telemetry.MetersExposition /path/to/base/telemetry/target/classes /tmp/out
 * }</pre>
 */
public final class MetersExposition {

    private static final Span SPAN = Span.wrap(SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()));
    private static final Pattern SECONDS_VALUE = Pattern.compile("^(\\w+_seconds\\w*(\\{[^}]*\\})?) \\S+");
    private static final Pattern EXEMPLAR = Pattern.compile(" # (\\{[^}]*\\}) \\S+( \\S+)?$");

    private MetersExposition() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        String[] base = (String[]) MetersEventLoopCost.inBuild(Path.of(args[0]), MetersExposition.class, "scrapes");
        String[] current = scrapes();
        Files.writeString(out.resolve("base.prom"), base[0]);
        Files.writeString(out.resolve("base.om"), base[1]);
        Files.writeString(out.resolve("new.prom"), current[0]);
        Files.writeString(out.resolve("new.om"), current[1]);
    }

    /** The masked text and OpenMetrics expositions of this class loader's build after the requests. */
    @SuppressWarnings("unchecked")
    private static String[] scrapes() {
        ServiceMeterRegistry registry =
                new ServiceMeterRegistry(new PrometheusRegistry(), new ExemplarSpanContext(), CoarseWallClock.shared());
        registry.config().commonTags("service", "gateway").meterFilter(ServiceTelemetry.latencyBuckets());
        Map<String, HttpClientMeters> clients = new ConcurrentHashMap<>();
        VertxMetrics metrics = FakeExchange.vertxMetrics(ServerSpanCapture.wrap(
                new MicrometerMetricsFactory(registry),
                new HttpServerMeters(registry),
                n -> clients.computeIfAbsent(n, c -> new HttpClientMeters(registry, c))));
        HttpServerMetrics<Object, Object, Object> server = (HttpServerMetrics<Object, Object, Object>)
                metrics.createHttpServerMetrics(new HttpServerOptions(), REMOTE);
        Object socket = server.connected(REMOTE, "127.0.0.1");
        serve(server, socket, HttpMethod.GET, 200, "/api/products/:sku");
        serve(server, socket, HttpMethod.GET, 200, "/api/products/:sku");
        serve(server, socket, HttpMethod.GET, 404);
        serve(server, socket, HttpMethod.POST, 201, "/api/orders");
        serve(server, socket, HttpMethod.POST, 503, "/api/orders");
        serve(server, socket, HttpMethod.GET, 200, "/chaos/*", "/chaos/faults");
        serve(server, socket, HttpMethod.DELETE, 204, "/api/*", "/orders/:id");
        serve(server, socket, HttpMethod.valueOf("PURGE"), 405);
        Object reset = server.requestBegin(socket, FakeExchange.request(HttpMethod.GET));
        server.requestReset(reset);
        server.bytesRead(socket, REMOTE, 180);
        server.bytesWritten(socket, REMOTE, 240);

        HttpClientMetrics<Object, Object, Object> clientMetrics = (HttpClientMetrics<Object, Object, Object>)
                metrics.createHttpClientMetrics(new HttpClientOptions().setMetricsName("inventory"));
        ClientMetrics<Object, HttpRequest, HttpResponse> client = clientMetrics.createEndpointMetrics(REMOTE, 10);
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.GET, HttpMethod.PUT}) {
            Object request = client.requestBegin("/stock/SKU-001", FakeExchange.request(method));
            client.requestEnd(request, 10);
            client.responseBegin(request, OK);
            client.responseEnd(request, 80);
        }
        Object unanswered = client.requestBegin("/stock/SKU-002", FakeExchange.request(HttpMethod.GET));
        client.requestEnd(unanswered, 0);
        client.responseEnd(unanswered, 0);
        PoolMetrics<Object, Object> pool =
                (PoolMetrics<Object, Object>) metrics.createPoolMetrics("http", "inventory", 16);
        pool.dequeue(pool.enqueue());
        pool.end(pool.begin());
        return new String[] {
            mask(scrape(registry, MetricsHandler.TEXT_CONTENT_TYPE)),
            mask(scrape(registry, MetricsHandler.OPENMETRICS_CONTENT_TYPE))
        };
    }

    private static void serve(
            HttpServerMetrics<Object, Object, Object> server,
            Object socket,
            HttpMethod method,
            int status,
            String... routes) {
        HttpRequest request = FakeExchange.request(method);
        Object metric = server.requestBegin(socket, request);
        ((ServerSpanCapture.TracedRequest) metric).span = SPAN;
        for (String route : routes) {
            server.requestRouted(metric, route);
        }
        server.requestEnd(metric, request, 12);
        HttpResponse response = FakeExchange.response(status);
        server.responseBegin(metric, response);
        server.responseEnd(metric, response, 120);
    }

    private static String scrape(MeterRegistry registry, String contentType) {
        String body = ((ServiceMeterRegistry) registry).scrape(contentType);
        return contentType.equals(MetricsHandler.OPENMETRICS_CONTENT_TYPE)
                ? ExemplarPlacement.keepOnBucketsAndCounters(body)
                : body;
    }

    private static String mask(String exposition) {
        StringBuilder masked = new StringBuilder();
        for (String line : exposition.split("\n", -1)) {
            String kept = EXEMPLAR.matcher(line).replaceAll(" # $1 V T");
            masked.append(SECONDS_VALUE.matcher(kept).replaceAll("$1 V")).append('\n');
        }
        return masked.toString();
    }
}
