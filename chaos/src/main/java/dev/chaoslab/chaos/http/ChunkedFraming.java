package dev.chaoslab.chaos.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Closes the connection of a request framed with {@code Transfer-Encoding} once it is answered: beside a
 * {@code Content-Length} its framing is ambiguous, and RFC 9112 §6.1 requires the close (the HTTP decoder drops the
 * {@code Content-Length} before a handler could tell the two cases apart).
 */
public final class ChunkedFraming implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.addEndHandler(v -> ctx.request().connection().close());
        }
        ctx.next();
    }
}
