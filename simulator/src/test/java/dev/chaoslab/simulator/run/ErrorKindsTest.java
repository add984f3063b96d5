package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.result.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.buffer.Buffer;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ErrorKindsTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    @DisplayName("an HTTP error is keyed by its status and the JSON body's error code; the message says the rest")
    void jsonErrorBodies() {
        ErrorCause targets = ErrorCause.ofAnswer(
                503,
                Buffer.buffer("{\"error\":\"chaos_injected\",\"message\":\"answered 503 by chaos fault f-1\"}"),
                TRACE);
        assertThat(targets.key()).isEqualTo("HTTP 503 chaos_injected");
        assertThat(targets.message())
                .isEqualTo("HTTP 503 Service Unavailable: chaos_injected: answered 503 by chaos fault f-1");
        assertThat(targets.status()).isEqualTo(503);
        assertThat(targets.traceId()).isEqualTo(TRACE);

        // ids in the message do not split the kind
        ErrorCause other = ErrorCause.ofAnswer(
                503,
                Buffer.buffer("{\"error\":\"chaos_injected\",\"message\":\"answered 503 by chaos fault f-2\"}"),
                TRACE);
        assertThat(other.key()).isEqualTo(targets.key());

        // RFC 9457 problem details
        ErrorCause problem = ErrorCause.ofAnswer(
                429,
                Buffer.buffer(
                        "{\"type\":\"about:blank\",\"title\":\"Too many requests\",\"detail\":\"try again in 2 s\"}"),
                null);
        assertThat(problem.key()).isEqualTo("HTTP 429 Too many requests");
        assertThat(problem.message()).isEqualTo("HTTP 429 Too Many Requests: Too many requests: try again in 2 s");

        // JSON without either: the status line
        ErrorCause bare = ErrorCause.ofAnswer(500, Buffer.buffer("{\"status\":500}"), null);
        assertThat(bare.key()).isEqualTo("HTTP 500 Internal Server Error");
        assertThat(bare.message()).isEqualTo("HTTP 500 Internal Server Error");
    }

    @Test
    @DisplayName(
            "a body that is not JSON: keyed by the status, the message quotes its start on one line; binary or cut JSON is left out")
    void otherBodies() {
        ErrorCause nginx = ErrorCause.ofAnswer(
                404,
                Buffer.buffer(
                        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"),
                null);
        assertThat(nginx.key()).isEqualTo("HTTP 404 Not Found");
        assertThat(nginx.message())
                .isEqualTo("HTTP 404 Not Found: <html> <head><title>404 Not Found</title></head> <body> "
                        + "<center><h1>404 Not Found</h1></center>");

        assertThat(ErrorCause.ofAnswer(500, Buffer.buffer(new byte[] {0, 1, 2, (byte) 0xff}), null)
                        .message())
                .isEqualTo("HTTP 500 Internal Server Error");
        assertThat(ErrorCause.ofAnswer(502, Buffer.buffer("{\"error\":\"cut sh"), null)
                        .key())
                .isEqualTo("HTTP 502 Bad Gateway");
        assertThat(ErrorCause.ofAnswer(503, null, null).message()).isEqualTo("HTTP 503 Service Unavailable");
        // a status Netty has no name for
        assertThat(ErrorCause.ofAnswer(599, Buffer.buffer(""), null).message()).isEqualTo("HTTP 599");

        // a character cut in two where the body is cut is no sign of a binary body
        String euros = "€".repeat(300); // 3 bytes each: the 400-byte cut falls inside one
        assertThat(ErrorCause.ofAnswer(500, Buffer.buffer(euros), null).message())
                .isEqualTo("HTTP 500 Internal Server Error: " + "€".repeat(2 * ErrorCause.MAX_MESSAGE / 3));

        String longText = "x".repeat(1000);
        assertThat(ErrorCause.ofAnswer(500, Buffer.buffer(longText), null).message())
                .hasSize(ErrorCause.MAX_MESSAGE)
                .endsWith("…");
        String longCode = "{\"error\":\"" + "e".repeat(500) + "\"}";
        assertThat(ErrorCause.ofAnswer(500, Buffer.buffer(longCode), null).key().length())
                .isLessThanOrEqualTo("HTTP 500 ".length() + ErrorCause.MAX_MESSAGE);
    }

    @Test
    @DisplayName("a failure without an answer is keyed by the exception and its root cause")
    void failures() {
        ErrorCause refused = ErrorCause.ofFailure(new ConnectException("Connection refused: /127.0.0.1:8082"), TRACE);
        assertThat(refused.key()).isEqualTo("ConnectException: Connection refused: /127.0.0.1:8082");
        assertThat(refused.message()).isEqualTo(refused.key());
        assertThat(refused.status()).isZero();

        ErrorCause wrapped = ErrorCause.ofFailure(
                new RuntimeException(
                        "connect failed", new ConnectTimeoutException("connection timed out after 1000 ms")),
                null);
        assertThat(wrapped.key())
                .isEqualTo(
                        "RuntimeException: connect failed (ConnectTimeoutException: connection timed out after 1000 ms)");

        // Netty's annotated exception repeats its cause's message: said once
        ErrorCause annotated = ErrorCause.ofFailure(
                new ConnectException("finishConnect(..) failed: Connection refused: /127.0.0.1:8080") {
                    {
                        initCause(new ConnectException("finishConnect(..) failed: Connection refused"));
                    }
                },
                null);
        assertThat(annotated.key()).endsWith("finishConnect(..) failed: Connection refused: /127.0.0.1:8080");

        assertThat(ErrorCause.ofFailure(new TimeoutException(), null).key()).isEqualTo("TimeoutException");
        assertThat(ErrorCause.ofFailure(new IllegalStateException("line one\nline two"), null)
                        .key())
                .isEqualTo("IllegalStateException: line one line two");
    }

    @Test
    @DisplayName(
            "the catalog counts per request, class and cause, most frequent first, and keeps the first message and trace")
    void catalog() {
        ErrorCatalog catalog = new ErrorCatalog();
        ErrorCause first = ErrorCause.ofAnswer(
                503, Buffer.buffer("{\"error\":\"chaos_injected\",\"message\":\"f-1\"}"), "a".repeat(32));
        ErrorCause later = ErrorCause.ofAnswer(
                503, Buffer.buffer("{\"error\":\"chaos_injected\",\"message\":\"f-2\"}"), "b".repeat(32));
        ErrorCause refused = ErrorCause.ofFailure(new ConnectException("Connection refused"), null);

        assertThat(catalog.record("checkout", Outcome.HTTP_5XX, first, 100))
                .as("first of its kind")
                .isTrue();
        assertThat(catalog.record("checkout", Outcome.HTTP_5XX, later, 250)).isFalse();
        assertThat(catalog.record("browse", Outcome.HTTP_5XX, later, 300))
                .as("another request: another kind")
                .isTrue();
        assertThat(catalog.record("checkout", Outcome.CONNECT_REFUSED, refused, 400))
                .isTrue();
        assertThat(catalog.record("checkout", Outcome.HTTP_5XX, later, 900)).isFalse();

        List<ErrorKind> all = catalog.kinds(10);
        assertThat(all).hasSize(3);
        assertThat(all.get(0))
                .isEqualTo(new ErrorKind(
                        "checkout",
                        "http_5xx",
                        503,
                        "HTTP 503 chaos_injected",
                        "HTTP 503 Service Unavailable: chaos_injected: f-1",
                        3,
                        100,
                        900,
                        "a".repeat(32)));
        // equal counts: the earlier first
        assertThat(all.get(1).request()).isEqualTo("browse");
        assertThat(all.get(2).error()).isEqualTo("connect_refused");
        assertThat(all.get(2).status()).isNull();
        assertThat(all.get(2).traceId()).isNull();
        assertThat(catalog.kinds(1)).hasSize(1);
    }

    @Test
    @DisplayName("memory is bounded: past the limit, new kinds are counted together per request and class")
    void bounded() {
        ErrorCatalog catalog = new ErrorCatalog();
        int extra = 50;
        for (int i = 0; i < ErrorCatalog.MAX_KINDS + extra; i++) {
            ErrorCause distinct = ErrorCause.ofAnswer(500, Buffer.buffer("{\"error\":\"e" + i + "\"}"), null);
            assertThat(catalog.record("r", Outcome.HTTP_5XX, distinct, i)).isEqualTo(i < ErrorCatalog.MAX_KINDS);
        }
        catalog.record("r", Outcome.HTTP_5XX, ErrorCause.ofAnswer(500, Buffer.buffer("{\"error\":\"e0\"}"), null), 999);
        List<ErrorKind> all = catalog.kinds(Integer.MAX_VALUE);
        assertThat(all).hasSize(ErrorCatalog.MAX_KINDS + 1);
        ErrorKind further = all.stream()
                .filter(k -> ErrorCatalog.FURTHER.equals(k.cause()))
                .findFirst()
                .orElseThrow();
        assertThat(further.count()).isEqualTo(extra);
        assertThat(further.firstMs()).isEqualTo(ErrorCatalog.MAX_KINDS);
        assertThat(all.stream().mapToLong(ErrorKind::count).sum()).isEqualTo(ErrorCatalog.MAX_KINDS + extra + 1);
    }
}
