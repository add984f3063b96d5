package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.CallerData;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A logging event with everything our JSON providers would otherwise read from the logging thread, taken
 * while that thread is still the one logging: logback's deferred-processing values (formatted message,
 * thread name, MDC), the current span's {@code trace_id}/{@code span_id} when that span is sampled (added to
 * the MDC, as the OpenTelemetry MDC appender does on the synchronous chain; an unsampled span is never exported,
 * so its ids would resolve to nothing), the {@link ServiceNames service} and the
 * {@link LogFields} of the current Vert.x context. Immutable once captured; safe to encode on any thread.
 */
public final class DeferredEvent implements ILoggingEvent {

    /** The MDC keys of the OpenTelemetry MDC appender, so both chains write the same fields. */
    static final String TRACE_ID = "trace_id";

    static final String SPAN_ID = "span_id";
    static final String TRACE_FLAGS = "trace_flags";

    private final ILoggingEvent event;
    private final Map<String, String> mdc;
    private final String service;
    private final Map<String, String> logFields;

    private DeferredEvent(ILoggingEvent event, Map<String, String> mdc, String service, Map<String, String> logFields) {
        this.event = event;
        this.mdc = mdc;
        this.service = service;
        this.logFields = logFields;
    }

    /** Captures {@code event}; must run on the thread that logged it. */
    static DeferredEvent capture(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        return new DeferredEvent(
                event, withTraceIds(event.getMDCPropertyMap()), ServiceNames.current(), LogFields.current());
    }

    private static Map<String, String> withTraceIds(Map<String, String> mdc) {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isSampled() || mdc.containsKey(TRACE_ID)) {
            return mdc;
        }
        Map<String, String> copy = new HashMap<>(mdc);
        copy.put(TRACE_ID, span.getTraceId());
        copy.put(SPAN_ID, span.getSpanId());
        return Collections.unmodifiableMap(copy);
    }

    /** The service of the thread that logged the event, {@code null} when it could not be told. */
    public String service() {
        return service;
    }

    /** The {@link LogFields} of the Vert.x context that logged the event (read-only, never null). */
    public Map<String, String> logFields() {
        return logFields;
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return mdc;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return mdc;
    }

    @Override
    public void prepareForDeferredProcessing() {
        // done in capture(), on the logging thread
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getMessage() {
        return event.getMessage();
    }

    @Override
    public Object[] getArgumentArray() {
        return event.getArgumentArray();
    }

    @Override
    public String getFormattedMessage() {
        return event.getFormattedMessage();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return event.getThrowableProxy();
    }

    /** Not captured (the encoder does not write it): computed on the writer thread it would be that thread's stack. */
    @Override
    public StackTraceElement[] getCallerData() {
        return CallerData.EMPTY_CALLER_DATA_ARRAY;
    }

    @Override
    public boolean hasCallerData() {
        return false;
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return event.getKeyValuePairs();
    }

    @Override
    public String toString() {
        return event.toString();
    }
}
