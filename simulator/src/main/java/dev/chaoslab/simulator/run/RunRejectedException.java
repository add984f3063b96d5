package dev.chaoslab.simulator.run;

/** A run could not start: the limit of concurrent runs is reached (the message says the limit). */
public final class RunRejectedException extends RuntimeException {
    private final int limit;

    public RunRejectedException(int limit) {
        super("the limit of " + limit + " concurrent run(s) is reached; stop a run or wait for one to end"
                + " (raise it with --max-runs / CHAOSLAB_MAX_RUNS)");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
