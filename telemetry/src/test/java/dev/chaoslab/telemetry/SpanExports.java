package dev.chaoslab.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Function;

/** Test span exporters: what {@code export} does is given, flushing and shutting down succeed at once. */
final class SpanExports {

    private SpanExports() {}

    /** An exporter that hands every batch to {@code export} and answers what it returns. */
    static SpanExporter to(Function<Collection<SpanData>, CompletableResultCode> export) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return export.apply(spans);
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }
}
