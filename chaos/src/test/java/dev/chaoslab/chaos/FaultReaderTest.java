package dev.chaoslab.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Problems;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fault reader on its own (no Vert.x): what the engine and the simulator's validation share. */
class FaultReaderTest {

    private final FaultReader reader = new FaultReader(FaultTypes.standard());
    private final ChaosOptions options = new ChaosOptions();

    private FaultSpec read(JsonObject json, FaultScope scope) {
        return reader.read(json, scope);
    }

    @Test
    @DisplayName("a fault is read into a typed spec: type, ttl, probability, scope and labels")
    void readsASpec() {
        FaultScope scope = new FaultScope("orders", options, Set.of("POST /orders"), Set.of("payments"));
        FaultSpec spec = read(
                new JsonObject()
                        .put("type", "latency")
                        .put("ttl", "1m30s")
                        .put("probability", 0.5)
                        .put("match", new JsonObject().put("method", "post").put("route", "/orders"))
                        .put("labels", new JsonObject().put("run_id", "r-1"))
                        .put(
                                "latency",
                                new JsonObject().put("distribution", "fixed").put("ms", 20)),
                scope);

        assertThat(spec.type().name()).isEqualTo("latency");
        assertThat(spec.ttlMs()).isEqualTo(90_000);
        assertThat(spec.probability()).isEqualTo(0.5);
        assertThat(spec.method()).isEqualTo("POST");
        assertThat(spec.route()).isEqualTo("/orders");
        assertThat(spec.labels()).isEqualTo(Map.of("run_id", "r-1"));
        assertThat(spec.behaviour().toJson())
                .isEqualTo(new JsonObject()
                        .put(
                                "latency",
                                new JsonObject().put("distribution", "fixed").put("ms", 20.0)));
    }

    @Test
    @DisplayName("a scope that does not know the service's routes and dependencies checks only their form")
    void unknownScope() {
        FaultScope open = new FaultScope("orders", options, null, null);
        JsonObject dependency = new JsonObject()
                .put("type", "dependency")
                .put("ttl", "1m")
                .put("dependency", new JsonObject().put("name", "anything").put("mode", "refuse"));
        assertThat(read(dependency, open).behaviour()).isInstanceOf(FaultBehaviour.OnDependencyCall.class);
        assertThat(read(
                                new JsonObject()
                                        .put("type", "hang")
                                        .put("ttl", "1m")
                                        .put("match", new JsonObject().put("route", "/any")),
                                open)
                        .route())
                .isEqualTo("/any");

        Problems problems = new Problems();
        assertThat(reader.read(
                        new JsonObject()
                                .put("type", "hang")
                                .put("ttl", "1m")
                                .put("match", new JsonObject().put("route", "any")),
                        open,
                        problems))
                .isNull();
        assertThat(problems.list()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("match.route");
            assertThat(p.message()).contains("must be a route pattern starting with '/'");
        });

        FaultScope known = new FaultScope("orders", options, Set.of("GET /orders"), Set.of("payments", "inventory"));
        assertThatThrownBy(() -> read(dependency, known)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.body().getJsonArray("problems").getJsonObject(0).getString("message"))
                    .isEqualTo("must be a dependency of orders (inventory, payments), not 'anything'");
        });
    }

    @Test
    @DisplayName("every problem of a fault is listed at once, each naming its field; the ceilings are the options'")
    void listsEveryProblem() {
        Problems problems = new Problems();
        FaultScope scope =
                new FaultScope("svc", new ChaosOptions().setMaxLatencyMs(100).setMaxTtlMs(60_000), null, null);
        FaultSpec spec = reader.read(
                new JsonObject()
                        .put("type", "latency")
                        .put("ttl", "2m")
                        .put("probability", 2)
                        .put(
                                "latency",
                                new JsonObject()
                                        .put("distribution", "uniform")
                                        .put("minMs", 1)
                                        .put("maxMs", 500)),
                scope,
                problems);

        assertThat(spec).isNull();
        assertThat(problems.list())
                .extracting(Problems.Problem::field)
                .containsExactlyInAnyOrder("ttl", "probability", "latency.maxMs");
        assertThat(problems.list())
                .extracting(Problems.Problem::message)
                .contains(
                        "must be ≤ 1m (the TTL ceiling; set " + "CHAOS_MAX_TTL_MS to raise it)",
                        "must be ≤ 100 (the latency ceiling; set CHAOS_MAX_LATENCY_MS to raise it)");
    }

    @Test
    @DisplayName("the options reject bad limits naming the limit, and the spec checks its invariants")
    void invariants() {
        assertThatThrownBy(() -> new ChaosOptions().setMaxLatencyMs(0)).hasMessage("maxLatencyMs must be > 0");
        assertThatThrownBy(() -> new ChaosOptions().setMaxTtlMs(-1)).hasMessage("maxTtlMs must be > 0");
        assertThatThrownBy(() -> new ChaosOptions().setMaxCpuMs(0)).hasMessage("maxCpuMs must be > 0");
        assertThatThrownBy(() -> new ChaosOptions().setMaxFaults(0)).hasMessage("maxFaults must be > 0");
        assertThatThrownBy(() -> ChaosOptions.fromEnv(Map.of("CHAOS_MAX_TTL_MS", "1h")))
                .hasMessageContaining("CHAOS_MAX_TTL_MS must be a whole number, got '1h'");
        FaultType hang = FaultTypes.standard().get("hang").orElseThrow();
        FaultBehaviour behaviour = hang.parse(null, null);
        assertThatThrownBy(() -> new FaultSpec(hang, 0, 1, null, null, Map.of(), behaviour))
                .hasMessageContaining("ttlMs must be > 0");
        assertThatThrownBy(() -> new FaultSpec(hang, 1, Double.NaN, null, null, Map.of(), behaviour))
                .hasMessageContaining("probability must be in [0, 1]");
    }
}
