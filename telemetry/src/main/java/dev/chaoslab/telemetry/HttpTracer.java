package dev.chaoslab.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.Context;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.HeadersPropagatorSetter;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Traces Vert.x's requests (HTTP server and client, event bus) with spans of its own ({@link HttpSpan}, made by
 * {@link HttpSpans} with the SDK's sampler, processors, resource and limits) and the SDK's propagators: the spans,
 * context propagation and scope handling of vertx-opentelemetry's tracer, ended through {@link HttpSpanStatus}. Tags
 * become span attributes directly ({@link VertxHttpTags} for Vert.x's HTTP tags, {@link TagKeys} for any other);
 * those a request has at start are set before the span starts, so the sampler sees them. A server span whose
 * {@code url.path} is one of the {@link QuietPaths} is made unsampled and not recording, with valid ids, without asking
 * the sampler. Incoming context is read through {@link HeadersGetter}.
 *
 * <p>A server span (SpanKind {@code SERVER}, or {@code CONSUMER} for messaging) continues the context found on the
 * Vert.x context, then the one the request's headers carry; it is made current on the Vert.x context (through
 * vertx-opentelemetry's context storage, where {@code Context.current()} finds it) until the response is sent. A
 * client span ({@code CLIENT}, or {@code PRODUCER}) is made under the Vert.x context's current span and its context is
 * written into the request's headers. {@link TracingPolicy#IGNORE} makes no span; {@link TracingPolicy#PROPAGATE}
 * makes one only under an existing context; {@link TracingPolicy#ALWAYS} always. A span the sampler did not record
 * still carries its context to the client spans and headers below it; its response is not looked at.
 *
 * <p>Thread safety: stateless apart from the span factory and the SDK's propagators; called by Vert.x from any thread.
 */
final class HttpTracer implements VertxTracer<Object, Object> {

    /** The instrumentation scope of every span: vertx-opentelemetry's, so that spans read the same downstream. */
    static final String INSTRUMENTATION_SCOPE = "io.vertx";

    private static final HeadersPropagatorSetter SETTER = new HeadersPropagatorSetter();

    private final HttpSpans spans;
    private final TextMapPropagator propagator;
    private final QuietPaths quietPaths;

    HttpTracer(OpenTelemetry openTelemetry, HttpSpans spans, QuietPaths quietPaths) {
        this.spans = spans;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.quietPaths = quietPaths;
    }

    /**
     * A factory of tracers making {@code spans}, with {@code openTelemetry}'s propagators, for
     * {@code Vertx.builder().withTracer(…)}; the server requests of {@link ServiceTelemetry#DEFAULT_UNTRACED_PATHS}
     * are quiet.
     */
    static VertxTracerFactory factory(OpenTelemetry openTelemetry, HttpSpans spans) {
        VertxContextOtel.requireAvailable();
        QuietPaths quietPaths = new QuietPaths(ServiceTelemetry.DEFAULT_UNTRACED_PATHS);
        return options -> new HttpTracer(openTelemetry, spans, quietPaths);
    }

    /**
     * A server span made current on its Vert.x context, with that context and the OpenTelemetry context current there
     * before ({@code null}: none), put back when the span ends. The payload handed to Vert.x is this, or the
     * {@link Span} alone for a span current nowhere (a client span, a server span whose context was current already).
     */
    static final class Traced {
        final Span span;
        private final Context vertx;
        private final io.opentelemetry.context.Context previous;

        Traced(Span span, Context vertx, io.opentelemetry.context.Context previous) {
            this.span = span;
            this.vertx = vertx;
            this.previous = previous;
        }

        /** Puts the context current before the span back on its Vert.x context. */
        void close() {
            VertxContextOtel.restore(vertx, previous);
        }
    }

    @Override
    public <R> Object receiveRequest(
            Context context,
            SpanKind kind,
            TracingPolicy policy,
            R request,
            String operation,
            Iterable<Map.Entry<String, String>> headers,
            TagExtractor<R> tagExtractor) {
        if (policy == TracingPolicy.IGNORE) {
            return null;
        }
        io.opentelemetry.context.Context parent = VertxContextOtel.get(context);
        if (parent == null) {
            parent = io.opentelemetry.context.Context.root();
        }
        parent = propagator.extract(parent, headers, HeadersGetter.INSTANCE);
        if (policy == TracingPolicy.PROPAGATE && Span.fromContextOrNull(parent) == null) {
            return null;
        }
        Span span = start(
                operation,
                parent,
                kind == SpanKind.RPC
                        ? io.opentelemetry.api.trace.SpanKind.SERVER
                        : io.opentelemetry.api.trace.SpanKind.CONSUMER,
                request,
                tagExtractor);
        if (ServerRequests.metric(request) instanceof ServerSpanCapture.TracedRequest traced) {
            traced.started(span); // Vert.x reports the request to the metrics first: no context look-up when routed
        }
        io.opentelemetry.context.Context current = parent.with(span);
        io.opentelemetry.context.Context previous = VertxContextOtel.swap(context, current);
        return previous == current ? span : new Traced(span, context, previous);
    }

    @Override
    public <R> void sendResponse(
            Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
        end(payload, false, response, failure, tagExtractor);
    }

    @Override
    public <R> Object sendRequest(
            Context context,
            SpanKind kind,
            TracingPolicy policy,
            R request,
            String operation,
            BiConsumer<String, String> headers,
            TagExtractor<R> tagExtractor) {
        if (policy == TracingPolicy.IGNORE || request == null) {
            return null;
        }
        io.opentelemetry.context.Context parent = VertxContextOtel.get(context);
        if (parent == null) {
            if (policy != TracingPolicy.ALWAYS) {
                return null;
            }
            parent = io.opentelemetry.context.Context.root();
        }
        Span span = start(
                operation,
                parent,
                kind == SpanKind.RPC
                        ? io.opentelemetry.api.trace.SpanKind.CLIENT
                        : io.opentelemetry.api.trace.SpanKind.PRODUCER,
                request,
                tagExtractor);
        propagator.inject(parent.with(span), headers, SETTER);
        return span;
    }

    @Override
    public <R> void receiveResponse(
            Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
        end(payload, true, response, failure, tagExtractor);
    }

    /**
     * Starts a span under {@code parent} with the request's tags set first, where the sampler sees them; a server span
     * of a quiet path unsampled.
     */
    private <R> Span start(
            String operation,
            io.opentelemetry.context.Context parent,
            io.opentelemetry.api.trace.SpanKind kind,
            R request,
            TagExtractor<R> tagExtractor) {
        SpanAttributes attributes = spans.attributes();
        String path = VertxHttpTags.setRequestTags(attributes, request, tagExtractor);
        boolean quiet = kind == io.opentelemetry.api.trace.SpanKind.SERVER && quietPaths.isQuiet(path);
        return spans.start(operation, kind, parent, attributes, quiet);
    }

    /**
     * Ends {@code payload}'s span, when recording, with the failure's exception event, the response's tags and its
     * status ({@link HttpSpanStatus}); puts back the context current before it in any case.
     */
    private static <R> void end(
            Object payload, boolean client, R response, Throwable failure, TagExtractor<R> tagExtractor) {
        if (payload == null) {
            return;
        }
        Traced traced = payload instanceof Traced current ? current : null;
        try {
            Span span = traced != null ? traced.span : (Span) payload;
            if (!(span instanceof HttpSpan recording)) {
                return; // a span the sampler did not record (or a quiet one): nothing to mark
            }
            int status = HttpSpanStatus.statusCode(response, tagExtractor);
            if (failure != null) {
                recording.recordException(failure);
            }
            AttributeKey<String> responseKey = null;
            String responseValue = null;
            if (response != null) {
                if (VertxHttpTags.isVertxResponse(response, tagExtractor)) {
                    responseKey = VertxHttpTags.HTTP_RESPONSE_STATUS_CODE;
                    responseValue = VertxHttpTags.statusCode(status);
                } else {
                    TagKeys.setAll(recording, response, tagExtractor);
                }
            }
            HttpSpanStatus.end(recording, client, status, failure, responseKey, responseValue);
        } finally {
            if (traced != null) {
                traced.close();
            }
        }
    }
}
