package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client named {@link ServiceTelemetry#UNMEASURED_CLIENT} is left out of Vert.x's client metrics; others are not. */
class UnmeasuredClientTest {

    private TestService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("only the measured client's requests appear in vertx_http_client_* series")
    void unmeasuredClientHasNoVertxClientMetrics() {
        service = TestService.start(
                        TelemetryOptions.fromEnvInSharedProcess("solo"),
                        (s, router) -> router.get("/ping").handler(TestService.ok("pong")))
                .await();
        HttpClient measured = service.vertx.createHttpClient(new HttpClientOptions().setMetricsName("measured"));
        HttpClient unmeasured = service.vertx.createHttpClient(
                new HttpClientOptions().setMetricsName(ServiceTelemetry.UNMEASURED_CLIENT));
        for (int i = 0; i < 3; i++) {
            get(unmeasured, "/ping");
        }
        get(measured, "/ping");

        String scrape = get(measured, "/metrics");

        assertThat(scrape.lines().filter(l -> l.startsWith("vertx_http_client_requests_total{")))
                // counted when sent: the /ping and this scrape
                .singleElement()
                .satisfies(line ->
                        assertThat(line).contains("client_name=\"measured\"").endsWith(" 2.0"));
        assertThat(scrape).doesNotContain(ServiceTelemetry.UNMEASURED_CLIENT);
        // the server saw all five requests: the unmeasured client did send
        assertThat(scrape)
                .contains(
                        "vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/ping\",service=\"solo\"} 4");
    }

    private String get(HttpClient client, String path) {
        return client.request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setHost("127.0.0.1")
                        .setPort(service.port())
                        .setURI(path))
                .compose(req -> req.send().compose(resp -> resp.body()))
                .await()
                .toString();
    }
}
