package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes the server span available to exemplar sampling when Vert.x records the server response time.
 *
 * <p>Vert.x calls {@code HttpServerMetrics.responseEnd} on the thread and context that finished writing
 * the response. Usually that is the request's own context (where the span is current), but not always:
 * a response ended off the event loop, or a write queued behind back-pressure, completes in a plain
 * event-loop task with no Vert.x context, and {@code Span.current()} is then empty. So the span is
 * kept with the request: {@link HttpTracer} hands it over when it starts it (Vert.x reports a request to the
 * metrics first, then to the tracer); any other tracer's is captured when vertx-web routes the request (always
 * on the request's context, after the tracer started the span) and, as a fallback, when the response head is
 * written; {@code responseEnd} then runs with that span published to {@link ExemplarSpanContext} through a
 * thread-local.
 *
 * <p>The same hook names the server span after its route, as OpenTelemetry's HTTP conventions ask
 * ({@code GET /orders/:id} with attribute {@code http.route}); Vert.x alone names it {@code GET}.
 * The route is defined once, by {@link TracedRequest}, and given to the metrics and the access log too.
 */
final class ServerSpanCapture {

    private static final ThreadLocal<Span> RECORDING = new ThreadLocal<>();
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

    private ServerSpanCapture() {}

    /** The span of the request whose timing is being recorded on this thread, or {@code null}. */
    static Span spanBeingRecorded() {
        return RECORDING.get();
    }

    static Span vertxCurrentSpan() {
        Context context = CurrentContext.get();
        if (context == null) {
            return null;
        }
        Span span = Span.fromContextOrNull(context);
        return span != null && span.getSpanContext().isValid() ? span : null;
    }

    /** {@link #wrap(VertxMetricsFactory, HttpServerMeters, ResponseAccessLog, Function)} writing no access lines. */
    static VertxMetricsFactory wrap(
            VertxMetricsFactory factory, HttpServerMeters server, Function<String, HttpClientMeters> clients) {
        return wrap(factory, server, new ResponseAccessLog(Instrumentation.SDK), clients);
    }

    /**
     * Wraps a metrics factory so that its HTTP server metrics see the request's span, with the per-request meters
     * of servers ({@code server}) and clients ({@code clients}, by the client's metrics name) instead of the factory's
     * and the servers' access lines written by {@code lines} when a response ends.
     * The meters are the service's, not the Vert.x instance's: a second instance on the same registry shares them.
     */
    static VertxMetricsFactory wrap(
            VertxMetricsFactory factory,
            HttpServerMeters server,
            ResponseAccessLog lines,
            Function<String, HttpClientMeters> clients) {
        return new VertxMetricsFactory() {
            @Override
            public VertxMetrics metrics(VertxOptions options) {
                return new CapturingVertxMetrics(factory.metrics(options), server, lines, clients);
            }

            @Override
            public MetricsOptions newOptions() {
                return factory.newOptions();
            }
        };
    }

    /**
     * The request being routed on this thread, handed to {@link AccessLogHandler} (under the Java agent only) when its
     * route starts: Vert.x reports a route to the metrics ({@code requestRouted}) right before it calls the route's
     * handler, on the same thread. Every server of a Vert.x instance made by {@link ServiceTelemetry#newVertx} is
     * measured, so the handler always finds the request it runs for; {@link #takeRouted()} clears the slot.
     */
    private static final ThreadLocal<TracedRequest> ROUTED = new ThreadLocal<>();

    /** The request whose route Vert.x reported last on this thread, or {@code null}; clears it. */
    static TracedRequest takeRouted() {
        TracedRequest request = ROUTED.get();
        if (request != null) {
            ROUTED.set(null); // not remove(): that costs a hash-table clean-up per request, set keeps the entry
        }
        return request;
    }

