package dev.chaoslab.simulator.alerts;

/**
 * A failed call to Prometheus. The message is meant for the user as it is: it names the Prometheus URL,
 * says what went wrong and, where we can tell, how to fix it.
 */
public final class PrometheusException extends RuntimeException {

    public PrometheusException(String message) {
        super(message);
    }

    public PrometheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
