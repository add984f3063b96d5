package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A recording span made by {@link HttpSpans} for {@link HttpTracer}: the SDK's {@code SdkSpan} (OpenTelemetry 1.68)
 * cut down to what HTTP spans hold — fixed fields for name, kind, ids, parent, times and status, the attributes in a
 * {@link SpanAttributes} (no hashing), events only once one is added (an exception). It follows the SDK's rules: no
 * change after the end; a status once {@code OK} stays, {@code UNSET} is ignored, a description is kept for
 * {@code ERROR} only; times are the start read from the clock (or from the parent's anchor when the parent is one of
 * the same factory's spans) plus the monotonic time since, as the SDK's {@code AnchoredClock} does; the span
 * processors' {@code onEnd} is called once, by the thread that ended it, after the end is recorded. Links are not
 * kept ({@code addLink} is the API's default, which ignores them: HTTP spans have none). The SDK's
 * {@code ExtendedSpanProcessor.onEnding} (internal) and span metrics ({@code otel.sdk.span.*}) are not called.
 *
 * <p>{@link #endWith} and {@link #rename} make the changes HTTP spans need at the end and when routed under one lock
 * each, where the API's setters take it per call.
 *
 * <p>Thread safety: every method may be called from any thread; changes and reads of the mutable state hold the span's
 * monitor (the span itself, not a lock object of its own: one allocation less per span).
 */
final class HttpSpan implements ReadWriteSpan {

    private final HttpSpans factory;
    private final SpanContext context;
    private final SpanContext parent;
    private final SpanKind kind;
    private final long startEpochNanos;
    /** The clock's monotonic time at {@link #startEpochNanos}: the span's later times are measured from it. */
    private final long startNanoTime;

    private final SpanAttributes attributes;
    private String name;
    private StatusData status = StatusData.unset();
    private List<EventData> events;
    private int totalRecordedEvents;
    private long endEpochNanos;
    private boolean ended;

    HttpSpan(
            HttpSpans factory,
            SpanContext context,
            SpanContext parent,
            String name,
            SpanKind kind,
            SpanAttributes attributes,
            long startEpochNanos,
            long startNanoTime) {
        this.factory = factory;
        this.context = context;
        this.parent = parent;
        this.name = name;
        this.kind = kind;
        this.attributes = attributes;
        this.startEpochNanos = startEpochNanos;
        this.startNanoTime = startNanoTime;
    }

    /** The factory that made it: a child of this span made by the same one shares its time anchor. */
    HttpSpans factory() {
        return factory;
    }

    long startEpochNanos() {
        return startEpochNanos;
    }

    long startNanoTime() {
        return startNanoTime;
    }

    /** Now, on this span's time line: its start plus the monotonic time since. */
    private long now() {
        return startEpochNanos + (factory.clock().nanoTime() - startNanoTime);
    }

    @Override
    public <T> ReadWriteSpan setAttribute(AttributeKey<T> key, T value) {
        if (key == null || value == null) {
            return this;
        }
        synchronized (this) {
            if (!ended) {
                attributes.putAny(key, value);
            }
        }
        return this;
    }

    @Override
    public ReadWriteSpan addEvent(String eventName, Attributes eventAttributes) {
        if (eventName != null) {
            addEvent(factory.event(now(), eventName, eventAttributes));
        }
        return this;
    }

    @Override
    public ReadWriteSpan addEvent(String eventName, Attributes eventAttributes, long timestamp, TimeUnit unit) {
        if (eventName != null && unit != null) {
            addEvent(factory.event(unit.toNanos(timestamp), eventName, eventAttributes));
        }
        return this;
    }

    @Override
    public ReadWriteSpan recordException(Throwable exception, Attributes additional) {
        if (exception != null) {
            addEvent(factory.exceptionEvent(now(), exception, additional));
        }
        return this;
    }

    private void addEvent(EventData event) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (events == null) {
                events = new ArrayList<>(1);
            }
            if (events.size() < factory.limits().getMaxNumberOfEvents()) {
                events.add(event);
            }
            totalRecordedEvents++;
        }
    }

    @Override
    public ReadWriteSpan setStatus(StatusCode code, String description) {
        if (code != null) {
            synchronized (this) {
                if (!ended) {
                    setStatusHeld(code, description);
                }
            }
        }
        return this;
    }

    /** The SDK's status rules; the caller holds the lock and checked that the span has not ended. */
    private void setStatusHeld(StatusCode code, String description) {
        if (status.getStatusCode() == StatusCode.OK || code == StatusCode.UNSET) {
            return;
        }
        status = StatusData.create(code, code == StatusCode.ERROR ? description : null);
    }

    @Override
    public ReadWriteSpan updateName(String newName) {
        if (newName != null) {
            synchronized (this) {
                if (!ended) {
                    name = newName;
                }
            }
        }
        return this;
    }

    /** {@link #updateName} and {@link #setAttribute} in one go, under one lock: a server span named after its route. */
    void rename(String newName, AttributeKey<String> key, String value) {
        synchronized (this) {
            if (!ended) {
                if (newName != null) {
                    name = newName;
                }
                attributes.put(key, value);
            }
        }
    }

    @Override
    public void end() {
        endAt(factory.clock().nanoTime(), null, null, null, null, null, null);
    }

    @Override
    public void end(long timestamp, TimeUnit unit) {
        if (timestamp == 0) {
            end();
            return;
        }
        long epochNanos = (unit == null ? TimeUnit.NANOSECONDS : unit).toNanos(timestamp);
        endAt(startNanoTime + (epochNanos - startEpochNanos), null, null, null, null, null, null);
    }

    /**
     * Sets the status ({@code code} {@code null}: left as it is) and up to two string attributes (a {@code null} key:
     * none), then ends the span, under one lock; nothing when it has ended already. What {@link HttpTracer} does at
     * the end of a request, in the order it did it with the API's setters: status, {@code error.type}, the response's
     * status code.
     */
    void endWith(
            StatusCode code,
            String description,
            AttributeKey<String> firstKey,
            String firstValue,
            AttributeKey<String> secondKey,
            String secondValue) {
        endAt(factory.clock().nanoTime(), code, description, firstKey, firstValue, secondKey, secondValue);
    }

    private void endAt(
            long nanoTime,
            StatusCode code,
            String description,
            AttributeKey<String> firstKey,
            String firstValue,
            AttributeKey<String> secondKey,
            String secondValue) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (code != null) {
                setStatusHeld(code, description);
            }
            if (firstKey != null) {
                attributes.put(firstKey, firstValue);
            }
            if (secondKey != null) {
                attributes.put(secondKey, secondValue);
            }
            endEpochNanos = startEpochNanos + (nanoTime - startNanoTime);
            ended = true;
        }
        factory.ended(this);
    }

    @Override
    public boolean isRecording() {
        synchronized (this) {
            return !ended;
        }
    }

    @Override
    public SpanContext getSpanContext() {
        return context;
    }

    @Override
    public SpanContext getParentSpanContext() {
        return parent;
    }

    @Override
    public String getName() {
        synchronized (this) {
            return name;
        }
    }

    @Override
    public SpanData toSpanData() {
        synchronized (this) {
            // once ended nothing changes: the attributes and events are handed out as they are
            return new HttpSpanData(
                    name,
                    kind,
                    context,
                    parent,
                    status,
                    startEpochNanos,
                    ended ? attributes : attributes.copy(),
                    events == null ? List.of() : ended ? Collections.unmodifiableList(events) : List.copyOf(events),
                    ended ? endEpochNanos : 0,
                    ended,
                    totalRecordedEvents,
                    attributes.totalAdded(),
                    factory.scope(),
                    factory.resource());
        }
    }

    @Override
    @Deprecated
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return HttpSpanData.libraryInfo(factory.scope());
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return factory.scope();
    }

    @Override
    public boolean hasEnded() {
        synchronized (this) {
            return ended;
        }
    }

    @Override
    public long getLatencyNanos() {
        synchronized (this) {
            return (ended ? endEpochNanos : now()) - startEpochNanos;
        }
    }

    @Override
    public SpanKind getKind() {
        return kind;
    }

    @Override
    public <T> T getAttribute(AttributeKey<T> key) {
        synchronized (this) {
            return attributes.get(key);
        }
    }

    @Override
    public Attributes getAttributes() {
        synchronized (this) {
            return ended ? attributes : attributes.copy();
        }
    }

    @Override
    public String toString() {
        return "HttpSpan{" + context.getTraceId() + "/" + context.getSpanId() + " " + getName() + "}";
    }
}
