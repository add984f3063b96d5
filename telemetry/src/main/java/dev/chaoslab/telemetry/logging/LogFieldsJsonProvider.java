package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Writes the {@link LogFields} of the current Vert.x context as top-level fields ({@code "run_id"}, …).
 * Read from the event when an {@link AsyncLogAppender} captured them on the logging thread, else from the
 * thread that encodes the line (a synchronous appender: the logging thread).
 */
public class LogFieldsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        Map<String, String> fields =
                event instanceof DeferredEvent deferred ? deferred.logFields() : LogFields.current();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            generator.writeStringField(field.getKey(), field.getValue());
        }
    }
}
