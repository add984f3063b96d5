package dev.chaoslab.chaos.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;

/**
 * A router's failure handler that answers every failure with a JSON problem and never a stack trace: an
 * {@link ApiError} as it is, a body over the route's limit 413 {@code body_too_large}, another client error
 * {@code bad_request} with its status, anything else 500 {@code internal_error} naming the server (logged with its
 * stack trace). A response already ended or closed is left alone.
 */
public final class FailureHandler implements Handler<RoutingContext> {

    private final String server;
    private final long maxBodyBytes;
    private final Logger log;

    /**
     * @param server       the name a 500 gives, e.g. the service's
     * @param maxBodyBytes the body limit a 413 states
     * @param log          where an unexpected failure is logged
     */
    public FailureHandler(String server, long maxBodyBytes, Logger log) {
        this.server = server;
        this.maxBodyBytes = maxBodyBytes;
        this.log = log;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (failure instanceof ApiError error) {
            Responses.error(ctx, error);
        } else if (ctx.statusCode() == 413) {
            Responses.error(
                    ctx,
                    new ApiError(413, "body_too_large", "the request body is larger than " + maxBodyBytes + " bytes"));
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            Responses.error(ctx, new ApiError(ctx.statusCode(), "bad_request", "the request could not be read"));
        } else {
            log.error(
                    "unexpected failure serving {} {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    failure);
            Responses.error(ctx, new ApiError(500, "internal_error", server + " failed unexpectedly; see its log"));
        }
    }
}
