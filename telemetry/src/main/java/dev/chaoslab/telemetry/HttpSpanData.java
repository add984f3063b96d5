package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/**
 * What an {@link HttpSpan} holds at one moment, for exporters: the fields the SDK's own span data has (links: none).
 * {@code endEpochNanos} is 0 until the span has ended, as in the SDK.
 *
 * <p>Thread safety: immutable (the span hands its attributes and events over only once it has ended, copies before).
 */
record HttpSpanData(
        String name,
        SpanKind kind,
        SpanContext spanContext,
        SpanContext parentSpanContext,
        StatusData status,
        long startEpochNanos,
        Attributes attributes,
        List<EventData> events,
        long endEpochNanos,
        boolean ended,
        int totalRecordedEvents,
        int totalAttributeCount,
        InstrumentationScopeInfo scope,
        Resource resource)
        implements SpanData {

    /** {@code scope} as the deprecated instrumentation library the SDK's span data still answers. */
    @SuppressWarnings("deprecation")
    static InstrumentationLibraryInfo libraryInfo(InstrumentationScopeInfo scope) {
        return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion(), scope.getSchemaUrl());
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public SpanKind getKind() {
        return kind;
    }

    @Override
    public SpanContext getSpanContext() {
        return spanContext;
    }

    @Override
    public SpanContext getParentSpanContext() {
        return parentSpanContext;
    }

    @Override
    public StatusData getStatus() {
        return status;
    }

    @Override
    public long getStartEpochNanos() {
        return startEpochNanos;
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }

    @Override
    public List<EventData> getEvents() {
        return events;
    }

    @Override
    public List<LinkData> getLinks() {
        return List.of();
    }

    @Override
    public long getEndEpochNanos() {
        return endEpochNanos;
    }

    @Override
    public boolean hasEnded() {
        return ended;
    }

    @Override
    public int getTotalRecordedEvents() {
        return totalRecordedEvents;
    }

    @Override
    public int getTotalRecordedLinks() {
        return 0;
    }

    @Override
    public int getTotalAttributeCount() {
        return totalAttributeCount;
    }

    @Override
    @Deprecated
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return libraryInfo(scope);
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return scope;
    }

    @Override
    public Resource getResource() {
        return resource;
    }
}
