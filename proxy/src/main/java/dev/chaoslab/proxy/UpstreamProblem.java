package dev.chaoslab.proxy;

import dev.chaoslab.chaos.InjectedFailure;
import dev.chaoslab.chaos.http.ApiError;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failed exchange with the upstream into the answer the client gets, a problem JSON that names the
 * upstream: refused or broken → 502, pool full → 503, connect or idle timeout → 504. A dependency fault on
 * {@link #DEPENDENCY} is answered exactly as the real failure it stands for.
 */
final class UpstreamProblem {

    /** The dependency name under which a proxy's upstream takes dependency faults ({@code refuse}, {@code timeout}). */
    static final String DEPENDENCY = "upstream";

    private UpstreamProblem() {}

    static ApiError of(Throwable failure, String proxy, String upstream) {
        ApiError error;
        if (failure instanceof InjectedFailure injected) {
            error = switch (injected.kind()) {
                case REFUSED -> refused(upstream);
                case TIMEOUT -> timeout(upstream);
                case STATUS ->
                    new ApiError(
                            injected.status(),
                            "upstream_failed",
                            "the upstream " + upstream + " answered " + injected.status());
            };
            error.with("fault_id", injected.faultId());
        } else if (failure instanceof ConnectException) {
            error = refused(upstream);
        } else if (failure instanceof ConnectTimeoutException || failure instanceof TimeoutException) {
            error = timeout(upstream);
        } else if (failure instanceof ConnectionPoolTooBusyException) {
            error = new ApiError(
                    503,
                    "upstream_busy",
                    "every connection to the upstream " + upstream + " is busy and the wait queue is full");
        } else if (failure instanceof HttpClosedException) {
            error = new ApiError(
                    502,
                    "upstream_closed",
                    "the upstream " + upstream + " closed the connection before it " + "answered");
        } else {
            error = new ApiError(
                    502,
                    "upstream_failed",
                    "the exchange with the upstream " + upstream + " failed: "
                            + failure.getClass().getSimpleName());
        }
        return error.with("upstream", upstream).with("proxy", proxy);
    }

    private static ApiError refused(String upstream) {
        return new ApiError(502, "upstream_refused", "the upstream " + upstream + " refused the connection");
    }

    private static ApiError timeout(String upstream) {
        return new ApiError(504, "upstream_timeout", "the upstream " + upstream + " did not answer in time");
    }
}
