package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServiceNamingTest {

    private static final Map<String, String> ENV = Map.of(
            "OTEL_SERVICE_NAME", "everything",
            "OTEL_RESOURCE_ATTRIBUTES", "service.name=everything,deployment.environment=lab");

    @Test
    @DisplayName(
            "in the all-in-one mode each SDK keeps its service's name, whatever OTEL_SERVICE_NAME says, and the other attributes apply")
    void sharedProcessResources() {
        try (ServiceTelemetry orders = ServiceTelemetry.create(
                        TelemetryOptions.fromEnvInSharedProcess("orders").withEnv(ENV));
                ServiceTelemetry payments = ServiceTelemetry.create(
                        TelemetryOptions.fromEnvInSharedProcess("payments").withEnv(ENV))) {
            Resource ordersResource = resourceOf(orders);
            Resource paymentsResource = resourceOf(payments);

            assertThat(ordersResource.getAttribute(AttributeKey.stringKey("service.name")))
                    .isEqualTo("orders");
            assertThat(paymentsResource.getAttribute(AttributeKey.stringKey("service.name")))
                    .isEqualTo("payments");
            assertThat(ordersResource.getAttribute(AttributeKey.stringKey("deployment.environment")))
                    .isEqualTo("lab");
            orders.registry().counter("probe_total").increment();
            payments.registry().counter("probe_total").increment();
            assertThat(orders.registry().get("probe_total").counter().getId().getTag("service"))
                    .isEqualTo("orders");
            assertThat(payments.registry().get("probe_total").counter().getId().getTag("service"))
                    .isEqualTo("payments");
        }
    }

    @Test
    @DisplayName("a service alone in its process takes OTEL_SERVICE_NAME for its resource, metrics and logs")
    void soleServiceIsRenamed() {
        try (ServiceTelemetry orders =
                ServiceTelemetry.create(TelemetryOptions.fromEnv("orders").withEnv(ENV))) {
            assertThat(resourceOf(orders).getAttribute(AttributeKey.stringKey("service.name")))
                    .isEqualTo("everything");
            orders.registry().counter("probe_total").increment();
            assertThat(orders.registry().get("probe_total").counter().getId().getTag("service"))
                    .isEqualTo("everything");
        }
    }

    private static Resource resourceOf(ServiceTelemetry telemetry) {
        Span span = telemetry.tracer("test").spanBuilder("probe").startSpan();
        try {
            return ((ReadableSpan) span).toSpanData().getResource();
        } finally {
            span.end();
        }
    }
}
