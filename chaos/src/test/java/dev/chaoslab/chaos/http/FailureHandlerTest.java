package dev.chaoslab.chaos.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class FailureHandlerTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("every failure is a JSON problem: an ApiError as it is, 413 for a body over the limit, 400 for an "
            + "unreadable request, 500 naming the server and no stack trace for anything else")
    void everyFailureIsJson(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route("/body").handler(BodyHandler.create(false).setBodyLimit(16));
        router.post("/body").handler(ctx -> ctx.response().end());
        router.get("/refused").handler(ctx -> {
            throw new ApiError(409, "busy", "try later");
        });
        router.get("/unreadable").handler(ctx -> ctx.fail(400));
        router.get("/bug").handler(ctx -> {
            throw new IllegalStateException("secret internals");
        });
        router.route().failureHandler(new FailureHandler("inventory", 16, LoggerFactory.getLogger(getClass())));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        WebClient client = WebClient.create(vertx);
        try {
            int port = server.actualPort();
            HttpResponse<Buffer> refused =
                    client.get(port, "127.0.0.1", "/refused").send().await();
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("busy");

            HttpResponse<Buffer> tooLarge = client.post(port, "127.0.0.1", "/body")
                    .sendBuffer(Buffer.buffer("x".repeat(64)))
                    .await();
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.bodyAsJsonObject().getString("error")).isEqualTo("body_too_large");
            assertThat(tooLarge.bodyAsJsonObject().getString("message")).contains("16 bytes");

            HttpResponse<Buffer> unreadable =
                    client.get(port, "127.0.0.1", "/unreadable").send().await();
            assertThat(unreadable.statusCode()).isEqualTo(400);
            assertThat(unreadable.bodyAsJsonObject().getString("error")).isEqualTo("bad_request");

            HttpResponse<Buffer> bug =
                    client.get(port, "127.0.0.1", "/bug").send().await();
            assertThat(bug.statusCode()).isEqualTo(500);
            JsonObject body = bug.bodyAsJsonObject();
            assertThat(body.getString("error")).isEqualTo("internal_error");
            assertThat(body.getString("message")).isEqualTo("inventory failed unexpectedly; see its log");
            assertThat(bug.bodyAsString()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
        } finally {
            client.close();
            server.close().await();
        }
    }
}
