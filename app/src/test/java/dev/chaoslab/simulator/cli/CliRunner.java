package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the chaoslab command line in-process, as {@link Main#execute} does, with stdout and stderr captured. */
final class CliRunner {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** The exit code of {@code chaoslab args…}; what it printed accumulates in {@link #out} and {@link #err}. */
    int execute(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
