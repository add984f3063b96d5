package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.testing.LogCapture;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DisabledTelemetryTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("with telemetry off the service works without metrics, spans or access log")
    void offMeansOff(Vertx vertx) {
        try (LogCapture logs = LogCapture.start()) {
            TestService service = TestService.start(
                            TelemetryOptions.disabled("quiet"),
                            (s, router) -> router.get("/hello")
                                    .handler(ctx -> ctx.response()
                                            .end(String.valueOf(Span.current()
                                                    .getSpanContext()
                                                    .isValid()))))
                    .await();
            try {
                WebClient client = WebClient.create(vertx);
                assertThat(client.getAbs(service.url("/hello")).send().await().bodyAsString())
                        .isEqualTo("false");
                HttpResponse<?> metrics =
                        client.getAbs(service.url("/metrics")).send().await();
                assertThat(metrics.statusCode()).isEqualTo(404);
                assertThat(metrics.bodyAsJsonObject().getString("message")).contains("CHAOSLAB_TELEMETRY=off");
                Counter custom = service.telemetry.registry().counter("custom_total");
                custom.increment();
                assertThat(custom.count()).as("a counter of the no-op registry").isZero();
            } finally {
                service.close();
            }
            assertThat(logs.logger("access")).isEmpty();
        }
    }
}
