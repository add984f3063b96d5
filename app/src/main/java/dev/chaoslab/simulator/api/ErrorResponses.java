package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.scenario.Excerpt;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a fixed status and a JSON body. Known errors ({@link ApiError}, and the statuses
 * Vert.x Web itself fails with: 404, 405, 413, 400 for an unreadable body) get their own code; anything else
 * is logged once, here, and answered 500 with no stack trace or internal detail.
 */
final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final long bodyLimit;

    ErrorResponses(long bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    void handle(RoutingContext ctx) {
        send(ctx, toApiError(ctx));
    }

    ApiError toApiError(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiError error) {
            return error;
        }
        int status = ctx.statusCode();
        return switch (status) {
            case 404 ->
                ApiError.notFound(
                        "not_found",
                        "No such resource: " + ctx.request().method() + " "
                                + Excerpt.of(ctx.request().path()) + ". GET /openapi.yaml lists every route.");
            case 405 ->
                new ApiError(
                        405,
                        "method_not_allowed",
                        ctx.request().method() + " is not allowed on "
                                + Excerpt.of(ctx.request().path())
                                + ". GET /openapi.yaml lists the methods of every route.");
            case 413 ->
                new ApiError(
                        413,
                        "body_too_large",
                        "The request body is larger than the limit of "
                                + bodyLimit + " bytes. Send a smaller scenario or reference it "
                                + "by file name instead of inline.");
            case 400 ->
                ApiError.badRequest(
                        "bad_request",
                        "The request could not be read: "
                                + (failure != null && failure.getMessage() != null
                                        ? Excerpt.of(failure.getMessage(), 200)
                                        : "malformed request")
                                + ".");
            case 401 ->
                new ApiError(
                        401,
                        "unauthorized",
                        "This call needs the API token: send the header "
                                + "'Authorization: Bearer <token>' with the value of CHAOSLAB_API_TOKEN.");
            default -> {
                log.error(
                        "unexpected failure on {} {} (status {})",
                        ctx.request().method(),
                        ctx.request().path(),
                        status,
                        failure);
                yield new ApiError(
                        500,
                        "internal_error",
                        "The simulator hit an unexpected error; it is logged. Retry, and "
                                + "report it if it persists.");
            }
        };
    }

    static void send(RoutingContext ctx, ApiError error) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // Too late for a clean answer; closing tells the client the response is incomplete.
            if (!response.ended()) {
                response.reset();
            }
            return;
        }
        response.setStatusCode(error.status())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(error.toJson().encode());
    }

    static void sendJson(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