    /**
     * The request metric handed back to Vert.x: its meters, start time and end states, the span and the route seen while
     * routing. The route is the one name of the request in spans ({@code http.route}), metrics ({@code route})
     * and the access log: the names of the routes that handled it, joined with {@code >} (nested routers), where
     * a route whose path extends the previous one's replaces it ({@code /chaos/*} then {@code /chaos/faults} is
     * {@code /chaos/faults}). Failure handlers add nothing, so a failed request keeps the route it failed in.
     */
    static final class TracedRequest {
        final String method;
        final HttpServerMeters.MethodMeters meters;
        /** The request as Vert.x reported it to the metrics; {@code null} for a pushed response. */
        final HttpRequest request;

        private final long beginNanos = System.nanoTime();
        Span span;
        private String route;
        /** The meters of {@link #route}'s responses, {@code null} before a named route handled the request. */
        private HttpServerMeters.RouteMeters routeMeters;

        private String lastName;
        private Map<String, String> fields;
        private boolean requestEnded;
        private boolean responseEnded;
        private boolean reset;

        TracedRequest(String method, HttpServerMeters.MethodMeters meters, HttpRequest request) {
            this.method = method;
            this.meters = meters;
            this.request = request;
            meters.active.increment();
        }

        /** The metric Vert.x keeps for {@code request} when it is one of ours, else {@code null}. */
        static TracedRequest of(HttpServerRequest request) {
            return ServerRequests.metric(request) instanceof TracedRequest traced ? traced : null;
        }

        /** Adds (or replaces) a field of the request's access line ({@link AccessLogFields}). */
        void putField(String key, String value) {
            if (fields == null) {
                fields = new LinkedHashMap<>(4);
            }
            fields.put(key, value);
        }

        /** A copy of the access line's added fields, in the order they were first added; empty when none. */
        Map<String, String> fields() {
            return fields == null ? Map.of() : new LinkedHashMap<>(fields);
        }

        /**
         * The access line's added fields, handed over: fields added afterwards go to a new map, so the one returned
         * is never changed again (it is encoded on another thread).
         */
        Map<String, String> takeFields() {
            Map<String, String> taken = fields;
            fields = null;
            return taken == null ? Map.of() : taken;
        }

        /**
         * The server span the tracer started for this request: Vert.x reports a request to the metrics, then to the
         * tracer, so the span is known before the request is routed and {@link #capture()} need not look it up.
         */
        void started(Span started) {
            span = started;
        }

        void capture() {
            if (span == null) {
                span = vertxCurrentSpan();
            }
        }

        /** The request's route so far, {@code null} before a named route handled it. */
        String route() {
            return route;
        }

        void routed(String name) {
            capture();
            if (name == null) {
                return;
            }
            if (route == null) {
                route = name;
                routeMeters = meters.routeNamed(name);
            } else {
                if (lastName != null && name.startsWith(lastName)) {
                    route = route.substring(0, route.length() - lastName.length()) + name;
                } else {
                    route = route + ">" + name;
                }
                routeMeters = meters.route(route);
            }
            lastName = name;
            if (span instanceof HttpSpan recording) { // one lock for both
                recording.rename(routeMeters.spanName, HTTP_ROUTE, route);
            } else if (span != null) { // a span that does not record ignores both: no isRecording(), takes its lock
                span.updateName(routeMeters.spanName);
                span.setAttribute(HTTP_ROUTE, route);
            }
        }

        void requestEnded(long bytesRead) {
            meters.requestBytes.record(bytesRead);
            requestEnded = true;
            if (!reset && responseEnded) {
                meters.active.decrement();
            }
        }

        /**
         * Records the response and writes its access line; both take the time since the request began, and the line's
         * timestamp is the same reading of the monotonic clock ({@link AnchoredWallClock#instantAt}).
         */
        void responseEnded(ResponseAccessLog lines, int status, long bytesWritten) {
            long end = System.nanoTime();
            long nanos = end - beginNanos;
            (routeMeters == null ? meters.unrouted : routeMeters)
                    .response(status)
                    .record(nanos, bytesWritten);
            responseEnded = true;
            if (!reset && requestEnded) {
                meters.active.decrement();
            }
            lines.log(this, status, nanos, end);
        }

        void reset() {
            meters.reset();
            meters.active.decrement();
            reset = true;
        }
    }

