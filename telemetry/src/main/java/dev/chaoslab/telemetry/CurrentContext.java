package dev.chaoslab.telemetry;

import io.opentelemetry.context.Context;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;

/**
 * The OpenTelemetry context of the request being handled, wherever its tracer keeps it: Vert.x's tracer (SDK mode)
 * in the Vert.x context-local, read directly; the Java agent ({@link Instrumentation#AGENT}) in its own context
 * storage, reached through {@link Context#current()}, which the agent bridges to.
 */
final class CurrentContext {

    private CurrentContext() {}

    /** The request's context, or {@code null} when neither tracer has one here. */
    static Context get() {
        Context vertx = VertxContextStorage.INSTANCE.current();
        if (vertx != null) {
            return vertx;
        }
        Context current = Context.current();
        return current == Context.root() ? null : current;
    }
}
