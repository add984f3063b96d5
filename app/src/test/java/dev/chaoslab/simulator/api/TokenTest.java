package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TokenTest {

    @TempDir
    Path dir;

    private ApiVerticle deploy(Vertx vertx, ApiOptions options) {
        return TestApi.deploy(vertx, options, dir.resolve("data"), null);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("the API refuses to listen on a non-loopback address without a token, and says how to fix it")
    void refusesExposedWithoutToken(Vertx vertx) {
        assertThatThrownBy(
                        () -> deploy(vertx, new ApiOptions().setHost("0.0.0.0").setPort(0)))
                .hasMessageContaining("without an API token")
                .hasMessageContaining("CHAOSLAB_API_TOKEN");
        assertThat(vertx.deploymentIDs()).isEmpty();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("with a token, mutating calls need it and reads stay open")
    void tokenRequired(Vertx vertx) throws Exception {
        Files.writeString(
                dir.resolve("scenarios.yaml"),
                TestTarget.scenarioFile(
                        "steady", "http://127.0.0.1:9", 10, 5, "      - {metric: error_ratio, below: 0.5}"));
        ApiVerticle api =
                deploy(vertx, new ApiOptions().setPort(0).setScenarioDir(dir).setToken("s3cret"));
        WebClient client = WebClient.create(vertx);
        JsonObject validate = new JsonObject().put("file", "scenarios.yaml");

        HttpResponse<Buffer> missing = client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                .sendJsonObject(validate)
                .await();
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
        assertThat(missing.bodyAsJsonObject().getString("message")).contains("Authorization: Bearer");

        HttpResponse<Buffer> wrong = client.post(api.actualPort(), "127.0.0.1", "/runs/x/stop")
                .putHeader("Authorization", "Bearer nope")
                .send()
                .await();
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<Buffer> right = client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                .putHeader("Authorization", "Bearer s3cret")
                .sendJsonObject(validate)
                .await();
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.bodyAsJsonObject().getBoolean("valid")).isTrue();

        assertThat(client.get(api.actualPort(), "127.0.0.1", "/runs")
                        .send()
                        .await()
                        .statusCode())
                .isEqualTo(200);
    }
}
