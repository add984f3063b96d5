package dev.chaoslab.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.Main;
import dev.chaoslab.simulator.api.TestTarget;
import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ValidationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the commands turn their flags into the engine's and the loader's options. Nothing here starts a run:
 * either the flags are only parsed, or the command stops at a refused value before anything starts.
 */
@Timeout(60)
class CommandOptionsTest {

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    /** A file with one scenario of one 2 s phase at {@code rate} requests/s. */
    private Path scenarioFile(String name, int rate) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(
                file,
                TestTarget.scenarioFile(
                        name, "http://127.0.0.1:8080", 2, rate, "      - {metric: error_ratio, below: 0.5}"));
        return file;
    }

    /** The command object picocli filled from {@code args} (parsed only, not executed). */
    @SuppressWarnings("unchecked")
    private static <T> T parse(String... args) {
        return (T) Main.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    @DisplayName(
            "--max-rate is the one rate ceiling: run, serve and demo give the engine's dial and the scenario loader the same value")
    void oneCeiling() {
        for (String command : List.of("run", "serve", "demo")) {
            String[] args = command.equals("run") ? new String[] {command, "some-scenario"} : new String[] {command};
            EngineCommand defaults = parse(args);
            RunManagerOptions engine = defaults.runManagerOptions();
            assertThat(engine.maxRate())
                    .as(command)
                    .isEqualTo(RunManagerOptions.DEFAULT_MAX_RATE)
                    .isEqualTo(20_000);
            assertThat(defaults.common.validationOptions(engine).maxRate())
                    .as(command)
                    .isEqualTo(20_000);

            String[] withFlag = Stream.concat(Stream.of(args), Stream.of("--max-rate", "750"))
                    .toArray(String[]::new);
            EngineCommand configured = parse(withFlag);
            engine = configured.runManagerOptions();
            assertThat(engine.maxRate()).as(command).isEqualTo(750);
            ValidationOptions limits = configured.common.validationOptions(engine);
            assertThat(limits.maxRate()).as(command).isEqualTo(750);
            assertThat(limits.faultTtlMarginMs()).as(command).isEqualTo(engine.chaosTtlMarginMs());
        }
        ValidateCommand validate = parse("validate", "--max-rate", "750");
        assertThat(validate.common.validationOptions().maxRate()).isEqualTo(750);
    }

    @Test
    @DisplayName("validate and run accept what the engine can send by default and refuse what is over --max-rate")
    void ceilingInValidation() throws Exception {
        Path file = scenarioFile("fast", 15_000);
        // 15 000 req/s was refused by the loader's old 10 000 ceiling although the engine's dial went to 20 000
        assertThat(cli.execute("validate", file.toString()))
                .as(cli.out + "\n" + cli.err)
                .isEqualTo(ExitCodes.OK);

        assertThat(cli.execute("validate", file.toString(), "--max-rate", "12000"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.out.toString())
                .contains("15000 requests/s is over the configured ceiling of 12000 requests/s; "
                        + "lower the rate or raise the ceiling with --max-rate");

        assertThat(cli.execute(
                        "run",
                        "fast",
                        "--file",
                        file.toString(),
                        "--max-rate",
                        "12000",
                        "--data-dir",
                        dir.resolve("data").toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).contains("over the configured ceiling of 12000 requests/s", "nothing was run");
        assertThat(dir.resolve("data").resolve("runs")).doesNotExist();
    }

    @Test
    @DisplayName("run refuses a --rate-multiplier that would take the scenario over --max-rate, before anything runs")
    void multiplierOverCeiling() throws Exception {
        Path file = scenarioFile("slow", 10);
        assertThat(cli.execute(
                        "run",
                        "slow",
                        "--file",
                        file.toString(),
                        "--max-rate",
                        "50",
                        "--rate-multiplier",
                        "10",
                        "--data-dir",
                        dir.resolve("data").toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString().strip())
                .isEqualTo(
                        "--rate-multiplier: 10.0 would ask for 100 requests/s at the scenario's "
                                + "peak of 10 requests/s, over the rate ceiling of 50 requests/s; use at most 5.0 or raise the ceiling with --max-rate");
        assertThat(dir.resolve("data").resolve("runs")).doesNotExist();

        cli.err.getBuffer().setLength(0);
        assertThat(cli.execute(
                        "run",
                        "slow",
                        "--file",
                        file.toString(),
                        "--rate-multiplier",
                        "0",
                        "--data-dir",
                        dir.resolve("data").toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).contains("--rate-multiplier: must be a number > 0, was 0.0");
    }

    @Test
    @DisplayName("a refused --max-rate or --max-runs names the flag and its limit and exits 2 before anything starts")
    void badCeilingFlags() throws Exception {
        Path file = scenarioFile("slow", 10);
        for (String[] args : List.of(
                new String[] {"validate", file.toString(), "--max-rate", "0"},
                new String[] {"run", "slow", "--file", file.toString(), "--max-rate", "-5"},
                new String[] {"demo", "--file", file.toString(), "--scenario", "slow", "--max-rate", "0"},
                new String[] {"serve", "--port", "0", "--max-rate", "0"})) {
            cli.err.getBuffer().setLength(0);
            assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(cli.err.toString())
                    .as(String.join(" ", args))
                    .startsWith("--max-rate: maxRate must be a finite number > 0 requests/s, was ");
        }
        cli.err.getBuffer().setLength(0);
        assertThat(cli.execute("serve", "--port", "0", "--max-runs", "0")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString().strip()).isEqualTo("--max-runs: maxConcurrentRuns must be > 0, was 0");
    }

    @Test
    @DisplayName(
            "--max-in-flight, --lanes and --connect-timeout-ms set the run manager's default load options in run, serve and demo")
    void loadFlags() {
        for (String command : List.of("run", "serve", "demo")) {
            String[] args = command.equals("run") ? new String[] {command, "some-scenario"} : new String[] {command};
            LoadOptions defaults =
                    ((EngineCommand) parse(args)).runManagerOptions().load();
            assertThat(defaults.inFlightCap()).as(command).isEqualTo(LoadOptions.DEFAULT_IN_FLIGHT_CAP);
            assertThat(defaults.lanes()).as(command).isEqualTo(LoadOptions.DEFAULT_LANES);
            assertThat(defaults.connectTimeoutMs()).as(command).isEqualTo(LoadOptions.DEFAULT_CONNECT_TIMEOUT_MS);

            String[] withFlags = Stream.concat(
                            Stream.of(args),
                            Stream.of("--max-in-flight", "123", "--lanes", "3", "--connect-timeout-ms", "30000"))
                    .toArray(String[]::new);
            LoadOptions load =
                    ((EngineCommand) parse(withFlags)).runManagerOptions().load();
            assertThat(load.inFlightCap()).as(command).isEqualTo(123);
            assertThat(load.lanes()).as(command).isEqualTo(3);
            assertThat(load.connectTimeoutMs()).as(command).isEqualTo(30_000);
        }
    }

    @Test
    @DisplayName(
            "a refused --max-in-flight, --lanes or --connect-timeout-ms names the flag and its limit and exits 2 before anything starts")
    void badLoadFlags() throws Exception {
        Path file = scenarioFile("slow", 10);
        Map<String, String> refused = Map.of(
                "--lanes=65", "--lanes: lanes must be at most 64, was 65",
                "--lanes=0", "--lanes: lanes must be > 0, was 0",
                "--max-in-flight=0", "--max-in-flight: inFlightCap must be > 0, was 0",
                "--connect-timeout-ms=0", "--connect-timeout-ms: connectTimeoutMs must be > 0, was 0",
                "--connect-timeout-ms=120001",
                        "--connect-timeout-ms: connectTimeoutMs must be at most 120000, was 120001");
        for (List<String> command : List.of(
                List.of("run", "slow", "--file", file.toString()),
                List.of("demo", "--file", file.toString(), "--scenario", "slow", "--free-ports"),
                List.of("serve", "--port", "0"))) {
            for (Map.Entry<String, String> flag : refused.entrySet()) {
                String[] args = Stream.concat(
                                command.stream(),
                                Stream.of(
                                        flag.getKey(),
                                        "--data-dir",
                                        dir.resolve("data").toString()))
                        .toArray(String[]::new);
                cli.err.getBuffer().setLength(0);
                assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.INVALID_INPUT);
                assertThat(cli.err.toString().strip())
                        .as(String.join(" ", args))
                        .isEqualTo(flag.getValue());
            }
        }
        assertThat(dir.resolve("data").resolve("runs")).doesNotExist();
        assertThat(cli.execute("validate", file.toString(), "--lanes", "2")).isEqualTo(ExitCodes.INVALID_INPUT);
    }
}
