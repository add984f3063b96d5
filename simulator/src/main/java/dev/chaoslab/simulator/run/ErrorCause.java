package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Exchange;
import dev.chaoslab.simulator.scenario.ExpectedStatuses;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Why one request failed, in words a person reads: the key its kind is counted under and a message.
 *
 * <p>An HTTP error is keyed by its status and, when the body is JSON with an {@code error} (or RFC 9457
 * {@code title}) string, that code — {@code HTTP 503 chaos_injected} — so that ids and counts in the message do
 * not make every answer a kind of its own; the message adds the body's {@code message} (or {@code detail}), or the
 * start of a body that is not JSON. A failure without an answer is keyed by the exception's class and message
 * ({@code ConnectException: Connection refused: /127.0.0.1:8082}).
 *
 * @param status  the HTTP status, or 0 when there was no answer
 * @param key     what errors of this kind share
 * @param message the first one's message (at most {@link #MAX_MESSAGE} characters)
 * @param traceId the request's trace id, or null (a request that could not even be built has none)
 */
record ErrorCause(int status, String key, String message, String traceId) {
    static final int MAX_MESSAGE = 200;

    /** An answer whose status the request does not expect says what it expected (a 200 is no error by itself). */
    static ErrorCause of(Exchange exchange, ExpectedStatuses expected) {
        String traceId = traceId(exchange);
        if (exchange.status() > 0) {
            ErrorCause answer = ofAnswer(exchange.status(), exchange.body(), traceId);
            if (exchange.status() >= 400 || expected == ExpectedStatuses.DEFAULT) {
                return answer;
            }
            String expectation = ", expected " + expected;
            return new ErrorCause(answer.status, answer.key + expectation, clip(answer.message + expectation), traceId);
        }
        return ofFailure(exchange.failure(), traceId);
    }

    static ErrorCause ofFailure(Throwable failure, String traceId) {
        if (failure == null) {
            return new ErrorCause(0, "no answer", "no answer", traceId);
        }
        String text =
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // the root cause adds to the message only when it says something the top one does not (Netty's wrapper repeats
        // it)
        if (root != failure
                && root.getMessage() != null
                && (failure.getMessage() == null || !failure.getMessage().contains(root.getMessage()))) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        String oneLine = clip(text);
        return new ErrorCause(0, oneLine, oneLine, traceId);
    }

    static ErrorCause ofAnswer(int status, Buffer body, String traceId) {
        String head = "HTTP " + status;
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        // Netty names a status it does not know after its class, e.g. "Server Error (599)": leave that out
        String statusLine = reason.isEmpty() || reason.endsWith("(" + status + ")") ? head : head + " " + reason;
        JsonObject json = json(body);
        if (json != null) {
            String code = firstString(json, "error", "title");
            String detail = firstString(json, "message", "detail");
            String said = code == null ? detail : detail == null ? code : code + ": " + detail;
            return new ErrorCause(
                    status,
                    code == null ? statusLine : head + " " + clip(code),
                    said == null ? statusLine : clip(statusLine + ": " + said),
                    traceId);
        }
        String text = text(body);
        return new ErrorCause(status, statusLine, text == null ? statusLine : clip(statusLine + ": " + text), traceId);
    }

    private static String traceId(Exchange exchange) {
        if (exchange.trace() == null) {
            return null;
        }
        SpanContext span = Span.fromContext(exchange.trace()).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    private static JsonObject json(Buffer body) {
        if (body == null || body.length() == 0 || body.getByte(0) != '{') {
            return null;
        }
        try {
            return new JsonObject(body);
        } catch (RuntimeException notJson) {
            return null; // cut short (only the start of an error body is read) or not JSON after all
        }
    }

    private static String firstString(JsonObject json, String... keys) {
        for (String key : keys) {
            if (json.getValue(key) instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    /** The body as one line of text, or null when it is empty or does not look like text. */
    private static String text(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        int cut = Math.min(body.length(), MAX_MESSAGE * 2);
        String s = body.getString(0, cut);
        if (cut < body.length() && s.endsWith("\uFFFD")) {
            s = s.substring(0, s.length() - 1); // a character cut in two by the limit, not a binary body
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' && c != '\n' && c != '\r' && c != '\t' || c == '\uFFFD') {
                return null;
            }
        }
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.isEmpty() ? null : oneLine;
    }

    private static String clip(String s) {
        String oneLine = s.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
