package dev.chaoslab.simulator.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every chaoslab command shares: its picocli spec (for the output streams), the {@link CommonOptions},
 * and one way to refuse a bad flag value: a {@link FlagException} is printed and ends the command with exit
 * code 2 before anything runs.
 */
abstract class ChaoslabCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } catch (FlagException e) {
            err().println(e.getMessage());
            err().flush();
            return ExitCodes.INVALID_INPUT;
        }
    }

    /** The command's work; returns its exit code ({@link ExitCodes}). */
    abstract int execute() throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
