package dev.chaoslab.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Shapes of YAML that cost more to read than their text suggests: each is a located problem, never a crash. */
class HostileYamlTest {

    /** Nine levels of ten aliases each: under 1 KB of text, 10^9 values when expanded; under the alias-count limit. */
    static String aliasBomb() {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            String prev = "*a" + (i - 1);
            y.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [")
                    .append(String.join(", ", List.of(prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)))
                    .append("]\n");
        }
        return "name: bomb\nphases: []\nrequests: []\nextra:\n" + y.toString().indent(2);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("an alias expansion that multiplies the document is refused by its expanded size, at the alias")
    void expandedSizeIsBounded() {
        String text = aliasBomb();
        assertThat(text.length()).isLessThan(1024);
        List<ScenarioProblem> p = ScenarioLoaderTest.problems(text);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.message()).contains("more than " + YamlLimits.MAX_EXPANDED_NODES + " values");
            assertThat(x.line()).isGreaterThan(4);
        });
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("modest reuse through aliases stays allowed")
    void modestAliasesLoad() throws Exception {
        String text = """
      scenarios:
        - name: a
          targets: {gateway: http://127.0.0.1:8080}
          phases:
            - {name: p, duration: 1s, shape: &shape {type: constant, rate: 5}}
            - {name: q, duration: 1s, shape: *shape}
          requests: [{name: r, target: gateway, path: /}]
      """;
        assertThat(new ScenarioLoader().loadString("test.yaml", text).scenarios())
                .hasSize(1);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("a recursive alias is a located problem")
    void recursiveAlias() {
        List<ScenarioProblem> p = ScenarioLoaderTest.problems("name: r\nphases: &p [1, *p]\n");
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.message()).contains("recursive alias");
            assertThat(x.line()).isEqualTo(2);
        });
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("nesting deeper than the limit is a located problem, in flow and block style, not a stack overflow")
    void deepNesting() {
        int depth = 200_000;
        String flow = "name: deep\nphases: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
        assertThat(ScenarioLoaderTest.problems(flow))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).contains("nested more than " + YamlLimits.MAX_DEPTH));
        StringBuilder block = new StringBuilder("name: deep\nphases:\n");
        for (int i = 0; i < 100; i++) {
            block.append("  ".repeat(i + 1)).append("- \n");
        }
        assertThat(ScenarioLoaderTest.problems(block.toString()))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).contains("nested more than"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("problems quote a short excerpt of a value, never the whole of it")
    void problemsQuoteExcerpts() {
        String secret = "s".repeat(100_000);
        List<ScenarioProblem> p = ScenarioLoaderTest.problems(
                "name: x\nphases: " + secret + "\nrequests: []\n" + secret.substring(0, 5000) + ": 1\n");
        assertThat(p)
                .isNotEmpty()
                .allSatisfy(x -> assertThat(x.message().length()).isLessThan(1000));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("phases x request labels past the meter budget is a problem naming the limit; at the limit it loads")
    void meterCardinalityIsBounded() throws Exception {
        assertThat(ScenarioLoaderTest.problems(manyMeters(21, 24)))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.field()).isEqualTo("phases");
                    assertThat(x.message()).contains("504").contains("limit of " + MeterBudget.MAX_PHASE_LABELS);
                });
        assertThat(new ScenarioLoader()
                        .loadScenario("test.yaml", manyMeters(20, 25))
                        .phases())
                .hasSize(20);
    }

    private static String manyMeters(int phases, int requests) {
        StringBuilder y = new StringBuilder("name: many\ntargets: {app: http://127.0.0.1:8080}\nphases:\n");
        for (int i = 0; i < phases; i++) {
            y.append("  - {name: p").append(i).append(", duration: 1s, shape: {type: constant, rate: 1}}\n");
        }
        y.append("requests:\n");
        for (int i = 0; i < requests; i++) {
            y.append("  - {name: r").append(i).append(", target: app, path: /}\n");
        }
        return y.toString();
    }

    @Test
    @DisplayName("requests may not set framing headers nor call the targets' chaos API, however the path is spelled")
    void reservedRequests() throws Exception {
        for (String header : List.of("Content-Length", "transfer-encoding", "Connection", "Upgrade")) {
            assertThat(ScenarioLoaderTest.problems(oneRequest("/api", header + ": '5'")))
                    .singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("frames the connection"));
        }
        for (String path : List.of(
                "/chaos/faults",
                "/CHAOS/faults",
                "//chaos/faults",
                "/./chaos/faults",
                "/api/../chaos/faults",
                "/x/%2e%2e/chaos/faults",
                "/%63haos/faults",
                "/chaos",
                "/cha${seq}")) {
            assertThat(ScenarioLoaderTest.problems(oneRequest(path, "X-Ok: '1'")))
                    .as(path)
                    .singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("chaos API"));
        }
        assertThat(new ScenarioLoader()
                        .loadScenario("test.yaml", oneRequest("/api/chaosmonkeys", "X-Ok: '1'"))
                        .name())
                .isEqualTo("r");
    }

    private static String oneRequest(String path, String header) {
        return """
      name: r
      targets: {app: http://127.0.0.1:8080}
      phases: [{name: p, duration: 1s, shape: {type: constant, rate: 1}}]
      requests:
        - name: q
          target: app
          path: "%s"
          headers: {%s}
      """.formatted(path, header);
    }

    @Test
    @DisplayName("values that would only fail at run time are refused when loading: durations, weights, ranges, ports")
    void runTimeFailuresCaughtEarly() {
        String request = "requests: [{name: q, target: app, path: /, timeout: %s}]\n";
        String phase = "phases: [{name: p, duration: %s, shape: {type: constant, rate: 1}}]\n";
        String app = "name: r\ntargets: {app: 'http://127.0.0.1:%s'}\n";
        for (String text : List.of(
                app.formatted("8080") + phase.formatted("0.5ms") + request.formatted("1s"),
                app.formatted("8080") + phase.formatted("1s") + request.formatted("0.0001s"))) {
            assertThat(ScenarioLoaderTest.problems(text))
                    .singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("whole milliseconds"));
        }
        String weights =
                "requests: [{name: q, weight: 1e308, target: app, path: /}, {name: w, target: app, path: /}]\n";
        assertThat(ScenarioLoaderTest.problems(app.formatted("8080") + phase.formatted("1s") + weights))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).contains("over the limit of 1000000"));
        String wide =
                "requests: [{name: q, target: app, path: '/${randomInt(-9223372036854775808,9223372036854775807)}'}]\n";
        assertThat(ScenarioLoaderTest.problems(app.formatted("8080") + phase.formatted("1s") + wide))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).contains("too wide"));
        for (String port : List.of("99999", "0")) {
            assertThat(ScenarioLoaderTest.problems(
                            app.formatted(port) + phase.formatted("1s") + request.formatted("1s")))
                    .singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("a port is 1 to 65535"));
        }
    }

    @Test
    @DisplayName("a chaos step's labels are judged with the ones the run adds, by the chaos API's own rules")
    void faultLabelsAsTheRunSendsThem() throws Exception {
        String scenario = """
      name: r
      targets: {app: http://127.0.0.1:8080}
      phases: [{name: p, duration: 1m, shape: {type: constant, rate: 1}}]
      requests: [{name: q, target: app, path: /}]
      chaos:
        - {at: 1s, target: app, duration: 10s, fault: {type: reset, labels: {%s}}}
      """;
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            many.append(i == 0 ? "" : ", ").append("l").append(i).append(": v");
        }
        // 14 of its own fit the chaos API's 16 alone, not with the run's three
        assertThat(ScenarioLoaderTest.problems(scenario.formatted(many)))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.field()).isEqualTo("chaos[0].fault.labels");
                    assertThat(x.message()).contains("at most 16").contains("run_id, scenario, step");
                    assertThat(x.line()).isEqualTo(6);
                });
        for (String reserved : ChaosStep.RUN_LABELS) {
            assertThat(ScenarioLoaderTest.problems(scenario.formatted(reserved + ": mine")))
                    .singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("set by the run"));
        }
        assertThat(ScenarioLoaderTest.problems(scenario.formatted("'9lives': v")))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).contains("is not a label name"));
        StringBuilder thirteen = new StringBuilder();
        for (int i = 0; i < 13; i++) {
            thirteen.append(i == 0 ? "" : ", ").append("l").append(i).append(": v");
        }
        assertThat(new ScenarioLoader()
                        .loadString("test.yaml", scenario.formatted(thirteen))
                        .scenarios())
                .singleElement()
                .satisfies(
                        s -> assertThat(s.chaos().get(0).fault().get("labels")).isInstanceOf(Map.class));
    }

    @Test
    @DisplayName("an expectation's window longer than a run may last is refused where it is written")
    void absurdWindows() {
        String scenario = """
      name: r
      targets: {app: http://127.0.0.1:8080}
      phases: [{name: p, duration: 1m, shape: {type: constant, rate: 1}}]
      requests: [{name: q, target: app, path: /}]
      expect:
        - {alert: A, %s}
      """;
        for (String window : List.of(
                "fires: {within: 25h, of: run}",
                "resolves: {within: 9999h, of: run}",
                "notifies: {receiver: pager, within: 100h, of: run}")) {
            assertThat(ScenarioLoaderTest.problems(scenario.formatted(window)))
                    .as(window)
                    .singleElement()
                    .satisfies(x -> {
                        assertThat(x.field()).endsWith(".within");
                        assertThat(x.message()).contains("longer than a run may last (24h)");
                        assertThat(x.line()).isEqualTo(6);
                    });
        }
    }

    @Test
    @DisplayName("a file too large, or not UTF-8, is a problem naming the file, not an out-of-memory or a crash")
    void oddFiles(@TempDir Path dir) throws Exception {
        Path big = Files.write(dir.resolve("big.yaml"), new byte[(int) ScenarioLoader.MAX_FILE_BYTES + 1]);
        Path latin = Files.write(dir.resolve("latin.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9});
        for (Path file : List.of(big, latin)) {
            try {
                new ScenarioLoader().load(file);
                throw new AssertionError("expected problems for " + file);
            } catch (ScenarioValidationException e) {
                assertThat(e.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.source()).isEqualTo(file.toString()));
            }
        }
    }
}
