package dev.chaoslab.simulator.cli;

/** The process exit codes of the command line, documented in the README so that CI can gate on them. */
public final class ExitCodes {

    /** The run completed and every threshold and alert expectation held (or there were none). */
    public static final int OK = 0;
    /** The run completed but a threshold or an alert expectation failed. */
    public static final int CHECKS_FAILED = 1;
    /** The input is invalid: a scenario file with problems, an unknown scenario, a bad flag. Nothing ran. */
    public static final int INVALID_INPUT = 2;
    /** The run could not be carried out: a target or Prometheus unreachable, the run failed, an I/O error. */
    public static final int RUNTIME_FAILURE = 3;

    private ExitCodes() {}
}
