package dev.chaoslab.simulator.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request bodies the API holds at once: each request that carries a body reserves what it declares
 * (at most the per-request limit; a chunked body reserves the whole limit) until its response ends or its
 * connection closes. A request that would pass the total is answered 503 {@code busy} with {@code Retry-After}
 * before its body is read, so many concurrent large bodies slow clients down instead of exhausting the heap.
 * A request framed with {@code Transfer-Encoding} has its connection closed once answered: with a
 * {@code Content-Length} too its framing is ambiguous and RFC 9112 §6.1 requires the close, and the HTTP decoder
 * drops the {@code Content-Length} before a handler could tell (the API's own clients never send chunked bodies).
 * Thread-safe.
 */
final class BodyBudget implements Handler<RoutingContext> {

    private final long perRequest;
    private final long total;
    private final AtomicLong inFlight = new AtomicLong();

    BodyBudget(long perRequest, long total) {
        this.perRequest = perRequest;
        this.total = total;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.addEndHandler(v -> ctx.request().connection().close());
        }
        long reserve = reservation(ctx.request());
        if (reserve == 0) {
            ctx.next();
            return;
        }
        if (inFlight.addAndGet(reserve) > total) {
            inFlight.addAndGet(-reserve);
            ctx.response().putHeader("Retry-After", "1");
            ctx.fail(new ApiError(
                    503,
                    "busy",
                    "The API is already reading " + total + " bytes of request bodies; retry "
                            + "in a moment (Retry-After), or send a smaller body."));
            return;
        }
        ctx.addEndHandler(v -> inFlight.addAndGet(-reserve));
        ctx.next();
    }

    /** Bytes in flight now (for tests). */
    long inFlight() {
        return inFlight.get();
    }

    private long reservation(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Math.min(Math.max(Long.parseLong(length.trim()), 0), perRequest);
            } catch (NumberFormatException e) {
                return perRequest;
            }
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null ? perRequest : 0;
    }
}
