package dev.chaoslab.telemetry;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OTLP exporters' own {@code java.util.logging} loggers, which log every failed export;
 * {@link WarnOnceSpanExporter} reports export failures instead. java.util.logging keeps loggers weakly, so they
 * are held here for the level set on them to stay.
 */
final class OtlpExporterLoggers {

    private static final Logger[] LOGGERS = {
        Logger.getLogger("io.opentelemetry.exporter.otlp.internal.HttpExporter"),
        Logger.getLogger("io.opentelemetry.exporter.otlp.internal.GrpcExporter"),
        Logger.getLogger("io.opentelemetry.exporter.internal.http.HttpExporter"),
        Logger.getLogger("io.opentelemetry.exporter.internal.grpc.GrpcExporter"),
    };

    private OtlpExporterLoggers() {}

    /** Switches the exporters' loggers off; idempotent. */
    static void silence() {
        for (Logger logger : LOGGERS) {
            logger.setLevel(Level.OFF);
        }
    }
}
