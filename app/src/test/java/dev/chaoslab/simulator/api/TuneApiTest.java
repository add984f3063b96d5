package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.tune.TuneSession;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TuneApiTest {

    @TempDir
    Path data;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
            "POST /tune answers the recommendation for a stored run, 422 for a run without recording, 404 and 400 for bad requests")
    void tune(Vertx vertx) throws Exception {
        for (String run : new String[] {"r-burst", "r-bare"}) {
            Path dir = Files.createDirectories(data.resolve("runs").resolve(run));
            Files.writeString(
                    dir.resolve(ReportStore.REPORT_JSON),
                    new JsonObject().put("runId", run).put("state", "completed").encode());
        }
        Files.copy(
                Paths.get("..", "simulator", "src", "test", "resources", "tune", "payments-error-burst.recording.json"),
                data.resolve("runs/r-burst").resolve(ReportStore.RECORDING_JSON));
        ReportStore reports = ReportStore.open(vertx, data).await();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(ApiRouter.create(
                        vertx,
                        new ApiOptions().setPort(0),
                        ctx -> ctx.response().end(),
                        new TuneApi(vertx, reports)))
                .listen(0, "127.0.0.1")
                .await();
        WebClient client = WebClient.create(vertx);
        try {
            HttpResponse<Buffer> ok = post(
                    client,
                    server,
                    new JsonObject()
                            .put("alert", "ChaoslabHighErrorRatio")
                            .put("runs", new JsonArray().add("r-burst"))
                            .put("labels", new JsonObject().put("service", "payments")));
            assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
            JsonObject rule = ok.bodyAsJsonObject().getJsonArray("rules").getJsonObject(0);
            // 9 thresholds x 7 for values x 4 windows (1m as recorded; 30s, 2m, 5m from the counters)
            assertThat(rule.getInteger("variants")).isEqualTo(252);
            assertThat(rule.getString("windowFixed")).isNull();
            assertThat(rule.getString("why")).isNotBlank();
            assertThat(ok.bodyAsJsonObject().getString("text")).contains("Pareto front");
            JsonObject chart = ok.bodyAsJsonObject().getJsonArray("charts").getJsonObject(0);
            assertThat(chart.getString("file"))
                    .startsWith("ChaoslabHighErrorRatio.r-")
                    .endsWith(".margin.html");
            assertThat(chart.getString("svg")).startsWith("<figure").contains("class=\"threshold\"");

            HttpResponse<Buffer> bare = post(
                    client,
                    server,
                    new JsonObject().put("alert", "ChaoslabHighErrorRatio").put("runs", new JsonArray().add("r-bare")));
            assertThat(bare.statusCode()).isEqualTo(422);
            assertThat(bare.bodyAsJsonObject().getString("message")).contains("no recording there");

            HttpResponse<Buffer> unknown = post(
                    client,
                    server,
                    new JsonObject().put("alert", "NoSuchAlert").put("runs", new JsonArray().add("r-burst")));
            assertThat(unknown.statusCode()).isEqualTo(422);
            assertThat(unknown.bodyAsJsonObject().getString("message")).contains("recorded alerts");

            assertThat(post(
                                    client,
                                    server,
                                    new JsonObject().put("alert", "A").put("runs", new JsonArray().add("r-none")))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(post(client, server, new JsonObject().put("runs", new JsonArray().add("r-burst")))
                            .statusCode())
                    .isEqualTo(400);
            HttpResponse<Buffer> badWindow = post(
                    client,
                    server,
                    new JsonObject()
                            .put("alert", "ChaoslabHighErrorRatio")
                            .put("runs", new JsonArray().add("r-burst"))
                            .put("windows", new JsonArray().add("soon")));
            assertThat(badWindow.statusCode()).isEqualTo(400);
            assertThat(badWindow.bodyAsJsonObject().getString("message"))
                    .contains("'windows'")
                    .contains("soon");
            HttpResponse<Buffer> shortWindow = post(
                    client,
                    server,
                    new JsonObject()
                            .put("alert", "ChaoslabHighErrorRatio")
                            .put("runs", new JsonArray().add("r-burst"))
                            .put("windows", new JsonArray().add("5s")));
            assertThat(shortWindow.statusCode()).as(shortWindow.bodyAsString()).isEqualTo(400);
            assertThat(shortWindow.bodyAsJsonObject().getString("message")).contains("shorter than twice");
            JsonArray manyWindows = new JsonArray();
            for (int s = 10; s < 10 + TuneSession.MAX_WINDOWS + 1; s++) {
                manyWindows.add(s + "s");
            }
            HttpResponse<Buffer> tooMany = post(
                    client,
                    server,
                    new JsonObject()
                            .put("alert", "ChaoslabHighErrorRatio")
                            .put("runs", new JsonArray().add("r-burst"))
                            .put("windows", manyWindows));
            assertThat(tooMany.statusCode()).as(tooMany.bodyAsString()).isEqualTo(400);
            assertThat(tooMany.bodyAsJsonObject().getString("message"))
                    .contains("13 windows asked for; try at most 12");
            JsonArray manyRuns = new JsonArray();
            for (int i = 0; i <= TuneApi.MAX_RUNS; i++) {
                manyRuns.add("r-burst");
            }
            HttpResponse<Buffer> tooManyRuns = post(
                    client,
                    server,
                    new JsonObject().put("alert", "ChaoslabHighErrorRatio").put("runs", manyRuns));
            assertThat(tooManyRuns.statusCode()).as(tooManyRuns.bodyAsString()).isEqualTo(400);
            assertThat(tooManyRuns.bodyAsJsonObject().getString("message")).contains("tune at most 50 at once");
            HttpResponse<Buffer> longId = post(
                    client,
                    server,
                    new JsonObject()
                            .put("alert", "ChaoslabHighErrorRatio")
                            .put("runs", new JsonArray().add("x".repeat(100_000))));
            assertThat(longId.statusCode()).isEqualTo(404);
            assertThat(longId.bodyAsString())
                    .as("the unknown id is quoted as an excerpt")
                    .hasSizeLessThan(1_000);
        } finally {
            server.close().await();
        }
    }

    private static HttpResponse<Buffer> post(WebClient client, HttpServer server, JsonObject body) {
        return client.post(server.actualPort(), "127.0.0.1", "/tune")
                .sendJsonObject(body)
                .await();
    }
}
