package dev.chaoslab.simulator.load;

import io.opentelemetry.context.Context;
import io.vertx.core.buffer.Buffer;

/**
 * The result of one request: when it actually left (a connection was leased and the request written), when
 * it ended, and how.
 *
 * @param outcome   the class of the result; null when the request was dropped before it was sent
 * @param status    HTTP status, or 0 when there was no answer
 * @param sentNanos {@link System#nanoTime()} when the request got its connection and was written; 0 when it never
 *                  got one (connect refused or timed out, or the wait for a free one timed out)
 * @param endNanos  {@link System#nanoTime()} when the answer was read in full or the failure happened
 * @param body      the response body when it was asked for (journeys read values from it), else the first
 *                  {@link HttpLoadClient#ERROR_BODY_BYTES} bytes of an error answer's body (it says why), or null
 * @param failure   the failure, or null
 * @param trace     the OpenTelemetry context of the request's client span (for exemplars and logs)
 */
public record Exchange(
        Outcome outcome, int status, long sentNanos, long endNanos, Buffer body, Throwable failure, Context trace) {

    static Exchange answered(int status, long sentNanos, long endNanos, Buffer body, Context trace) {
        return new Exchange(Outcome.ofStatus(status), status, sentNanos, endNanos, body, null, trace);
    }

    static Exchange failed(Throwable failure, long sentNanos, long endNanos, Context trace) {
        return new Exchange(Outcome.ofFailure(failure), 0, sentNanos, endNanos, null, failure, trace);
    }

    static Exchange poolBusy(Throwable failure, long nowNanos, Context trace) {
        return new Exchange(null, 0, 0, nowNanos, null, failure, trace);
    }

    /** No connection was free and the line for one was full: the request never reached the wire, it counts as dropped. */
    public boolean dropped() {
        return outcome == null;
    }

    /** Whether the request reached the wire (a connection was leased and the request written). */
    public boolean wasSent() {
        return sentNanos != 0;
    }

    /** Service time: from the actual send to the end, in ns; -1 when the request never reached the wire. */
    public long serviceNanos() {
        return wasSent() ? endNanos - sentNanos : -1;
    }
}
