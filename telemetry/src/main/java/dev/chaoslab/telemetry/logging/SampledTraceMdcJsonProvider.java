package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Writes the MDC as top-level fields, with {@code trace_id} and {@code span_id} only when their span is sampled:
 * a line's trace id must resolve to an exported trace, and an unsampled span is never exported (scrapes and probes
 * are never sampled; with {@code OTEL_TRACES_SAMPLER=parentbased_traceidratio} most requests are not).
 * {@code trace_flags} itself is not written.
 *
 * <p>The OpenTelemetry MDC appender puts {@code trace_flags} (hex, bit 0 = sampled) next to the ids; an
 * {@link AsyncLogAppender} captures the ids of sampled spans only and no flags. Ids without flags are written.
 */
public class SampledTraceMdcJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return;
        }
        boolean sampled = sampled(mdc.get(DeferredEvent.TRACE_FLAGS));
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            String key = entry.getKey();
            if (DeferredEvent.TRACE_FLAGS.equals(key)
                    || !sampled && (DeferredEvent.TRACE_ID.equals(key) || DeferredEvent.SPAN_ID.equals(key))) {
                continue;
            }
            generator.writeStringField(key, entry.getValue());
        }
    }

    /** {@code true} for flags with the sampled bit set, and for no flags at all. */
    static boolean sampled(String traceFlags) {
        if (traceFlags == null) {
            return true;
        }
        try {
            return (Integer.parseInt(traceFlags, 16) & 1) == 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
