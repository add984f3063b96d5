package dev.chaoslab.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * Tells Prometheus exemplar sampling which span is current while a latency is recorded.
 *
 * <p>Vert.x records the server response time (in {@code responseEnd}) just <em>before</em> the tracer
 * ends the server span, on the request's Vert.x context, where vertx-opentelemetry keeps the span in a
 * context-local. This reads that context-local directly rather than through {@code Span.current()}, so it
 * does not depend on which {@code ContextStorageProvider} OpenTelemetry picked (a second provider on the
 * class path would silently switch {@code Span.current()} to a thread-local) nor on a global SDK.
 * When Vert.x reports the timing outside the request's context, {@link ServerSpanCapture} supplies the
 * span it captured while the request was routed.
 */
final class ExemplarSpanContext implements SpanContext {

    static Span currentSpan() {
        Span captured = ServerSpanCapture.spanBeingRecorded();
        if (captured != null) {
            return captured;
        }
        Context context = CurrentContext.get();
        return context == null ? Span.getInvalid() : Span.fromContext(context);
    }

    @Override
    public String getCurrentTraceId() {
        var ctx = currentSpan().getSpanContext();
        return ctx.isValid() ? ctx.getTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
        var ctx = currentSpan().getSpanContext();
        return ctx.isValid() ? ctx.getSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
        return currentSpan().getSpanContext().isSampled();
    }

    @Override
    public void markCurrentSpanAsExemplar() {
        Span span = currentSpan();
        if (span.isRecording()) {
            span.setAttribute(EXEMPLAR_ATTRIBUTE_NAME, EXEMPLAR_ATTRIBUTE_VALUE);
        }
    }
}
