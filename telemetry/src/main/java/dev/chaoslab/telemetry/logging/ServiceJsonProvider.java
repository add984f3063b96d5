package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Writes {@code "service"}: the service whose Vert.x instance logged the line (see {@link ServiceNames}).
 * Evaluated on the logging thread, so the appender that uses it must be synchronous.
 */
public class ServiceJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  public static final String FIELD_SERVICE = "service";

  public ServiceJsonProvider() {
    setFieldName(FIELD_SERVICE);
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    String service = ServiceNames.current();
    if (service != null) {
      generator.writeStringField(getFieldName(), service);
    }
  }
}
