package dev.chaoslab.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * A span processor that does nothing, registered so that spans exist even when none are exported.
 *
 * <p>With no exporter configured ({@code OTEL_TRACES_EXPORTER=none}, our default without an endpoint)
 * the SDK has no span processor and then hands out non-recording spans with invalid (all-zero) ids:
 * log lines would lose their {@code trace_id} and histograms their exemplars. With this processor the
 * SDK keeps making real, sampled spans, and the ids in logs and exemplars still tie a request together.
 */
final class RecordingSpanProcessor implements SpanProcessor {

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public String toString() {
        return "RecordingSpanProcessor";
    }
}
