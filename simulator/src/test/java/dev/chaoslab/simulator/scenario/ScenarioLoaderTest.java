package dev.chaoslab.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.simulator.scenario.template.TemplateContext;
import dev.chaoslab.simulator.traffic.Arrivals;
import dev.chaoslab.simulator.traffic.ConstantShape;
import dev.chaoslab.simulator.traffic.RampShape;
import dev.chaoslab.simulator.traffic.SineShape;
import dev.chaoslab.simulator.traffic.SpikeShape;
import dev.chaoslab.simulator.traffic.StepsShape;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    static final String FULL = """
    scenarios:
      - name: full
        description: every construct
        targets:
          gateway: http://127.0.0.1:8080/
          payments: http://localhost:8082
          orders: http://[::1]:8081
        dependencies: {orders: [inventory, payments], payments: []}
        data:
          sku: {from: 1, to: 50, format: SKU-%03d}
          customerId: {from: 1, to: 1000, format: c-%d}
          region: [eu-west, us-east, 42]
        phases:
          - {name: flat, duration: 1m30s, shape: {type: constant, rate: 50}}
          - {name: up, duration: 2m, shape: {type: ramp, from: 50, to: 100}, arrivals: poisson}
          - name: stairs
            duration: 40s
            shape: {type: steps, steps: [{rate: 10, duration: 10s}, {rate: 20, duration: 500ms}]}
          - {name: even, duration: 1h, shape: {type: steps, from: 10, to: 40, count: 4}}
          - {name: spike, duration: 30s, shape: {type: spike, base: 10, peak: 90, at: 5s, duration: 10s}}
          - {name: wave, duration: 2m, shape: {type: sine, mean: 40, amplitude: 20, period: 1m}}
        requests:
          - name: browse
            weight: 7
            target: gateway
            path: /api/products/${sku}
            headers: {X-Seq: "${seq}"}
          - name: buy
            weight: 3
            target: gateway
            timeout: 5s
            steps:
              - name: create
                method: post
                path: /api/orders
                body: {customerId: "${customerId}", items: [{sku: "${sku}", quantity: "${randomInt(1,3)}"}], note: "n-${uuid}"}
              - name: read
                path: /api/orders/${steps.create.body.id}
                timeout: 1s
        chaos:
          - {name: boom, at: 1m, target: payments, duration: 1m, fault: {type: error, status: 503, probability: 0.2, match: {method: POST, route: /payments}, labels: {team: pay}}}
          - {at: 2m, target: payments, duration: 30s, fault: {type: error, status: 500, burnRate: 14.4, slo: 0.995}}
          - {at: 3m, target: gateway, duration: 10s, fault: {type: latency, latency: {distribution: lognormal, medianMs: 200, sigma: 0.8}}}
          - {at: 3m, target: orders, duration: 10s, fault: {type: dependency, dependency: {name: payments, mode: latency, latency: {distribution: uniform, minMs: 10, maxMs: 20}}}}
          - {at: 3m, target: payments, duration: 10s, fault: {type: cpu, cpuMs: 20}}
          - {at: 3m, target: payments, duration: 10s, fault: {type: hang}}
          - {at: 3m, target: gateway, duration: 10s, fault: {type: reset, probability: 0.5}}
        thresholds:
          - {metric: latency_p99, request: browse, below: 300ms}
          - {metric: latency_p50, request: buy.create, phase: up, measure: service, below: 1.5s}
          - {metric: error_ratio, below: 1%}
          - {metric: dropped_ratio, below: 0.001}
        expect:
          - {alert: ChaoslabHighErrorRatio, labels: {service: payments}, fires: {within: 3m, of: boom}}
          - {alert: ChaoslabHighErrorRatio, resolves: {within: 2m, of: "chaos[1]"}}
          - {alert: ChaoslabHighLatencyP99, silent: {during: flat}}
          - {alert: ChaoslabTargetDown, silent: {during: run}}
          - {alert: ChaoslabTrafficSurge, fires: {within: 1m, of: "phase:spike"}}
    """;

    static ScenarioFile load(String text) throws ScenarioValidationException {
        return new ScenarioLoader().loadString("test.yaml", text);
    }

    static List<ScenarioProblem> problems(String text) {
        return problems(new ScenarioLoader(), text);
    }

    static List<ScenarioProblem> problems(ScenarioLoader loader, String text) {
        try {
            loader.loadString("test.yaml", text);
        } catch (ScenarioValidationException e) {
            assertThat(e.getMessage())
                    .startsWith("test.yaml has " + e.problems().size() + " problem");
            return e.problems();
        }
        throw new AssertionError("expected problems, the scenario loaded");
    }

    /** A minimal valid scenario with one line replaced, so each test breaks exactly one thing. */
    static String minimal(String... replace) {
        String s = """
      scenarios:
        - name: s
          targets: {gateway: http://127.0.0.1:8080, payments: http://127.0.0.1:8082}
          phases:
            - name: one
              duration: 30s
              shape: {type: constant, rate: 10}
          requests:
            - {name: r, target: gateway, path: /api/products}
          chaos:
            - {name: c, at: 5s, target: payments, duration: 10s, fault: {type: error, status: 503}}
          expect:
            - {alert: ChaoslabHighErrorRatio, fires: {within: 1m, of: c}}
      """;
        for (int i = 0; i < replace.length; i += 2) {
            assertThat(s).contains(replace[i]);
            s = s.replace(replace[i], replace[i + 1]);
        }
        return s;
    }

    /**
     * Asserts a problem at the first occurrence of {@code token} in {@code text} (1-based line and column),
     * so each expectation says exactly which character the error must point at.
     */
    static void assertAt(List<ScenarioProblem> problems, String text, String token, String field, String message) {
        int idx = text.indexOf(token);
        assertThat(idx).as("token %s in the text", token).isNotNegative();
        int line = (int) text.substring(0, idx).chars().filter(c -> c == '\n').count() + 1;
        int column = idx - text.lastIndexOf('\n', idx - 1);
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.source()).isEqualTo("test.yaml");
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).contains(message);
            assertThat(p.line()).as("line").isEqualTo(line);
            assertThat(p.column()).as("column").isEqualTo(column);
        });
    }

    /** Loads the text, expecting problems, and asserts one at the token. */
    static List<ScenarioProblem> check(String text, String token, String field, String message) {
        List<ScenarioProblem> p = problems(text);
        assertAt(p, text, token, field, message);
        return p;
    }

    @Test
    @DisplayName("every construct of the format parses into the model")
    void parsesEverything() throws Exception {
        Scenario s = load(FULL).find("full").orElseThrow();
        assertThat(s.description()).isEqualTo("every construct");
        assertThat(s.targets())
                .containsExactly(
                        Map.entry("gateway", URI.create("http://127.0.0.1:8080")),
                        Map.entry("payments", URI.create("http://localhost:8082")),
                        Map.entry("orders", URI.create("http://[::1]:8081")));
        assertThat(s.phases()).extracting(Phase::name).containsExactly("flat", "up", "stairs", "even", "spike", "wave");
        assertThat(s.phases().get(0).duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.phases().get(0).shape()).isEqualTo(new ConstantShape(50));
        assertThat(s.phases().get(0).arrivals()).isEqualTo(Arrivals.UNIFORM);
        assertThat(s.phases().get(1).shape()).isEqualTo(new RampShape(50, 100));
        assertThat(s.phases().get(1).arrivals()).isEqualTo(Arrivals.POISSON);
        assertThat(s.phases().get(2).shape())
                .isEqualTo(StepsShape.of(List.of(
                        new StepsShape.Step(10, Duration.ofSeconds(10)),
                        new StepsShape.Step(20, Duration.ofMillis(500)))));
        assertThat(s.phases().get(3).shape()).isEqualTo(StepsShape.evenly(10, 40, 4));
        assertThat(s.phases().get(4).shape())
                .isEqualTo(new SpikeShape(10, 90, Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(s.phases().get(5).shape()).isEqualTo(new SineShape(40, 20, Duration.ofMinutes(1)));
        assertThat(s.phaseStart(2)).isEqualTo(Duration.ofSeconds(210));

        RequestSpec browse = s.request("browse").orElseThrow();
        assertThat(browse.weight()).isEqualTo(7);
        assertThat(browse.isJourney()).isFalse();
        RequestStep b = browse.steps().get(0);
        assertThat(b.name()).isEqualTo("browse");
        assertThat(b.method()).isEqualTo("GET");
        assertThat(b.path().source()).isEqualTo("/api/products/${sku}");
        assertThat(b.headers()).containsOnlyKeys("X-Seq");
        assertThat(b.body()).isNull();
        assertThat(b.timeout()).isNull();

        RequestSpec buy = s.request("buy").orElseThrow();
        assertThat(buy.isJourney()).isTrue();
        RequestStep create = buy.steps().get(0);
        RequestStep read = buy.steps().get(1);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.target()).isEqualTo("gateway");
        assertThat(create.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(create.headers()).containsKey("Content-Type");
        assertThat(read.timeout()).isEqualTo(Duration.ofSeconds(1));
        TemplateContext ctx = new TemplateContext(new Random(1), new AtomicLong());
        JsonObject body = new JsonObject(create.body().render(ctx));
        assertThat(body.getString("customerId")).matches("c-\\d+");
        assertThat(body.getJsonArray("items").getJsonObject(0).getValue("quantity"))
                .isInstanceOf(Integer.class);
        ctx.record("create", 201, new JsonObject().put("id", "o-42"));
        assertThat(read.path().render(ctx)).isEqualTo("/api/orders/o-42");

        assertThat(s.chaos()).hasSize(7);
        ChaosStep boom = s.chaos().get(0);
        assertThat(boom.label()).isEqualTo("boom");
        assertThat(boom.at()).isEqualTo(Duration.ofMinutes(1));
        assertThat(boom.end()).isEqualTo(Duration.ofMinutes(2));
        assertThat(boom.fault())
                .isEqualTo(Map.of(
                        "type",
                        "error",
                        "status",
                        503L,
                        "probability",
                        0.2,
                        "match",
                        Map.of("method", "POST", "route", "/payments"),
                        "labels",
                        Map.of("team", "pay")));
        assertThat(new JsonObject(boom.fault()).encode()).contains("\"status\":503");
        ChaosStep burn = s.chaos().get(1);
        assertThat(burn.label()).isEqualTo("chaos[1]");
        assertThat(burn.burnRate()).isEqualTo(new BurnRate(14.4, 0.995));
        assertThat((double) burn.fault().get("probability"))
                .isCloseTo(0.072, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(burn.fault()).doesNotContainKeys("burnRate", "slo", "ttl");
        assertThat(s.chaos().get(2).fault())
                .containsEntry("latency", Map.of("distribution", "lognormal", "medianMs", 200L, "sigma", 0.8));
        assertThat(s.chaos().get(3).fault().get("dependency"))
                .isEqualTo(Map.of(
                        "name",
                        "payments",
                        "mode",
                        "latency",
                        "latency",
                        Map.of("distribution", "uniform", "minMs", 10L, "maxMs", 20L)));
        assertThat(s.chaos().get(4).fault()).containsEntry("cpuMs", 20L);
        assertThat(s.chaos().get(5).fault()).isEqualTo(Map.of("type", "hang"));

        assertThat(s.thresholds())
                .containsExactly(
                        new Threshold(Threshold.Metric.LATENCY_P99, "browse", null, Threshold.Measure.CORRECTED, 300),
                        new Threshold(
                                Threshold.Metric.LATENCY_P50, "buy.create", "up", Threshold.Measure.SERVICE, 1500),
                        new Threshold(Threshold.Metric.ERROR_RATIO, null, null, Threshold.Measure.CORRECTED, 0.01),
                        new Threshold(Threshold.Metric.DROPPED_RATIO, null, null, Threshold.Measure.CORRECTED, 0.001));

        List<Expectation> e = s.expectations();
        assertThat(e.get(0))
                .isEqualTo(new Expectation(
                        0,
                        "ChaoslabHighErrorRatio",
                        Map.of("service", "payments"),
                        Expectation.Kind.FIRES,
                        Duration.ofMinutes(3),
                        new Anchor(Anchor.Kind.CHAOS, 0, "boom")));
        assertThat(e.get(1).kind()).isEqualTo(Expectation.Kind.RESOLVES);
        assertThat(e.get(1).anchor()).isEqualTo(new Anchor(Anchor.Kind.CHAOS, 1, "chaos[1]"));
        assertThat(e.get(2).anchor()).isEqualTo(new Anchor(Anchor.Kind.PHASE, 0, "flat"));
        assertThat(e.get(2).within()).isNull();
        assertThat(e.get(3).anchor()).isEqualTo(Anchor.RUN);
        assertThat(e.get(4).anchor().window(s)).isEqualTo(new Anchor.Window(s.phaseStart(4), s.phaseStart(5)));
        assertThat(e.get(0).anchor().window(s))
                .isEqualTo(new Anchor.Window(Duration.ofMinutes(1), Duration.ofMinutes(2)));
    }

    @Test
    @DisplayName("an inline scenario (JSON from the API) loads with the same rules, its fields named from the scenario")
    void inlineJson() throws Exception {
        String json = new JsonObject()
                .put("name", "inline")
                .put("targets", new JsonObject().put("gateway", "http://127.0.0.1:9999"))
                .put(
                        "phases",
                        new io.vertx.core.json.JsonArray()
                                .add(new JsonObject()
                                        .put("name", "p")
                                        .put("duration", "10s")
                                        .put(
                                                "shape",
                                                new JsonObject()
                                                        .put("type", "constant")
                                                        .put("rate", 5))))
                .put(
                        "requests",
                        new io.vertx.core.json.JsonArray()
                                .add(new JsonObject()
                                        .put("name", "r")
                                        .put("target", "gateway")
                                        .put("path", "/x")
                                        .put("body", new JsonObject().put("a", "${seq}"))))
                .encodePrettily();
        Scenario s = new ScenarioLoader().loadScenario(ScenarioLoader.REQUEST_BODY, json);
        assertThat(s.name()).isEqualTo("inline");
        assertThat(s.source()).isEqualTo("<request body>");
        assertThat(s.requests().get(0).steps().get(0).method()).isEqualTo("POST");

        String broken = json.replace("\"10s\"", "\"-10s\"").replace("\"/x\"", "\"x\"");
        assertThatThrownBy(() -> new ScenarioLoader().loadScenario(ScenarioLoader.REQUEST_BODY, broken))
                .isInstanceOfSatisfying(ScenarioValidationException.class, e -> {
                    assertThat(e.problems())
                            .extracting(ScenarioProblem::field)
                            .containsExactly("phases[0].duration", "requests[0].path");
                    assertThat(e.problems())
                            .allSatisfy(p -> assertThat(p.source()).isEqualTo("<request body>"));
                    assertThat(e.problems().get(0).line())
                            .isEqualTo(json.lines()
                                            .toList()
                                            .indexOf(json.lines()
                                                    .filter(l -> l.contains("\"10s\""))
                                                    .findFirst()
                                                    .orElseThrow())
                                    + 1);
                });
    }

    @Test
    @DisplayName("withTargets replaces base URLs and keeps the rest")
    void withTargets() throws Exception {
        Scenario s = load(minimal()).scenarios().get(0);
        Scenario moved = s.withTargets(
                Map.of("gateway", URI.create("http://127.0.0.1:41234/"), "unknown", URI.create("http://x")));
        assertThat(moved.targets())
                .containsEntry("gateway", URI.create("http://127.0.0.1:41234"))
                .containsEntry("payments", URI.create("http://127.0.0.1:8082"))
                .doesNotContainKey("unknown");
        assertThat(moved.phases()).isEqualTo(s.phases());
        assertThat(ScenarioValidator.checkTargets(
                        Map.of("gateway", URI.create("http://example.com:80")), ValidationOptions.defaults()))
                .singleElement()
                .asString()
                .contains("not in the allow-list");
    }

    @Test
    @DisplayName("a file loads from disk, and a missing file is a problem naming the path")
    void fromDisk(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, minimal());
        assertThat(new ScenarioLoader().load(f).source()).isEqualTo(f.toString());
        assertThatThrownBy(() -> new ScenarioLoader().load(dir.resolve("nope.yaml")))
                .isInstanceOf(ScenarioValidationException.class)
                .hasMessageContaining("nope.yaml")
                .hasMessageContaining("cannot read the file");
    }

    @Test
    @DisplayName("unknown keys are reported with the closest known key")
    void unknownKeys() {
        String t = minimal("duration: 30s", "durration: 30s");
        List<ScenarioProblem> p = check(
                t,
                "durration",
                "scenarios[0].phases[0].durration",
                "unknown key 'durration'; did you mean 'duration'?");
        assertAt(p, t, "name: one", "scenarios[0].phases[0].duration", "missing; expected a duration");
        check(minimal("rate: 10", "rat: 10"), "rat:", "scenarios[0].phases[0].shape.rat", "did you mean 'rate'?");
        check(
                minimal("  - name: s", "  - name: s\n    descripton: x"),
                "descripton",
                "scenarios[0].descripton",
                "did you mean 'description'?");
        check(
                minimal("  - name: s", "  - name: s\n    colour: x"),
                "colour",
                "scenarios[0].colour",
                "unknown key 'colour'. Known keys: name, description, targets");
    }

    @Test
    @DisplayName("wrong types say what was expected and what was found")
    void wrongTypes() {
        String t = minimal("rate: 10", "rate: lots", "path: /api/products", "path: [1]");
        List<ScenarioProblem> p =
                check(t, "lots", "scenarios[0].phases[0].shape.rate", "expected a number, got a string 'lots'");
        assertAt(p, t, "[1]", "scenarios[0].requests[0].path", "expected a string, got a list");
        check(
                minimal("duration: 30s", "duration: 30"),
                "30\n",
                "scenarios[0].phases[0].duration",
                "a duration needs a unit: write 30s or 30ms");
        check(
                minimal("duration: 30s", "duration: soon"),
                "soon",
                "scenarios[0].phases[0].duration",
                "expected a duration such as 500ms, 30s, 2m, 1h or 1m30s (got 'soon')");
        check("scenarios: {name: x}", "{name", "scenarios", "expected a list, got a mapping");
        check(minimal("  - name: s", "  - name: [s]"), "[s]", "scenarios[0].name", "expected a string, got a list");
    }

    @Test
    @DisplayName("missing required fields are named, at the object that lacks them")
    void missingFields() {
        String t = minimal("{name: r, target: gateway, path: /api/products}", "{name: r, target: gateway}");
        check(t, "{name: r", "scenarios[0].requests[0].path", "missing; expected a string");
        check(
                minimal("fault: {type: error, status: 503}", "fault: {status: 503}"),
                "{status",
                "scenarios[0].chaos[0].fault.type",
                "missing");
        check(
                minimal("        shape: {type: constant, rate: 10}\n", ""),
                "name: one",
                "scenarios[0].phases[0].shape",
                "missing; expected a mapping");
    }

    @Test
    @DisplayName("a scenario without requests, targets or phases gets one problem for each")
    void missingSections() {
        String t = "scenarios:\n  - name: bare\n";
        List<ScenarioProblem> p = problems(t);
        assertThat(p)
                .extracting(ScenarioProblem::field)
                .containsExactly("scenarios[0].targets", "scenarios[0].phases", "scenarios[0].requests");
        assertAt(
                p, t, "name: bare", "scenarios[0].targets", "missing; expected a mapping of target names to base URLs");
        assertThat(problems(""))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).contains("the document is empty"));
        check("scenarios: []", "[]", "scenarios", "the list is empty");
    }

    @Test
    @DisplayName("zero and negative durations are refused")
    void badDurations() {
        check(
                minimal("duration: 30s", "duration: -5s"),
                "-5s",
                "scenarios[0].phases[0].duration",
                "must not be negative (got -5s)");
        check(
                minimal("duration: 30s", "duration: 0s"),
                "0s",
                "scenarios[0].phases[0].duration",
                "must be > 0 (got 0ms)");
        check(
                minimal("duration: 10s, fault", "duration: 0ms, fault"),
                "0ms",
                "scenarios[0].chaos[0].duration",
                "must be > 0");
        check(
                minimal("fires: {within: 1m", "fires: {within: -1m"),
                "-1m",
                "scenarios[0].expect[0].fires.within",
                "must not be negative");
    }

    @Test
    @DisplayName("rates over the configured ceiling are refused, for plain rates and for a shape's peak")
    void rateCeiling() {
        ScenarioLoader strict = new ScenarioLoader(ValidationOptions.defaults().withMaxRate(100));
        String t = minimal("rate: 10", "rate: 150");
        assertAt(
                problems(strict, t),
                t,
                "150",
                "scenarios[0].phases[0].shape.rate",
                "150 requests/s is over the configured ceiling of 100 requests/s");
        t = minimal("{type: constant, rate: 10}", "{type: sine, mean: 80, amplitude: 30, period: 10s}");
        assertAt(
                problems(strict, t),
                t,
                "{type: sine",
                "scenarios[0].phases[0].shape",
                "the shape peaks at 110 requests/s, over the configured ceiling of 100");
        check(minimal("rate: 10", "rate: -1"), "-1", "scenarios[0].phases[0].shape.rate", "must be a rate >= 0");
    }

    @Test
    @DisplayName("shape arguments that do not fit are reported at the shape")
    void shapeProblems() {
        check(
                minimal("{type: constant, rate: 10}", "{type: spike, base: 1, peak: 9, at: 25s, duration: 10s}"),
                "{type: spike",
                "scenarios[0].phases[0].shape",
                "the spike ends at 35000ms but the phase lasts only 30000ms");
        check(
                minimal("{type: constant, rate: 10}", "{type: sine, mean: 5, amplitude: 9, period: 10s}"),
                "{type: sine",
                "scenarios[0].phases[0].shape",
                "amplitude must be between 0 and the mean 5.0");
        check(
                minimal("{type: constant, rate: 10}", "{type: constnt, rate: 10}"),
                "constnt",
                "scenarios[0].phases[0].shape.type",
                "unknown shape 'constnt'; did you mean 'constant'?");
        check(
                minimal("{type: constant, rate: 10}", "{type: ramp, from: 1, to: 2, rate: 3}"),
                "rate: 3",
                "scenarios[0].phases[0].shape.rate",
                "A ramp shape takes: type, from, to");
        check(
                minimal("{type: constant, rate: 10}", "{type: steps, steps: [{rate: 1, duration: 40s}]}"),
                "{type: steps",
                "scenarios[0].phases[0].shape",
                "the steps last 40s but the phase lasts only 30s");
        check(
                minimal("{type: constant, rate: 10}", "{type: steps, from: 1, to: 5, count: 0}"),
                "0}",
                "scenarios[0].phases[0].shape.count",
                "must be between 1 and 1000 (got 0)");
        check(
                minimal("duration: 30s", "duration: 30s\n        arrivals: random"),
                "random",
                "scenarios[0].phases[0].arrivals",
                "expected uniform or poisson");
    }

    @Test
    @DisplayName("a chaos step with an unknown target or fault type is refused with the known ones")
    void chaosReferences() {
        String t = minimal(
                "target: payments, duration",
                "target: paymnts, duration",
                "{type: error, status: 503}",
                "{type: eror, status: 503}");
        List<ScenarioProblem> p = check(
                t,
                "paymnts",
                "scenarios[0].chaos[0].target",
                "unknown target 'paymnts'; did you mean 'payments'? Expected one of: gateway, payments");
        assertAt(p, t, "eror", "scenarios[0].chaos[0].fault.type", "unknown fault type 'eror'; did you mean 'error'?");
        check(
                minimal("target: gateway, path", "target: web, path"),
                "web",
                "scenarios[0].requests[0].target",
                "unknown target 'web'. Expected one of: gateway, payments");
    }

    @Test
    @DisplayName("fault fields follow the chaos API's rules")
    void faultRules() {
        String f = "{type: error, status: 503}";
        // the messages are the chaos module's own (the targets answer the same), located on the YAML node of the field
        check(minimal(f, "{type: error, status: 200}"), "200", "scenarios[0].chaos[0].fault.status", "must be ≥ 400");
        check(
                minimal(f, "{type: error, status: 503, probability: 1.5}"),
                "1.5",
                "scenarios[0].chaos[0].fault.probability",
                "must be ≤ 1");
        check(minimal(f, "{type: error}"), "{type: error}", "scenarios[0].chaos[0].fault.status", "is required");
        check(
                minimal(f, "{type: error, status: 503, ttl: 30s}"),
                "ttl",
                "scenarios[0].chaos[0].fault.ttl",
                "derived from the step's duration");
        check(
                minimal(f, "{type: latency, latency: {distribution: lognormal, medianMs: 40000, sigma: 0.5}}"),
                "40000",
                "scenarios[0].chaos[0].fault.latency.medianMs",
                "must be ≤ 30000 (the latency ceiling; set CHAOS_MAX_LATENCY_MS to raise it)");
        check(
                minimal(f, "{type: latency, latency: {distribution: lognormal, medianMs: 40, sigma: 9}}"),
                "9}",
                "scenarios[0].chaos[0].fault.latency.sigma",
                "must be ≤ 4");
        check(
                minimal(f, "{type: latency, latency: {distribution: fixed, medianMs: 40}}"),
                "40}",
                "scenarios[0].chaos[0].fault.latency.medianMs",
                "is not a known field; known fields: distribution, ms");
        check(
                minimal(f, "{type: latency, latency: {distribution: uniform, minMs: 50, maxMs: 10}}"),
                "10}}",
                "scenarios[0].chaos[0].fault.latency.maxMs",
                "must be ≥ minMs (50.0)");
        check(
                minimal(f, "{type: latency, latency: {distribution: gamma}}"),
                "gamma",
                "scenarios[0].chaos[0].fault.latency.distribution",
                "must be one of fixed, uniform, normal, lognormal, not 'gamma'");
        check(minimal(f, "{type: latency}"), "{type: latency}", "scenarios[0].chaos[0].fault.latency", "is required");
        check(
                minimal(f, "{type: hang, status: 503}"),
                "503}",
                "scenarios[0].chaos[0].fault.status",
                "is not used by a 'hang' fault (it belongs to type 'error')");
        check(
                minimal(f, "{type: cpu, cpuMs: 5000}"),
                "5000",
                "scenarios[0].chaos[0].fault.cpuMs",
                "must be ≤ 1000 (the CPU ceiling; set CHAOS_MAX_CPU_MS to raise it)");
        check(
                minimal(f, "{type: cpu, cpuMs: 2.5}"),
                "2.5",
                "scenarios[0].chaos[0].fault.cpuMs",
                "must be a whole number");
        String status = "scenarios[0].chaos[0].fault.status";
        check(minimal(f, "{type: error, status: \"503\"}"), "\"503", status, "must be a number");
        check(minimal(f, "{type: error, status: 1e400}"), "1e400", status, "must be a finite number");
        check(
                minimal(f, "{type: error, status: .nan}"),
                ".nan",
                "scenarios[0].chaos[0].fault.status",
                "must be a number");
        check(
                minimal(f, "{type: error, status: 99999999999999999999999}"),
                "9999",
                "scenarios[0].chaos[0].fault.status",
                "must be ≤ 599");
        check(
                minimal(f, "{type: error, status: 503, match: {method: FETCH}}"),
                "FETCH",
                "scenarios[0].chaos[0].fault.match.method",
                "must be an HTTP method");
        check(
                minimal(f, "{type: error, status: 503, match: {route: payments}}"),
                "payments}}",
                "scenarios[0].chaos[0].fault.match.route",
                "must be a route pattern starting with '/'");
        check(
                minimal(f, "{type: error, status: 503, match: {path: /x}}"),
                "/x}}",
                "scenarios[0].chaos[0].fault.match.path",
                "is not a known field; known fields: method, route");
        check(
                minimal(f, "{type: error, status: 503, labels: {\"bad name\": x}}"),
                "x}}",
                "scenarios[0].chaos[0].fault.labels.bad name",
                "is not a label name");
    }

    @Test
    @DisplayName("a dependency fault names a dependency the scenario declares for its target, checked before the run")
    void dependencyFaults() throws Exception {
        String f = "{type: error, status: 503}";
        check(
                minimal(f, "{type: dependency, dependency: {name: orders, mode: fail}}"),
                "{name: orders",
                "scenarios[0].chaos[0].fault.dependency",
                "the scenario does not say what payments calls, so the dependency "
                        + "cannot be checked before the run; declare it, e.g. dependencies: {payments: [payments]}");
        check(
                withDependencies(
                        minimal(f, "{type: dependency, dependency: {name: orders, mode: fail}}"), "{payments: []}"),
                "orders",
                "scenarios[0].chaos[0].fault.dependency.name",
                "cannot be 'orders': payments calls no other service");
        check(
                withDependencies(
                        minimal(f, "{type: dependency, dependency: {name: stock, mode: fail}}"),
                        "{payments: [bank, ledger]}"),
                "stock",
                "scenarios[0].chaos[0].fault.dependency.name",
                "must be a dependency of payments (bank, ledger), not 'stock'");
        check(
                withDependencies(
                        minimal(f, "{type: dependency, dependency: {name: bank, mode: crash}}"), "{payments: [bank]}"),
                "crash",
                "scenarios[0].chaos[0].fault.dependency.mode",
                "must be one of fail, refuse, timeout, latency, not 'crash'");
        check(
                withDependencies(minimal(), "{shop: [bank]}"),
                "shop",
                "scenarios[0].dependencies",
                "expected one of the scenario's targets (gateway, payments), not 'shop'");
        check(
                withDependencies(minimal(), "[bank]"),
                "[bank]",
                "scenarios[0].dependencies",
                "expected a mapping of target names to the services each calls");
        String noTarget = withDependencies(
                        minimal(f, "{type: dependency, dependency: {name: bank, mode: timeout}}"), "{payments: [bank]}")
                .replace("target: payments, ", "");
        check(noTarget, "{name: c", "scenarios[0].chaos[0].target", "missing");
        String ok = withDependencies(
                minimal(f, "{type: dependency, dependency: {name: bank, mode: timeout}}"), "{payments: [bank]}");
        assertThat(load(ok).scenarios().get(0).chaos().get(0).fault().get("dependency"))
                .isEqualTo(Map.of("name", "bank", "mode", "timeout"));
    }

    @Test
    @DisplayName("data: variables are what ${name} draws from; lists and ranges are checked with located errors")
    void dataBlock() throws Exception {
        String path = "path: \"/api/products/${sku}?r=${region}\"}";
        String yaml = withData(
                minimal("path: /api/products}", path), "{sku: {from: 1, to: 3, format: SKU-%03d}, region: [eu, 7]}");
        RequestStep step =
                load(yaml).scenarios().get(0).requests().get(0).steps().get(0);
        TemplateContext ctx = new TemplateContext(new Random(5), new AtomicLong());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(step.path().render(ctx));
        }
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        "/api/products/SKU-001?r=eu",
                        "/api/products/SKU-002?r=eu",
                        "/api/products/SKU-003?r=eu",
                        "/api/products/SKU-001?r=7",
                        "/api/products/SKU-002?r=7",
                        "/api/products/SKU-003?r=7");

        String base = minimal();
        check(
                withData(base, "[a]"),
                "[a]",
                "scenarios[0].data",
                "expected a mapping of variable names to a list of values");
        check(
                withData(base, "{uuid: [a]}"),
                "uuid",
                "scenarios[0].data",
                "not randomInt, seq, steps, uuid (got 'uuid')");
        check(withData(base, "{sku: {from: 5, to: 1}}"), "1}}", "scenarios[0].data.sku.to", "must be ≥ from (5)");
        check(
                withData(base, "{sku: {from: 1, to: 5, format: SKU}}"),
                "SKU}}",
                "scenarios[0].data.sku.format",
                "expected a pattern with one %d such as SKU-%03d or c-%d (got 'SKU')");
        check(
                withData(base, "{sku: {from: 1, to: 5, step: 2}}"),
                "step",
                "scenarios[0].data.sku.step",
                "unknown key 'step'");
        check(withData(base, "{sku: {from: a, to: 5}}"), "a,", "scenarios[0].data.sku.from", "expected an integer");
        check(withData(base, "{sku: []}"), "[]", "scenarios[0].data.sku", "expected 1 to 10000 values (got 0)");
        check(
                withData(base, "{sku: [a, {x: 1}]}"),
                "{x: 1}",
                "scenarios[0].data.sku[1]",
                "expected a string or a whole number");
        check(
                withData(base, "{sku: [a, 1.5]}"),
                "1.5",
                "scenarios[0].data.sku[1]",
                "expected a string or a whole number");
        // a variable used but not declared is refused at load, naming the data block
        check(
                minimal("path: /api/products}", "path: \"/p/${region}\"}"),
                "\"/p/",
                "scenarios[0].requests[0].path",
                "declare other values under the scenario's data:, e.g. data: {region: [a, b]}");
    }

    /** {@code yaml} (from {@link #minimal}) with a {@code data:} block. */
    static String withData(String yaml, String data) {
        String targets = "    targets: {gateway: http://127.0.0.1:8080, payments: http://127.0.0.1:8082}\n";
        assertThat(yaml).contains(targets);
        return yaml.replace(targets, targets + "    data: " + data + "\n");
    }

    /** {@code yaml} (from {@link #minimal}) with a {@code dependencies:} block. */
    static String withDependencies(String yaml, String dependencies) {
        String targets = "    targets: {gateway: http://127.0.0.1:8080, payments: http://127.0.0.1:8082}\n";
        assertThat(yaml).contains(targets);
        return yaml.replace(targets, targets + "    dependencies: " + dependencies + "\n");
    }

    @Test
    @DisplayName("burn-rate profiles set the probability and must land in (0, 1]")
    void burnRates() {
        String f = "{type: error, status: 503}";
        check(
                minimal(f, "{type: error, status: 503, burnRate: 300, slo: 0.99}"),
                "300",
                "scenarios[0].chaos[0].fault.burnRate",
                "burnRate × (1 − slo) = 3.0 is over 1; the largest burn rate for slo 0.99 is 100");
        check(
                minimal(f, "{type: error, status: 503, burnRate: 14.4}"),
                "{type: error, status: 503, b",
                "scenarios[0].chaos[0].fault.slo",
                "missing");
        check(
                minimal(f, "{type: error, status: 503, burnRate: 14.4, slo: 1}"),
                "1}",
                "scenarios[0].chaos[0].fault.slo",
                "between 0 and 1 exclusive");
        check(
                minimal(f, "{type: error, status: 503, burnRate: 0, slo: 0.99}"),
                "0, slo",
                "scenarios[0].chaos[0].fault.burnRate",
                "must be > 0");
        check(
                minimal(f, "{type: error, status: 503, burnRate: 6, slo: 0.99, probability: 0.5}"),
                "probability",
                "scenarios[0].chaos[0].fault.probability",
                "give either probability or burnRate with slo");
    }

    @Test
    @DisplayName("target hosts outside the allow-list are refused; the allow-list can be extended")
    void allowList() {
        String t = minimal("gateway: http://127.0.0.1:8080", "gateway: http://shop.example.com:8080");
        check(
                t,
                "http://shop",
                "scenarios[0].targets.gateway",
                "host 'shop.example.com' is not in the allow-list [127.0.0.1, ::1, localhost]");
        org.assertj.core.api.Assertions.assertThatCode(() -> new ScenarioLoader(
                                ValidationOptions.defaults().withAllowedHosts(Set.of("Shop.Example.com")))
                        .loadString("test.yaml", t))
                .doesNotThrowAnyException();
        check(
                minimal("gateway: http://127.0.0.1:8080", "gateway: ftp://127.0.0.1:8080"),
                "ftp",
                "scenarios[0].targets.gateway",
                "expected an http:// or https:// base URL");
        check(
                minimal("gateway: http://127.0.0.1:8080", "gateway: http://127.0.0.1:8080/api"),
                "http://127.0.0.1:8080/api",
                "scenarios[0].targets.gateway",
                "a base URL has no path");
    }

    @Test
    @DisplayName("duplicate scenario, phase, request and step names and duplicate keys are refused")
    void duplicates() {
        String one = minimal();
        String two = one + one.substring(one.indexOf("  - name: s")).replace("name: s\n", "name: s   \n");
        check(two, "name: s   ", "scenarios[1].name", "duplicate scenario name 's'");
        check(
                minimal("duration: 30s", "duration: 30s\n        duration: 20s"),
                "duration: 20s",
                "scenarios[0].phases[0].duration",
                "duplicate key 'duration'");
        check(
                minimal(
                        "- {name: r, target: gateway, path: /api/products}",
                        "- {name: r, target: gateway, path: /api/products}\n      - {name: r , target: gateway, path: /api/orders}"),
                "r , target",
                "scenarios[0].requests[1].name",
                "duplicate request name 'r'");
        check(
                minimal(
                        "      - name: one",
                        "      - name: one\n        duration: 1s\n        shape: {type: constant, rate: 1}\n      - name: one "),
                "one \n",
                "scenarios[0].phases[1].name",
                "duplicate phase name 'one'");
    }

    @Test
    @DisplayName("notifies names a receiver, a window and its anchor; notNotified a window; both keep their kind's key")
    void deliveryExpectations() throws Exception {
        Scenario s = new ScenarioLoader()
                .loadScenario(
                        "t.yaml",
                        minimal(
                                "{alert: ChaoslabHighErrorRatio, fires: {within: 1m, of: c}}",
                                "{alert: ChaoslabHighErrorRatio, labels: {service: payments}, notifies: {receiver: chat, within: 2m, of: c}}\n"
                                        + "      - {alert: ChaoslabHighErrorRatio, labels: {service: orders}, notNotified: {during: run}}"));
        assertThat(s.expectations()).hasSize(2);
        Expectation notifies = s.expectations().get(0);
        assertThat(notifies.kind()).isEqualTo(Expectation.Kind.NOTIFIES);
        assertThat(notifies.receiver()).isEqualTo("chat");
        assertThat(notifies.within()).isEqualTo(Duration.ofMinutes(2));
        assertThat(notifies.anchor().toString()).isEqualTo("chaos[0] (c)");
        Expectation quiet = s.expectations().get(1);
        assertThat(quiet.kind()).isEqualTo(Expectation.Kind.NOT_NOTIFIED);
        assertThat(quiet.kind().key()).isEqualTo("notNotified");
        assertThat(quiet.receiver()).isNull();
        assertThat(quiet.anchor()).isEqualTo(Anchor.RUN);
    }

    @Test
    @DisplayName("expectations must refer to existing phases and chaos steps, and state exactly one condition")
    void expectationReferences() {
        String e = "{alert: ChaoslabHighErrorRatio, fires: {within: 1m, of: c}}";
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio, fires: {within: 1m, of: boom}}"),
                "boom",
                "scenarios[0].expect[0].fires.of",
                "unknown phase or chaos step 'boom'. Expected one of: run, one, c, chaos[0]");
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio, fires: {within: 1m, of: \"chaos[3]\"}}"),
                "\"chaos[3]",
                "scenarios[0].expect[0].fires.of",
                "'chaos[3]' does not exist: the scenario has 1 chaos step (chaos[0] … chaos[0])");
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio, silent: {during: two}}"),
                "two",
                "scenarios[0].expect[0].silent.during",
                "unknown phase or chaos step 'two'");
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio}"),
                "{alert",
                "scenarios[0].expect[0]",
                "give one of fires: {within, of}, resolves: {within, of}, silent: {during}, notifies: {receiver, within, of} "
                        + "or notNotified: {during}");
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio, fires: {within: 1m, of: c}, silent: {during: run}}"),
                "{alert",
                "scenarios[0].expect[0]",
                "give exactly one of fires, resolves, silent, notifies and notNotified (got fires, silent)");
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio, notifies: {within: 1m, of: c}}"),
                "{within",
                "scenarios[0].expect[0].notifies.receiver",
                "missing");
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio, notifies: {receiver: pager, within: 1m, of: c, wait: 1s}}"),
                "wait",
                "scenarios[0].expect[0].notifies.wait",
                "unknown");
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio, notNotified: {during: nowhere}}"),
                "nowhere",
                "scenarios[0].expect[0].notNotified.during",
                "unknown phase or chaos step 'nowhere'");
        check(
                minimal(e, "{alert: High Errors, fires: {within: 1m, of: c}}"),
                "High",
                "scenarios[0].expect[0].alert",
                "expected a Prometheus alert name");
        check(
                minimal(e, "{alert: ChaoslabHighErrorRatio, fires: {of: c}}"),
                "{of",
                "scenarios[0].expect[0].fires.within",
                "missing");
        check(
                minimal(
                        e,
                        "{alert: ChaoslabHighErrorRatio, fires: {within: 1m, of: one}}",
                        "name: c, at",
                        "name: one, at"),
                "one}}",
                "scenarios[0].expect[0].fires.of",
                "'one' is both a phase and a chaos step; write phase:one or chaos:one");
    }

    @Test
    @DisplayName("thresholds name a known metric, request and phase, with a limit of the right kind")
    void thresholds() {
        String base = minimal("    expect:", "    thresholds:\n      - TH\n    expect:");
        check(
                base.replace("TH", "{metric: latency_99, below: 1s}"),
                "latency_99",
                "scenarios[0].thresholds[0].metric",
                "unknown metric 'latency_99'; did you mean 'latency_p99'? Expected one of: latency_p50, latency_p90");
        check(
                base.replace("TH", "{metric: latency_p99, below: 0.3}"),
                "0.3",
                "scenarios[0].thresholds[0].below",
                "a duration needs a unit");
        check(
                base.replace("TH", "{metric: error_ratio, below: 5}"),
                "5}",
                "scenarios[0].thresholds[0].below",
                "a ratio must be between 0 and 1 (got 5)");
        check(
                base.replace("TH", "{metric: error_ratio, request: rr, below: 1%}"),
                "rr,",
                "scenarios[0].thresholds[0].request",
                "unknown request 'rr'; did you mean 'r'?");
        check(
                base.replace("TH", "{metric: error_ratio, phase: two, below: 1%}"),
                "two",
                "scenarios[0].thresholds[0].phase",
                "unknown phase 'two'");
        check(
                base.replace("TH", "{metric: error_ratio, measure: service, below: 1%}"),
                "service",
                "scenarios[0].thresholds[0].measure",
                "applies only to latency metrics");
        check(
                base.replace("TH", "{metric: error_ratio}"),
                "{metric",
                "scenarios[0].thresholds[0].below",
                "missing; expected a ratio");
        check(
                base.replace("TH", "{metric: error_ratio, below: 1%, abortOnFail: yes please}"),
                "yes please",
                "scenarios[0].thresholds[0].abortOnFail",
                "expected true or false");
        check(
                base.replace("TH", "{metric: error_ratio, below: 1%, delayAbortEval: 10s}"),
                "10s}",
                "scenarios[0].thresholds[0].delayAbortEval",
                "applies only with abortOnFail: true");
        check(
                base.replace("TH", "{metric: error_ratio, below: 1%, abortOnFail: true, delayAbortEval: 30s}"),
                "30s}",
                "scenarios[0].thresholds[0].delayAbortEval",
                "is not shorter than the run (30s)");
    }

    @Test
    @DisplayName(
            "expectedStatuses: codes and classes; a journey's are its steps' default; anything else is refused with the way to write it")
    void expectedStatuses() throws ScenarioValidationException {
        String journey = minimal("- {name: r, target: gateway, path: /api/products}", """
      - {name: r, target: gateway, path: /api/products, expectedStatuses: [2xx, 409]}
            - name: j
              target: gateway
              expectedStatuses: [201]
              steps:
                - {name: a, path: /a}
                - {name: b, path: /b, expectedStatuses: ["2xx", 404]}""");
        List<RequestSpec> requests = load(journey).scenarios().get(0).requests();
        ExpectedStatuses plain = requests.get(0).steps().get(0).expectedStatuses();
        assertThat(plain.accepts(200)).isTrue();
        assertThat(plain.accepts(204)).isTrue();
        assertThat(plain.accepts(409)).isTrue();
        assertThat(plain.accepts(302)).isFalse();
        assertThat(plain.accepts(404)).isFalse();
        assertThat(plain.accepts(503)).isFalse();
        assertThat(plain).hasToString("2xx, 409");
        ExpectedStatuses a = requests.get(1).steps().get(0).expectedStatuses();
        assertThat(a.accepts(201)).isTrue();
        assertThat(a.accepts(200)).isFalse();
        ExpectedStatuses b = requests.get(1).steps().get(1).expectedStatuses();
        assertThat(b.accepts(200)).isTrue();
        assertThat(b.accepts(404)).isTrue();
        assertThat(b.accepts(201)).isTrue();
        ExpectedStatuses byDefault = load(minimal())
                .scenarios()
                .get(0)
                .requests()
                .get(0)
                .steps()
                .get(0)
                .expectedStatuses();
        assertThat(byDefault).isSameAs(ExpectedStatuses.DEFAULT);
        assertThat(byDefault.accepts(302)).isTrue();
        assertThat(byDefault.accepts(400)).isFalse();

        String field = "scenarios[0].requests[0].expectedStatuses";
        check(
                minimal("path: /api/products}", "path: /api/products, expectedStatuses: [2xx, 700]}"),
                "[2xx, 700]",
                field,
                "'700' is neither a status from 100 to 599 nor a class such as 2xx (write e.g. [2xx, 409]");
        check(
                minimal("path: /api/products}", "path: /api/products, expectedStatuses: [ok]}"),
                "[ok]",
                field,
                "'ok' is neither a status");
        check(
                minimal("path: /api/products}", "path: /api/products, expectedStatuses: []}"),
                "[]}",
                field,
                "the list is empty");
        check(
                minimal("path: /api/products}", "path: /api/products, expectedStatuses: 200}"),
                "200}",
                field,
                "expected a list");
    }

    @Test
    @DisplayName("abortOnFail and delayAbortEval are read as k6 names them")
    void abortOnFail() throws ScenarioValidationException {
        String base = minimal("    expect:", "    thresholds:\n      - TH\n    expect:");
        List<Threshold> thresholds = load(base.replace(
                        "TH",
                        "{metric: error_ratio, below: 1%, abortOnFail: true, delayAbortEval: 10s}\n      - {metric: latency_p99, below: 1s}"))
                .scenarios()
                .get(0)
                .thresholds();
        assertThat(thresholds.get(0).abortOnFail()).isTrue();
        assertThat(thresholds.get(0).delayAbortEval()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(thresholds.get(1).abortOnFail()).isFalse();
        assertThat(thresholds.get(1).delayAbortEval()).isZero();
    }

    @Test
    @DisplayName(
            "templates are checked when loading: unknown variables and journey references to steps that have not run")
    void templates() {
        check(
                minimal("path: /api/products}", "path: \"/api/products/${skuu}\"}"),
                "\"/api/products/$",
                "scenarios[0].requests[0].path",
                "unknown variable ${skuu}; known: randomInt(a,b), uuid, seq, steps.<name>.body.<path>, steps.<name>.status; "
                        + "declare other values under the scenario's data:, e.g. data: {skuu: [a, b]}");
        check(
                minimal("path: /api/products}", "path: \"/api/${steps.a.body.id}\"}"),
                "\"/api/$",
                "scenarios[0].requests[0].path",
                "values come only from earlier steps of a journey");
        // what a request line cannot carry is refused at load, not found by every request failing; ${…} may hold spaces
        check(
                minimal("path: /api/products}", "path: \"/api/products/SKU-00{{randomInt 1 5}}\"}"),
                "\"/api/products/SKU",
                "scenarios[0].requests[0].path",
                "the path has a space at offset 31, which a URL cannot carry; templates are "
                        + "written ${…}, e.g. /api/products/${sku} or ${randomInt(1,5)} ('{{ }}' is not one)");
        check(
                minimal("path: /api/products}", "path: \"/api/search?q=red kettle\"}"),
                "\"/api/search",
                "scenarios[0].requests[0].path",
                "the path has a space at offset 17, which a URL cannot carry; percent-encode it");
        assertThat(ScenarioParser.unsendableInPath("/api/products/${randomInt(1, 5)}?q=${ sku }"))
                .isNull();
        check(
                minimal("path: /api/products}", "path: /api/products, headers: {\"X Trace\": a}}"),
                "{\"X Trace",
                "scenarios[0].requests[0].headers.X Trace",
                "'X Trace' is not a valid header name");
        check(
                minimal("path: /api/products}", "path: /api/products, headers: {X-Note: \"a\\nb\"}}"),
                "{X-Note",
                "scenarios[0].requests[0].headers.X-Note",
                "a header value cannot contain a line break");
        assertThat(ScenarioParser.unsendableHeader("X-Request-Id", "${uuid} and more"))
                .isNull();
        String journey = minimal("- {name: r, target: gateway, path: /api/products}", """
      - name: j
              target: gateway
              steps:
                - {name: first, path: "/a/${steps.second.body.id}"}
                - {name: second, path: /b, body: {x: "${randomInt(5,1)}"}}
                - {name: third, path: "/c/${steps.fourth.status}"}""");
        List<ScenarioProblem> p = check(
                journey,
                "\"/a/",
                "scenarios[0].requests[0].steps[0].path",
                "${steps.second…} refers to a journey step, but nothing ran before this one");
        assertAt(
                p,
                journey,
                "\"/c/",
                "scenarios[0].requests[0].steps[2].path",
                "no earlier step named 'fourth' in this journey (earlier steps: first, second)");
        assertAt(
                p,
                journey,
                "{x:",
                "scenarios[0].requests[0].steps[1].body",
                "the lower bound 5 is above the upper bound 1");
    }

    @Test
    @DisplayName("a chaos step that outlasts the run is refused")
    void chaosOutlastsRun() {
        check(
                minimal("at: 5s", "at: 25s"),
                "10s, fault",
                "scenarios[0].chaos[0].duration",
                "the fault would end at 35s but the run ends at 30s");
    }

    @Test
    @DisplayName(
            "a chaos step whose ttl (duration + safety margin) is over the chaos API's ceiling is refused, saying the longest that fits")
    void faultTtlCeiling() throws Exception {
        String tooLong = minimal("duration: 30s", "duration: 3h", "duration: 10s, fault", "duration: 2h, fault");
        check(
                tooLong,
                "2h, fault",
                "scenarios[0].chaos[0].duration",
                "a 2h fault is sent with ttl 2h10s (the duration plus a "
                        + "10s safety margin), over the chaos API's ttl ceiling of 1h (CHAOS_MAX_TTL_MS of the targets); make it at most "
                        + "59m50s, or split it into consecutive chaos steps of at most 59m50s each");

        String justFits = minimal("duration: 30s", "duration: 2h", "duration: 10s, fault", "duration: 59m50s, fault");
        assertThat(load(justFits).scenarios().get(0).chaos().get(0).duration()).isEqualTo(Duration.ofSeconds(3590));
        String oneSecondMore =
                minimal("duration: 30s", "duration: 2h", "duration: 10s, fault", "duration: 59m51s, fault");
        check(oneSecondMore, "59m51s", "scenarios[0].chaos[0].duration", "ttl 1h1s");

        // the limit follows the engine's margin and the targets' ceiling when they are configured differently
        String oneHour = minimal("duration: 30s", "duration: 2h", "duration: 10s, fault", "duration: 1h, fault");
        assertThat(problems(oneHour))
                .singleElement()
                .extracting(ScenarioProblem::field)
                .isEqualTo("scenarios[0].chaos[0].duration");
        assertThat(new ScenarioLoader(ValidationOptions.defaults().withFaultTtlMarginMs(0))
                        .loadString("test.yaml", oneHour)
                        .scenarios())
                .hasSize(1);
        ScenarioLoader twoHourTtl =
                new ScenarioLoader(ValidationOptions.defaults().withMaxFaultTtlMs(7_200_000));
        assertAt(
                problems(twoHourTtl, tooLong),
                tooLong,
                "2h, fault",
                "scenarios[0].chaos[0].duration",
                "over the chaos API's ttl ceiling of 2h (CHAOS_MAX_TTL_MS of the targets); make it at most 1h59m50s");
        assertThatThrownBy(() -> ValidationOptions.defaults().withMaxFaultTtlMs(10_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFaultTtlMs must be > faultTtlMarginMs");
        // the ceilings are the chaos module's: same defaults, same checks naming the limit
        assertThat(ValidationOptions.defaults().maxLatencyMs()).isEqualTo(ChaosOptions.DEFAULT_MAX_LATENCY_MS);
        assertThat(ValidationOptions.defaults().maxCpuMs()).isEqualTo(ChaosOptions.DEFAULT_MAX_CPU_MS);
        assertThat(ValidationOptions.defaults().maxFaultTtlMs()).isEqualTo(ChaosOptions.DEFAULT_MAX_TTL_MS);
        assertThatThrownBy(() -> ValidationOptions.defaults().withMaxLatencyMs(0))
                .hasMessage("maxLatencyMs must be > 0");
        String slowFault =
                minimal("{type: error, status: 503}", "{type: latency, latency: {distribution: fixed, ms: 50}}");
        assertAt(
                problems(new ScenarioLoader(ValidationOptions.defaults().withMaxLatencyMs(40)), slowFault),
                slowFault,
                "50}",
                "scenarios[0].chaos[0].fault.latency.ms",
                "must be ≤ 40 (the latency ceiling");
    }

    @Test
    @DisplayName("a fault over the ttl ceiling is reported together with the file's other problems, in file order")
    void faultTtlWithOtherProblems() {
        String text = minimal(
                "duration: 30s",
                "duration: 1h",
                "path: /api/products}",
                "path: /api/products, colour: red}",
                "duration: 10s, fault",
                "duration: 90m, fault",
                "fires: {within: 1m, of: c}",
                "fires: {within: 1m, of: cc}");
        List<ScenarioProblem> p = problems(text);
        assertThat(p)
                .extracting(ScenarioProblem::field)
                .containsExactly(
                        "scenarios[0].requests[0].colour",
                        "scenarios[0].chaos[0].duration", // outlasts the 1h run
                        "scenarios[0].chaos[0].duration", // and its ttl is over the ceiling
                        "scenarios[0].expect[0].fires.of");
        assertAt(
                p,
                text,
                "90m, fault",
                "scenarios[0].chaos[0].duration",
                "the fault would end at 1h30m5s but the run ends at 1h");
        assertAt(p, text, "90m, fault", "scenarios[0].chaos[0].duration", "a 1h30m fault is sent with ttl 1h30m10s");
    }

    @Test
    @DisplayName("broken YAML is one problem with its position")
    void brokenYaml() {
        List<ScenarioProblem> p = problems("scenarios:\n  - name: x\n   phases: [\n");
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(3);
            assertThat(x.message()).startsWith("not valid YAML");
        });
    }

    @Test
    @DisplayName("several problems in several scenarios are reported together, in file order, one line each")
    void manyProblems() {
        String text = """
      scenarios:
        - name: a
          targets: {gateway: http://10.0.0.1:8080}
          phases:
            - {name: p, duration: -1s, shape: {type: constant, rate: 1}}
          requests:
            - {name: r, target: gateway, path: /x, wieght: 2}
        - name: b
          targets: {gateway: http://127.0.0.1:8080}
          phases:
            - {name: p, duration: 1m, shape: {type: ramp, from: 1}}
          requests:
            - {name: r, target: gateway, path: /x}
          chaos:
            - {at: 10s, target: db, duration: 10s, fault: {type: latency}}
      """;
        ScenarioValidationException e = org.junit.jupiter.api.Assertions.assertThrows(
                ScenarioValidationException.class, () -> new ScenarioLoader().loadString("many.yaml", text));
        assertThat(e.problems())
                .extracting(ScenarioProblem::field)
                .containsExactly(
                        "scenarios[0].targets.gateway",
                        "scenarios[0].phases[0].duration",
                        "scenarios[0].requests[0].wieght",
                        "scenarios[1].phases[0].shape.to",
                        "scenarios[1].chaos[0].target",
                        "scenarios[1].chaos[0].fault.latency");
        assertThat(e.getMessage())
                .startsWith(
                        "many.yaml has 6 problems:\n  many.yaml:3:24: scenarios[0].targets.gateway: host '10.0.0.1'");
    }
}
