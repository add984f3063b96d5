package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code run <scenario>}: runs one scenario from a file with a live progress line and a summary at the end. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Runs a scenario: live progress line, summary table and report at the end. Exit 0 when every "
                        + "threshold and alert expectation held, 1 when one failed, 2 for invalid input, 3 when the run failed.")
public final class RunCommand extends EngineCommand {

    @Parameters(paramLabel = "SCENARIO", description = "The name of the scenario to run.")
    String scenario;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            defaultValue = "scenarios.yaml",
            description = "The scenario file (default ${DEFAULT-VALUE}).")
    Path file;

    @Option(
            names = {"-t", "--target"},
            paramLabel = "NAME=URL",
            description = "Replace a target's base URL, e.g. --target gateway=http://127.0.0.1:18080 (repeatable).")
    Map<String, String> targets = new LinkedHashMap<>();

    @Option(names = "--rate-multiplier", paramLabel = "X", description = "Multiply every phase's rate by X (> 0).")
    Double rateMultiplier;

    @Override
    int execute() {
        RunManagerOptions options = runManagerOptions();
        ScenarioSelection selection =
                ScenarioSelection.load(err(), common.validationOptions(options), file, scenario, targets);
        if (selection.exitCode() != ExitCodes.OK) {
            return selection.exitCode();
        }
        Scenario chosen = selection.scenario();
        RunOptions runOptions = RunOptions.defaults();
        if (rateMultiplier != null) {
            checkMultiplier(chosen, options.maxRate());
            runOptions = runOptions.withRateMultiplier(rateMultiplier);
        }
        PrintWriter out = out();
        try (SimulatorRuntime runtime = SimulatorRuntime.open(common.dataDir)) {
            String metrics = runtime.serveMetrics();
            try (AlertSetup alertSetup = alerts.setUp(runtime.vertx(), chosen, metrics, out, false)) {
                runtime.startRuns(options, alertSetup.check());
                try {
                    return new RunWatcher(out, err()).run(runtime, chosen, runOptions);
                } finally {
                    runtime.closeRuns();
                }
            }
        }
    }

    /** The dial is set before the first request; over the ceiling nothing runs, and the message says what fits. */
    private void checkMultiplier(Scenario chosen, double ceiling) {
        if (!(rateMultiplier > 0) || !Double.isFinite(rateMultiplier)) {
            throw FlagException.of("--rate-multiplier", "must be a number > 0, was " + rateMultiplier);
        }
        double peak = chosen.peakRate();
        if (peak * rateMultiplier > ceiling) {
            throw FlagException.of(
                    "--rate-multiplier",
                    rateMultiplier + " would ask for " + Math.round(peak * rateMultiplier)
                            + " requests/s at the scenario's peak of " + Math.round(peak)
                            + " requests/s, over the rate ceiling of "
                            + Math.round(ceiling) + " requests/s; use at most " + (ceiling / peak)
                            + " or raise the ceiling with --max-rate");
        }
    }
}
