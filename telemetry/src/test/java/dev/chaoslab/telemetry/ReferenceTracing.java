package dev.chaoslab.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.vertx.core.Context;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.tracing.opentelemetry.Operation;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The tracing {@link HttpTracer} replaces, kept as the reference its spans are compared with: vertx-opentelemetry's
 * tracer wrapped so that each span gets the status OpenTelemetry's HTTP conventions ask for before the tracer ends it
 * (a server span answering 5xx, a client span receiving 4xx/5xx, or a failed exchange: {@code ERROR} with
 * {@code error.type}).
 *
 * <p>Its status logic repeats {@link HttpSpanStatus}'s on purpose: a reference that called the code under test would
 * agree with it on every bug that code has.
 */
final class ReferenceTracing {

    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String STATUS_CODE_TAG = "http.response.status_code";
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    private ReferenceTracing() {}

    /** vertx-opentelemetry's tracer factory over {@code sdk} with span status set. */
    static VertxTracerFactory factory(OpenTelemetry sdk) {
        VertxTracerFactory factory = new OpenTelemetryTracingFactory(sdk);
        return new VertxTracerFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public VertxTracer<?, ?> tracer(TracingOptions options) {
                return new StatusTracer((VertxTracer<Object, Object>) factory.tracer(options));
            }

            @Override
            public TracingOptions newOptions() {
                return factory.newOptions();
            }
        };
    }

    /** Marks {@code span} failed when a server answered {@code status} or failed with {@code failure}. */
    static void server(Span span, int status, Throwable failure) {
        mark(span, status >= 500, status, failure);
    }

    /** Marks {@code span} failed when a client received {@code status} or failed with {@code failure}. */
    static void client(Span span, int status, Throwable failure) {
        mark(span, status >= 400, status, failure);
    }

    private static void mark(Span span, boolean failedStatus, int status, Throwable failure) {
        if (span == null || !span.isRecording()) {
            return;
        }
        if (failure != null) {
            String message = failure.getMessage();
            span.setStatus(StatusCode.ERROR, message == null ? "" : message);
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        } else if (failedStatus) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE, Integer.toString(status));
        }
    }

    /**
     * The response's status code, 0 when there is none (no response): read directly from Vert.x's HTTP response
     * (server and client), else from its tags, where it is a string made for the span.
     */
    private static <R> int statusCode(R response, TagExtractor<R> tags) {
        if (response instanceof HttpResponse http) {
            return http.statusCode();
        }
        if (response == null || tags == null) {
            return 0;
        }
        for (int i = 0, n = tags.len(response); i < n; i++) {
            if (STATUS_CODE_TAG.equals(tags.name(response, i))) {
                try {
                    return Integer.parseInt(tags.value(response, i));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static Span span(Object payload) {
        return payload instanceof Operation operation ? operation.span() : null;
    }

    private record StatusTracer(VertxTracer<Object, Object> delegate) implements VertxTracer<Object, Object> {

        @Override
        public <R> Object receiveRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                Iterable<Map.Entry<String, String>> headers,
                TagExtractor<R> tagExtractor) {
            return delegate.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public <R> void sendResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            server(span(payload), statusCode(response, tagExtractor), failure);
            delegate.sendResponse(context, response, payload, failure, tagExtractor);
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
            return delegate.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public <R> void receiveResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            client(span(payload), statusCode(response, tagExtractor), failure);
            delegate.receiveResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /**
     * {@code delegate} behind the former quiet paths' sampler: a server span whose {@code url.path} attribute is one
     * of {@link ServiceTelemetry#DEFAULT_UNTRACED_PATHS} is dropped, any other span left to {@code delegate}.
     */
    static Sampler quietPaths(Sampler delegate) {
        return new Sampler() {
            @Override
            public SamplingResult shouldSample(
                    io.opentelemetry.context.Context parentContext,
                    String traceId,
                    String name,
                    io.opentelemetry.api.trace.SpanKind spanKind,
                    Attributes attributes,
                    List<LinkData> parentLinks) {
                String path = attributes.get(URL_PATH);
                if (spanKind == io.opentelemetry.api.trace.SpanKind.SERVER
                        && path != null
                        && ServiceTelemetry.DEFAULT_UNTRACED_PATHS.contains(path)) {
                    return SamplingResult.drop();
                }
                return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
            }

            @Override
            public String getDescription() {
                return "ReferenceQuietPaths{" + delegate.getDescription() + "}";
            }
        };
    }
}
