package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.RefusedPort;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ExportFailureTest {

    private static final int EXPORTS = 4;
    private static final int MAX_ROUNDS = 4 * EXPORTS;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("with the collector unreachable the service keeps answering and warns exactly once")
    void unreachableCollectorWarnsOnce(Vertx vertx) {
        // not a receiver started and closed again: its port may still take a connection and answer an export
        try (RefusedPort nowhere = RefusedPort.open();
                LogCapture logs = LogCapture.start()) {
            String endpoint = nowhere.url();
            TestService service = TestService.start(
                            TelemetryOptions.fromEnv("lonely")
                                    .withEnv(Map.of(
                                            "OTEL_EXPORTER_OTLP_ENDPOINT",
                                            endpoint,
                                            "OTEL_JAVA_EXPORTER_OTLP_RETRY_DISABLED",
                                            "true")),
                            (s, router) -> router.get("/hello").handler(TestService.ok("hi")))
                    .await();
            try {
                WebClient client = WebClient.create(vertx);
                OpenTelemetrySdk sdk = (OpenTelemetrySdk) service.telemetry.openTelemetry();
                // A flush usually waits for one export attempt, which fails (connection refused); but not always: the
                // batch processor can hand a flush the result of the one before it, so its spans go with the next
                // export.
                // Hence rounds until EXPORTS exports failed, bounded.
                for (int round = 0; round < MAX_ROUNDS && service.telemetry.spanExportFailures() < EXPORTS; round++) {
                    assertThat(client.getAbs(service.url("/hello"))
                                    .send()
                                    .await()
                                    .bodyAsString())
                            .isEqualTo("hi");
                    Span span = service.telemetry
                            .tracer("test")
                            .spanBuilder("work-" + round)
                            .startSpan();
                    span.end();
                    sdk.getSdkTracerProvider().forceFlush().join(20, TimeUnit.SECONDS);
                }
                assertThat(service.telemetry.spanExportFailures())
                        .as("failed exports after %d rounds", MAX_ROUNDS)
                        .isGreaterThanOrEqualTo(EXPORTS);
            } finally {
                service.close();
            }

            List<JsonObject> warnings =
                    logs.lines(l -> "WARN".equals(l.getString("level")) || "ERROR".equals(l.getString("level")));
            assertThat(warnings).as("warnings and errors logged").hasSize(1);
            assertThat(warnings.get(0).getString("message"))
                    .contains("Cannot export spans of service lonely", endpoint, "reported once");
            assertThat(warnings.get(0).getString("logger")).isEqualTo(WarnOnceSpanExporter.class.getName());
            assertThat(warnings.get(0).getString("service")).isEqualTo("lonely");
        }
    }

    @Test
    @DisplayName("export failure is reported again only after exports worked in between")
    void warnsAgainAfterRecovery() {
        Deque<CompletableResultCode> results = new ArrayDeque<>(List.of(
                CompletableResultCode.ofFailure(), CompletableResultCode.ofFailure(),
                CompletableResultCode.ofSuccess(), CompletableResultCode.ofSuccess(),
                CompletableResultCode.ofFailure(), CompletableResultCode.ofFailure()));
        SpanExporter scripted = SpanExports.to(spans -> results.removeFirst());
        WarnOnceSpanExporter exporter = new WarnOnceSpanExporter(scripted, "flaky", "http://collector:4318/v1/traces");

        try (LogCapture logs = LogCapture.start()) {
            while (!results.isEmpty()) {
                exporter.export(List.of());
            }
            List<JsonObject> own = logs.logger(WarnOnceSpanExporter.class.getName());
            assertThat(own).extracting(l -> l.getString("level")).containsExactly("WARN", "INFO", "WARN");
            assertThat(own.get(1).getString("message")).contains("works again");
            assertThat(own)
                    .allSatisfy(line -> assertThat(line.getString("service")).isEqualTo("flaky"));
        }
    }
}
