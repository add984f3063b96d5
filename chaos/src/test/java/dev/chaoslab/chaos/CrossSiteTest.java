package dev.chaoslab.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a web page could send to the token-less loopback chaos API: refused, and no fault is made. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CrossSiteTest {

    private static final JsonObject FAULT =
            new JsonObject().put("type", "error").put("ttl", "1m").put("status", 503);

    private ChaosTestServer server;
    private WebClient client;

    @AfterEach
    void stop() {
        client.close();
        server.close().await();
    }

    private HttpRequest<Buffer> post(Vertx vertx, ChaosOptions options) {
        server = ChaosTestServer.start(vertx, options, 1, System::currentTimeMillis);
        client = WebClient.create(vertx);
        return client.postAbs(server.url("/chaos/faults"));
    }

    private void assertRefused(HttpResponse<Buffer> response, String reason) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("cross_site_refused");
        assertThat(response.bodyAsString()).contains(reason);
        assertThat(server.engine.list()).isEmpty();
    }

    @Test
    @DisplayName("a Host naming another site (DNS rebinding), a foreign Origin and a form body are refused on loopback")
    void crossSiteRefused(Vertx vertx) {
        HttpRequest<Buffer> request = post(vertx, new ChaosOptions());
        assertRefused(
                request.copy()
                        .putHeader("Host", "attacker.example:8080")
                        .sendJsonObject(FAULT)
                        .await(),
                "Host");
        assertRefused(
                request.copy()
                        .putHeader("Origin", "http://attacker.example")
                        .sendJsonObject(FAULT)
                        .await(),
                "origin");
        assertRefused(
                request.copy().putHeader("Origin", "null").sendJsonObject(FAULT).await(), "origin");
        assertRefused(
                request.copy()
                        .putHeader("Content-Type", "text/plain")
                        .sendBuffer(Buffer.buffer(FAULT.encode()))
                        .await(),
                "text/plain");
        assertRefused(
                request.copy()
                        .putHeader("Content-Type", "application/x-www-form-urlencoded")
                        .sendBuffer(Buffer.buffer("type=error"))
                        .await(),
                "form");
        assertRefused(
                client.deleteAbs(server.url("/chaos/faults"))
                        .putHeader("Host", "rebind.example")
                        .send()
                        .await(),
                "Host");

        // a same-origin page and a plain client pass
        String origin = server.url("");
        assertThat(request.copy()
                        .putHeader("Origin", origin)
                        .sendJsonObject(FAULT)
                        .await()
                        .statusCode())
                .isEqualTo(201);
        assertThat(request.copy()
                        .putHeader("Host", "localhost")
                        .sendJsonObject(FAULT)
                        .await()
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    @DisplayName("the Bearer scheme is matched case-insensitively (RFC 9110), the token exactly")
    void bearerCaseInsensitive(Vertx vertx) {
        HttpRequest<Buffer> request = post(vertx, new ChaosOptions().setToken("s3cret"));
        assertThat(request.copy()
                        .putHeader("Authorization", "bearer s3cret")
                        .sendJsonObject(FAULT)
                        .await()
                        .statusCode())
                .isEqualTo(201);
        assertThat(request.copy()
                        .putHeader("Authorization", "BEARER s3cret")
                        .sendJsonObject(FAULT)
                        .await()
                        .statusCode())
                .isEqualTo(201);
        assertThat(request.copy()
                        .putHeader("Authorization", "bearer S3CRET")
                        .sendJsonObject(FAULT)
                        .await()
                        .statusCode())
                .isEqualTo(401);
    }
}
