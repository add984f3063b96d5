package dev.chaoslab.telemetry;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.spi.observability.HttpRequest;

/**
 * What Vert.x keeps for a server request and shows only through its internal API ({@link HttpServerRequestInternal},
 * which vertx-web's request wrapper delegates): the metric its {@code HttpServerMetrics} returned for the request
 * and the request's context. The access log reads both where the request's response ends.
 */
final class ServerRequests {

    private ServerRequests() {}

    /** The metric Vert.x keeps for {@code request}, {@code null} when it has none or it is not Vert.x's request. */
    static Object metric(Object request) {
        return request instanceof HttpServerRequestInternal internal ? internal.metric() : null;
    }

    /**
     * The Vert.x context {@code request} is handled on; the calling thread's ({@code null} off Vert.x threads) when
     * {@code request} is not Vert.x's server request.
     */
    static Context context(Object request) {
        return request instanceof HttpServerRequestInternal internal ? internal.context() : Vertx.currentContext();
    }

    /** The path of {@code request} ({@link HttpServerRequest#path()}), its URI when it is not a server request. */
    static String path(HttpRequest request) {
        return request instanceof HttpServerRequest server ? server.path() : request.uri();
    }
}
