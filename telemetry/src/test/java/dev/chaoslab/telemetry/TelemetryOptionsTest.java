package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TelemetryOptionsTest {

    @Test
    @DisplayName("OTEL_SERVICE_NAME renames a service that has its process to itself")
    void serviceNameVariableRenamesASoleService() {
        TelemetryOptions options = TelemetryOptions.fromEnv("orders").withEnv(Map.of("OTEL_SERVICE_NAME", "orders-eu"));

        assertThat(options.serviceName()).isEqualTo("orders-eu");
        assertThat(options.otelProperties()).containsEntry("otel.service.name", "orders-eu");
    }

    @Test
    @DisplayName("service.name in OTEL_RESOURCE_ATTRIBUTES renames a sole service when OTEL_SERVICE_NAME is unset")
    void resourceAttributeRenamesASoleService() {
        TelemetryOptions options = TelemetryOptions.fromEnv("orders")
                .withEnv(Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=lab, service.name=shop-orders"));

        assertThat(options.serviceName()).isEqualTo("shop-orders");
    }

    @Test
    @DisplayName("in a process shared by several services OTEL_SERVICE_NAME renames none of them")
    void sharedProcessIgnoresServiceNameVariable() {
        Map<String, String> env =
                Map.of("OTEL_SERVICE_NAME", "everything", "OTEL_RESOURCE_ATTRIBUTES", "service.name=everything");

        TelemetryOptions orders =
                TelemetryOptions.fromEnvInSharedProcess("orders").withEnv(env);
        TelemetryOptions payments =
                TelemetryOptions.fromEnvInSharedProcess("payments").withEnv(env);

        assertThat(orders.serviceName()).isEqualTo("orders");
        assertThat(payments.serviceName()).isEqualTo("payments");
        assertThat(orders.otelProperties()).containsEntry("otel.service.name", "orders");
    }

    @Test
    @DisplayName("without an OTLP endpoint spans are not exported; with one they go over OTLP HTTP/protobuf")
    void exporterDependsOnEndpoint() {
        TelemetryOptions none = TelemetryOptions.fromEnv("gateway").withEnv(Map.of());
        TelemetryOptions otlp = TelemetryOptions.fromEnv("gateway")
                .withEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
        TelemetryOptions tracesOnly = TelemetryOptions.fromEnv("gateway")
                .withEnv(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://tempo:4318/v1/traces"));

        assertThat(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
                .as("this test assumes a clean environment")
                .isNull();
        assertThat(none.otelProperties())
                .containsEntry("otel.traces.exporter", "none")
                .containsEntry("otel.metrics.exporter", "none")
                .containsEntry("otel.logs.exporter", "none");
        assertThat(none.tracesEndpoint()).isNull();
        assertThat(otlp.otelProperties())
                .containsEntry("otel.traces.exporter", "otlp")
                .containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
                .containsEntry("otel.propagators", "tracecontext,baggage");
        assertThat(otlp.tracesEndpoint()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(tracesOnly.tracesEndpoint()).isEqualTo("http://tempo:4318/v1/traces");
    }

    @Test
    @DisplayName("explicit OTEL_* settings win over the defaults")
    void variablesOverrideDefaults() {
        TelemetryOptions options = TelemetryOptions.fromEnv("gateway")
                .withEnv(Map.of(
                        "OTEL_TRACES_SAMPLER",
                        "parentbased_traceidratio",
                        "OTEL_TRACES_SAMPLER_ARG",
                        "0.1",
                        "OTEL_TRACES_EXPORTER",
                        "console",
                        "PATH",
                        "/usr/bin"));

        assertThat(options.otelProperties())
                .containsEntry("otel.traces.sampler", "parentbased_traceidratio")
                .containsEntry("otel.traces.sampler.arg", "0.1")
                .containsEntry("otel.traces.exporter", "console")
                .doesNotContainKey("path");
        assertThat(options.env()).doesNotContainKey("PATH");
    }

    @Test
    @DisplayName("CHAOSLAB_TELEMETRY=off switches telemetry off; disabled() does too")
    void switchOff() {
        assertThat(TelemetryOptions.fromEnv("gateway")
                        .withEnv(Map.of("CHAOSLAB_TELEMETRY", "off"))
                        .enabled())
                .isFalse();
        assertThat(TelemetryOptions.fromEnv("gateway")
                        .withEnv(Map.of("CHAOSLAB_TELEMETRY", "on"))
                        .enabled())
                .isTrue();
        assertThat(TelemetryOptions.disabled("gateway").enabled()).isFalse();
        assertThat(TelemetryOptions.disabled("gateway")
                        .withEnv(Map.of("CHAOSLAB_TELEMETRY", "on"))
                        .enabled())
                .isFalse();
    }

    @Test
    @DisplayName("a blank service name is refused")
    void blankServiceName() {
        assertThatThrownBy(() -> TelemetryOptions.fromEnv(" ")).hasMessage("serviceName must not be blank");
    }
}
