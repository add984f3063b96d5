package dev.chaoslab.simulator.run;

/**
 * A run could not start for a reason other than the concurrency limit, e.g. the alert pre-flight check
 * failed (Prometheus unreachable) or the scenario cannot be planned. The message says what and how to fix it.
 */
public final class RunStartException extends RuntimeException {
    public RunStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
