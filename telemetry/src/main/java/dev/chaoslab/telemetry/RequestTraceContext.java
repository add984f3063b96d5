package dev.chaoslab.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.ext.web.RoutingContext;

/**
 * The trace context a request arrived with, kept on its {@link RoutingContext} so that calls the request makes
 * later, from callbacks, carry it on. The OpenTelemetry Java agent keeps its context in a thread-local that Vert.x
 * callbacks do not restore: without this, a call made after another call's response would start a new trace
 * (agent mode only; Vert.x's own tracer keeps the context on the Vert.x context and needs none of it).
 *
 * <pre>{@code
 * try (Scope ignored = RequestTraceContext.restore(incoming)) {
 *   return client.request(...).send();
 * }
 * }</pre>
 */
public final class RequestTraceContext {

    private static final String KEY = RequestTraceContext.class.getName();

    private RequestTraceContext() {}

    /**
     * Keeps {@code context} on the request (done by the access log handler, the first handler of every route, which
     * is installed under the Java agent only: elsewhere nothing was captured and {@link #restore} returns a no-op
     * scope).
     */
    static void capture(RoutingContext request, Context context) {
        if (context != null) {
            request.put(KEY, context);
        }
    }

    /**
     * Makes the request's trace context current when no other is, for the outgoing call made in the returned scope;
     * a no-op scope when a context is current already or none was captured. Close it on the same thread.
     */
    public static Scope restore(RoutingContext request) {
        if (Context.current() != Context.root()) {
            return Scope.noop();
        }
        Context captured = request.get(KEY);
        return captured == null ? Scope.noop() : captured.makeCurrent();
    }
}
