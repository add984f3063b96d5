package dev.chaoslab.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {

    /** A real recording of the shipped payments-error-burst scenario (see its README). */
    private static final Path BURST =
            Paths.get("..", "simulator", "src", "test", "resources", "tune", "payments-error-burst.recording.json");

    @TempDir
    Path dir;

    @Test
    @DisplayName("tune prints the Pareto front, the recommendation and the YAML diff, and writes promtool tests")
    void tunes() throws Exception {
        CliRunner cli = new CliRunner();
        int code = cli.execute("tune", "ChaoslabHighErrorRatio", BURST.toString(), "--emit-tests", dir.toString());
        assertThat(code).as(cli.err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString())
                .contains("Pareto front")
                .contains("window")
                .contains("current")
                .contains("* recommended.")
                .contains("wrote ");
        assertThat(dir.resolve("ChaoslabHighErrorRatio.test.yml")).exists();
        assertThat(Files.readString(dir.resolve("ChaoslabHighErrorRatio.test.yml")))
                .contains("input_series:")
                .contains("alert_rule_test:");
        // the recommended variant's margin chart on the run goes beside the tests
        try (var charts = Files.list(dir)) {
            Path chart = charts.filter(p -> p.getFileName().toString().endsWith(".margin.html"))
                    .findFirst()
                    .orElseThrow();
            assertThat(chart.getFileName().toString()).startsWith("ChaoslabHighErrorRatio.r-");
            assertThat(Files.readString(chart))
                    .contains("<svg")
                    .contains("class=\"threshold\"")
                    .contains("class=\"fault\"")
                    .contains("class=\"firing\"");
        }
    }

    @Test
    @DisplayName("--out writes the margin charts alone; a directory that cannot be made ends with a message and exit 2")
    void charts() throws Exception {
        Path out = dir.resolve("charts");
        CliRunner cli = new CliRunner();
        assertThat(cli.execute("tune", "ChaoslabHighErrorRatio", BURST.toString(), "--out", out.toString()))
                .as(cli.err.toString())
                .isEqualTo(ExitCodes.OK);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement()
                    .satisfies(name -> assertThat(name).endsWith(".margin.html"));
        }

        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        CliRunner blocked = new CliRunner();
        assertThat(blocked.execute("tune", "ChaoslabHighErrorRatio", BURST.toString(), "--out", file.toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(blocked.err.toString()).contains("cannot write the margin charts to");
    }

    @Test
    @DisplayName(
            "a run without recording, an unknown alert and a rule that cannot be split end with a message and exit 2")
    void badInput() throws Exception {
        CliRunner noRecording = new CliRunner();
        assertThat(noRecording.execute("tune", "ChaoslabHighErrorRatio", dir.toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(noRecording.err.toString()).contains("no recording there");

        CliRunner unknown = new CliRunner();
        assertThat(unknown.execute("tune", "NoSuchAlert", BURST.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unknown.err.toString())
                .contains("no recording holds the alert rule NoSuchAlert")
                .contains("ChaoslabHighErrorRatio");

        Path absent = dir.resolve("absent.json");
        Files.writeString(
                absent,
                "{\"runId\":\"r1\",\"startedAt\":\"2026-01-01T00:00:00Z\",\"rules\":[{\"alert\":\"Gone\","
                        + "\"expr\":\"absent(up)\",\"intervalMs\":5000,\"conditions\":[]}]}");
        CliRunner unsplit = new CliRunner();
        assertThat(unsplit.execute("tune", "Gone", absent.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unsplit.err.toString()).contains("no threshold comparison to split");

        CliRunner grace = new CliRunner();
        assertThat(grace.execute("tune", "ChaoslabHighErrorRatio", BURST.toString(), "--grace", "soon"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(grace.err.toString()).contains("--grace");

        CliRunner window = new CliRunner();
        assertThat(window.execute("tune", "ChaoslabHighErrorRatio", BURST.toString(), "--windows", "1m,soon"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(window.err.toString()).contains("--windows").contains("soon");

        CliRunner tooShort = new CliRunner();
        assertThat(tooShort.execute("tune", "ChaoslabHighErrorRatio", BURST.toString(), "--windows", "5s"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(tooShort.err.toString()).contains("window 5s is shorter than twice the step");

        CliRunner tooMany = new CliRunner();
        assertThat(tooMany.execute(
                        "tune",
                        "ChaoslabHighErrorRatio",
                        BURST.toString(),
                        "--windows",
                        "10s,20s,30s,40s,50s,1m,70s,80s,90s,100s,110s,2m,130s"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(tooMany.err.toString()).contains("13 windows asked for; try at most 12");
    }
}
