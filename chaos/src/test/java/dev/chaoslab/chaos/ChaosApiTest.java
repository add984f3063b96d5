package dev.chaoslab.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.chaos.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class ChaosApiTest {

    private ChaosTestServer server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        ChaosOptions options = new ChaosOptions()
                .setMaxLatencyMs(5_000)
                .setMaxTtlMs(600_000)
                .setMaxCpuMs(200)
                .setMaxFaults(3);
        server = ChaosTestServer.start(vertx, options, 1, System::currentTimeMillis);
        http = new Http(vertx);
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    static Stream<Arguments> badFaults() {
        JsonObject error =
                new JsonObject().put("type", "error").put("ttl", "1m").put("status", 503);
        JsonObject latency = new JsonObject().put("type", "latency").put("ttl", "1m");
        return Stream.of(
                Arguments.of(
                        "unknown type",
                        new JsonObject().put("type", "explode").put("ttl", "1m"),
                        "type",
                        "must be one of latency, error"),
                Arguments.of("missing type", new JsonObject().put("ttl", "1m"), "type", "is required"),
                Arguments.of("missing ttl", error.copy().put("ttl", null), "ttl", "is required"),
                Arguments.of(
                        "ttl over the ceiling",
                        error.copy().put("ttl", "2h"),
                        "ttl",
                        "must be ≤ 10m (the TTL ceiling; set CHAOS_MAX_TTL_MS"),
                Arguments.of("ttl not a duration", error.copy().put("ttl", "soon"), "ttl", "must be a duration"),
                Arguments.of("ttl as a number", error.copy().put("ttl", 30), "ttl", "must be a string"),
                Arguments.of("probability above 1", error.copy().put("probability", 1.5), "probability", "must be ≤ 1"),
                Arguments.of(
                        "negative probability", error.copy().put("probability", -0.1), "probability", "must be ≥ 0"),
                Arguments.of("status out of range", error.copy().put("status", 200), "status", "must be ≥ 400"),
                Arguments.of("status missing", error.copy().put("status", null), "status", "is required"),
                Arguments.of(
                        "latency over the ceiling",
                        latency.copy()
                                .put(
                                        "latency",
                                        new JsonObject()
                                                .put("distribution", "fixed")
                                                .put("ms", 6000)),
                        "latency.ms",
                        "must be ≤ 5000 (the latency ceiling; set CHAOS_MAX_LATENCY_MS to raise it)"),
                Arguments.of(
                        "negative latency",
                        latency.copy()
                                .put(
                                        "latency",
                                        new JsonObject()
                                                .put("distribution", "normal")
                                                .put("meanMs", -5)
                                                .put("stdDevMs", 1)),
                        "latency.meanMs",
                        "must be ≥ 0"),
                Arguments.of(
                        "uniform min above max",
                        latency.copy()
                                .put(
                                        "latency",
                                        new JsonObject()
                                                .put("distribution", "uniform")
                                                .put("minMs", 10)
                                                .put("maxMs", 5)),
                        "latency.maxMs",
                        "must be ≥ minMs"),
                Arguments.of(
                        "unknown distribution",
                        latency.copy().put("latency", new JsonObject().put("distribution", "pareto")),
                        "latency.distribution",
                        "must be one of fixed, uniform, normal, lognormal"),
                Arguments.of(
                        "parameter of another distribution",
                        latency.copy()
                                .put(
                                        "latency",
                                        new JsonObject()
                                                .put("distribution", "fixed")
                                                .put("ms", 5)
                                                .put("sigma", 1)),
                        "latency.sigma",
                        "is not a known field"),
                Arguments.of(
                        "field of another fault type", error.copy().put("cpuMs", 5), "cpuMs", "belongs to type 'cpu'"),
                Arguments.of(
                        "misspelt field", error.copy().put("propability", 0.5), "propability", "is not a known field"),
                Arguments.of(
                        "unknown route",
                        error.copy().put("match", new JsonObject().put("route", "/nope")),
                        "match.route",
                        "must be a route pattern of testsvc"),
                Arguments.of(
                        "method without that route",
                        error.copy()
                                .put(
                                        "match",
                                        new JsonObject().put("route", "/other").put("method", "POST")),
                        "match.method",
                        "testsvc has no route POST /other"),
                Arguments.of(
                        "not an HTTP method",
                        error.copy().put("match", new JsonObject().put("method", "FETCH")),
                        "match.method",
                        "must be an HTTP method"),
                Arguments.of(
                        "bad label name",
                        error.copy().put("labels", new JsonObject().put("run-id", "x")),
                        "labels.run-id",
                        "is not a label name"),
                Arguments.of(
                        "label value not a string",
                        error.copy().put("labels", new JsonObject().put("run_id", 5)),
                        "labels.run_id",
                        "must be a string"),
                Arguments.of(
                        "cpu over the ceiling",
                        new JsonObject().put("type", "cpu").put("ttl", "1m").put("cpuMs", 500),
                        "cpuMs",
                        "must be ≤ 200 (the CPU ceiling; set CHAOS_MAX_CPU_MS to raise it)"),
                Arguments.of(
                        "unknown dependency",
                        new JsonObject()
                                .put("type", "dependency")
                                .put("ttl", "1m")
                                .put(
                                        "dependency",
                                        new JsonObject().put("name", "payments").put("mode", "fail")),
                        "dependency.name",
                        "must be a dependency of testsvc (backend)"),
                Arguments.of(
                        "dependency latency without latency",
                        new JsonObject()
                                .put("type", "dependency")
                                .put("ttl", "1m")
                                .put(
                                        "dependency",
                                        new JsonObject().put("name", "backend").put("mode", "latency")),
                        "dependency.latency",
                        "is required"),
                Arguments.of(
                        "dependency unknown mode",
                        new JsonObject()
                                .put("type", "dependency")
                                .put("ttl", "1m")
                                .put(
                                        "dependency",
                                        new JsonObject().put("name", "backend").put("mode", "explode")),
                        "dependency.mode",
                        "must be one of fail, refuse, timeout, latency"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFaults")
    @DisplayName("a bad fault is refused with 400 naming the field and the reason, and nothing is stored")
    void refusesBadFaults(String name, JsonObject fault, String field, String message) {
        HttpResponse<Buffer> response = http.post(server.url("/chaos/faults"), fault);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo("invalid_fault");
        JsonArray problems = body.getJsonArray("problems");
        assertThat(problems.stream().map(JsonObject.class::cast)).anySatisfy(p -> {
            assertThat(p.getString("field")).isEqualTo(field);
            assertThat(p.getString("message")).contains(message);
        });
        assertThat(server.engine.list()).isEmpty();
    }

    static Stream<Arguments> hostileFaults() {
        String labels =
                IntStream.range(0, 17).mapToObj(i -> "\"l" + i + "\":\"v\"").collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of(
                        "negative ttl", "{\"type\":\"hang\",\"ttl\":\"-5s\"}", "ttl", "must be a duration such as"),
                Arguments.of("zero ttl", "{\"type\":\"hang\",\"ttl\":\"0s\"}", "ttl", "must be more than 0"),
                Arguments.of(
                        "sub-millisecond ttl", "{\"type\":\"hang\",\"ttl\":\"0.2ms\"}", "ttl", "must be more than 0"),
                Arguments.of(
                        "huge ttl",
                        "{\"type\":\"hang\",\"ttl\":\"99999999999999999999h\"}",
                        "ttl",
                        "must be a duration"),
                Arguments.of("ttl without unit", "{\"type\":\"hang\",\"ttl\":\"30\"}", "ttl", "must be a duration"),
                Arguments.of(
                        "overflowing status",
                        "{\"type\":\"error\",\"ttl\":\"1m\",\"status\":1e400}",
                        "status",
                        "must be a finite number"),
                Arguments.of(
                        "huge integer status",
                        "{\"type\":\"error\",\"ttl\":\"1m\",\"status\":99999999999999999999999}",
                        "status",
                        "must be ≤ 599"),
                Arguments.of(
                        "status as a string",
                        "{\"type\":\"error\",\"ttl\":\"1m\",\"status\":\"503\"}",
                        "status",
                        "must be a number"),
                Arguments.of(
                        "fractional cpu",
                        "{\"type\":\"cpu\",\"ttl\":\"1m\",\"cpuMs\":1.5}",
                        "cpuMs",
                        "must be a whole number"),
                Arguments.of("type as a number", "{\"type\":7,\"ttl\":\"1m\"}", "type", "must be a string"),
                Arguments.of(
                        "very long type",
                        "{\"type\":\"" + "x".repeat(10_000) + "\",\"ttl\":\"1m\"}",
                        "type",
                        "must be at most 32 characters"),
                Arguments.of(
                        "match as a list",
                        "{\"type\":\"hang\",\"ttl\":\"1m\",\"match\":[\"/work\"]}",
                        "match",
                        "must be a JSON object"),
                Arguments.of(
                        "latency as a string",
                        "{\"type\":\"latency\",\"ttl\":\"1m\",\"latency\":\"100ms\"}",
                        "latency",
                        "must be a JSON object"),
                Arguments.of(
                        "delay as a string",
                        "{\"type\":\"latency\",\"ttl\":\"1m\",\"latency\":{\"distribution\":\"fixed\","
                                + "\"ms\":\"5\"}}",
                        "latency.ms",
                        "must be a number"),
                Arguments.of(
                        "too many labels",
                        "{\"type\":\"hang\",\"ttl\":\"1m\",\"labels\":{" + labels + "}}",
                        "labels",
                        "must have at most 16 entries"),
                Arguments.of(
                        "null nested field",
                        "{\"type\":\"dependency\",\"ttl\":\"1m\",\"dependency\":{\"name\":null,"
                                + "\"mode\":\"fail\"}}",
                        "dependency.name",
                        "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFaults")
    @DisplayName(
            "hostile input (huge numbers, wrong types, negative or unitless durations) gets a 400 naming the field")
    void refusesHostileInput(String name, String raw, String field, String message) {
        HttpResponse<Buffer> response = http.postRaw(server.url("/chaos/faults"), raw);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo("invalid_fault");
        assertThat(body.getJsonArray("problems").stream().map(JsonObject.class::cast))
                .anySatisfy(p -> {
                    assertThat(p.getString("field")).isEqualTo(field);
                    assertThat(p.getString("message")).contains(message);
                });
        assertThat(server.engine.list()).isEmpty();
    }

    @Test
    @DisplayName("NaN and Infinity are not JSON: the body is refused with 400 invalid_body, never a 500")
    void refusesNonNumbers() {
        for (String raw : new String[] {
            "{\"type\":\"hang\",\"ttl\":\"1m\",\"probability\":NaN}",
            "{\"type\":\"hang\",\"ttl\":\"1m\",\"probability\":Infinity}"
        }) {
            HttpResponse<Buffer> response = http.postRaw(server.url("/chaos/faults"), raw);
            assertThat(response.statusCode()).as(raw).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("error")).as(raw).isEqualTo("invalid_body");
        }
    }

    @Test
    @DisplayName("the ttl takes the one duration grammar: compound and decimal forms, echoed in the shortest form")
    void ttlGrammar() {
        HttpResponse<Buffer> compound = http.post(
                server.url("/chaos/faults"),
                new JsonObject().put("type", "hang").put("ttl", "1m30s"));
        assertThat(compound.statusCode()).isEqualTo(201);
        assertThat(compound.bodyAsJsonObject().getString("ttl")).isEqualTo("1m30s");
        HttpResponse<Buffer> decimal = http.post(
                server.url("/chaos/faults"),
                new JsonObject().put("type", "hang").put("ttl", "1.5s"));
        assertThat(decimal.statusCode()).isEqualTo(201);
        assertThat(decimal.bodyAsJsonObject().getString("ttl")).isEqualTo("1500ms");
    }

    @Test
    @DisplayName("a body that is not a JSON object is refused with 400")
    void refusesNonJson() {
        assertThat(http.postRaw(server.url("/chaos/faults"), "{not json").statusCode())
                .isEqualTo(400);
        assertThat(http.postRaw(server.url("/chaos/faults"), "[1]")
                        .bodyAsJsonObject()
                        .getString("message"))
                .contains("must be a JSON object");
        assertThat(http.postRaw(server.url("/chaos/faults"), null)
                        .bodyAsJsonObject()
                        .getString("error"))
                .isEqualTo("invalid_body");
    }

    @Test
    @DisplayName("a stored fault is echoed with its id, expiry and labels, listed, fetched and deleted")
    void lifecycle() {
        JsonObject fault = new JsonObject()
                .put("type", "latency")
                .put("ttl", "30s")
                .put("probability", 0.25)
                .put("match", new JsonObject().put("method", "get").put("route", "/work"))
                .put("labels", new JsonObject().put("run_id", "r-1").put("scenario", "s"))
                .put(
                        "latency",
                        new JsonObject()
                                .put("distribution", "lognormal")
                                .put("medianMs", 200)
                                .put("sigma", 0.8));

        HttpResponse<Buffer> created = http.post(server.url("/chaos/faults"), fault);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject stored = created.bodyAsJsonObject();
        String id = stored.getString("id");
        assertThat(created.getHeader("Location")).isEqualTo("/chaos/faults/" + id);
        assertThat(stored.getString("ttl")).isEqualTo("30s");
        assertThat(stored.getDouble("probability")).isEqualTo(0.25);
        assertThat(stored.getJsonObject("match"))
                .isEqualTo(new JsonObject().put("method", "GET").put("route", "/work"));
        assertThat(stored.getJsonObject("labels").getString("run_id")).isEqualTo("r-1");
        assertThat(stored.getJsonObject("latency").getString("distribution")).isEqualTo("lognormal");
        assertThat(stored.getString("expiresAt")).isNotBlank();
        assertThat(server.active("latency")).isEqualTo(1);

        assertThat(http.get(server.url("/chaos/faults")).bodyAsJsonObject().getJsonArray("faults"))
                .hasSize(1);
        assertThat(http.get(server.url("/chaos/faults/" + id)).bodyAsJsonObject())
                .isEqualTo(stored);
        assertThat(http.delete(server.url("/chaos/faults/" + id)).statusCode()).isEqualTo(204);
        HttpResponse<Buffer> gone = http.get(server.url("/chaos/faults/" + id));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.bodyAsJsonObject().getString("error")).isEqualTo("unknown_fault");
        assertThat(http.delete(server.url("/chaos/faults/" + id)).statusCode()).isEqualTo(404);
        assertThat(server.active("latency")).isZero();
    }

    @Test
    @DisplayName("faults are cleared by label, then all at once; a typo in the filter is refused, not widened")
    void clearing() {
        JsonObject error =
                new JsonObject().put("type", "error").put("ttl", "1m").put("status", 500);
        http.post(server.url("/chaos/faults"), error.copy().put("labels", new JsonObject().put("run_id", "a")));
        http.post(server.url("/chaos/faults"), error.copy().put("labels", new JsonObject().put("run_id", "b")));
        http.post(server.url("/chaos/faults"), error.copy());

        assertThat(http.delete(server.url("/chaos/faults?run_id=a")).statusCode())
                .isEqualTo(400);
        assertThat(http.get(server.url("/chaos/faults?label.run_id=b"))
                        .bodyAsJsonObject()
                        .getJsonArray("faults"))
                .hasSize(1);
        assertThat(http.delete(server.url("/chaos/faults?label.run_id=a"))
                        .bodyAsJsonObject()
                        .getInteger("removed"))
                .isEqualTo(1);
        assertThat(server.engine.list()).hasSize(2);
        assertThat(http.delete(server.url("/chaos/faults")).bodyAsJsonObject().getInteger("removed"))
                .isEqualTo(2);
        assertThat(server.engine.list()).isEmpty();
        assertThat(server.active("error")).isZero();
    }

    @Test
    @DisplayName("past the configured number of faults, a new one is refused with 409")
    void maxFaults() {
        JsonObject error =
                new JsonObject().put("type", "error").put("ttl", "1m").put("status", 500);
        for (int i = 0; i < 3; i++) {
            assertThat(http.post(server.url("/chaos/faults"), error).statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<Buffer> refused = http.post(server.url("/chaos/faults"), error);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.bodyAsJsonObject().getString("message")).contains("CHAOS_MAX_FAULTS");
    }

    @Test
    @DisplayName("with a token configured, changes need the bearer token; reads do not")
    void token(Vertx vertx) {
        ChaosTestServer guarded =
                ChaosTestServer.start(vertx, new ChaosOptions().setToken("s3cret"), 1, System::currentTimeMillis);
        try {
            JsonObject error =
                    new JsonObject().put("type", "error").put("ttl", "1m").put("status", 500);
            HttpResponse<Buffer> refused = http.post(guarded.url("/chaos/faults"), error);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
            HttpResponse<Buffer> wrong = Http.await(http.client()
                    .postAbs(guarded.url("/chaos/faults"))
                    .bearerTokenAuthentication("nope")
                    .sendJsonObject(error));
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<Buffer> ok = Http.await(http.client()
                    .postAbs(guarded.url("/chaos/faults"))
                    .bearerTokenAuthentication("s3cret")
                    .sendJsonObject(error));
            assertThat(ok.statusCode()).isEqualTo(201);
            assertThat(http.get(guarded.url("/chaos/faults")).statusCode()).isEqualTo(200);
            assertThat(http.delete(guarded.url("/chaos/faults")).statusCode()).isEqualTo(401);
        } finally {
            Http.await(guarded.close());
        }
    }

    @Test
    @DisplayName("exposed beyond loopback without a token, every change is refused with a message saying how to fix it")
    void exposedWithoutToken(Vertx vertx) {
        ChaosTestServer exposed = ChaosTestServer.start(vertx, new ChaosOptions(), 1, System::currentTimeMillis, true);
        try {
            HttpResponse<Buffer> refused = http.post(
                    exposed.url("/chaos/faults"),
                    new JsonObject().put("type", "error").put("ttl", "1m").put("status", 500));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.bodyAsJsonObject().getString("message")).contains("set CHAOS_TOKEN");
        } finally {
            Http.await(exposed.close());
        }
    }
}
