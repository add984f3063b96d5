package dev.chaoslab.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.api.TestTarget;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit codes, with real runs against a loopback target. */
@ExtendWith(VertxExtension.class)
class MainTest {

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int execute(String... args) {
        return cli.execute(args);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("validate prints every problem as file:line:column: field: message and exits 2")
    void validateInvalid() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
        scenarios:
          - name: broken
            targets: {gateway: "http://127.0.0.1:8080"}
            phases:
              - {name: p, duration: -5s, shape: {type: constant, rate: 10}}
            requests:
              - {name: r, target: gateway, method: GET, path: /, colour: red}
        """);
        assertThat(execute("validate", file.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out.toString())
                .containsPattern(Pattern.quote(file.toString()) + ":5:\\d+: scenarios\\[0]\\.phases\\[0]\\.duration: ");
        assertThat(out.toString()).contains("colour").containsPattern("\\d+ problems in ");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("validate exits 0 for a valid file and names its scenarios")
    void validateValid() throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(
                file,
                TestTarget.scenarioFile(
                        "fine", "http://127.0.0.1:8080", 2, 10, "      - {metric: error_ratio, below: 0.5}"));
        assertThat(execute("validate", file.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("1 scenario valid: fine");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("run exits 2 without running when the file or the scenario name is wrong")
    void runInvalidInput() throws Exception {
        assertThat(execute(
                        "run",
                        "x",
                        "--file",
                        dir.resolve("missing.yaml").toString(),
                        "--data-dir",
                        dir.resolve("data").toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("missing.yaml");
        Path file = dir.resolve("ok.yaml");
        Files.writeString(
                file,
                TestTarget.scenarioFile(
                        "fine", "http://127.0.0.1:8080", 2, 10, "      - {metric: error_ratio, below: 0.5}"));
        assertThat(execute(
                        "run",
                        "nope",
                        "--file",
                        file.toString(),
                        "--data-dir",
                        dir.resolve("data").toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("There is no scenario 'nope'", "fine");
        assertThat(execute(
                        "run",
                        "fine",
                        "--file",
                        file.toString(),
                        "--target",
                        "gateway=http://192.0.2.1:80",
                        "--data-dir",
                        dir.resolve("data").toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(execute("run", "--bogus-flag")).isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("run exits 1 when a threshold fails and 0 when every threshold holds, and leaves a report")
    void runExitCodes(Vertx vertx) throws Exception {
        TestTarget failing = TestTarget.start(vertx, 503);
        TestTarget healthy = TestTarget.start(vertx, 200);
        try {
            Path file = dir.resolve("tiny.yaml");
            Files.writeString(
                    file,
                    TestTarget.scenarioFile(
                            "tiny", "http://127.0.0.1:1", 2, 10, "      - {metric: error_ratio, below: 0.5}"));
            String data = dir.resolve("data").toString();

            int failed = execute(
                    "run",
                    "tiny",
                    "--file",
                    file.toString(),
                    "--target",
                    "gateway=" + failing.url(),
                    "--data-dir",
                    data);
            assertThat(failed).as(out + "\n" + err).isEqualTo(ExitCodes.CHECKS_FAILED);
            assertThat(out.toString()).contains("FAIL  error_ratio < 0.5", "Report: ");

            out.getBuffer().setLength(0);
            int passed = execute(
                    "run",
                    "tiny",
                    "--file",
                    file.toString(),
                    "--target",
                    "gateway=" + healthy.url(),
                    "--data-dir",
                    data);
            assertThat(passed).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("PASS  error_ratio < 0.5", "browse");

            try (var runs = Files.list(dir.resolve("data").resolve("runs"))) {
                var reports = runs.map(d -> d.resolve("report.json")).toList();
                assertThat(reports).hasSize(2).allMatch(Files::isRegularFile);
                for (Path report : reports) {
                    JsonObject json = new JsonObject(Files.readString(report));
                    assertThat(json.getString("state")).isEqualTo("completed");
                    assertThat(json.getJsonObject("totals").getLong("sent")).isPositive();
                }
            }
        } finally {
            failing.close();
            healthy.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("demo starts the targets in-process, points the scenario at them and leaves a report")
    void demo() throws Exception {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, """
        scenarios:
          - name: short-demo
            targets: {gateway: "http://127.0.0.1:1"}
            phases:
              - {name: only, duration: 2s, shape: {type: constant, rate: 5}}
            requests:
              - {name: list, target: gateway, method: GET, path: /api/products}
        """);
        int code = execute(
                "demo",
                "--scenario",
                "short-demo",
                "--file",
                file.toString(),
                "--free-ports",
                "--no-local-prometheus",
                "--data-dir",
                dir.resolve("data").toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Targets running in this process", "Run r-", "Report: ");
        try (var runs = Files.list(dir.resolve("data").resolve("runs"))) {
            Path report = runs.findFirst().orElseThrow().resolve("report.json");
            JsonObject json = new JsonObject(Files.readString(report));
            assertThat(json.getJsonObject("totals").getLong("sent")).isEqualTo(10L);
            // the request went to the in-process gateway, not to the unreachable URL of the file
            assertThat(json.getJsonObject("totals").getJsonObject("errors").getLong("connect_refused"))
                    .isZero();
        }
    }
}
