package dev.chaoslab.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Responses;
import dev.chaoslab.chaos.support.Http;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The embedding example of docs/proxy.md as a running app: an "orders" service with its own Router, the chaos API
 * mounted on it, one route behind the engine, and a real call to a real "payments" server guarded by
 * {@link ChaosEngine#beforeCall}.
 */
class EmbeddedChaosTest {

    private static Vertx vertx;
    private static HttpServer payments;
    private static HttpServer orders;
    private static HttpClient client;
    private static Http http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        payments = vertx.createHttpServer()
                .requestHandler(r -> r.response().end("{\"charged\":true}"))
                .listen(0, "127.0.0.1")
                .await();
        client = vertx.createHttpClient();

        // the docs' ten lines
        ChaosEngine chaos = new ChaosEngine(
                "orders",
                vertx,
                new SimpleMeterRegistry(),
                ChaosOptions.fromEnv(Map.of()),
                Set.of("payments"),
                new Random(),
                ChaosClock.SYSTEM);
        Router router = Router.router(vertx);
        router.route("/chaos/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        new ChaosApi(chaos, null, false).mount(router);
        router.get("/api/orders/:id")
                .handler(chaos.requestHandler("GET", "/api/orders/:id"))
                .handler(ctx -> chaos.beforeCall("payments", ctx, 2_000)
                        .compose(v -> charge())
                        .onSuccess(body -> Responses.json(
                                ctx,
                                200,
                                new JsonObject().put("id", ctx.pathParam("id")).put("payment", body)))
                        .onFailure(failure ->
                                Responses.json(ctx, 502, new JsonObject().put("error", failure.getMessage()))));
        router.route().failureHandler(EmbeddedChaosTest::failure);
        orders = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        http = new Http(vertx);
    }

    private static Future<JsonObject> charge() {
        return client.request(HttpMethod.POST, payments.actualPort(), "127.0.0.1", "/charge")
                .compose(request -> request.send())
                .compose(HttpClientResponse::body)
                .map(Buffer::toJsonObject);
    }

    private static void failure(RoutingContext ctx) {
        if (ctx.failure() instanceof ApiError error) {
            Responses.error(ctx, error);
        } else {
            Responses.json(ctx, 500, new JsonObject().put("error", "internal_error"));
        }
    }

    @AfterAll
    static void stop() {
        http.close();
        vertx.close().await();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + orders.actualPort() + path;
    }

    @Test
    @DisplayName(
            "an app embedding the engine serves, fails on an error fault, and sees a refused dependency as refused")
    void embedded() {
        assertThat(http.get(url("/api/orders/7"))
                        .bodyAsJsonObject()
                        .getJsonObject("payment")
                        .getBoolean("charged"))
                .isTrue();

        assertThat(http.postRaw(
                                url("/chaos/faults"),
                                "{\"type\":\"error\",\"ttl\":\"1m\",\"status\":503,"
                                        + "\"match\":{\"route\":\"/api/orders/:id\"}}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(http.get(url("/api/orders/7")).statusCode()).isEqualTo(503);
        http.delete(url("/chaos/faults"));

        assertThat(http.postRaw(
                                url("/chaos/faults"),
                                "{\"type\":\"dependency\",\"ttl\":\"1m\","
                                        + "\"dependency\":{\"name\":\"payments\",\"mode\":\"refuse\"}}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<Buffer> refused = http.get(url("/api/orders/7"));
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.bodyAsJsonObject().getString("error")).contains("refused the connection");
        http.delete(url("/chaos/faults"));
    }

    @Test
    @DisplayName("an embedded engine refuses a bandwidth fault, which only a proxy can apply, naming the field")
    void refusesProxyOnlyFaults() {
        HttpResponse<Buffer> response =
                http.postRaw(url("/chaos/faults"), "{\"type\":\"bandwidth\",\"ttl\":\"1m\",\"bytesPerSecond\":1024}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject problem =
                response.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("field")).isEqualTo("type");
        assertThat(problem.getString("message")).contains("needs a chaoslab proxy");
    }
}
