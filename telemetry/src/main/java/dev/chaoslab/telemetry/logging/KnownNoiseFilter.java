package dev.chaoslab.telemetry.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops one known, harmless warning so that a WARN line in our logs always means something.
 *
 * <p>vertx-micrometer-metrics 5 registers its gauges (active requests, pool queues) again on purpose to
 * get the shared counter back, and Micrometer ≥ 1.13.9 warns about every such re-registration once per
 * JVM: "This Gauge has been already registered … the registration will be ignored". The value is not
 * lost (Vert.x keeps one counter per meter id); see vert-x3/vertx-micrometer-metrics#259 and
 * micrometer-metrics/micrometer#6931. Only that message is dropped; other Micrometer warnings pass.
 */
public class KnownNoiseFilter extends TurboFilter {

    private static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    private static final String GAUGE_REREGISTERED = "This Gauge has been already registered";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && format.startsWith(GAUGE_REREGISTERED) && MICROMETER_REGISTRY.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
