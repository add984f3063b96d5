package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ErrorResponsesTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("an unexpected failure answers 500 with a JSON body and no internal detail")
    void unexpectedFailure(Vertx vertx) {
        ApiOptions options = new ApiOptions().setPort(0);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(ApiRouter.create(
                        vertx, options, ctx -> ctx.response().end(), router -> {
                            router.get("/boom").handler(ctx -> {
                                throw new IllegalStateException("secret internal detail");
                            });
                            router.get("/late")
                                    .handler(ctx ->
                                            vertx.setTimer(1, t -> ctx.fail(new RuntimeException("async secret"))));
                        }))
                .listen(0, "127.0.0.1")
                .await();
        try {
            WebClient client = WebClient.create(vertx);
            for (String path : new String[] {"/boom", "/late"}) {
                HttpResponse<Buffer> response = client.get(server.actualPort(), "127.0.0.1", path)
                        .send()
                        .await();
                assertThat(response.statusCode()).isEqualTo(500);
                JsonObject body = response.bodyAsJsonObject();
                assertThat(body.getString("error")).isEqualTo("internal_error");
                assertThat(body.getString("message")).isNotBlank();
                assertThat(response.bodyAsString()).doesNotContain("secret", "Exception", "at dev.");
            }
        } finally {
            server.close().await();
        }
    }
}
