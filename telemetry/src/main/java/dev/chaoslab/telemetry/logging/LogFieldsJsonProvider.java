package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Writes the {@link LogFields} of the current Vert.x context as top-level fields ({@code "run_id"}, …).
 * Evaluated on the logging thread, so the appender that uses it must be synchronous.
 */
public class LogFieldsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    for (Map.Entry<String, String> field : LogFields.current().entrySet()) {
      generator.writeStringField(field.getKey(), field.getValue());
    }
  }
}
