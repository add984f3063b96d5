package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Writes {@code "service"}: the service whose Vert.x instance logged the line (see {@link ServiceNames}).
 * Read from the event when an {@link AsyncLogAppender} captured it on the logging thread, else from the
 * thread that encodes the line (a synchronous appender: the logging thread).
 */
public class ServiceJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

    public static final String FIELD_SERVICE = "service";

    public ServiceJsonProvider() {
        setFieldName(FIELD_SERVICE);
    }

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        String service = event instanceof DeferredEvent deferred ? deferred.service() : ServiceNames.current();
        if (service != null) {
            generator.writeStringField(getFieldName(), service);
        }
    }
}
