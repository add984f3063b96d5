package dev.chaoslab.simulator.load;

import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * What became of one request the simulator sent. The labels are the {@code outcome} values of
 * {@code chaoslab_requests_total} and the keys of the report's error breakdown.
 */
public enum Outcome {
    OK("ok"),
    HTTP_4XX("http_4xx"),
    HTTP_5XX("http_5xx"),
    TIMEOUT("timeout"),
    CONNECT_REFUSED("connect_refused"),
    RESET("reset"),
    OTHER("other");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isError() {
        return this != OK;
    }

    /** 1xx-3xx are answers the simulator asked for (redirects are not followed); 4xx and 5xx are errors. */
    public static Outcome ofStatus(int status) {
        if (status >= 100 && status < 400) {
            return OK;
        }
        if (status >= 400 && status < 500) {
            return HTTP_4XX;
        }
        if (status >= 500 && status < 600) {
            return HTTP_5XX;
        }
        return OTHER;
    }

    /**
     * Classifies a failed exchange by walking the cause chain. Netty's native transport reports resets as
     * plain {@link IOException}s whose message is the errno text, hence the message checks.
     */
    public static Outcome ofFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof TimeoutException || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return message.contains("timed out") ? TIMEOUT : CONNECT_REFUSED;
            }
            if (t instanceof HttpClosedException) {
                // the server closed the connection before answering: the same symptom as a reset for a caller
                return RESET;
            }
            if (t instanceof IOException && (message.contains("reset") || message.contains("broken pipe"))) {
                return RESET;
            }
        }
        return OTHER;
    }
}
