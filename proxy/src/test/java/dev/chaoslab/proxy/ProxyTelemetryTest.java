package dev.chaoslab.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.OtlpReceiver;
import dev.chaoslab.telemetry.testing.OtlpReceiver.ReceivedSpan;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an uninstrumented upstream gets from the proxy: a SERVER span continuing the caller's trace, a CLIENT span
 * under it whose {@code traceparent} reaches the upstream, an access line with the trace id, exemplars on /metrics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyTelemetryTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private static Vertx vertx;
    private static OtlpReceiver receiver;
    private static Upstream upstream;
    private static ChaosProxy proxy;
    private static WebClient web;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        receiver = OtlpReceiver.start(vertx).await();
        upstream = Upstream.start(vertx);
        ProxySpec spec = new ProxySpec(
                "catalog",
                new HostPort("127.0.0.1", 0),
                URI.create(upstream.url()),
                new HostPort("127.0.0.1", 0),
                new RouteTemplates(ProxyFixture.ROUTES));
        proxy = ChaosProxy.start(spec, new UpstreamOptions(), new ChaosOptions(), receiver.env())
                .await();
        web = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() {
        web.close();
        proxy.close().await();
        upstream.close();
        receiver.close().await();
        vertx.close().await();
    }

    @Test
    @DisplayName(
            "one request: SERVER span under the caller's, CLIENT span under it carried to the upstream, access line, exemplar")
    void correlates() throws Exception {
        JsonObject seen;
        JsonObject access;
        try (LogCapture logs = LogCapture.start()) {
            seen = web.getAbs(ProxyFixture.url(proxy) + "/headers")
                    .putHeader("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                    .send()
                    .await()
                    .bodyAsJsonObject();
            access = logs.awaitLine(
                            l -> "access".equals(l.getString("logger")) && "/headers".equals(l.getString("path")))
                    .await(30, TimeUnit.SECONDS);
        }
        List<ReceivedSpan> spans = receiver.awaitSpans(all ->
                        all.stream().filter(s -> s.traceId().equals(TRACE_ID)).count() >= 2)
                .await(30, TimeUnit.SECONDS);
        List<ReceivedSpan> trace =
                spans.stream().filter(s -> s.traceId().equals(TRACE_ID)).toList();
        ReceivedSpan server = trace.stream()
                .filter(s -> s.kind().contains("SERVER"))
                .findFirst()
                .orElseThrow();
        ReceivedSpan client = trace.stream()
                .filter(s -> s.kind().contains("CLIENT"))
                .findFirst()
                .orElseThrow();
        assertThat(server.serviceName()).isEqualTo("catalog");
        assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(client.serviceName()).isEqualTo("catalog");
        assertThat(client.parentSpanId()).isEqualTo(server.spanId());
        // the upstream was called with the CLIENT span as its parent
        assertThat(seen.getString("traceparent")).startsWith("00-" + TRACE_ID + "-" + client.spanId() + "-");
        assertThat(access.getString("trace_id")).isEqualTo(TRACE_ID);
        assertThat(access.getString("route")).isEqualTo("/headers");
        assertThat(access.getString("service")).isEqualTo("catalog");

        String metrics = web.getAbs(ProxyFixture.admin(proxy) + "/metrics")
                .putHeader("Accept", "application/openmetrics-text; version=1.0.0")
                .send()
                .await()
                .bodyAsString();
        assertThat(metrics)
                .containsPattern(
                        "vertx_http_server_response_time_seconds_bucket\\{[^}]*route=\"/headers\"[^}]*service=\"catalog\"[^}]*} \\S+ # "
                                + "\\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}");
    }
}
