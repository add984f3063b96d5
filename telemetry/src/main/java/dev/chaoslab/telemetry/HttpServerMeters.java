package dev.chaoslab.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-request HTTP server meters of one service, resolved once per method, once per (method, route) and once per
 * (method, route, status code) and then kept, instead of being looked up in the registry five times per request
 * (tags built, hashed and compared each time), as vertx-micrometer does. A request finds its route's meters when it
 * is routed ({@link MethodMeters#route}), and its response's meters among that route's by status code, without a
 * map look-up.
 *
 * <p>The meters are vertx-micrometer 5.0.7's, with the same names, descriptions, types and tags under
 * {@link ServiceTelemetry#DEFAULT_LABELS} (docs/contracts.md, "Metric names"): {@code vertx_http_server_requests_total},
 * {@code vertx_http_server_response_time_seconds} and {@code vertx_http_server_response_bytes}
 * ({@code method}, {@code route}, {@code code}); {@code vertx_http_server_active_requests},
 * {@code vertx_http_server_request_bytes} and, from the first reset, {@code vertx_http_server_request_resets_total}
 * ({@code method}). They are registered in the service's registry like any other meter, so its filters (latency
 * buckets) and its exemplar sampling apply.
 *
 * <p>The cache is bounded: at most {@value #MAX_CACHED_ROUTES} (method, route) pairs, each with at most
 * {@value ByStatusCode#MAX_CODES} status codes. Routes are route templates and status codes a small set, so a service
 * stays far below that; beyond it a response's meters are looked up in the registry each time, as vertx-micrometer
 * does: still correct, only not faster. Methods are kept one entry each, like the registry's own gauge and summary per
 * method (an entry must own the active-requests gauge's counter, which the registry cannot hand back): the cache
 * grows no faster than the registry does.
 *
 * <p>Thread-safe: event loops of one Vert.x instance share it.
 */
final class HttpServerMeters {

    /** (method, route) pairs whose meters are kept. */
    static final int MAX_CACHED_ROUTES = 256;

    /** Route names per method whose meters are also found by the name's identity ({@link MethodMeters#routeNamed}). */
    static final int MAX_ROUTE_NAMES = 32;

    static final String REQUESTS = "vertx.http.server.requests";
    static final String RESPONSE_TIME = "vertx.http.server.response.time";
    static final String RESPONSE_BYTES = "vertx.http.server.response.bytes";
    static final String ACTIVE_REQUESTS = "vertx.http.server.active.requests";
    static final String REQUEST_BYTES = "vertx.http.server.request.bytes";
    static final String REQUEST_RESETS = "vertx.http.server.request.resets";

    private final MeterRegistry registry;
    private final Map<String, MethodMeters> byMethod = new ConcurrentHashMap<>();
    /** The meters of Vert.x's method constants, by identity: no hash of the method's name per request. */
    private final ByIdentity<HttpMethod, MethodMeters> byMethodConstant =
            new ByIdentity<>(HttpMethod.values().size());

    private final AtomicInteger cachedRoutes = new AtomicInteger();

    HttpServerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of requests with {@code method}. */
    MethodMeters method(String method) {
        MethodMeters meters = byMethod.get(method);
        if (meters != null) {
            return meters;
        }
        return byMethod.computeIfAbsent(method, m -> new MethodMeters(this, m));
    }

    /** The meters of requests with {@code method}, found by identity when it is one of {@link HttpMethod}'s constants. */
    MethodMeters method(HttpMethod method) {
        MethodMeters meters = byMethodConstant.get(method);
        return meters != null ? meters : keptForConstant(byMethodConstant, method, method(method.name()));
    }

    /**
     * Returns {@code meters}, found by {@code method}'s name, after keeping them in {@code constants} when
     * {@code method} is one of {@link HttpMethod}'s constants (a method made per request would fill the array).
     */
    static <V> V keptForConstant(ByIdentity<HttpMethod, V> constants, HttpMethod method, V meters) {
        if (isConstant(method)) {
            constants.put(method, meters);
        }
        return meters;
    }

    /** Whether {@code method} is one of {@link HttpMethod}'s constants (any other may be made per request). */
    static boolean isConstant(HttpMethod method) {
        for (HttpMethod constant : HttpMethod.values()) {
            if (constant == method) {
                return true;
            }
        }
        return false;
    }

    /** The meters of responses to {@code method} requests on {@code route} ({@code ""}: none matched) with {@code code}. */
    ResponseMeters response(String method, String route, int code) {
        return method(method).route(route).response(code);
    }

    /** A response's count, latency and size. */
    record ResponseMeters(Counter requests, Timer responseTime, DistributionSummary responseBytes) {

        private static ResponseMeters register(MeterRegistry registry, String method, String route, int code) {
            String[] tags = {"method", method, "route", route, "code", Integer.toString(code)};
            return new ResponseMeters(
                    Counter.builder(REQUESTS)
                            .description("Number of processed requests")
                            .tags(tags)
                            .register(registry),
                    Timer.builder(RESPONSE_TIME)
                            .description("Request processing time")
                            .tags(tags)
                            .register(registry),
                    DistributionSummary.builder(RESPONSE_BYTES)
                            .description("Size of responses in bytes")
                            .tags(tags)
                            .register(registry));
        }

        /** Records one response that took {@code nanos} and wrote {@code bytes}. */
        void record(long nanos, long bytes) {
            requests.increment();
            responseTime.record(nanos, TimeUnit.NANOSECONDS);
            responseBytes.record(bytes);
        }
    }

    /**
     * The meters of one method and route: the route's server span name ({@link SpanNames#SERVER}) and its responses'
     * meters by status code, registered at a code's first response.
     */
    static final class RouteMeters {
        /** The route ({@code ""}: none matched). */
        final String route;
        /** {@code METHOD route}, the name of the route's server spans. */
        final String spanName;

        private final ByStatusCode<ResponseMeters> byCode;

        private RouteMeters(MeterRegistry registry, String method, String route) {
            this.route = route;
            this.spanName = SpanNames.SERVER.of(method, route);
            this.byCode = new ByStatusCode<>(code -> ResponseMeters.register(registry, method, route, code));
        }

        /** The meters of this route's responses with {@code code}. */
        ResponseMeters response(int code) {
            return byCode.get(code);
        }
    }

    /** The meters of one method: requests in progress, request sizes, resets, and those of its routes. */
    static final class MethodMeters {
        private final HttpServerMeters all;
        /** The method's name. */
        final String method;

        final LongAdder active = new LongAdder();
        final DistributionSummary requestBytes;
        /** The meters of requests that no named route handled. */
        final RouteMeters unrouted;

        private final Map<String, RouteMeters> byRoute = new ConcurrentHashMap<>();
        private final ByIdentity<String, RouteMeters> byRouteName = new ByIdentity<>(MAX_ROUTE_NAMES);
        private volatile Counter resets;

        private MethodMeters(HttpServerMeters all, String method) {
            this.all = all;
            this.method = method;
            Gauge.builder(ACTIVE_REQUESTS, active, LongAdder::doubleValue)
                    .description("Number of requests being processed")
                    .tags("method", method)
                    .strongReference(true)
                    .register(all.registry);
            requestBytes = DistributionSummary.builder(REQUEST_BYTES)
                    .description("Size of requests in bytes")
                    .tags("method", method)
                    .register(all.registry);
            unrouted = new RouteMeters(all.registry, method, "");
        }

        /** The meters of this method's requests on {@code route} ({@code ""}: none matched). */
        RouteMeters route(String route) {
            if (route.isEmpty()) {
                return unrouted;
            }
            RouteMeters meters = byRoute.get(route);
            if (meters != null) {
                return meters;
            }
            if (all.cachedRoutes.get() >= MAX_CACHED_ROUTES) {
                return new RouteMeters(all.registry, method, route);
            }
            return byRoute.computeIfAbsent(route, r -> {
                all.cachedRoutes.incrementAndGet();
                return new RouteMeters(all.registry, method, r);
            });
        }

        /**
         * {@link #route}({@code name}) for a route name Vert.x hands over again and again, the same string (a route's
         * path or name, kept by vertx-web): found by the string's identity, without hashing it.
         */
        RouteMeters routeNamed(String name) {
            RouteMeters meters = byRouteName.get(name);
            if (meters != null) {
                return meters;
            }
            meters = route(name);
            if (meters == byRoute.get(name)) { // kept: not the unrouted meters, nor made beyond the bound
                byRouteName.put(name, meters);
            }
            return meters;
        }

        /** Counts a request reset by its client (registered at the first one, as vertx-micrometer does). */
        void reset() {
            Counter counter = resets;
            if (counter == null) {
                counter = Counter.builder(REQUEST_RESETS)
                        .description("Number of request resets")
                        .tags("method", method)
                        .register(all.registry);
                resets = counter;
            }
            counter.increment();
        }
    }
}
