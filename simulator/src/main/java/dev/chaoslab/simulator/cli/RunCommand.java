package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.run.RateChange;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code run <scenario>}: runs one scenario from a file with a live progress line and a summary at the end. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs a scenario: live progress line, summary table and report at the end. Exit 0 when every "
        + "threshold and alert expectation held, 1 when one failed, 2 for invalid input, 3 when the run failed.")
public final class RunCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SCENARIO", description = "The name of the scenario to run.")
  String scenario;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "scenarios.yaml",
      description = "The scenario file (default ${DEFAULT-VALUE}).")
  Path file;

  @Option(names = {"-t", "--target"}, paramLabel = "NAME=URL",
      description = "Replace a target's base URL, e.g. --target gateway=http://127.0.0.1:18080 (repeatable).")
  Map<String, String> targets = new LinkedHashMap<>();

  @Option(names = "--rate-multiplier", paramLabel = "X", description = "Multiply every phase's rate by X (> 0).")
  Double rateMultiplier;

  @Mixin
  AlertOptions alerts;

  @Option(names = "--max-in-flight", paramLabel = "N",
      description = "Requests in flight at most; above it, arrivals are counted as dropped.")
  Integer maxInFlight;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ScenarioSelection selection = ScenarioSelection.load(spec, common, file, scenario, targets);
    if (selection.exitCode() != ExitCodes.OK) {
      return selection.exitCode();
    }
    if (rateMultiplier != null && !(rateMultiplier > 0)) {
      spec.commandLine().getErr().println("--rate-multiplier must be > 0, was " + rateMultiplier);
      return ExitCodes.INVALID_INPUT;
    }
    Scenario chosen = selection.scenario();
    RunManagerOptions options = new RunManagerOptions();
    if (maxInFlight != null) {
      try {
        options.load().setInFlightCap(maxInFlight);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("--max-in-flight: " + e.getMessage());
        return ExitCodes.INVALID_INPUT;
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    try (SimulatorRuntime runtime = SimulatorRuntime.open(common.dataDir)) {
      String metrics = runtime.serveMetrics();
      try (AlertSetup alertSetup = alerts.setUp(runtime.vertx(), chosen, metrics, out, false)) {
        runtime.startRuns(options, alertSetup.check());
        RateChange initial = rateMultiplier == null ? null : RateChange.multiplier(rateMultiplier);
        try {
          return new RunWatcher(out, spec.commandLine().getErr()).run(runtime, chosen, initial);
        } finally {
          runtime.closeRuns();
        }
      }
    }
  }
}
