package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceMeterRegistry} samples exemplars for timers, counters and summaries with buckets as
 * {@link PrometheusMeterRegistry} does, none for a summary without buckets, and keeps that summary in its meters, its
 * exposition and its removal like any other.
 */
class ServiceMeterRegistryTest {

    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    /** A span always current and sampled; counts the spans marked as exemplars. */
    private static final class AlwaysSampled implements SpanContext {
        int marked;

        @Override
        public String getCurrentTraceId() {
            return TRACE;
        }

        @Override
        public String getCurrentSpanId() {
            return SPAN;
        }

        @Override
        public boolean isCurrentSpanSampled() {
            return true;
        }

        @Override
        public void markCurrentSpanAsExemplar() {
            marked++;
        }
    }

    /** One observation each of a byte summary, a latency timer with buckets, a summary with buckets and a counter. */
    private static void observeEach(MeterRegistry registry) {
        DistributionSummary.builder("vertx.http.server.response.bytes")
                .description("Size of responses in bytes")
                .tags("method", "GET", "route", "/items/:id", "code", "200")
                .register(registry)
                .record(120);
        Timer.builder("vertx.http.server.response.time")
                .tags("method", "GET", "route", "/items/:id", "code", "200")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50))
                .register(registry)
                .record(3, TimeUnit.MILLISECONDS);
        DistributionSummary.builder("payload.size")
                .serviceLevelObjectives(100, 1000)
                .register(registry)
                .record(120);
        Counter.builder("vertx.http.server.requests")
                .tags("method", "GET", "route", "/items/:id", "code", "200")
                .register(registry)
                .increment();
    }

    /** The exposition's lines with an exemplar, without its timestamp. */
    private static List<String> exemplarLines(PrometheusMeterRegistry registry) {
        return registry.scrape(OPEN_METRICS)
                .lines()
                .filter(line -> line.contains("trace_id=\"" + TRACE + "\""))
                .map(line -> line.substring(0, line.lastIndexOf(' '))) // the exemplar's timestamp
                .toList();
    }

    @Test
    @DisplayName("a summary without buckets samples no exemplar; timers, counters and summaries with buckets do")
    void exemplarsWhereKept() {
        AlwaysSampled spans = new AlwaysSampled();
        ServiceMeterRegistry ours = new ServiceMeterRegistry(new PrometheusRegistry(), spans, Clock.SYSTEM);
        AlwaysSampled theirSpans = new AlwaysSampled();
        PrometheusMeterRegistry plain = new PrometheusMeterRegistry(
                PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM, theirSpans);
        observeEach(ours);
        observeEach(plain);

        List<String> theirs = exemplarLines(plain);
        assertThat(theirs)
                .as("Micrometer's own registry samples one on the byte summary's _count")
                .anyMatch(line -> line.startsWith("vertx_http_server_response_bytes_count"));
        List<String> mine = exemplarLines(ours);
        assertThat(mine)
                .as("the same exemplars but the byte summary's")
                .containsExactlyInAnyOrderElementsOf(theirs.stream()
                        .filter(line -> !line.startsWith("vertx_http_server_response_bytes"))
                        .toList());
        assertThat(mine)
                .anyMatch(line -> line.startsWith("vertx_http_server_response_time_seconds_bucket"))
                .anyMatch(line -> line.startsWith("payload_size_bucket"))
                .anyMatch(line -> line.startsWith("vertx_http_server_requests_total"));
        assertThat(spans.marked).isEqualTo(theirSpans.marked - 1);
    }

    @Test
    @DisplayName("the summary without exemplars is scraped, found and removed as any meter of the registry")
    void summaryLikeAnyMeter() {
        ServiceMeterRegistry registry =
                new ServiceMeterRegistry(new PrometheusRegistry(), new AlwaysSampled(), Clock.SYSTEM);
        registry.config().commonTags("service", "shop");
        DistributionSummary summary = DistributionSummary.builder("vertx.http.server.request.bytes")
                .description("Size of requests in bytes")
                .tags("method", "GET")
                .register(registry);
        summary.record(10);
        summary.record(30);

        assertThat(registry.find("vertx.http.server.request.bytes")
                        .tags("service", "shop", "method", "GET")
                        .summary())
                .isSameAs(summary);
        assertThat(registry.getMeters()).contains(summary);
        assertThat(DistributionSummary.builder("vertx.http.server.request.bytes")
                        .tags("method", "GET")
                        .register(registry))
                .isSameAs(summary);
        String exposition = registry.scrape();
        assertThat(exposition)
                .contains("# HELP vertx_http_server_request_bytes Size of requests in bytes")
                .contains("vertx_http_server_request_bytes_count{method=\"GET\",service=\"shop\"} 2")
                .contains("vertx_http_server_request_bytes_sum{method=\"GET\",service=\"shop\"} 40.0")
                .contains("vertx_http_server_request_bytes_max{method=\"GET\",service=\"shop\"} 30.0");

        registry.remove(summary);
        assertThat(registry.find("vertx.http.server.request.bytes").summary()).isNull();
        assertThat(registry.scrape()).doesNotContain("vertx_http_server_request_bytes_count");
        DistributionSummary again = DistributionSummary.builder("vertx.http.server.request.bytes")
                .tags("method", "GET")
                .register(registry);
        assertThat(again).isNotSameAs(summary);
        again.record(5);
        assertThat(registry.scrape())
                .contains("vertx_http_server_request_bytes_count{method=\"GET\",service=\"shop\"} 1");
    }

    @Test
    @DisplayName("a summary's percentiles and scale are kept")
    void percentilesAndScale() {
        ServiceMeterRegistry registry =
                new ServiceMeterRegistry(new PrometheusRegistry(), new AlwaysSampled(), Clock.SYSTEM);
        DistributionSummary summary = DistributionSummary.builder("sizes")
                .publishPercentiles(0.5)
                .scale(2)
                .register(registry);
        summary.record(10);
        assertThat(summary.totalAmount()).isEqualTo(20.0);
        assertThat(registry.scrape()).contains("sizes{quantile=\"0.5\"}");
    }
}
