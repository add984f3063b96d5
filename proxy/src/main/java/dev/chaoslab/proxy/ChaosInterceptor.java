package dev.chaoslab.proxy;

import dev.chaoslab.chaos.BandwidthFault;
import dev.chaoslab.chaos.DependencyFaults;
import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Map;

/**
 * The proxy's one interceptor: runs the dependency faults of the upstream before the request is forwarded,
 * answers a failed exchange with an {@link UpstreamProblem}, and paces the response body of a request that a
 * bandwidth fault marked.
 *
 * <p>The routing context of a request (which holds its route and the faults' marks) is found through
 * {@code exchanges}, keyed by the server request the proxy was handed; the verticle fills and empties it.
 */
final class ChaosInterceptor implements ProxyInterceptor {

    private static final String ROUTING_CONTEXT = "chaoslab.routingContext";

    private final Vertx vertx;
    private final DependencyFaults faults;
    private final Map<HttpServerRequest, RoutingContext> exchanges;
    private final String proxy;
    private final String upstream;
    private final long idleTimeoutMs;

    ChaosInterceptor(
            Vertx vertx,
            DependencyFaults faults,
            Map<HttpServerRequest, RoutingContext> exchanges,
            String proxy,
            String upstream,
            long idleTimeoutMs) {
        this.vertx = vertx;
        this.faults = faults;
        this.exchanges = exchanges;
        this.proxy = proxy;
        this.upstream = upstream;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        RoutingContext ctx = exchanges.get(context.request().proxiedRequest());
        HopByHop.strip(context.request().headers());
        context.set(ROUTING_CONTEXT, ctx);
        Future<Void> allowed = ctx == null
                ? Future.succeededFuture()
                : faults.beforeCall(UpstreamProblem.DEPENDENCY, ctx, idleTimeoutMs);
        return allowed.compose(v -> context.sendRequest())
                .recover(failure ->
                        Future.succeededFuture(problem(context, UpstreamProblem.of(failure, proxy, upstream))));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        RoutingContext ctx = context.get(ROUTING_CONTEXT, RoutingContext.class);
        Long rate = ctx == null ? null : ctx.get(BandwidthFault.CTX_KEY);
        ProxyResponse response = context.response();
        HopByHop.strip(response.headers());
        Body body = response.getBody();
        if (rate != null && body != null) {
            response.setBody(
                    Body.body(new ThrottledStream(vertx, body.stream(), rate), body.length(), body.mediaType()));
        }
        return context.sendResponse();
    }

    private static ProxyResponse problem(ProxyContext context, ApiError error) {
        Buffer json = error.body().toBuffer();
        ProxyResponse response = context.request().release().response();
        response.headers().clear();
        return response.setStatusCode(error.status()).setBody(Body.body(json, MediaType.parse(Responses.JSON)));
    }
}
