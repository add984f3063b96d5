package dev.chaoslab.telemetry;

import io.opentelemetry.context.Context;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;
import java.lang.reflect.Field;

/**
 * The OpenTelemetry context that vertx-opentelemetry keeps on a given Vert.x context: the one
 * {@link VertxContextStorage} (hence {@code Context.current()} on that context) reads and writes, with the same
 * access mode ({@code CONCURRENT}).
 *
 * <p>vertx-opentelemetry keeps it in a {@link ContextLocal} it does not publish (a package-private field of
 * {@link OpenTelemetryTracingFactory}), and its storage reads only the <em>current</em> Vert.x context, while a
 * tracer is handed the request's context, which need not be current. So the local is looked up once, reflectively,
 * here and nowhere else; a vertx-opentelemetry without it fails {@link #requireAvailable()} when the tracer is made.
 */
final class VertxContextOtel {

    private static final ContextLocal<Context> ACTIVE_CONTEXT = activeContext();

    private VertxContextOtel() {}

    /** The OpenTelemetry context current on {@code vertx}, {@code null} when none is. */
    static Context get(io.vertx.core.Context vertx) {
        return ACTIVE_CONTEXT.get(vertx);
    }

    /**
     * Makes {@code context} current on {@code vertx}; returns the context current before ({@code null}: none), for
     * {@link #restore}: what {@link VertxContextStorage#attach} does, through the local's public API.
     */
    static Context swap(io.vertx.core.Context vertx, Context context) {
        Context previous = ACTIVE_CONTEXT.get(vertx);
        if (previous != context) {
            ACTIVE_CONTEXT.put(vertx, context);
        }
        return previous;
    }

    /** Makes {@code previous} current on {@code vertx} again, none when it is {@code null}; undoes {@link #swap}. */
    static void restore(io.vertx.core.Context vertx, Context previous) {
        if (previous == null) {
            ACTIVE_CONTEXT.remove(vertx);
        } else {
            ACTIVE_CONTEXT.put(vertx, previous);
        }
    }

    /** Throws when vertx-opentelemetry's context local could not be found (another version of it). */
    static void requireAvailable() {
        if (ACTIVE_CONTEXT == null) {
            throw new IllegalStateException("vertx-opentelemetry's ACTIVE_CONTEXT local was not found: "
                    + "this tracer needs vertx-opentelemetry 5.0.x on the class path");
        }
    }

    @SuppressWarnings("unchecked")
    private static ContextLocal<Context> activeContext() {
        try {
            Field field = OpenTelemetryTracingFactory.class.getDeclaredField("ACTIVE_CONTEXT");
            field.setAccessible(true);
            return (ContextLocal<Context>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
