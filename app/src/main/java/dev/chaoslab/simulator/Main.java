package dev.chaoslab.simulator;

import dev.chaoslab.simulator.cli.DemoCommand;
import dev.chaoslab.simulator.cli.ExitCodes;
import dev.chaoslab.simulator.cli.MergeCommand;
import dev.chaoslab.simulator.cli.ProxyCommand;
import dev.chaoslab.simulator.cli.RunCommand;
import dev.chaoslab.simulator.cli.ServeCommand;
import dev.chaoslab.simulator.cli.TuneCommand;
import dev.chaoslab.simulator.cli.ValidateCommand;
import dev.chaoslab.simulator.report.ReportStore;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chaoslab} command line: {@code run}, {@code validate}, {@code serve} and {@code demo}.
 * Exit codes: 0 ok, 1 a threshold or alert expectation failed, 2 invalid input, 3 runtime failure.
 */
@Command(
        name = "chaoslab",
        mixinStandardHelpOptions = true,
        version = "chaoslab 0.1.0",
        description = "Load-and-chaos simulator: fires open-model traffic at target services, injects faults on a "
                + "timeline and checks thresholds and alert expectations.",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            ProxyCommand.class,
            TuneCommand.class,
            MergeCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  ok",
            "  1  a threshold or an alert expectation failed",
            "  2  invalid input (scenario file, flags)",
            "  3  runtime failure (a target or Prometheus unreachable, the run failed)"
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** System property naming the log file of the foreground commands (read by {@code chaoslab/logback-cli.xml}). */
    public static final String LOG_FILE_PROPERTY = "chaoslab.log.file";

    private static final Set<String> FOREGROUND = Set.of("run", "demo", "validate");

    public static void main(String[] args) {
        if (args.length > 0
                && FOREGROUND.contains(args[0])
                && System.getProperty("logback.configurationFile") == null) {
            // Before anything logs: the terminal is for the progress line; logs go to a file in the data directory.
            System.setProperty("logback.configurationFile", "chaoslab/logback-cli.xml");
            System.setProperty(
                    LOG_FILE_PROPERTY,
                    dataDir(args)
                            .resolve("chaoslab.log")
                            .toAbsolutePath()
                            .normalize()
                            .toString());
        }
        System.exit(execute(args));
    }

    /** The data directory as the commands will see it: --data-dir, else CHAOSLAB_DATA_DIR, else the default. */
    private static Path dataDir(String[] args) {
        for (int i = 0; i < args.length; i++) {
            for (String flag : new String[] {"--data-dir", "--report-dir"}) {
                if (args[i].equals(flag) && i + 1 < args.length) {
                    return Path.of(args[i + 1]);
                }
                if (args[i].startsWith(flag + "=")) {
                    return Path.of(args[i].substring(flag.length() + 1));
                }
            }
        }
        String env = System.getenv("CHAOSLAB_DATA_DIR");
        return Path.of(env != null && !env.isBlank() ? env : ReportStore.DEFAULT_DATA_DIR);
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                        ? ExitCodes.INVALID_INPUT
                        : ExitCodes.RUNTIME_FAILURE)
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