    private record CapturingVertxMetrics(
            VertxMetrics delegate,
            HttpServerMeters meters,
            ResponseAccessLog lines,
            Function<String, HttpClientMeters> clients)
            implements VertxMetrics {

        @Override
        public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(
                HttpServerOptions options, SocketAddress localAddress) {
            @SuppressWarnings("unchecked")
            HttpServerMetrics<Object, Object, Object> server =
                    (HttpServerMetrics<Object, Object, Object>) delegate.createHttpServerMetrics(options, localAddress);
            return server == null ? null : new CapturingServerMetrics(server, meters, lines);
        }

        @Override
        public EventBusMetrics createEventBusMetrics() {
            return delegate.createEventBusMetrics();
        }

        @Override
        public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
            return delegate.createClientMetrics(remoteAddress, type, namespace);
        }

        @Override
        public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
            if (ServiceTelemetry.UNMEASURED_CLIENT.equals(options.getMetricsName())) {
                return null;
            }
            @SuppressWarnings("unchecked")
            HttpClientMetrics<Object, Object, Object> client =
                    (HttpClientMetrics<Object, Object, Object>) delegate.createHttpClientMetrics(options);
            return client == null
                    ? null
                    : new HttpClientMeters.MeasuredClient(client, clients.apply(options.getMetricsName()));
        }

        @Override
        public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
            return delegate.createNetServerMetrics(options, localAddress);
        }

        @Override
        public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
            return delegate.createNetClientMetrics(options);
        }

        @Override
        public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
            return delegate.createDatagramSocketMetrics(options);
        }

        @Override
        public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
            return delegate.createPoolMetrics(type, name, maxSize);
        }

        @Override
        public void vertxCreated(Vertx vertx) {
            delegate.vertxCreated(vertx);
        }

        @Override
        public boolean isMetricsEnabled() {
            return delegate.isMetricsEnabled();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /**
     * Vert.x's server metrics with the per-request events measured by {@link HttpServerMeters}; connection-level
     * events (connections, bytes, errors, WebSockets) are the delegate's.
     */
    private record CapturingServerMetrics(
            HttpServerMetrics<Object, Object, Object> delegate, HttpServerMeters meters, ResponseAccessLog lines)
            implements HttpServerMetrics<TracedRequest, Object, Object>, DelegatingTcpMetrics {

        @Override
        public TCPMetrics<Object> tcpDelegate() {
            return delegate;
        }

        @Override
        public TracedRequest requestBegin(Object socketMetric, HttpRequest request) {
            HttpServerMeters.MethodMeters methodMeters = meters.method(request.method());
            return new TracedRequest(methodMeters.method, methodMeters, request);
        }

        @Override
        public void requestEnd(TracedRequest requestMetric, HttpRequest request, long bytesRead) {
            requestMetric.requestEnded(bytesRead);
        }

        @Override
        public void requestReset(TracedRequest requestMetric) {
            requestMetric.reset();
        }

        @Override
        public void responseBegin(TracedRequest requestMetric, HttpResponse response) {
            requestMetric.capture();
        }

        @Override
        public TracedRequest responsePushed(Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
            return new TracedRequest(method.name(), meters.method(method.name()), null);
        }

        @Override
        public void responseEnd(TracedRequest requestMetric, HttpResponse response, long bytesWritten) {
            requestMetric.capture();
            Span previous = RECORDING.get();
            RECORDING.set(requestMetric.span);
            try {
                requestMetric.responseEnded(lines, response.statusCode(), bytesWritten);
            } finally {
                RECORDING.set(previous); // not remove() when null: that costs a hash-table clean-up per request
            }
        }

        @Override
        public Object connected(Object socketMetric, TracedRequest requestMetric, ServerWebSocket serverWebSocket) {
            // vertx-micrometer reads only the socket's metric here
            return delegate.connected(socketMetric, null, serverWebSocket);
        }

        @Override
        public void disconnected(Object serverWebSocketMetric) {
            delegate.disconnected(serverWebSocketMetric);
        }

        @Override
        public void requestRouted(TracedRequest requestMetric, String route) {
            requestMetric.routed(route);
            if (lines.handsOffRoutes()) {
                ROUTED.set(requestMetric);
            }
        }
    }
}
