package dev.chaoslab.simulator;

import dev.chaoslab.simulator.cli.DemoCommand;
import dev.chaoslab.simulator.cli.ExitCodes;
import dev.chaoslab.simulator.cli.RunCommand;
import dev.chaoslab.simulator.cli.ServeCommand;
import dev.chaoslab.simulator.cli.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chaoslab} command line: {@code run}, {@code validate}, {@code serve} and {@code demo}.
 * Exit codes: 0 ok, 1 a threshold or alert expectation failed, 2 invalid input, 3 runtime failure.
 */
@Command(name = "chaoslab", mixinStandardHelpOptions = true, version = "chaoslab 0.1.0",
    description = "Load-and-chaos simulator: fires open-model traffic at target services, injects faults on a "
        + "timeline and checks thresholds and alert expectations.",
    subcommands = {RunCommand.class, ValidateCommand.class, ServeCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  ok", "  1  a threshold or an alert expectation failed", "  2  invalid input (scenario file, flags)",
        "  3  runtime failure (a target or Prometheus unreachable, the run failed)"})
public final class Main implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExitCodeExceptionMapper(e -> ExitCodes.RUNTIME_FAILURE)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("chaoslab: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
          return ExitCodes.RUNTIME_FAILURE;
        });
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: run, validate, serve or demo.");
  }
}
