package dev.chaoslab.telemetry;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * A service's Prometheus registry that samples exemplars (from {@code spans}) only for meters whose exemplars the
 * exposition keeps ({@link ExemplarPlacement}: histogram buckets and counters): timers and counters as Micrometer
 * does, and distribution summaries only when they publish buckets. A summary without buckets is exposed as a
 * Prometheus summary, whose one exemplar Micrometer would put on {@code _count}, where it is cut; such a summary (the
 * HTTP request and response byte sizes) is made by a second registry without exemplar sampling, over the same
 * {@link PrometheusRegistry}, so that it is scraped with the rest, and is kept in this registry's meters like any
 * other (found, filtered, tagged, removed alike).
 *
 * <p>Thread safety: as {@link PrometheusMeterRegistry}'s.
 */
final class ServiceMeterRegistry extends PrometheusMeterRegistry {

    private final PrometheusMeterRegistry withoutExemplars;

    /**
     * A registry over {@code prometheus} on {@code clock}, sampling exemplars from {@code spans} ({@code null}: none)
     * as the class says.
     */
    ServiceMeterRegistry(PrometheusRegistry prometheus, SpanContext spans, Clock clock) {
        super(PrometheusConfig.DEFAULT, prometheus, clock, spans);
        this.withoutExemplars = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, clock);
        config().onMeterRemoved(meter -> {
            if (meter.getId().getType() == Meter.Type.DISTRIBUTION_SUMMARY) {
                withoutExemplars.remove(meter.getId());
            }
        });
    }

    /**
     * A summary as {@link PrometheusMeterRegistry} makes it; one without buckets is registered in the registry
     * without exemplar sampling instead, with {@code id}'s name, tags, description and unit, {@code scale} and
     * {@code config}'s percentiles, precision and statistics window.
     */
    @Override
    public DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config, double scale) {
        if (config.isPublishingHistogram()) {
            return super.newDistributionSummary(id, config, scale);
        }
        DistributionSummary.Builder builder = DistributionSummary.builder(id.getName())
                .tags(id.getTagsAsIterable())
                .description(id.getDescription())
                .baseUnit(id.getBaseUnit())
                .scale(scale)
                .distributionStatisticExpiry(config.getExpiry())
                .distributionStatisticBufferLength(config.getBufferLength());
        if (config.getPercentiles() != null) {
            builder.publishPercentiles(config.getPercentiles()).percentilePrecision(config.getPercentilePrecision());
        }
        return builder.register(withoutExemplars);
    }
}
