package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.run.Shard;
import dev.chaoslab.simulator.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed the arrival plan, the request mix and template values (same seed, same run); "
                    + "required with --shard, where every shard must get the same one.")
    Long seed;

    @Option(
            names = "--shard",
            paramLabel = "K/N",
            description = "Send only stripe K of N of the plan (arrival i when i mod N = K); shard 0 alone runs the "
                    + "chaos timeline and the alert verdicts. Needs --seed and --start-at; merge the shards' folders "
                    + "with 'chaoslab merge'.")
    String shard;

    @Option(
            names = "--start-at",
            paramLabel = "INSTANT",
            description = "With --shard: the ISO-8601 instant (e.g. 2026-01-01T12:00:00Z) every shard starts plan time "
                    + "0 at; a shard started later counts the arrivals it missed as dropped. At most 24 h ahead.")
    String startAt;

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
        if (seed != null) {
            runOptions = runOptions.withSeed(seed);
        }
        if (shard != null || startAt != null) {
            runOptions = runOptions.withShard(shardOf(chosen));
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

    /** The stripe from --shard and --start-at, refused unless both and --seed are given and the start is in bounds. */
    private Shard shardOf(Scenario chosen) {
        if (shard == null) {
            throw FlagException.of("--start-at", "only for a sharded run: add --shard K/N");
        }
        if (startAt == null) {
            throw FlagException.of(
                    "--shard", "needs --start-at INSTANT, the same for every shard, so that they share plan time 0");
        }
        if (seed == null) {
            throw FlagException.of(
                    "--shard", "needs --seed N, the same for every shard, so that they build the same plan");
        }
        Instant start;
        try {
            start = Instant.parse(startAt);
        } catch (DateTimeParseException e) {
            throw FlagException.of(
                    "--start-at", "not an ISO-8601 instant (e.g. 2026-01-01T12:00:00Z): \"" + startAt + "\"");
        }
        Shard stripe;
        try {
            stripe = Shard.parse(shard, start);
        } catch (IllegalArgumentException e) {
            throw FlagException.of("--shard", e.getMessage());
        }
        FlagException.apply("--start-at", () -> stripe.checkStart(Instant.now(), chosen.totalDuration()));
        return stripe;
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
