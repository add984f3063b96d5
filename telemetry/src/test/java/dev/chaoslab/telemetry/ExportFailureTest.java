package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ExportFailureTest {

  private static final int EXPORTS = 4;

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("with the collector unreachable the service keeps answering and warns exactly once")
  void unreachableCollectorWarnsOnce(Vertx vertx) {
    // a port that was free a moment ago and has nothing listening now
    OtlpReceiver gone = OtlpReceiver.start(vertx).await();
    String endpoint = gone.endpoint();
    gone.close().await();

    try (LogCapture logs = LogCapture.start()) {
      TestService service = TestService.start(TelemetryOptions.fromEnv("lonely").withEnv(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
        "OTEL_JAVA_EXPORTER_OTLP_RETRY_DISABLED", "true")), (s, router) -> router.get("/hello").handler(TestService.ok("hi"))).await();
      try {
        WebClient client = WebClient.create(vertx);
        OpenTelemetrySdk sdk = (OpenTelemetrySdk) service.telemetry.openTelemetry();
        for (int i = 0; i < EXPORTS; i++) {
          assertThat(client.getAbs(service.url("/hello")).send().await().bodyAsString()).isEqualTo("hi");
          Span span = service.telemetry.tracer("test").spanBuilder("work-" + i).startSpan();
          span.end();
          // each flush waits for one export attempt, which fails: connection refused
          sdk.getSdkTracerProvider().forceFlush().join(20, TimeUnit.SECONDS);
        }
      } finally {
        service.close();
      }

      List<JsonObject> warnings = logs.lines(l -> "WARN".equals(l.getString("level")) || "ERROR".equals(l.getString("level")));
      assertThat(warnings).as("warnings and errors logged").hasSize(1);
      assertThat(warnings.get(0).getString("message")).contains("Cannot export spans of service lonely", endpoint, "reported once");
      assertThat(warnings.get(0).getString("logger")).isEqualTo(WarnOnceSpanExporter.class.getName());
    }
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("export failure is reported again only after exports worked in between")
  void warnsAgainAfterRecovery(Vertx vertx) {
    OtlpReceiver receiver = OtlpReceiver.start(vertx).await();
    try (LogCapture logs = LogCapture.start()) {
      ServiceTelemetry telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnv("flaky").withEnv(receiver.env()));
      OpenTelemetrySdk sdk = (OpenTelemetrySdk) telemetry.openTelemetry();
      try {
        receiver.failWith(400); // not retried by the exporter
        exportOneSpan(telemetry, sdk);
        exportOneSpan(telemetry, sdk);
        receiver.failWith(0);
        exportOneSpan(telemetry, sdk);
        receiver.failWith(400);
        exportOneSpan(telemetry, sdk);
      } finally {
        telemetry.close();
        receiver.close().await();
      }
      List<JsonObject> own = logs.logger(WarnOnceSpanExporter.class.getName());
      assertThat(own).extracting(l -> l.getString("level")).containsExactly("WARN", "INFO", "WARN");
    }
  }

  private static void exportOneSpan(ServiceTelemetry telemetry, OpenTelemetrySdk sdk) {
    telemetry.tracer("test").spanBuilder("one").startSpan().end();
    sdk.getSdkTracerProvider().forceFlush().join(20, TimeUnit.SECONDS);
  }
}
