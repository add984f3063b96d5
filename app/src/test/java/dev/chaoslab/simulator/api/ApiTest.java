package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.report.SampleReports;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over real HTTP on loopback, with the real run manager against a loopback target. */
@ExtendWith(VertxExtension.class)
class ApiTest {

    private static final String THRESHOLDS = "      - {metric: error_ratio, below: 0.5}";

    /**
     * Seconds after which a test counts as hung. Each test takes well under a second warm, but the first one in a JVM
     * also pays for the JVM's warm-up (class loading, the first run's lanes and client): on a starved machine (a tenth of
     * a core for three test JVMs) the first run start alone took 45 s.
     */
    private static final int HANG = 180;

    @TempDir
    Path dir;

    private Vertx vertx;
    private TestTarget target;
    private ReportStore store;
    private RunManager runs;
    private ApiVerticle api;
    private String apiDeployment;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        target = TestTarget.start(vertx, 200);
        Files.writeString(
                // ten minutes: the tests stop it, and however slow the machine it never ends by itself under them
                dir.resolve("scenarios.yaml"), TestTarget.scenarioFile("steady", target.url(), 600, 20, THRESHOLDS));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
        deploy(new ApiOptions().setPort(0).setScenarioDir(dir), 1);
    }

    private void deploy(ApiOptions options, int maxRuns) {
        store = ReportStore.open(vertx, dir.resolve("data")).await();
        runs = new RunManager(vertx, new RunManagerOptions().setMaxConcurrentRuns(maxRuns), store, null);
        ScenarioLoader loader = new ScenarioLoader();
        api = new ApiVerticle(
                options,
                v -> ApiRouter.create(
                        v, options, runs, store, loader, ctx -> ctx.response().end("# metrics\n")));
        apiDeployment = vertx.deployVerticle(api).await();
    }

    @AfterEach
    void stopRuns() {
        // Whatever a test left running is stopped, so its traffic ends with the test.
        runs.runs().forEach(run -> run.stop().await());
        target.close();
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, Object body) {
        var request = client.request(method, api.actualPort(), "127.0.0.1", path);
        if (body == null) {
            return request.send().await();
        }
        if (body instanceof JsonObject json) {
            return request.sendJsonObject(json).await();
        }
        return request.putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body.toString()))
                .await();
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo(code);
        assertThat(body.getString("message")).isNotBlank();
        assertThat(body.getJsonArray("problems")).isNotNull();
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName(
            "a stored report damaged on disk answers a JSON error naming the file and field; the others still serve")
    void damagedStoredReport() throws Exception {
        store.save(SampleReports.read("r-good", "completed")).await();
        store.save(SampleReports.read("r-bad", "completed")).await();
        Files.writeString(store.reportJsonPath("r-bad"), "{\"runId\": \"r-bad\", \"state\": 3}");

        HttpResponse<Buffer> bad = send(HttpMethod.GET, "/runs/r-bad/report", null);
        assertError(bad, 409, "report_unreadable");
        assertThat(bad.bodyAsJsonObject().getString("message"))
                .contains(store.reportJsonPath("r-bad") + ": state: expected a string, found 3");
        HttpResponse<Buffer> good = send(HttpMethod.GET, "/runs/r-good/report", null);
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.bodyAsJsonObject().getString("runId")).isEqualTo("r-good");
        assertThat(send(HttpMethod.GET, "/runs", null).bodyAsJsonObject().getJsonArray("runs"))
                .hasSize(2);
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("a run is started, watched, steered, stopped, listed and reported over HTTP")
    void happyPath() {
        HttpResponse<Buffer> started = send(
                HttpMethod.POST,
                "/runs",
                new JsonObject().put("scenario", "steady").put("file", "scenarios.yaml"));
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(201);
        JsonObject status = started.bodyAsJsonObject();
        String id = status.getString("runId");
        assertThat(started.getHeader("Location")).isEqualTo("/runs/" + id);
        assertThat(status.getString("state")).isEqualTo("running");
        assertThat(status.getJsonObject("scenario").getString("name")).isEqualTo("steady");

        HttpResponse<Buffer> live = send(HttpMethod.GET, "/runs/" + id, null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.bodyAsJsonObject().getString("runId")).isEqualTo(id);
        assertThat(live.bodyAsJsonObject().getJsonObject("rate")).isNotNull();

        HttpResponse<Buffer> doubled =
                send(HttpMethod.POST, "/runs/" + id + "/rate", new JsonObject().put("multiplier", 2));
        assertThat(doubled.statusCode()).as(doubled.bodyAsString()).isEqualTo(200);
        assertThat(doubled.bodyAsJsonObject().getJsonObject("rate").getDouble("multiplier"))
                .isEqualTo(2.0);
        HttpResponse<Buffer> absolute =
                send(HttpMethod.POST, "/runs/" + id + "/rate", new JsonObject().put("rate", 30));
        assertThat(absolute.statusCode()).isEqualTo(200);
        assertThat(absolute.bodyAsJsonObject().getJsonObject("rate").getDouble("absolute"))
                .isEqualTo(30.0);

        HttpResponse<Buffer> notYet = send(HttpMethod.GET, "/runs/" + id + "/report", null);
        assertError(notYet, 409, "run_not_finished");

        HttpResponse<Buffer> stopped = send(HttpMethod.POST, "/runs/" + id + "/stop", null);
        assertThat(stopped.statusCode()).as(stopped.bodyAsString()).isEqualTo(200);
        assertThat(stopped.bodyAsJsonObject().getString("state")).isEqualTo("stopped");
        assertThat(stopped.bodyAsJsonObject().getJsonArray("rateChanges")).hasSize(2);

        HttpResponse<Buffer> report = send(HttpMethod.GET, "/runs/" + id + "/report", null);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.bodyAsJsonObject().getString("runId")).isEqualTo(id);
        assertThat(report.bodyAsJsonObject().getString("state")).isEqualTo("stopped");

        HttpResponse<Buffer> html = send(HttpMethod.GET, "/runs/" + id + "/report.html", null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.getHeader("Content-Type")).startsWith("text/html");
        assertThat(html.bodyAsString())
                .contains(id, "steady", "stopped before its end")
                .doesNotContain("<script");

        HttpResponse<Buffer> list = send(HttpMethod.GET, "/runs", null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonArray listed = list.bodyAsJsonObject().getJsonArray("runs");
        assertThat(listed.stream().map(o -> ((JsonObject) o).getString("runId")))
                .containsExactly(id);
        assertThat(listed.getJsonObject(0).getString("state")).isEqualTo("stopped");

        assertError(send(HttpMethod.POST, "/runs/" + id + "/stop", null), 409, "run_finished");
        assertError(send(HttpMethod.DELETE, "/runs/" + id, null), 409, "run_finished");
        assertError(
                send(HttpMethod.POST, "/runs/" + id + "/rate", new JsonObject().put("multiplier", 3)),
                409,
                "run_finished");
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("reports stay readable through the API after a restart on the same data directory")
    void reportsAfterRestart() {
        String id = send(HttpMethod.POST, "/runs", new JsonObject().put("scenario", "steady"))
                .bodyAsJsonObject()
                .getString("runId");
        assertThat(send(HttpMethod.DELETE, "/runs/" + id, null).statusCode()).isEqualTo(200);
        // the API's own deployment: a stopped run may still be undeploying its verticle at this moment
        vertx.undeploy(apiDeployment).await();

        deploy(new ApiOptions().setPort(0).setScenarioDir(dir), 1);
        HttpResponse<Buffer> report = send(HttpMethod.GET, "/runs/" + id + "/report", null);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.bodyAsJsonObject().getString("state")).isEqualTo("stopped");
        HttpResponse<Buffer> status = send(HttpMethod.GET, "/runs/" + id, null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/runs/" + id + "/report.html", null).bodyAsString())
                .contains(id);
        assertThat(send(HttpMethod.GET, "/runs", null)
                        .bodyAsJsonObject()
                        .getJsonArray("runs")
                        .getJsonObject(0)
                        .getString("runId"))
                .isEqualTo(id);
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("an inline scenario starts with target overrides and a rate multiplier")
    void inlineScenario() {
        String inline = TestTarget.scenarioFile("inline-one", "http://127.0.0.1:1", 60, 10, THRESHOLDS);
        HttpResponse<Buffer> started = send(
                HttpMethod.POST,
                "/runs",
                new JsonObject()
                        .put("inline", inline)
                        .put("targets", new JsonObject().put("gateway", target.url()))
                        .put("rateMultiplier", 0.5));
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(201);
        String id = started.bodyAsJsonObject().getString("runId");
        assertThat(started.bodyAsJsonObject().getJsonObject("rate").getDouble("multiplier"))
                .isEqualTo(0.5);
        JsonObject status = send(HttpMethod.GET, "/runs/" + id, null).bodyAsJsonObject();
        assertThat(status.getJsonObject("scenario").getString("name")).isEqualTo("inline-one");
        assertThat(runs.run(id)
                        .orElseThrow()
                        .scenario()
                        .targets()
                        .get("gateway")
                        .toString())
                .isEqualTo(target.url());
        JsonObject report = send(HttpMethod.POST, "/runs/" + id + "/stop", null).bodyAsJsonObject();
        // set before the first arrival: the whole run follows it, it is not a change during the run
        assertThat(report.getJsonObject("rate").getDouble("multiplier")).isEqualTo(0.5);
        assertThat(report.getJsonArray("rateChanges")).isEmpty();
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("a second run over the concurrent-run limit is refused with 429")
    void limit() {
        assertThat(send(HttpMethod.POST, "/runs", new JsonObject().put("scenario", "steady"))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<Buffer> second = send(HttpMethod.POST, "/runs", new JsonObject().put("scenario", "steady"));
        assertError(second, 429, "too_many_runs");
        assertThat(second.bodyAsJsonObject().getString("message")).contains("1");
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("POST /runs starts one shard of a sharded run; bad shard fields are 400s and its dial is fixed (409)")
    void shardedRun() {
        String soon = Instant.now().plusSeconds(1).toString();
        List<JsonObject> bad = List.of(
                new JsonObject()
                        .put("shard", new JsonObject().put("index", 0).put("count", 2))
                        .put("startAt", soon),
                new JsonObject().put("seed", 7).put("startAt", soon),
                new JsonObject()
                        .put("seed", 7)
                        .put("shard", new JsonObject().put("index", 2).put("count", 2))
                        .put("startAt", soon),
                new JsonObject()
                        .put("seed", 7)
                        .put("shard", new JsonObject().put("index", 0).put("count", 2))
                        .put("startAt", "soon"),
                new JsonObject()
                        .put("seed", 7)
                        .put("shard", new JsonObject().put("index", 0).put("count", 2))
                        .put("startAt", Instant.now().plusSeconds(600).toString()),
                new JsonObject().put("seed", 1.5),
                new JsonObject().put("seed", 7).put("shard", "0/2").put("startAt", soon));
        for (JsonObject body : bad) {
            assertError(send(HttpMethod.POST, "/runs", body.put("scenario", "steady")), 400, "invalid_request");
        }
        assertThat(runs.runs()).isEmpty();

        HttpResponse<Buffer> started = send(
                HttpMethod.POST,
                "/runs",
                new JsonObject()
                        .put("scenario", "steady")
                        .put("seed", 7)
                        .put("shard", new JsonObject().put("index", 1).put("count", 2))
                        .put("startAt", soon));
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(201);
        String id = started.bodyAsJsonObject().getString("runId");
        HttpResponse<Buffer> dial =
                send(HttpMethod.POST, "/runs/" + id + "/rate", new JsonObject().put("multiplier", 2));
        assertError(dial, 409, "rate_fixed");
        assertThat(dial.bodyAsJsonObject().getString("message")).contains("shard 1/2 of a sharded run");
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("bad requests get a 4xx with a JSON body that says what is wrong")
    void badRequests() {
        assertError(send(HttpMethod.POST, "/runs", "{not json"), 400, "invalid_json");
        assertError(send(HttpMethod.POST, "/runs", "[1,2]"), 400, "invalid_json");
        assertError(send(HttpMethod.POST, "/runs", new JsonObject()), 400, "invalid_request");
        assertError(send(HttpMethod.POST, "/runs", new JsonObject().put("scenario", 5)), 400, "invalid_request");
        assertError(
                send(
                        HttpMethod.POST,
                        "/runs",
                        new JsonObject().put("scenario", "steady").put("rateMultiplier", -1)),
                400,
                "invalid_request");
        HttpResponse<Buffer> unknown = send(HttpMethod.POST, "/runs", new JsonObject().put("scenario", "nope"));
        assertError(unknown, 404, "scenario_not_found");
        assertThat(unknown.bodyAsJsonObject().getString("message")).contains("steady");
        assertError(
                send(
                        HttpMethod.POST,
                        "/runs",
                        new JsonObject().put("scenario", "steady").put("file", "missing.yaml")),
                404,
                "file_not_found");
        assertError(
                send(
                        HttpMethod.POST,
                        "/runs",
                        new JsonObject().put("scenario", "steady").put("file", "../x.yaml")),
                400,
                "file_outside_scenario_dir");
        assertError(
                send(
                        HttpMethod.POST,
                        "/runs",
                        new JsonObject()
                                .put("scenario", "steady")
                                .put("targets", new JsonObject().put("gateway", "http://192.0.2.1:80"))),
                422,
                "invalid_targets");

        HttpResponse<Buffer> invalid = send(HttpMethod.POST, "/runs", new JsonObject().put("inline", """
        scenarios:
          - name: broken
            targets: {gateway: "http://127.0.0.1:8080"}
            phases:
              - {name: p, duration: -5s, shape: {type: constant, rate: 10}}
            requests:
              - {name: r, target: gateway, method: GET, path: /, colour: red}
        """));
        assertError(invalid, 422, "invalid_scenario");
        JsonArray problems = invalid.bodyAsJsonObject().getJsonArray("problems");
        assertThat(problems.size()).isGreaterThanOrEqualTo(2);
        JsonObject first = problems.getJsonObject(0);
        assertThat(first.getString("file")).isEqualTo(ScenarioLoader.REQUEST_BODY);
        assertThat(first.getInteger("line")).isPositive();
        assertThat(first.getInteger("column")).isPositive();
        assertThat(first.getString("field")).isNotBlank();

        assertError(send(HttpMethod.GET, "/runs/r-unknown", null), 404, "run_not_found");
        assertError(send(HttpMethod.GET, "/runs/r-unknown/report", null), 404, "run_not_found");
        assertError(send(HttpMethod.GET, "/runs/r-unknown/report.html", null), 404, "run_not_found");
        assertError(send(HttpMethod.POST, "/runs/r-unknown/stop", null), 404, "run_not_found");
        assertError(
                send(HttpMethod.POST, "/runs/r-unknown/rate", new JsonObject().put("rate", 5)), 404, "run_not_found");
        assertError(send(HttpMethod.POST, "/runs/r-unknown/rate", new JsonObject()), 400, "invalid_request");
        assertError(
                send(HttpMethod.POST, "/runs/r-unknown/rate", new JsonObject().put("rate", 0)), 400, "invalid_request");
        assertError(send(HttpMethod.GET, "/nowhere", null), 404, "not_found");

        HttpResponse<Buffer> wrongMethod = send(HttpMethod.PUT, "/runs", null);
        assertError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.getHeader("Allow")).isEqualTo("GET, POST");

        String huge = new JsonObject()
                .put("inline", "x".repeat((int) ApiOptions.DEFAULT_BODY_LIMIT + 10))
                .encode();
        assertError(send(HttpMethod.POST, "/runs", huge), 413, "body_too_large");
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("scenarios are listed and validated, with every problem and its position")
    void scenarios() {
        HttpResponse<Buffer> list = send(HttpMethod.GET, "/scenarios?file=scenarios.yaml", null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonObject steady = list.bodyAsJsonObject().getJsonArray("scenarios").getJsonObject(0);
        assertThat(steady.getString("name")).isEqualTo("steady");
        assertThat(steady.getLong("durationMs")).isEqualTo(600_000L);
        assertThat(steady.getJsonArray("phases")).containsExactly("main");

        HttpResponse<Buffer> ok =
                send(HttpMethod.POST, "/scenarios/validate", new JsonObject().put("file", "scenarios.yaml"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsJsonObject().getBoolean("valid")).isTrue();
        assertThat(ok.bodyAsJsonObject().getJsonArray("scenarios")).containsExactly("steady");

        HttpResponse<Buffer> bad = client.post(api.actualPort(), "127.0.0.1", "/scenarios/validate")
                .putHeader("Content-Type", "application/yaml")
                .sendBuffer(Buffer.buffer("scenarios:\n  - name: x\n    phases: 3\n"))
                .await();
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.bodyAsJsonObject().getBoolean("valid")).isFalse();
        JsonArray problems = bad.bodyAsJsonObject().getJsonArray("problems");
        assertThat(problems).isNotEmpty();
        assertThat(problems.stream().map(p -> ((JsonObject) p).getString("field")))
                .contains("scenarios[0].phases");
        JsonObject phases = problems.stream()
                .map(JsonObject.class::cast)
                .filter(p -> p.getString("field").equals("scenarios[0].phases"))
                .findFirst()
                .orElseThrow();
        assertThat(phases.getInteger("line")).isEqualTo(3);

        assertError(send(HttpMethod.POST, "/scenarios/validate", new JsonObject()), 400, "invalid_request");
        assertError(send(HttpMethod.GET, "/scenarios?file=nothere.yaml", null), 404, "file_not_found");
    }

    @Test
    @Timeout(value = HANG, unit = TimeUnit.SECONDS)
    @DisplayName("health, metrics and the OpenAPI document are served")
    void serviceEndpoints() {
        HttpResponse<Buffer> health = send(HttpMethod.GET, "/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        assertThat(send(HttpMethod.GET, "/metrics", null).bodyAsString()).startsWith("# metrics");
        HttpResponse<Buffer> openapi = send(HttpMethod.GET, "/openapi.yaml", null);
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.bodyAsString()).startsWith("openapi: 3.1.0");
    }
}
