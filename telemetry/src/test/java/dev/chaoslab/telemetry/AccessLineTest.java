package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.testing.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The access line's fields, their JSON types and their order, which log pipelines and dashboards rely on. */
@ExtendWith(VertxExtension.class)
class AccessLineTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("an access line has its fields in the documented order, the application's after the fixed ones")
    void fieldsInOrder(Vertx vertx) {
        try (LogCapture logs = LogCapture.start()) {
            TestService service = TestService.start(
                            TelemetryOptions.fromEnvInSharedProcess("lines"),
                            (s, router) -> router.get("/parts/:id").handler(ctx -> {
                                AccessLogFields.put(ctx, "error", "dependency_failed");
                                AccessLogFields.put(ctx, "dependency", "payments \"eu\"");
                                ctx.response().setStatusCode(502).end();
                            }))
                    .await();
            try {
                WebClient.create(vertx)
                        .get(service.port(), "127.0.0.1", "/parts/a%22b")
                        .send()
                        .await();
                JsonObject line = logs.awaitLine(l -> "access".equals(l.getString("logger")))
                        .await();

                List<String> keys = new ArrayList<>(line.fieldNames());
                List<String> traceIds = keys.subList(5, 7);
                assertThat(traceIds).containsExactlyInAnyOrder("trace_id", "span_id");
                List<String> others = new ArrayList<>(keys);
                others.removeAll(List.of("trace_id", "span_id"));
                assertThat(others)
                        .containsExactly(
                                "@timestamp",
                                "level",
                                "logger",
                                "message",
                                "service",
                                "method",
                                "route",
                                "path",
                                "status",
                                "duration_ms",
                                "error",
                                "dependency",
                                "thread");
                assertThat(line.getValue("status")).isEqualTo(502);
                assertThat(line.getValue("duration_ms")).isInstanceOf(Double.class);
                assertThat(line.getString("path")).isEqualTo("/parts/a%22b");
                assertThat(line.getString("route")).isEqualTo("/parts/:id");
                assertThat(line.getString("dependency")).isEqualTo("payments \"eu\"");
                assertThat(line.getString("message"))
                        .isEqualTo("GET /parts/a%22b 502 " + line.getDouble("duration_ms") + " ms");
            } finally {
                service.close();
            }
        }
    }
}
