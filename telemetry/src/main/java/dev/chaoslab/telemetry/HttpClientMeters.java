package dev.chaoslab.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-request meters of one HTTP client of a service (one {@code client_name}), resolved once per method and
 * once per (method, status code) and then kept, instead of being looked up in the registry five times per request
 * as vertx-micrometer does: a request keeps its method's meters, among which its response's are found by status code
 * without a map look-up. Handed to Vert.x as the client's endpoint metrics.
 *
 * <p>The meters are vertx-micrometer 5.0.7's, with the same names, descriptions, types and tags under
 * {@link ServiceTelemetry#DEFAULT_LABELS} (docs/contracts.md, "Metric names"): {@code vertx_http_client_requests_total},
 * {@code vertx_http_client_active_requests} and {@code vertx_http_client_request_bytes} ({@code client_name},
 * {@code method}); {@code vertx_http_client_responses_total}, {@code vertx_http_client_response_time_seconds} and
 * {@code vertx_http_client_response_bytes} ({@code client_name}, {@code method}, {@code code}).
 *
 * <p>Bounded like {@link HttpServerMeters}: one entry per method, each with at most {@value ByStatusCode#MAX_CODES}
 * status codes, beyond which a response's meters are looked up in the registry each time.
 *
 * <p>Thread-safe: the event loops of one Vert.x instance share it.
 */
final class HttpClientMeters implements ClientMetrics<HttpClientMeters.Request, HttpRequest, HttpResponse> {

    private static final String REQUESTS = "vertx.http.client.requests";
    private static final String ACTIVE_REQUESTS = "vertx.http.client.active.requests";
    private static final String REQUEST_BYTES = "vertx.http.client.request.bytes";
    private static final String RESPONSES = "vertx.http.client.responses";
    private static final String RESPONSE_TIME = "vertx.http.client.response.time";
    private static final String RESPONSE_BYTES = "vertx.http.client.response.bytes";
    /** No response began: vertx-micrometer then records the response without a {@code code}. */
    private static final int NO_CODE = -1;

    private final MeterRegistry registry;
    private final String clientName;
    private final Map<String, MethodMeters> byMethod = new ConcurrentHashMap<>();
    /** The meters of Vert.x's method constants, by identity: no hash of the method's name per request. */
    private final ByIdentity<HttpMethod, MethodMeters> byMethodConstant =
            new ByIdentity<>(HttpMethod.values().size());

    /** The meters of the client named {@code metricsName} ({@code HttpClientOptions.getMetricsName()}). */
    HttpClientMeters(MeterRegistry registry, String metricsName) {
        this.registry = registry;
        this.clientName = metricsName == null ? "?" : metricsName;
    }

    @Override
    public Request requestBegin(String uri, HttpRequest request) {
        HttpMethod method = request.method();
        MethodMeters meters = byMethodConstant.get(method);
        if (meters == null) {
            meters = HttpServerMeters.keptForConstant(
                    byMethodConstant,
                    method,
                    byMethod.computeIfAbsent(method.name(), m -> new MethodMeters(registry, clientName, m)));
        }
        meters.requests.increment();
        return new Request(meters);
    }

    @Override
    public void requestEnd(Request request, long bytesWritten) {
        request.meters.requestBytes.record(bytesWritten);
        request.requestEnded = true;
        if (!request.reset && request.responseEnded) {
            request.meters.active.decrement();
        }
    }

    @Override
    public void responseBegin(Request request, HttpResponse response) {
        request.code = response.statusCode();
    }

    @Override
    public void requestReset(Request request) {
        request.meters.active.decrement();
        request.reset = true;
    }

    @Override
    public void responseEnd(Request request, long bytesRead) {
        request.responseEnded = true;
        if (!request.reset && request.requestEnded) {
            request.meters.active.decrement();
        }
        request.meters.responses.get(request.code).record(System.nanoTime() - request.beginNanos, bytesRead);
    }

    /** One request in flight: its meters, start time and end states. */
    static final class Request {
        private final MethodMeters meters;
        private final long beginNanos = System.nanoTime();
        private int code = NO_CODE;
        private boolean requestEnded;
        private boolean responseEnded;
        private boolean reset;

        private Request(MethodMeters meters) {
            this.meters = meters;
            meters.active.increment();
        }
    }

    private record ResponseMeters(Counter responses, Timer responseTime, DistributionSummary responseBytes) {

        private static ResponseMeters register(MeterRegistry registry, String clientName, String method, int code) {
            String[] tags = code == NO_CODE
                    ? new String[] {"client_name", clientName, "method", method}
                    : new String[] {"client_name", clientName, "method", method, "code", Integer.toString(code)};
            return new ResponseMeters(
                    Counter.builder(RESPONSES)
                            .description("Response count with codes")
                            .tags(tags)
                            .register(registry),
                    Timer.builder(RESPONSE_TIME)
                            .description("Response time")
                            .tags(tags)
                            .register(registry),
                    DistributionSummary.builder(RESPONSE_BYTES)
                            .description("Size of responses in bytes")
                            .tags(tags)
                            .register(registry));
        }

        void record(long nanos, long bytes) {
            responses.increment();
            responseTime.record(nanos, TimeUnit.NANOSECONDS);
            responseBytes.record(bytes);
        }
    }

    /**
     * The meters of one method: requests sent, requests waiting for a response, request sizes, and its responses'
     * meters by status code ({@value #NO_CODE}: no response began), registered at a code's first response.
     */
    private static final class MethodMeters {
        private final LongAdder active = new LongAdder();
        private final Counter requests;
        private final DistributionSummary requestBytes;
        private final ByStatusCode<ResponseMeters> responses;

        private MethodMeters(MeterRegistry registry, String clientName, String method) {
            responses = new ByStatusCode<>(code -> ResponseMeters.register(registry, clientName, method, code));
            Gauge.builder(ACTIVE_REQUESTS, active, LongAdder::doubleValue)
                    .description("Number of requests waiting for a response")
                    .tags("client_name", clientName, "method", method)
                    .strongReference(true)
                    .register(registry);
            requests = Counter.builder(REQUESTS)
                    .description("Number of requests sent")
                    .tags("client_name", clientName, "method", method)
                    .register(registry);
            requestBytes = DistributionSummary.builder(REQUEST_BYTES)
                    .description("Size of requests in bytes")
                    .tags("client_name", clientName, "method", method)
                    .register(registry);
        }
    }
    /**
     * Vert.x's client metrics with the per-request events measured by {@link HttpClientMeters}; connection-level
     * events (connections, bytes, errors, WebSockets) are the delegate's.
     */
    record MeasuredClient(HttpClientMetrics<Object, Object, Object> delegate, HttpClientMeters meters)
            implements HttpClientMetrics<Request, Object, Object>, DelegatingTcpMetrics {

        @Override
        public TCPMetrics<Object> tcpDelegate() {
            return delegate;
        }

        @Override
        public ClientMetrics<Request, HttpRequest, HttpResponse> createEndpointMetrics(
                SocketAddress remoteAddress, int maxPoolSize) {
            return meters;
        }

        @Override
        public Object connected(WebSocket webSocket) {
            return delegate.connected(webSocket);
        }

        @Override
        public void disconnected(Object webSocketMetric) {
            delegate.disconnected(webSocketMetric);
        }
    }
}
